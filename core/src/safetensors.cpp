// Memory-mapped safetensors reading and atomic writing. See owq/safetensors.h.
#include "owq/safetensors.h"

#include "owq/error.h"
#include "owq/kernels/half.h"

#include <nlohmann/json.hpp>

#include "util/text_util.h"
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <set>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace owq {

namespace {

using detail::shapeString;

using json = nlohmann::json;

constexpr std::uint64_t kMaxHeaderBytes = 100ull * 1000 * 1000; // 100 MB, as the reference implementation
constexpr int kMaxJsonDepth = 64;

struct DTypeEntry {
    DType dtype;
    const char* name;
    std::size_t size;
};

constexpr DTypeEntry kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4},   {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4},   {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::BOOL, "BOOL", 1},
};

bool parseDType(const std::string& s, DType& out) {
    for (const auto& e : kDTypes) {
        if (s == e.name) {
            out = e.dtype;
            return true;
        }
    }
    return false;
}

// Text safe to put in an error message: printable ASCII kept, everything else as \xNN, length capped.
std::string printable(const std::string& s, std::size_t cap = 80) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < cap; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += char(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    if (s.size() > cap) out += "...";
    return out;
}

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t firstInvalidUtf8(const std::uint8_t* p, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
        const std::uint8_t c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xe0) == 0xc0) {
            len = 2;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xc0) != 0x80) return i;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        // Overlong forms, surrogates, beyond U+10FFFF.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return i;
        i += len;
    }
    return std::string::npos;
}

struct HeaderProblem {
    std::string message;
};

// Parses the header JSON. Rejects nesting deeper than kMaxJsonDepth (before the parser builds it) and
// duplicate keys in any object (nlohmann would silently keep one of them).
json parseHeaderJson(const char* begin, const char* end) {
    std::vector<std::set<std::string>> keyStack; // one entry per open container; arrays keep theirs empty
    std::vector<bool> isObject;
    auto cb = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            if (depth >= kMaxJsonDepth)
                throw HeaderProblem{"header JSON is nested deeper than " + std::to_string(kMaxJsonDepth) +
                                    " levels"};
            keyStack.emplace_back();
            isObject.push_back(event == json::parse_event_t::object_start);
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!keyStack.empty()) {
                keyStack.pop_back();
                isObject.pop_back();
            }
            break;
        case json::parse_event_t::key:
            if (!keyStack.empty() && isObject.back()) {
                const std::string& k = parsed.get_ref<const std::string&>();
                if (!keyStack.back().insert(k).second) {
                    if (keyStack.size() == 1)
                        throw HeaderProblem{"tensor '" + printable(k) +
                                            "': duplicate tensor name in the header"};
                    throw HeaderProblem{"header JSON has the duplicate key '" + printable(k) + "'"};
                }
            }
            break;
        case json::parse_event_t::value:
            break;
        }
        return true;
    };
    return json::parse(begin, end, cb, /*allow_exceptions=*/true, /*ignore_comments=*/false);
}

bool mulOverflow(std::uint64_t a, std::uint64_t b, std::uint64_t& out) {
    return __builtin_mul_overflow(a, b, &out);
}

// Reads a non-negative JSON integer; false when it is not one.
bool nonNegativeInt(const json& v, std::uint64_t& out) {
    if (v.is_number_unsigned()) {
        out = v.get<std::uint64_t>();
        return true;
    }
    if (v.is_number_integer()) {
        const std::int64_t s = v.get<std::int64_t>();
        if (s < 0) return false;
        out = std::uint64_t(s);
        return true;
    }
    return false;
}

std::string errnoText(int err) {
    return std::strerror(err);
}

} // namespace

const char* dtypeName(DType dtype) {
    for (const auto& e : kDTypes)
        if (e.dtype == dtype) return e.name;
    return "?";
}

std::size_t dtypeSize(DType dtype) {
    for (const auto& e : kDTypes)
        if (e.dtype == dtype) return e.size;
    return 0;
}

