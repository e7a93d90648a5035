// The owq command line as a user runs it: stdout/stderr contracts, --json objects, exit codes.
#include "testutil.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
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

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QJsonObject jsonFile(const std::string& path) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(owqtest::readFile(path))).object();
}

// A safetensors file read whole: its header and the bytes of a tensor.
struct Tensors {
    QJsonObject header;
    QByteArray data;
    explicit Tensors(const std::string& path) {
        const QByteArray f = QByteArray::fromStdString(owqtest::readFile(path));
        quint64 n = 0;
        if (f.size() >= 8) std::memcpy(&n, f.constData(), 8);
        header = QJsonDocument::fromJson(f.mid(8, qsizetype(n))).object();
        data = f.mid(8 + qsizetype(n));
    }
    QJsonObject info(const QString& name) const { return header[name].toObject(); }
    QJsonArray shape(const QString& name) const { return info(name)["shape"].toArray(); }
    QByteArray bytes(const QString& name) const {
        const QJsonArray o = info(name)["data_offsets"].toArray();
        return data.mid(qsizetype(o[0].toInteger()), qsizetype(o[1].toInteger() - o[0].toInteger()));
    }
    std::vector<std::int32_t> ints(const QString& name) const {
        const QByteArray b = bytes(name);
        std::vector<std::int32_t> v(std::size_t(b.size()) / 4);
        std::memcpy(v.data(), b.constData(), v.size() * 4);
        return v;
    }
};

// Whether a linear's weak columns (owq_diagnostics.json) are the ones with the largest H_jj.
bool weakAreTopHDiag(const QJsonObject& linear) {
    const QJsonArray h = linear["h_diag"].toArray();
    std::vector<int> order(std::size_t(h.size()));
    for (int i = 0; i < h.size(); ++i) order[std::size_t(i)] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](int x, int y) { return h[x].toDouble() > h[y].toDouble(); });
    std::vector<int> weak;
    for (const auto& w : linear["weak_columns"].toArray()) weak.push_back(w.toInt());
    order.resize(weak.size());
    std::sort(order.begin(), order.end());
    std::sort(weak.begin(), weak.end());
    return order == weak;
}

// Every file under dir with its bytes: a folder that must stay untouched.
std::map<std::string, std::string> folderBytes(const std::string& dir) {
    std::map<std::string, std::string> m;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        m[e.path().string()] = e.is_regular_file() ? owqtest::readFile(e.path().string()) : "(folder)";
    return m;
}

// Reads p's stderr into err until done() holds (true), p ends or the time is up (then done()'s answer).
template <class Done> bool waitUntil(QProcess& p, QByteArray& err, Done done, int timeoutMs = 120000) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (p.state() == QProcess::NotRunning || t.elapsed() > timeoutMs) return done();
        p.waitForReadyRead(50);
        err += p.readAllStandardError();
    }
    return true;
}

// Whether a signal sent to the process (kill) still waits for one of its threads to take it.
bool signalPending(qint64 pid, int sig) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("ShdPnd:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> (sig - 1)) & 1;
    return false;
}

// Ctrl-C, returning once a thread of the process has taken it: a second one sent right after is then a
// signal of its own, not merged into the first while that is still pending.
bool interrupt(const QProcess& p) {
    if (::kill(pid_t(p.processId()), SIGINT) != 0) return false;
    QElapsedTimer t;
    t.start();
    while (signalPending(p.processId(), SIGINT)) {
        if (t.elapsed() > 10000) return false;
        ::usleep(500);
    }
    return true;
}

