"""What is asked of a page's whole bytes: does it hold a text (the Wayback Machine's marks, the
source texts of detection's `PageIndex.in_source`, each such question reading all ~100 KB of it,
mostly for a text it does not hold), what are they in lower case (`PageIndex.in_source` asks its
questions of those), and is it strict UTF-8 (`decoding`: such a page is parsed from its bytes, and
its text is not made)? And of a record's JSON text: does it escape a control character?

All are C (`_bytesearch.pyx`, built by setup.py with Cython) when that module is built: the C
library's ``memmem``, about three times faster there than Python's ``in``, a lowering loop that the
compiler makes vector instructions of (Python's looks each byte up in a table: ~8 times slower),
and a UTF-8 check that makes no text, and a ``memchr`` from backslash to backslash. Otherwise, and
with ``BLOGMIGRATE_PURE_PYTHON=1``, they are Python's ``in``, ``bytes.lower``, decoder and regular
expressions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .compiled import c_extension


def _python_contains(haystack: bytes, needle: bytes) -> bool:
    return needle in haystack


def _python_is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_CONTROL_ESCAPE = re.compile(rb"\\[bf]|\\u00")


def _python_escapes_control(data: bytes) -> bool:
    return _CONTROL_ESCAPE.search(data) is not None


_C = c_extension("blogmigrate._bytesearch")

contains: Callable[[bytes, bytes], bool] = _python_contains if _C is None else _C.contains
"""``needle in haystack``."""

lower: Callable[[bytes], bytes] = bytes.lower if _C is None else _C.lower
"""``data.lower()``: A-Z made a-z, every other byte kept."""

is_utf8: Callable[[bytes], bool] = _python_is_utf8 if _C is None else _C.is_utf8
"""Are the bytes strict UTF-8, as Python's decoder judges them?"""


escapes_control: Callable[[bytes], bool] = (
    _python_escapes_control if _C is None else _C.escapes_control
)
"""Does JSON text hold ``\\b``, ``\\f`` or ``\\u00``: an escaped control character other than tab,
line feed and carriage return (or an escaped backslash before b, f or u00, which reads as one)?"""


def searches_in_c() -> bool:
    """Whether `contains`, `lower`, `is_utf8` and `escapes_control` run in C."""
    return _C is not None
