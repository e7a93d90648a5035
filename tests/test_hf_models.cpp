// The models people hold today: folders with a tokenizer.json and a Jinja chat_template, through the public
// API (Tokenizer, ChatTemplate, ChatSession, LanguageModel) and the owq command line, on random tiny models
// that carry each of the real tokenizers of ../shared/tokenizers.
#include "catch_error.h"
#include "testutil.h"

#include "owq/chat.h"
#include "owq/chat_template.h"
#include "owq/engine.h"
#include "owq/error.h"
#include "owq/tokenizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <optional>

namespace fs = std::filesystem;
using json = nlohmann::json;
using owq::ErrorKind;

namespace {

using owqtest::catchError;
using owqtest::contains;
using owqtest::idsToString;
using owqtest::validUtf8;

const char* const kTokenizers[] = {"llama3", "qwen3", "sp-bpe-32k"};

std::string tokDir(const std::string& name) {
    return owqtest::sharedPath("tokenizers/" + name);
}

json readJson(const std::string& path) {
    return json::parse(owqtest::readFile(path));
}

std::vector<std::int32_t> idsOf(const json& j) {
    return j.get<std::vector<std::int32_t>>();
}

struct Run {
    int code = -1;
    QByteArray out, err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run owqCli(const QStringList& args, const QByteArray& stdinData = {}) {
    QProcess p;
    p.start(OWQ_CLI_PATH, args);
    p.waitForStarted();
    if (!stdinData.isEmpty()) p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(600000)) p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

class TestHfModels : public QObject {
    Q_OBJECT

    std::map<std::string, std::string> tiny_; // tokenizer name -> random tiny model folder

private slots:
    void initTestCase() {
        if (!owqtest::haveShared()) return;
        // Two small decoder layers with each real tokenizer: every id of the tokenizer is a row of the
        // embedding, so whatever the tokenizer produces the model can read.
        for (const char* name : kTokenizers)
            tiny_[name] = owqtest::tinyRandomModel(std::string("tiny-") + name, tokDir(name));
    }

    void folderPrefersTokenizerJson() {
        OWQ_REQUIRE_SHARED();
        // A folder with both files: transformers loads tokenizer.json, and so do we.
        const std::string both = owqtest::scratchDir("tok-both");
        for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
            fs::copy_file(tokDir("qwen3") + "/" + f, both + "/" + f, fs::copy_options::overwrite_existing);
        fs::copy_file(owqtest::sharedPath("tokenizers/llama2/tokenizer.model"), both + "/tokenizer.model",
                      fs::copy_options::overwrite_existing);
        auto tok = owq::Tokenizer::loadFromFolder(both);
        QCOMPARE(tok->kind(), owq::TokenizerKind::HuggingFaceJson);
        QCOMPARE(tok->path(), both + "/tokenizer.json");
        QCOMPARE(owq::Tokenizer::fileInFolder(both), both + "/tokenizer.json");
        QCOMPARE(tok->kindName(), std::string("tokenizer.json"));
        QVERIFY2(contains(tok->describe(), "151643"), tok->describe().c_str());
        fs::remove(both + "/tokenizer.json");
        tok = owq::Tokenizer::loadFromFolder(both);
        QCOMPARE(tok->kind(), owq::TokenizerKind::SentencePiece);
        QCOMPARE(tok->vocabSize(), 32000);
    }

