#include "quant/activation_store.h"

#include "owq/error.h"
#include "owq/memory_estimate.h"

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace owq::detail {

namespace {

std::string freeSpace(const std::string& dir) {
    struct statvfs s {};
    if (::statvfs(dir.c_str(), &s) != 0) return "unknown";
    return formatBytes(std::uint64_t(s.f_bavail) * std::uint64_t(s.f_frsize));
}

[[noreturn]] void ioFailure(const std::string& path, const std::string& what, int err, std::uint64_t need) {
    std::string msg = path + ": " + what + " the activations spill file failed: " + std::strerror(err);
    if (err == ENOSPC || err == EDQUOT) {
        const std::string dir = path.substr(0, path.find_last_of('/'));
        msg += " (the disk is full: it needs " + formatBytes(need) + ", " + freeSpace(dir) +
               " free; set OWQ_SPILL_DIR or TMPDIR to a folder with room, or give the run more memory)";
    }
    throw Error(ErrorKind::Io, msg);
}

} // namespace

std::string activationSpillDir() {
    for (const char* v : {"OWQ_SPILL_DIR", "TMPDIR"})
        if (const char* d = std::getenv(v); d && *d) return d;
    return "/tmp";
}

ActivationStore::ActivationStore(std::int64_t samples, std::int64_t seqlen, std::int64_t hidden,
                                 at::Device device)
    : n_(samples), T_(seqlen), D_(hidden), device_(device),
      mem_(at::empty({samples, seqlen, hidden}, at::TensorOptions().dtype(at::kFloat).device(device))) {}

ActivationStore::ActivationStore(std::int64_t samples, std::int64_t seqlen, std::int64_t hidden,
                                 at::Device device, const std::string& dir)
    : n_(samples), T_(seqlen), D_(hidden), device_(device) {
    static std::atomic<int> counter{0};
    path_ = dir + "/owq-activations-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".f32";
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0) ioFailure(path_, "creating", errno, sampleBytes() * std::uint64_t(n_));
    ::unlink(path_.c_str()); // gone with the descriptor, whatever ends the process
    const std::uint64_t total = sampleBytes() * std::uint64_t(n_);
    if (const int err = ::posix_fallocate(fd_, 0, off_t(total)); err != 0) {
        ::close(fd_);
        fd_ = -1;
        ioFailure(path_, "reserving " + formatBytes(total) + " for", err, total);
    }
}

ActivationStore::~ActivationStore() {
    if (fd_ >= 0) ::close(fd_);
}

std::uint64_t ActivationStore::sampleBytes() const {
    return std::uint64_t(T_) * std::uint64_t(D_) * sizeof(float);
}

at::Tensor ActivationStore::read(std::int64_t s, std::int64_t b) const {
    if (!spilled()) return mem_.narrow(0, s, b);
    at::Tensor t = at::empty({b, T_, D_}, at::kFloat);
    auto* p = static_cast<char*>(t.data_ptr());
    std::uint64_t left = sampleBytes() * std::uint64_t(b), off = sampleBytes() * std::uint64_t(s);
    while (left > 0) {
        const ssize_t got = ::pread(fd_, p, left, off_t(off));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) ioFailure(path_, "reading", got < 0 ? errno : EIO, 0);
        p += got;
        off += std::uint64_t(got);
        left -= std::uint64_t(got);
    }
    return device_.is_cpu() ? t : t.to(device_);
}

void ActivationStore::write(std::int64_t s, const at::Tensor& x) {
    if (!spilled()) {
        mem_.narrow(0, s, x.size(0)).copy_(x);
        return;
    }
    const at::Tensor c = x.to(at::kCPU, at::kFloat).contiguous();
    const auto* p = static_cast<const char*>(c.data_ptr());
    std::uint64_t left = sampleBytes() * std::uint64_t(c.size(0)), off = sampleBytes() * std::uint64_t(s);
    while (left > 0) {
        const ssize_t put = ::pwrite(fd_, p, left, off_t(off));
        if (put < 0 && errno == EINTR) continue;
        if (put <= 0) ioFailure(path_, "writing", put < 0 ? errno : EIO, left);
        p += put;
        off += std::uint64_t(put);
        left -= std::uint64_t(put);
    }
}

} // namespace owq::detail
