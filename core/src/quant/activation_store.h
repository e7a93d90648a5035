// Calibration activations of the layer-wise pipeline: [samples, seqlen, hidden] float32, either one tensor
// in memory or, when two of them do not fit the memory budget, a file on disk that is read and written a
// chunk of whole samples at a time (so only chunks are resident).
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <string>

namespace owq::detail {

class ActivationStore {
public:
    // In memory on `device`.
    ActivationStore(std::int64_t samples, std::int64_t seqlen, std::int64_t hidden, at::Device device);
    // Spilled to a new file in folder `dir` (reserved at full size up front, so a full disk is reported
    // here, naming the file). The file is unlinked as soon as it is open: it disappears when the store is
    // destroyed (end, cancel, error) and even when the process is killed. Chunks read come back on `device`.
    ActivationStore(std::int64_t samples, std::int64_t seqlen, std::int64_t hidden, at::Device device,
                    const std::string& dir);
    ~ActivationStore();
    ActivationStore(const ActivationStore&) = delete;
    ActivationStore& operator=(const ActivationStore&) = delete;

    bool spilled() const { return fd_ >= 0; }
    const std::string& path() const { return path_; } // the spill file's name (empty in memory)
    std::int64_t samples() const { return n_; }
    std::int64_t seqlen() const { return T_; }
    std::int64_t hidden() const { return D_; }

    // Samples [s, s + b) as [b, seqlen, hidden]: a view in memory, a fresh tensor when spilled.
    at::Tensor read(std::int64_t s, std::int64_t b) const;
    // Stores x [b, seqlen, hidden] as samples [s, s + b).
    void write(std::int64_t s, const at::Tensor& x);

private:
    std::uint64_t sampleBytes() const;
    std::int64_t n_, T_, D_;
    at::Device device_;
    at::Tensor mem_;
    int fd_ = -1;
    std::string path_;
};

// Where spill files go: $OWQ_SPILL_DIR, else $TMPDIR, else /tmp.
std::string activationSpillDir();

} // namespace owq::detail
