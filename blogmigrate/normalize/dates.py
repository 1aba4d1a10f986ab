"""Dates as the page meant them: wall-clock time and offset kept, never shifted to UTC.

Order of trust: machine-readable attributes (``time[datetime]``, ``abbr[title]``, metas, JSON-LD, a
Blogger ``showComment`` epoch), then display text through a fast path built from dateparser's own locale
tables (month names, day order; any language dateparser knows, FR EN DE ES IT PT NL tested), then
dateparser itself (~1 ms a call) restricted to the page's language. When a
machine value is an instant (UTC) and the display text shows the same moment as wall-clock time, the
result keeps the wall-clock time with the offset between the two. Relative dates ("il y a 3 jours") are
anchored to the capture time and marked approximate (read by `timeago` when the text is one "N units
ago" of the page's language, by dateparser otherwise). No string over `MAX_DATE_TEXT` characters is
parsed: longer ones are cut first (hazard 19).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from ..model import PostDate
from ..scrapers.base import RawDate
from .dategate import MONTH_KEYS, may_hold_date
from .localedata import locale_info

MAX_DATE_TEXT = 100
_TOKEN = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)
_TIME = re.compile(
    r"(?<![\d.])(\d{1,2})\s*(?::|h|H|\.(?=\d{2}(?![\d.])))\s*(\d{2})(?!\d)"
    r"(?:\s*(?::|min)\s*(\d{2})(?!\d))?"
    r"(?:\s*(?:min\b)?\s*([aApP])\.?\s?[mM]\.?(?![a-zA-Z]))?"
)
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_CJK_DAY = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_NUMERIC_DAY = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?!\d)")
# An explicit offset or zone abbreviation printed after the time: "10:41 pm PST", "22:00 GMT+2".
_OFFSET = re.compile(
    r"(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)|([+-])(\d{2}):?(\d{2})(?!\d)"
)
_ZONE_WORD = re.compile(r"\b(UTC|GMT|CET|CEST|BST|EST|EDT|CST|CDT|MST|MDT|PST|PDT)\b")
_ZONE_HOURS = {
    "UTC": 0, "GMT": 0, "CET": 1, "CEST": 2, "BST": 1, "EST": -5, "EDT": -4,
    "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_RELATIVE_HINT = re.compile(
    r"\b(ago|il y a|vor|hace|fa|há|geleden|yesterday|hier|gestern|ayer|ieri|ontem|gisteren|"
    r"today|aujourd'hui|heute|hoy|oggi|hoje|vandaag)\b",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
_SHOW_COMMENT = re.compile(r"[?&#]showComment=(\d{13})(?!\d)")
_URL_DAY = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(?:(0[1-9]|[12]\d|3[01])/)?", re.ASCII)
_YEAR_RANGE = range(1990, 2100)
_MAX_OFFSET = timedelta(hours=14)
_SETTINGS = tuple(
    {
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RELATIVE_BASE": base,
    }
    for base in (datetime(2000, 1, 1), datetime(2001, 7, 15, 12, 30))
)
"""dateparser's settings with two different "now"s: a date the text states reads the same in both."""
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:h.]([0-5]\d)(?!\d)(?:\s*([aApP])\.?\s?[mM]\b\.?)?")
_QUARTER_HOUR = 15 * 60
_DIGIT_SHAPE = str.maketrans("123456789", "000000000")
# A time of day alone ("21:00", Blogger's comment stamps): it names no day.
_CLOCK_ONLY = re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?")
# A day with the year's last two digits after an apostrophe, Tumblr's "Aug 8 '12" ("8 Aug '12").
_SHORT_YEAR_DAY = re.compile(r"(?:([^\W\d_]+)\.? (\d{1,2})|(\d{1,2})\.? ([^\W\d_]+)\.?),? '(\d{2})")
_SHORT_YEAR_PIVOT = 69
"""A two-digit year below this is in the 2000s, as strptime's ``%y`` (and so dateparser) reads it."""
_MAX_PLANS = 4096


