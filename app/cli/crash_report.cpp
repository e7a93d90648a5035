#include "crash_report.h"

#include "owq/version.h"

#include <csignal>
#include <cstring>
#include <execinfo.h>
#include <initializer_list>
#include <unistd.h>

namespace owqcli {

namespace {

// Only async-signal-safe calls from here on: write(2), backtrace_symbols_fd, signal, raise.
void say(const char* s) {
    for (std::size_t left = std::strlen(s); left > 0;) {
        const ssize_t n = ::write(STDERR_FILENO, s, left);
        if (n <= 0) return;
        s += n;
        left -= std::size_t(n);
    }
}

const char* signalName(int sig) {
    switch (sig) {
    case SIGSEGV:
        return "SIGSEGV (invalid memory access)";
    case SIGBUS:
        return "SIGBUS (bad memory access, e.g. a mapped file that shrank)";
    case SIGILL:
        return "SIGILL (illegal instruction: a CPU without an instruction this build uses?)";
    case SIGFPE:
        return "SIGFPE (arithmetic fault)";
    case SIGABRT:
        return "SIGABRT (aborted)";
    }
    return "a fatal signal";
}

void onFatalSignal(int sig) {
    say("\nowq: crashed with ");
    say(signalName(sig));
    say(" in owq ");
    say(owq::version());
    say(". Please report it with the lines below (addresses: addr2line -f -C -e BINARY OFFSET).\n");
    void* frames[64];
    const int n = ::backtrace(frames, 64);
    ::backtrace_symbols_fd(frames, n, STDERR_FILENO);
    // End with the same signal: the default action (and a core dump where enabled) once this handler returns.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

} // namespace

void installCrashReport() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return;
#else
    // backtrace() loads libgcc on its first call, which may allocate: do that now, not in the handler.
    void* warm[2];
    ::backtrace(warm, 2);
    // A stack of its own, so that a stack overflow can still be reported (main thread).
    static char altStack[64 * 1024];
    stack_t ss{};
    ss.ss_sp = altStack;
    ss.ss_size = sizeof altStack;
    ::sigaltstack(&ss, nullptr);
    struct sigaction sa {};
    sa.sa_handler = onFatalSignal;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) ::sigaction(sig, &sa, nullptr);
#endif
}

} // namespace owqcli
