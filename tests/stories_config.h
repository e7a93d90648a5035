// stories260K's shapes without its weights, for tests of the bit budget (apart from testutil.h: test_cli
// names a function owq()). Defined in testutil.cpp.
#pragma once

#include "owq/config.h"

namespace owqtest {

// stories260K's config.json as a ModelConfig: dim 64, MLP 172, 5 layers, 8 heads / 4 KV heads, vocab 512.
owq::ModelConfig stories260KConfig();

} // namespace owqtest
