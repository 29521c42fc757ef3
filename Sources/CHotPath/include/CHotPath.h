#ifndef CHOTPATH_H
#define CHOTPATH_H

// What Swift cannot say itself in the hot loops: a prefetch, and vector compares (Swift's SIMD types compile
// to a byte-by-byte loop here). Static inline: each is inlined into its Swift caller.

/// Starts bringing the cache line at `address` in, for writing, without waiting for it: a hint that never
/// faults.
static inline void hotpath_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#if defined(__SSE2__)
#include <emmintrin.h>

/// The first index in [start, end) of `base` holding a, b or c; `end` when there is none. Sixteen bytes a
/// step (SSE2: every x86-64 has it).
static inline long hotpath_find3(const unsigned char *base, long start, long end, unsigned char a,
                                 unsigned char b, unsigned char c) {
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b), vc = _mm_set1_epi8((char)c);
    long index = start;
    while (index + 16 <= end) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(base + index));
        const __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)), _mm_cmpeq_epi8(v, vc));
        const int mask = _mm_movemask_epi8(hit);
        if (mask) return index + __builtin_ctz((unsigned)mask);
        index += 16;
    }
    while (index < end) {
        const unsigned char byte = base[index];
        if (byte == a || byte == b || byte == c) return index;
        index += 1;
    }
    return end;
}
#endif

#endif
