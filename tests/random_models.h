// The tiny random checkpoints the tests write (core's writeRandomModel): one set of sizes for every family.
#pragma once

#include "owq/random_model.h"

#include <string>

namespace owqtest {

// Family `arch` with 2 small layers: hidden 64, MLP 128, 4 heads, 2 KV heads, context 256, f32, quiet.
inline owq::RandomModelOptions tinyRandomOptions(const std::string& arch) {
    owq::RandomModelOptions o;
    o.arch = arch;
    o.hidden = 64;
    o.intermediate = 128;
    o.layers = 2;
    o.heads = 4;
    o.kvHeads = 2;
    o.context = 256;
    o.dtype = "f32";
    o.quiet = true;
    return o;
}

} // namespace owqtest
