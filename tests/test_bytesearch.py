"""The search of a page's bytes (`bytesearch.contains`): the C library's answer is Python's ``in``
(test_compiled checks that the build has it)."""

from __future__ import annotations

import pytest

from blogmigrate.bytesearch import contains

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
