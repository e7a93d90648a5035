// owq quantize keeps its progress in OUT.partial: a run killed (SIGKILL) after a finished layer continues
// with --resume and ends with the same model bytes as an uninterrupted run; other settings are refused.
#include "testutil.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

struct Result {
    bool crashed = false;
    int code = 0;
    std::string err;
};

Result owq(const QStringList& args, const QString& killAfterLayer = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!killAfterLayer.isEmpty()) env.insert("OWQ_TEST_KILL_AFTER_LAYER", killAfterLayer);
    p.setProcessEnvironment(env);
    p.start(OWQ_CLI_PATH, args);
    p.waitForFinished(600000);
    return {p.exitStatus() == QProcess::CrashExit, p.exitCode(), p.readAllStandardError().toStdString()};
}

QStringList quantizeArgs(const std::string& out) {
    return {"-q",
            "quantize",
            QString::fromStdString(owqtest::sharedPath("models/stories260K")),
            "--method",
            "owq",
            "--wbits",
            "3",
            "--target-bit",
            "3.2",
            "--nsamples",
            "8",
            "--seqlen",
            "256",
            "--calib",
            QString::fromStdString(owqtest::sharedPath("data/calib.txt")),
            "--out",
            QString::fromStdString(out)};
}

// owq_diagnostics.json without its timings.
nlohmann::json diagnostics(const std::string& dir) {
    nlohmann::json j = nlohmann::json::parse(owqtest::readFile(dir + "/owq_diagnostics.json"));
    j.erase("seconds");
    j.erase("threads");
    for (auto& l : j["linears"]) l.erase("seconds");
    for (auto& l : j["layers"])
        for (const char* t : {"seconds", "pass_seconds", "hessian_seconds", "solve_seconds"}) l.erase(t);
    return j;
}

} // namespace

class TestQuantResume : public QObject {
    Q_OBJECT
private slots:
    void killedRunResumesToTheSameModel() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("resume");
        const std::string whole = dir + "/whole", resumed = dir + "/resumed";
        Result r = owq(quantizeArgs(whole));
        QVERIFY2(!r.crashed && r.code == 0, r.err.c_str());
        QVERIFY(!fs::exists(whole + ".partial")); // removed once the model is written

        // Killed after layer 2 (of 5) finished: no model, a partial folder holding layers 0-2.
        r = owq(quantizeArgs(resumed), "2");
        QVERIFY2(r.crashed, r.err.c_str());
        QVERIFY(!fs::exists(resumed));
        QVERIFY(fs::exists(resumed + ".partial/state.json"));
        QVERIFY(fs::exists(resumed + ".partial/layer-2.safetensors"));
        QVERIFY(!fs::exists(resumed + ".partial/layer-3.safetensors"));
        QVERIFY(fs::exists(resumed + ".partial/inputs-3.f32"));
        QCOMPARE(nlohmann::json::parse(owqtest::readFile(resumed + ".partial/state.json"))["finished_layers"]
                     .get<int>(),
                 3);

        // Without --resume the partial run is not overwritten; with other settings it is not continued.
        r = owq(quantizeArgs(resumed));
        QVERIFY(!r.crashed && r.code != 0);
        QVERIFY2(r.err.find("--resume") != std::string::npos, r.err.c_str());
        r = owq(quantizeArgs(resumed) << "--seed"
                                      << "1"
                                      << "--resume");
        QVERIFY(!r.crashed && r.code != 0);
        QVERIFY2(r.err.find("other settings") != std::string::npos, r.err.c_str());
        QVERIFY2(r.err.find("recipe.seed") != std::string::npos, r.err.c_str());
        QVERIFY(!fs::exists(resumed));

        // Resumed with the same settings: the same bytes as the uninterrupted run.
        r = owq(quantizeArgs(resumed) << "--resume");
        QVERIFY2(!r.crashed && r.code == 0, r.err.c_str());
        QVERIFY(owqtest::readFile(whole + "/model.safetensors") ==
                owqtest::readFile(resumed + "/model.safetensors"));
        QCOMPARE(owqtest::readFile(whole + "/config.json"), owqtest::readFile(resumed + "/config.json"));
        QCOMPARE(diagnostics(whole), diagnostics(resumed));
        QVERIFY(!fs::exists(resumed + ".partial"));
    }

    void killAfterTheLastLayerResumesWithoutWork() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("resume-last");
        const std::string whole = dir + "/whole", resumed = dir + "/resumed";
        QVERIFY(owq(quantizeArgs(whole)).code == 0);
        Result r = owq(quantizeArgs(resumed), "4");
        QVERIFY(r.crashed);
        QVERIFY(!fs::exists(resumed + ".partial/inputs-5.f32")); // no layer after the last
        r = owq(quantizeArgs(resumed) << "--resume");
        QVERIFY2(!r.crashed && r.code == 0, r.err.c_str());
        QVERIFY(owqtest::readFile(whole + "/model.safetensors") ==
                owqtest::readFile(resumed + "/model.safetensors"));
    }
};

QTEST_GUILESS_MAIN(TestQuantResume)
#include "test_quant_resume.moc"
