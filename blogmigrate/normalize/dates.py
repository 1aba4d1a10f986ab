"""Dates as the page meant them: wall-clock time and offset kept, never shifted to UTC.

Order of trust: machine-readable attributes (``time[datetime]``, ``abbr[title]``, metas), then display
text through a fast path built from dateparser's own locale tables (month names, day order), then
dateparser itself restricted to the page's language. Relative dates ("il y a 3 jours") are anchored to
the capture time and marked approximate. No string over `MAX_DATE_TEXT` characters is parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..model import PostDate
from ..scrapers.base import RawDate

MAX_DATE_TEXT = 100
FAST_PATH_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_TOKEN = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)
_TIME = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?::|h|H|\.(?=\d{2}(?!\d)))\s*(\d{2})(?:\s*(?::|min)\s*(\d{2}))?"
    r"(?:\s*(?:min\b)?\s*([aApP])\.?\s?[mM]\.?(?![a-zA-Z]))?"
)
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUMERIC_DAY = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?!\d)")
_RELATIVE_HINT = re.compile(
    r"\b(ago|il y a|vor|hace|fa|há|geleden|yesterday|hier|gestern|ayer|ieri|ontem|gisteren|"
    r"today|aujourd'hui|heute|hoy|oggi|hoje|vandaag)\b",
    re.IGNORECASE,
)
_YEAR_RANGE = range(1990, 2100)


@dataclass(frozen=True, slots=True)
class ParsedDate:
    value: PostDate | None
    approximate: bool = False


NO_DATE = ParsedDate(None)


def parse_machine_date(text: str) -> PostDate | None:
    """An ISO 8601 or RFC 2822 timestamp from an attribute; None when it is neither."""
    text = text.strip()[:MAX_DATE_TEXT]
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


@dataclass(frozen=True, slots=True)
class _LocaleTable:
    months: dict[str, int]
    day_first: bool


@lru_cache(maxsize=64)
def _locale_table(language: str) -> _LocaleTable:
    """Month names of a language (and English, which every blog platform also prints)."""
    from dateparser.languages import default_loader

    months: dict[str, int] = {}
    day_first = True
    for code in dict.fromkeys((language, "en")):
        try:
            locale = default_loader.get_locale(code)
        except (KeyError, ValueError):
            continue
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in locale.info.get(key, []):
                months.setdefault(name.casefold().rstrip("."), number)
        if code == language:
            day_first = not str(locale.info.get("date_order", "DMY")).startswith("M")
    return _LocaleTable(months, day_first)


def base_language(tag: str | None) -> str:
    if not tag:
        return "en"
    base = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return base if re.fullmatch(r"[a-z]{2,3}", base) else "en"


class DateParser:
    """Parses one page's dates; remembers each string's result, since a page repeats its format."""

    def __init__(
        self,
        language: str | None,
        *,
        timezone: ZoneInfo | None = None,
        capture_time: datetime | None = None,
    ) -> None:
        self.language = base_language(language)
        self.us_order = (language or "").lower().replace("_", "-") in ("en-us", "en")
        self.timezone = timezone
        self.capture_time = capture_time
        self._table = _locale_table(self.language)
        self._cache: dict[str, ParsedDate] = {}

    def parse(self, raw: RawDate) -> ParsedDate:
        if raw.machine:
            value = parse_machine_date(raw.machine)
            if value is not None:
                return ParsedDate(self._localise(value))
        if raw.text:
            return self.parse_text(raw.text)
        return NO_DATE

    def parse_text(self, text: str) -> ParsedDate:
        text = text.strip()[:MAX_DATE_TEXT]
        cached = self._cache.get(text)
        if cached is None:
            cached = self._parse_text_uncached(text)
            self._cache[text] = cached
        return cached

    def _parse_text_uncached(self, text: str) -> ParsedDate:
        if not text:
            return NO_DATE
        if _RELATIVE_HINT.search(text):
            return self._parse_relative(text)
        value = self._parse_fast(text)
        if value is None:
            value = self._parse_with_dateparser(text)
        return NO_DATE if value is None else ParsedDate(self._localise(value))

    def _parse_fast(self, text: str) -> PostDate | None:
        day_part = self._find_day(text)
        if day_part is None:
            return None
        found = _TIME.search(text)
        if found is None:
            return day_part
        hour, minute = int(found.group(1)), int(found.group(2))
        second = int(found.group(3) or 0)
        meridiem = (found.group(4) or "").lower()
        if meridiem == "p" and hour < 12:
            hour += 12
        elif meridiem == "a" and hour == 12:
            hour = 0
        try:
            return datetime(day_part.year, day_part.month, day_part.day, hour, minute, second)
        except ValueError:
            return day_part

    def _find_day(self, text: str) -> date | None:
        iso = _ISO_DAY.search(text)
        if iso:
            return _make_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        tokens = list(_TOKEN.finditer(text))
        month_at: int | None = None
        month = 0
        for position, token in enumerate(tokens):
            number = self._table.months.get(token.group().casefold())
            if number is not None and not token.group().isdigit():
                month_at, month = position, number
                break
        if month_at is None:
            numeric = _NUMERIC_DAY.search(text)
            if numeric is None:
                return None
            first, second = int(numeric.group(1)), int(numeric.group(2))
            written_year = numeric.group(3)
            full_year = int(written_year)
            if len(written_year) == 2:
                full_year += 2000 if full_year < 70 else 1900
            if self.us_order:
                return _make_date(full_year, first, second)
            return _make_date(full_year, second, first)
        year: int | None = None
        day: int | None = None
        time_spans = [match.span() for match in _TIME.finditer(text)]
        for token in tokens:
            value = token.group()
            if not value.isdigit() or any(s <= token.start() < e for s, e in time_spans):
                continue
            if len(value) == 4 and int(value) in _YEAR_RANGE and year is None:
                year = int(value)
        for offset in (-1, 1, -2, 2):
            index = month_at + offset
            if 0 <= index < len(tokens):
                value = tokens[index].group()
                if value.isdigit() and len(value) <= 2 and 1 <= int(value) <= 31:
                    day = int(value)
                    break
        if year is None or day is None:
            return None
        return _make_date(year, month, day)

    def _parse_with_dateparser(self, text: str) -> PostDate | None:
        if not any(character.isdigit() for character in text):
            return None
        import dateparser

        settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}
        try:
            found = dateparser.parse(text, languages=[self.language], settings=settings)
        except (ValueError, OverflowError, TypeError):
            return None
        return found

    def _parse_relative(self, text: str) -> ParsedDate:
        if self.capture_time is None:
            return ParsedDate(None, approximate=True)
        import dateparser

        base = self.capture_time.replace(tzinfo=None)
        settings = {"RELATIVE_BASE": base}
        try:
            found = dateparser.parse(text, languages=[self.language], settings=settings)
        except (ValueError, OverflowError, TypeError):
            found = None
        if found is None or found > base + timedelta(days=1):
            return ParsedDate(None, approximate=True)
        return ParsedDate(found.replace(second=0, microsecond=0), approximate=True)

    def _localise(self, value: PostDate) -> PostDate:
        if self.timezone is not None and isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=self.timezone)
        return value


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iso_format(value: PostDate | None) -> str | None:
    """ISO 8601 as the contract wants it: seconds, the offset only when known."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()
