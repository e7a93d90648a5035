// A last word from a crashing owq: on a fatal signal, where the process was, so that a crash on a machine we
// cannot reach comes back as a stack instead of "Segmentation fault".
#pragma once

namespace owqcli {

// Installs handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT that print the signal, the version and a
// backtrace on stderr, then end the process with the same signal (exit status and core dumps unchanged).
// Does nothing in sanitizer builds, whose own reports are better.
void installCrashReport();

} // namespace owqcli
