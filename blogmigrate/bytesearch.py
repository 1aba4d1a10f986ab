"""Does a page's bytes hold a text? Asked of every page's whole source a few times (the Wayback
Machine's marks, the source texts of detection's `PageIndex.in_source`), mostly of texts it does
not hold: each such question reads all ~100 KB of it. And are the bytes UTF-8 (`c_is_utf8`)?

`contains` is the C library's ``memmem`` (`_bytesearch.pyx`, built by setup.py with Cython) when that
module is built, about three times faster there than Python's ``in``; otherwise, and with
``BLOGMIGRATE_PURE_PYTHON=1``, it is ``in`` itself.
"""

from __future__ import annotations

from collections.abc import Callable

from .compiled import pure_python_asked


def _python_contains(haystack: bytes, needle: bytes) -> bool:
    return needle in haystack


def _c_contains() -> Callable[[bytes, bytes], bool] | None:
    if pure_python_asked():
        return None
    try:
        from ._bytesearch import contains  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # not built (no C compiler at install time)
        return None
    found: Callable[[bytes, bytes], bool] = contains
    return found


contains: Callable[[bytes, bytes], bool] = _c_contains() or _python_contains
"""``needle in haystack``, in C when it is built."""


def c_is_utf8() -> Callable[[bytes], bool] | None:
    """The C check that bytes are strict UTF-8 (as Python's decoder judges them) without decoding
    them, when it is built; None otherwise."""
    if pure_python_asked():
        return None
    try:
        from ._bytesearch import is_utf8  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    found: Callable[[bytes], bool] = is_utf8
    return found


def searches_in_c() -> bool:
    """Whether `contains` runs the C library's search."""
    return contains is not _python_contains
