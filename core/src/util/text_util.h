// Small text helpers shared by core's readers for building error messages and reading whole files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace owq::detail {

// "[64, 172]"
std::string shapeString(const std::vector<std::int64_t>& shape);
// At most `cap` bytes of `s` with anything but printable ASCII shown as '?', "..." when cut.
std::string printable(const std::string& s, std::size_t cap = 300);
// The whole file's bytes; throws Error(Io) naming the path when it cannot be opened.
std::string readWholeFile(const std::filesystem::path& p);

} // namespace owq::detail
