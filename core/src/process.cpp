#include "owq/process.h"

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace owq {

namespace {

// libgomp's spins before an idle thread sleeps (the variable as set). With 1000, on an Intel Xeon (2 vCPUs,
// 2.3 GHz) a decode step's gaps between packed products outlasted the spin and each product woke its second
// thread through the kernel: with 10000 alternated rounds decoded 4-49% faster there (1.1B and 7B, 3- and
// 4-bit), while quantizing stories260K and float prompts took the same time (docs/BENCHMARKS.md).
#define OWQ_SPIN_COUNT "10000"

bool hasVariable(char** envp, const char* prefix) {
    for (char** e = envp; e && *e; ++e)
        if (std::strncmp(*e, prefix, std::strlen(prefix)) == 0) return true;
    return false;
}

// `--threads 1` (or `--threads=1`) among the arguments: one thread makes no OpenMP team whose idle threads
// could spin, so the re-exec (0.1-0.4 s of a second dynamic load of LibTorch) buys nothing.
bool oneThreadAsked(char** argv) {
    for (char** a = argv; a && *a; ++a) {
        if (std::strcmp(*a, "--threads=1") == 0) return true;
        if (std::strcmp(*a, "--threads") == 0 && a[1] && std::strcmp(a[1], "1") == 0) return true;
    }
    return false;
}

// The re-exec done from the executable's ELF .preinit_array: before any shared library's constructor runs,
// so the first start costs the dynamic loader's few tens of milliseconds instead of LibTorch's whole
// initialisation (0.6 s here when done from main()). setenv would not do: libc's own initialisation, which
// runs after this, resets the environment to the original one. Linked into the programs that call
// reexecWithShortOpenMPSpin (this object file); plain C calls only, as nothing else is initialised yet.
void reexecBeforeLibraries(int, char** argv, char** envp) {
    if (!envp || hasVariable(envp, "OMP_WAIT_POLICY=") || hasVariable(envp, "GOMP_SPINCOUNT=") ||
        hasVariable(envp, "OWQ_NO_REEXEC=") || oneThreadAsked(argv))
        return;
    static char spin[] = "GOMP_SPINCOUNT=" OWQ_SPIN_COUNT;
    static char* env[4096];
    std::size_t n = 0;
    for (char** e = envp; *e; ++e)
        if (n + 2 < sizeof env / sizeof *env)
            env[n++] = *e;
        else
            return; // an unusually large environment: main()'s re-exec does it
    env[n++] = spin;
    env[n] = nullptr;
    ::execve("/proc/self/exe", argv, env); // only returns on failure: main()'s re-exec tries again
}

[[gnu::section(".preinit_array"), gnu::used]] void (*const preinitReexec)(int, char**,
                                                                          char**) = &reexecBeforeLibraries;

} // namespace

void reexecWithShortOpenMPSpin(char** argv) {
    if (std::getenv("OMP_WAIT_POLICY") || std::getenv("GOMP_SPINCOUNT") || std::getenv("OWQ_NO_REEXEC") ||
        oneThreadAsked(argv))
        return;
    ::setenv("GOMP_SPINCOUNT", OWQ_SPIN_COUNT, 1);
    ::execv("/proc/self/exe", argv); // only returns on failure: carry on as we are
}

} // namespace owq