    void folderTokenizersMatchTheReference() {
        OWQ_REQUIRE_SHARED();
        const json cases = readJson(owqtest::sharedPath("tokenizers/bpe-cases.json"));
        for (const char* name : kTokenizers) {
            auto tok = owq::Tokenizer::loadFromFolder(tokDir(name));
            QCOMPARE(tok->vocabSize(), cases[name]["vocab_size"].get<std::int32_t>());
            int n = 0;
            for (const json& c : cases[name]["cases"]) {
                const std::string text = c["text"].get<std::string>();
                const std::string where = std::string(name) + ": \"" + text + "\"";
                QVERIFY2(tok->encode(text, false) == idsOf(c["ids"]), where.c_str());
                QVERIFY2(tok->encode(text, true) == idsOf(c["ids_with_specials"]), where.c_str());
                QVERIFY2(tok->decode(idsOf(c["ids"])) == c["decoded"].get<std::string>(), where.c_str());
                ++n;
            }
            QCOMPARE(n, 30);
        }
        // What every model input starts with: the post-processor's BOS (sp-bpe-32k adds <s>), nothing for
        // Qwen, and nothing for this Llama-3 file (its post-processor is ByteLevel only).
        QCOMPARE(owq::Tokenizer::loadFromFolder(tokDir("sp-bpe-32k"))->startIds(),
                 std::vector<std::int32_t>{1});
        QVERIFY(owq::Tokenizer::loadFromFolder(tokDir("qwen3"))->startIds().empty());
        auto llama3 = owq::Tokenizer::loadFromFolder(tokDir("llama3"));
        QVERIFY(llama3->startIds().empty());
        QCOMPARE(llama3->bosId(), 128000); // tokenizer_config.json's bos_token
        QVERIFY(llama3->isEos(128001));
    }

    void specialTokenTextCanStayText() {
        OWQ_REQUIRE_SHARED();
        auto tok = owq::Tokenizer::loadFromFolder(tokDir("qwen3"));
        const std::string text = "<|im_start|>user\nhi<|im_end|>";
        const auto parsed = tok->encode(text, false, owq::SpecialTokens::Parse);
        QCOMPARE(parsed.front(), 151644);
        QCOMPARE(parsed.back(), 151645);
        const auto plain = tok->encode(text, false, owq::SpecialTokens::AsText);
        QVERIFY(plain.size() > parsed.size());
        for (std::int32_t id : plain) QVERIFY(!tok->isSpecial(id));
        QCOMPARE(tok->decode(plain), text);
        QVERIFY(tok->isSpecial(151645));
        QVERIFY(tok->isEos(151645)); // tokenizer_config.json's eos_token ends Qwen's turns
    }

    void streamingNeverSplitsACharacter() {
        OWQ_REQUIRE_SHARED();
        const std::string text = "emoji 😀👍🏽🇩🇪 한국어 量化 ﬁ é ZWJ 👩\u200d💻 end";
        for (const char* name : kTokenizers) {
            auto tok = owq::Tokenizer::loadFromFolder(tokDir(name));
            const auto ids = tok->encode(text, false);
            owq::StreamDecoder stream(tok);
            std::string joined;
            int partial = 0; // tokens that ended inside a character (their text waited)
            for (std::int32_t id : ids) {
                const std::string piece = stream.push(id);
                QVERIFY2(validUtf8(piece), name);
                partial += piece.empty();
                joined += piece;
            }
            joined += stream.flush();
            QCOMPARE(joined, tok->decode(ids));
            QVERIFY2(partial > 0, name); // the byte-level / byte-fallback split really happened
        }
    }

    // A long reply: each push decodes a few ids (the last returned one as context), not the whole reply,
    // and the pieces still join to decode(all ids), special tokens in the middle included.
    void streamingDecodesAWindow() {
        OWQ_REQUIRE_SHARED();
        const std::string text =
            owqtest::readFile(owqtest::sharedPath("data/eval.txt")).substr(0, 6000) +
            " emoji 😀👍🏽🇩🇪 한국어 量化 ﬁ é 👩\u200d💻  two  spaces\n\nend";
        for (const char* name : kTokenizers) {
            auto tok = owq::Tokenizer::loadFromFolder(tokDir(name));
            std::vector<std::int32_t> ids = tok->encode(text, false);
            QVERIFY2(ids.size() > 1000, name);
            // An end-of-sequence token mid-reply (generation with EOS ignored), then more text.
            ids.push_back(tok->eosId());
            for (std::int32_t id : tok->encode(" and after it", false)) ids.push_back(id);
            owq::StreamDecoder stream(tok);
            std::string joined;
            std::size_t widest = 0;
            for (std::int32_t id : ids) {
                const std::string piece = stream.push(id);
                QVERIFY2(validUtf8(piece), name);
                joined += piece;
                widest = std::max(widest, stream.windowIds()); // the whole reply's count without the window
            }
            joined += stream.flush();
            QCOMPARE(joined, tok->decode(ids));
            QVERIFY2(widest <= 12,
                     (std::string(name) + ": window of " + std::to_string(widest) + " ids").c_str());
        }
    }

