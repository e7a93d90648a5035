// UTF-8 helpers shared by the tokenizers and the streaming decoder.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace owq::detail {

// Bytes of the well-formed sequence at s[i] (1 for ASCII), or 0 when none starts there (Unicode Table 3-7:
// no overlongs, surrogates or values past U+10FFFF).
std::size_t utf8SequenceAt(std::string_view s, std::size_t i);

// Length of the longest prefix of `s` whose last character is complete (a sequence cut off at the end is
// left out; invalid bytes elsewhere count as complete, one byte each).
std::size_t completeUtf8Prefix(std::string_view s);

bool validUtf8(std::string_view s);

// `s` with every ill-formed sequence replaced by U+FFFD, one per maximal invalid subpart, as Rust's
// from_utf8_lossy and the WHATWG decoder do.
std::string utf8Lossy(std::string_view s);

} // namespace owq::detail