@dataclass(frozen=True, slots=True)
class ParsedDate:
    value: PostDate | None
    approximate: bool = False


NO_DATE = ParsedDate(None)


@dataclass(frozen=True, slots=True)
class UrlDate:
    """The day a permalink's ``/2010/11/22/`` path gives; ``day_known`` is False for ``/2010/11/``."""

    value: date
    day_known: bool


def parse_machine_date(text: str) -> PostDate | None:
    """An ISO 8601 or RFC 2822 timestamp, or a Unix epoch (seconds or ms); None when it is neither."""
    text = text.strip()[:MAX_DATE_TEXT]
    if not text:
        return None
    if _EPOCH.fullmatch(text):
        seconds = int(text) / 1000 if len(text) == 13 else int(text)
        return datetime.fromtimestamp(seconds, tz=UTC)
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
    except ValueError:
        pass
    # Imported here: a page's machine dates are ISO 8601 but for a few (a run that reads none
    # in RFC 2822 leaves email.utils and its modules out of its start).
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def blogger_comment_epoch(permalink: str | None) -> str | None:
    """The millisecond epoch of a Blogger comment link (``?showComment=1288420980000#c…``)."""
    if not permalink or "showComment=" not in permalink:  # most links: no pattern search
        return None
    found = _SHOW_COMMENT.search(permalink)
    return found.group(1) if found else None


def date_from_url(url: str | None) -> UrlDate | None:
    """The date in a dated permalink (``/2010/11/22/slug/``, ``/2010/11/slug.html``), a last resort."""
    if not url:
        return None
    found = _URL_DAY.search(url)
    if found is None:
        return None
    day = found.group(3)
    value = date(int(found.group(1)), int(found.group(2)), int(day) if day else 1)
    return UrlDate(value, day_known=day is not None)


@dataclass(frozen=True, slots=True)
class _LocaleTable:
    months: dict[str, int]
    month_first: bool
    """Numeric dates are month first (10/28/12), as in US English."""
    own_months: dict[str, int]
    """Month names of the page's language alone: the ones dateparser reads, as it is asked
    for that language only."""
    plans: dict[str, _TextPlan] = field(default_factory=dict)
    """Where texts of each shape (digits as 0) name their day and time: see `_plan_text`."""


_PAGE_LANGUAGES = ("fr", "de", "es", "it", "pt", "nl")
"""The languages whose month names a page that declares none is read with, after English."""
_ENGLISH_WORDS = frozenset(("ago",))
"""Month abbreviations of other languages that are English words ("ago", August in es/it/pt)."""


@lru_cache(maxsize=64)
def _locale_table(language: str, locale_tag: str, *, every_language: bool = False) -> _LocaleTable:
    """Month names of a language (and English, which every blog platform also prints); with
    ``every_language``, of English and every language in `_PAGE_LANGUAGES` too."""
    months: dict[str, int] = {}
    own_months: dict[str, int] = {}
    codes = (language, "en", *(_PAGE_LANGUAGES if every_language else ()))
    for code in dict.fromkeys(codes):
        info = locale_info(code)
        if info is None:
            continue
        for number, key in enumerate(MONTH_KEYS, start=1):
            for name in info.get(key, []):
                folded = name.casefold().rstrip(".")
                if code == language or code == "en" or folded not in _ENGLISH_WORDS:
                    months.setdefault(folded, number)
                if code == language:
                    own_months.setdefault(folded, number)
    month_first = _date_order(locale_tag, language).startswith("M")
    return _LocaleTable(months, month_first, own_months)


def _date_order(locale_tag: str, language: str) -> str:
    """dateparser's day order for the most specific locale it knows ("en-GB" → DMY, "en" → MDY)."""
    for code in dict.fromkeys((locale_tag, language)):
        info = locale_info(code)
        if info is not None:
            return str(info.get("date_order", "DMY"))
    return "DMY"


