// Process-level set-up that must happen before LibTorch's OpenMP runtime starts.
#pragma once

namespace owq {

// LibTorch's OpenMP threads busy-wait between parallel regions by default (libgomp: 300000 spins, about a
// millisecond), and on a machine with few cores they take the CPU from OpenBLAS's own threads: quantizing
// stories260K ran 8x slower here. Sleeping at once (OMP_WAIT_POLICY=PASSIVE) cures that, but then every
// parallel region wakes its threads through the kernel, and a decode step is a few hundred short regions
// (one per packed GEMV): a 1.1B model decoded 22 tokens/s that way against 29 with a short spin. So the
// program runs with GOMP_SPINCOUNT=10000 (process.cpp says why not 1000), which serves both. libgomp reads
// it only when it is loaded, so when neither variable is set the program re-executes itself with it (argv
// unchanged). A program linking this file does that before any library initialises (process.cpp, from the
// ELF pre-init array); this call is the fallback, for when that could not. Call first thing in main();
// returns normally when nothing needs doing or the re-exec fails. OWQ_NO_REEXEC=1 disables both, and so does
// `--threads 1` among the arguments (no team, nothing to spin).
void reexecWithShortOpenMPSpin(char** argv);

} // namespace owq
