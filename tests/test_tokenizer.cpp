// Tokenizer (sentencepiece through the dlopen'ed shim), streaming decode, training and chat templates.
#include "catch_error.h"
#include "testutil.h"

#include "owq/chat_template.h"
#include "owq/error.h"
#include "owq/tokenizer.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <optional>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using json = nlohmann::json;
using owq::ChatFormat;
using owq::ChatMessage;
using owq::ErrorKind;

namespace {

using owqtest::catchError;
using owqtest::contains;
using owqtest::idsToString;
using owqtest::validUtf8;

std::string llama2Model() {
    return owqtest::sharedPath("tokenizers/llama2/tokenizer.model");
}
std::string storiesDir() {
    return owqtest::sharedPath("models/stories260K");
}
std::string storiesModel() {
    return storiesDir() + "/tokenizer.model";
}

// Streams ids through a StreamDecoder; checks every push is complete UTF-8 and returns the concatenation.
std::string streamAll(const std::shared_ptr<owq::Tokenizer>& tok, const std::vector<std::int32_t>& ids,
                      bool* allPushesValid) {
    owq::StreamDecoder dec(tok);
    std::string out;
    *allPushesValid = true;
    for (auto id : ids) {
        const std::string piece = dec.push(id);
        if (!validUtf8(piece)) *allPushesValid = false;
        out += piece;
    }
    out += dec.flush();
    return out;
}

std::string copyTokenizerInto(const std::string& dir) {
    const std::string dst = dir + "/tokenizer.model";
    fs::copy_file(storiesModel(), dst, fs::copy_options::overwrite_existing);
    return dst;
}

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private slots:
    // First so that the shim is loaded by several threads at once.
    void concurrentLoadAndUse() {
        OWQ_REQUIRE_SHARED();
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                try {
                    auto tok = owq::Tokenizer::load(t % 2 ? llama2Model() : storiesModel());
                    const std::string text = "Once upon a time, there was a little girl named Lily.";
                    for (int i = 0; i < 20; ++i)
                        if (tok->decode(tok->encode(text)) != text) ++failures;
                } catch (...) {
                    ++failures;
                }
            });
        }
        for (auto& th : threads) th.join();
        QCOMPARE(failures.load(), 0);
    }

    void referenceCases_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("model");
        QTest::newRow("llama2") << "llama2" << QString::fromStdString(llama2Model());
        QTest::newRow("stories260K") << "stories260K" << QString::fromStdString(storiesModel());
    }

    // Ids and decoded text exactly as the official sentencepiece library produced them (cases.json).
    void referenceCases() {
        OWQ_REQUIRE_SHARED();
        QFETCH(QString, key);
        QFETCH(QString, model);
        const json cases = json::parse(owqtest::readFile(owqtest::sharedPath("tokenizers/cases.json")));
        const json& ref = cases.at(key.toStdString());
        auto tok = owq::Tokenizer::load(model.toStdString());
        QCOMPARE(tok->vocabSize(), ref.at("vocab_size").get<std::int32_t>());
        QCOMPARE(tok->bosId(), ref.at("bos_id").get<std::int32_t>());
        QCOMPARE(tok->eosId(), ref.at("eos_id").get<std::int32_t>());
        QCOMPARE(tok->unkId(), ref.at("unk_id").get<std::int32_t>());
        QVERIFY(ref.at("cases").size() >= 10);
        for (const auto& c : ref.at("cases")) {
            const std::string text = c.at("text").get<std::string>();
            const auto expected = c.at("ids").get<std::vector<std::int32_t>>();
            const std::string decoded = c.at("decoded").get<std::string>();
            const auto ids = tok->encode(text);
            if (ids != expected)
                QFAIL(qPrintable(QString::fromStdString("encode(\"" + text + "\") = " + idsToString(ids) +
                                                        ", expected " + idsToString(expected))));
            QCOMPARE(QString::fromStdString(tok->decode(expected)), QString::fromStdString(decoded));

            // BOS on request, in front of the same ids.
            auto withBos = tok->encode(text, true);
            QCOMPARE(withBos.size(), expected.size() + 1);
            QCOMPARE(withBos.front(), tok->bosId());

            // Streaming reproduces the one-shot decode, with and without a leading BOS.
            bool valid = false;
            QCOMPARE(QString::fromStdString(streamAll(tok, expected, &valid)),
                     QString::fromStdString(decoded));
            QVERIFY2(valid, text.c_str());
            QCOMPARE(QString::fromStdString(streamAll(tok, withBos, &valid)),
                     QString::fromStdString(tok->decode(withBos)));
            QVERIFY2(valid, text.c_str());
        }
    }

    void piecesAndIds() {
        OWQ_REQUIRE_SHARED();
        auto tok = owq::Tokenizer::load(llama2Model());
        QCOMPARE(tok->idToPiece(1), std::string("<s>"));
        QCOMPARE(tok->idToPiece(2), std::string("</s>"));
        QCOMPARE(tok->pieceToId("<s>"), 1);
        QCOMPARE(tok->pieceToId("\xE2\x96\x81Hello"), 15043); // "▁Hello"
        QCOMPARE(tok->pieceToId("no-such-piece-anywhere"), tok->unkId());
        QCOMPARE(tok->byteValue(tok->pieceToId("<0x0A>")), 0x0A);
        QCOMPARE(tok->byteValue(15043), -1);
        QVERIFY(tok->isEos(2));
        QVERIFY(!tok->isEos(1));
        QVERIFY(tok->addBosByDefault());
        QCOMPARE(tok->path(), llama2Model());

        auto bad = catchError([&] { tok->decode({1, 32000}); });
        QVERIFY(bad);
        QCOMPARE(bad->kind(), ErrorKind::InvalidArgument);
        QVERIFY2(contains(bad->what(), "32000"), bad->what());
        bad = catchError([&] { tok->idToPiece(-1); });
        QVERIFY(bad);
        QCOMPARE(bad->kind(), ErrorKind::InvalidArgument);
    }

    void bosEosFromFolder() {
        OWQ_REQUIRE_SHARED();
        auto tok = owq::Tokenizer::loadFromFolder(storiesDir());
        QCOMPARE(tok->bosId(), 1);
        QCOMPARE(tok->eosId(), 2);
        QVERIFY(tok->addBosByDefault());
        QCOMPARE(tok->eosIds(), std::vector<std::int32_t>{2});
        QCOMPARE(tok->path(), (fs::path(storiesDir()) / "tokenizer.model").string());
        // load() of a folder reads the folder.
        QCOMPARE(owq::Tokenizer::load(storiesDir())->eosId(), 2);

        // config.json ids (eos as a list) win; add_bos_token from tokenizer_config.json.
        const std::string a = owqtest::scratchDir("tok-ids");
        copyTokenizerInto(a);
        owqtest::writeFile(a + "/config.json", R"({"bos_token_id": 3, "eos_token_id": [4, 5, 4]})");
        owqtest::writeFile(a + "/tokenizer_config.json", R"({"add_bos_token": false, "bos_token": "<s>"})");
        tok = owq::Tokenizer::loadFromFolder(a);
        QCOMPARE(tok->bosId(), 3);
        QCOMPARE(tok->eosId(), 4);
        QVERIFY(tok->isEos(4));
        QVERIFY(tok->isEos(5));
        QVERIFY(!tok->isEos(2));
        QCOMPARE(tok->eosIds(), (std::vector<std::int32_t>{4, 5}));
        QVERIFY(!tok->addBosByDefault());
        QCOMPARE(tok->encode("Hello", tok->addBosByDefault()).front() == 3, false);
        QCOMPARE(tok->encode("Hello", true).front(), 3);

        // No ids anywhere: token strings of tokenizer_config.json map through the vocabulary
        // (plain string or the older {"content": ...} form).
        const std::string b = owqtest::scratchDir("tok-strings");
        copyTokenizerInto(b);
        auto plain = owq::Tokenizer::load(b + "/tokenizer.model");
        const std::string piece100 = plain->idToPiece(100);
        json cfg = {{"bos_token", {{"__type", "AddedToken"}, {"content", "</s>"}}}, {"eos_token", piece100}};
        owqtest::writeFile(b + "/tokenizer_config.json", cfg.dump());
        tok = owq::Tokenizer::loadFromFolder(b);
        QCOMPARE(tok->bosId(), 2);
        QCOMPARE(tok->eosId(), 100);
        QVERIFY(tok->addBosByDefault());

        // Unknown token strings fall back to the model's own ids; generation_config.json adds EOS ids.
        const std::string c = owqtest::scratchDir("tok-fallback");
        copyTokenizerInto(c);
        owqtest::writeFile(c + "/tokenizer_config.json", R"({"bos_token": "<nope>", "eos_token": null})");
        owqtest::writeFile(c + "/generation_config.json", R"({"eos_token_id": [2, 7]})");
        tok = owq::Tokenizer::loadFromFolder(c);
        QCOMPARE(tok->bosId(), 1);
        QCOMPARE(tok->eosId(), 2);
        QVERIFY(tok->isEos(7));

        // setBosEos replaces both.
        tok->setBosEos(9, {10, 11});
        QCOMPARE(tok->bosId(), 9);
        QCOMPARE(tok->eosIds(), (std::vector<std::int32_t>{10, 11}));
        QVERIFY(!tok->isEos(2));
    }

    void streamDecoderByteFallback() {
        OWQ_REQUIRE_SHARED();
        auto tok = owq::Tokenizer::load(storiesModel());
        const std::string text =
            "h\xC3\xA9llo \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x99\x82"; // "héllo 世界 🙂"
        auto ids = tok->encode(text, true);
        int bytePieces = 0;
        for (auto id : ids) bytePieces += tok->byteValue(id) >= 0;
        QVERIFY2(bytePieces >= 10, "expected the 512-piece tokenizer to fall back to bytes");
        QCOMPARE(tok->decode(ids), text);

        owq::StreamDecoder dec(tok);
        std::string out;
        for (auto id : ids) {
            const std::string piece = dec.push(id);
            QVERIFY2(validUtf8(piece), "a push returned incomplete UTF-8");
            QCOMPARE(owq::completeUtf8Prefix(piece), piece.size());
            out += piece;
            // Everything decodable so far has been returned except an unfinished character.
            QVERIFY(text.compare(0, out.size(), out) == 0);
        }
        QCOMPARE(dec.flush(), std::string());
        QCOMPARE(out, text);

        // Byte-fallback pieces first (sentencepiece's leading-space rule then applies to no piece), with BOS.
        for (const std::string start :
             {"\xE4\xB8\x96\xE7\x95\x8C the end", " \xF0\x9F\x99\x82 ok \xC3\xA9"}) {
            for (bool bos : {false, true}) {
                const auto sids = tok->encode(start, bos);
                bool valid = false;
                QCOMPARE(streamAll(tok, sids, &valid), tok->decode(sids));
                QVERIFY(valid);
            }
        }

        // The character is returned by the push of its last byte.
        const auto e4 = tok->pieceToId("<0xE4>"), b8 = tok->pieceToId("<0xB8>"),
                   x96 = tok->pieceToId("<0x96>");
        QVERIFY(tok->byteValue(e4) == 0xE4 && tok->byteValue(b8) == 0xB8 && tok->byteValue(x96) == 0x96);
        owq::StreamDecoder d2(tok);
        QVERIFY(tok->pieceToId("a") != tok->unkId());
        QCOMPARE(d2.push(tok->pieceToId("a")), std::string("a"));
        QCOMPARE(d2.push(e4), std::string());
        QCOMPARE(d2.push(b8), std::string());
        QCOMPARE(d2.push(x96), std::string("\xE4\xB8\x96"));

        // A sequence cut short is flushed as sentencepiece decodes it (U+FFFD), and a byte that breaks a
        // pending sequence releases it at once.
        owq::StreamDecoder d3(tok);
        QCOMPARE(d3.push(e4), std::string());
        QCOMPARE(d3.push(b8), std::string());
        const std::string flushed = d3.flush();
        QCOMPARE(flushed, tok->decode({e4, b8}));
        QVERIFY(contains(flushed, "\xEF\xBF\xBD"));
        owq::StreamDecoder d4(tok);
        std::string s4 = d4.push(e4);
        QCOMPARE(s4, std::string());
        s4 += d4.push(tok->pieceToId("<0x41>"));
        QVERIFY(validUtf8(s4));
        s4 += d4.flush();
        QCOMPARE(s4, tok->decode({e4, tok->pieceToId("<0x41>")}));
        d4.reset();
        QCOMPARE(d4.push(tok->pieceToId("a")), std::string("a"));
    }

    // A long reply through the LLaMA-2 sentencepiece model: each push decodes a few ids, the pieces join to
    // decode(all ids), also across control tokens (sentencepiece drops the leading space of the first piece
    // after them only at a text's start) and byte-fallback runs.
    void streamDecoderWindow() {
        OWQ_REQUIRE_SHARED();
        auto tok = owq::Tokenizer::load(llama2Model());
        const std::string text = owqtest::readFile(owqtest::sharedPath("data/eval.txt")).substr(0, 6000) +
                                 " h\xC3\xA9llo \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x99\x82  two  spaces";
        std::vector<std::int32_t> ids = tok->encode(text, true);
        QVERIFY(ids.size() > 1000);
        for (std::int32_t id : {tok->eosId(), tok->bosId()}) {
            ids.push_back(id);
            for (std::int32_t x : tok->encode(" x \xF0\x9F\x99\x82", false)) ids.push_back(x);
        }
        owq::StreamDecoder dec(tok);
        std::string out;
        std::size_t widest = 0;
        for (auto id : ids) {
            const std::string piece = dec.push(id);
            QVERIFY2(validUtf8(piece), "a push returned incomplete UTF-8");
            out += piece;
            widest = std::max(widest, dec.windowIds()); // the whole reply's count without the window
        }
        out += dec.flush();
        QCOMPARE(out, tok->decode(ids));
        QVERIFY2(widest <= 12, ("window of " + std::to_string(widest) + " ids").c_str());
    }

    void completeUtf8Prefix() {
        using owq::completeUtf8Prefix;
        QCOMPARE(completeUtf8Prefix(""), std::size_t(0));
        QCOMPARE(completeUtf8Prefix("abc"), std::size_t(3));
        QCOMPARE(completeUtf8Prefix("a\xC3"), std::size_t(1));
        QCOMPARE(completeUtf8Prefix("a\xC3\xA9"), std::size_t(3));
        QCOMPARE(completeUtf8Prefix("a\xE4\xB8"), std::size_t(1));
        QCOMPARE(completeUtf8Prefix("a\xE4\xB8\x96"), std::size_t(4));
        QCOMPARE(completeUtf8Prefix("\xF0\x9F\x99"), std::size_t(0));
        QCOMPARE(completeUtf8Prefix("\xF0\x9F\x99\x82"), std::size_t(4));
        QCOMPARE(completeUtf8Prefix("x\xF0"), std::size_t(1));
        // Stray continuation bytes cannot complete anything: they are not held back.
        QCOMPARE(completeUtf8Prefix("a\x80"), std::size_t(2));
        QCOMPARE(completeUtf8Prefix("\x80\x80\x80\x80\x80"), std::size_t(5));
    }

    void missingAndGarbageTokenizers() {
        const std::string dir = owqtest::scratchDir("tok-errors");

        auto e = catchError([&] { owq::Tokenizer::load(dir + "/nope/tokenizer.model"); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::Tokenizer);
        QCOMPARE(std::string(e->what()), dir + "/nope/tokenizer.model: tokenizer.model not found");

        e = catchError([&] { owq::Tokenizer::loadFromFolder(dir); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::Tokenizer);
        QVERIFY2(contains(e->what(), dir) && contains(e->what(), "no tokenizer") &&
                     contains(e->what(), "tokenizer.json or tokenizer.model"),
                 e->what());

        // A folder's tokenizer.json comes first (as in transformers): a broken one is reported, not skipped.
        owqtest::writeFile(dir + "/tokenizer.json", "{}");
        owqtest::writeFile(dir + "/tokenizer.model", "this is not a sentencepiece model\n");
        e = catchError([&] { owq::Tokenizer::loadFromFolder(dir); });
        QVERIFY(e);
        QVERIFY2(contains(e->what(), dir + "/tokenizer.json"), e->what());
        fs::remove(dir + "/tokenizer.json");

        e = catchError([&] { owq::Tokenizer::loadFromFolder(dir + "/missing-folder"); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::Tokenizer);
        QVERIFY2(contains(e->what(), "missing-folder"), e->what());

        const std::vector<std::string> garbage = {
            std::string("this is not a sentencepiece model\n"),
            std::string(),
            // A protobuf-looking prefix, then garbage (21 bytes: the literal, without its NUL).
            std::string("\x0a\x05hello\x12\xff\xff\xff\xff\x0f garbage"),
            std::string("{\"model\": {\"type\": \"BPE\"}}"),
        };
        for (std::size_t i = 0; i < garbage.size(); ++i) {
            const std::string path = dir + "/tokenizer.model";
            owqtest::writeFile(path, garbage[i]);
            e = catchError([&] { owq::Tokenizer::load(path); });
            QVERIFY2(e, qPrintable(QString("garbage %1 loaded").arg(i)));
            QCOMPARE(e->kind(), ErrorKind::Tokenizer);
            QVERIFY2(contains(e->what(), path + ": not a sentencepiece model"), e->what());
            e = catchError([&] { owq::Tokenizer::loadFromFolder(dir); });
            QVERIFY(e);
            QVERIFY2(contains(e->what(), "not a sentencepiece model"), e->what());
        }

        if (owqtest::haveShared()) {
            // A broken config.json is reported, naming the file.
            const std::string b = owqtest::scratchDir("tok-badjson");
            copyTokenizerInto(b);
            owqtest::writeFile(b + "/config.json", "{ not json");
            e = catchError([&] { owq::Tokenizer::loadFromFolder(b); });
            QVERIFY(e);
            QCOMPARE(e->kind(), ErrorKind::Format);
            QVERIFY2(contains(e->what(), "config.json"), e->what());
        }
    }

    void trainTinyModel() {
        const std::string dir = owqtest::scratchDir("tok-train");
        std::string corpus;
        const char* subjects[] = {"The cat", "A little dog", "Lily", "Tom", "The big bird", "Mom"};
        const char* verbs[] = {"saw", "liked", "found", "played with", "wanted", "looked at"};
        const char* objects[] = {"a red ball", "the tree", "a shiny stone", "the park", "a cake", "the sun"};
        for (int r = 0; r < 20; ++r)
            for (auto s : subjects)
                for (auto v : verbs)
                    for (auto o : objects) corpus += std::string(s) + " " + v + " " + o + ".\n";
        owqtest::writeFile(dir + "/corpus.txt", corpus);

        owq::trainSentencePiece("--input=" + dir + "/corpus.txt --model_prefix=" + dir +
                                "/tok --vocab_size=400 --model_type=bpe --character_coverage=1.0 "
                                "--byte_fallback=true --minloglevel=2");
        QVERIFY(fs::exists(dir + "/tok.model"));
        auto tok = owq::Tokenizer::load(dir + "/tok.model");
        QCOMPARE(tok->vocabSize(), 400);
        const std::string sentence = "Lily played with the shiny ball and the dog saw a cake.";
        const auto ids = tok->encode(sentence, true);
        QCOMPARE(ids.front(), tok->bosId());
        QCOMPARE(tok->decode(ids), sentence);
        // Characters never seen in training come back through byte fallback.
        const std::string unseen = "Zoë \xE4\xB8\x96";
        QCOMPARE(tok->decode(tok->encode(unseen)), unseen);

        auto e = catchError([&] {
            owq::trainSentencePiece("--input=" + dir + "/no-such-corpus.txt --model_prefix=" + dir +
                                    "/bad --vocab_size=50 --minloglevel=2");
        });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::Tokenizer);
        QVERIFY2(contains(e->what(), "sentencepiece training failed"), e->what());
    }

    void chatTemplates() {
        const std::vector<ChatMessage> one = {{"system", "Be brief."}, {"user", "Hi!"}};
        const std::vector<ChatMessage> multi = {
            {"system", "Be brief."}, {"user", "Hi!"}, {"assistant", "Hello."}, {"user", "Who are you?"}};

        QCOMPARE(owq::renderChat(ChatFormat::Llama2, one),
                 std::string("[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi! [/INST]"));
        QCOMPARE(
            owq::renderChat(ChatFormat::Llama2, multi),
            std::string("[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi! [/INST] Hello. </s><s>[INST] Who are "
                        "you? [/INST]"));
        QCOMPARE(owq::renderChat(ChatFormat::Llama2, {{"user", " Hi! "}}), std::string("[INST] Hi! [/INST]"));
        QCOMPARE(owq::renderChat(ChatFormat::Llama2, {{"user", "Hi"}, {"assistant", "Sure"}}),
                 std::string("[INST] Hi [/INST] Sure"));

        QCOMPARE(owq::renderChat(ChatFormat::Zephyr, one),
                 std::string("<|system|>\nBe brief.</s>\n<|user|>\nHi!</s>\n<|assistant|>\n"));
        QCOMPARE(owq::renderChat(ChatFormat::Zephyr, multi),
                 std::string("<|system|>\nBe brief.</s>\n<|user|>\nHi!</s>\n<|assistant|>\nHello.</s>\n"
                             "<|user|>\nWho are you?</s>\n<|assistant|>\n"));

        QCOMPARE(owq::renderChat(ChatFormat::ChatML, one),
                 std::string("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n"
                             "<|im_start|>assistant\n"));
        QCOMPARE(
            owq::renderChat(ChatFormat::ChatML, multi),
            std::string("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n"
                        "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nWho are you?<|im_end|>\n"
                        "<|im_start|>assistant\n"));
        QCOMPARE(owq::renderChat(ChatFormat::ChatML, {{"user", "Hi"}, {"assistant", "Sure"}}),
                 std::string("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nSure"));

        QCOMPARE(owq::renderChat(ChatFormat::Plain, {{"user", "Once upon a time"}}),
                 std::string("Once upon a time"));
        QCOMPARE(owq::renderChat(ChatFormat::Plain, multi),
                 std::string("Be brief.\nHi!\nHello.\nWho are you?"));
        QCOMPARE(owq::renderChat(ChatFormat::Plain, {}), std::string());

        auto e = catchError([&] { owq::renderChat(ChatFormat::ChatML, {{"robot", "x"}}); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::InvalidArgument);
        e = catchError([&] { owq::renderChat(ChatFormat::Llama2, {{"user", "a"}, {"user", "b"}}); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::InvalidArgument);

        QCOMPARE(owq::chatStopStrings(ChatFormat::ChatML), std::vector<std::string>{"<|im_end|>"});
        QCOMPARE(owq::chatStopStrings(ChatFormat::Zephyr), (std::vector<std::string>{"</s>", "<|user|>"}));
        QCOMPARE(owq::chatStopStrings(ChatFormat::Llama2), std::vector<std::string>{"[INST]"});
        QVERIFY(owq::chatStopStrings(ChatFormat::Plain).empty());

        for (auto f : {ChatFormat::Plain, ChatFormat::Llama2, ChatFormat::Zephyr, ChatFormat::ChatML})
            QCOMPARE(owq::chatFormatFromName(owq::chatFormatName(f)), f);
        QCOMPARE(owq::chatFormatFromName("ChatML"), ChatFormat::ChatML);
        e = catchError([&] { owq::chatFormatFromName("vicuna"); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::InvalidArgument);
        QVERIFY2(contains(e->what(), "chatml") && contains(e->what(), "llama2"), e->what());
    }

    void chatTemplatesTokenizeAsText() {
        OWQ_REQUIRE_SHARED();
        // "</s><s>" inside a Llama2 prompt is text: ordinary pieces, never the control ids 1 and 2.
        auto tok = owq::Tokenizer::load(llama2Model());
        const auto ids = tok->encode(
            owq::renderChat(ChatFormat::Llama2, {{"user", "Hi"}, {"assistant", "Yo"}, {"user", "Bye"}}),
            true);
        QCOMPARE(ids.front(), 1);
        QCOMPARE(int(std::count(ids.begin(), ids.end(), 1)), 1);
        QCOMPARE(int(std::count(ids.begin(), ids.end(), 2)), 0);
    }

    void detectChatFormat() {
        auto folderWith = [](const std::string& tag, const std::string& tokenizerConfig) {
            const std::string dir = owqtest::scratchDir(tag);
            if (!tokenizerConfig.empty()) owqtest::writeFile(dir + "/tokenizer_config.json", tokenizerConfig);
            return dir;
        };
        const std::string llama2Template =
            "{% for message in messages %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + "
            "message['content'] + ' [/INST]' }}{% endif %}{% endfor %}";
        const std::string zephyrTemplate =
            "{% for message in messages %}{% if message['role'] == 'user' %}{{ '<|user|>\\n' + "
            "message['content'] + eos_token }}{% endif %}{% endfor %}{{ '<|assistant|>' }}";
        const std::string chatmlTemplate =
            "{% for message in messages %}{{'<|im_start|>' + message['role'] + "
            "'\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}";

        QCOMPARE(
            owq::detectChatFormat(folderWith("chat-llama2", json{{"chat_template", llama2Template}}.dump())),
            ChatFormat::Llama2);
        QCOMPARE(
            owq::detectChatFormat(folderWith("chat-zephyr", json{{"chat_template", zephyrTemplate}}.dump())),
            ChatFormat::Zephyr);
        QCOMPARE(
            owq::detectChatFormat(folderWith("chat-chatml", json{{"chat_template", chatmlTemplate}}.dump())),
            ChatFormat::ChatML);
        json list = {{"chat_template", json::array({{{"name", "tool_use"}, {"template", llama2Template}},
                                                    {{"name", "default"}, {"template", chatmlTemplate}}})}};
        QCOMPARE(owq::detectChatFormat(folderWith("chat-list", list.dump())), ChatFormat::ChatML);
        QCOMPARE(owq::detectChatFormat(folderWith("chat-none", R"({"add_bos_token": true})")),
                 ChatFormat::Plain);
        QCOMPARE(owq::detectChatFormat(folderWith("chat-nofile", "")), ChatFormat::Plain);
        QCOMPARE(owq::detectChatFormat(owqtest::scratchDir("chat-gone") + "/missing"), ChatFormat::Plain);
        const std::string jinja = folderWith("chat-jinja", R"({"add_bos_token": true})");
        owqtest::writeFile(jinja + "/chat_template.jinja", zephyrTemplate);
        QCOMPARE(owq::detectChatFormat(jinja), ChatFormat::Zephyr);
        if (owqtest::haveShared()) QCOMPARE(owq::detectChatFormat(storiesDir()), ChatFormat::Plain);

        auto e = catchError([&] { owq::detectChatFormat(folderWith("chat-bad", "{ nope")); });
        QVERIFY(e);
        QCOMPARE(e->kind(), ErrorKind::Format);
        QVERIFY2(contains(e->what(), "tokenizer_config.json"), e->what());
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
