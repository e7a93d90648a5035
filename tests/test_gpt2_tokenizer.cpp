// GPT-2 style tokenizers given as vocab.json + merges.txt (OPT's files): a hand-made vocabulary whose ids
// are derived by hand from GPT-2's regex and merge ranks, OPT's special-token configuration (BOS "</s>" in
// front when add_bos_token), round trips, the folder's choice of source, copies into model folders, bad
// files; and, against a GPT-2 pipeline tokenizer.json made from the same vocabulary and merges (qwen3 /
// llama3 from ../shared), identical ids and decodes on the reference texts and random UTF-8.
#include "catch_error.h"
#include "testutil.h"

#include "owq/error.h"
#include "owq/tokenizer.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <random>

namespace fs = std::filesystem;
using json = nlohmann::json;
using owq::ErrorKind;
using owq::SpecialTokens;
using owq::Tokenizer;
using owq::TokenizerKind;
using Ids = std::vector<std::int32_t>;

namespace {

using owqtest::catchError;
using owqtest::contains;
using owqtest::idsToString;

std::string utf8(char32_t c) {
    std::string s;
    if (c < 0x80) {
        s += char(c);
    } else if (c < 0x800) {
        s += char(0xC0 | (c >> 6));
        s += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        s += char(0xE0 | (c >> 12));
        s += char(0x80 | ((c >> 6) & 0x3F));
        s += char(0x80 | (c & 0x3F));
    } else {
        s += char(0xF0 | (c >> 18));
        s += char(0x80 | ((c >> 12) & 0x3F));
        s += char(0x80 | ((c >> 6) & 0x3F));
        s += char(0x80 | (c & 0x3F));
    }
    return s;
}

// GPT-2's bytes_to_unicode (encoder.py): printable Latin-1 bytes stand for themselves, the others are
// U+0100 onwards in byte order.
std::string byteChar(unsigned char b) {
    auto printable = [](int x) { return (x >= '!' && x <= '~') || (x >= 0xA1 && x <= 0xAC) || x >= 0xAE; };
    if (printable(b)) return utf8(b);
    int n = 0;
    for (int x = 0; x < b; ++x)
        if (!printable(x)) ++n;
    return utf8(char32_t(256 + n));
}

const std::string G = byteChar(' '); // "Ġ"

// Merges of the hand-made vocabulary, highest priority first. "o Ġ" and "n '" would join across GPT-2's
// pre-token boundaries ("hello world", "don't") if those were not split.
const std::vector<std::pair<std::string, std::string>> kMerges = {
    {"o", G},        {G, "h"},          {"e", "l"}, {"l", "o"}, {"h", "el"},  {"hel", "lo"},
    {G + "h", "el"}, {G + "hel", "lo"}, {"w", "o"}, {"r", "l"}, {"wo", "rl"}, {"worl", "d"},
    {G, "world"},    {"n", "'"},        {"'", "t"}, {"1", "2"}, {"12", "3"},  {G, G}};

// OPT's layout: <s> <pad> </s> <unk> first, then the 256 byte characters, then the merged tokens.
json tinyVocab() {
    json v = json::object();
    auto add = [&](const std::string& token) {
        const std::size_t id = v.size();
        if (!v.contains(token)) v[token] = id;
    };
    for (const char* s : {"<s>", "<pad>", "</s>", "<unk>"}) add(s);
    for (int b = 0; b < 256; ++b) add(byteChar(static_cast<unsigned char>(b)));
    for (const auto& [a, b] : kMerges) add(a + b);
    return v;
}

std::string mergesText(const std::vector<std::pair<std::string, std::string>>& merges) {
    std::string s = "#version: 0.2\n";
    for (const auto& [a, b] : merges) s += a + " " + b + "\n";
    return s;
}

json addedTokenObject(const std::string& content) {
    return {{"content", content}, {"lstrip", false},      {"normalized", true},
            {"rstrip", false},    {"single_word", false}, {"__type", "AddedToken"}};
}

// facebook/opt-*'s tokenizer_config.json (BOS, EOS and UNK are all "</s>").
json optConfig() {
    return {{"errors", "replace"},
            {"unk_token", addedTokenObject("</s>")},
            {"bos_token", addedTokenObject("</s>")},
            {"eos_token", addedTokenObject("</s>")},
            {"pad_token", addedTokenObject("<pad>")},
            {"add_prefix_space", false},
            {"add_bos_token", true}};
}

// A folder with the tiny vocab.json + merges.txt and, unless null, this tokenizer_config.json.
std::string tinyFolder(const std::string& tag, const json& config = optConfig()) {
    const std::string dir = owqtest::scratchDir(tag);
    owqtest::writeFile(dir + "/vocab.json", tinyVocab().dump());
    owqtest::writeFile(dir + "/merges.txt", mergesText(kMerges));
    if (!config.is_null()) owqtest::writeFile(dir + "/tokenizer_config.json", config.dump(2));
    return dir;
}

// The tokenizer.json GPT-2's converter writes for these vocab and merges (no normalizer, ByteLevel with
// GPT-2's regex and no prefix space, ByteLevel decoder, no post-processor).
json gpt2TokenizerJson(const json& vocab, const json& merges, const json& added) {
    const json byteLevel = {
        {"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
    return {{"version", "1.0"},
            {"added_tokens", added},
            {"normalizer", nullptr},
            {"pre_tokenizer", byteLevel},
            {"post_processor", nullptr},
            {"decoder", byteLevel},
            {"model",
             {{"type", "BPE"},
              {"dropout", nullptr},
              {"unk_token", nullptr},
              {"continuing_subword_prefix", ""},
              {"end_of_word_suffix", ""},
              {"fuse_unk", false},
              {"byte_fallback", false},
              {"vocab", vocab},
              {"merges", merges}}}};
}

std::int32_t idOf(const std::string& token) {
    static const json v = tinyVocab();
    return v.at(token).get<std::int32_t>();
}

Ids idsOf(std::initializer_list<std::string> tokens) {
    Ids out;
    for (const auto& t : tokens) out.push_back(idOf(t));
    return out;
}

Ids cat(Ids a, const Ids& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Random valid UTF-8: ASCII words and punctuation, whitespace runs, controls, 2/3/4-byte characters and the
// tiny vocabulary's special tokens.
std::string randomUtf8(std::mt19937& rng) {
    auto pick = [&](std::uint32_t n) { return rng() % n; };
    static const char* const bits[] = {" ",  "  ", "\n",   "\n\n",  "\t", "\r\n",
                                       "'s", "'t", "</s>", "<pad>", "<s>"};
    std::string s;
    for (int k = int(pick(16)); k >= 0; --k) {
        switch (pick(7)) {
        case 0:
            for (int n = 1 + int(pick(6)); n > 0; --n) s += char('a' + pick(26));
            break;
        case 1:
            s += bits[pick(std::size(bits))];
            break;
        case 2:
            s += utf8(0x20 + pick(0x5F));
            break;
        case 3:
            s += utf8(1 + pick(0x1F));
            break;
        case 4:
            s += utf8(0x80 + pick(0x780));
            break;
        case 5: {
            char32_t c = 0x800 + pick(0xF800);
            if (c >= 0xD800 && c <= 0xDFFF) c = 0x4E2D;
            s += utf8(c);
            break;
        }
        default:
            s += utf8(0x10000 + pick(0x100000));
            break;
        }
    }
    return s;
}

std::string show(const Ids& ids) {
    return idsToString(ids);
}

} // namespace

class TestGpt2Tokenizer : public QObject {
    Q_OBJECT

private slots:
    // The byte-level alphabet and merges give the hand-derived ids, split at GPT-2's pre-token boundaries.
    void handDerivedIds() {
        const auto tok = Tokenizer::loadFromFolder(tinyFolder("gpt2-hand"));
        QCOMPARE(tok->kind(), TokenizerKind::Gpt2Files);
        QCOMPARE(tok->encode("hello"), idsOf({"hello"}));
        QCOMPARE(tok->encode(" hello"), idsOf({G + "hello"}));
        QCOMPARE(tok->encode(" world"), idsOf({G + "world"}));
        // " hello world" is " hello", " world": the rank-0 merge "o Ġ" never applies across them.
        QCOMPARE(tok->encode(" hello world"), cat(tok->encode(" hello"), tok->encode(" world")));
        QCOMPARE(tok->encode(" hello world"), idsOf({G + "hello", G + "world"}));
        // "don't" is "don", "'t": "n '" (earlier than "' t") does not apply.
        QCOMPARE(tok->encode("don't"), idsOf({"d", "o", "n", "'t"}));
        // Two spaces before a word: \s+(?!\S) takes the first alone, " hello" the second (not "ĠĠ").
        QCOMPARE(tok->encode("  hello"), idsOf({G, G + "hello"}));
        QCOMPARE(tok->encode("x 123"), idsOf({"x", G, "123"}));
        QCOMPARE(tok->encode("hello\n\nworld"), idsOf({"hello", byteChar('\n'), byteChar('\n'), "world"}));
        // Bytes outside ASCII go through the byte map: "é" is C3 A9.
        QCOMPARE(tok->encode("\xC3\xA9"), idsOf({byteChar(0xC3), byteChar(0xA9)}));
        QCOMPARE(tok->idToPiece(idOf(G + "hello")), G + "hello");
        QCOMPARE(tok->decode(idsOf({G + "hello", G + "world"})), std::string(" hello world"));
    }

    // OPT: BOS "</s>" (id 2) starts every sequence when add_bos_token is true, and only then.
    void bosFollowsAddBosToken() {
        const std::string dir = tinyFolder("gpt2-opt");
        for (const auto& tok : {Tokenizer::loadFromFolder(dir), Tokenizer::load(dir + "/vocab.json")}) {
            QCOMPARE(tok->bosId(), 2);
            QCOMPARE(tok->eosId(), 2);
            QVERIFY(tok->addBosByDefault());
            QCOMPARE(tok->startIds(), Ids{2});
            QCOMPARE(tok->encode("hello", true), (Ids{2, idOf("hello")}));
            QCOMPARE(tok->encode("hello", false), Ids{idOf("hello")});
            QCOMPARE(tok->encodeDocument(" hello world"), (Ids{2, idOf(G + "hello"), idOf(G + "world")}));
        }
        for (const json& addBos : {json(false), json()}) {
            json cfg = optConfig();
            if (addBos.is_null())
                cfg.erase("add_bos_token"); // GPT2Tokenizer's default: no BOS
            else
                cfg["add_bos_token"] = addBos;
            const std::string d = tinyFolder("gpt2-nobos", cfg);
            for (const auto& tok : {Tokenizer::loadFromFolder(d), Tokenizer::load(d + "/vocab.json")}) {
                QVERIFY2(tok->startIds().empty(), show(tok->startIds()).c_str());
                QVERIFY(!tok->addBosByDefault());
                QCOMPARE(tok->encode("hello", true), Ids{idOf("hello")});
                QCOMPARE(tok->encodeDocument("hello"), Ids{idOf("hello")});
                QCOMPARE(tok->bosId(), 2); // still named, just not added
            }
        }
    }

    // The named special tokens are special added tokens: "</s>" and "<pad>" in text are their ids when
    // specials are parsed; "<s>" (in the vocabulary but named by nothing) stays text.
    void specialTokens() {
        const auto tok = Tokenizer::loadFromFolder(tinyFolder("gpt2-specials"));
        QCOMPARE(tok->encode("hello</s>"), (Ids{idOf("hello"), 2}));
        QCOMPARE(tok->encode("</s> hello"), (Ids{2, idOf(G + "hello")}));
        QCOMPARE(tok->encode("<pad>"), Ids{1});
        QCOMPARE(tok->encode("<s>"), idsOf({"<", "s", ">"}));
        QCOMPARE(tok->encode("hello</s>", false, SpecialTokens::AsText),
                 idsOf({"hello", "<", "/", "s", ">"}));
        QVERIFY(tok->isSpecial(2));
        QVERIFY(tok->isSpecial(1));
        QVERIFY(!tok->isSpecial(0));
        QVERIFY(!tok->isSpecial(idOf("hello")));
        QCOMPARE(tok->unkId(), 2);
        QCOMPARE(tok->findPiece("</s>"), std::optional<std::int32_t>(2));
        QCOMPARE(tok->decode({2, idOf("hello"), 2}), std::string("</s>hello</s>"));
        QCOMPARE(tok->decode({2, idOf("hello"), 2}, true), std::string("hello"));

        // special_tokens_map.json wins over tokenizer_config.json; added_tokens.json adds tokens past the
        // vocabulary (special when named in additional_special_tokens).
        json cfg = optConfig();
        cfg["add_bos_token"] = false;
        const std::string dir = tinyFolder("gpt2-addedfiles", cfg);
        const std::int32_t n = std::int32_t(tinyVocab().size());
        owqtest::writeFile(dir + "/added_tokens.json", json{{"<|extra|>", n}, {"<|sep|>", n + 1}}.dump());
        owqtest::writeFile(dir + "/special_tokens_map.json",
                           json{{"eos_token", "<pad>"}, {"additional_special_tokens", {"<|sep|>"}}}.dump());
        const auto t2 = Tokenizer::loadFromFolder(dir);
        QCOMPARE(t2->vocabSize(), n + 2);
        QCOMPARE(t2->encode("hello<|extra|>hello<|sep|>"), (Ids{idOf("hello"), n, idOf("hello"), n + 1}));
        QVERIFY(!t2->isSpecial(n));
        QVERIFY(t2->isSpecial(n + 1));
        QCOMPARE(t2->encode("<|sep|>", false, SpecialTokens::AsText).size(), std::size_t(7));
        QCOMPARE(t2->encode("<|extra|>", false, SpecialTokens::AsText), Ids{n}); // not special: still matched
        QCOMPARE(t2->decode({n, idOf(G + "world")}), std::string("<|extra|> world"));
        QVERIFY2(contains(t2->describe(), "+ 2 added"), t2->describe().c_str());
    }

    // add_prefix_space: a space in front of the text, as GPT-2's ByteLevel pre-tokenizer adds it.
    void addPrefixSpace() {
        json cfg = optConfig();
        cfg["add_prefix_space"] = true;
        const auto tok = Tokenizer::loadFromFolder(tinyFolder("gpt2-prefix", cfg));
        QCOMPARE(tok->encode("hello"), idsOf({G + "hello"}));
        QCOMPARE(tok->encode(" hello"), idsOf({G + "hello"}));
        QCOMPARE(tok->encode("hello world"), idsOf({G + "hello", G + "world"}));
        const auto plain = Tokenizer::loadFromFolder(tinyFolder("gpt2-noprefix"));
        QCOMPARE(plain->encode("hello"), idsOf({"hello"}));
    }

    // Any UTF-8 text comes back from decode(encode(text)) and from the stream decoder, byte for byte.
    void roundTripsRandomUtf8() {
        const auto tok = Tokenizer::loadFromFolder(tinyFolder("gpt2-roundtrip"));
        std::mt19937 rng(20240607);
        for (int i = 0; i < 500; ++i) {
            const std::string s = randomUtf8(rng);
            const Ids ids = tok->encode(s);
            QVERIFY2(tok->decode(ids) == s, ("'" + s + "' -> " + show(ids)).c_str());
            owq::StreamDecoder dec(tok);
            std::string streamed;
            for (auto id : ids) streamed += dec.push(id);
            streamed += dec.flush();
            QVERIFY2(streamed == s, s.c_str());
        }
    }

    // The folder's source: tokenizer.json, then tokenizer.model, then vocab.json; kind, name and description.
    void folderChoiceAndDescription() {
        const std::string dir = tinyFolder("gpt2-choice");
        QCOMPARE(Tokenizer::fileInFolder(dir), dir + "/vocab.json");
        const auto tok = Tokenizer::loadFromFolder(dir);
        QCOMPARE(tok->path(), dir + "/vocab.json");
        QCOMPARE(tok->kindName(), std::string("vocab.json + merges.txt"));
        const std::string expect = "vocab.json + merges.txt (byte-level BPE, " +
                                   std::to_string(tinyVocab().size()) + " tokens, " +
                                   std::to_string(kMerges.size()) + " merges)";
        QCOMPARE(tok->describe(), expect);
        QCOMPARE(tok->vocabSize(), std::int32_t(tinyVocab().size()));
        QCOMPARE(Tokenizer::load(dir + "/merges.txt")->kind(), TokenizerKind::Gpt2Files);

        // A tokenizer.json beside them wins (transformers prefers the fast tokenizer).
        owqtest::writeFile(dir + "/tokenizer.json",
                           gpt2TokenizerJson(tinyVocab(), json::array(), json::array()).dump());
        QCOMPARE(Tokenizer::fileInFolder(dir), dir + "/tokenizer.json");
        QCOMPARE(Tokenizer::loadFromFolder(dir)->kind(), TokenizerKind::HuggingFaceJson);

        const std::string empty = owqtest::scratchDir("gpt2-none");
        QCOMPARE(Tokenizer::fileInFolder(empty), std::string());
        auto err = catchError([&] { Tokenizer::loadFromFolder(empty); });
        QVERIFY(err && err->kind() == ErrorKind::Tokenizer);
        QVERIFY2(contains(err->what(), "vocab.json + merges.txt"), err->what());
    }

    // The same vocabulary and merges as a GPT-2 tokenizer.json give the same ids and decodes.
    void sameAsTokenizerJsonTiny() {
        const std::string dir = tinyFolder(
            "gpt2-oracle-tiny", json{{"bos_token", nullptr}, {"eos_token", nullptr}, {"unk_token", nullptr}});
        json merges = json::array();
        for (const auto& [a, b] : kMerges) merges.push_back({a, b});
        const std::string jdir = owqtest::scratchDir("gpt2-oracle-tiny-json");
        owqtest::writeFile(jdir + "/tokenizer.json",
                           gpt2TokenizerJson(tinyVocab(), merges, json::array()).dump());
        const auto a = Tokenizer::loadFromFolder(dir);
        const auto b = Tokenizer::loadFromFolder(jdir);
        QCOMPARE(a->kind(), TokenizerKind::Gpt2Files);
        QCOMPARE(b->kind(), TokenizerKind::HuggingFaceJson);
        QVERIFY(a->startIds().empty());
        QCOMPARE(a->encode("hello</s>"), b->encode("hello</s>")); // null specials: "</s>" is text
        std::mt19937 rng(7);
        for (int i = 0; i < 300; ++i) {
            const std::string s = randomUtf8(rng);
            QVERIFY2(a->encode(s) == b->encode(s), s.c_str());
        }
    }

    // qwen3 / llama3 vocabularies (150k / 128k tokens) written as vocab.json + merges.txt + added tokens
    // give exactly the ids and decodes of a GPT-2 pipeline tokenizer.json with the same parts.
    void sameAsTokenizerJsonLarge() {
        OWQ_REQUIRE_SHARED();
        const json cases = json::parse(owqtest::readFile(owqtest::sharedPath("tokenizers/bpe-cases.json")));
        std::vector<std::string> texts;
        for (const char* name : {"llama3", "qwen3", "sp-bpe-32k"})
            for (const json& c : cases.at(name).at("cases")) texts.push_back(c.at("text").get<std::string>());
        std::mt19937 rng(99);
        for (int i = 0; i < 300; ++i) texts.push_back(randomUtf8(rng));

        for (const char* name : {"qwen3", "llama3"}) {
            const json src = json::parse(owqtest::readFile(
                owqtest::sharedPath(std::string("tokenizers/") + name + "/tokenizer.json")));
            const json& model = src.at("model");
            std::vector<std::pair<std::string, std::string>> merges;
            json mergesJson = json::array();
            for (const json& m : model.at("merges")) {
                std::string a, b;
                if (m.is_string()) {
                    const std::string s = m.get<std::string>();
                    a = s.substr(0, s.find(' '));
                    b = s.substr(s.find(' ') + 1);
                } else {
                    a = m.at(0).get<std::string>();
                    b = m.at(1).get<std::string>();
                }
                merges.emplace_back(a, b);
                mergesJson.push_back({a, b});
            }
            json addedIds = json::object();
            json specials = json::array();
            for (const json& t : src.at("added_tokens")) {
                addedIds[t.at("content").get<std::string>()] = t.at("id");
                if (t.at("special").get<bool>()) specials.push_back(t.at("content"));
            }
            const std::string dir = owqtest::scratchDir(std::string("gpt2-oracle-") + name);
            owqtest::writeFile(dir + "/vocab.json", model.at("vocab").dump());
            owqtest::writeFile(dir + "/merges.txt", mergesText(merges));
            owqtest::writeFile(dir + "/added_tokens.json", addedIds.dump());
            owqtest::writeFile(dir + "/special_tokens_map.json",
                               json{{"additional_special_tokens", specials}}.dump());
            owqtest::writeFile(
                dir + "/tokenizer_config.json",
                json{{"bos_token", nullptr}, {"eos_token", nullptr}, {"unk_token", nullptr}}.dump());
            const std::string jdir = owqtest::scratchDir(std::string("gpt2-oracle-json-") + name);
            owqtest::writeFile(
                jdir + "/tokenizer.json",
                gpt2TokenizerJson(model.at("vocab"), mergesJson, src.at("added_tokens")).dump());

            const auto a = Tokenizer::loadFromFolder(dir);
            const auto b = Tokenizer::loadFromFolder(jdir);
            QCOMPARE(a->kind(), TokenizerKind::Gpt2Files);
            QCOMPARE(a->vocabSize(), b->vocabSize());
            int compared = 0;
            for (const std::string& t : texts) {
                for (auto mode : {SpecialTokens::Parse, SpecialTokens::AsText}) {
                    const Ids ia = a->encode(t, false, mode);
                    const Ids ib = b->encode(t, false, mode);
                    QVERIFY2(ia == ib,
                             (std::string(name) + ": '" + t + "': " + show(ia) + " vs " + show(ib)).c_str());
                    QVERIFY2(a->decode(ia) == b->decode(ib), t.c_str());
                    QVERIFY2(a->decode(ia) == t, (std::string(name) + ": '" + t + "'").c_str());
                    ++compared;
                }
            }
            // The reference texts hold special tokens: parsing them must have made a difference somewhere.
            bool specialSeen = false;
            for (const std::string& t : texts)
                for (auto id : a->encode(t)) specialSeen = specialSeen || a->isSpecial(id);
            QVERIFY(specialSeen);
            qInfo("%s: %d encodes identical", name, compared);
        }
    }

    // Model folders written from a vocab.json tokenizer carry vocab.json, merges.txt and added_tokens.json.
    void copiedIntoModelFolders() {
        const std::string dir = tinyFolder("gpt2-copy-src");
        const std::int32_t n = std::int32_t(tinyVocab().size());
        owqtest::writeFile(dir + "/added_tokens.json", json{{"<|extra|>", n}}.dump());
        const auto src = Tokenizer::loadFromFolder(dir);
        for (const std::string& from : {dir, dir + "/vocab.json"}) {
            const std::string model = owqtest::tinyRandomModel("gpt2-copy", from);
            for (const char* f : {"vocab.json", "merges.txt", "added_tokens.json", "tokenizer_config.json"})
                QVERIFY2(fs::is_regular_file(fs::path(model) / f), f);
            const auto tok = Tokenizer::loadFromFolder(model);
            QCOMPARE(tok->kind(), TokenizerKind::Gpt2Files);
            QCOMPARE(tok->vocabSize(), n + 1);
            QCOMPARE(tok->encodeDocument(" hello<|extra|>"), src->encodeDocument(" hello<|extra|>"));
            QCOMPARE(tok->startIds(), Ids{2});
        }
    }

    void badFiles() {
        auto expectError = [](const std::string& dir, ErrorKind kind,
                              std::initializer_list<const char*> parts) {
            auto err = catchError([&] { Tokenizer::loadFromFolder(dir); });
            QVERIFY2(err, ("no error for " + dir).c_str());
            QVERIFY2(err->kind() == kind, err->what());
            for (const char* p : parts)
                QVERIFY2(contains(err->what(), p), (std::string(err->what()) + " lacks " + p).c_str());
        };
        const json vocab = tinyVocab();
        {
            const std::string dir = owqtest::scratchDir("gpt2-bad-nomerges");
            owqtest::writeFile(dir + "/vocab.json", vocab.dump());
            expectError(dir, ErrorKind::Tokenizer, {"merges.txt", "not found"});
        }
        const std::vector<std::pair<std::string, std::vector<const char*>>> badVocab = {
            {"{\"a\": 1, \"b\": ", {"vocab.json", "not valid JSON"}},
            {"", {"vocab.json", "not valid JSON"}},
            {"[\"a\", \"b\"]", {"vocab.json", "JSON object"}},
            {"{\"a\": \"one\"}", {"vocab.json", "'a'", "not an integer"}},
            {"{\"a\": -4}", {"vocab.json", "'a'", "out of range"}},
            {"{\"a\": 0, \"b\": 0}", {"vocab.json", "duplicate id 0"}},
        };
        for (const auto& [text, parts] : badVocab) {
            const std::string dir = owqtest::scratchDir("gpt2-bad-vocab");
            owqtest::writeFile(dir + "/vocab.json", text);
            owqtest::writeFile(dir + "/merges.txt", "#version: 0.2\n");
            auto err = catchError([&] { Tokenizer::loadFromFolder(dir); });
            QVERIFY2(err, text.c_str());
            QVERIFY2(err->kind() == ErrorKind::Tokenizer, err->what());
            for (const char* p : parts) QVERIFY2(contains(err->what(), p), err->what());
        }
        const std::vector<std::pair<std::string, std::vector<const char*>>> badMerges = {
            {"#version: 0.2\ne l\nl\n", {"merges.txt", "line 3", "'l'", "not two tokens"}},
            {"e l\nl o x\n", {"merges.txt", "line 2", "'l o x'", "not two tokens"}},
            {"#version: 0.2\nh  e\n", {"merges.txt", "line 2", "not two tokens"}},
            {"#version: 0.2\ne l\nq z\n", {"merges.txt", "line 3", "'q z'", "'qz'", "not in vocab.json"}},
            {"#version: 0.2\n<x> e\n", {"merges.txt", "line 2", "'<x>'", "not in vocab.json"}},
        };
        for (const auto& [text, parts] : badMerges) {
            const std::string dir = owqtest::scratchDir("gpt2-bad-merges");
            owqtest::writeFile(dir + "/vocab.json", vocab.dump());
            owqtest::writeFile(dir + "/merges.txt", text);
            auto err = catchError([&] { Tokenizer::loadFromFolder(dir); });
            QVERIFY2(err, text.c_str());
            QVERIFY2(err->kind() == ErrorKind::Tokenizer, err->what());
            for (const char* p : parts) QVERIFY2(contains(err->what(), p), err->what());
            // Loading the file itself reports the same.
            auto err2 = catchError([&] { Tokenizer::load(dir + "/vocab.json"); });
            QVERIFY(err2 && err2->kind() == ErrorKind::Tokenizer);
        }
        {
            // CRLF line ends and a trailing line without a newline are fine.
            const std::string dir = owqtest::scratchDir("gpt2-crlf");
            owqtest::writeFile(dir + "/vocab.json", vocab.dump());
            owqtest::writeFile(dir + "/merges.txt", "#version: 0.2\r\ne l\r\nh el");
            QCOMPARE(Tokenizer::loadFromFolder(dir)->encode("hel"), idsOf({"hel"}));
        }
        {
            // Another tokenizer class's vocab.json + merges.txt (Qwen2Tokenizer: other regex, NFC) is
            // refused.
            json cfg = optConfig();
            cfg["tokenizer_class"] = "Qwen2Tokenizer";
            expectError(tinyFolder("gpt2-bad-class", cfg), ErrorKind::Unsupported,
                        {"tokenizer_config.json", "Qwen2Tokenizer"});
        }
    }
};

QTEST_APPLESS_MAIN(TestGpt2Tokenizer)
#include "test_gpt2_tokenizer.moc"