// A small packed OWQ model (3-bit, 2 weak columns per linear) shared by the export and tune tests.
const std::string& smallPackedModel() {
    static const std::string dir = [] {
        const std::string out = owqtest::scratchDir("cli-packed") + "/q";
        Run r = owq({"-q", "quantize", shared("models/stories260K"), "--method", "owq", "--wbits", "3",
                     "--weak-columns", "2", "--calib", shared("data/calib.txt"), "--nsamples", "4",
                     "--seqlen", "64", "--out", qs(out)});
        if (r.code != 0) qWarning("quantize failed: %s", r.err.constData());
        return out;
    }();
    return dir;
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
        QCOMPARE(j["family"].toString(), QString("LLaMA"));
        QCOMPARE(j["linears_per_layer"].toArray().size(), 7);
        // --kv-cache bf16: the cache's estimate at 2 bytes per value (5 layers x 2 x 4 KV heads x 8 x 512).
        QCOMPARE(j["memory_estimate"].toObject()["kv_cache"].toString(), QString("f32"));
        QCOMPARE(j["memory_estimate"].toObject()["kv_cache_bytes"].toInteger(), 5 * 2 * 4 * 8 * 512 * 4);
        r = owq({"--json", "--kv-cache", "bf16", "info", shared("models/stories260K")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["memory_estimate"].toObject()["kv_cache"].toString(), QString("bf16"));
        QCOMPARE(r.json()["memory_estimate"].toObject()["kv_cache_bytes"].toInteger(),
                 5 * 2 * 4 * 8 * 512 * 2);
        r = owq({"--kv-cache", "f16", "info", shared("models/stories260K")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--kv-cache"), r.err.constData());

        // Another family: its description and its own linears, text and JSON.
        const std::string phi3 = owqtest::tinyRandomModel(
            "cli-info-phi3", owqtest::sharedPath("models/stories260K/tokenizer.model"), "phi3");
        r = owq({"info", qs(phi3)});
        QCOMPARE(r.code, 0);
        QVERIFY2(
            r.out.contains("Phi-3: RMSNorm, fused qkv, fused gated MLP (silu), RoPE, sliding window 128"),
            r.out);
        QVERIFY2(r.out.contains("qkv_proj 128x64, o_proj 64x64, gate_up_proj 256x64, down_proj 64x128"),
                 r.out);
        r = owq({"--json", "info", qs(phi3)});
        const QJsonArray linears = r.json()["linears_per_layer"].toArray();
        QCOMPARE(linears.size(), 4);
        QCOMPARE(linears[0].toObject()["name"].toString(), QString("self_attn.qkv_proj"));
        QCOMPARE(linears[0].toObject()["rows"].toInt(), 16 * (4 + 2 + 2)); // head_dim 16: q 4 heads, k/v 2
        QCOMPARE(linears[2].toObject()["rows"].toInt(), 2 * 128);          // [gate; up]
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
        QVERIFY(j["prompt_tokens"].toInt() > 1);
        QVERIFY(j["prompt_tokens_per_second"].toDouble() > 0);
        QVERIFY(!j["text"].toString().isEmpty());
        QCOMPARE(j["kernels"].toString(), QString("float32 cpu"));
        QCOMPARE(j["kv_cache"].toString(), QString("f32"));
        // A bfloat16 KV cache: the same 256 greedy tokens here (measured; stories260K's margins are wide),
        // and said in the JSON.
        r = owq({"-q", "--kv-cache", "bf16", "generate", shared("models/stories260K"), "--prompt", "",
                 "--temperature", "0", "--max-tokens", "256"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QByteArray::fromStdString(
                            owqtest::readFile(owqtest::sharedPath("expected/stories260K-greedy.txt"))));
        r = owq({"--json", "--kv-cache", "bf16", "generate", shared("models/stories260K"), "--prompt", "Once",
                 "--max-tokens", "4"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["kv_cache"].toString(), QString("bf16"));
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
        // The protocol the number was measured with (docs/EVALUATION.md); no KL divergence without a
        // reference.
        const QJsonObject p = j["protocol"].toObject();
        QCOMPARE(p["eval_file"].toString(), QString("eval.txt"));
        QCOMPARE(p["eval_digest"].toString().size(), 16);
        QCOMPARE(p["seqlen"].toInt(), 512);
        QCOMPARE(p["stride"].toInt(), 512);
        QCOMPARE(p["bos"].toString(), QString("once"));
        QCOMPARE(p["start_ids"].toArray(), QJsonArray({1}));
        QVERIFY(p["text_tokens"].toInt() >= 60 * 512);
        QCOMPARE(p["windows"].toInt(), 60);
        QCOMPARE(p["predicted_tokens"].toInt(), 60 * 511);
        QVERIFY(!j.contains("kld") && !j.contains("top1"));
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
        // --reference: the KL divergence from the float model and the top-1 agreement, the same perplexity.
        r = owq({"--json", "ppl", QString::fromStdString(out), "--data", shared("data/eval.txt"), "--seqlen",
                 "512", "--reference", shared("models/stories260K")});
        QCOMPARE(r.code, 0);
        {
            const QJsonObject j = r.json();
            QCOMPARE(j["ppl"].toDouble(), ppl);
            const QJsonObject k = j["kld"].toObject();
            for (const char* key : {"mean", "median", "p99", "max"})
                QVERIFY2(k.contains(key), r.out.constData());
            QVERIFY2(k["mean"].toDouble() > 0 && k["median"].toDouble() > 0 &&
                         k["p99"].toDouble() >= k["median"].toDouble() &&
                         k["max"].toDouble() >= k["p99"].toDouble(),
                     r.out.constData());
            QVERIFY2(j["top1"].toDouble() > 50 && j["top1"].toDouble() < 100, r.out.constData());
            QVERIFY2(std::abs(j["reference"].toObject()["ppl"].toDouble() - 3.3250) < 0.0005,
                     r.out.constData());
            QCOMPARE(j["protocol"].toObject()["predicted_tokens"].toInt(), 60 * 511);
        }
        // Text: the KL divergence line, top-1 and the protocol.
        r = owq({"ppl", QString::fromStdString(out), "--data", shared("data/eval.txt"), "--seqlen", "512",
                 "--reference", shared("models/stories260K")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("KL divergence from") && r.out.contains("top-1 agreement") &&
                     r.out.contains("protocol: eval.txt"),
                 r.out.constData());
        r = owq({"-q", "generate", QString::fromStdString(out), "--prompt", "Once upon a time",
                 "--max-tokens", "8"});
        QCOMPARE(r.code, 0);
        QVERIFY(!r.out.trimmed().isEmpty());
        // --int8-activations: said in the kernels that ran, where the avx512vnni path takes it.
        r = owq({"--json", "generate", QString::fromStdString(out), "--prompt", "Once upon a time",
                 "--max-tokens", "8"});
        QCOMPARE(r.code, 0);
        const QString path = r.json()["kernels"].toString();
        QVERIFY2(path.startsWith("packed cpu "), qPrintable(path));
        r = owq({"--json", "--int8-activations", "generate", QString::fromStdString(out), "--prompt",
                 "Once upon a time", "--max-tokens", "8"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["kernels"].toString(),
                 path == "packed cpu avx512vnni" ? path + " int8-activations" : path);
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
        // An unknown window sampling, named with its option by quantize and compare alike.
        for (const QString& cmd : {QString("quantize"), QString("compare")}) {
            QStringList args = {cmd,          shared("models/stories260K"),
                                "--calib",    shared("data/calib.txt"),
                                "--sampling", "python"};
            if (cmd == "quantize")
                args << "--out" << QString::fromStdString(out + "3");
            else
                args << "--eval" << shared("data/eval.txt");
            r = owq(args);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains("--sampling must be uniform or reference, not 'python'"),
                     r.err.constData());
        }
        QVERIFY(!std::filesystem::exists(out + "3"));
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
        // Inputs, outputs and the residual after attention (hidden 64) and the attention mix (8 heads x 8):
        // four float32 buffers.
        QCOMPARE(q["spill_disk_bytes"].toDouble(), 4.0 * 128 * 512 * 64 * 4);
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

    void compareFromTheCli() {
        OWQ_REQUIRE_SHARED();
        const QStringList tiny = {"--calib",       shared("data/calib.txt"),
                                  "--eval",        shared("data/eval.txt"),
                                  "--nsamples",    "4",
                                  "--seqlen",      "64",
                                  "--eval-seqlen", "128"};
        Run r = owq(QStringList{"--json", "-q", "compare", shared("models/stories260K"), "--bits", "3",
                                "--target-bit", "3.3", "--seed", "1"} +
                    tiny);
        QCOMPARE(r.code, 0);
        const QJsonArray rows = r.json()["rows"].toArray();
        QStringList methods;
        std::map<QString, QJsonObject> row;
        for (const auto& v : rows) {
            const QJsonObject o = v.toObject();
            methods << o["method"].toString();
            row[o["method"].toString()] = o;
            QVERIFY2(std::isfinite(o["ppl"].toDouble()) && o["ppl"].toDouble() > 1, r.out.constData());
            // Every row carries its protocol; the quantized ones their KL divergence from the fp row's model.
            QCOMPARE(o["protocol"].toObject()["eval_file"].toString(), QString("eval.txt"));
            QCOMPARE(o["protocol"].toObject()["seqlen"].toInt(), 128);
            if (o["method"].toString() == "fp") {
                QVERIFY(o["kld"].isNull() && o["top1"].isNull());
            } else {
                const QJsonObject k = o["kld"].toObject();
                QVERIFY2(k["mean"].toDouble() > 0 && k["p99"].toDouble() >= k["median"].toDouble() &&
                             k["max"].toDouble() >= k["p99"].toDouble(),
                         r.out.constData());
                QVERIFY2(o["top1"].toDouble() > 0 && o["top1"].toDouble() < 100, r.out.constData());
            }
        }
        QCOMPARE(methods, QStringList({"fp", "rtn", "gptq", "owq"}));
        QVERIFY2(row["owq"]["kld"].toObject()["mean"].toDouble() <
                     row["rtn"]["kld"].toObject()["mean"].toDouble(),
                 r.out.constData());
        for (const char* m : {"rtn", "gptq", "owq"}) {
            QCOMPARE(row[m]["bits"].toInt(), 3);
            // The float model is the best; at 3 bits every method loses something.
            QVERIFY2(row["fp"]["ppl"].toDouble() < row[m]["ppl"].toDouble(), r.out.constData());
        }
        QVERIFY2(row["owq"]["ppl"].toDouble() < row["rtn"]["ppl"].toDouble(), r.out.constData());
        QCOMPARE(row["owq"]["target_bit"].toDouble(), 3.3);
        QVERIFY(row["owq"]["weak_columns"].toInt() > 0 && row["gptq"]["weak_columns"].toInt() == 0);
        // --target-bit 3.3 buys weak columns: 0.3 bits more than the base, not the default 3.1's 0.1.
        QVERIFY2(row["owq"]["average_bits"].toDouble() > row["gptq"]["average_bits"].toDouble() + 0.25,
                 r.out.constData());
        // --eval-seqlen: the float row is `owq ppl` at that window length.
        Run ppl = owq({"--json", "ppl", shared("models/stories260K"), "--data", shared("data/eval.txt"),
                       "--seqlen", "128"});
        QCOMPARE(ppl.code, 0);
        QCOMPARE(row["fp"]["ppl"].toDouble(), ppl.json()["ppl"].toDouble());

        // Without --json: a header and one table row per method; --groupsize 32 costs RTN 16+8 bits of scale
        // and zero per 32 weights.
        r = owq(
            QStringList{"-q", "compare", shared("models/stories260K"), "--bits", "4", "--groupsize", "32"} +
            tiny);
        QCOMPARE(r.code, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 6); // header, 4 rows, the evaluation protocol
        QVERIFY2(
            lines[0].simplified().startsWith("method bits target bits/wt weak ppl kld mean kld p99 top1 %"),
            r.out.constData());
        QVERIFY2(lines[5].startsWith("evaluated on eval.txt (FNV-1a "), r.out.constData());
        QStringList textMethods;
        for (int i = 1; i < 5; ++i) {
            const QList<QByteArray> cols = lines[i].simplified().split(' ');
            QCOMPARE(cols.size(), 10);
            if (cols[0] == "fp")
                QCOMPARE(cols[6], QByteArray("-"));
            else
                QVERIFY2(cols[6].toDouble() > 0 && cols[8].toDouble() > 0 && cols[8].toDouble() < 100,
                         r.out.constData());
            textMethods << QString(cols[0]);
            QVERIFY2(std::isfinite(cols[5].toDouble()) && cols[5].toDouble() > 1, r.out.constData());
            if (cols[0] == "rtn") QVERIFY2(cols[3].toDouble() > 4.5, r.out.constData());
            if (cols[0] == "owq") QCOMPARE(cols[2], QByteArray("4.10"));
        }
        QCOMPARE(textMethods, QStringList({"fp", "rtn", "gptq", "owq"}));
    }

    void ctrlCCancelsQuantizeAndResumeFinishesIt() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("cli-sigint");
        // The test's own copy of the model: quantizing must only read it.
        const std::string model = dir + "/model";
        std::filesystem::copy(owqtest::sharedPath("models/stories260K"), model);
        const auto source = folderBytes(model);
        const std::string out = dir + "/q";
        const QStringList args = {"quantize",   qs(model), "--method", "gptq",
                                  "--wbits",    "3",       "--calib",  shared("data/calib.txt"),
                                  "--nsamples", "32",      "--seqlen", "256",
                                  "--out",      qs(out)};
        QProcess p;
        p.start(OWQ_CLI_PATH, args);
        QVERIFY(p.waitForStarted());
        QByteArray err;
        // Ctrl-C once quantizing shows progress and layer 0 is in the resume state.
        QVERIFY2(waitUntil(p, err,
                           [&] {
                               return err.contains("\nquantize ") &&
                                      std::filesystem::exists(out + ".partial/state.json");
                           }),
                 err.constData());
        QVERIFY(interrupt(p));
        QVERIFY(p.waitForFinished(60000));
        err += p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY2(err.contains("cancelled"), err.right(400).constData());
        QVERIFY2(err.contains("finished layers are kept in " + QByteArray::fromStdString(out) + ".partial") &&
                     err.contains("--resume"),
                 err.right(400).constData());
        // No output folder, no temporary sibling: only the resume state (docs/CLI.md), which is not a model.
        std::vector<std::string> left;
        for (const auto& e : std::filesystem::directory_iterator(dir)) left.push_back(e.path().filename());
        std::sort(left.begin(), left.end());
        QCOMPARE(left, (std::vector<std::string>{"model", "q.partial"}));
        const QJsonObject state = jsonFile(out + ".partial/state.json");
        const int finished = state["finished_layers"].toInt();
        QVERIFY2(finished >= 1 && finished < 5, qPrintable(QString::number(finished)));
        QVERIFY(!std::filesystem::exists(out + ".partial/model.safetensors") &&
                !std::filesystem::exists(out + ".partial/config.json"));
        QVERIFY(folderBytes(model) == source);

        // --resume finishes it from there: the finished layers are taken over, not quantized again.
        Run r = owq(QStringList{"-q"} + args + QStringList{"--resume"});
        QCOMPARE(r.code, 0);
        for (const char* f : {"model.safetensors", "config.json", "owq_diagnostics.json"})
            QVERIFY2(std::filesystem::exists(out + "/" + f), f);
        QVERIFY(!std::filesystem::exists(out + ".partial"));
        const QJsonArray layers = jsonFile(out + "/owq_diagnostics.json")["layers"].toArray();
        QCOMPARE(layers.size(), 5);
        QCOMPARE(layers[0].toObject()["seconds"].toDouble(),
                 state["report"].toObject()["layers"].toArray()[0].toObject()["seconds"].toDouble());
        QVERIFY(folderBytes(model) == source);
    }

    // A NaN weight stops quantization where the pipeline reaches it. In layer 0 nothing is finished, so no
    // OUT.partial is left behind; in layer 1 the error names the tensor, says that the finished layer is kept
    // and how to go on, and once the weight is mended --resume does go on from there.
    void nanWeightStopsTheRunAndSaysWhatIsKept() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("cli-nan-layer");
        const std::string model = dir + "/model";
        std::filesystem::copy(owqtest::sharedPath("models/stories260K"), model);
        const std::string st = model + "/model.safetensors";
        const std::string good = owqtest::readFile(st);
        const auto writeWithNaN = [&](const char* name) {
            owqtest::writeFile(st, good);
            owqtest::setFloat32(st, name, 10, std::numeric_limits<float>::quiet_NaN());
        };
        const std::string out = dir + "/q";
        const QStringList args = {"-q",
                                  "quantize",
                                  qs(model),
                                  "--method",
                                  "owq",
                                  "--wbits",
                                  "3",
                                  "--target-bit",
                                  "3.1",
                                  "--calib",
                                  shared("data/calib.txt"),
                                  "--nsamples",
                                  "8",
                                  "--seqlen",
                                  "128",
                                  "--out",
                                  qs(out)};

        writeWithNaN("model.layers.0.mlp.up_proj.weight");
        Run r = owq(args);
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains("model.layers.0.mlp.up_proj.weight") && !r.err.contains("finished layers"),
                 r.err.constData());
        QVERIFY(!std::filesystem::exists(out) && !std::filesystem::exists(out + ".partial"));

        const char* name = "model.layers.1.self_attn.q_proj.weight";
        writeWithNaN(name);
        r = owq(args); // not refused: the failed run left nothing
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains(name) && r.err.contains("NaN"), r.err.constData());
        QVERIFY2(
            r.err.contains("finished layers are kept in " + QByteArray::fromStdString(out) + ".partial") &&
                r.err.contains("--resume"),
            r.err.constData());
        QVERIFY(!std::filesystem::exists(out));
        QCOMPARE(jsonFile(out + ".partial/state.json")["finished_layers"].toInt(), 1);
        // Resuming with the weight still bad fails the same way; the folder is no news then.
        r = owq(args + QStringList{"--resume"});
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains(name) && !r.err.contains("finished layers are kept"), r.err.constData());
        QVERIFY(std::filesystem::exists(out + ".partial/state.json"));
        // Mended, --resume finishes the run from layer 1.
        owqtest::writeFile(st, good);
        r = owq(args + QStringList{"--resume"});
        QCOMPARE(r.code, 0);
        QVERIFY(std::filesystem::exists(out + "/model.safetensors") &&
                !std::filesystem::exists(out + ".partial"));
        QCOMPARE(jsonFile(out + "/owq_diagnostics.json")["layers"].toArray().size(), 5);
    }

    void secondCtrlCExitsAtOnce() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("cli-sigint2");
        const std::string out = dir + "/q";
        // Two Ctrl-C in a row while quantizing: 130 straight away, nothing under the output name.
        QProcess p;
        p.start(OWQ_CLI_PATH,
                {"quantize", shared("models/stories260K"), "--method", "gptq", "--wbits", "3", "--calib",
                 shared("data/calib.txt"), "--nsamples", "32", "--seqlen", "256", "--out", qs(out)});
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QVERIFY2(waitUntil(p, err, [&] { return err.contains("\nquantize "); }), err.constData());
        QVERIFY(interrupt(p));
        ::kill(pid_t(p.processId()), SIGINT); // may find it already gone
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(!std::filesystem::exists(out));

        // Chat waiting on stdin has no job to cancel: the first Ctrl-C leaves it running (it still answers),
        // only the second ends it, at once, with 130.
        QProcess c;
        c.start(OWQ_CLI_PATH,
                {"chat", shared("models/stories260K"), "--max-tokens", "4", "--temperature", "0"});
        QVERIFY(c.waitForStarted());
        err.clear();
        QVERIFY2(waitUntil(c, err, [&] { return err.contains("load 7/7"); }), err.constData());
        QVERIFY(interrupt(c));
        c.write("Once upon a time\n");
        QByteArray reply;
        for (int i = 0; i < 600 && !reply.contains('\n'); ++i) {
            c.waitForReadyRead(100);
            reply += c.readAllStandardOutput();
        }
        QVERIFY2(reply.contains('\n') && reply.trimmed().size() > 0, reply.constData());
        QCOMPARE(c.state(), QProcess::Running);
        QVERIFY(interrupt(c)); // idle again: this one only marks the token
        QTest::qWait(50);      // (its handler runs a moment after the signal is taken)
        QVERIFY(interrupt(c));
        QVERIFY(c.waitForFinished(10000));
        QCOMPARE(c.exitStatus(), QProcess::NormalExit);
        QCOMPARE(c.exitCode(), 130);
    }

    void chatCommandsSystemAndTemplate() {
        OWQ_REQUIRE_SHARED();
        // Greedy replies, so that runs can be compared: what a turn answers depends only on its prompt.
        const QStringList chat = {"--json",       "-q", "chat",       shared("models/stories260K"),
                                  "--max-tokens", "12", "--template", "chatml"};
        const QStringList greedy = {"--temperature", "0"};
        const QStringList sys = {"--system", "Be brief."};
        auto replies = [](const Run& r) {
            QStringList users, answers;
            for (const auto& t : r.json()["turns"].toArray()) {
                users << t.toObject()["user"].toString();
                answers << t.toObject()["assistant"].toString();
            }
            return std::pair{users, answers};
        };
        Run r = owq(chat + greedy + sys, "Hi\n/reset\nAgain\n/exit\nNever\n");
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["template"].toString(), QString("chatml"));
        const auto [users, answers] = replies(r);
        QCOMPARE(users, QStringList({"Hi", "Again"})); // commands are no turns; nothing after /exit
        // After /reset, "Again" is answered as the first turn of a new conversation ...
        Run fresh = owq(chat + greedy + sys, "Again\n");
        QCOMPARE(fresh.code, 0);
        QCOMPARE(replies(fresh).second, QStringList({answers[1]}));
        // ... which is not how it is answered after "Hi".
        Run kept = owq(chat + greedy + sys, "Hi\nAgain\n");
        QCOMPARE(replies(kept).second.size(), 2);
        QVERIFY2(replies(kept).second[1] != answers[1], kept.out.constData());
        // The system prompt is part of the prompt.
        Run noSystem = owq(chat + greedy, "Again\n");
        QVERIFY2(replies(noSystem).second != replies(fresh).second, noSystem.out.constData());
        // --top-k 1 and a tiny --top-p sample the greedy token; plain sampling with that seed does not.
        for (const QStringList& s : {QStringList{"--top-k", "1"}, QStringList{"--top-p", "0.000001"}}) {
            Run sampled = owq(chat + sys + s + QStringList{"--temperature", "1", "--seed", "9"}, "Again\n");
            QCOMPARE(replies(sampled).second, replies(fresh).second);
        }
        Run sampled = owq(chat + sys + QStringList{"--temperature", "1", "--seed", "9"}, "Again\n");
        QVERIFY2(replies(sampled).second != replies(fresh).second, sampled.out.constData());
        // An unknown template: a usage error listing the valid names, before the model is read.
        r = owq({"chat", shared("models/stories260K"), "--template", "nope"}, "Hi\n");
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("nope") && r.err.contains("plain, llama2, llama3, zephyr, chatml"),
                 r.err.constData());
        QVERIFY2(!r.err.contains("load "), r.err.constData());
    }

    void quantizeFlagsShowInTheOutput() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("cli-qflags");
        const QStringList tiny = {"--calib", shared("data/calib.txt"), "--nsamples", "4", "--seqlen", "64"};
        // Groups, act-order, symmetric, min/max, a fixed weak column count, damping and seed.
        const std::string a = dir + "/a";
        Run r = owq(QStringList{"--json",
                                "-q",
                                "quantize",
                                shared("models/stories260K"),
                                "--method",
                                "owq",
                                "--wbits",
                                "4",
                                "--weak-columns",
                                "3",
                                "--groupsize",
                                "32",
                                "--act-order",
                                "--sym",
                                "--minmax",
                                "--percdamp",
                                "0.05",
                                "--seed",
                                "7",
                                "--out",
                                qs(a)} +
                    tiny);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["weak_columns_total"].toInt(), 35 * 3);
        const QJsonObject qc = jsonFile(a + "/config.json")["quantization_config"].toObject();
        QCOMPARE(qc["group_size"].toInt(), 32);
        QCOMPARE(qc["act_order"].toBool(), true);
        QCOMPARE(qc["sym"].toBool(), true);
        QCOMPARE(qc["mse"].toBool(), false); // OWQ's default is the MSE search
        QCOMPARE(qc["weak_columns"].toInt(), 3);
        QVERIFY(std::abs(qc["percdamp"].toDouble() - 0.05) < 1e-6);
        QCOMPARE(qc["seed"].toInt(), 7);
        const QJsonArray linA = jsonFile(a + "/owq_diagnostics.json")["linears"].toArray();
        QCOMPARE(linA.size(), 35);
        const Tensors ta(a + "/model.safetensors");
        bool someActOrder = false, someNotTopHDiag = false;
        for (const auto& v : linA) {
            const QJsonObject l = v.toObject();
            const QString base = l["name"].toString();
            const int rows = l["rows"].toInt(), cols = l["cols"].toInt();
            QCOMPARE(l["weak_columns"].toArray().size(), 3);
            QCOMPARE(ta.shape(base + ".weak_idx"), QJsonArray({3}));
            // One scale and zero per 32 packed columns.
            QCOMPARE(ta.shape(base + ".scales"), QJsonArray({rows, (cols - 3 + 31) / 32}));
            // Symmetric 4-bit: every zero point is the middle code.
            const QByteArray zeros = ta.bytes(base + ".qzeros");
            QVERIFY(!zeros.isEmpty() && zeros.count(char(8)) == zeros.size());
            // Act-order groups: the packed columns are not in input order.
            const std::vector<std::int32_t> perm = ta.ints(base + ".perm");
            someActOrder = someActOrder || !std::is_sorted(perm.begin(), perm.end());
            someNotTopHDiag = someNotTopHDiag || !weakAreTopHDiag(l);
        }
        QVERIFY(someActOrder);
        QVERIFY(someNotTopHDiag); // by default, sensitivity is not H_jj alone

        // Per-channel, asymmetric, input order, weak columns by H_jj alone.
        const std::string b = dir + "/b";
        r = owq(QStringList{"-q", "quantize", shared("models/stories260K"), "--method", "owq", "--wbits", "3",
                            "--weak-columns", "2", "--h-diag-only", "--out", qs(b)} +
                tiny);
        QCOMPARE(r.code, 0);
        QCOMPARE(jsonFile(b + "/config.json")["quantization_config"]
                     .toObject()["sensitivity_h_diag_only"]
                     .toBool(),
                 true);
        const Tensors tb(b + "/model.safetensors");
        bool someAsymmetric = false;
        for (const auto& v : jsonFile(b + "/owq_diagnostics.json")["linears"].toArray()) {
            const QJsonObject l = v.toObject();
            const QString base = l["name"].toString();
            QVERIFY2(weakAreTopHDiag(l), qPrintable(base));
            QCOMPARE(tb.shape(base + ".scales"), QJsonArray({l["rows"].toInt(), 1}));
            const std::vector<std::int32_t> perm = tb.ints(base + ".perm");
            QVERIFY(std::is_sorted(perm.begin(), perm.end()));
            const QByteArray zeros = tb.bytes(base + ".qzeros");
            someAsymmetric = someAsymmetric || zeros.count(zeros[0]) != zeros.size();
        }
        QVERIFY(someAsymmetric);

        // --mse for RTN (whose default is min/max), and the two together refused.
        r = owq(QStringList{"--json", "-q", "quantize", shared("models/stories260K"), "--method", "rtn",
                            "--wbits", "4", "--mse", "--out", qs(dir + "/c")} +
                tiny);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["recipe"].toObject()["mse"].toBool(), true);
        QCOMPARE(jsonFile(dir + "/c/config.json")["quantization_config"].toObject()["mse"].toBool(), true);
        r = owq(QStringList{"quantize", shared("models/stories260K"), "--mse", "--minmax", "--out",
                            qs(dir + "/d")} +
                tiny);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--mse and --minmax"), r.err.constData());
        QVERIFY(!std::filesystem::exists(dir + "/d"));
    }

    // --clip-search: recorded in the recipe, and at 2 bits a clearly better model from the same calibration
    // (stories260K OWQ 2.1, 32 x 512 windows: eval.txt 30.32 without, 24.74 with, measured); refused for RTN.
    void quantizeClipSearch() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("cli-clip");
        const QStringList common = {"--json",       "-q",
                                    "--threads",    "1",
                                    "quantize",     shared("models/stories260K"),
                                    "--method",     "owq",
                                    "--wbits",      "2",
                                    "--target-bit", "2.1",
                                    "--calib",      shared("data/calib.txt"),
                                    "--nsamples",   "32",
                                    "--seqlen",     "512",
                                    "--eval",       shared("data/eval.txt")};
        Run plain = owq(common + QStringList{"--out", qs(dir + "/plain")});
        QCOMPARE(plain.code, 0);
        Run clip = owq(common + QStringList{"--clip-search", "--out", qs(dir + "/clip")});
        QCOMPARE(clip.code, 0);
        QCOMPARE(clip.json()["recipe"].toObject()["clip_search"].toBool(), true);
        QVERIFY(!plain.json()["recipe"].toObject().contains("clip_search"));
        QCOMPARE(
            jsonFile(dir + "/clip/config.json")["quantization_config"].toObject()["clip_search"].toBool(),
            true);
        const double before = plain.json()["ppl"].toDouble(), after = clip.json()["ppl"].toDouble();
        qInfo("OWQ 2.1 on eval.txt: %.4f without the clip search, %.4f with it", before, after);
        QVERIFY2(after < 0.9 * before, clip.out.constData());
        // Same storage: the search changes scales and codes, not what is stored.
        QCOMPARE(clip.json()["average_bits"].toDouble(), plain.json()["average_bits"].toDouble());
        // An export's model card says so.
        Run ex = owq({"-q", "export", qs(dir + "/clip"), "--format", "owq", "--out", qs(dir + "/exported")});
        QCOMPARE(ex.code, 0);
        QVERIFY(owqtest::readFile(dir + "/exported/README.md").find("| clip search | yes") !=
                std::string::npos);

        Run rtn = owq(QStringList{"quantize", shared("models/stories260K"), "--method", "rtn", "--wbits", "4",
                                  "--clip-search", "--calib", shared("data/calib.txt"), "--nsamples", "4",
                                  "--seqlen", "64", "--out", qs(dir + "/rtn")});
        QCOMPARE(rtn.code, 2);
        QVERIFY2(rtn.err.contains("clip search") && rtn.err.contains("rtn"), rtn.err.constData());
        QVERIFY(!std::filesystem::exists(dir + "/rtn"));
    }

    void exportFlagsFromTheCli() {
        OWQ_REQUIRE_SHARED();
        const std::string& model = smallPackedModel();
        QVERIFY(std::filesystem::exists(model + "/model.safetensors"));
        const std::string dir = owqtest::scratchDir("cli-export");
        // hf in bfloat16, in shards of at most 200 kB with the index naming each tensor's shard.
        const std::string hf = dir + "/hf";
        Run r = owq({"--json", "-q", "export", qs(model), "--format", "hf", "--dtype", "bf16",
                     "--max-shard-size", "200KB", "--out", qs(hf)});
        QCOMPARE(r.code, 0);
        const int shards = r.json()["shards"].toInt();
        QVERIFY2(shards >= 2, r.out.constData());
        QVERIFY(!std::filesystem::exists(hf + "/model.safetensors"));
        const QJsonObject map = jsonFile(hf + "/model.safetensors.index.json")["weight_map"].toObject();
        int tensors = 0;
        for (int i = 1; i <= shards; ++i) {
            const QString file = QString("model-%1-of-%2.safetensors")
                                     .arg(i, 5, 10, QChar('0'))
                                     .arg(shards, 5, 10, QChar('0'));
            const std::string path = hf + "/" + file.toStdString();
            QVERIFY2(std::filesystem::file_size(path) <= 200000 + 20000, qPrintable(file)); // + header
            const Tensors t(path);
            for (auto it = t.header.begin(); it != t.header.end(); ++it) {
                if (it.key() == "__metadata__") continue;
                ++tensors;
                QCOMPARE(it.value().toObject()["dtype"].toString(), QString("BF16"));
                QCOMPARE(map[it.key()].toString(), file);
            }
        }
        QCOMPARE(map.size(), tensors);
        QVERIFY(map.contains("model.layers.0.mlp.down_proj.weight"));
        const QJsonObject cfg = jsonFile(hf + "/config.json");
        QVERIFY(!cfg.contains("quantization_config"));
        QCOMPARE(cfg["torch_dtype"].toString(), QString("bfloat16"));

        // gptq+lora: the 172-wide MLP cannot be packed by GPTQ; refused naming it, kept dense on request.
        r = owq({"export", qs(model), "--format", "gptq+lora", "--out", qs(dir + "/refused")});
        QCOMPARE(r.code, 5);
        QVERIFY2(r.err.contains("mlp"), r.err.constData());
        QVERIFY(!std::filesystem::exists(dir + "/refused"));
        const std::string gl = dir + "/gptq-lora";
        r = owq({"--json", "-q", "export", qs(model), "--format", "gptq+lora", "--dense-fallback",
                 "--gptq-format", "gptq_v2", "--out", qs(gl)});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["checkpoint_format"].toString(), QString("gptq_v2"));
        QCOMPARE(r.json()["dense_linears"].toInt(), 15); // 3 MLP linears x 5 layers
        QCOMPARE(r.json()["gptq_linears"].toInt(), 20);
        QCOMPARE(jsonFile(gl + "/quantize_config.json")["checkpoint_format"].toString(), QString("gptq_v2"));
        QVERIFY(std::filesystem::exists(gl + "/weak_lora/adapter_config.json"));
        QVERIFY(Tensors(gl + "/model.safetensors").header.contains("model.layers.0.mlp.down_proj.weight"));

        // owq (text output): every tensor as it was.
        const std::string native = dir + "/owq";
        r = owq({"-q", "export", qs(model), "--format", "owq", "--out", qs(native)});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("exported owq -> "), r.out.constData());
        const Tensors src(model + "/model.safetensors"), dst(native + "/model.safetensors");
        QCOMPARE(dst.header.size(), src.header.size());
        for (auto it = src.header.begin(); it != src.header.end(); ++it) {
            if (it.key() == "__metadata__") continue;
            QCOMPARE(dst.info(it.key())["dtype"], it.value().toObject()["dtype"]);
            QVERIFY2(dst.bytes(it.key()) == src.bytes(it.key()), qPrintable(it.key()));
        }
    }

    void tuneFlagsFromTheCli() {
        OWQ_REQUIRE_SHARED();
        const std::string& model = smallPackedModel();
        QVERIFY(std::filesystem::exists(model + "/model.safetensors"));
        const std::string dir = owqtest::scratchDir("cli-tune");
        const std::string out = dir + "/t", ckpt = dir + "/ckpt", lora = dir + "/t-lora";
        const QStringList run = {"tune",           qs(model),
                                 "--data",         shared("data/calib.txt"),
                                 "--eval",         shared("data/eval.txt"),
                                 "--format",       "text",
                                 "--eval-windows", "2",
                                 "--steps",        "5",
                                 "--lr",           "2e-3",
                                 "--batch",        "2",
                                 "--seqlen",       "32",
                                 "--accum",        "2",
                                 "--warmup",       "2",
                                 "--schedule",     "linear",
                                 "--min-lr-ratio", "0.5",
                                 "--clip",         "0.5",
                                 "--weight-decay", "0.01",
                                 "--seed",         "3",
                                 "--eval-every",   "2",
                                 "--extra-weak",   "1"};
        Run r =
            owq(QStringList{"--json", "-q"} + run +
                QStringList{"--save-every", "2", "--checkpoint-dir", qs(ckpt), "--out", qs(out), "--lora-out",
                            qs(lora), "--lora-gptq-format", "gptq_v2", "--lora-dense-fallback"});
        QCOMPARE(r.code, 0);
        const QJsonObject j = r.json();
        QCOMPARE(j["steps"].toInt(), 5);
        // Warm-up to 2e-3 over 2 steps, then linear decay to half of it at the last step.
        const double lr[] = {0, 1e-3, 2e-3, 2e-3 * (1 - 0.5 / 3), 2e-3 * (1 - 1.0 / 3), 1e-3};
        const QJsonArray hist = j["history"].toArray();
        QCOMPARE(hist.size(), 6);
        for (int s = 0; s <= 5; ++s) {
            const QJsonObject h = hist[s].toObject();
            QCOMPARE(h["step"].toInt(), s);
            QVERIFY2(std::abs(h["lr"].toDouble() - lr[s]) < 1e-12, qPrintable(QString::number(s)));
            // Evaluated before training, every 2 steps and after the last.
            QCOMPARE(h.contains("eval_loss"), s % 2 == 0 || s == 5);
        }
        QCOMPARE(j["eval_tokens"].toInt(), 2 * 31); // 2 windows of 32 tokens, each predicting 31
        QCOMPARE(j["extra_weak_columns"].toInt(), 35);
        QCOMPARE(j["weak_columns"].toInt(), 35 * 3);
        for (const auto& v : jsonFile(out + "/owq_diagnostics.json")["linears"].toArray())
            QCOMPARE(v.toObject()["weak_columns"].toArray().size(), 3);
        QCOMPARE(j["checkpoints"].toArray().size(), 2);
        for (const char* step : {"/step-000002", "/step-000004"})
            QVERIFY2(std::filesystem::exists(ckpt + step + "/tune_state.json"), step);
        // The record keeps the options that leave no other trace in a 5-step run.
        const QJsonObject opts = jsonFile(out + "/owq_tuning.json")["options"].toObject();
        QCOMPARE(opts["batch"].toInt(), 2);
        QCOMPARE(opts["accum"].toInt(), 2);
        QCOMPARE(opts["clip"].toDouble(), 0.5);
        QCOMPARE(opts["weight_decay"].toDouble(), 0.01);
        QCOMPARE(opts["seed"].toInt(), 3);
        QCOMPARE(opts["format"].toString(), QString("text"));
        QCOMPARE(
            QString::fromStdString(std::filesystem::path(j["lora_out"].toString().toStdString()).filename()),
            QString("t-lora"));
        QCOMPARE(jsonFile(lora + "/quantize_config.json")["checkpoint_format"].toString(),
                 QString("gptq_v2"));
        QVERIFY(std::filesystem::exists(lora + "/weak_lora/adapter_model.safetensors"));
        QVERIFY(Tensors(lora + "/model.safetensors").header.contains("model.layers.0.mlp.down_proj.weight"));

        // --resume from step 2 continues with the very losses of the uninterrupted run.
        r = owq(QStringList{"--json", "-q"} + run +
                QStringList{"--resume", qs(ckpt + "/step-000002"), "--out", qs(dir + "/resumed")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["start_step"].toInt(), 2);
        const QJsonArray resumed = r.json()["history"].toArray();
        QCOMPARE(resumed.size(), 6);
        for (int s = 3; s <= 5; ++s)
            QCOMPARE(resumed[s].toObject()["loss"].toDouble(), hist[s].toObject()["loss"].toDouble());

        // Without --eval, --eval-split holds out that part of the data (text output, a line per eval).
        r = owq({"-q", "tune", qs(model), "--data", shared("data/calib.txt"), "--eval-split", "0.5",
                 "--eval-windows", "1", "--steps", "1", "--lr", "1e-3", "--batch", "1", "--seqlen", "16",
                 "--out", qs(dir + "/split")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("step     0  eval loss") && r.out.contains("tuned "), r.out.constData());
        const double trainTokens =
            jsonFile(dir + "/split/owq_tuning.json")["result"].toObject()["train_tokens"].toDouble();
        const double allTokens = j["train_tokens"].toDouble();
        QVERIFY2(trainTokens > 0.4 * allTokens && trainTokens < 0.6 * allTokens,
                 qPrintable(QString("%1 of %2").arg(trainTokens).arg(allTokens)));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
