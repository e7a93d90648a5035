#include "util/utf8.h"

namespace owq::detail {

namespace {

// The length a lead byte announces and the allowed range of the second byte (Table 3-7); len 0: not a lead.
struct Lead {
    std::size_t len;
    unsigned char lo, hi;
};

Lead leadOf(unsigned char b0) {
    if (b0 < 0x80) return {1, 0, 0};
    if (b0 >= 0xC2 && b0 <= 0xDF) return {2, 0x80, 0xBF};
    if (b0 == 0xE0) return {3, 0xA0, 0xBF};
    if (b0 == 0xED) return {3, 0x80, 0x9F};
    if (b0 >= 0xE1 && b0 <= 0xEF) return {3, 0x80, 0xBF};
    if (b0 == 0xF0) return {4, 0x90, 0xBF};
    if (b0 >= 0xF1 && b0 <= 0xF3) return {4, 0x80, 0xBF};
    if (b0 == 0xF4) return {4, 0x80, 0x8F};
    return {0, 0, 0};
}

// Bytes of the well-formed prefix of the sequence at s[i] (at least 1): how much one U+FFFD replaces.
std::size_t maximalSubpart(std::string_view s, std::size_t i) {
    const Lead l = leadOf(static_cast<unsigned char>(s[i]));
    std::size_t k = 1;
    for (; k < l.len && i + k < s.size(); ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < (k == 1 ? l.lo : 0x80) || b > (k == 1 ? l.hi : 0xBF)) break;
    }
    return k;
}

} // namespace

std::size_t utf8SequenceAt(std::string_view s, std::size_t i) {
    const Lead l = leadOf(static_cast<unsigned char>(s[i]));
    if (l.len <= 1) return l.len;
    for (std::size_t k = 1; k < l.len; ++k) {
        if (i + k >= s.size()) return 0;
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (b < (k == 1 ? l.lo : 0x80) || b > (k == 1 ? l.hi : 0xBF)) return 0;
    }
    return l.len;
}

std::size_t completeUtf8Prefix(std::string_view s) {
    // Only the last sequence can be incomplete: find its lead byte within the last 4 bytes.
    const std::size_t n = s.size();
    for (std::size_t back = 1; back <= 4 && back <= n; ++back) {
        const auto c = static_cast<unsigned char>(s[n - back]);
        if (c >= 0x80 && c < 0xC0) continue; // continuation byte: keep looking for the lead
        const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 1;
        return len > back ? n - back : n;
    }
    return n; // only continuation bytes (or empty): nothing that could still complete
}

bool validUtf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8SequenceAt(s, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

std::string utf8Lossy(std::string_view s) {
    if (validUtf8(s)) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8SequenceAt(s, i);
        if (len) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            i += maximalSubpart(s, i);
        }
    }
    return out;
}

} // namespace owq::detail
