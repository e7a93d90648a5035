// Added tokens (HF AddedVocabulary): matched leftmost-longest in the text before the model sees it, with
// single_word, lstrip and rstrip applied to each match as HF's find_matches does.
#include "tokenizers/hf_internal.h"

#include <algorithm>

namespace owq::hf {

namespace {

bool endsWithWord(std::string_view s) {
    if (s.empty()) return false;
    std::size_t i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return isWordChar(nextChar(s, i));
}

bool startsWithWord(std::string_view s) {
    std::size_t i = 0;
    return !s.empty() && isWordChar(nextChar(s, i));
}

// Start of the whitespace run that ends s.
std::size_t trailingSpaceStart(std::string_view s) {
    std::size_t end = s.size();
    while (end > 0) {
        std::size_t i = end - 1;
        while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
        std::size_t j = i;
        if (!isWhitespace(nextChar(s, j))) break;
        end = i;
    }
    return end;
}

// Length of the whitespace run that starts s.
std::size_t leadingSpaceLen(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t j = i;
        if (!isWhitespace(nextChar(s, j))) break;
        i = j;
    }
    return i;
}

} // namespace

void AddedVocab::Trie::add(std::string_view s, int token) {
    int node = 0;
    for (char ch : s) {
        const auto b = static_cast<unsigned char>(ch);
        int child = -1;
        for (auto [byte, idx] : nodes[std::size_t(node)].next)
            if (byte == b) child = idx;
        if (child < 0) {
            child = static_cast<int>(nodes.size());
            nodes[std::size_t(node)].next.emplace_back(b, child);
            nodes.emplace_back();
        }
        node = child;
    }
    nodes[std::size_t(node)].token = token;
    firstByte[static_cast<unsigned char>(s[0])] = true;
}

std::pair<int, std::size_t> AddedVocab::Trie::longestAt(std::string_view text, std::size_t pos) const {
    std::pair<int, std::size_t> best{-1, pos};
    int node = 0;
    for (std::size_t i = pos; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        int child = -1;
        for (auto [byte, idx] : nodes[std::size_t(node)].next)
            if (byte == b) child = idx;
        if (child < 0) break;
        node = child;
        if (nodes[std::size_t(node)].token >= 0) best = {nodes[std::size_t(node)].token, i + 1};
    }
    return best;
}

void AddedVocab::build(std::vector<AddedToken> tokens, const Normalizer* norm) {
    tokens_ = std::move(tokens);
    raw_ = Trie();
    norm_ = Trie();
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
        const AddedToken& t = tokens_[i];
        if (t.content.empty()) continue; // HF ignores empty added tokens
        if (!t.normalized) {
            raw_.add(t.content, static_cast<int>(i));
            continue;
        }
        // Normalized tokens match the normalized text, so they are looked for in their normalized form.
        std::string form = t.content;
        if (norm) norm->normalize(form);
        if (!form.empty()) norm_.add(form, static_cast<int>(i));
    }
}

std::vector<Segment> AddedVocab::split(std::string_view text, bool normalizedSet, bool skipSpecial) const {
    const Trie& trie = normalizedSet ? norm_ : raw_;
    std::vector<Segment> out;
    std::size_t done = 0; // text before this is already in out
    for (std::size_t pos = 0; pos < text.size();) {
        if (!trie.firstByte[static_cast<unsigned char>(text[pos])]) {
            ++pos;
            continue;
        }
        auto [tok, end] = trie.longestAt(text, pos);
        if (tok < 0) {
            ++pos;
            continue;
        }
        // The search goes on after this match whether or not it is kept (HF's aho-corasick find_iter).
        std::size_t start = pos, stop = end;
        pos = end;
        const AddedToken& t = tokens_[std::size_t(tok)];
        if (skipSpecial && t.special) continue;
        if (t.singleWord) {
            const bool startOk = start == 0 || !endsWithWord(text.substr(0, start));
            const bool stopOk = stop == text.size() || !startsWithWord(text.substr(stop));
            if (!startOk || !stopOk) continue;
        }
        if (t.lstrip) start = std::max(trailingSpaceStart(text.substr(0, start)), done);
        if (t.rstrip) stop += leadingSpaceLen(text.substr(stop));
        if (start < done) continue; // overlaps what an rstrip took already
        if (done < start) out.push_back({done, start, -1});
        out.push_back({start, stop, tok});
        done = stop;
        pos = std::max(pos, stop);
    }
    if (done < text.size()) out.push_back({done, text.size(), -1});
    return out;
}

} // namespace owq::hf