std::int64_t TensorInfo::numel() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    std::shared_ptr<SafetensorsFile> f(new SafetensorsFile());
    f->path_ = path;
    auto fail = [&](ErrorKind kind, const std::string& what) -> Error {
        return Error(kind, path + ": " + what);
    };

    f->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f->fd_ < 0) throw fail(ErrorKind::Io, "cannot open: " + errnoText(errno));
    struct stat st {};
    if (::fstat(f->fd_, &st) != 0) throw fail(ErrorKind::Io, "cannot stat: " + errnoText(errno));
    if (S_ISDIR(st.st_mode)) throw fail(ErrorKind::Io, "is a folder, not a safetensors file");
    if (!S_ISREG(st.st_mode)) throw fail(ErrorKind::Io, "is not a regular file");
    const std::uint64_t fileSize = std::uint64_t(st.st_size);
    if (fileSize < 8)
        throw fail(ErrorKind::Format, "truncated: the file has " + std::to_string(fileSize) +
                                          " bytes, fewer than the 8-byte header length");

    void* map = ::mmap(nullptr, fileSize, PROT_READ, MAP_PRIVATE, f->fd_, 0);
    if (map == MAP_FAILED) throw fail(ErrorKind::Io, "cannot map into memory: " + errnoText(errno));
    f->map_ = map;
    f->mapSize_ = fileSize;
    ::close(f->fd_); // the mapping keeps the file alive
    f->fd_ = -1;

    const auto* bytes = static_cast<const std::uint8_t*>(map);
    std::uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i) headerLen = (headerLen << 8) | bytes[i];
    if (headerLen < 2)
        throw fail(ErrorKind::Format, "header length " + std::to_string(headerLen) + " is too small");
    if (headerLen > kMaxHeaderBytes)
        throw fail(ErrorKind::Format, "header length " + std::to_string(headerLen) +
                                          " is absurd (more than the 100 MB limit); not a safetensors file?");
    if (headerLen > fileSize - 8)
        throw fail(ErrorKind::Format, "truncated: header length " + std::to_string(headerLen) +
                                          " runs past the end of the file (" + std::to_string(fileSize) +
                                          " bytes)");
    const std::uint64_t dataSize = fileSize - 8 - headerLen;

    const std::uint8_t* hbeg = bytes + 8;
    if (auto bad = firstInvalidUtf8(hbeg, headerLen); bad != std::string::npos)
        throw fail(ErrorKind::Format,
                   "header is not valid UTF-8 (byte " + std::to_string(bad) + " of the header)");

    json header;
    try {
        header = parseHeaderJson(reinterpret_cast<const char*>(hbeg),
                                 reinterpret_cast<const char*>(hbeg + headerLen));
    } catch (const HeaderProblem& p) {
        throw fail(ErrorKind::Format, p.message);
    } catch (const json::exception& e) {
        throw fail(ErrorKind::Format, "header is not valid JSON: " + printable(e.what(), 300));
    }
    if (!header.is_object()) throw fail(ErrorKind::Format, "header JSON is not an object");

    std::vector<TensorInfo> tensors;
    tensors.reserve(header.size());
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const json& v = it.value();
        if (name == "__metadata__") {
            if (!v.is_object()) throw fail(ErrorKind::Format, "__metadata__ is not an object");
            for (auto m = v.begin(); m != v.end(); ++m) {
                if (!m.value().is_string())
                    throw fail(ErrorKind::Format,
                               "__metadata__ value of '" + printable(m.key()) + "' is not a string");
                f->metadata_[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        auto bad = [&](const std::string& what) {
            return fail(ErrorKind::Format, "tensor '" + printable(name) + "': " + what);
        };
        if (name.empty()) throw fail(ErrorKind::Format, "a tensor has an empty name");
        if (!v.is_object()) throw bad("entry is not an object");

        TensorInfo info;
        info.name = name;
        auto dt = v.find("dtype");
        if (dt == v.end()) throw bad("dtype is missing");
        if (!dt->is_string()) throw bad("dtype is not a string");
        if (!parseDType(dt->get<std::string>(), info.dtype))
            throw bad("unknown dtype '" + printable(dt->get<std::string>()) +
                      "' (known: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");

        auto sh = v.find("shape");
        if (sh == v.end()) throw bad("shape is missing");
        if (!sh->is_array()) throw bad("shape is not an array");
        std::uint64_t numel = 1;
        bool numelOverflow = false;
        for (const auto& d : *sh) {
            std::uint64_t dim = 0;
            if (!nonNegativeInt(d, dim) || dim > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
                throw bad("shape " + printable(sh->dump(), 200) +
                          " has an entry that is not a non-negative integer");
            info.shape.push_back(std::int64_t(dim));
            if (!numelOverflow && mulOverflow(numel, dim, numel)) numelOverflow = true;
        }
        // A zero dimension makes the product zero whatever overflowed before it.
        if (std::find(info.shape.begin(), info.shape.end(), 0) != info.shape.end()) {
            numel = 0;
            numelOverflow = false;
        }

        auto off = v.find("data_offsets");
        if (off == v.end()) throw bad("data_offsets is missing");
        std::uint64_t b = 0, e = 0;
        if (!off->is_array() || off->size() != 2 || !nonNegativeInt((*off)[0], b) ||
            !nonNegativeInt((*off)[1], e))
            throw bad("data_offsets " + printable(off->dump(), 200) +
                      " is not a pair of non-negative integers");
        const std::string range = "data_offsets [" + std::to_string(b) + ", " + std::to_string(e) + "]";
        if (b > e) throw bad(range + " begin is after end");
        if (e > dataSize)
            throw bad(range + " end past the data section (" + std::to_string(dataSize) + " bytes)");
        std::uint64_t expected = 0;
        if (numelOverflow || mulOverflow(numel, dtypeSize(info.dtype), expected))
            throw bad("shape " + shapeString(info.shape) + " is too large (element count overflows)");
        if (expected != e - b)
            throw bad("shape " + shapeString(info.shape) + " of " + dtypeName(info.dtype) + " needs " +
                      std::to_string(expected) + " bytes but " + range + " span " + std::to_string(e - b) +
                      " bytes");
        info.begin = std::size_t(b);
        info.end = std::size_t(e);
        tensors.push_back(std::move(info));
    }

    std::sort(tensors.begin(), tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    for (std::size_t i = 1; i < tensors.size(); ++i) {
        const auto& p = tensors[i - 1];
        const auto& c = tensors[i];
        if (p.end > c.begin)
            throw fail(ErrorKind::Format, "tensor '" + printable(c.name) + "': data_offsets [" +
                                              std::to_string(c.begin) + ", " + std::to_string(c.end) +
                                              "] overlap those of tensor '" + printable(p.name) + "' [" +
                                              std::to_string(p.begin) + ", " + std::to_string(p.end) + "]");
    }

    f->tensors_ = std::move(tensors);
    for (std::size_t i = 0; i < f->tensors_.size(); ++i) f->index_[f->tensors_[i].name] = i;
    f->dataStart_ = bytes + 8 + headerLen;
    return f;
}

SafetensorsFile::~SafetensorsFile() {
    if (map_) ::munmap(map_, mapSize_);
    if (fd_ >= 0) ::close(fd_);
}

const TensorInfo* SafetensorsFile::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

std::vector<float> SafetensorsFile::readFloat(const TensorInfo& info, bool checkFinite) const {
    const std::size_t dataSize =
        mapSize_ - std::size_t(dataStart_ - static_cast<const std::uint8_t*>(static_cast<const void*>(map_)));
    if (info.begin > info.end || info.end > dataSize ||
        info.nbytes() % std::max<std::size_t>(1, dtypeSize(info.dtype)))
        throw Error(ErrorKind::InvalidArgument,
                    path_ + ": tensor '" + info.name + "': byte range does not belong to this file");
    const std::uint8_t* src = data(info);
    const std::size_t n = info.nbytes() / dtypeSize(info.dtype);
    std::vector<float> out(n);
    switch (info.dtype) {
    case DType::F32:
        if (n) std::memcpy(out.data(), src, n * sizeof(float));
        break;
    case DType::F64:
        for (std::size_t i = 0; i < n; ++i) {
            double d;
            std::memcpy(&d, src + i * 8, 8);
            out[i] = float(d);
        }
        break;
    case DType::F16:
        for (std::size_t i = 0; i < n; ++i) {
            std::uint16_t h;
            std::memcpy(&h, src + i * 2, 2);
            out[i] = kernels::f16ToFloat(h);
        }
        break;
    case DType::BF16:
        for (std::size_t i = 0; i < n; ++i) {
            std::uint16_t h;
            std::memcpy(&h, src + i * 2, 2);
            out[i] = kernels::bf16ToFloat(h);
        }
        break;
    default:
        throw Error(ErrorKind::Unsupported, path_ + ": tensor '" + info.name + "' has dtype " +
                                                dtypeName(info.dtype) +
                                                ", not a floating type (F32, F16, BF16, F64)");
    }
    if (checkFinite) {
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(out[i])) {
                const bool nan = std::isnan(out[i]);
                throw Error(ErrorKind::Format, path_ + ": tensor '" + info.name +
                                                   "' contains NaN or Inf values (" + (nan ? "NaN" : "Inf") +
                                                   " at element " + std::to_string(i) + ")");
            }
        }
    }
    return out;
}

void dropMappedPages(const void* data, std::size_t nbytes) {
    // Clean pages of a read-only (never written) file mapping: MADV_DONTNEED only unmaps them from this
    // process (the page cache keeps or evicts them as it likes), so a later read faults the same bytes back
    // in. Whole pages around the range: neighbours in the same mapping are read-only too.
    if (!data || nbytes == 0) return;
    static const std::uintptr_t page = std::uintptr_t(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t b = std::uintptr_t(data) & ~(page - 1);
    const std::uintptr_t e = (std::uintptr_t(data) + nbytes + page - 1) & ~(page - 1);
    ::madvise(reinterpret_cast<void*>(b), e - b,
              MADV_DONTNEED); // advice only: failure costs memory, no bytes
}

void writeSafetensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    // Validate the request before creating anything.
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) {
        nlohmann::ordered_json meta = nlohmann::ordered_json::object();
        for (const auto& [k, v] : metadata) meta[k] = v;
        header["__metadata__"] = std::move(meta);
    }
    std::set<std::string> names;
    std::uint64_t offset = 0;
    for (const auto& t : tensors) {
        auto bad = [&](const std::string& what) {
            return Error(ErrorKind::InvalidArgument, path + ": tensor '" + t.name + "': " + what);
        };
        if (t.name.empty()) throw Error(ErrorKind::InvalidArgument, path + ": a tensor has an empty name");
        if (t.name == "__metadata__") throw bad("the name is reserved");
        if (!names.insert(t.name).second) throw bad("duplicate tensor name");
        if (dtypeSize(t.dtype) == 0) throw bad("invalid dtype");
        std::uint64_t numel = 1;
        bool overflow = false;
        for (auto d : t.shape) {
            if (d < 0) throw bad("negative dimension in shape " + shapeString(t.shape));
            if (mulOverflow(numel, std::uint64_t(d), numel)) overflow = true;
        }
        if (std::find(t.shape.begin(), t.shape.end(), 0) != t.shape.end()) numel = 0, overflow = false;
        std::uint64_t expected = 0;
        if (overflow || mulOverflow(numel, dtypeSize(t.dtype), expected) || expected != t.nbytes)
            throw bad("shape " + shapeString(t.shape) + " of " + dtypeName(t.dtype) + " does not match " +
                      std::to_string(t.nbytes) + " bytes of data");
        if (t.nbytes && !t.data && !t.fill) throw bad("no data");
        nlohmann::ordered_json entry;
        entry["dtype"] = dtypeName(t.dtype);
        entry["shape"] = t.shape;
        entry["data_offsets"] = {offset, offset + t.nbytes};
        header[t.name] = std::move(entry);
        offset += t.nbytes;
    }
    std::string headerText = header.dump();
    // Pad with spaces so the data section starts 8-byte aligned.
    headerText.append((8 - headerText.size() % 8) % 8, ' ');
    std::uint8_t lenBytes[8];
    std::uint64_t hl = headerText.size();
    for (int i = 0; i < 8; ++i) lenBytes[i] = std::uint8_t(hl >> (8 * i));

    std::string tmpl = path + ".tmp-XXXXXX";
    std::vector<char> tmpPath(tmpl.begin(), tmpl.end());
    tmpPath.push_back('\0');
    int fd = ::mkstemp(tmpPath.data());
    if (fd < 0)
        throw Error(ErrorKind::Io, path + ": cannot create a temporary file beside it: " + errnoText(errno));
    const std::string tmp(tmpPath.data());
    // Any failure leaves neither the temporary file nor a file at `path`.
    auto discard = [&] {
        if (fd >= 0) ::close(fd);
        fd = -1;
        ::unlink(tmp.c_str());
    };
    auto cleanupAndThrow = [&](const std::string& what, int err) {
        discard();
        throw Error(ErrorKind::Io, path + ": " + what + ": " + errnoText(err));
    };
    auto writeAll = [&](const void* p, std::size_t n) {
        const auto* c = static_cast<const std::uint8_t*>(p);
        while (n > 0) {
            const std::size_t chunk = std::min<std::size_t>(n, std::size_t(1) << 30);
            const ssize_t w = ::write(fd, c, chunk);
            if (w < 0) {
                if (errno == EINTR) continue;
                cleanupAndThrow("cannot write", errno);
            }
            if (w == 0) cleanupAndThrow("cannot write", ENOSPC);
            c += w;
            n -= std::size_t(w);
        }
    };
    writeAll(lenBytes, 8);
    writeAll(headerText.data(), headerText.size());
    for (const auto& t : tensors) {
        if (t.nbytes && !t.data) {
            std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[t.nbytes]);
            try {
                t.fill(buf.get());
            } catch (...) {
                discard();
                throw;
            }
            writeAll(buf.get(), t.nbytes);
            continue;
        }
        if (t.nbytes) writeAll(t.data, t.nbytes);
        if (t.mapped) dropMappedPages(t.data, t.nbytes); // copying a big file must not keep it resident
    }
    if (::fchmod(fd, 0644) != 0) cleanupAndThrow("cannot set permissions", errno);
    if (::fsync(fd) != 0) cleanupAndThrow("cannot flush to disk", errno);
    const int closeRc = ::close(fd);
    fd = -1;
    if (closeRc != 0) cleanupAndThrow("cannot close", errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0)
        cleanupAndThrow("cannot rename the temporary file into place", errno);
    // Make the rename durable too; failure here is not worth failing the write for.
    std::string parent = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
    if (parent.empty()) parent = "/";
    int dfd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

} // namespace owq
