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

/// True (1) when `count` (≥ 1) bytes at `source` need no sanitising, and then they are copied to `target`
/// (room for `count + 16` bytes; past the field it holds scratch): no control byte (below 0x20, DEL), no
/// `:` `;` `=`, no space at either end and no two spaces in a row. 0 otherwise, `target` then holds scratch.
/// Sixteen bytes a step; the last step overlaps the one before it. A field under sixteen bytes is read as
/// one vector when that stays in its memory page (the bytes past it are masked off), else copied first.
__attribute__((no_sanitize("address")))
static inline int hotpath_copy_if_clean(const unsigned char *source, long count, unsigned char *target) {
    if (source[0] == 0x20 || source[count - 1] == 0x20) return 0;
    const __m128i below = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F), colon = _mm_set1_epi8(0x3A);
    const __m128i semicolon = _mm_set1_epi8(0x3B), equals = _mm_set1_epi8(0x3D), space = _mm_set1_epi8(0x20);
#define HOTPATH_BAD(v)                                                                                      \
    _mm_movemask_epi8(_mm_or_si128(                                                                         \
        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, below), v), _mm_cmpeq_epi8(v, del)),                    \
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, semicolon)),                  \
                     _mm_cmpeq_epi8(v, equals))))
    if (count < 16) {
        __m128i v;
        if (((unsigned long)source & 4095) <= 4096 - 16) {
            v = _mm_loadu_si128((const __m128i *)source);
        } else {
            unsigned char padded[16] = {0};
            __builtin_memcpy(padded, source, (unsigned long)count);
            v = _mm_loadu_si128((const __m128i *)padded);
        }
        const unsigned keep = (1u << count) - 1;
        const unsigned spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, space)) & keep;
        if (((unsigned)HOTPATH_BAD(v) & keep) || (spaces & (spaces << 1))) return 0;
        _mm_storeu_si128((__m128i *)target, v);
        return 1;
    }
    unsigned carry = 0;
    long index = 0;
    for (; index + 16 <= count; index += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(source + index));
        const unsigned spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, space));
        if (HOTPATH_BAD(v) || (spaces & ((spaces << 1) | carry))) return 0;
        _mm_storeu_si128((__m128i *)(target + index), v);
        carry = spaces >> 15;
    }
    if (index < count) {
        // Every pair of neighbours in the last sixteen bytes lies within them; the pair before, in the steps.
        const __m128i v = _mm_loadu_si128((const __m128i *)(source + count - 16));
        const unsigned spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, space));
        if (HOTPATH_BAD(v) || (spaces & (spaces << 1))) return 0;
        _mm_storeu_si128((__m128i *)(target + count - 16), v);
    }
#undef HOTPATH_BAD
    return 1;
}
#endif

#endif
