# cython: language_level=3
"""`blogmigrate.bytesearch`'s search in C: the C library's ``memmem``.

On a page's source (~100 KB) CPython's ``needle in haystack`` takes its two-way algorithm, made
for worst cases; glibc's ``memmem`` finds the same answer about three times faster on these pages.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE


cdef extern from "string.h":  # declared by glibc with _GNU_SOURCE, which Python.h defines
    void* memmem(const void* haystack, size_t haystack_length, const void* needle, size_t needle_length) nogil


def contains(bytes haystack not None, bytes needle not None):
    """``needle in haystack``."""
    return memmem(
        PyBytes_AS_STRING(haystack), PyBytes_GET_SIZE(haystack),
        PyBytes_AS_STRING(needle), PyBytes_GET_SIZE(needle),
    ) is not NULL
