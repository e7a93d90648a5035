// owq inspect DIR|owq_diagnostics.json [--csv FILE]: the per-linear diagnostics of a quantized model.
#include "cli_common.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numeric>
#include <sstream>

namespace owqcli {

namespace {

// Weak columns per layer (rows) and linear kind (columns), then bits per weight per layer: where the
// allocation put the budget.
void printAllocation(const owq::QuantReport& rep) {
    std::vector<std::string> kinds;
    std::map<std::pair<std::int64_t, std::string>, const owq::LinearDiagnostics*> at;
    std::int64_t layers = 0;
    for (const auto& d : rep.linears) {
        if (std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end()) kinds.push_back(d.kind);
        at[{d.layer, d.kind}] = &d;
        layers = std::max(layers, d.layer + 1);
    }
    std::printf("\nweak columns per layer x linear (allocation %s)\n%-6s",
                owq::allocationName(rep.recipe.allocation), "layer");
    for (const auto& k : kinds) std::printf(" %10s", k.c_str());
    std::printf(" %10s\n", "bits");
    for (std::int64_t l = 0; l < layers; ++l) {
        std::printf("%-6lld", (long long)l);
        double bits = 0, weights = 0;
        for (const auto& k : kinds) {
            const auto it = at.find({l, k});
            if (it == at.end()) {
                std::printf(" %10s", "-");
                continue;
            }
            const owq::LinearDiagnostics& d = *it->second;
            std::printf(" %10zu", d.weakColumns.size());
            bits += d.bits * double(d.rows * d.cols);
            weights += double(d.rows * d.cols);
        }
        std::printf(" %10.4f\n", weights > 0 ? bits / weights : 0.0);
    }
    if (rep.recipe.bitsOverrides.empty()) return;
    // Mixed precision: each linear's base bit width too.
    std::printf("\nbase bits per layer x linear\n%-6s", "layer");
    for (const auto& k : kinds) std::printf(" %10s", k.c_str());
    std::printf("\n");
    for (std::int64_t l = 0; l < layers; ++l) {
        std::printf("%-6lld", (long long)l);
        for (const auto& k : kinds) {
            const auto it = at.find({l, k});
            if (it == at.end())
                std::printf(" %10s", "-");
            else
                std::printf(" %10d", owq::linearQuantizer(rep.recipe, it->second->name).bits);
        }
        std::printf("\n");
    }
}

} // namespace

void addInspectCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("inspect", "Show the diagnostics of a quantized model (table, CSV)");
    auto path = std::make_shared<std::string>();
    auto csv = std::make_shared<std::string>();
    cmd->add_option("MODEL", *path, "Quantized model folder or its owq_diagnostics.json")->required();
    cmd->add_option("--csv", *csv, "Also write the per-linear table as CSV to this file");
    cmd->callback([&g, path, csv] {
        std::string file = *path;
        if (std::filesystem::is_directory(file))
            file = (std::filesystem::path(file) / "owq_diagnostics.json").string();
        if (!std::filesystem::exists(file))
            throw owq::Error(owq::ErrorKind::Io,
                             file + ": no diagnostics (quantize the model with owq first)");
        const owq::QuantReport rep = owq::QuantReport::fromJson(owq::readTextFile(file));
        std::ostringstream out;
        out << "linear,layer,kind,rows,cols,weak_columns,bits,error_before,error_after,top_weak\n";
        for (const auto& d : rep.linears) {
            // The most sensitive weak columns first.
            std::vector<std::int32_t> weak = d.weakColumns;
            std::sort(weak.begin(), weak.end(), [&](int a, int b) {
                return d.sensitivity.empty() ? a < b
                                             : d.sensitivity[std::size_t(a)] > d.sensitivity[std::size_t(b)];
            });
            std::string top;
            for (std::size_t i = 0; i < weak.size() && i < 4; ++i)
                top += (i ? " " : "") + std::to_string(weak[i]);
            out << d.name << ',' << d.layer << ',' << d.kind << ',' << d.rows << ',' << d.cols << ','
                << d.weakColumns.size() << ',' << d.bits << ',' << d.errorBefore << ',' << d.errorAfter << ','
                << top << '\n';
        }
        if (!csv->empty()) owq::writeFileAtomic(*csv, out.str());
        if (g.json) {
            printJson(nlohmann::json::parse(rep.toJson()));
            return;
        }
        std::printf(
            "%s %d-bit%s, %.4f bits/weight, %lld weak columns, %lld calibration tokens, %.1f s\n\n",
            owq::methodName(rep.recipe.method), rep.recipe.quantizer.bits,
            rep.recipe.targetBits > 0 ? (" target " + std::to_string(rep.recipe.targetBits)).c_str() : "",
            rep.averageBits, (long long)rep.weakColumnsTotal, (long long)rep.calibrationTokens, rep.seconds);
        std::printf("%-36s %11s %5s %7s %12s %12s %7s\n", "linear", "shape", "weak", "bits", "err RTN",
                    "err final", "gain");
        for (const auto& d : rep.linears) {
            const std::string shape = std::to_string(d.rows) + "x" + std::to_string(d.cols);
            const double gain = d.errorBefore > 0 ? 100.0 * (1.0 - d.errorAfter / d.errorBefore) : 0.0;
            std::printf("%-36s %11s %5zu %7.3f %12.4g %12.4g %6.1f%%\n", d.name.c_str(), shape.c_str(),
                        d.weakColumns.size(), d.bits, d.errorBefore, d.errorAfter, gain);
        }
        printAllocation(rep);
        const int windows = rep.recipe.outputErrorWindows;
        if (windows > 0 && windows < rep.recipe.nsamples)
            std::printf("\noutput MSE: on the first %d of %d calibration windows\n", windows,
                        rep.recipe.nsamples);
        std::printf("\n%-6s %14s %9s %9s %9s %9s\n", "layer", "output MSE", "s", "passes s", "hessian s",
                    "solves s");
        for (const auto& l : rep.layers)
            std::printf("%-6lld %14.6g %9.2f %9.2f %9.2f %9.2f\n", (long long)l.layer, l.outputMse, l.seconds,
                        l.passSeconds, l.hessianSeconds, l.solveSeconds);
        if (!csv->empty()) std::printf("\nCSV written to %s\n", csv->c_str());
    });
}

} // namespace owqcli