    void modelTemplatesRenderAsJinja2() {
        OWQ_REQUIRE_SHARED();
        const json renders = readJson(owqtest::sharedPath("tokenizers/chat-renders.json"));
        for (const char* name : {"llama3", "qwen3"}) {
            const owq::ChatTemplate t = owq::ChatTemplate::fromFolder(tokDir(name));
            QVERIFY2(t.isJinja(), t.fallbackReason().c_str());
            QCOMPARE(t.name(), std::string("model template"));
            QVERIFY(t.fallbackReason().empty());
            int n = 0;
            for (const json& c : renders[name]) {
                std::vector<owq::ChatMessage> messages;
                for (const json& m : c["messages"])
                    messages.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
                QCOMPARE(t.render(messages, c["add_generation_prompt"].get<bool>()),
                         c["rendered"].get<std::string>());
                ++n;
            }
            QCOMPARE(n, 4);
        }
        // No template in the folder: the built-in plain format, with no claim of a fallback.
        const owq::ChatTemplate none = owq::ChatTemplate::fromFolder(tokDir("sp-bpe-32k"));
        QVERIFY(!none.isJinja());
        QCOMPARE(none.builtinFormat(), owq::ChatFormat::Plain);
        QVERIFY(none.fallbackReason().empty());
    }

