// GPT-2's reversible byte <-> unicode map: printable bytes stand for themselves, the other 68 bytes take the
// code points from U+0100 up, so any byte string becomes printable text for BPE and comes back exactly.
#include "tokenizers/hf_internal.h"

namespace owq::hf {

const char* const kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

namespace {

struct Tables {
    std::array<char32_t, 256> toChar{};
    std::array<std::int16_t, 324> toByte{}; // mapped code points are all below 0x144
    std::array<std::string, 256> utf8;      // toChar as UTF-8
    Tables() {
        toByte.fill(-1);
        auto printable = [](int b) {
            return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
        };
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            toChar[b] = printable(b) ? char32_t(b) : next++;
            toByte[toChar[b]] = static_cast<std::int16_t>(b);
            appendUtf8(utf8[b], toChar[b]);
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

} // namespace

char32_t byteToChar(unsigned char b) {
    return tables().toChar[b];
}

int charToByte(char32_t c) {
    return c < 324 ? tables().toByte[c] : -1;
}

std::string byteLevelEncode(std::string_view s) {
    const Tables& t = tables();
    std::string out;
    out.reserve(s.size() * 2);
    for (char ch : s) out += t.utf8[static_cast<unsigned char>(ch)];
    return out;
}

std::optional<std::string> byteLevelDecode(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (std::size_t i = 0; i < token.size();) {
        const int b = charToByte(nextChar(token, i));
        if (b < 0) return std::nullopt;
        out += static_cast<char>(b);
    }
    return out;
}

} // namespace owq::hf
