#include "tune/tune_data.h"

#include "owq/error.h"
#include "owq/text_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace owq::detail {

namespace {

constexpr std::int64_t kIgnore = -100;

bool isJsonl(const TuneOptions& o, const std::string& path) {
    if (o.format == TuneDataFormat::Jsonl) return true;
    if (o.format == TuneDataFormat::Text) return false;
    auto endsWith = [&](const char* s) {
        const std::string e(s);
        return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
    };
    return endsWith(".jsonl") || endsWith(".json") || endsWith(".JSONL") || endsWith(".JSON");
}

struct Pair {
    std::string prompt, response;
};

std::vector<Pair> parseJsonl(const std::string& text, const std::string& origin) {
    std::vector<Pair> out;
    std::istringstream in(text);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const std::string where = origin + ":" + std::to_string(n) + ": ";
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            throw Error(ErrorKind::Format, where + "not a JSON object (" + e.what() + ")");
        }
        if (!j.is_object() || !j.contains("prompt") || !j.contains("response") || !j["prompt"].is_string() ||
            !j["response"].is_string())
            throw Error(ErrorKind::Format, where + "needs string fields \"prompt\" and \"response\"");
        out.push_back({j["prompt"].get<std::string>(), j["response"].get<std::string>()});
    }
    if (out.empty()) throw Error(ErrorKind::InvalidArgument, origin + ": no prompt/response pairs");
    return out;
}

TuneDataset textSet(const std::string& text, const Tokenizer& tok, const std::string& origin) {
    TuneDataset d;
    d.origin = origin;
    d.stream = tok.encodeDocument(text);
    return d;
}

TuneDataset pairSet(const std::vector<Pair>& pairs, std::size_t from, std::size_t to, const Tokenizer& tok,
                    std::int64_t seqlen, const std::string& origin) {
    TuneDataset d;
    d.jsonl = true;
    d.origin = origin;
    for (std::size_t i = from; i < to; ++i) {
        TuneExample e;
        e.ids = tok.encodeDocument(pairs[i].prompt);
        e.firstScored = std::int64_t(e.ids.size());
        for (std::int32_t id : tok.encode(pairs[i].response, false)) e.ids.push_back(id);
        if (tok.eosId() >= 0) e.ids.push_back(tok.eosId());
        if (std::int64_t(e.ids.size()) > seqlen + 1) e.ids.resize(std::size_t(seqlen + 1));
        if (e.firstScored < std::int64_t(e.ids.size()))
            d.examples.push_back(std::move(e)); // else: all prompt
    }
    if (d.examples.empty())
        throw Error(ErrorKind::InvalidArgument, origin + ": no example has a response within " +
                                                    std::to_string(seqlen + 1) +
                                                    " tokens (prompts too long for --seqlen)");
    return d;
}

void checkText(const TuneDataset& d, std::int64_t need) {
    if (std::int64_t(d.stream.size()) < need)
        throw Error(ErrorKind::InvalidArgument, d.origin + ": " + std::to_string(d.stream.size()) +
                                                    " tokens, fewer than the " + std::to_string(need) +
                                                    " one training window needs (lower --seqlen)");
}

} // namespace

std::int64_t TuneDataset::scoredTokens() const {
    if (!jsonl) return std::max<std::int64_t>(0, std::int64_t(stream.size()) - 1);
    std::int64_t n = 0;
    for (const TuneExample& e : examples) n += std::int64_t(e.ids.size()) - e.firstScored;
    return n;
}

void loadTuneData(const TuneOptions& o, const Tokenizer& tok, TuneDataset& train, TuneDataset& eval) {
    if (o.dataFile.empty()) throw Error(ErrorKind::InvalidArgument, "no training data file given");
    const bool jsonl = isJsonl(o, o.dataFile);
    const std::string text = readTextFile(o.dataFile);
    const bool split = o.evalFile.empty();
    if (split && !(o.evalSplit > 0 && o.evalSplit < 1))
        throw Error(ErrorKind::InvalidArgument,
                    "without an evaluation file the eval split must be in (0, 1), got " +
                        std::to_string(o.evalSplit));
    const std::string evalOrigin = split ? "held-out part of " + o.dataFile : o.evalFile;
    if (jsonl) {
        const std::vector<Pair> pairs = parseJsonl(text, o.dataFile);
        std::size_t cut = pairs.size();
        if (split) {
            if (pairs.size() < 2)
                throw Error(ErrorKind::InvalidArgument,
                            o.dataFile +
                                ": one example cannot be split into training and evaluation; give --eval");
            const auto held =
                std::max<std::size_t>(1, std::size_t(std::ceil(o.evalSplit * double(pairs.size()))));
            cut = pairs.size() - std::min(held, pairs.size() - 1);
        }
        train = pairSet(pairs, 0, cut, tok, o.seqlen, o.dataFile);
        if (split) {
            eval = pairSet(pairs, cut, pairs.size(), tok, o.seqlen, evalOrigin);
        } else {
            if (!isJsonl(o, o.evalFile) && o.format == TuneDataFormat::Auto)
                throw Error(ErrorKind::InvalidArgument,
                            o.evalFile + ": the training data is JSONL, so the evaluation data must be too");
            const std::vector<Pair> ev = parseJsonl(readTextFile(o.evalFile), o.evalFile);
            eval = pairSet(ev, 0, ev.size(), tok, o.seqlen, o.evalFile);
        }
        return;
    }
    std::string trainText = text, evalText;
    if (split) {
        std::size_t cut = std::size_t(double(text.size()) * (1.0 - o.evalSplit));
        const std::size_t nl = text.find('\n', cut);
        if (nl != std::string::npos && nl + 1 < text.size()) cut = nl + 1; // at a line when there is one
        trainText = text.substr(0, cut);
        evalText = text.substr(cut);
    } else {
        evalText = readTextFile(o.evalFile);
    }
    train = textSet(trainText, tok, o.dataFile);
    eval = textSet(evalText, tok, evalOrigin);
    checkText(train, std::int64_t(o.seqlen) + 1);
    if (eval.stream.size() < 2)
        throw Error(ErrorKind::InvalidArgument, evalOrigin + ": too short to evaluate on");
}