def _counted_back(text: str, language: str, base: datetime) -> datetime | None:
    """The moment a relative text names, counted back from ``base``: by `time_ago` when the text
    is one "N units ago" of the language, by dateparser otherwise."""
    # (timeago imports regex and dateutil: loaded for the first relative text, not at the start)
    from .timeago import time_ago

    try:
        before = time_ago(text, language)
        if before is not None:
            return base + before
        import dateparser

        return dateparser.parse(text, languages=[language], settings={"RELATIVE_BASE": base})
    except (ValueError, OverflowError, TypeError):
        return None


def base_language(tag: str | None) -> str:
    if not tag:
        return "en"
    base = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return base if re.fullmatch(r"[a-z]{2,3}", base) else "en"


def _locale_tag(tag: str | None, language: str) -> str:
    """ "en_us" → "en-US", the spelling dateparser's locale names use."""
    parts = re.split(r"[-_]", (tag or "").strip(), maxsplit=1)
    if len(parts) == 2 and re.fullmatch(r"[A-Za-z]{2}|\d{3}", parts[1]):
        return f"{language}-{parts[1].upper()}"
    return language


class DateParser:
    """Parses one page's dates; remembers each string's result, since a page repeats its format."""

    def __init__(
        self,
        language: str | None,
        *,
        timezone: tzinfo | None = None,
        capture_time: datetime | None = None,
    ) -> None:
        self.language = base_language(language)
        self.timezone = timezone
        self.capture_time = capture_time
        tag = _locale_tag(language, self.language)
        # A page that names no language may print its dates in any: every table we know, English
        # first (a German WordPress theme without lang="de" still prints "7. Oktober 2008").
        self._table = _locale_table(self.language, tag, every_language=not language)
        self._cache: dict[str, ParsedDate] = {}

    def parse(self, raw: RawDate, zone: timedelta | None = None) -> ParsedDate:
        """The date of a machine value and/or a displayed text. An epoch (``showComment=<ms>``)
        is an instant without a zone: it is expressed in the offset the displayed time of day
        implies ("21:00", "5:33 PM"), else in ``zone`` (the post's own offset), else in the zone
        given with ``--timezone``, else in UTC."""
        machine = parse_machine_date(raw.machine) if raw.machine else None
        if machine is None:
            return self.parse_text(raw.text) if raw.text else NO_DATE
        if isinstance(machine, datetime) and raw.machine and _EPOCH.fullmatch(raw.machine.strip()):
            machine = machine.replace(microsecond=0)  # the page shows minutes at best
            offset = _offset_from_clock(machine, raw.text)
            if offset is None:
                offset = zone
            if offset is not None:
                machine = machine.astimezone(timezone(offset))
            elif self.timezone is not None:
                machine = machine.astimezone(self.timezone)  # --timezone: the blog's zone
        if raw.text and not (isinstance(machine, datetime) and machine.tzinfo is None):
            shown = self.parse_text(raw.text)
            if not shown.approximate and shown.value is not None:
                return ParsedDate(self._localise(_reconcile(machine, shown.value)))
        return ParsedDate(self._localise(machine))

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
        value = self._parse_fast(text)
        if value is None and _RELATIVE_HINT.search(text):
            # After the fast path: Spanish, Italian and Portuguese abbreviate August "ago".
            return self._parse_relative(text)
        if value is None:
            value = self._short_year_day(text)
        if value is None:
            value = self._parse_with_dateparser(text)
        return NO_DATE if value is None else ParsedDate(self._localise(value))

    def _parse_fast(self, text: str) -> PostDate | None:
        """The date a text names by its month name or numeric day, with its time of day, or None.

        Where the day and the time lie in a text depends only on which characters are digits, not on
        their values: that is worked out once for each shape (a page prints every comment's date
        the same way) and the numbers are then read at those places."""
        shape = text.translate(_DIGIT_SHAPE)
        plans = self._table.plans
        plan = plans.get(shape)
        if plan is None:
            if len(plans) >= _MAX_PLANS:
                plans.clear()
            plan = plans[shape] = _plan_text(text, self._table.months)
        if plan.day is None:
            return None
        day_part = self._day(plan.day, text)
        if day_part is None:
            return None
        clock = plan.time
        if clock is None:
            return day_part
        hour, minute = _number(text, clock.hour), _number(text, clock.minute)
        second = _number(text, clock.second) if clock.second else 0
        if clock.meridiem == "p" and hour < 12:
            hour += 12
        elif clock.meridiem == "a" and hour == 12:
            hour = 0
        try:
            moment = datetime(day_part.year, day_part.month, day_part.day, hour, minute, second)
        except ValueError:
            return day_part
        # The day's digits are blanked only when they lie after the time ("17:33, 28.10.2012").
        after = text if plan.day.span[1] <= clock.end else _blanked(text, plan.day.span)
        zone = _printed_offset(after[clock.end :])
        return moment.replace(tzinfo=zone) if zone is not None else moment

    def _day(self, plan: _DayPlan, text: str) -> date | None:
        """The day a text names, read at the places its shape's plan found."""
        if plan.kind == "ymd":
            year_span, month_span, day_span = plan.numbers
            return _make_date(
                _number(text, year_span), _number(text, month_span), _number(text, day_span)
            )
        if plan.kind == "numeric":
            first, second, (year_start, year_end) = plan.numbers
            return self._numeric_day(
                _number(text, first), _number(text, second), text[year_start:year_end]
            )
        # The first number that may be the year, the first that may be the day (plain loops: a
        # generator and next() cost as much as the rest of the reading).
        for start, end in plan.years:
            year = int(text[start:end])
            if year in _YEAR_RANGE:
                break
        else:
            return None
        for start, end in plan.days:
            day_number = int(text[start:end])
            if 1 <= day_number <= 31:
                return _make_date(year, plan.month, day_number)
        return None

    def _numeric_day(self, first: int, second: int, written_year: str) -> date | None:
        """28/10/12 or 10/28/12: the locale's order first, the other when the first is impossible."""
        year = int(written_year)
        if len(written_year) == 2:
            year += 2000 if year < 70 else 1900
        if self._table.month_first:
            return _make_date(year, first, second) or _make_date(year, second, first)
        return _make_date(year, second, first) or _make_date(year, first, second)

    def _short_year_day(self, text: str) -> datetime | None:
        """Midnight of a "Aug 8 '12" day, as dateparser reads it (a datetime, not a date); None
        for any other text, or a month name dateparser would not read in the page's language."""
        found = _SHORT_YEAR_DAY.fullmatch(text)
        if found is None:
            return None
        name_first, day_after, day_first, name_after, short_year = found.groups()
        month = self._table.own_months.get((name_first or name_after).casefold())
        if month is None:
            return None
        year = int(short_year)
        year += 2000 if year < _SHORT_YEAR_PIVOT else 1900
        day = _make_date(year, month, int(day_after or day_first))
        return None if day is None else datetime(day.year, day.month, day.day)

    def _parse_with_dateparser(self, text: str) -> PostDate | None:
        if not any(character.isdigit() for character in text):
            return None
        if _CLOCK_ONLY.fullmatch(text):
            return None  # dateparser reads a time and, without a day, returns nothing
        # ~1 ms saved: most texts that fall through to here hold no date. Readings relative to now
        # are dropped below, so a text only they could give a date to stops here too.
        if not may_hold_date(text, self.language, relative=False):
            return None
        import dateparser

        try:
            found = dateparser.parse(text, languages=[self.language], settings=_SETTINGS[0])
            # A text read relative to "now" ("15 Min", a reading time, as 15 minutes ago) comes out
            # differently from another "now": it states no date, and the run's clock must not give one.
            if found is not None and found != dateparser.parse(
                text, languages=[self.language], settings=_SETTINGS[1]
            ):
                return None
        except (ValueError, OverflowError, TypeError):
            return None
        return found

    def _parse_relative(self, text: str) -> ParsedDate:
        """ "3 days ago" counted back from the capture time, in the page's zone when one is given."""
        if self.capture_time is None:
            return ParsedDate(None, approximate=True)
        anchor = self.capture_time
        if anchor.tzinfo is not None and self.timezone is not None:
            anchor = anchor.astimezone(self.timezone)
        base = anchor.replace(tzinfo=None)
        found = _counted_back(text, self.language, base)
        if found is None or found > base + timedelta(days=1):
            return ParsedDate(None, approximate=True)
        found = found.replace(second=0, microsecond=0, tzinfo=anchor.tzinfo)
        return ParsedDate(found, approximate=True)

    def _localise(self, value: PostDate) -> PostDate:
        if self.timezone is not None and isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=self.timezone)
        return value


