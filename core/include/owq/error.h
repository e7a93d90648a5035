// Typed errors for everything core does. Every message names the file (or object) and the problem,
// so the CLI can print it and the GUI can show it in a dialog unchanged.
#pragma once

#include <stdexcept>
#include <string>

namespace owq {

enum class ErrorKind {
    Io,              // cannot open/read/write/map a file, disk full
    Format,          // a file is not what it claims (corrupt safetensors, bad JSON, bad tokenizer)
    Config,          // config.json is missing fields or has impossible values
    Unsupported,     // valid input we do not handle (architecture, dtype, rope type)
    Tokenizer,       // tokenizer missing or failing
    InvalidArgument, // caller passed something impossible (bad option value, token id out of range)
    Cancelled,       // the user cancelled a long operation
    Resource,        // not enough memory or another resource for the requested work
};

const char* errorKindName(ErrorKind kind);

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, std::string message) : std::runtime_error(std::move(message)), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

// Exit codes of the owq CLI by error kind (documented in docs/CLI.md).
int exitCodeFor(ErrorKind kind);

} // namespace owq
