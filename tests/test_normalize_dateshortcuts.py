"""Two texts the date reader answers without dateparser read as dateparser reads them.

A time of day alone ("21:00", Blogger's comment stamps) names no day, and Tumblr's "Aug 8 '12" is the
midnight of that day. Each is compared with dateparser itself, called as the fallback calls it (the
page's language, ``REQUIRE_PARTS`` day, month and year, two different "now"s that must agree): on
generated texts, and on every date text of the fixtures and of the corpus pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import dateparser
import pytest
from dateparser.languages import default_loader

from blogmigrate.normalize import dates
from blogmigrate.normalize.dategate import MONTH_KEYS
from blogmigrate.normalize.dates import DateParser

from .conftest import CORPUS as SHARED_CORPUS
from .conftest import PAGES, calls_while_converting

CORPUS = SHARED_CORPUS / "pages"
LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")


def dateparser_reading(text: str, language: str) -> datetime | None:
    """What the fallback would take from dateparser for ``text`` (its gate aside)."""
    first = dateparser.parse(text, languages=[language], settings=dates._SETTINGS[0])
    if first is None:
        return None
    second = dateparser.parse(text, languages=[language], settings=dates._SETTINGS[1])
    return first if first == second else None


def answered_without_dateparser(text: str, language: str) -> bool:
    return bool(
        dates._CLOCK_ONLY.fullmatch(text) or DateParser(language)._short_year_day(text) is not None
    )


@pytest.mark.parametrize("language", ("en", "de", "fr", "es", "ru"))
def test_a_time_of_day_alone_is_no_date_without_asking_dateparser(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clocks = [f"{minute // 60}:{minute % 60:02d}" for minute in range(0, 24 * 60, 37)]
    clocks += [f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(0, 10 * 60, 53)]
    clocks += ["23:59:59", "00:00:00", "7:05:30"]
    assert [text for text in clocks if dateparser_reading(text, language)] == []
    monkeypatch.setattr(dateparser, "parse", None)  # a call would fail
    assert [DateParser(language).parse_text(text).value for text in clocks] == [None] * len(clocks)


@pytest.mark.parametrize("text", ["24:00", "9:60", "1:5", "123:00", "21:00 Uhr", "21.00"])
def test_other_digit_texts_are_not_taken_for_a_time_alone(text: str) -> None:
    assert dates._CLOCK_ONLY.fullmatch(text) is None


def _short_year_texts(language: str) -> Iterator[str]:
    info = default_loader.get_locale(language).info
    names = sorted({name for key in MONTH_KEYS for name in info.get(key, [])})
    for name in names:
        for day, year in ((8, "12"), (31, "00"), (13, "68"), (29, "69"), (1, "99")):
            yield f"{name.title()} {day} '{year}"
            yield f"{day} {name} '{year}"
    yield from ("Aug. 8, '12", "8. Mai '12", "Feb 29 '13", "Feb 30 '12", "Sep 31 '12")


@pytest.mark.parametrize("language", LANGUAGES)
def test_short_year_days_read_as_dateparser_reads_them(language: str) -> None:
    reader = DateParser(language)
    read = 0
    for text in _short_year_texts(language):
        mine = reader._short_year_day(text)
        if mine is None:
            continue  # left to dateparser
        read += 1
        assert mine == dateparser_reading(text, language), text
        assert type(mine) is datetime, text
    assert read >= 100


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Aug 8 '12", datetime(2012, 8, 8)),
        ("en", "8 Aug '68", datetime(2068, 8, 8)),
        ("en", "Dec 31, '69", datetime(1969, 12, 31)),
        ("en", "Feb 29 '13", None),  # no such day: dateparser decides
        ("en", "Aug 8 '12 at 9:30pm", None),  # another shape
        ("fr", "Aug 8 '12", None),  # not a French month name: dateparser decides
        ("fr", "8 août '12", datetime(2012, 8, 8)),
    ],
)
def test_short_year_days(language: str, text: str, expected: datetime | None) -> None:
    assert DateParser(language)._short_year_day(text) == expected


def _page_date_texts(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> set[tuple[str, str]]:
    """Every (language, text) the pages send to the text reader, found by converting them."""
    calls = calls_while_converting(DateParser, "_parse_text_uncached", paths, monkeypatch)
    return {(parser.language, text) for parser, text in calls}


def _same_as_dateparser_on(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> int:
    answered = [
        (language, text)
        for language, text in _page_date_texts(paths, monkeypatch)
        if answered_without_dateparser(text, language)
    ]
    for language, text in answered:
        value = DateParser(language).parse_text(text).value
        assert value == dateparser_reading(text, language), (language, text)
    return len(answered)


@pytest.mark.spies
def test_the_shortcuts_read_every_fixture_date_as_dateparser_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "Mar 4 '18" (Tumblr) and "00:41" (a French Blogger comment) among them.
    assert _same_as_dateparser_on(sorted(PAGES.rglob("*.html")), monkeypatch) >= 2


@pytest.mark.spies
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
def test_the_shortcuts_read_every_corpus_date_as_dateparser_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _same_as_dateparser_on(sorted(CORPUS.glob("*.html")), monkeypatch) >= 3
