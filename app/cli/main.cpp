// owq: the headless command line of OWQ Studio. Every subcommand lives in its own cmd_*.cpp file.
#include "cli_common.h"
#include "crash_report.h"
#include "owq/error.h"
#include "owq/process.h"
#include "owq/version.h"

#include <iostream>

int main(int argc, char** argv) {
    owq::reexecWithShortOpenMPSpin(argv);
    owqcli::installCrashReport();
    owqcli::GlobalOptions g;
    CLI::App app{
        "owq: outlier-aware weight quantization of decoder language models (OWQ Studio command line)", "owq"};
    app.set_version_flag("--version", std::string("owq ") + owq::version());
    app.require_subcommand(1);
    app.fallthrough();
    app.add_flag("--json", g.json, "Print one JSON object on stdout");
    app.add_flag("-q,--quiet", g.quiet, "No progress output on stderr");
    app.add_option("--threads", g.threads, "CPU threads (0: all cores)")->check(CLI::NonNegativeNumber);
    app.add_option("--device", g.device, "cpu or cuda[:N] (cuda needs a CUDA build of LibTorch)");
    app.add_flag(
        "--int8-activations", g.int8Activations,
        "Packed models on CPUs with AVX-512 VNNI: round activations to 8 bits per 128 columns (llama.cpp's "
        "q8) instead of 15 for a faster decode; outputs differ a little more from the float products");
    app.add_option(
           "--kv-cache", g.kvCache,
           "What generation keeps of past keys and values: f32 (exact) or bf16 (half the memory and of "
           "the bytes a long context's decode step reads; values rounded to 8 significant bits)")
        ->check(CLI::IsMember({"f32", "bf16"}))
        ->capture_default_str();

    owqcli::addInfoCommand(app, g);
    owqcli::addGenerateCommand(app, g);
    owqcli::addChatCommand(app, g);
    owqcli::addPplCommand(app, g);
    owqcli::addEvalChoiceCommand(app, g);
    owqcli::addMakeDemoModelCommand(app, g);
    owqcli::addQuantizeCommand(app, g);
    owqcli::addInspectCommand(app, g);
    owqcli::addCompareCommand(app, g);
    owqcli::addExportCommand(app, g);
    owqcli::addTuneCommand(app, g);
    owqcli::addTokenizeCommand(app, g);
    owqcli::addChatTemplateCommand(app, g);
    owqcli::installInterruptHandler();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e); // --help and --version exit 0; usage errors exit 2
        return rc == 0 ? 0 : 2;
    } catch (const owq::Error& e) {
        owqcli::finishProgress(g);
        if (g.json) owqcli::printJson({{"error", e.what()}, {"kind", owq::errorKindName(e.kind())}});
        std::cerr << "owq: " << e.what() << std::endl;
        return owq::exitCodeFor(e.kind());
    } catch (const std::exception& e) {
        owqcli::finishProgress(g);
        if (g.json) owqcli::printJson({{"error", e.what()}, {"kind", "internal"}});
        std::cerr << "owq: internal error: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
