// The AVX-512 path (packed_avx512.cpp) compiled a third time, with VBMI and VNNI: a product of up to
// kSplitInt8MaxTokens tokens (decode, a speculative batch, a short prompt) takes its whole 128-column blocks
// from integer activations (packed_split_int8.h), its weights decoded to bytes and multiplied by vpdpbusd,
// about half the instructions per weight of the float decode. Results differ from the reference by the
// activations' rounding (ActivationRounding: 15 bits by default, at most 3.1e-5 of each block's largest |x|
// per activation; or 8 bits when asked), so it is a path of its own, "avx512vnni", which detectPackedCpuIsa
// picks on CPUs with both extensions (Ice Lake, Zen 4 and later) unless OWQ_PACKED_CPU_PATH names another.
#define OWQ_PACKED_AVX512_VBMI 1
#define OWQ_PACKED_AVX512_VNNI 1
#include "packed_avx512.cpp"
