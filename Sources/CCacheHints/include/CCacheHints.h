#ifndef CCACHEHINTS_H
#define CCACHEHINTS_H

/// Starts bringing the cache line at `address` in, for writing, without waiting for it: a hint that never
/// faults (Swift has no prefetch of its own; a static inline function is inlined into the Swift caller).
static inline void cachehints_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
