"""Whether dateparser could read a whole date in a text: asked before calling it, since a call costs
about 1 ms and most texts that reach the fallback hold none ("5:18 PM", "Jun 20th at 2:41 am", a
commenter's name, a German date on a page said to be English).

The fallback calls dateparser with ``REQUIRE_PARTS`` day, month and year and the page's language
only. A date comes out of it in three ways, and the gate lets a text through when any of them is
possible, read from dateparser's own locale data:

- **absolute** (the readers that ``REQUIRE_PARTS`` governs): a day and a year written in digits, the
  year in two digits or more, and a month, as a name of the language or as a third number. Digits
  joined to a ``:`` are not counted: dateparser reads a token that holds ``:`` as a time, however
  many digits run before it ("24Jul20129:49am" holds a day and a time, no year). A text of digits
  and colons alone is read with the colons dropped, so all of its digits count.
- **relative** (``REQUIRE_PARTS`` does not govern it): a quantity and a unit ("3 дня назад") or a
  relative phrase ("вчера в 17:18"), in the language's words. A caller that drops what dateparser
  reads relative to now, as the date fallback does (such a text states no date), asks without them
  (``relative=False``): a byline such as "Posted by paul at 09:39 PM in Paul scrawl" then stops here,
  where its "in" let it through to a ~1 ms call whose reading was dropped.
- **simplified**: the language's simplifications that write digits ("первого" → 1, "noon" →
  12:00) may supply what the text lacks. When the ones a text matches are number words ("a" is 1
  in English), the text is read with their digits in place and must then hold an absolute date as
  above ("Pride Comes before a Fail | 94 Labs" holds two numbers and no month). Any other match
  lets the text through, as does any match when relative readings are asked for (a simplification
  may write a quantity: "a day ago").

Letting through too much only costs time; the gate errs that way wherever the data is unclear.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .localedata import dateparser_normalised, locale_info

_UNIT_KEYS = (
    "year", "month", "week", "day", "hour", "minute", "second", "decade", "fortnight", "century",
)  # fmt: skip
MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_TIME_TOKEN = re.compile(r"\d+(?::\d+)+")
"""Digits joined by colons: a time to dateparser, whose digits count for no day or year."""
_DIGIT_RUN = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_DIGITS_AND_COLONS = re.compile(r"[\d:\s]+")
_REGEX_ESCAPE = re.compile(r"\\[A-Za-z]")
_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
_BACKREFERENCE = re.compile(r"\\\d+|\\g<\w+>")
_Search = Callable[[str], object]
_FindAll = Callable[[str], Iterator[Any]]
_NEVER: _Search = re.compile(r"(?!)").search
_NONE_FOUND: _FindAll = re.compile(r"(?!)").finditer


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """What dateparser knows of one language, as the gate needs it (all normalised, casefolded)."""

    month_words: frozenset[str]
    relative: _Search
    """Finds what dateparser may read as relative to now in a text."""
    digit_simplifications: _Search
    """Finds what one of the language's digit-writing simplifications rewrites in a text."""
    find_digit_simplifications: _FindAll
    """Each of those in a text, in turn."""
    number_words: dict[str, str]
    """The digits each of those that is a plain word ("a", "une", "zwei") writes."""


def may_hold_date(text: str, language: str, *, relative: bool = True) -> bool:
    """False only when dateparser (``languages=[language]``, ``REQUIRE_PARTS`` day, month, year)
    cannot return a date for ``text``; with ``relative`` False, only when it cannot return one that
    does not depend on the day it is asked."""
    vocabulary = _vocabulary(language)
    folded = _normalise(text)
    if _may_be_absolute(text, folded, vocabulary.month_words):
        return True
    if relative and vocabulary.relative(folded):
        return True
    if not vocabulary.digit_simplifications(folded):
        return False
    if relative:
        return True
    rewritten = _numbers_written(folded, vocabulary)
    return rewritten is None or _may_be_absolute(rewritten, rewritten, vocabulary.month_words)


def _numbers_written(folded: str, vocabulary: _Vocabulary) -> str | None:
    """``folded`` with each number word a simplification writes as digits replaced by them, as
    dateparser rewrites it ("a fail" → "1 fail"); None when another kind of digit-writing
    simplification matches, before or after, whose rewriting only running them all would tell."""
    pieces = []
    end = 0
    for match in vocabulary.find_digit_simplifications(folded):
        digits = vocabulary.number_words.get(match.group(0))
        if digits is None:
            return None
        pieces += [folded[end : match.start()], digits]
        end = match.end()
    rewritten = "".join(pieces) + folded[end:]
    # Digits written may complete another's pattern ("twenty one days" → "twenty 1 days" → 21).
    return None if vocabulary.digit_simplifications(rewritten) else rewritten


