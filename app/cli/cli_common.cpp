#include "cli_common.h"

#include "owq/error.h"
#include "owq/quant_pipeline.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace owqcli {

namespace {
owq::CancelToken gInterrupt;
bool gBarDrawn = false;

void onSigint(int) {
    if (gInterrupt.cancelled()) std::_Exit(130);
    gInterrupt.cancel();
}
} // namespace

const owq::CancelToken* interruptToken() {
    return &gInterrupt;
}

void resetInterrupt() {
    gInterrupt.reset();
}

void installInterruptHandler() {
    std::signal(SIGINT, onSigint);
}

owq::LoadOptions loadOptions(const GlobalOptions& g) {
    owq::LoadOptions o;
    o.device = g.device;
    o.threads = g.threads;
    o.int8Activations = g.int8Activations;
    o.kvCache = owq::kvCacheTypeFromName(g.kvCache);
    return o;
}

owq::ProgressFn progressBar(const GlobalOptions& g) {
    if (g.quiet) return {};
    const bool tty = ::isatty(STDERR_FILENO);
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    auto lastStage = std::make_shared<std::string>();
    return [tty, last, lastStage](const owq::Progress& p) {
        const auto now = std::chrono::steady_clock::now();
        const bool finished = p.total > 0 && p.done >= p.total;
        // Redraw at most 10 times a second on a terminal; every 2 s when logging to a file.
        const auto gap = tty ? std::chrono::milliseconds(100) : std::chrono::milliseconds(2000);
        if (!finished && p.stage == *lastStage && now - *last < gap) return;
        *last = now;
        *lastStage = p.stage;
        const double frac = p.total > 0 ? double(p.done) / double(p.total) : 0.0;
        if (tty) {
            const int width = 30;
            const int filled = int(frac * width);
            std::fprintf(stderr, "\r%-10s [%.*s%*s] %5.1f%% %-30.30s", p.stage.c_str(), filled,
                         "##############################", width - filled, "", 100.0 * frac,
                         p.message.c_str());
            gBarDrawn = true;
        } else {
            std::fprintf(stderr, "%s %lld/%lld %s\n", p.stage.c_str(), p.done, p.total, p.message.c_str());
        }
        std::fflush(stderr);
    };
}

void finishProgress(const GlobalOptions&) {
    if (gBarDrawn) std::fprintf(stderr, "\r%*s\r", 80, "");
    gBarDrawn = false;
}

void printJson(const nlohmann::json& j) {
    std::cout << j.dump() << std::endl;
}

void requireDiagnosticsFor(const std::string& option, const std::string& model) {
    if (!std::filesystem::is_regular_file(std::filesystem::path(model) / "owq_diagnostics.json"))
        throw owq::Error(owq::ErrorKind::InvalidArgument,
                         option + ": " + model + " has no owq_diagnostics.json (not a quantized folder)");
}

std::function<bool(std::int32_t, const std::string&)> streamToStdout() {
    return [](std::int32_t, const std::string& text) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return true;
    };
}

void addAllocationOptions(CLI::App* cmd, AllocationFlags& f, const std::string& allocationHelp,
                          const std::string& bitsHelp, const std::string& probeHelp) {
    cmd->add_option("--allocation", f.allocation, allocationHelp)->capture_default_str();
    cmd->add_option("--allocation-bits", f.bits, bitsHelp)->delimiter(',');
    cmd->add_option("--allocation-probe", f.probe, probeHelp)->capture_default_str();
}

namespace {
// fromName(value), its error (whose message does not name the option) replaced by one that does:
// "OPTION must be ACCEPTED, not 'VALUE'".
template <class FromName>
auto optionValue(FromName fromName, const std::string& value, const char* option, const char* accepted) {
    try {
        return fromName(value);
    } catch (const owq::Error&) {
        throw owq::Error(owq::ErrorKind::InvalidArgument,
                         std::string(option) + " must be " + accepted + ", not '" + value + "'");
    }
}
} // namespace

void applyAllocationFlags(const AllocationFlags& f, owq::QuantRecipe& r) {
    r.allocation = optionValue(owq::allocationFromName, f.allocation, "--allocation", "owq or sensitivity");
    r.allocationBits = f.bits;
    r.allocationProbe = owq::allocationProbeFromName(f.probe); // its message names the accepted probes
}

owq::CalibrationSampling samplingFlag(const std::string& value) {
    return optionValue(owq::samplingFromName, value, "--sampling", "uniform or reference");
}

} // namespace owqcli