def _offset_from_clock(instant: datetime, shown: str | None) -> timedelta | None:
    """The offset a displayed time of day implies for an instant: the difference between it and
    the UTC clock, to the nearest quarter hour (within ±14 h); None without a time of day."""
    clock = _CLOCK.search(shown or "")
    if clock is None:
        return None
    hour, minute = int(clock.group(1)), int(clock.group(2))
    meridiem = (clock.group(3) or "").lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    utc = instant.astimezone(UTC)
    difference = (hour * 60 + minute - utc.hour * 60 - utc.minute) % (24 * 60)
    if difference > 14 * 60:
        difference -= 24 * 60
    offset = timedelta(minutes=15 * round(difference / 15))
    return offset if -_MAX_OFFSET <= offset <= _MAX_OFFSET else None


def post_offset(raw: RawDate) -> timedelta | None:
    """The UTC offset a post's machine timestamp carries (the blog's zone), if any."""
    machine = parse_machine_date(raw.machine) if raw.machine else None
    return machine.utcoffset() if isinstance(machine, datetime) else None


def _reconcile(machine: PostDate, shown: PostDate) -> PostDate:
    """The machine value, expressed in the wall-clock time the page displays when they agree.

    A UTC instant (``2012-10-29T00:33:00Z``) shown as "10/28/12 5:33 PM" becomes 17:33-07:00; a bare day
    in the markup with a time in the text takes the text's time.
    """
    if not isinstance(machine, datetime):
        if isinstance(shown, datetime) and shown.date() == machine:
            return shown
        return machine
    if not isinstance(shown, datetime) or shown.tzinfo is not None:
        return machine
    instant = machine.astimezone(UTC).replace(tzinfo=None, second=0, microsecond=0)
    offset = shown.replace(second=0, microsecond=0) - instant
    if abs(offset) > _MAX_OFFSET or offset.total_seconds() % _QUARTER_HOUR:
        return machine
    return machine.astimezone(timezone(offset))


