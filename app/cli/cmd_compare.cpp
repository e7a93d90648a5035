// owq compare MODEL --calib FILE --eval FILE --bits 3,4 [--target-bit 3.1,4.1]: FP, RTN, GPTQ and OWQ in one
// table.
#include "cli_common.h"
#include "owq/choice_eval.h"
#include "owq/compare.h"
#include "owq/error.h"
#include "owq/text_file.h"

#include <cstdio>
#include <filesystem>

namespace owqcli {

void addCompareCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("compare", "Compare FP, RTN, GPTQ and OWQ by perplexity at chosen bits");
    struct Flags {
        std::string model, calib, eval, tasks, sampling = "uniform";
        std::vector<int> bits{3, 4};
        std::vector<double> targets;
        int nsamples = 128, seqlen = 0, groupsize = 0;
        long long evalSeqlen = 0;
        std::uint64_t seed = 0;
        bool noKld = false;
        long long referenceTopK = -1;
        AllocationFlags allocation;
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
    cmd->add_option("--sampling", f->sampling,
                    "Window sampling: uniform, or reference (the official OWQ code's Python random)")
        ->capture_default_str();
    cmd->add_flag("--no-kld", f->noKld,
                  "Skip the KL divergence and top-1 agreement against the float model (whose logits are "
                  "otherwise kept from the fp row's pass, in memory or a temporary file)");
    cmd->add_option("--reference-top-k", f->referenceTopK,
                    "Keep the float model's K most likely tokens per position for the KL divergence (0: its "
                    "whole distribution; default: whole up to a 32768-token vocabulary, else K = 256)");
    addAllocationOptions(cmd, f->allocation,
                         "OWQ rows: owq (the reference's per-type rule) or sensitivity (as for quantize)",
                         "OWQ rows with --allocation sensitivity: bit widths per linear (e.g. 2,3,4)",
                         "OWQ rows with --allocation sensitivity: auto, kl, layer or raw (as for quantize)");
    cmd->add_option(
        "--tasks", f->tasks,
        "Multiple-choice JSONL (context, choices, label): also score every row's acc and acc_norm");
    cmd->callback([&g, f] {
        owq::CompareOptions o;
        o.bits = f->bits;
        o.targetBits = f->targets;
        o.base.nsamples = f->nsamples;
        o.base.seqlen = f->seqlen;
        o.base.seed = f->seed;
        o.base.sampling = samplingFlag(f->sampling);
        o.base.quantizer.groupSize = f->groupsize;
        o.evalSeqlen = f->evalSeqlen;
        o.kld = !f->noKld;
        o.referenceLogits.topK = f->referenceTopK;
        applyAllocationFlags(f->allocation, o.base);
        o.evalName = std::filesystem::path(f->eval).filename().string();
        o.load = loadOptions(g);
        if (!f->tasks.empty()) o.choiceTasks = owq::readChoiceTasks(f->tasks);
        const bool choice = !o.choiceTasks.items.empty();
        const std::string calib = owq::readTextFile(f->calib), eval = owq::readTextFile(f->eval);
        if (!g.json)
            std::printf("%-6s %5s %7s %10s %6s %10s %10s %10s %7s%s %8s\n", "method", "bits", "target",
                        "bits/wt", "weak", "ppl", "kld mean", "kld p99", "top1 %",
                        choice ? "    acc acc_norm" : "", "time s");
        auto rows = owq::runComparison(
            f->model, calib, eval, o,
            [&](const owq::CompareRow& r) {
                if (g.json) return;
                finishProgress(g);
                const bool kld = r.kld.tokens > 0;
                const auto num = [](double v, int digits) {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
                    return std::string(buf);
                };
                char acc[40] = "";
                if (choice) std::snprintf(acc, sizeof acc, " %6.4f %8.4f", r.choice.acc, r.choice.accNorm);
                std::printf("%-6s %5d %7s %10.4f %6lld %10.4f %10s %10s %7s%s %8.1f\n", r.method.c_str(),
                            r.bits,
                            r.targetBits > 0 ? std::to_string(r.targetBits).substr(0, 4).c_str() : "-",
                            r.averageBits, (long long)r.weakColumns, r.ppl,
                            kld ? num(r.kld.mean, 6).c_str() : "-", kld ? num(r.kld.p99, 6).c_str() : "-",
                            kld ? num(r.kld.top1, 2).c_str() : "-", acc, r.quantizeSeconds + r.evalSeconds);
                std::fflush(stdout);
            },
            {progressBar(g), interruptToken()});
        finishProgress(g);
        if (g.json) {
            nlohmann::json arr = nlohmann::json::array();
            for (const auto& r : rows) {
                const bool kld = r.kld.tokens > 0;
                arr.push_back(
                    {{"method", r.method},
                     {"bits", r.bits},
                     {"target_bit", r.targetBits},
                     {"average_bits", r.averageBits},
                     {"weak_columns", r.weakColumns},
                     {"allocation", r.allocation.empty() ? nlohmann::json() : nlohmann::json(r.allocation)},
                     {"ppl", r.ppl},
                     // against the float model; null on the fp row and with --no-kld
                     {"kld", kld ? nlohmann::json::parse(r.kld.toJson()) : nlohmann::json()},
                     {"top1", kld ? nlohmann::json(r.kld.top1) : nlohmann::json()},
                     {"protocol", nlohmann::json::parse(r.protocol.toJson())},
                     // multiple-choice accuracy with --tasks, else null
                     {"choice", choice ? nlohmann::json::parse(r.choice.toJson()) : nlohmann::json()},
                     {"quantize_seconds", r.quantizeSeconds},
                     {"eval_seconds", r.evalSeconds}});
            }
            printJson({{"rows", arr}});
        } else if (!rows.empty()) {
            const owq::EvalProtocol& p = rows.front().protocol;
            std::printf("evaluated on %s (FNV-1a %s): %lld tokens with BOS %s, windows of %lld tokens every "
                        "%lld, %lld predicted%s\n",
                        p.file.c_str(), p.textDigest.c_str(), (long long)p.textTokens, p.bos(),
                        (long long)p.seqlen, (long long)p.stride, (long long)p.predictedTokens,
                        o.kld ? "; KL divergence of each quantized row from the float model" : "");
            for (const owq::CompareRow& r : rows)
                if (!r.allocation.empty() && r.allocation != "owq") {
                    std::printf("OWQ rows: weak columns allocated by %s\n", r.allocation.c_str());
                    break;
                }
            for (const owq::CompareRow& r : rows)
                if (r.kld.referenceTopK > 0) {
                    std::printf(
                        "KL divergence against the float model's %lld most likely tokens per position "
                        "and the rest as one (a lower bound of the whole KL)\n",
                        (long long)r.kld.referenceTopK);
                    break;
                }
            if (choice)
                std::printf("acc, acc_norm on %s (FNV-1a %s): %lld items, standard errors in --json\n",
                            o.choiceTasks.file.c_str(), o.choiceTasks.digest.c_str(),
                            (long long)o.choiceTasks.items.size());
        }
    });
}

} // namespace owqcli
