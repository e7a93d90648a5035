// Long work in core reports progress through a callback and stops when its CancelToken is set.
// The GUI adapts this to Qt signals, the CLI to a progress bar on stderr.
#pragma once

#include <atomic>
#include <functional>
#include <string>

namespace owq {

struct Progress {
    std::string stage;   // "load", "eval", "train", ...
    long long done = 0;  // units finished in this stage
    long long total = 0; // units in this stage (0 when unknown)
    std::string message; // short human-readable detail
};

using ProgressFn = std::function<void(const Progress&)>;

class CancelToken {
public:
    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }
    void reset() noexcept { flag_.store(false, std::memory_order_relaxed); }
    // Throws Error(Cancelled) naming `what` when cancel() was called.
    void throwIfCancelled(const std::string& what) const;

private:
    std::atomic<bool> flag_{false};
};

// Optional progress/cancel pair passed to every slow function. Both may be empty/null.
struct JobContext {
    ProgressFn progress;
    const CancelToken* cancel = nullptr;

    void report(const Progress& p) const {
        if (progress) progress(p);
    }
    void checkCancel(const std::string& what) const {
        if (cancel) cancel->throwIfCancelled(what);
    }
};

} // namespace owq
