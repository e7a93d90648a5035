#include "owq/version.h"

namespace owq {
const char* version() {
    return OWQ_VERSION;
}
} // namespace owq
