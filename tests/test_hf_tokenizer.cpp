// Hugging Face tokenizer.json tokenizer: the ids and decodes of the reference cases (bpe-cases.json, made
// with transformers.js), UTF-8 round trips, special-token parsing, streaming bytes, bad files, and the
// pipeline stages on small hand-made tokenizers.
#include "catch_error.h"
#include "testutil.h"

#include "owq/error.h"
#include "tokenizers/hf_tokenizer.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

using json = nlohmann::json;
using owq::ErrorKind;
using owq::HfTokenizer;

namespace {

using owqtest::catchError;
using owqtest::contains;
using owqtest::idsToString;
using owqtest::validUtf8;

const char* const kNames[] = {"llama3", "qwen3", "sp-bpe-32k"};

std::string tokenizerPath(const std::string& name) {
    return owqtest::sharedPath("tokenizers/" + name + "/tokenizer.json");
}

void appendUtf8(std::string& out, char32_t c) {
    QString q = QString::fromUcs4(&c, 1);
    out += q.toStdString();
}

// Random text mixing the scripts and spacing that trip tokenizers up.
std::string randomText(std::mt19937& rng) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    auto range = [&](char32_t lo, char32_t hi) { return char32_t(lo + rng() % (hi - lo + 1)); };
    static const char* const spaces[] = {" ",    "  ",   "   ",      "\t",           "\n",          "\n\n",
                                         "\r\n", " \n ", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x83"};
    static const char* const specials[] = {
        "<|im_end|>", "<|im_start|>", "<|begin_of_text|>", "<think>", "<|endoftext|>", "<s>", "</s>"};
    static const char punct[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    std::string s;
    const int parts = 1 + pick(12);
    for (int p = 0; p < parts; ++p) {
        switch (pick(11)) {
        case 0:
        case 1:
            for (int k = 1 + pick(8); k > 0; --k) s += char(pick(2) ? 'a' + pick(26) : 'A' + pick(26));
            break;
        case 2:
            for (int k = 1 + pick(7); k > 0; --k) s += char('0' + pick(10));
            break;
        case 3:
            s += spaces[pick(std::size(spaces))];
            break;
        case 4:
            for (int k = 1 + pick(4); k > 0; --k) s += punct[pick(sizeof punct - 1)];
            break;
        case 5:
            for (int k = 1 + pick(5); k > 0; --k) appendUtf8(s, range(0x4E00, 0x9FFF)); // CJK
            break;
        case 6:
            for (int k = 1 + pick(3); k > 0; --k) appendUtf8(s, range(0xAC00, 0xD7A3)); // Hangul
            break;
        case 7: // emoji, skin tones, ZWJ sequences, flags
            appendUtf8(s, range(0x1F300, 0x1FAFF));
            if (pick(3) == 0) appendUtf8(s, range(0x1F3FB, 0x1F3FF));
            if (pick(3) == 0) s += "\xE2\x80\x8D", appendUtf8(s, range(0x1F466, 0x1F469));
            if (pick(4) == 0) appendUtf8(s, range(0x1F1E6, 0x1F1FF)), appendUtf8(s, range(0x1F1E6, 0x1F1FF));
            break;
        case 8: // a base letter with combining marks
            s += char('a' + pick(26));
            for (int k = 1 + pick(3); k > 0; --k) appendUtf8(s, range(0x0300, 0x036F));
            break;
        case 9: // other scripts, controls, rare planes
            switch (pick(5)) {
            case 0:
                appendUtf8(s, range(0x0400, 0x04FF));
                break;
            case 1:
                appendUtf8(s, range(0x0600, 0x06FF));
                break;
            case 2:
                appendUtf8(s, range(0x0900, 0x097F));
                break;
            case 3:
                appendUtf8(s, range(0x01, 0x1F));
                break;
            default:
                appendUtf8(s, range(0x10000, 0x10FFF));
                break;
            }
            break;
        default:
            s += specials[pick(std::size(specials))];
            break;
        }
    }
    return s;
}

std::string writeTokenizer(const std::string& dir, const std::string& name, const std::string& text) {
    const std::string path = dir + "/" + name;
    owqtest::writeFile(path, text);
    return path;
}

// A tokenizer.json with the given model vocab and merges; the other stages come from extra.
json makeTokenizer(const json& vocab, const json& merges, const json& extra = json::object()) {
    json t = {{"version", "1.0"},
              {"added_tokens", json::array()},
              {"normalizer", nullptr},
              {"pre_tokenizer", nullptr},
              {"post_processor", nullptr},
              {"decoder", nullptr},
              {"model",
               {{"type", "BPE"},
                {"dropout", nullptr},
                {"unk_token", nullptr},
                {"vocab", vocab},
                {"merges", merges}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (it.key() == "model")
            for (auto m = it->begin(); m != it->end(); ++m) t["model"][m.key()] = *m;
        else
            t[it.key()] = *it;
    }
    return t;
}

std::unique_ptr<HfTokenizer> loadJson(const json& t, const std::string& tag) {
    const std::string dir = owqtest::scratchDir(tag);
    return HfTokenizer::load(writeTokenizer(dir, "tokenizer.json", t.dump()));
}

} // namespace

class TestHfTokenizer : public QObject {
    Q_OBJECT

private slots:
    void referenceCases_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : kNames) QTest::newRow(n) << QString(n);
    }

    // Every case of bpe-cases.json: ids without and with special tokens, and the decode of the ids.
    void referenceCases() {
        OWQ_REQUIRE_SHARED();
        QFETCH(QString, name);
        const json all = json::parse(owqtest::readFile(owqtest::sharedPath("tokenizers/bpe-cases.json")));
        const json& ref = all.at(name.toStdString());
        auto tok = HfTokenizer::load(tokenizerPath(name.toStdString()));
        QCOMPARE(tok->vocabSize(), ref.at("vocab_size").get<std::int32_t>());
        QVERIFY(ref.at("cases").size() >= 30);
        int checked = 0;
        for (const auto& c : ref.at("cases")) {
            const std::string text = c.at("text").get<std::string>();
            const auto ids = c.at("ids").get<std::vector<std::int32_t>>();
            const auto withSpecials = c.at("ids_with_specials").get<std::vector<std::int32_t>>();
            const std::string decoded = c.at("decoded").get<std::string>();
            const auto got = tok->encode(text, false);
            if (got != ids)
                QFAIL(qPrintable(QString::fromStdString("encode(" + json(text).dump() +
                                                        ") = " + idsToString(got) + ", expected " +
                                                        idsToString(ids))));
            const auto got2 = tok->encode(text, true);
            if (got2 != withSpecials)
                QFAIL(qPrintable(QString::fromStdString("encode(" + json(text).dump() +
                                                        ", specials) = " + idsToString(got2) + ", expected " +
                                                        idsToString(withSpecials))));
            QCOMPARE(QString::fromStdString(tok->decode(ids)), QString::fromStdString(decoded));
            // The template's ids are exactly what add_special_tokens puts around the sequence.
            std::vector<std::int32_t> wrapped = tok->prefixSpecialIds();
            wrapped.insert(wrapped.end(), ids.begin(), ids.end());
            wrapped.insert(wrapped.end(), tok->suffixSpecialIds().begin(), tok->suffixSpecialIds().end());
            QCOMPARE(wrapped, withSpecials);
            ++checked;
        }
        qDebug("%s: %d cases match", qPrintable(name), checked);
    }

    void roundTrip_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("llama3") << "llama3";
        QTest::newRow("qwen3") << "qwen3";
    }

