"""The gate before dateparser: texts it may read go through, texts it cannot read stop there.

The rejected strings are the ones the corpus sent to dateparser in vain (times alone, days without a
year, a German date on a page said to be English); each rejection is checked against dateparser
itself, so the gate never costs a date.
"""

from __future__ import annotations

from datetime import datetime

import dateparser
import pytest

from blogmigrate.normalize.dategate import may_hold_date
from blogmigrate.normalize.dates import DateParser

SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}

REJECTED = [
    ("en", "5:18 PM"),
    ("en", "12:22 PM"),
    ("en", "Mar 17"),
    ("en", "Jun 20th at 2:41 am"),
    ("en", "Jun 21st at 10:38 pm"),
    ("en", "Jun 23rd at 8:55 am"),
    ("en", "26. Mai 2008 um 21:07"),
    ("en", "7. Oktober 2008 um 13:11"),
    ("en", "6. März 2009 um 18:09"),
    ("fr", "à 00:41"),
    ("de", "um 21:00"),
    ("en", "Jun 2012"),
]

RELATIVE = [
    ("en", "in 2 days"),
    ("en", "5 h"),
    ("ru", "3 дня назад"),
    ("ru", "вчера в 17:18"),
    ("zh", "3天前"),
    ("es", "hace 3 días"),
]

PASSED = [
    # absolute dates: a day, a year of two digits or more, a month by name or by number
    ("en", "Aug 8 '12"),
    ("en", "Mar 4 '18"),
    ("en", "Jun 20th 12"),
    ("en", "1/2/12"),
    ("en", "12 08 12"),
    ("de", "26. Mai 2008 um 21:07"),
    ("de", "6. Marz 2009"),  # dateparser drops accents: "Marz" is März to it
    ("en", "24Jul20129:49am, EDT"),
    # digits and colons alone: dateparser may read them with the colons dropped
    ("en", "21:07"),
    # relative dates, which REQUIRE_PARTS does not govern
    *RELATIVE,
    # digits written by the language's simplifications ("первого" is the 1st)
    ("ru", "первого мая 2012"),
    ("en", "noon Jun 20 12"),
]


@pytest.mark.parametrize(("language", "text"), REJECTED)
def test_texts_that_cannot_hold_a_whole_date_are_stopped(language: str, text: str) -> None:
    assert not may_hold_date(text, language)
    assert dateparser.parse(text, languages=[language], settings=SETTINGS) is None


@pytest.mark.parametrize(("language", "text"), PASSED)
def test_texts_dateparser_may_read_go_through(language: str, text: str) -> None:
    assert may_hold_date(text, language)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "Aug 8 '12", "2012-08-08T00:00:00"),
        ("ru", "первого мая 2012", "2012-05-01T00:00:00"),
        ("en", "Jun 20th at 2:41 am", None),
    ],
)
def test_the_fallback_still_reads_what_dateparser_reads(
    language: str, text: str, expected: str | None
) -> None:
    parsed = DateParser(language).parse_text(text).value
    assert (parsed.isoformat() if parsed else None) == expected


RELATIVE_ONLY = [
    *RELATIVE,
    ("de", "vor 2 Tagen"),
    # a Movable Type byline: its "in" let it through to dateparser, on every page of such a blog
    ("en", "Posted by paul at 09:39 PM in Paul scrawl | Permalink"),
]


@pytest.mark.parametrize(("language", "text"), RELATIVE_ONLY)
def test_texts_only_read_relative_to_now_stop_where_such_readings_are_dropped(
    language: str, text: str
) -> None:
    """The date fallback drops what dateparser reads relative to now (``relative=False``): each
    text stopped that way reads differently from two "now"s, or not at all, so no date is lost."""
    assert may_hold_date(text, language)
    assert not may_hold_date(text, language, relative=False)
    readings = [
        dateparser.parse(text, languages=[language], settings={**SETTINGS, "RELATIVE_BASE": now})
        for now in (datetime(2000, 1, 1), datetime(2001, 7, 15, 12, 30))
    ]
    assert readings[0] is None or readings[0] != readings[1]
    assert DateParser(language).parse_text(text).value is None


def test_absolute_and_simplified_texts_go_through_without_relative_readings() -> None:
    for language, text in [("en", "Aug 8 '12"), ("ru", "первого мая 2012"), ("en", "1/2/12")]:
        assert may_hold_date(text, language, relative=False)


def test_a_language_without_locale_data_lets_every_text_through() -> None:
    assert may_hold_date("5:18 PM", "xx")
