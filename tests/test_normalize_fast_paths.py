"""The cheap answers that text, URL and safety helpers give first agree with the full ones."""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
import sys
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from lxml import html

from blogmigrate.model import Comment, CommentType, Person, Post
from blogmigrate.normalize.html import _EMOJI_IMAGE, _PLACEHOLDER, _TRACKER, ScreenedPattern
from blogmigrate.normalize.text import (
    _SAYS_SUFFIX,
    element_excerpt,
    element_text,
    make_excerpt,
    squash,
)
from blogmigrate.normalize.urls import absolute_url
from blogmigrate.textsafety import (
    REPLACEMENT,
    _gather_strings,
    _python_is_safe_long,
    checks_in_c,
    count_unsafe,
    is_safe,
    is_safe_long,
    safe_text,
)

from .conftest import CORPUS, PAGES, corpus_page, run_page

WHITESPACE = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def test_squash_collapses_every_unicode_space_as_the_pattern_does() -> None:
    text = "".join(f"{space}word{space}{space}" for space in WHITESPACE)
    assert squash(text) == re.sub(r"\s+", " ", text).strip()
    assert squash(" \u3000\xa0\n") == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://blog.example/a", "https://blog.example/a"),
        ("/about", "http://blog.example/about"),
        ("HTTP://WEB.ARCHIVE.ORG/WEB/20101122091500/http://old.example/",
         "http://old.example/"),
        ("/Web/20101122091500/http://old.example/", "http://old.example/"),
        ("  https://blog.example/a\tb\n ", "https://blog.example/ab"),
        ("https://blog.example/a\x01b", "https://blog.example/a%01b"),
        ("https://bücher.example/", "https://bücher.example/"),
        ("mailto:me@blog.example", "mailto:me@blog.example"),
        ("#comments", "#comments"),
    ],
)  # fmt: skip
def test_absolute_urls(url: str, expected: str) -> None:
    assert absolute_url(url, "http://blog.example/post/") == expected


def test_a_malformed_address_is_still_refused_by_urlsplit() -> None:
    with pytest.raises(ValueError, match="IPv6"):
        absolute_url("http://[broken/", "http://blog.example/")


@pytest.mark.parametrize(
    "text",
    ["plain", "line\nbreak\ttab", "no-break\xa0space", "nul\x00", "bell\x07", "\ufffe", "\ud800"],
)
def test_safety_answers_as_the_pattern_does(text: str) -> None:
    assert is_safe(text) == (FORBIDDEN.search(text) is None)
    assert safe_text(text) == FORBIDDEN.sub(REPLACEMENT, text)
    assert count_unsafe(text) == len(FORBIDDEN.findall(text))


@pytest.mark.parametrize("check", [is_safe_long, _python_is_safe_long])
def test_the_long_text_check_answers_as_the_pattern_does_for_every_code_point(
    check: Callable[[str], bool],
) -> None:
    for code in range(sys.maxunicode + 1):
        text = f"ab\n{chr(code)}é"
        assert check(text) == (FORBIDDEN.search(text) is None), hex(code)