    // decode(encode(x)) == x on byte-level tokenizers (qwen3 normalizes to NFC first: compare with NFC(x)).
    void roundTrip() {
        OWQ_REQUIRE_SHARED();
        QFETCH(QString, name);
        auto tok = HfTokenizer::load(tokenizerPath(name.toStdString()));
        QVERIFY(tok->byteLevel());
        const bool nfc = name == "qwen3";
        const unsigned seed = 20251204;
        qInfo("round trip seed %u", seed);
        std::mt19937 rng(seed);
        for (int i = 0; i < 3000; ++i) {
            const std::string x = randomText(rng);
            QVERIFY(validUtf8(x));
            const std::string want =
                nfc ? QString::fromStdString(x).normalized(QString::NormalizationForm_C).toStdString() : x;
            const auto ids = tok->encode(x, false);
            const std::string back = tok->decode(ids);
            if (back != want)
                QFAIL(qPrintable(QString::fromStdString("case " + std::to_string(i) + ": " + json(x).dump() +
                                                        " -> " + idsToString(ids) + " -> " +
                                                        json(back).dump())));
            // Plain-text reading of special tokens round-trips too.
            QCOMPARE(QString::fromStdString(tok->decode(tok->encode(x, false, false))),
                     QString::fromStdString(want));
        }
    }

