#ifndef CHOTPATH_H
#define CHOTPATH_H

// What Swift cannot say itself in the hot loops: a prefetch, vector compares and shuffles (Swift's SIMD types
// compile to a byte-by-byte loop here), and glibc's allocator thresholds. Static inline: each is inlined into
// its Swift caller.

/// Starts bringing the cache line at `address` in, for writing, without waiting for it: a hint that never
/// faults.
static inline void hotpath_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#if defined(__linux__)
#include <malloc.h>
#endif
#if defined(__GLIBC__)

/// glibc: blocks up to 32 MiB (its largest allowed threshold) come from the heap rather than a fresh `mmap`
/// each, and up to 256 MiB of freed heap stays mapped, so buffers of a few megabytes allocated per request
/// reuse pages instead of faulting in and zeroing new ones.
static inline void hotpath_keep_large_blocks_mapped(void) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
}
#endif

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
    // 0xC2 and 0xE2 lead C1 controls (U+0080-U+009F) and the line and paragraph separators (U+2028/9):
    // a field holding either byte takes the byte-by-byte path, which tells those from ordinary text.
    const __m128i c2 = _mm_set1_epi8((char)0xC2), e2 = _mm_set1_epi8((char)0xE2);
#define HOTPATH_BAD(v)                                                                                      \
    _mm_movemask_epi8(_mm_or_si128(                                                                         \
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, below), v), _mm_cmpeq_epi8(v, del)),       \
                     _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, e2))),                           \
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

#include <cpuid.h>
#include <tmmintrin.h>

/// 1 when the processor has SSSE3 (every x86-64 since about 2008; not required by the x86-64 baseline).
static inline int hotpath_has_ssse3(void) {
    static int known = -1;
    int value = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (value < 0) {
        unsigned a, b, c, d;
        value = __get_cpuid(1, &a, &b, &c, &d) ? (int)((c >> 9) & 1) : 0;
        __atomic_store_n(&known, value, __ATOMIC_RELAXED);
    }
    return value;
}

/// Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence) over
/// `count` bytes, sixteen a step with SSSE3 table lookups: the algorithm of Keiser and Lemire, "Validating
/// UTF-8 In Less Than One Instruction Per Byte" (2021). Each byte pair is classified by three 16-entry
/// tables (high nibble of the first byte, its low nibble, high nibble of the second) whose AND leaves an
/// error bit set only for a forbidden pair; a continuation byte that must be the third or fourth of a
/// sequence is expected exactly where two continuations meet. The last step is zero-padded, so a sequence
/// cut by the end meets ASCII and is an error.
/// Returns 0 for ASCII, 1 for other valid UTF-8, 2 for invalid; -1 when the processor lacks SSSE3.
__attribute__((target("ssse3"), no_sanitize("address")))
static inline int hotpath_utf8_check(const unsigned char *base, long count) {
    if (!hotpath_has_ssse3()) return -1;
    enum {
        TOO_SHORT = 1 << 0,       // lead byte, then ASCII or another lead
        TOO_LONG = 1 << 1,        // ASCII, then a continuation
        OVERLONG_3 = 1 << 2,      // E0 80..9F
        TOO_LARGE = 1 << 3,       // F4 90.., F5..
        SURROGATE = 1 << 4,       // ED A0..BF
        OVERLONG_2 = 1 << 5,      // C0, C1
        TOO_LARGE_1000 = 1 << 6,  // F5.. 80..8F
        OVERLONG_4 = 1 << 6,      // F0 80..8F
        TWO_CONTS = 1 << 7,       // two continuations: an error unless a third or fourth byte is due
        CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
    };
    const __m128i firstHigh = _mm_setr_epi8(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE, TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m128i firstLow = _mm_setr_epi8(
        (char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4), (char)(CARRY | OVERLONG_2), (char)CARRY,
        (char)CARRY, (char)(CARRY | TOO_LARGE), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
        (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000));
    const __m128i secondHigh = _mm_setr_epi8(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE), TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_SHORT);
    // A block whose last three bytes start a sequence longer than what is left of it.
    const __m128i incompleteAbove = _mm_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    const __m128i nibble = _mm_set1_epi8(0x0F), zero = _mm_setzero_si128();
    __m128i previous = zero, error = zero, incomplete = zero, any = zero;
    for (long index = 0; index < count; index += 16) {
        __m128i input;
        if (index + 16 <= count) {
            input = _mm_loadu_si128((const __m128i *)(base + index));
        } else {
            unsigned char padded[16] = {0};
            __builtin_memcpy(padded, base + index, (unsigned long)(count - index));
            input = _mm_loadu_si128((const __m128i *)padded);
        }
        any = _mm_or_si128(any, input);
        if (!_mm_movemask_epi8(input)) {
            // ASCII: only a sequence the block before left open can be wrong.
            error = _mm_or_si128(error, incomplete);
            incomplete = zero;
            previous = input;
            continue;
        }
        const __m128i previous1 = _mm_alignr_epi8(input, previous, 15);
        const __m128i previous2 = _mm_alignr_epi8(input, previous, 14);
        const __m128i previous3 = _mm_alignr_epi8(input, previous, 13);
        const __m128i special = _mm_and_si128(
            _mm_and_si128(
                _mm_shuffle_epi8(firstHigh, _mm_and_si128(_mm_srli_epi16(previous1, 4), nibble)),
                _mm_shuffle_epi8(firstLow, _mm_and_si128(previous1, nibble))),
            _mm_shuffle_epi8(secondHigh, _mm_and_si128(_mm_srli_epi16(input, 4), nibble)));
        // 0x80 where the byte must be the third (after E0..FF) or fourth (after F0..FF) of a sequence.
        const __m128i due = _mm_and_si128(
            _mm_or_si128(_mm_subs_epu8(previous2, _mm_set1_epi8((char)(0xE0 - 0x80))),
                         _mm_subs_epu8(previous3, _mm_set1_epi8((char)(0xF0 - 0x80)))),
            _mm_set1_epi8((char)0x80));
        error = _mm_or_si128(error, _mm_xor_si128(due, special));
        incomplete = _mm_subs_epu8(input, incompleteAbove);
        previous = input;
    }
    error = _mm_or_si128(error, incomplete);
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(error, zero)) != 0xFFFF) return 2;
    return _mm_movemask_epi8(any) ? 1 : 0;
}

