// Wall time of a step, for the seconds every report and diagnostic carries.
#pragma once

#include <chrono>

namespace owq::detail {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

} // namespace owq::detail
