"""What is asked of a page's bytes (`bytesearch`): the C library's search answers as Python's
``in``, and the C UTF-8 check as Python's decoder (test_compiled checks that the build has them)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from blogmigrate import bytesearch
from blogmigrate.bytesearch import _python_is_utf8, contains  # Python's decoder: the reference

from .conftest import CORPUS, FIXTURES

SOURCES = sorted((CORPUS / "pages").glob("*.html")) + sorted(FIXTURES.rglob("*.html"))
# What the pipeline asks of every page's bytes: the Wayback Machine's marks and detection's
# source texts (lower-case ASCII), and pieces of the pages themselves.
NEEDLES = (
    b"archive.org",
    b"WAYBACK TOOLBAR INSERT",
    b"__wm.",
    b"FILE ARCHIVED ON",
    b"drupal",
    b"drupal.settings",
    b"squarespace.",
    b"data-ghost",
    b"datetime",
    b"<html",
    b"</html>",
)


@pytest.mark.parametrize(
    ("haystack", "needle"),
    [
        (b"", b""),
        (b"", b"a"),
        (b"abc", b""),
        (b"abc", b"abc"),
        (b"abc", b"abcd"),
        (b"ab", b"b"),
        (b"aaab", b"aab"),
        (b"x\x00y\x00z", b"\x00z"),
        (b"x\x00y", b"y\x00"),
        ("caf\u00e9 d\u00e9j\u00e0".encode(), "\u00e9j".encode()),
        ("caf\u00e9".encode(), "\u00e9".encode()[:1] + b"x"),
        (b"ABC", b"abc"),
    ],
)
def test_contains_answers_as_in_does(haystack: bytes, needle: bytes) -> None:
    assert contains(haystack, needle) is (needle in haystack)


def test_contains_answers_as_in_does_on_every_saved_page() -> None:
    asked = found = 0
    for path in SOURCES:
        data = path.read_bytes()
        lowered = data.lower()
        pieces = (data[:40], data[len(data) // 2 : len(data) // 2 + 7], data[-12:])
        for needle in (*NEEDLES, *pieces):
            for haystack in (data, lowered):
                asked += 1
                found += needle in haystack
                assert contains(haystack, needle) is (needle in haystack), (path.name, needle)
    assert len(SOURCES) >= 130
    assert 0 < found < asked  # both answers were met


_EDGES = (0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0)
_EDGES += (0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF)


@pytest.mark.skipif(not bytesearch.searches_in_c(), reason="the C check is not built")
def test_the_c_utf8_check_judges_as_pythons_decoder() -> None:
    is_utf8 = bytesearch.is_utf8
    judged = Counter()
    for lead in range(256):
        for second in _EDGES:
            for third in (0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC0):
                for tail in (b"", b"\x80", b"\xbf", b"A", b"\x80\x80"):
                    for before in (b"", b"abcdefg", b"abcdefgh\xc3\xa9"):
                        data = before + bytes((lead, second, third)) + tail
                        judged[is_utf8(data)] += 1
                        assert is_utf8(data) is _python_is_utf8(data), data
    shuffled = random.Random(8)
    for _ in range(20_000):
        data = bytes(shuffled.choice(_EDGES) for _ in range(shuffled.randrange(24)))
        assert is_utf8(data) is _python_is_utf8(data), data
    for code_point in [*range(0, 0xD800, 97), *range(0xE000, 0x110000, 101), 0x10FFFF]:
        assert is_utf8(b"x" * (code_point % 9) + chr(code_point).encode())
    for code_point in range(0xD800, 0xE000, 17):  # surrogates: no UTF-8
        assert not is_utf8(chr(code_point).encode("utf-8", "surrogatepass"))
    for path in SOURCES:
        assert is_utf8(path.read_bytes()) is _python_is_utf8(path.read_bytes()), path.name
    assert judged[True] > 1000 and judged[False] > 1000


@pytest.mark.skipif(not bytesearch.searches_in_c(), reason="the C lowering is not built")
def test_the_c_lowering_lowers_as_bytes_lower_does() -> None:
    lower = bytesearch.lower
    assert lower is not bytes.lower
    every_byte = bytes(range(256))
    assert lower(every_byte) == every_byte.lower()
    assert lower(every_byte)[65:91] == b"abcdefghijklmnopqrstuvwxyz"
    assert lower(b"") == b""
    # lengths around the vector loop's width, every byte at every offset of them
    for length in (1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 257):
        for start in range(0, 256, 37):
            data = bytes((start + offset) % 256 for offset in range(length))
            assert lower(data) == data.lower(), (length, start)
    shuffled = random.Random(19)
    for _ in range(2_000):
        data = bytes(shuffled.randrange(256) for _ in range(shuffled.randrange(80)))
        assert lower(data) == data.lower(), data
    for path in SOURCES:
        data = path.read_bytes()
        assert lower(data) == data.lower(), path.name


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", False),
        (b"\\", False),
        (b"\\b", True),
        (b"\\f", True),
        (b"\\u00", True),
        (b"\\u0", False),
        (b"\\u001f", True),
        (b"\\u20ac", False),
        (b'\\n\\t\\r\\"\\/', False),
        (b"\\\\", False),
        (b"\\\\b", True),  # an escaped backslash before b: read as one (a second pass settles it)
        (b"\\\\u00", True),
        (b"x\\ny\\", False),
        (b"bf u00 \\x", False),
    ],
)
def test_control_escapes(data: bytes, expected: bool) -> None:
    assert bytesearch.escapes_control(data) is expected
    assert bytesearch._python_escapes_control(data) is expected


@pytest.mark.skipif(not bytesearch.searches_in_c(), reason="the C search is not built")
def test_the_c_escape_search_finds_what_the_pattern_finds() -> None:
    escapes_control = bytesearch.escapes_control
    assert escapes_control is not bytesearch._python_escapes_control
    pieces = [b"\\", b"b", b"f", b"u", b"0", b"00", b"n", b"x", b'"', b"\xef\xbf"]
    shuffled = random.Random(20)
    judged: Counter[bool] = Counter()
    for _ in range(20_000):
        data = b"".join(shuffled.choice(pieces) for _ in range(shuffled.randrange(12)))
        expected = bytesearch._python_escapes_control(data)
        assert escapes_control(data) is expected, data
        judged[expected] += 1
    assert judged[True] > 1000 and judged[False] > 1000
    for path in SOURCES:
        data = path.read_bytes()
        assert escapes_control(data) is bytesearch._python_escapes_control(data), path.name
