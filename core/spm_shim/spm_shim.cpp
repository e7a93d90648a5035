// Implementation of the plain C interface of spm_shim.h over sentencepiece. This file is the only place in
// the project that includes sentencepiece headers; it is built into libowq_spm_shim.so, which core loads with
// dlopen(RTLD_LOCAL|RTLD_DEEPBIND) so sentencepiece's bundled protobuf never meets LibTorch's.
// No exception may cross the C boundary: every entry point catches everything and reports through err.
#include "spm_shim.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <vector>

struct owq_spm {
    sentencepiece::SentencePieceProcessor proc;
};

namespace {

void setError(char* err, size_t errlen, const std::string& msg) {
    if (!err || errlen == 0) return;
    const size_t n = msg.size() < errlen - 1 ? msg.size() : errlen - 1;
    std::memcpy(err, msg.data(), n);
    err[n] = '\0';
}

// Runs f, turning any exception (C++ or a thrown sentencepiece Status) into -1 and a message.
template <class F> int guarded(char* err, size_t errlen, const char* what, F&& f) {
    try {
        return f();
    } catch (const std::bad_alloc&) {
        setError(err, errlen, std::string(what) + ": out of memory");
    } catch (const std::exception& e) {
        setError(err, errlen, std::string(what) + ": " + e.what());
    } catch (const sentencepiece::util::Status& s) {
        setError(err, errlen, std::string(what) + ": " + s.ToString());
    } catch (...) {
        setError(err, errlen, std::string(what) + ": unknown error");
    }
    return -1;
}

bool validId(const owq_spm* sp, int32_t id) {
    return sp && id >= 0 && id < sp->proc.GetPieceSize();
}

} // namespace

extern "C" {

int owq_spm_abi_version(void) {
    return OWQ_SPM_SHIM_ABI;
}

int owq_spm_load(const char* path, owq_spm** out, char* err, size_t errlen) {
    if (out) *out = nullptr;
    return guarded(err, errlen, "load", [&]() -> int {
        if (!path || !out) {
            setError(err, errlen, "load: null argument");
            return -1;
        }
        auto sp = std::make_unique<owq_spm>();
        const auto status = sp->proc.Load(path);
        if (!status.ok()) {
            setError(err, errlen, status.ToString());
            return -1;
        }
        if (sp->proc.GetPieceSize() <= 0) {
            setError(err, errlen, "the model has no pieces");
            return -1;
        }
        *out = sp.release();
        return 0;
    });
}

void owq_spm_free(owq_spm* sp) {
    try {
        delete sp;
    } catch (...) {
    }
}

int owq_spm_encode(const owq_spm* sp, const char* text, size_t len, int32_t** ids, size_t* n, char* err,
                   size_t errlen) {
    if (ids) *ids = nullptr;
    if (n) *n = 0;
    return guarded(err, errlen, "encode", [&]() -> int {
        if (!sp || !ids || !n || (!text && len > 0)) {
            setError(err, errlen, "encode: null argument");
            return -1;
        }
        std::vector<int> out;
        const auto status = sp->proc.Encode(std::string(text ? text : "", len), &out);
        if (!status.ok()) {
            setError(err, errlen, "encode: " + status.ToString());
            return -1;
        }
        auto* buf = static_cast<int32_t*>(std::malloc((out.size() ? out.size() : 1) * sizeof(int32_t)));
        if (!buf) {
            setError(err, errlen, "encode: out of memory");
            return -1;
        }
        for (size_t i = 0; i < out.size(); ++i) buf[i] = static_cast<int32_t>(out[i]);
        *ids = buf;
        *n = out.size();
        return 0;
    });
}

int owq_spm_decode(const owq_spm* sp, const int32_t* ids, size_t n, char** text, size_t* len, char* err,
                   size_t errlen) {
    if (text) *text = nullptr;
    if (len) *len = 0;
    return guarded(err, errlen, "decode", [&]() -> int {
        if (!sp || !text || !len || (!ids && n > 0)) {
            setError(err, errlen, "decode: null argument");
            return -1;
        }
        std::vector<int> in(n);
        for (size_t i = 0; i < n; ++i) {
            if (!validId(sp, ids[i])) {
                setError(err, errlen,
                         "decode: token id " + std::to_string(ids[i]) + " is out of range (vocabulary of " +
                             std::to_string(sp->proc.GetPieceSize()) + ")");
                return -1;
            }
            in[i] = ids[i];
        }
        std::string out;
        const auto status = sp->proc.Decode(in, &out);
        if (!status.ok()) {
            setError(err, errlen, "decode: " + status.ToString());
            return -1;
        }
        auto* buf = static_cast<char*>(std::malloc(out.size() + 1));
        if (!buf) {
            setError(err, errlen, "decode: out of memory");
            return -1;
        }
        std::memcpy(buf, out.data(), out.size());
        buf[out.size()] = '\0';
        *text = buf;
        *len = out.size();
        return 0;
    });
}

void owq_spm_free_buffer(void* p) {
    std::free(p);
}

int32_t owq_spm_vocab_size(const owq_spm* sp) {
    try {
        return sp ? sp->proc.GetPieceSize() : 0;
    } catch (...) {
        return 0;
    }
}

int32_t owq_spm_bos_id(const owq_spm* sp) {
    try {
        return sp ? sp->proc.bos_id() : -1;
    } catch (...) {
        return -1;
    }
}

int32_t owq_spm_eos_id(const owq_spm* sp) {
    try {
        return sp ? sp->proc.eos_id() : -1;
    } catch (...) {
        return -1;
    }
}

int32_t owq_spm_unk_id(const owq_spm* sp) {
    try {
        return sp ? sp->proc.unk_id() : -1;
    } catch (...) {
        return -1;
    }
}

int32_t owq_spm_piece_to_id(const owq_spm* sp, const char* piece) {
    try {
        if (!sp) return -1;
        if (!piece) return sp->proc.unk_id();
        return sp->proc.PieceToId(piece);
    } catch (...) {
        return -1;
    }
}

int owq_spm_id_to_piece(const owq_spm* sp, int32_t id, char* buf, size_t buflen) {
    try {
        if (!validId(sp, id)) return -1;
        const std::string& piece = sp->proc.IdToPiece(id);
        if (buf && buflen > 0) {
            const size_t n = piece.size() < buflen - 1 ? piece.size() : buflen - 1;
            std::memcpy(buf, piece.data(), n);
            buf[n] = '\0';
        }
        return static_cast<int>(piece.size());
    } catch (...) {
        return -1;
    }
}

} // extern "C"

// Exported by libsentencepiece (not in its public headers).
namespace sentencepiece::logging {
void SetMinLogLevel(int v);
}

extern "C" {

int owq_spm_train(const char* args, char* err, size_t errlen) {
    return guarded(err, errlen, "train", [&]() -> int {
        if (!args) {
            setError(err, errlen, "train: null argument");
            return -1;
        }
        // The trainer logs to std::cerr before it parses --minloglevel. Under RTLD_DEEPBIND that is
        // libstdc++'s own std::cerr, which a program holding a copy-relocated std::cerr (the owq CLI) never
        // initialises: the first log line crashed. Silence logging before Train() touches it.
        sentencepiece::logging::SetMinLogLevel(3);
        const auto status = sentencepiece::SentencePieceTrainer::Train(args);
        if (!status.ok()) {
            setError(err, errlen, status.ToString());
            return -1;
        }
        return 0;
    });
}

} // extern "C"