def _printed_offset(after_time: str) -> tzinfo | None:
    """The offset written right after a time ("+0200", "GMT+1", "UTC-05:00", "PST", "(UTC)")."""
    return _offset_at_start(after_time[:16])


@lru_cache(maxsize=1024)
def _offset_at_start(text: str) -> tzinfo | None:
    # A page's dates repeat what follows their time (" pm", " +0200"): each is read once.
    head = text.lstrip().lstrip("(").lstrip()
    numeric = _OFFSET.match(head)
    if numeric:
        written = numeric.group(1, 2, 3) if numeric.group(1) else numeric.group(4, 5, 6)
        sign = -1 if written[0] == "-" else 1
        hours, minutes = int(written[1] or 0), int(written[2] or 0)
        if hours <= 14 and minutes < 60:
            return timezone(sign * timedelta(hours=hours, minutes=minutes))
    word = _ZONE_WORD.match(head)
    return timezone(timedelta(hours=_ZONE_HOURS[word.group(1)])) if word else None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class _DayPlan:
    """Where a text of one shape names its day. ``kind``: "ymd" (2012-10-28, 2012年10月28日: the
    three numbers in that order), "numeric" (28/10/12: day and month in the locale's order) or
    "month" (a month name; ``years`` and ``days`` are the numbers that may be the year and the day,
    in the order they are tried). ``span``: the digits that named the day, which hold no time."""

    kind: str
    span: Span
    numbers: tuple[Span, ...] = ()
    month: int = 0
    years: tuple[Span, ...] = ()
    days: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class _TimePlan:
    """Where a text of one shape prints its time of day; ``end``: where an offset may follow."""

    hour: Span
    minute: Span
    second: Span | None
    meridiem: str
    end: int