    // parseSpecialTokens=false: "<|im_end|>" is text, while non-special added tokens still match.
    void specialTokensAsText() {
        OWQ_REQUIRE_SHARED();
        auto tok = HfTokenizer::load(tokenizerPath("qwen3"));
        const std::int32_t imEnd = tok->tokenToId("<|im_end|>").value();
        QCOMPARE(imEnd, 151645);
        QVERIFY(tok->isSpecial(imEnd));
        QCOMPARE(tok->encode("<|im_end|>", false), std::vector<std::int32_t>{imEnd});
        const auto plain = tok->encode("<|im_end|>", false, false);
        QVERIFY(plain.size() > 1);
        QVERIFY(std::find(plain.begin(), plain.end(), imEnd) == plain.end());
        QCOMPARE(tok->decode(plain), std::string("<|im_end|>"));
        const auto mixed = tok->encode("hi<|im_end|>\n<think>x</think>", false, false);
        QVERIFY(std::find(mixed.begin(), mixed.end(), imEnd) == mixed.end());
        QVERIFY(std::find(mixed.begin(), mixed.end(), 151667) != mixed.end()); // <think>, not special
        QVERIFY(!tok->isSpecial(151667));
        QCOMPARE(tok->decode(mixed), std::string("hi<|im_end|>\n<think>x</think>"));

        // skip_special_tokens drops special tokens only.
        const auto ids = tok->encode("<|im_start|>user\nhi<|im_end|><think>", false);
        QCOMPARE(tok->decode(ids, true), std::string("user\nhi<think>"));
        QCOMPARE(tok->decode(ids, false), std::string("<|im_start|>user\nhi<|im_end|><think>"));
    }

