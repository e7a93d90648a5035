// Shared pieces of the owq subcommands: global options, stderr progress bar, JSON output.
#pragma once

#include "owq/engine.h"
#include "owq/job.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace owq {
struct QuantRecipe;
enum class CalibrationSampling; // quant_pipeline.h
} // namespace owq

namespace owqcli {

struct GlobalOptions {
    bool json = false;  // one JSON object on stdout instead of text
    bool quiet = false; // no progress on stderr
    int threads = 0;    // 0: all cores
    std::string device = "cpu";
    bool int8Activations = false; // --int8-activations (owq::LoadOptions::int8Activations)
    std::string kvCache = "f32";  // --kv-cache (owq::LoadOptions::kvCache)
};

// The model-loading options the global flags give (device, threads, int8 activations, KV cache).
owq::LoadOptions loadOptions(const GlobalOptions& g);

// A progress callback drawing a one-line bar on stderr (only when stderr is a terminal, else sparse lines).
owq::ProgressFn progressBar(const GlobalOptions& g);
void finishProgress(const GlobalOptions& g);

void printJson(const nlohmann::json& j);
// --record writes into MODEL's owq_diagnostics.json: InvalidArgument when MODEL is not a quantized folder.
void requireDiagnosticsFor(const std::string& option, const std::string& model);
// A token callback that writes each piece of generated text to stdout as it arrives.
std::function<bool(std::int32_t, const std::string&)> streamToStdout();

// --allocation, --allocation-bits and --allocation-probe: quantize's, and compare's for its OWQ rows.
struct AllocationFlags {
    std::string allocation = "owq";
    std::vector<int> bits;
    std::string probe = "auto";
};
// Adds the three options to cmd (in that order), each with the command's help text.
void addAllocationOptions(CLI::App* cmd, AllocationFlags& f, const std::string& allocationHelp,
                          const std::string& bitsHelp, const std::string& probeHelp);
// Sets r.allocation, r.allocationBits and r.allocationProbe; InvalidArgument for an unknown allocation
// ("--allocation must be owq or sensitivity, not '...'") or probe.
void applyAllocationFlags(const AllocationFlags& f, owq::QuantRecipe& r);

// --sampling's value (uniform or reference) as a CalibrationSampling; a message that names the option
// otherwise.
owq::CalibrationSampling samplingFlag(const std::string& value);

// Subcommand registration, one per file.
void addInfoCommand(CLI::App& app, GlobalOptions& g);
void addGenerateCommand(CLI::App& app, GlobalOptions& g);
void addChatCommand(CLI::App& app, GlobalOptions& g);
void addPplCommand(CLI::App& app, GlobalOptions& g);
void addEvalChoiceCommand(CLI::App& app, GlobalOptions& g);
void addMakeDemoModelCommand(CLI::App& app, GlobalOptions& g);
void addQuantizeCommand(CLI::App& app, GlobalOptions& g);
void addInspectCommand(CLI::App& app, GlobalOptions& g);
void addCompareCommand(CLI::App& app, GlobalOptions& g);
void addExportCommand(CLI::App& app, GlobalOptions& g);
void addTuneCommand(CLI::App& app, GlobalOptions& g);
void addTokenizeCommand(CLI::App& app, GlobalOptions& g);
void addChatTemplateCommand(CLI::App& app, GlobalOptions& g);

// The CancelToken that SIGINT sets (first Ctrl-C cancels the running job, second one exits).
const owq::CancelToken* interruptToken();
void resetInterrupt(); // a new job starts: forget an earlier Ctrl-C
void installInterruptHandler();

} // namespace owqcli
