// A run that releases its finished layers (QuantStateOptions::releaseFinished, as owq quantize does) and
// assembles the packed model from the state folder's layer files writes the same bytes as the in-memory
// writer, and the released layers no longer run; the same holds for the fake-quantized float32 writer.
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"
#include "testutil.h"

#include <QtTest>

#include <filesystem>

using namespace owq;
namespace fs = std::filesystem;

namespace {

QuantRecipe smallRecipe() {
    QuantRecipe r = QuantRecipe::defaults(Method::OWQ, 3); // weak columns: weak_idx/weak_weight tensors too
    r.nsamples = 4;
    r.seqlen = 64;
    return r;
}

std::shared_ptr<LanguageModel> openDeferred() {
    LoadOptions load;
    load.deferLayers = true;
    return LanguageModel::open(owqtest::sharedPath("models/stories260K"), load);
}

} // namespace

// A model writer: savePacked or saveFakeQuantized (stateFolder empty: from the model in memory).
using Writer = void (*)(const LanguageModel&, const QuantReport&, const std::string&, const JobContext&,
                        const std::string&);

class TestQuantAssemble : public QObject {
    Q_OBJECT

    // Quantizes stories260K twice, keeping the layers in memory and releasing them into a state folder,
    // writes both with `write` and checks the files are the same bytes and the assembled folder runs.
    void assembledEqualsInMemory(const char* tag, Writer write) {
        OWQ_REQUIRE_SHARED();
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        const std::string dir = owqtest::scratchDir(tag);

        auto inMemory = openDeferred();
        const QuantReport a = quantizeModel(*inMemory, calib, smallRecipe());
        write(*inMemory, a, dir + "/memory", {}, {});

        auto released = openDeferred();
        const std::string state = dir + "/state";
        const QuantReport b =
            quantizeModel(*released, calib, smallRecipe(), {}, nullptr, {state, false, true});
        // The finished layers left the model: running it fails instead of using stale weights.
        QVERIFY_EXCEPTION_THROWN(released->perplexity(calib.substr(0, 2000)), Error);
        write(*released, b, dir + "/assembled", {}, state);

        const std::string want = owqtest::readFile(dir + "/memory/model.safetensors");
        QVERIFY(!want.empty());
        QVERIFY(want == owqtest::readFile(dir + "/assembled/model.safetensors"));
        auto back = LanguageModel::open(dir + "/assembled");
        QVERIFY(back->perplexity(calib.substr(0, 2000)).ppl > 1.0);
    }

private slots:
    void packedEqualsInMemory() { assembledEqualsInMemory("quant-assemble", savePacked); }

    // --fake from the layer files: each linear read back and dequantized as it is written.
    void streamedFakeEqualsInMemory() { assembledEqualsInMemory("quant-assemble-fake", saveFakeQuantized); }
};

QTEST_GUILESS_MAIN(TestQuantAssemble)
#include "test_quant_assemble.moc"