TuneBatch sampleBatch(const TuneDataset& d, std::int64_t batch, std::int64_t seqlen, std::mt19937_64& rng) {
    std::vector<std::int64_t> ids(std::size_t(batch * seqlen), 0), tgt(std::size_t(batch * seqlen), kIgnore);
    if (!d.jsonl) {
        const std::uint64_t starts = std::uint64_t(d.stream.size()) - std::uint64_t(seqlen); // >= 1
        for (std::int64_t b = 0; b < batch; ++b) {
            const std::int64_t s = std::int64_t(rng() % starts);
            for (std::int64_t t = 0; t < seqlen; ++t) {
                ids[std::size_t(b * seqlen + t)] = d.stream[std::size_t(s + t)];
                tgt[std::size_t(b * seqlen + t)] = d.stream[std::size_t(s + t + 1)];
            }
        }
    } else {
        for (std::int64_t b = 0; b < batch; ++b) {
            const TuneExample& e = d.examples[std::size_t(rng() % d.examples.size())];
            const std::int64_t n = std::int64_t(e.ids.size()) - 1; // inputs (<= seqlen)
            for (std::int64_t t = 0; t < n; ++t) {
                ids[std::size_t(b * seqlen + t)] = e.ids[std::size_t(t)];
                if (t + 1 >= e.firstScored) tgt[std::size_t(b * seqlen + t)] = e.ids[std::size_t(t + 1)];
            }
        }
    }
    return {at::tensor(ids, at::kLong).view({batch, seqlen}),
            at::tensor(tgt, at::kLong).view({batch, seqlen})};
}

std::vector<TuneBatch> evalBatches(const TuneDataset& d, std::int64_t seqlen, std::int64_t maxItems,
                                   std::int64_t batch) {
    std::vector<std::vector<std::int64_t>> idRows, tgtRows;
    std::int64_t width = seqlen;
    if (!d.jsonl) {
        const std::int64_t n = std::int64_t(d.stream.size());
        width = std::min(seqlen, n);
        const std::int64_t windows = std::min(n / width, std::max<std::int64_t>(1, maxItems));
        for (std::int64_t w = 0; w < windows; ++w) {
            std::vector<std::int64_t> ids(static_cast<std::size_t>(width)),
                tgt(static_cast<std::size_t>(width), kIgnore);
            for (std::int64_t t = 0; t < width; ++t)
                ids[std::size_t(t)] = d.stream[std::size_t(w * width + t)];
            for (std::int64_t t = 0; t + 1 < width; ++t) tgt[std::size_t(t)] = ids[std::size_t(t + 1)];
            idRows.push_back(std::move(ids));
            tgtRows.push_back(std::move(tgt));
        }
    } else {
        const std::size_t n = std::min(d.examples.size(), std::size_t(std::max<std::int64_t>(1, maxItems)));
        for (std::size_t i = 0; i < n; ++i) {
            const TuneExample& e = d.examples[i];
            std::vector<std::int64_t> ids(std::size_t(seqlen), 0), tgt(std::size_t(seqlen), kIgnore);
            for (std::int64_t t = 0; t + 1 < std::int64_t(e.ids.size()); ++t) {
                ids[std::size_t(t)] = e.ids[std::size_t(t)];
                if (t + 1 >= e.firstScored) tgt[std::size_t(t)] = e.ids[std::size_t(t + 1)];
            }
            idRows.push_back(std::move(ids));
            tgtRows.push_back(std::move(tgt));
        }
    }
    std::vector<TuneBatch> out;
    for (std::size_t i = 0; i < idRows.size(); i += std::size_t(batch)) {
        const std::size_t b = std::min(idRows.size() - i, std::size_t(batch));
        std::vector<std::int64_t> ids, tgt;
        for (std::size_t k = i; k < i + b; ++k) {
            ids.insert(ids.end(), idRows[k].begin(), idRows[k].end());
            tgt.insert(tgt.end(), tgtRows[k].begin(), tgtRows[k].end());
        }
        out.push_back({at::tensor(ids, at::kLong).view({std::int64_t(b), width}),
                       at::tensor(tgt, at::kLong).view({std::int64_t(b), width})});
    }
    return out;
}

} // namespace owq::detail