@dataclass(frozen=True, slots=True)
class _TextPlan:
    day: _DayPlan | None
    time: _TimePlan | None


def _plan_text(text: str, months: dict[str, int]) -> _TextPlan:
    """The places of the day and the time in ``text``: every decision here depends on which
    characters are digits and on the letters, never on the digits' values, so the plan holds for
    every text of the same shape."""
    day = _plan_day(text, months)
    if day is None:
        return _TextPlan(None, None)
    # The day's own digits ("11.05.2012") must not be read as a time ("11.05").
    found = _TIME.search(_blanked(text, day.span))
    if found is None:
        return _TextPlan(day, None)
    second = found.span(3) if found.group(3) else None
    clock = _TimePlan(
        found.span(1), found.span(2), second, (found.group(4) or "").lower(), found.end()
    )
    return _TextPlan(day, clock)


def _plan_day(text: str, months: dict[str, int]) -> _DayPlan | None:
    iso = _ISO_DAY.search(text) or _CJK_DAY.search(text)
    if iso:
        return _DayPlan("ymd", iso.span(), (iso.span(1), iso.span(2), iso.span(3)))
    tokens = list(_TOKEN.finditer(text))
    month_at: int | None = None
    month = 0
    for position, token in enumerate(tokens):
        number = months.get(token.group().casefold())
        if number is not None and not token.group().isdigit():
            month_at, month = position, number
            break
    if month_at is None:
        numeric = _NUMERIC_DAY.search(text)
        if numeric is None:
            return None
        return _DayPlan(
            "numeric", numeric.span(), (numeric.span(1), numeric.span(2), numeric.span(3))
        )
    time_spans = [match.span() for match in _TIME.finditer(text)]

    def usable(token: re.Match[str]) -> bool:
        # Decimal digits only: "²" is a digit to isdigit() but no number to int().
        return token.group().isdecimal() and not any(
            start <= token.start() < end for start, end in time_spans
        )

    def glued(token: re.Match[str]) -> bool:
        """A number inside a word ("berg2012", a commenter's name) is no year."""
        start, end = token.span()
        return (start > 0 and text[start - 1].isalpha()) or (
            end < len(text) and text[end].isalpha()
        )

    years = tuple(
        token.span()
        for token in tokens
        if usable(token) and len(token.group()) == 4 and not glued(token)
    )
    nearby = (
        tokens[index]
        for index in (month_at - 1, month_at + 1, month_at - 2, month_at + 2)
        if 0 <= index < len(tokens)
    )
    days = tuple(token.span() for token in nearby if usable(token) and len(token.group()) <= 2)
    return _DayPlan("month", (0, 0), month=month, years=years, days=days)


def _number(text: str, span: Span) -> int:
    return int(text[span[0] : span[1]])


def _blanked(text: str, span: Span) -> str:
    """``text`` with the characters of ``span`` turned to spaces (same length, same places)."""
    start, end = span
    return text[:start] + " " * (end - start) + text[end:] if end > start else text


def iso_format(value: PostDate | None) -> str | None:
    """ISO 8601 as the contract wants it: seconds, the offset only when known."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()
