#include "owq/text_file.h"
#include "owq/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace owq {

namespace {

// Offset of the first byte that breaks UTF-8, or npos when all is valid.
std::size_t firstInvalidUtf8(const std::string& s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
        if (len == 0 || (len == 2 && c < 0xc2) || i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return i;
        i += len;
    }
    return std::string::npos;
}

} // namespace

std::string readTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, path + ": cannot open: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.empty()) throw Error(ErrorKind::Format, path + ": the file is empty");
    if (text.find('\0') != std::string::npos)
        throw Error(ErrorKind::Format,
                    path + ": contains NUL bytes; expected a UTF-8 text file, not binary data");
    if (const std::size_t bad = firstInvalidUtf8(text); bad != std::string::npos)
        throw Error(ErrorKind::Format,
                    path + ": not valid UTF-8 text (first bad byte at offset " + std::to_string(bad) + ")");
    return text;
}

void writeFileAtomic(const std::string& path, const std::string& bytes) {
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(ErrorKind::Io, path + ": cannot create: " + std::strerror(errno));
    std::size_t off = 0;
    while (off < bytes.size()) {
        const ssize_t w = ::write(fd, bytes.data() + off, bytes.size() - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            throw Error(ErrorKind::Io, path + ": write failed: " + std::strerror(err));
        }
        off += std::size_t(w);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error(ErrorKind::Io, path + ": cannot flush to disk: " + std::strerror(err));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error(ErrorKind::Io, path + ": cannot rename into place: " + std::strerror(err));
    }
}

} // namespace owq
