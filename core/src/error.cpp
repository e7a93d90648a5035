#include "owq/error.h"
#include "owq/job.h"

namespace owq {

const char* errorKindName(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Io:
        return "I/O error";
    case ErrorKind::Format:
        return "format error";
    case ErrorKind::Config:
        return "configuration error";
    case ErrorKind::Unsupported:
        return "unsupported";
    case ErrorKind::Tokenizer:
        return "tokenizer error";
    case ErrorKind::InvalidArgument:
        return "invalid argument";
    case ErrorKind::Cancelled:
        return "cancelled";
    case ErrorKind::Resource:
        return "insufficient resources";
    }
    return "error";
}

int exitCodeFor(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::InvalidArgument:
        return 2;
    case ErrorKind::Io:
        return 3;
    case ErrorKind::Format:
        return 4;
    case ErrorKind::Config:
        return 4;
    case ErrorKind::Tokenizer:
        return 4;
    case ErrorKind::Unsupported:
        return 5;
    case ErrorKind::Resource:
        return 6;
    case ErrorKind::Cancelled:
        return 130;
    }
    return 1;
}

void CancelToken::throwIfCancelled(const std::string& what) const {
    if (cancelled()) throw Error(ErrorKind::Cancelled, what + ": cancelled");
}

} // namespace owq
