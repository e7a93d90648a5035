// The owq command line as a user runs it: stdout/stderr contracts, --json objects, exit codes.
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

struct Run {
    int code = -1;
    QByteArray out, err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run owq(const QStringList& args, const QByteArray& stdinData = {}, int timeoutMs = 300000) {
    QProcess p;
    p.start(OWQ_CLI_PATH, args);
    p.waitForStarted();
    if (!stdinData.isEmpty()) p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString shared(const char* rel) {
    return QString::fromStdString(owqtest::sharedPath(rel));
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void versionAndHelp() {
        Run r = owq({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("owq "));
        r = owq({"--help"});
        QCOMPARE(r.code, 0);
        for (const char* cmd : {"info", "generate", "chat", "ppl", "make-demo-model", "quantize", "inspect",
                                "compare", "export"})
            QVERIFY2(r.out.contains(cmd), cmd);
        r = owq({"generate"});
        QCOMPARE(r.code, 2); // usage error
    }

    void infoTextAndJson() {
        OWQ_REQUIRE_SHARED();
        Run r = owq({"info", shared("models/stories260K")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("LlamaForCausalLM"));
        QVERIFY(r.out.contains("Memory estimate"));
        r = owq({"--json", "info", shared("models/stories260K-f16-sharded")});
        QCOMPARE(r.code, 0);
        const QJsonObject j = r.json();
        QCOMPARE(j["parameters"].toInteger(), 260032);
        QCOMPARE(j["weight_dtype"].toString(), QString("F16"));
        QCOMPARE(j["shards"].toInt(), 2);
        QCOMPARE(j["config"].toObject()["num_key_value_heads"].toInt(), 4);
        QVERIFY(j["memory_estimate"].toObject()["total_bytes"].toInteger() > 260032 * 4);
        QCOMPARE(j["tokenizer"].toObject()["vocab_size"].toInt(), 512);
    }

    void generateGreedyPrintsOnlyTheText() {
        OWQ_REQUIRE_SHARED();
        Run r = owq({"-q", "generate", shared("models/stories260K"), "--prompt", "", "--temperature", "0",
                     "--max-tokens", "256"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QByteArray::fromStdString(
                            owqtest::readFile(owqtest::sharedPath("expected/stories260K-greedy.txt"))));
        r = owq({"--json", "generate", shared("models/stories260K"), "--prompt", "Once upon a time", "--seed",
                 "3", "--max-tokens", "20"});
        QCOMPARE(r.code, 0);
        const QJsonObject j = r.json();
        QCOMPARE(j["generated_tokens"].toInt(), 20);
        QVERIFY(j["tokens_per_second"].toDouble() > 0);
        QVERIFY(!j["text"].toString().isEmpty());
    }

    void pplJson() {
        OWQ_REQUIRE_SHARED();
        Run r = owq({"--json", "ppl", shared("models/stories260K"), "--data", shared("data/eval.txt"),
                     "--seqlen", "512"});
        QCOMPARE(r.code, 0);
        const QJsonObject j = r.json();
        QVERIFY2(std::abs(j["ppl"].toDouble() - 3.3250) < 0.0005, r.out.constData());
        QCOMPARE(j["windows"].toInt(), 60);
        QCOMPARE(j["tokens"].toInt(), 60 * 511);
    }

    void chatFromStdin() {
        OWQ_REQUIRE_SHARED();
        Run r = owq({"--json", "chat", shared("models/stories260K"), "--max-tokens", "12", "--seed", "1"},
                    "Once upon a time\nThe dog\n");
        QCOMPARE(r.code, 0);
        const QJsonObject j = r.json();
        QCOMPARE(j["template"].toString(), QString("plain"));
        QCOMPARE(j["turns"].toArray().size(), 2);
    }

    void crashReportsWhereItWas() {
        // A fatal signal (sent from outside here, so that no bug has to be planted) prints the signal, the
        // version and a backtrace on stderr, then ends the process with that same signal.
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("sanitizer builds leave fatal signals to AddressSanitizer's own report");
#endif
        OWQ_REQUIRE_SHARED();
        QProcess p;
        p.start(OWQ_CLI_PATH, {"chat", shared("models/stories260K"), "--max-tokens", "4"});
        QVERIFY(p.waitForStarted());
        QByteArray err;
        for (int i = 0; i < 300 && !err.contains("load 7/7"); ++i) { // loaded: now it waits on stdin
            p.waitForReadyRead(100);
            err += p.readAllStandardError();
        }
        QVERIFY2(err.contains("load 7/7"), err.constData());
        const pid_t pid = pid_t(p.processId()); // the main thread's id is the process id: signal that thread
        QVERIFY(::syscall(SYS_tgkill, pid, pid, SIGSEGV) == 0);
        QVERIFY(p.waitForFinished(30000));
        err += p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        QVERIFY2(err.contains("owq: crashed with SIGSEGV"), err.constData());
        const QByteArray version = owq({"--version"}).out.trimmed(); // "owq 0.1.0"
        QVERIFY2(!version.isEmpty() && err.contains("in " + version + "."), err.constData());
        // The main thread's frames, down to main itself: named, as the binary exports its symbols.
        QVERIFY2(err.contains("/owq(main+"), err.right(800).constData());
    }

    void makeDemoModelFromTheCli() {
        // Exercises the sentencepiece trainer inside the owq binary (its std::cerr is copy-relocated: this
        // crashed once) and the folder rules.
        const std::string dir = owqtest::scratchDir("cli-demo") + "/demo";
        Run r = owq({"--json", "make-demo-model", QString::fromStdString(dir), "--steps", "30"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["steps"].toInt(), 30);
        for (const char* f : {"config.json", "model.safetensors", "tokenizer.model", "tokenizer_config.json"})
            QVERIFY2(std::filesystem::exists(dir + "/" + f), f);
        r = owq({"make-demo-model", QString::fromStdString(dir), "--if-missing"});
        QCOMPARE(r.code, 0);
        r = owq({"make-demo-model", QString::fromStdString(dir), "--steps", "30"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("not empty"), r.err.constData());
        r = owq({"-q", "generate", QString::fromStdString(dir), "--prompt", "Once upon a time",
                 "--max-tokens", "10"});
        QCOMPARE(r.code, 0);
        QVERIFY(!r.out.trimmed().isEmpty());
    }

    void quantizeInspectFromTheCli() {
        OWQ_REQUIRE_SHARED();
        const std::string out = owqtest::scratchDir("cli-quant") + "/q";
        Run r = owq({"--json", "quantize", shared("models/stories260K"), "--method", "owq", "--wbits", "3",
                     "--target-bit", "3.2", "--calib", shared("data/calib.txt"), "--nsamples", "8",
                     "--seqlen", "128", "--out", QString::fromStdString(out)});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["weak_columns_total"].toInt(), 70);
        QVERIFY(r.json()["average_bits"].toDouble() > 3.5);
        QCOMPARE(r.json()["format"].toString(), QString("packed"));
        // The packed folder is a model like any other: info, perplexity and generation read it.
        r = owq({"--json", "info", QString::fromStdString(out)});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["weight_dtype"].toString(), QString("OWQ3"));
        QCOMPARE(r.json()["config"].toObject()["quantization"].toObject()["format"].toString(),
                 QString("packed"));
        r = owq({"--json", "ppl", QString::fromStdString(out), "--data", shared("data/eval.txt"), "--seqlen",
                 "512"});
        QCOMPARE(r.code, 0);
        const double ppl = r.json()["ppl"].toDouble();
        QVERIFY2(ppl > 3.4 && ppl < 8, qPrintable(QString::number(ppl)));
        r = owq({"-q", "generate", QString::fromStdString(out), "--prompt", "Once upon a time",
                 "--max-tokens", "8"});
        QCOMPARE(r.code, 0);
        QVERIFY(!r.out.trimmed().isEmpty());
        // --fake writes float32 weights of the same quantization (assembled from the layer files); --eval
        // measures the folder as written: the same perplexity `owq ppl` then reads from it.
        r = owq({"--json", "quantize", shared("models/stories260K"), "--method", "rtn", "--wbits", "4",
                 "--calib", shared("data/calib.txt"), "--nsamples", "2", "--seqlen", "64", "--fake", "--eval",
                 shared("data/eval.txt"), "--out", QString::fromStdString(out + "-fake")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["format"].toString(), QString("fake"));
        const double fakePpl = r.json()["ppl"].toDouble();
        QVERIFY(!std::filesystem::exists(out + "-fake.partial"));
        r = owq({"--json", "ppl", QString::fromStdString(out + "-fake"), "--data", shared("data/eval.txt")});
        QCOMPARE(r.code, 0);
        QVERIFY2(fakePpl > 3.3 && r.json()["ppl"].toDouble() == fakePpl,
                 qPrintable(QString("%1 vs %2").arg(fakePpl).arg(r.json()["ppl"].toDouble())));
        r = owq({"--json", "info", QString::fromStdString(out + "-fake")});
        QCOMPARE(r.json()["weight_dtype"].toString(), QString("F32"));
        const std::string csv = out + "-table.csv";
        r = owq({"inspect", QString::fromStdString(out), "--csv", QString::fromStdString(csv)});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("model.layers.4.mlp.down_proj"));
        QCOMPARE(QByteArray::fromStdString(owqtest::readFile(csv)).count('\n'), 36); // header + 35 linears
        r = owq({"quantize", shared("models/stories260K"), "--method", "awq", "--calib",
                 shared("data/calib.txt"), "--out", QString::fromStdString(out + "2")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("awq"), r.err.constData());
    }

    void quantizeEstimateAndDevice() {
        OWQ_REQUIRE_SHARED();
        // owq info shows what quantizing needs, with the activations in memory and spilled.
        Run r = owq({"--json", "info", shared("models/stories260K"), "--nsamples", "128", "--seqlen", "512"});
        QCOMPARE(r.code, 0);
        const QJsonObject q = r.json()["quantize_estimate"].toObject();
        QCOMPARE(q["nsamples"].toInt(), 128);
        QVERIFY(q["spilled_bytes"].toDouble() > 0);
        QVERIFY(q["in_memory_bytes"].toDouble() > q["spilled_bytes"].toDouble());
        QCOMPARE(q["spill_disk_bytes"].toDouble(), 2.0 * 128 * 512 * 64 * 4);
        r = owq({"info", shared("models/stories260K")});
        QVERIFY2(r.out.contains("Quantize memory"), r.out.constData());
        // --device cuda with a LibTorch without CUDA: refused up front, saying why.
        const std::string out = owqtest::scratchDir("cli-cuda") + "/q";
        r = owq({"--device", "cuda", "quantize", shared("models/stories260K"), "--calib",
                 shared("data/calib.txt"), "--nsamples", "2", "--seqlen", "64", "--out",
                 QString::fromStdString(out)});
        if (r.code == 0) QSKIP("this LibTorch has CUDA and a GPU: it quantized there");
        QCOMPARE(r.code, 5);
        QVERIFY2(r.err.contains("this build's LibTorch has no CUDA"), r.err.constData());
        QVERIFY(!std::filesystem::exists(out) && !std::filesystem::exists(out + ".partial"));
    }

    void killedMidRunLeavesNoFolderThatLooksComplete() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("cli-kill");
        const std::string out = dir + "/q";
        // kill -9 at several points of a quantization: while calibrating, quantizing and (maybe) writing.
        for (int delayMs : {300, 1500, 4000}) {
            QProcess p;
            p.start(OWQ_CLI_PATH, {"quantize", shared("models/stories260K"), "--method", "gptq", "--wbits",
                                   "3", "--calib", shared("data/calib.txt"), "--nsamples", "16", "--seqlen",
                                   "256", "--out", QString::fromStdString(out)});
            QVERIFY(p.waitForStarted());
            QTest::qWait(delayMs);
            p.kill(); // SIGKILL: no handler runs
            p.waitForFinished();
            if (std::filesystem::exists(out)) {
                // Only a run that finished before the kill may leave the folder, and then it is complete.
                QVERIFY2(std::filesystem::exists(out + "/model.safetensors") &&
                             std::filesystem::exists(out + "/config.json") &&
                             std::filesystem::exists(out + "/owq_diagnostics.json"),
                         "a killed run left a partial output folder");
                std::filesystem::remove_all(out);
            }
            // A kill after a finished layer leaves the resume state (owq quantize --resume), which is never
            // a model folder; each round here starts over.
            QVERIFY(!std::filesystem::exists(out + ".partial/model.safetensors"));
            std::filesystem::remove_all(out + ".partial");
        }
        // Whatever a killed run left is a temporary sibling, never the requested name; the source is intact.
        for (const auto& e : std::filesystem::directory_iterator(dir))
            QVERIFY2(e.path().filename().string().rfind("q.tmp-", 0) == 0, e.path().c_str());
        Run r = owq({"--json", "ppl", shared("models/stories260K"), "--data", shared("data/eval.txt"),
                     "--seqlen", "512"});
        QCOMPARE(r.code, 0);
        QVERIFY(std::abs(r.json()["ppl"].toDouble() - 3.3250) < 1e-3);
    }

    void errorsNameTheProblemAndSetExitCodes() {
        const std::string dir = owqtest::scratchDir("cli-errors");
        Run r = owq({"info", QString::fromStdString(dir + "/nowhere")});
        QCOMPARE(r.code, 3); // I/O
        QVERIFY2(r.err.contains("nowhere"), r.err.constData());

        owqtest::writeFile(dir + "/config.json",
                           R"({"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"]})");
        r = owq({"--json", "info", QString::fromStdString(dir)});
        QCOMPARE(r.code, 5); // unsupported
        QVERIFY2(r.err.contains("gpt2"), r.err.constData());
        QCOMPARE(r.json()["kind"].toString(), QString("unsupported"));

        if (!owqtest::haveShared()) return;
        const std::string empty = dir + "/empty.txt";
        owqtest::writeFile(empty, "");
        r = owq({"ppl", shared("models/stories260K"), "--data", QString::fromStdString(empty)});
        QCOMPARE(r.code, 4); // format
        QVERIFY2(r.err.contains("empty.txt") && r.err.contains("empty"), r.err.constData());
        // Binary data given as calibration text, and text shorter than one calibration window.
        const std::string binary = dir + "/weights.bin";
        owqtest::writeFile(binary, std::string("\x01\x00\x02\xff binary", 10));
        r = owq({"quantize", shared("models/stories260K"), "--calib", QString::fromStdString(binary), "--out",
                 QString::fromStdString(dir + "/q-binary")});
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains("weights.bin") && r.err.contains("NUL bytes"), r.err.constData());
        const std::string shortText = dir + "/short.txt";
        owqtest::writeFile(shortText, "Once upon a time there was a cat.");
        r = owq({"quantize", shared("models/stories260K"), "--calib", QString::fromStdString(shortText),
                 "--seqlen", "256", "--out", QString::fromStdString(dir + "/q-short")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("fewer than one window of 256"), r.err.constData());
        QVERIFY(!std::filesystem::exists(dir + "/q-binary") && !std::filesystem::exists(dir + "/q-short"));

        // A model folder without its tokenizer: generation needs it and says so.
        const std::string noTok = dir + "/no-tokenizer";
        std::filesystem::create_directories(noTok);
        for (const char* f : {"config.json", "model.safetensors"})
            std::filesystem::copy_file(owqtest::sharedPath(std::string("models/stories260K/") + f),
                                       noTok + "/" + f);
        r = owq({"generate", QString::fromStdString(noTok), "--prompt", "hi"});
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains("tokenizer.model"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