@pytest.mark.skipif(not checks_in_c(), reason="blogmigrate._textscan is not built")
def test_the_c_long_text_check_finds_a_forbidden_character_anywhere_in_strings_of_each_width() -> (
    None
):
    """`_textscan.xml_safe` reads 256 characters at a time, in the width of the string's storage
    (1, 2 or 4 bytes): a forbidden character is found at every place, around every block's end."""
    assert is_safe_long is not _python_is_safe_long
    for widest in ("é", "\u2019", "\U0001f600"):  # the string's storage: 1, 2, 4 bytes a character
        for forbidden in ("\x00", "\x1f", "\x0b", "\ud800", "\udfff", "\ufffe", "\uffff"):
            if ord(forbidden) > ord(widest) and ord(forbidden) > 0xFF:
                continue  # it would widen the string (checked by the test above)
            for length in (1, 255, 256, 257, 600):
                for at in {0, length // 2, length - 1, min(255, length - 1), min(256, length - 1)}:
                    text = widest + "a" * (length - 1)
                    text = text[:at] + forbidden + text[at + 1 :] if at else forbidden + text
                    assert not is_safe_long(text), (ascii(widest), ascii(forbidden), length, at)
                    assert is_safe_long(widest + "\t\n\r" + "b" * length)
    assert is_safe_long("") and is_safe_long("\U0001fffe\U0010ffff\ufffd\ud7ff\ue000")


def test_an_element_excerpt_reads_as_the_excerpt_of_all_its_words() -> None:
    """`element_excerpt` stops reading once it has enough whole words: the excerpt is the same."""
    rng = random.Random(5)
    words = ["a", "bb", "word", "longerword", "x" * 40, "é", ",", ";", ":"]
    markup = ["<p>", "</p>", "<span>", "</span>", "<br>", "<div>", "</div>", "<!-- c -->", "<li>"]
    for _ in range(2000):
        pieces = [
            rng.choice(words) + rng.choice([" ", "", "\n", "\xa0"])
            if rng.random() < 0.7
            else rng.choice(markup)
            for _ in range(rng.randint(0, 150))
        ]
        element = html.fragment_fromstring("".join(pieces), create_parent="div")
        for limit in (5, 30, 300):
            assert element_excerpt(element, limit) == make_excerpt(element_text(element), limit)
    long_body = html.fragment_fromstring("<div><p>" + "word " * 200 + "</p><p>end</p></div>")
    assert element_excerpt(long_body) == ("word " * 60).strip() + "…"


SCREENED_SAMPLES = [
    "", "https://blog.example/wp-content/uploads/2010/05/cat.jpg", "DATA:image/gif;base64,R0lGOD",
    "https://blog.example/img/Spacer.GIF", "https://blog.example/lazy/x.png",
    "https://blog.example/lazy-load/placeholder-grey.PNG?ver=2", "https://blog.example/Loading.png/x",
    "https://Stats.WordPress.com/b.gif?v=1", "https://feeds.FEEDBURNER.com/~r/blog/~4/abc",
    "https://ad.DoubleClick.net/x", "https://blog.example/tracking-pixel.png", "/~ff/blog?a=b",
    "https://s.w.org/images/core/emoji/2.2.1/72x72/1f642.png",
    "https://blog.example/wp-includes/images/smilies/icon_wink.gif",
    "https://blog.example/Smileys/x.gif", "https://blog.example/EMOJI/", "https://blog.example/smil",
    # IGNORECASE folds these non-ASCII letters onto ASCII ones: they must reach the pattern.
    "https://\u017ftats.wordpress.com/b.gif", "https://blog.example/\u017fpacer.gif",
    "https://blog.example/smiley\u017f/x.gif", "https://blog.example/pi\u0130el.png",
    "https://blog.example/\u212aquantserve", "https://blog.example/blan\u212a.gif",
    # Commenters' names with and without the theme's label.
    "Ann", "Ann says:", "Ann Says", "Bob said...", "Carl wrote …", "Dirk sagt:", "Eva schreibt",
    "Fritz schrieb:", "Gil dice:", "Ida disse", "Jo diz:", "Kees zegt:", "Lot schreef", "Marc dit :",
    "Nina a dit", "Odile a écrit :", "Paul A ÉCRIT", "Diziet", "saysay", "Wrote Davis",
    "Ann \u017fays:", "Zo\u00eb \u017fagt", "Dir\u212a said", "Ann sa\u0130d",
]  # fmt: skip


@pytest.mark.parametrize("screened", [_EMOJI_IMAGE, _PLACEHOLDER, _TRACKER, _SAYS_SUFFIX])
def test_a_screened_pattern_answers_as_its_pattern_does(screened: ScreenedPattern) -> None:
    rng = random.Random(8)
    samples = list(SCREENED_SAMPLES)
    for sample in SCREENED_SAMPLES:  # the same addresses with letters' case shuffled
        samples.append("".join(c.upper() if rng.random() < 0.5 else c for c in sample))
    for sample in samples:
        assert screened.search(sample) is (screened.pattern.search(sample) is not None), sample
    assert any(screened.search(sample) for sample in samples)


def _every_string(value: Any) -> list[str]:
    """The plain walk `safe_record` replaced: every string, value by value, in record order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [text for item in value for text in _every_string(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _every_string(tuple(getattr(value, f.name) for f in dataclasses.fields(value)))
    if isinstance(value, Mapping):
        return _every_string(tuple(itertools.chain.from_iterable(value.items())))
    return []


def _gathered(value: Any) -> list[str]:
    strings: list[str] = []
    _gather_strings(value, strings)
    return strings


def _records_of(pages: list[Path]) -> list[Post]:
    return [post for page in pages for post in run_page(page).posts]


@pytest.mark.parametrize(
    "pages",
    [
        pytest.param(sorted(PAGES.rglob("*.html")), id="fixtures"),
        pytest.param(
            [corpus_page(name) for name in ("mt-ebert", "wp-dragnet-455", "wp-gormulus")],
            id="corpus",
            marks=pytest.mark.skipif(not CORPUS.is_dir(), reason="no shared corpus"),
        ),
    ],
)
def test_strings_gathered_field_by_field_are_every_string_of_the_record(pages: list[Path]) -> None:
    """Comments are gathered field by field across the post (order aside, the same strings)."""
    for post in _records_of(pages):
        assert sorted(filter(None, _gathered(post))) == sorted(filter(None, _every_string(post)))


def test_strings_of_mixed_and_nested_records_are_all_gathered() -> None:
    person = Person(name="Ann\x00", url=None, avatar="https://a.example/x.png")
    comments = tuple(
        Comment(
            id=f"c{n}",
            parent_id=None if n % 2 else "c0",
            type=CommentType.PINGBACK if n % 3 else CommentType.COMMENT,
            author=person if n % 2 else Person(name=f"B{n}"),
            published=None if n % 2 else datetime(2010, 1, n + 1),
            content_html="" if n == 2 else f"<p>{n}</p>",
            content_html_raw=f"raw {n}",
            mentions=() if n % 2 else ("Ann", f"m{n}"),
            extra=MappingProxyType({}) if n % 2 else MappingProxyType({f"k{n}": "v\ufffe"}),
        )
        for n in range(5)
    )
    mixed = (*comments, person, "text", ("inner", (1, None, "deep")), 3, None, date(2010, 1, 1))
    for value in (comments, mixed, (comments[0],), (), MappingProxyType({"a": mixed})):
        assert sorted(filter(None, _gathered(value))) == sorted(filter(None, _every_string(value)))
