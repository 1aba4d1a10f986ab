# cython: language_level=3
"""`blogmigrate.bytesearch` in C: questions asked of a whole page's bytes.

- `contains`: the C library's ``memmem``. On a page's source (~100 KB) CPython's ``needle in
  haystack`` takes its two-way algorithm, made for worst cases; glibc's ``memmem`` finds the same
  answer about three times faster on these pages.
- `lower`: ``bytes.lower()``, which looks each byte up in a table: this loop the C compiler turns
  into vector instructions, 16 bytes at a time (a page's source is lowered once, for
  `PageIndex.in_source`: 4.4 against 35 µs for 120 KB in the cache).
- `is_utf8`: whether the bytes are strict UTF-8, without making the text that ``bytes.decode``
  makes (0.015 against 0.041 ms a page): a page whose bytes are is parsed from them.
- `escapes_control`: whether JSON text escapes a control character, from one ``memchr`` per
  backslash (a record's JSON holds ~280: its HTML's quotes and slashes).
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from libc.string cimport memchr, memcpy


cdef extern from "string.h":  # declared by glibc with _GNU_SOURCE, which Python.h defines
    void* memmem(const void* haystack, size_t haystack_length, const void* needle, size_t needle_length) nogil


def contains(bytes haystack not None, bytes needle not None):
    """``needle in haystack``."""
    return memmem(
        PyBytes_AS_STRING(haystack), PyBytes_GET_SIZE(haystack),
        PyBytes_AS_STRING(needle), PyBytes_GET_SIZE(needle),
    ) is not NULL


def lower(bytes data not None):
    """``data.lower()``: the ASCII capitals A-Z made small, every other byte as it is."""
    cdef Py_ssize_t size = PyBytes_GET_SIZE(data)
    cdef bytes lowered = PyBytes_FromStringAndSize(NULL, size)
    cdef const unsigned char* source = <const unsigned char*> PyBytes_AS_STRING(data)
    cdef unsigned char* target = <unsigned char*> PyBytes_AS_STRING(lowered)
    cdef Py_ssize_t at
    cdef unsigned char byte
    for at in range(size):
        byte = source[at]
        # (unsigned char)(byte - 'A') < 26 only for A-Z; 32 turns one into its small letter
        target[at] = byte + ((<unsigned char> (byte - 65) < 26) << 5)
    return lowered


cdef extern from "stdint.h":
    ctypedef unsigned long long uint64_t


def is_utf8(bytes data not None):
    """Is ``data`` valid UTF-8, as Python's strict decoder judges it (no overlong form, no
    surrogate, nothing above U+10FFFF, no sequence cut short)? ASCII runs are read eight bytes at
    a time, without making the text. Each lead byte gives the sequence's length and the range of
    its second byte (the Unicode Standard's table 3-7); the others are 0x80-0xBF."""
    cdef const unsigned char* text = <const unsigned char*> PyBytes_AS_STRING(data)
    cdef Py_ssize_t size = PyBytes_GET_SIZE(data)
    cdef Py_ssize_t at = 0, length, follower
    cdef uint64_t word
    cdef unsigned char first, low, high
    while at < size:
        if at + 8 <= size:
            memcpy(&word, text + at, 8)
            if (word & 0x8080808080808080ULL) == 0:
                at += 8
                continue
        first = text[at]
        if first < 0x80:
            at += 1
            continue
        low, high = 0x80, 0xBF
        if 0xC2 <= first <= 0xDF:
            length = 2
        elif 0xE0 <= first <= 0xEF:
            length = 3
            if first == 0xE0:
                low = 0xA0  # overlong below
            elif first == 0xED:
                high = 0x9F  # surrogates above
        elif 0xF0 <= first <= 0xF4:
            length = 4
            if first == 0xF0:
                low = 0x90  # overlong below
            elif first == 0xF4:
                high = 0x8F  # above U+10FFFF
        else:  # a continuation byte first, C0, C1, F5-FF
            return False
        if at + length > size or not low <= text[at + 1] <= high:
            return False
        for follower in range(at + 2, at + length):
            if (text[follower] & 0xC0) != 0x80:
                return False
        at += length
    return True


def escapes_control(bytes data not None):
    """Does the JSON text hold ``\\b``, ``\\f`` or ``\\u00`` (how a control character other than
    tab, line feed and carriage return is escaped)? The regular expression ``\\\\[bf]|\\\\u00``:
    an escaped backslash before b, f or u00 reads as one too."""
    cdef const unsigned char* text = <const unsigned char*> PyBytes_AS_STRING(data)
    cdef const unsigned char* end = text + PyBytes_GET_SIZE(data)
    cdef const unsigned char* found = text
    while True:
        found = <const unsigned char*> memchr(found, 92, end - found)  # a backslash
        if found is NULL or found + 1 >= end:
            return False
        if found[1] == 98 or found[1] == 102:  # b, f
            return True
        if found[1] == 117 and found + 3 < end and found[2] == 48 and found[3] == 48:  # u00
            return True
        found += 1
