// owq compare MODEL --calib FILE --eval FILE --bits 3,4 [--target-bit 3.1,4.1]: FP, RTN, GPTQ and OWQ in one
// table.
#include "cli_common.h"
#include "owq/compare.h"
#include "owq/text_file.h"

#include <cstdio>

namespace owqcli {

void addCompareCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("compare", "Compare FP, RTN, GPTQ and OWQ by perplexity at chosen bits");
    struct Flags {
        std::string model, calib, eval;
        std::vector<int> bits{3, 4};
        std::vector<double> targets;
        int nsamples = 128, seqlen = 0, groupsize = 0;
        long long evalSeqlen = 0;
        std::uint64_t seed = 0;
    };
    auto f = std::make_shared<Flags>();
    cmd->add_option("MODEL", f->model, "Model folder")->required();
    cmd->add_option("--calib", f->calib, "Calibration text")->required();
    cmd->add_option("--eval", f->eval, "Evaluation text")->required();
    cmd->add_option("--bits", f->bits, "RTN and GPTQ bit widths")->delimiter(',')->capture_default_str();
    cmd->add_option("--target-bit", f->targets, "OWQ targets (default: each bits + 0.1)")->delimiter(',');
    cmd->add_option("--groupsize", f->groupsize, "Group size for every method (0: per channel)");
    cmd->add_option("--nsamples", f->nsamples, "Calibration windows")->capture_default_str();
    cmd->add_option("--seqlen", f->seqlen, "Calibration window length (default: min(2048, context))");
    cmd->add_option("--eval-seqlen", f->evalSeqlen, "Evaluation window length (default: min(2048, context))");
    cmd->add_option("--seed", f->seed, "Calibration seed")->capture_default_str();
    cmd->callback([&g, f] {
        owq::CompareOptions o;
        o.bits = f->bits;
        o.targetBits = f->targets;
        o.base.nsamples = f->nsamples;
        o.base.seqlen = f->seqlen;
        o.base.seed = f->seed;
        o.base.quantizer.groupSize = f->groupsize;
        o.evalSeqlen = f->evalSeqlen;
        o.load = {g.device, g.threads};
        const std::string calib = owq::readTextFile(f->calib), eval = owq::readTextFile(f->eval);
        if (!g.json)
            std::printf("%-6s %5s %7s %10s %6s %10s %8s\n", "method", "bits", "target", "bits/wt", "weak",
                        "ppl", "time s");
        auto rows = owq::runComparison(
            f->model, calib, eval, o,
            [&](const owq::CompareRow& r) {
                if (g.json) return;
                finishProgress(g);
                std::printf("%-6s %5d %7s %10.4f %6lld %10.4f %8.1f\n", r.method.c_str(), r.bits,
                            r.targetBits > 0 ? std::to_string(r.targetBits).substr(0, 4).c_str() : "-",
                            r.averageBits, (long long)r.weakColumns, r.ppl,
                            r.quantizeSeconds + r.evalSeconds);
                std::fflush(stdout);
            },
            {progressBar(g), interruptToken()});
        finishProgress(g);
        if (g.json) {
            nlohmann::json arr = nlohmann::json::array();
            for (const auto& r : rows)
                arr.push_back({{"method", r.method},
                               {"bits", r.bits},
                               {"target_bit", r.targetBits},
                               {"average_bits", r.averageBits},
                               {"weak_columns", r.weakColumns},
                               {"ppl", r.ppl},
                               {"quantize_seconds", r.quantizeSeconds},
                               {"eval_seconds", r.evalSeconds}});
            printJson({{"rows", arr}});
        }
    });
}

} // namespace owqcli
