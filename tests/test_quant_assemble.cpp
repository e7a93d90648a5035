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

class TestQuantAssemble : public QObject {
    Q_OBJECT
private slots:
    void assembledEqualsInMemory() {
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        const std::string dir = owqtest::scratchDir("quant-assemble");

        auto inMemory = openDeferred();
        const QuantReport a = quantizeModel(*inMemory, calib, smallRecipe());
        savePacked(*inMemory, a, dir + "/memory");

        auto released = openDeferred();
        const std::string state = dir + "/state";
        const QuantReport b =
            quantizeModel(*released, calib, smallRecipe(), {}, nullptr, {state, false, true});
        // The finished layers left the model: running it fails instead of using stale weights.
        QVERIFY_EXCEPTION_THROWN(released->perplexity(calib.substr(0, 2000)), Error);
        savePacked(*released, b, dir + "/assembled", {}, state);

        const std::string want = owqtest::readFile(dir + "/memory/model.safetensors");
        QVERIFY(!want.empty());
        QVERIFY(want == owqtest::readFile(dir + "/assembled/model.safetensors"));
        // And the assembled folder loads and runs.
        auto back = LanguageModel::open(dir + "/assembled");
        QVERIFY(back->perplexity(calib.substr(0, 2000)).ppl > 1.0);
    }

    // --fake from the layer files: each linear read back and dequantized as it is written gives the same
    // bytes as exporting the in-memory model.
    void streamedFakeEqualsInMemory() {
        const std::string calib = readTextFile(owqtest::sharedPath("data/calib.txt"));
        const std::string dir = owqtest::scratchDir("quant-assemble-fake");

        auto inMemory = openDeferred();
        const QuantReport a = quantizeModel(*inMemory, calib, smallRecipe());
        saveFakeQuantized(*inMemory, a, dir + "/memory");

        auto released = openDeferred();
        const std::string state = dir + "/state";
        const QuantReport b =
            quantizeModel(*released, calib, smallRecipe(), {}, nullptr, {state, false, true});
        saveFakeQuantized(*released, b, dir + "/streamed", {}, state);

        const std::string want = owqtest::readFile(dir + "/memory/model.safetensors");
        QVERIFY(!want.empty());
        QVERIFY(want == owqtest::readFile(dir + "/streamed/model.safetensors"));
        auto back = LanguageModel::open(dir + "/streamed");
        QVERIFY(back->perplexity(calib.substr(0, 2000)).ppl > 1.0);
    }
};

QTEST_GUILESS_MAIN(TestQuantAssemble)
#include "test_quant_assemble.moc"
