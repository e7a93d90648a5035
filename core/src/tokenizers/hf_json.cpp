// Reads tokenizer.json with nlohmann's SAX interface: model.vocab and model.merges (hundreds of thousands of
// entries in large files) go straight into flat lists instead of a DOM of maps, everything else becomes a
// small DOM. This keeps a 10 MB file well under a second to load.
#include "tokenizers/hf_internal.h"

namespace owq::hf {

namespace {

constexpr std::size_t kMaxDepth = 128; // real files nest < 10 deep; keeps the recursive stage builders safe

class Reader {
public:
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    explicit Reader(RawTokenizerJson& out, std::size_t size) : out_(out), size_(size) {}
    std::string error;

    bool null() { return scalar(json(nullptr), "null"); }
    bool boolean(bool v) { return scalar(json(v), "a boolean"); }
    bool number_integer(number_integer_t v) {
        if (mode_ == Mode::Vocab) return vocabId(v);
        return scalar(json(v), "a number");
    }
    bool number_unsigned(number_unsigned_t v) {
        if (mode_ == Mode::Vocab)
            return vocabId(v > number_unsigned_t(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(v));
        return scalar(json(v), "a number");
    }
    bool number_float(number_float_t v, const string_t&) { return scalar(json(v), "a number"); }
    bool string(string_t& v) {
        if (mode_ == Mode::Merges) return legacyMerge(v);
        if (mode_ == Mode::MergePair) {
            pair_.push_back(std::move(v));
            return true;
        }
        return scalar(json(std::move(v)), "a string");
    }
    bool binary(binary_t&) { return fail("unexpected binary value"); }

    bool start_object(std::size_t) {
        if (mode_ != Mode::Dom) return wrong("an object");
        if (atModelMember("vocab")) {
            if (out_.haveVocab) return fail("model.vocab is given twice");
            mode_ = Mode::Vocab;
            return true;
        }
        return open(json::object());
    }
    bool key(string_t& k) {
        if (mode_ == Mode::Vocab)
            vocabKey_ = std::move(k);
        else
            key_ = std::move(k);
        return true;
    }
    bool end_object() {
        if (mode_ == Mode::Vocab) {
            mode_ = Mode::Dom;
            out_.haveVocab = true;
            (*stack_.back().node)["vocab"] = json::object(); // a marker: the entries are in out_.vocab
            return true;
        }
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) {
        if (mode_ == Mode::Merges) {
            mode_ = Mode::MergePair;
            pair_.clear();
            return true;
        }
        if (mode_ != Mode::Dom) return wrong("an array");
        if (atModelMember("merges")) {
            if (out_.haveMerges) return fail("model.merges is given twice");
            mode_ = Mode::Merges;
            return true;
        }
        return open(json::array());
    }
    bool end_array() {
        if (mode_ == Mode::MergePair) {
            if (pair_.size() != 2)
                return fail("model.merges entry " + std::to_string(out_.merges.size()) +
                            " is not a pair of two tokens");
            out_.merges.emplace_back(std::move(pair_[0]), std::move(pair_[1]));
            mode_ = Mode::Merges;
            return true;
        }
        if (mode_ == Mode::Merges) {
            mode_ = Mode::Dom;
            out_.haveMerges = true;
            (*stack_.back().node)["merges"] = json::array();
            return true;
        }
        stack_.pop_back();
        return true;
    }
    bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) {
        if (error.empty()) {
            if (pos >= size_)
                error =
                    "truncated JSON (the file ends inside a value, at byte " + std::to_string(size_) + ")";
            else
                error = std::string("not valid JSON: ") + ex.what();
        }
        return false;
    }

private:
    enum class Mode { Dom, Vocab, Merges, MergePair };
    struct Frame {
        json* node;
        std::string key; // the member name this container has in its parent object
    };

    bool fail(std::string msg) {
        if (error.empty()) error = std::move(msg);
        return false;
    }
    bool wrong(const char* what) {
        if (mode_ == Mode::Vocab)
            return fail("model.vocab: the id of token '" + vocabKey_ + "' is " + what + ", not an integer");
        return fail("model.merges entry " + std::to_string(out_.merges.size()) + " is " + what +
                    ", not a merge");
    }
    bool vocabId(std::int64_t id) {
        out_.vocab.emplace_back(std::move(vocabKey_), id);
        vocabKey_.clear();
        return true;
    }
    bool legacyMerge(const std::string& s) {
        const std::size_t sp = s.find(' ');
        if (sp == std::string::npos || s.find(' ', sp + 1) != std::string::npos)
            return fail("model.merges entry " + std::to_string(out_.merges.size()) + " ('" + s +
                        "') is not two tokens separated by one space");
        out_.merges.emplace_back(s.substr(0, sp), s.substr(sp + 1));
        return true;
    }
    bool atModelMember(const char* name) const {
        return stack_.size() == 2 && stack_[1].key == "model" && stack_[1].node->is_object() && key_ == name;
    }
    bool scalar(json v, const char* what) {
        if (mode_ != Mode::Dom) return wrong(what);
        if (stack_.empty()) {
            out_.doc = std::move(v);
            return true;
        }
        json& top = *stack_.back().node;
        if (top.is_object())
            top[key_] = std::move(v);
        else
            top.push_back(std::move(v));
        return true;
    }
    bool open(json v) {
        if (stack_.size() >= kMaxDepth) return fail("JSON nested too deeply");
        if (stack_.empty()) {
            out_.doc = std::move(v);
            stack_.push_back({&out_.doc, {}});
            return true;
        }
        json& top = *stack_.back().node;
        // Pointers stay valid: a parent is not touched again until this child is closed.
        if (top.is_object()) {
            json& slot = top[key_];
            slot = std::move(v);
            stack_.push_back({&slot, key_});
        } else {
            top.push_back(std::move(v));
            stack_.push_back({&top.back(), {}});
        }
        return true;
    }

    RawTokenizerJson& out_;
    std::size_t size_;
    std::vector<Frame> stack_;
    std::string key_, vocabKey_;
    std::vector<std::string> pair_;
    Mode mode_ = Mode::Dom;
};

} // namespace

RawTokenizerJson readTokenizerJson(std::string_view bytes) {
    RawTokenizerJson out;
    Reader reader(out, bytes.size());
    bool ok = false;
    try {
        ok = json::sax_parse(bytes.begin(), bytes.end(), &reader);
    } catch (const json::exception& e) {
        throw Error(ErrorKind::Format, std::string("not valid JSON: ") + e.what());
    }
    if (!ok) throw Error(ErrorKind::Format, reader.error.empty() ? "not valid JSON" : reader.error);
    return out;
}

} // namespace owq::hf