def _may_be_absolute(text: str, folded: str, month_words: frozenset[str]) -> bool:
    if _DIGITS_AND_COLONS.fullmatch(text):
        return sum(character.isdigit() for character in text) >= 4  # d, m and a 2-digit year
    runs = [len(run) for run in _DIGIT_RUN.findall(_TIME_TOKEN.sub(" ", text))]
    if not runs or max(runs) < 2:
        return False
    named_month = any(word in month_words for word in _WORD.findall(folded))
    return len(runs) >= (2 if named_month else 3)


def _normalise(text: str) -> str:
    """As dateparser compares words (its NORMALIZE setting): accents dropped, case folded."""
    return dateparser_normalised(text).casefold()


@lru_cache(maxsize=64)
def _vocabulary(language: str) -> _Vocabulary:
    info = locale_info(language)
    if info is None:
        # No locale data: nothing is known to rule out, so every text goes through.
        return _Vocabulary(frozenset(), re.compile("").search, _NEVER, _NONE_FOUND, {})
    month_words = frozenset(
        word for key in MONTH_KEYS for name in info.get(key, []) for word in _words(name)
    )
    spaced = not info.get("no_word_spacing")
    relative_words = {
        _normalise(name) for key in _UNIT_KEYS for name in info.get(key, []) if name.strip()
    }
    for key in ("relative-type", "relative-type-regex"):
        for names in info.get(key, {}).values():
            for name in names:
                relative_words.update(_words(_REGEX_ESCAPE.sub(" ", name)))
    simplifications = info.get("simplifications", [])
    digit_writing = _simplification_pattern(simplifications, spaced)
    return _Vocabulary(
        month_words=month_words,
        relative=_relative_pattern(relative_words, spaced),
        digit_simplifications=_NEVER if digit_writing is None else digit_writing.search,
        find_digit_simplifications=(
            _NONE_FOUND if digit_writing is None else digit_writing.finditer
        ),
        number_words=_number_words(simplifications),
    )


def _regex_module() -> Any:
    """The regex module, which dateparser's own patterns need (possessive quantifiers, look-behinds
    of varying width; it comes with dateparser, without type stubs). Imported when a language's
    vocabulary is first made: most runs send no text to the gate (importing it is ~5 ms)."""
    import regex  # type: ignore[import-untyped]

    return regex


def _words(name: str) -> list[str]:
    return _WORD.findall(_normalise(name))


def _relative_pattern(words: set[str], spaced: bool) -> _Search:
    """A unit of one letter ("3 d", "3天") right after a number; longer words anywhere."""
    regex = _regex_module()
    single = sorted(word for word in words if len(word) == 1)
    longer = sorted((word for word in words if len(word) > 1), key=len, reverse=True)
    branches = [regex.escape(word) for word in longer]
    if single:
        after = r"(?!\w)" if spaced else ""
        branches.append(r"\d\s*(?:" + "|".join(map(regex.escape, single)) + ")" + after)
    return regex.compile("|".join(branches)).search if branches else _NEVER


def _simplification_pattern(simplifications: list[dict[str, str]], spaced: bool) -> Any:
    """The simplifications whose replacement writes a digit of its own, bounded as dateparser
    bounds them (words in spaced languages, not inside a number otherwise); None when there are
    none."""
    patterns = [pattern for pattern, _replacement in _digit_writers(simplifications)]
    if not patterns:
        return None
    body = "|".join(f"(?:{pattern})" for pattern in patterns)
    regex = _regex_module()
    bounded = rf"(?<=\A|\W|_)(?:{body})(?=\Z|\W|_)" if spaced else rf"(?!(?<=\d)\d)(?:{body})"
    return regex.compile(bounded, flags=regex.IGNORECASE)


def _digit_writers(simplifications: list[dict[str, str]]) -> list[tuple[str, str]]:
    """The (pattern, replacement) of each simplification whose replacement writes a digit of its
    own, in dateparser's order, the pattern normalised as dateparser normalises it."""
    return [
        (dateparser_normalised(pattern), replacement)
        for simplification in simplifications
        for pattern, replacement in simplification.items()
        if any(character.isdigit() for character in _BACKREFERENCE.sub("", replacement))
    ]


def _number_words(simplifications: list[dict[str, str]]) -> dict[str, str]:
    """The digit-writing simplifications that replace a plain word (or words) by plain digits."""
    return {
        pattern.casefold(): replacement
        for pattern, replacement in _digit_writers(simplifications)
        if _PLAIN_WORDS.fullmatch(pattern) and replacement.isdigit()
    }
