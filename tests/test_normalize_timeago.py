""" "6 months ago" read without dateparser, as dateparser reads it.

Every "N <unit> ago" pattern of the checked languages is written out (each optional letter with and
without it, each optional space as one and as none), with whole numbers from 0 to a size no date
can go back, and read both ways from "now"s at the ends of months and on a leap day.
"""

from __future__ import annotations

import re
from datetime import datetime

import dateparser
import pytest
from dateparser.languages import default_loader

from blogmigrate.normalize.dates import _counted_back
from blogmigrate.normalize.timeago import CHECKED_LANGUAGES, time_ago

NUMBER = r"(\d++[.,]?\d*+)"
NOWS = [
    datetime(2024, 3, 31, 23, 59, 59),
    datetime(2023, 2, 28, 12, 0),
    datetime(2024, 2, 29, 6, 30),
]
QUANTITIES = ["0", "1", "6", "13", "100", "2500", "007", "99999999999"]


def written_out(pattern: str, quantity: str) -> list[str]:
    """The texts a locale's pattern matches with ``quantity`` as its number."""
    texts = [pattern.replace(NUMBER, quantity)]
    texts = [
        variant
        for text in texts
        for variant in (text.replace(r"\s*", " "), text.replace(r"\s*", ""))
    ]
    texts = [re.sub(r"(\w)\?", choice, text) for text in texts for choice in (r"\1", "")]
    for text in texts:
        assert not re.search(r"[\\()\[\]?*+|{}^$]", text), (
            f"a pattern this test cannot write out: {pattern}"
        )
    return sorted(set(texts))


def ago_texts(language: str) -> list[str]:
    relative = default_loader.get_locale(language).info.get("relative-type-regex", {})
    return [
        text
        for key, patterns in relative.items()
        if key.endswith(" ago")
        for pattern in patterns
        for quantity in QUANTITIES
        for text in written_out(pattern, quantity)
    ]


def dateparser_reading(text: str, language: str, now: datetime) -> datetime | None:
    try:
        return dateparser.parse(text, languages=[language], settings={"RELATIVE_BASE": now})
    except (ValueError, OverflowError, TypeError):
        return None


@pytest.mark.parametrize("language", sorted(CHECKED_LANGUAGES))
def test_every_ago_pattern_reads_as_dateparser_reads_it(language: str) -> None:
    texts = ago_texts(language)
    assert len(texts) > 40
    for text in texts:
        assert time_ago(text, language) is not None, text
        for now in NOWS:
            assert _counted_back(text, language, now) == dateparser_reading(text, language, now), (
                text,
                now,
            )


@pytest.mark.parametrize(
    ("language", "text", "now", "expected"),
    [
        ("en", "6 months ago", datetime(2024, 8, 31, 10, 5), datetime(2024, 2, 29, 10, 5)),
        ("en", "2 decades ago", datetime(2024, 2, 29, 8, 0), datetime(2004, 2, 29, 8, 0)),
        ("en", "3 fortnights ago", datetime(2024, 3, 1), datetime(2024, 1, 19)),
        ("fr", "il y a 3 jours", datetime(2012, 11, 22, 12, 0), datetime(2012, 11, 19, 12, 0)),
        (
            "fr",
            "Il y a 2 m",
            datetime(2024, 3, 31),
            datetime(2024, 1, 31),
        ),  # m is a month in French
        ("de", "vor 5h", datetime(2024, 1, 1, 3, 0), datetime(2023, 12, 31, 22, 0)),
        ("es", "hace 5 años", datetime(2024, 2, 29), datetime(2019, 2, 28)),
        ("nl", "2 dagen geleden", datetime(2024, 3, 1), datetime(2024, 2, 28)),
    ],
)
def test_the_moments_counted_back(
    language: str, text: str, now: datetime, expected: datetime
) -> None:
    assert _counted_back(text, language, now) == expected
    assert dateparser_reading(text, language, now) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "1.5 hours ago"),  # a fraction
        ("en", "a day ago"),  # a simplification writes the number
        ("en", "2 years, 3 months ago"),  # two units
        ("en", "Posted 6 months ago"),  # words around it
        ("en", "in 3 days"),  # after now
        ("en", "٣ days ago"),  # not ASCII digits
        ("fr", "3 days ago"),  # another language's words
        ("ru", "3 дня назад"),  # a language not checked
        ("be", "6 гадзіну таму"),  # 1 hour ago to dateparser, after its simplifications
    ],
)
def test_other_texts_are_left_to_dateparser(language: str, text: str) -> None:
    assert time_ago(text, language) is None
    now = datetime(2024, 3, 31, 23, 59, 59)
    assert _counted_back(text, language, now) == dateparser_reading(text, language, now)


@pytest.mark.parametrize(
    "text", ["9" * 95 + " years ago", "9" * 95 + " seconds ago", "9" * 400 + " days ago"]
)
def test_a_quantity_no_calendar_holds_gives_no_moment_as_from_dateparser(text: str) -> None:
    now = datetime(2024, 3, 31)
    assert _counted_back(text, "en", now) is None
    assert dateparser_reading(text, "en", now) is None