/// Base64 (standard alphabet) of the input, with `+` and `/` percent-encoded for a form body (`%2B`, `%2F`),
/// twelve input bytes to sixteen characters a step with SSSE3 (Muła's method: a shuffle and two multiplies
/// cut the bits into sextets, one table lookup maps each to its character). Stops while fewer than sixteen
/// input bytes are left (a step reads sixteen); `*consumed` tells how far it got (a multiple of three), the
/// caller encodes the rest and the padding. `output` needs room for 3 × 4/3 of the input. Returns the bytes
/// written, or -1 when the processor lacks SSSE3 (nothing consumed).
__attribute__((target("ssse3")))
static inline long hotpath_form_base64(const unsigned char *input, long count, unsigned char *output,
                                       long *consumed) {
    *consumed = 0;
    if (!hotpath_has_ssse3()) return -1;
    const __m128i spread = _mm_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
    const __m128i shifts = _mm_setr_epi8('a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
                                         '0' - 52, '0' - 52, '0' - 52, '0' - 52, '+' - 62, '/' - 63, 'A', 0, 0);
    long read = 0, written = 0;
    while (read + 16 <= count) {
        // Each 32-bit lane gets bytes b1 b0 b2 b1 of its three, then the multiplies move the four sextets
        // to the four bytes.
        const __m128i in = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(input + read)), spread);
        const __m128i high = _mm_mulhi_epu16(_mm_and_si128(in, _mm_set1_epi32(0x0fc0fc00)),
                                             _mm_set1_epi32(0x04000040));
        const __m128i low = _mm_mullo_epi16(_mm_and_si128(in, _mm_set1_epi32(0x003f03f0)),
                                            _mm_set1_epi32(0x01000010));
        const __m128i sextets = _mm_or_si128(high, low);
        // 0..25 → 13 ('A'), 26..51 → 0 ('a' - 26), 52..61 → 1..10 ('0' - 52), 62 → 11, 63 → 12.
        __m128i range = _mm_subs_epu8(sextets, _mm_set1_epi8(51));
        range = _mm_or_si128(range, _mm_and_si128(_mm_cmpgt_epi8(_mm_set1_epi8(26), sextets), _mm_set1_epi8(13)));
        const __m128i characters = _mm_add_epi8(sextets, _mm_shuffle_epi8(shifts, range));
        const int escaped = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(characters, _mm_set1_epi8('+')),
                                                           _mm_cmpeq_epi8(characters, _mm_set1_epi8('/'))));
        if (!escaped) {
            _mm_storeu_si128((__m128i *)(output + written), characters);
            written += 16;
        } else {
            unsigned char step[16];
            _mm_storeu_si128((__m128i *)step, characters);
            for (int index = 0; index < 16; index++) {
                const unsigned char character = step[index];
                if (character == '+' || character == '/') {
                    output[written] = '%';
                    output[written + 1] = '2';
                    output[written + 2] = character == '+' ? 'B' : 'F';
                    written += 3;
                } else {
                    output[written] = character;
                    written += 1;
                }
            }
        }
        read += 12;
    }
    *consumed = read;
    return written;
}

#endif

#endif