    void streamingBytes_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : kNames) QTest::newRow(n) << QString(n);
    }

    // decodeBytes of a prefix may stop inside a character; decode of the whole is the text.
    void streamingBytes() {
        OWQ_REQUIRE_SHARED();
        QFETCH(QString, name);
        auto tok = HfTokenizer::load(tokenizerPath(name.toStdString()));
        const std::string text = "Fraktur \xF0\x9D\x94\x98\xF0\x9D\x94\xAB\xF0\x9D\x94\xA6 and \xEA\x99\xAE"
                                 " \xF0\x9F\xA6\x80\xF0\x9F\xAB\xA0 done";
        const auto ids = tok->encode(text, false);
        QCOMPARE(tok->decode(ids), text);
        QCOMPARE(tok->decodeBytes(ids), text);
        bool sawPartial = false;
        for (std::size_t k = 0; k <= ids.size(); ++k) {
            const std::vector<std::int32_t> prefix(ids.begin(), ids.begin() + std::ptrdiff_t(k));
            const std::string bytes = tok->decodeBytes(prefix);
            QVERIFY2(text.compare(0, bytes.size(), bytes) == 0, qPrintable(QString("prefix %1").arg(k)));
            if (!validUtf8(bytes)) sawPartial = true;
            QVERIFY(validUtf8(tok->decode(prefix)));
        }
        QVERIFY2(sawPartial, "no prefix ended inside a character");
    }

    void vocabularyApi() {
        OWQ_REQUIRE_SHARED();
        auto qwen = HfTokenizer::load(tokenizerPath("qwen3"));
        QVERIFY(contains(qwen->describe(), "151643 tokens + 26 added"));
        QVERIFY(contains(qwen->describe(), "byte-level"));
        QCOMPARE(qwen->idToToken(151645), std::string("<|im_end|>"));
        QCOMPARE(qwen->tokenToId("Hello"), std::optional<std::int32_t>(9707));
        QCOMPARE(qwen->idToToken(9707), std::string("Hello"));
        QVERIFY(!qwen->tokenToId("no such token here at all").has_value());
        QVERIFY(qwen->prefixSpecialIds().empty());
        QVERIFY(qwen->suffixSpecialIds().empty());
        QCOMPARE(qwen->byteValue(9707), -1);
        auto err = catchError([&] { qwen->idToToken(qwen->vocabSize()); });
        QVERIFY(err && err->kind() == ErrorKind::InvalidArgument);
        err = catchError([&] { qwen->idToToken(-1); });
        QVERIFY(err && err->kind() == ErrorKind::InvalidArgument);
        // Ids past the tokenizer (a model's padded embedding rows) decode to nothing, as in HF.
        QCOMPARE(qwen->decode({9707, 151900, -5}), std::string("Hello"));

        auto sp = HfTokenizer::load(tokenizerPath("sp-bpe-32k"));
        QVERIFY(!sp->byteLevel());
        QCOMPARE(sp->prefixSpecialIds(), std::vector<std::int32_t>{1});
        QVERIFY(sp->suffixSpecialIds().empty());
        QCOMPARE(sp->byteValue(sp->tokenToId("<0x41>").value()), 0x41);
        QCOMPARE(sp->byteValue(sp->tokenToId("<0x0A>").value()), 0x0A);
        QVERIFY(sp->isSpecial(1));
        QVERIFY(contains(sp->describe(), "byte-fallback"));

        auto llama = HfTokenizer::load(tokenizerPath("llama3"));
        QVERIFY(llama->byteLevel());
        QVERIFY(llama->isSpecial(128009));
        QCOMPARE(llama->idToToken(128009), std::string("<|eot_id|>"));
    }

    // encode shares the BPE word cache between threads.
    void concurrentEncode() {
        OWQ_REQUIRE_SHARED();
        auto tok = HfTokenizer::load(tokenizerPath("qwen3"));
        std::mt19937 rng(7);
        std::vector<std::string> texts;
        for (int i = 0; i < 200; ++i) texts.push_back(randomText(rng));
        std::vector<std::vector<std::int32_t>> expected;
        for (const auto& t : texts) expected.push_back(tok->encode(t, false));
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int round = 0; round < 5; ++round)
                    for (std::size_t i = 0; i < texts.size(); ++i) {
                        const std::size_t k =
                            (i * 7 + std::size_t(t) * 13 + std::size_t(round)) % texts.size();
                        if (tok->encode(texts[k], false) != expected[k]) ++failures;
                    }
            });
        for (auto& th : threads) th.join();
        QCOMPARE(failures.load(), 0);
    }

    void loadTime() {
        OWQ_REQUIRE_SHARED();
        for (const char* n : {"qwen3", "llama3"}) {
            const auto t0 = std::chrono::steady_clock::now();
            auto tok = HfTokenizer::load(tokenizerPath(n));
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            qDebug("%s tokenizer.json loads in %.0f ms (%s)", n, ms, tok->describe().c_str());
        }
    }

    // Broken files: an owq::Error with the path and the problem, never a crash.
    void badFiles() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("hf-bad");
        auto expectError = [&](const std::string& name, const std::string& content, ErrorKind kind,
                               const std::string& word) {
            const std::string path = writeTokenizer(dir, name, content);
            auto err = catchError([&] { HfTokenizer::load(path); });
            QVERIFY2(err.has_value(), name.c_str());
            const std::string msg = err->what();
            QVERIFY2(err->kind() == kind, (name + ": " + msg).c_str());
            QVERIFY2(contains(msg, path), (name + ": " + msg).c_str());
            QVERIFY2(contains(msg, word), (name + ": " + msg + " (wanted '" + word + "')").c_str());
        };
        const std::string real = owqtest::readFile(tokenizerPath("qwen3"));
        expectError("truncated.json", real.substr(0, real.size() / 2), ErrorKind::Format, "truncated");
        expectError("notjson.json", "this is not JSON at all", ErrorKind::Format, "JSON");
        expectError("empty.json", "", ErrorKind::Format, "empty");
        expectError("array.json", "[1, 2, 3]", ErrorKind::Format, "object");
        expectError("nomodel.json", R"({"version": "1.0", "added_tokens": []})", ErrorKind::Format, "model");
        expectError("wordpiece.json", R"({"model": {"type": "WordPiece", "vocab": {"a": 0}}})",
                    ErrorKind::Unsupported, "model type 'WordPiece' is not supported");
        expectError("unigram.json", R"({"model": {"type": "Unigram", "vocab": [["a", -1.0]]}})",
                    ErrorKind::Unsupported, "'Unigram'");
        const json vocab = {{"a", 0}, {"b", 1}, {"ab", 2}};
        expectError("badmerge.json", makeTokenizer(vocab, {"a c"}).dump(), ErrorKind::Format, "'c'");
        expectError("badmerge2.json", makeTokenizer(vocab, {"b b"}).dump(), ErrorKind::Format, "'bb'");
        expectError("badmerge3.json", makeTokenizer(vocab, {"a b c"}).dump(), ErrorKind::Format, "merges");
        expectError("badmerge4.json", makeTokenizer(vocab, json::array({json::array({"a"})})).dump(),
                    ErrorKind::Format, "merges");
        auto withAdded = [&](const json& added) {
            json t = makeTokenizer(vocab, {"a b"});
            t["added_tokens"] = added;
            return t.dump();
        };
        auto added = [](std::int64_t id, const std::string& content) {
            return json{{"id", id},        {"content", content},  {"single_word", false}, {"lstrip", false},
                        {"rstrip", false}, {"normalized", false}, {"special", true}};
        };
        expectError("addedneg.json", withAdded(json::array({added(-1, "<x>")})), ErrorKind::Format,
                    "out of range");
        expectError("addedhuge.json", withAdded(json::array({added(1000000000, "<x>")})), ErrorKind::Format,
                    "out of range");
        expectError("addeddup.json", withAdded(json::array({added(3, "<x>"), added(3, "<y>")})),
                    ErrorKind::Format, "duplicate id 3");
        expectError("mergesobj.json", makeTokenizer(vocab, {{"a", "b"}, {"b", "a"}}).dump(),
                    ErrorKind::Format, "merges");
        expectError("vocabdup.json", makeTokenizer({{"a", 0}, {"b", 0}}, json::array()).dump(),
                    ErrorKind::Format, "duplicate id 0");
        expectError("vocabneg.json", makeTokenizer({{"a", -4}}, json::array()).dump(), ErrorKind::Format,
                    "out of range");
        expectError("vocabstr.json", makeTokenizer({{"a", "zero"}}, json::array()).dump(), ErrorKind::Format,
                    "'a'");
        expectError(
            "normalizer.json",
            makeTokenizer(vocab, json::array(), {{"normalizer", {{"type", "BertNormalizer"}}}}).dump(),
            ErrorKind::Unsupported, "'BertNormalizer'");
        expectError(
            "pretok.json",
            makeTokenizer(vocab, json::array(), {{"pre_tokenizer", {{"type", "UnicodeScripts"}}}}).dump(),
            ErrorKind::Unsupported, "'UnicodeScripts'");
        expectError("decoder.json",
                    makeTokenizer(vocab, json::array(), {{"decoder", {{"type", "CTC"}}}}).dump(),
                    ErrorKind::Unsupported, "'CTC'");
        expectError("post.json",
                    makeTokenizer(vocab, json::array(), {{"post_processor", {{"type", "Nonesuch"}}}}).dump(),
                    ErrorKind::Unsupported, "'Nonesuch'");
        expectError(
            "regex.json",
            makeTokenizer(
                vocab, json::array(),
                {{"pre_tokenizer",
                  {{"type", "Split"}, {"pattern", {{"Regex", "(unclosed"}}}, {"behavior", "Isolated"}}}})
                .dump(),
            ErrorKind::Format, "regex");
        expectError("dropout.json",
                    makeTokenizer(vocab, json::array(), {{"model", {{"dropout", 0.1}}}}).dump(),
                    ErrorKind::Unsupported, "dropout");

        auto err = catchError([&] { HfTokenizer::load(dir + "/does-not-exist.json"); });
        QVERIFY(err && err->kind() == ErrorKind::Io);
        QVERIFY(contains(err->what(), "does-not-exist.json"));
    }

    // Split behaviours on "a-a" with merges that would join across the '-'.
    void splitBehaviors() {
        const json vocab = {{"a", 0}, {"-", 1}, {"a-", 2}, {"-a", 3}, {"a-a", 4}};
        const json merges = {"a -", "- a", "a- a"};
        auto with = [&](const std::string& behavior, bool invert) {
            json pre = {{"type", "Split"},
                        {"pattern", {{"String", "-"}}},
                        {"behavior", behavior},
                        {"invert", invert}};
            return loadJson(makeTokenizer(vocab, merges, {{"pre_tokenizer", pre}}), "hf-split");
        };
        using V = std::vector<std::int32_t>;
        QCOMPARE(loadJson(makeTokenizer(vocab, merges), "hf-split")->encode("a-a", false), V({4}));
        QCOMPARE(with("Isolated", false)->encode("a-a", false), V({0, 1, 0}));
        QCOMPARE(with("Removed", false)->encode("a-a", false), V({0, 0}));
        QCOMPARE(with("MergedWithPrevious", false)->encode("a-a", false), V({2, 0}));
        QCOMPARE(with("MergedWithNext", false)->encode("a-a", false), V({0, 3}));
        QCOMPARE(with("Contiguous", false)->encode("a--a", false), V({0, 1, 1, 0}));
        QCOMPARE(with("Removed", true)->encode("a-a", false), V({1}));
        // A regex pattern, and a merges list in the newer pair form.
        json pre = {
            {"type", "Split"}, {"pattern", {{"Regex", "-+"}}}, {"behavior", "Removed"}, {"invert", false}};
        const json pairs =
            json::array({json::array({"a", "-"}), json::array({"-", "a"}), json::array({"a-", "a"})});
        QCOMPARE(loadJson(makeTokenizer(vocab, pairs, {{"pre_tokenizer", pre}}), "hf-split")
                     ->encode("a---a", false),
                 V({0, 0}));
        QCOMPARE(loadJson(makeTokenizer(vocab, pairs), "hf-split")->encode("a-a", false), V({4}));
    }

    // Merge order: lowest rank first, leftmost first among equal ranks.
    void mergeOrder() {
        const json vocab = {{"a", 0}, {"b", 1}, {"aa", 2}, {"ab", 3}, {"aab", 4}, {"aaa", 5}};
        auto tok = loadJson(makeTokenizer(vocab, {"a a", "a b", "aa b"}), "hf-merge");
        using V = std::vector<std::int32_t>;
        QCOMPARE(tok->encode("aaa", false), V({2, 0}));  // leftmost "a a" first
        QCOMPARE(tok->encode("aab", false), V({4}));     // a a -> aa, then aa b
        QCOMPARE(tok->encode("aaab", false), V({2, 3})); // aa a b: "a b" (rank 1) beats nothing else
        auto tok2 = loadJson(makeTokenizer(vocab, {"a b", "a a", "aa b"}), "hf-merge");
        QCOMPARE(tok2->encode("aab", false), V({0, 3}));     // "a b" ranks first now
        QCOMPARE(tok2->decode({0, 3}), std::string("a ab")); // no decoder: tokens joined by spaces
    }

    // Metaspace pre-tokenizer and decoder, unk fusing, TemplateProcessing.
    void metaspaceAndTemplate() {
        const std::string m = "\xE2\x96\x81"; // ▁
        const json vocab = {{"<unk>", 0}, {"<s>", 1},   {"</s>", 2},   {m, 3},   {"h", 4},
                            {"i", 5},     {m + "h", 6}, {m + "hi", 7}, {"hi", 8}};
        const json merges = {m + " h", m + "h i", "h i"};
        auto special = [](int id, const std::string& c) {
            return json{{"id", id},        {"content", c},        {"single_word", false}, {"lstrip", false},
                        {"rstrip", false}, {"normalized", false}, {"special", true}};
        };
        json templ = {{"type", "TemplateProcessing"},
                      {"single",
                       {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
                        {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                        {{"SpecialToken", {{"id", "</s>"}, {"type_id", 0}}}}}},
                      {"pair", json::array()},
                      {"special_tokens",
                       {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}},
                        {"</s>", {{"id", "</s>"}, {"ids", {2}}, {"tokens", {"</s>"}}}}}}};
        auto make = [&](const std::string& scheme, bool fuse) {
            json extra = {
                {"added_tokens", {special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")}},
                {"pre_tokenizer",
                 {{"type", "Metaspace"}, {"replacement", m}, {"prepend_scheme", scheme}, {"split", true}}},
                {"decoder",
                 {{"type", "Metaspace"}, {"replacement", m}, {"prepend_scheme", scheme}, {"split", true}}},
                {"post_processor", templ},
                {"model", {{"unk_token", "<unk>"}, {"fuse_unk", fuse}}}};
            return loadJson(makeTokenizer(vocab, merges, extra), "hf-meta");
        };
        using V = std::vector<std::int32_t>;
        auto first = make("first", true);
        QCOMPARE(first->encode("hi hi", false), V({7, 7}));
        QCOMPARE(first->encode("hi hi", true), V({1, 7, 7, 2}));
        QCOMPARE(first->prefixSpecialIds(), V({1}));
        QCOMPARE(first->suffixSpecialIds(), V({2}));
        QCOMPARE(first->encode("<s>hi", false), V({1, 8})); // not at the start: no ▁ in front
        QCOMPARE(first->decode({7, 7}), std::string("hi hi"));
        QCOMPARE(first->decode({1, 7, 2}), std::string("<s> hi</s>"));
        QCOMPARE(first->decode({1, 7, 2}, true), std::string("hi"));
        QCOMPARE(first->encode("hxx", false), V({6, 0})); // unknown chars fused into one <unk>
        auto always = make("always", false);
        QCOMPARE(always->encode("<s>hi", false), V({1, 7}));
        QCOMPARE(always->encode("hxx", false), V({6, 0, 0}));
    }

    // Added tokens: lstrip / rstrip eat spaces, single_word needs word edges, normalized ones match the
    // normalized (here lowercased) text.
    void addedTokenOptions() {
        json vocab = json::object();
        vocab[" "] = 0;
        for (int c = 0; c < 26; ++c) vocab[std::string(1, char('a' + c))] = c + 1;
        auto added = [](int id, const std::string& c, bool special, bool normalized, bool lstrip, bool rstrip,
                        bool single) {
            return json{{"id", id},          {"content", c},     {"single_word", single},
                        {"lstrip", lstrip},  {"rstrip", rstrip}, {"normalized", normalized},
                        {"special", special}};
        };
        json extra = {{"normalizer", {{"type", "Lowercase"}}},
                      {"added_tokens",
                       {added(27, "<mask>", true, false, true, true, false),
                        added(28, "yes", false, true, false, false, true),
                        added(29, "MyTok", false, true, false, false, false)}}};
        auto tok = loadJson(makeTokenizer(vocab, json::array(), extra), "hf-added");
        using V = std::vector<std::int32_t>;
        QCOMPARE(tok->encode("a  <mask>  b", false), V({1, 27, 2}));
        QCOMPARE(tok->encode("a yes b", false), V({1, 0, 28, 0, 2}));
        QCOMPARE(tok->encode("yesno", false), V({25, 5, 19, 14, 15}));
        QCOMPARE(tok->encode("A MYTOK", false), V({1, 0, 29}));
        QCOMPARE(tok->encode("AB", false), V({1, 2}));
        QVERIFY(tok->isSpecial(27));
        QVERIFY(!tok->isSpecial(28));
        QCOMPARE(tok->tokenToId("MyTok"), std::optional<std::int32_t>(29));
        QCOMPARE(tok->vocabSize(), 30);
    }

    // Normalizers and pre-tokenizers that the reference tokenizers do not use.
    void otherStages() {
        json vocab = json::object();
        int id = 0;
        for (const char* t :
             {"a", "b", "1", "2", "3", ".", " ", "x", "12", "ab", "\xC3\xA9", "e", "\xCC\x81"})
            vocab[t] = id++;
        using V = std::vector<std::int32_t>;
        auto with = [&](const json& extra) {
            return loadJson(makeTokenizer(vocab, {"1 2", "a b"}, extra), "hf-stage");
        };
        QCOMPARE(with({{"pre_tokenizer", {{"type", "Digits"}, {"individual_digits", true}}}})
                     ->encode("ab12", false),
                 V({9, 2, 3}));
        QCOMPARE(with({{"pre_tokenizer", {{"type", "Digits"}, {"individual_digits", false}}}})
                     ->encode("ab12", false),
                 V({9, 8}));
        QCOMPARE(with({{"pre_tokenizer", {{"type", "Whitespace"}}}})->encode("ab .12", false), V({9, 5, 8}));
        QCOMPARE(with({{"pre_tokenizer", {{"type", "WhitespaceSplit"}}}})->encode(" ab  x ", false),
                 V({9, 7}));
        QCOMPARE(with({{"pre_tokenizer", {{"type", "Punctuation"}}}})->encode("a.b", false), V({0, 5, 1}));
        QCOMPARE(with({{"normalizer", {{"type", "NFD"}}}})->encode("\xC3\xA9", false), V({11, 12}));
        QCOMPARE(with({{"normalizer", {{"type", "NFC"}}}})->encode("e\xCC\x81", false), V({10}));
        QCOMPARE(with({{"normalizer", {{"type", "NFKC"}}}})->encode("\xEF\xBC\xA1\xEF\xBD\x82", false),
                 V({1})); // "Ａｂ" -> "Ab": 'A' is not in this vocab and, with no unk token, is dropped
        QCOMPARE(with({{"normalizer", {{"type", "Strip"}, {"strip_left", true}, {"strip_right", true}}}})
                     ->encode("  ab \t", false),
                 V({9}));
        QCOMPARE(with({{"normalizer",
                        {{"type", "Replace"}, {"pattern", {{"Regex", "[0-9]+"}}}, {"content", "x"}}}})
                     ->encode("a123b", false),
                 V({0, 7, 1}));
        QCOMPARE(
            with({{"normalizer",
                   {{"type", "Sequence"},
                    {"normalizers", {{{"type", "Lowercase"}}, {{"type", "Prepend"}, {"prepend", "x"}}}}}}})
                ->encode("AB", false),
            V({7, 9}));
        // ByteLevel pre-tokenizer with add_prefix_space: a leading space is added once.
        json bl = {
            {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"use_regex", true}}},
            {"decoder", {{"type", "ByteLevel"}}}};
        json byteVocab = json::object();
        int next = 256;
        for (int b = 0; b < 256; ++b) {
            // The GPT-2 alphabet: printable bytes as themselves, the rest from U+0100 up.
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
            const char32_t c = printable ? char32_t(b) : char32_t(next++);
            std::string s;
            appendUtf8(s, c);
            byteVocab[s] = b;
        }
        auto byteTok = loadJson(makeTokenizer(byteVocab, json::array(), bl), "hf-bl");
        QCOMPARE(byteTok->encode("a", false), V({32, 'a'}));
        QCOMPARE(byteTok->decode(byteTok->encode("a b\xE2\x82\xAC", false)), std::string(" a b\xE2\x82\xAC"));
    }
};

QTEST_APPLESS_MAIN(TestHfTokenizer)
#include "test_hf_tokenizer.moc"
