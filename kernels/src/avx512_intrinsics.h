// <immintrin.h> for the AVX-512 translation units. GCC 12's AVX-512 intrinsics initialise their "undefined"
// operands from themselves, and -Wall reports that at every inlined use (a known false positive).
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
