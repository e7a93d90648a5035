// sentencepiece model loading through the shim: any bytes give a tokenizer or an error message.
#include "fuzz_util.h"
#include "spm_shim.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = owqfuzz::scratch() + "/tokenizer.model";
    owqfuzz::writeBytes(path, data, size);
    char err[512];
    owq_spm* sp = nullptr;
    if (owq_spm_load(path.c_str(), &sp, err, sizeof err) != 0) return 0;
    const char* text = "Hello world, once upon a time \xe2\x80\x94 42";
    std::int32_t* ids = nullptr;
    std::size_t n = 0;
    if (owq_spm_encode(sp, text, std::strlen(text), &ids, &n, err, sizeof err) == 0) {
        char* out = nullptr;
        std::size_t len = 0;
        if (owq_spm_decode(sp, ids, n, &out, &len, err, sizeof err) == 0) owq_spm_free_buffer(out);
        owq_spm_free_buffer(ids);
    }
    char piece[64];
    for (std::int32_t id = 0; id < owq_spm_vocab_size(sp) && id < 64; ++id)
        owq_spm_id_to_piece(sp, id, piece, sizeof piece);
    owq_spm_free(sp);
    return 0;
}
