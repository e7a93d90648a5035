// Reading user text files (calibration, evaluation, training data) with clear errors for the usual mistakes.
#pragma once

#include <string>

namespace owq {

// Whole file as UTF-8 text. Throws Io when it cannot be read, Format when it is empty, contains NUL bytes
// (a binary file) or is not valid UTF-8 (the message gives the byte offset).
std::string readTextFile(const std::string& path);

// Writes `bytes` to `path` atomically (temp file in the same folder, fsync, rename). Throws Io.
void writeFileAtomic(const std::string& path, const std::string& bytes);

} // namespace owq
