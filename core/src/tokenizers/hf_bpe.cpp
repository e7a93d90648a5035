// The BPE model as HF tokenizers runs it (models/bpe/model.rs, word.rs): a word starts as its characters
// (with continuing_subword_prefix / end_of_word_suffix, byte fallback or unk for characters not in the vocab)
// and pairs merge lowest rank first, leftmost first among equal ranks.
#include "tokenizers/hf_internal.h"

#include <algorithm>
#include <cstdio>
#include <queue>

namespace owq::hf {

namespace {

constexpr std::size_t kCacheCapacity = 65536; // words; once full new words are not cached (as HF)
constexpr std::size_t kCacheMaxWord = 256;    // bytes; longer words are rare and not worth keeping

std::uint64_t pairKey(std::int32_t a, std::int32_t b) {
    return (std::uint64_t(std::uint32_t(a)) << 32) | std::uint32_t(b);
}

std::size_t mixKey(std::uint64_t k) {
    return std::size_t((k * 0x9E3779B97F4A7C15ull) >> 17);
}

// A power of two at least twice n: probes stay short.
std::size_t tableSize(std::size_t n) {
    std::size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    return cap;
}

} // namespace

std::optional<std::int32_t> BpeModel::findToken(std::string_view s) const {
    const std::size_t mask = vocabSlots_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>{}(s)&mask;; i = (i + 1) & mask) {
        const std::int32_t id = vocabSlots_[i];
        if (id < 0) return std::nullopt;
        if (idToToken_[std::size_t(id)] == s) return id;
    }
}

const BpeModel::MergeSlot* BpeModel::findMerge(std::int32_t a, std::int32_t b) const {
    const std::uint64_t key = pairKey(a, b);
    const std::size_t mask = mergeSlots_.size() - 1;
    for (std::size_t i = mixKey(key) & mask;; i = (i + 1) & mask) {
        const MergeSlot& m = mergeSlots_[i];
        if (m.key == key) return &m;
        if (m.key == ~std::uint64_t(0)) return nullptr;
    }
}

void BpeModel::build(const json& model, VocabList&& vocab, MergeList&& merges, std::int64_t idLimit) {
    const std::string what = "model";
    if (const json* d = field(model, "dropout"); d && !(d->is_number() && d->get<double>() == 0.0))
        throw Error(ErrorKind::Unsupported, "BPE dropout is not supported");
    unk_ = getOptString(model, "unk_token", what);
    prefix_ = getOptString(model, "continuing_subword_prefix", what);
    suffix_ = getOptString(model, "end_of_word_suffix", what);
    if (prefix_ && prefix_->empty()) prefix_.reset(); // an empty prefix or suffix changes nothing
    if (suffix_ && suffix_->empty()) suffix_.reset();
    fuseUnk_ = getBool(model, "fuse_unk", what, false);
    byteFallback_ = getBool(model, "byte_fallback", what, false);
    ignoreMerges_ = getBool(model, "ignore_merges", what, false);

    std::int64_t maxId = -1;
    for (const auto& [tok, id] : vocab) {
        if (id < 0 || id >= idLimit)
            throw Error(ErrorKind::Format, "model.vocab: token '" + tok + "' has id " + std::to_string(id) +
                                               ", out of range (0.." + std::to_string(idLimit - 1) + ")");
        maxId = std::max(maxId, id);
    }
    idToToken_.assign(std::size_t(maxId + 1), std::string());
    std::vector<bool> used(std::size_t(maxId + 1), false);
    vocabSlots_.assign(tableSize(vocab.size()), -1);
    const std::size_t vmask = vocabSlots_.size() - 1;
    for (auto& [tok, id] : vocab) {
        if (used[std::size_t(id)])
            throw Error(ErrorKind::Format, "model.vocab: duplicate id " + std::to_string(id) + " (tokens '" +
                                               idToToken_[std::size_t(id)] + "' and '" + tok + "')");
        used[std::size_t(id)] = true;
        std::size_t i = std::hash<std::string_view>{}(tok)&vmask;
        for (; vocabSlots_[i] >= 0; i = (i + 1) & vmask)
            if (idToToken_[std::size_t(vocabSlots_[i])] == tok)
                throw Error(ErrorKind::Format, "model.vocab: duplicate token '" + tok + "'");
        vocabSlots_[i] = static_cast<std::int32_t>(id);
        idToToken_[std::size_t(id)] = std::move(tok);
    }
    vocabCount_ = vocab.size();
    vocab.clear();

    const std::size_t prefixLen = prefix_ ? prefix_->size() : 0;
    mergeSlots_.assign(tableSize(merges.size()), MergeSlot());
    const std::size_t mmask = mergeSlots_.size() - 1;
    std::string joined;
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        const std::string& a = merges[rank].first; // not a structured binding: lambdas capture it
        const std::string& b = merges[rank].second;
        auto lookup = [&](std::string_view tok) {
            auto id = findToken(tok);
            if (!id)
                throw Error(ErrorKind::Format, "model.merges entry " + std::to_string(rank) + " ('" + a +
                                                   "' '" + b + "') needs token '" + std::string(tok) +
                                                   "', which is not in the vocab");
            return *id;
        };
        const std::int32_t ia = lookup(a), ib = lookup(b);
        if (b.size() < prefixLen)
            throw Error(ErrorKind::Format, "model.merges entry " + std::to_string(rank) +
                                               " has a right part shorter than continuing_subword_prefix");
        joined.assign(a);
        joined.append(b, prefixLen, std::string::npos);
        const std::int32_t newId = lookup(joined);
        const std::uint64_t key = pairKey(ia, ib);
        std::size_t i = mixKey(key) & mmask;
        while (mergeSlots_[i].key != key && mergeSlots_[i].key != ~std::uint64_t(0)) i = (i + 1) & mmask;
        if (mergeSlots_[i].key != key) ++mergeCount_;
        // Later duplicates replace earlier ones, as HF's HashMap collect does.
        mergeSlots_[i] = {key, static_cast<std::int32_t>(rank), newId};
    }
    merges.clear();

    char name[8];
    for (int b = 0; b < 256; ++b) {
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        byteIds_[std::size_t(b)] = findToken(name).value_or(-1);
    }
    // HF fails only when an unknown character shows up; we then drop it, as with no unk token.
    if (unk_) unkId_ = findToken(*unk_);
}