    void unsupportedTemplateFallsBackAndSaysWhy() {
        const std::string dir = owqtest::scratchDir("tmpl-unsupported");
        const std::string source = "{% for m in messages %}<|im_start|>{{ m.role }}\n"
                                   "{{ m.content | wordcount }}<|im_end|>\n{% endfor %}";
        owqtest::writeFile(dir + "/tokenizer_config.json", json{{"chat_template", source}}.dump());
        const owq::ChatTemplate t = owq::ChatTemplate::fromFolder(dir);
        QVERIFY(!t.isJinja());
        QCOMPARE(t.builtinFormat(), owq::ChatFormat::ChatML); // the family detected from the template text
        QVERIFY2(contains(t.fallbackReason(), "wordcount") && contains(t.fallbackReason(), "2:"),
                 t.fallbackReason().c_str());
        QCOMPARE(t.render({{"user", "Hi"}}),
                 std::string("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"));

        // The template's own rules (raise_exception) are errors for the conversation, not a fallback.
        const std::string strict = "{% for m in messages %}{% if m.role == 'system' %}"
                                   "{{ raise_exception('System role not supported') }}{% endif %}"
                                   "<start_of_turn>{{ m.role }}\n{{ m.content }}<end_of_turn>\n{% endfor %}";
        const owq::ChatTemplate s = owq::ChatTemplate::fromSource(strict);
        QVERIFY(s.isJinja());
        QCOMPARE(s.textAfterReply(), std::string("<end_of_turn>\n<start_of_turn>user\n"));
        auto e = catchError([&] { s.render({{"system", "x"}, {"user", "y"}}); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::InvalidArgument);
        QVERIFY2(contains(e->what(), "System role not supported"), e->what());
    }

    void chatStopsAtTheEndOfTurnToken() {
        OWQ_REQUIRE_SHARED();
        auto lm = owq::LanguageModel::open(tiny_["llama3"]);
        owq::ChatSession chat(lm, owq::ChatTemplate::fromFolder(tiny_["llama3"]));
        QVERIFY(chat.chatTemplate().isJinja());
        // Llama-3's template ends a reply with <|eot_id|>, which is not its EOS (<|end_of_text|>).
        QCOMPARE(chat.endOfTurnIds(), std::vector<std::int32_t>{128009});

        // The prompt is the template's text with its special tokens parsed and BOS written once, by the
        // template.
        owq::ChatSession probe(lm, owq::ChatTemplate::fromFolder(tiny_["llama3"]));
        owq::SamplingOptions greedy;
        greedy.temperature = 0;
        greedy.maxTokens = 3;
        const owq::GenerationResult first = probe.reply("What is 3-bit quantization?", greedy);
        QCOMPARE(first.tokens.size(), std::size_t(3));
        const json renders = readJson(owqtest::sharedPath("tokenizers/chat-renders.json"));
        const std::string rendered = renders["llama3"][0]["rendered"].get<std::string>();
        const auto expected = lm->tokenizer()->encode(rendered, false, owq::SpecialTokens::Parse);
        QCOMPARE(expected.front(), 128000);
        QCOMPARE(std::count(expected.begin(), expected.end(), 128000), 1);
        QCOMPARE(first.promptTokens, std::int64_t(expected.size()));

        // Generation ends on a stop token as on EOS: make the model's greedy first token one.
        owq::ChatSession stopped(lm, owq::ChatTemplate::fromFolder(tiny_["llama3"]));
        greedy.stopTokens = {first.tokens.front()};
        const owq::GenerationResult r = stopped.reply("What is 3-bit quantization?", greedy);
        QCOMPARE(r.tokens.size(), std::size_t(0));
        QCOMPARE(r.stopReason, std::string("eos"));
    }

    void qwenModelStartsWithoutBos() {
        OWQ_REQUIRE_SHARED();
        auto lm = owq::LanguageModel::open(tiny_["qwen3"]);
        QVERIFY(lm->tokenizer()->startIds().empty());
        owq::SamplingOptions greedy;
        greedy.temperature = 0;
        greedy.maxTokens = 4;
        greedy.stopOnEos = false;
        const auto r = lm->generateText("Hello world", greedy);
        QCOMPARE(r.promptTokens, std::int64_t(2)); // "Hello", " world": no BOS in front
        const auto empty = lm->generate({}, greedy);
        QCOMPARE(empty.promptTokens, std::int64_t(1)); // from <|endoftext|> when there is no BOS
        QCOMPARE(empty.tokens.size(), std::size_t(4));
    }

    void cliTokenizeMatchesTheReference() {
        OWQ_REQUIRE_SHARED();
        const json cases = readJson(owqtest::sharedPath("tokenizers/bpe-cases.json"));
        for (const char* name : kTokenizers) {
            for (int i : {0, 10, 21}) {
                const json& c = cases[name]["cases"][i];
                Run r = owqCli(
                    {"--json", "tokenize", q(tokDir(name)), "--text", q(c["text"].get<std::string>())});
                QVERIFY2(r.code == 0, r.err.constData());
                const json out = json::parse(r.out.toStdString());
                QVERIFY2(idsOf(out["ids"]) == idsOf(c["ids_with_specials"]), r.out.constData());
                QCOMPARE(out["pieces"].size(), out["ids"].size());
                QCOMPARE(out["tokenizer"].get<std::string>(), std::string("tokenizer.json"));
                r = owqCli(
                    {"tokenize", q(tokDir(name)), "--text", q(c["text"].get<std::string>()), "--no-special"});
                QCOMPARE(r.code, 0);
                std::string expect;
                for (std::int32_t id : idsOf(c["ids"]))
                    expect += (expect.empty() ? "" : " ") + std::to_string(id);
                QCOMPARE(r.out.toStdString(), expect + "\n");
            }
        }
        Run r = owqCli({"tokenize", q(tokDir("qwen3")), "--text", "<|im_end|>", "--special-as-text"});
        QCOMPARE(r.code, 0);
        QVERIFY2(!r.out.contains("151645"), r.out.constData());
        r = owqCli({"tokenize", q(tokDir("qwen3"))});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("--text or --file"), r.err.constData());
    }

    void cliChatTemplatePrintsTheExactPrompt() {
        OWQ_REQUIRE_SHARED();
        const json renders = readJson(owqtest::sharedPath("tokenizers/chat-renders.json"));
        for (const char* name : {"llama3", "qwen3"}) {
            int i = 0;
            for (const json& c : renders[name]) {
                const std::string file =
                    owqtest::scratchDir("cli-chat") + "/" + name + std::to_string(i++) + ".json";
                owqtest::writeFile(file, c["messages"].dump());
                QStringList args = {"chat-template", q(tokDir(name)), "--messages", q(file)};
                if (!c["add_generation_prompt"].get<bool>()) args << "--no-generation-prompt";
                Run r = owqCli(args);
                QVERIFY2(r.code == 0, r.err.constData());
                QCOMPARE(r.out.toStdString(), c["rendered"].get<std::string>());
            }
        }
        const std::string bad = owqtest::scratchDir("cli-chat") + "/bad.json";
        owqtest::writeFile(bad, R"([{"role": "user"}])");
        Run r = owqCli({"chat-template", q(tokDir("qwen3")), "--messages", q(bad)});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("bad.json") && r.err.contains("message 1"), r.err.constData());
    }

