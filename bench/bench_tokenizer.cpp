// Tokenizer speed: load time of each tokenizer file (tokenizer.json or tokenizer.model, through the public
// Tokenizer) and encode/decode throughput on a text file, and the cost of streaming a reply's text a token at
// a time (StreamDecoder, as generation does) over its first --stream-tokens ids. Results go to
// docs/BENCHMARKS.md.
//   bench_tokenizer --text eval.txt TOKENIZER_DIR...
#include "owq/text_file.h"
#include "owq/tokenizer.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace {

double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> dirs;
    std::string textPath;
    int repeats = 5;
    std::size_t streamTokens = 2048;
    CLI::App app{"Tokenizer load time and throughput"};
    app.add_option("DIRS", dirs, "Folders with tokenizer.json or tokenizer.model")->required();
    app.add_option("--text", textPath, "Text to encode")->required();
    app.add_option("--repeats", repeats, "Timed repetitions (the best is reported)")->capture_default_str();
    app.add_option("--stream-tokens", streamTokens, "Ids streamed through StreamDecoder (0: none)")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    try {
        const std::string text = owq::readTextFile(textPath);
        std::printf("%-40s %-16s %10s %12s %12s %10s %16s\n", "tokenizer", "kind", "load ms", "encode MB/s",
                    "decode MB/s", "tokens", "stream us/token");
        for (const std::string& dir : dirs) {
            double load = 1e9, enc = 1e9, dec = 1e9, stream = 1e9;
            std::size_t tokens = 0;
            std::string kind;
            for (int r = 0; r < repeats; ++r) {
                auto t0 = std::chrono::steady_clock::now();
                auto tok = owq::Tokenizer::loadFromFolder(dir);
                load = std::min(load, secondsSince(t0));
                kind = tok->kindName();
                t0 = std::chrono::steady_clock::now();
                const auto ids = tok->encode(text, false);
                enc = std::min(enc, secondsSince(t0));
                t0 = std::chrono::steady_clock::now();
                const std::string back = tok->decode(ids);
                dec = std::min(dec, secondsSince(t0));
                tokens = ids.size();
                // A reply of streamTokens ids, pushed one at a time.
                const std::size_t n = std::min(streamTokens, ids.size());
                owq::StreamDecoder decoder(tok);
                std::size_t bytes = 0;
                t0 = std::chrono::steady_clock::now();
                for (std::size_t i = 0; i < n; ++i) bytes += decoder.push(ids[i]).size();
                bytes += decoder.flush().size();
                if (n > 0) stream = std::min(stream, secondsSince(t0) / double(n));
                if (bytes == 0 && n > 0) throw std::runtime_error("the stream decoded nothing");
            }
            const double mb = double(text.size()) / 1e6;
            std::printf("%-40s %-16s %10.1f %12.2f %12.2f %10zu %16.2f\n", dir.c_str(), kind.c_str(),
                        load * 1e3, mb / enc, mb / dec, tokens, streamTokens > 0 ? stream * 1e6 : 0.0);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_tokenizer: %s\n", e.what());
        return 1;
    }
    return 0;
}
