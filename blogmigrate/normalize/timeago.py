"""Dates written as a number of units before now ("6 months ago", "il y a 3 jours", "vor 2 Tagen"),
read from dateparser's own patterns for them and counted back as dateparser counts them, without
calling it.

The patterns are the page language's ``relative-type-regex`` entries whose meaning is "N <unit>
ago" (the locale data dateparser translates such a text with). The count is dateparser's
(`dateparser.freshness_date_parser`): a ``relativedelta`` of minus N units from now, the time of
day kept; a decade is ten years, a century a hundred, a fortnight two weeks.

Why not dateparser itself: a process's first dateparser call costs ~0.13 s (it builds its time
zone patterns), each later one ~1-3 ms, and a page whose comments are dated this way holds dozens of
such texts. A text that is not exactly one such pattern (a fraction, two units, words around it,
"a day ago") is left to dateparser, as is every text in a language not in `CHECKED_LANGUAGES`.
"""

from __future__ import annotations

import re
from functools import lru_cache

# dateparser's patterns need the regex module (possessive quantifiers); it comes with dateparser.
import regex  # type: ignore[import-untyped]
from dateutil.relativedelta import relativedelta

from .localedata import dateparser_normalised, locale_info

_AGO_KEY = re.compile(r"\\1 (\w+) ago")
"""A ``relative-type-regex`` key meaning "N <unit> ago" (the key is the English translation)."""
_UNITS = {
    "second": relativedelta(seconds=1),
    "minute": relativedelta(minutes=1),
    "hour": relativedelta(hours=1),
    "day": relativedelta(days=1),
    "week": relativedelta(weeks=1),
    "fortnight": relativedelta(weeks=2),
    "month": relativedelta(months=1),
    "year": relativedelta(years=1),
    "decade": relativedelta(years=10),
    "century": relativedelta(years=100),
}
"""dateparser's units, as it counts them."""
_WHOLE_NUMBER = re.compile(r"[0-9]+")
CHECKED_LANGUAGES = frozenset(("en", "fr", "de", "es", "it", "pt", "nl"))
"""The languages whose every "N <unit> ago" pattern reads here as dateparser reads it (the tests
compare the two on each). They are the ones whose relative words the date reader looks for
(`dates._RELATIVE_HINT`). Elsewhere dateparser's simplifications may rewrite such a text first
(Belarusian "6 гадзіну таму" is 1 hour ago to it, Swedish "−1 d" nothing)."""


def time_ago(text: str, language: str) -> relativedelta | None:
    """How far before now ``text`` says a moment was, when the whole text is one of the language's
    "N <unit> ago" patterns with N a whole number; None for any other text."""
    if language not in CHECKED_LANGUAGES:
        return None
    folded = " ".join(dateparser_normalised(text).split())
    found: tuple[str, str] | None = None
    for unit, pattern in _ago_patterns(language):
        match = pattern.fullmatch(folded)
        if match is not None:
            if found is not None:
                return None  # the patterns of two units read it: dateparser decides
            found = unit, match.group(1)
    if found is None or not _WHOLE_NUMBER.fullmatch(found[1]):
        return None
    unit, quantity = found
    try:
        return _UNITS[unit] * -int(quantity)
    except OverflowError:  # more units than a float holds (relativedelta multiplies by one)
        return None


@lru_cache(maxsize=64)
def _ago_patterns(language: str) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """Per unit, the language's "N <unit> ago" patterns as one (normalised as dateparser
    normalises them; the number is group 1 in each)."""
    info = locale_info(language)
    if info is None:
        return ()
    patterns = []
    for key, written in info.get("relative-type-regex", {}).items():
        meaning = _AGO_KEY.fullmatch(key)
        if meaning is None or meaning.group(1) not in _UNITS or not written:
            continue
        branches = "|".join(dateparser_normalised(pattern) for pattern in written)
        patterns.append(
            (meaning.group(1), regex.compile(f"(?|{branches})", flags=regex.IGNORECASE))
        )
    return tuple(patterns)
