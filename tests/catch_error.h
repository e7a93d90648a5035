// Capturing the owq::Error a call throws (apart from testutil.h: test_cli names a function owq()).
#pragma once

#include "owq/error.h"

#include <optional>

namespace owqtest {

// The owq::Error `f` throws, or nullopt when it returns.
template <class F> std::optional<owq::Error> catchError(F&& f) {
    try {
        f();
    } catch (const owq::Error& e) {
        return e;
    }
    return std::nullopt;
}

} // namespace owqtest
