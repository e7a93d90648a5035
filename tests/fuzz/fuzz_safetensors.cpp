// safetensors reader: any file gives a validated SafetensorsFile or an owq::Error; every tensor of an
// accepted file reads back within its bounds.
#include "fuzz_util.h"
#include "owq/error.h"
#include "owq/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = owqfuzz::scratch() + "/model.safetensors";
    owqfuzz::writeBytes(path, data, size);
    try {
        auto f = owq::SafetensorsFile::open(path);
        for (const owq::TensorInfo& t : f->tensors()) {
            const std::uint8_t* p = f->data(t);
            volatile std::uint8_t sink = 0;
            for (std::size_t i = 0; i < t.nbytes(); ++i) sink = sink ^ p[i]; // ASan checks the range
            if (t.dtype == owq::DType::F32 || t.dtype == owq::DType::F16 || t.dtype == owq::DType::BF16)
                (void)f->readFloat(t, true);
        }
    } catch (const owq::Error&) {
    }
    return 0;
}
