#include "owq/process.h"

#include <cstdlib>
#include <unistd.h>

namespace owq {

void reexecWithPassiveOpenMP(char** argv) {
    if (std::getenv("OMP_WAIT_POLICY") || std::getenv("OWQ_NO_REEXEC")) return;
    ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    ::execv("/proc/self/exe", argv); // only returns on failure: carry on as we are
}

} // namespace owq