std::optional<std::int32_t> BpeModel::tokenToId(std::string_view token) const {
    return findToken(token);
}

void BpeModel::tokenize(std::string_view word, std::vector<std::int32_t>& out) const {
    if (word.empty()) return;
    if (ignoreMerges_) {
        if (auto id = findToken(word)) {
            out.push_back(*id);
            return;
        }
    }
    const bool cacheable = word.size() < kCacheMaxWord;
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMu_);
        if (auto it = cache_.find(word); it != cache_.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<std::int32_t> ids;
    mergeWord(word, ids);
    out.insert(out.end(), ids.begin(), ids.end());
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMu_);
        if (cache_.size() < kCacheCapacity) cache_.emplace(std::string(word), std::move(ids));
    }
}

void BpeModel::mergeWord(std::string_view word, std::vector<std::int32_t>& out) const {
    struct Sym {
        std::int32_t id;
        std::int32_t prev, next;
        bool gone;
    };
    std::vector<Sym> syms;
    syms.reserve(word.size());
    auto add = [&](std::int32_t id) {
        const auto n = static_cast<std::int32_t>(syms.size());
        if (n) syms.back().next = n;
        syms.push_back({id, n - 1, -1, false});
    };

    std::int32_t pendingUnk = -1; // an unk waiting to be added (fuse_unk extends it)
    std::string piece;
    for (std::size_t i = 0; i < word.size();) {
        const std::size_t start = i;
        nextChar(word, i);
        const bool first = start == 0, last = i >= word.size();
        std::string_view s = word.substr(start, i - start);
        if ((prefix_ && !first) || (suffix_ && last)) {
            piece.clear();
            if (prefix_ && !first) piece += *prefix_;
            piece += s;
            if (suffix_ && last) piece += *suffix_;
            s = piece;
        }
        if (auto id = findToken(s)) {
            if (pendingUnk >= 0) add(pendingUnk), pendingUnk = -1;
            add(*id);
            continue;
        }
        if (byteFallback_) {
            bool all = true;
            for (char c : s) all = all && byteIds_[static_cast<unsigned char>(c)] >= 0;
            if (all) {
                // HF adds these without flushing a pending unk first; keep its order.
                for (char c : s) add(byteIds_[static_cast<unsigned char>(c)]);
                continue;
            }
        }
        if (unkId_) {
            if (pendingUnk >= 0 && !fuseUnk_) add(pendingUnk);
            pendingUnk = *unkId_;
        }
    }
    if (pendingUnk >= 0) add(pendingUnk);

    struct Cand {
        std::int32_t rank, pos, newId;
        bool operator<(const Cand& o) const { // priority_queue pops the largest: lowest rank, then pos
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    // The first candidates are heapified at once (O(n)): a word can be a whole text when there is no
    // pre-tokenizer.
    std::vector<Cand> initial;
    initial.reserve(syms.size());
    for (std::size_t p = 0; p + 1 < syms.size(); ++p)
        if (const MergeSlot* m = findMerge(syms[p].id, syms[p + 1].id))
            initial.push_back({m->rank, static_cast<std::int32_t>(p), m->newId});
    std::priority_queue<Cand> queue(std::less<Cand>(), std::move(initial));
    auto consider = [&](std::int32_t pos) {
        const Sym& l = syms[std::size_t(pos)];
        if (l.next < 0) return;
        if (const MergeSlot* m = findMerge(l.id, syms[std::size_t(l.next)].id))
            queue.push({m->rank, pos, m->newId});
    };

    while (!queue.empty()) {
        const Cand top = queue.top();
        queue.pop();
        Sym& l = syms[std::size_t(top.pos)];
        if (l.gone || l.next < 0) continue;
        Sym& r = syms[std::size_t(l.next)];
        // A stale entry: the pair at pos changed since it was queued.
        const MergeSlot* m = findMerge(l.id, r.id);
        if (!m || m->newId != top.newId) continue;
        l.id = top.newId;
        r.gone = true;
        l.next = r.next;
        if (r.next >= 0) syms[std::size_t(r.next)].prev = top.pos;
        if (l.prev >= 0) consider(l.prev);
        consider(top.pos);
    }
    for (std::int32_t p = syms.empty() ? -1 : 0; p >= 0; p = syms[std::size_t(p)].next)
        out.push_back(syms[std::size_t(p)].id);
}

} // namespace owq::hf
