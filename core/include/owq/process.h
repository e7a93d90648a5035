// Process-level set-up that must happen before LibTorch's OpenMP runtime starts.
#pragma once

namespace owq {

// LibTorch's OpenMP threads busy-wait between parallel regions by default, and on a machine with few cores
// they take the CPU from OpenBLAS's own threads: quantizing stories260K ran 8x slower here. libgomp reads
// OMP_WAIT_POLICY only when it is loaded, so when the variable is unset the program re-executes itself with
// it set to PASSIVE (argv unchanged). A program linking this file does that before any library initialises
// (process.cpp, from the ELF pre-init array); this call is the fallback, for when that could not. Call
// first thing in main(); returns normally when nothing needs doing or the re-exec fails. OWQ_NO_REEXEC=1
// disables both, and so does `--threads 1` among the arguments (no team, nothing to spin).
void reexecWithPassiveOpenMP(char** argv);

} // namespace owq
