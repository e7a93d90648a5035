// The AVX-512 path (packed_avx512.cpp) compiled a second time with -mavx512vbmi, where the 3-bit wide decode
// is one vpermb instead of vpermd + vpshufb (one 512-bit instruction fewer per 128 codes, in a loop bound by
// how many it issues: 9-13% faster on Zen 5). The dispatcher picks it at run time on CPUs with VBMI (Ice
// Lake, Zen 4 and later); packed_avx512.cpp itself stays free of VBMI.
#define OWQ_PACKED_AVX512_VBMI 1
#include "packed_avx512.cpp"
