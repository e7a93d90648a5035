// Memory-mapped safetensors reader. The header is validated completely before any tensor byte is touched:
// header length sane and inside the file, JSON well formed, every dtype known, shape x element size equals
// the byte range, every range inside the data section, no two ranges overlapping, no duplicate names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace owq {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

const char* dtypeName(DType dtype);
std::size_t dtypeSize(DType dtype);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::size_t begin = 0; // byte offset inside the data section
    std::size_t end = 0;   // one past the last byte

    std::int64_t numel() const;
    std::size_t nbytes() const { return end - begin; }
};

class SafetensorsFile {
public:
    // Opens, maps and validates `path`. Throws owq::Error (Io or Format) naming the file and problem.
    static std::shared_ptr<SafetensorsFile> open(const std::string& path);
    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::string& path() const { return path_; }
    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    const TensorInfo* find(const std::string& name) const;
    // Raw bytes of a tensor, valid while this object lives.
    const std::uint8_t* data(const TensorInfo& info) const { return dataStart_ + info.begin; }
    // Copies a floating tensor (F32/F16/BF16/F64) into float32. Throws Format on NaN/Inf when checkFinite.
    std::vector<float> readFloat(const TensorInfo& info, bool checkFinite = true) const;

private:
    SafetensorsFile() = default;
    std::string path_;
    int fd_ = -1;
    void* map_ = nullptr;
    std::size_t mapSize_ = 0;
    const std::uint8_t* dataStart_ = nullptr;
    std::vector<TensorInfo> tensors_;
    std::map<std::string, std::size_t> index_;
    std::map<std::string, std::string> metadata_;
};

// Writes tensors (name -> dtype/shape/bytes) to `path` atomically: temp file, fsync, rename.
struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    const void* data = nullptr;
    std::size_t nbytes = 0;
    bool mapped = false; // `data` lies in a read-only file mapping: its pages are dropped once written
    // Instead of `data` (left null): called just before the tensor is written, to put its nbytes into `out`,
    // so a file of many large tensors is written holding one of them at a time. May throw: the temporary
    // file is then removed and the exception passes on.
    std::function<void(void* out)> fill = {};
};
// Drops the pages of [data, data + nbytes), which must lie in a read-only file mapping (SafetensorsFile::
// data), from this process's resident memory: the bytes stay readable and fault back in from the file.
void dropMappedPages(const void* data, std::size_t nbytes);
void writeSafetensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

} // namespace owq
