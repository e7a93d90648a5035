#pragma once

namespace owq {
const char* version(); // project version, e.g. "0.1.0"
}