    void tinyModelsWorkInEveryCommand() {
        OWQ_REQUIRE_SHARED();
        const QString calib = q(owqtest::sharedPath("data/calib.txt"));
        const QString eval = q(owqtest::sharedPath("data/eval.txt"));
        for (const char* name : kTokenizers) {
            const QString dir = q(tiny_[name]);
            Run r = owqCli({"--json", "info", dir});
            QVERIFY2(r.code == 0, r.err.constData());
            QJsonObject j = r.json();
            QCOMPARE(j["tokenizer"].toObject()["kind"].toString(), QString("tokenizer.json"));
            QVERIFY(j["tokenizer"].toObject()["path"].toString().endsWith("tokenizer.json"));
            QCOMPARE(j["chat_template"].toString(),
                     QString(std::string(name) == "sp-bpe-32k" ? "plain" : "model template"));
            r = owqCli({"info", dir});
            QVERIFY2(r.out.contains("tokenizer.json (BPE"), r.out.constData());

            r = owqCli({"--json", "generate", dir, "--prompt", "Once upon a time", "--temperature", "0",
                        "--max-tokens", "6"});
            QVERIFY2(r.code == 0, r.err.constData());
            QCOMPARE(r.json()["generated_tokens"].toInt(), 6);

            r = owqCli({"--json", "chat", dir, "--max-tokens", "5", "--seed", "1"}, "Hi there\nAnd again\n");
            QVERIFY2(r.code == 0, r.err.constData());
            QCOMPARE(r.json()["turns"].toArray().size(), 2);

            r = owqCli({"--json", "ppl", dir, "--data", eval, "--seqlen", "128"});
            QVERIFY2(r.code == 0, r.err.constData());
            const double ppl = r.json()["ppl"].toDouble();
            // Random weights: about uniform over the vocabulary, never below 1 nor NaN.
            QVERIFY2(std::isfinite(ppl) && ppl > 1000, r.out.constData());

            const QString out = q(owqtest::scratchDir(std::string("tiny-q-") + name) + "/packed");
            r = owqCli({"-q", "quantize", dir, "--method", "owq", "--wbits", "4", "--target-bit", "4.1",
                        "--calib", calib, "--nsamples", "4", "--seqlen", "64", "--out", out});
            QVERIFY2(r.code == 0, r.err.constData());
            QVERIFY(fs::exists(out.toStdString() + "/tokenizer.json"));
            r = owqCli(
                {"--json", "generate", out, "--prompt", "Hello", "--max-tokens", "4", "--temperature", "0"});
            QVERIFY2(r.code == 0, r.err.constData());
            QCOMPARE(r.json()["generated_tokens"].toInt(), 4);
        }
    }

    void brokenTokenizerJsonIsNamed() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("tiny-broken-tok");
        for (const auto& e : fs::directory_iterator(tiny_["qwen3"]))
            fs::copy_file(e.path(), dir + "/" + e.path().filename().string(),
                          fs::copy_options::overwrite_existing);
        const std::string full = owqtest::readFile(tokDir("qwen3") + "/tokenizer.json");
        owqtest::writeFile(dir + "/tokenizer.json", full.substr(0, full.size() / 2));
        Run r = owqCli({"generate", q(dir), "--prompt", "x"});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(QByteArray::fromStdString(dir + "/tokenizer.json")), r.err.constData());
        r = owqCli({"info", q(dir)});
        QCOMPARE(r.code, 0); // info still shows the rest of the folder
        QVERIFY2(r.out.contains("unusable") && r.out.contains("tokenizer.json"), r.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestHfModels)
#include "test_hf_models.moc"
