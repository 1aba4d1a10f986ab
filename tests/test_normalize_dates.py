"""Dates: machine values first, free text in the page's language, relative dates, offsets, limits.

Strings come from issue 4, from the labelled corpus pages (../shared/corpus/labels) and from the way
the default themes of each language print dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from blogmigrate.normalize.dates import (
    DateParser,
    UrlDate,
    blogger_comment_epoch,
    date_from_url,
    iso_format,
    parse_machine_date,
    post_offset,
)
from blogmigrate.scrapers.base import RawDate

PARIS = ZoneInfo("Europe/Paris")
CAPTURE = datetime(2012, 11, 22, 12, 0, tzinfo=UTC)


def shown(language: str | None, text: str) -> str | None:
    return iso_format(DateParser(language).parse_text(text).value)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # The strings of issue 4.
        ("fr", "22 novembre 2010 à 10 h 41 min", "2010-11-22T10:41:00"),
        ("fr", "le 1er août 2009", "2009-08-01"),
        ("fr", "Le lundi 22 novembre 2010, 10:41", "2010-11-22T10:41:00"),
        ("en", "Nov 22, 2010 at 10:41 am", "2010-11-22T10:41:00"),
        ("de", "22. November 2010 um 10:41", "2010-11-22T10:41:00"),
        # Labelled corpus pages (date_text → date).
        ("fr", "mercredi 15 mai 2019 à 08h07", "2019-05-15T08:07:00"),  # dr-lopinion
        ("fr-FR", "18/02/2020 à 16:42", "2020-02-18T16:42:00"),  # wp-lapresse-tn
        ("de-DE", "11.05.2012 11:38", "2012-05-11T11:38:00"),  # wp-jovelstefan
        ("en", "November 10, 2012 1:52 PM", "2012-11-10T13:52:00"),  # mt-gaygamer
        ("en", "April 21, 2004 at 03:50 AM", "2004-04-21T03:50:00"),  # tp-cleaneval-413
        ("en-US", "December 24, 2020 at 3:53 am:", "2020-12-24T03:53:00"),  # wp-firefox-nightly
        ("en", "Nov 06 2012 | 3:15 pm", "2012-11-06T15:15:00"),  # dr-dragnet-R341
        ("en", "10/28/12 5:33 PM", "2012-10-28T17:33:00"),  # bl-dragnet-R656
        ("en-US", "August 5, 2019 at 1:46 pm", "2019-08-05T13:46:00"),  # wp-lemire
        # The other languages, as their WordPress/Blogger themes print dates.
        ("es", "22 noviembre, 2010 a las 10:41", "2010-11-22T10:41:00"),
        ("es", "lunes, 22 de noviembre de 2010", "2010-11-22"),
        ("es", "1 de ago. de 2009", "2009-08-01"),  # "ago" is August here, not "… ago"
        ("it", "22 novembre 2010 alle 10:41", "2010-11-22T10:41:00"),
        ("it", "1° agosto 2009", "2009-08-01"),
        ("pt", "22 de novembro de 2010 às 10:41", "2010-11-22T10:41:00"),
        ("pt-BR", "22/11/2010 às 10:41", "2010-11-22T10:41:00"),
        ("nl", "22 november 2010 om 10:41", "2010-11-22T10:41:00"),
        ("nl", "maandag 22 november 2010", "2010-11-22"),
        ("de", "1. Mai 2011 um 9:05", "2011-05-01T09:05:00"),
        ("de", "11.05.2012 um 11.38 Uhr", "2012-05-11T11:38:00"),
        ("en", "Monday, November 22, 2010 10:41 AM", "2010-11-22T10:41:00"),
        ("en", "12:05 am, January 3, 2011", "2011-01-03T00:05:00"),
    ],
)
def test_display_text_in_the_page_language(language: str, text: str, expected: str) -> None:
    assert shown(language, text) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "10/28/12", "2012-10-28"),  # US English: month first
        ("en-US", "05/11/2012", "2012-05-11"),
        ("en-GB", "05/11/2012", "2012-11-05"),  # British English: day first
        ("fr", "28/10/12", "2012-10-28"),
        ("fr", "10/28/12", "2012-10-28"),  # day first is impossible (month 28): the other order
        ("de", "22.11.10, 10:41", "2010-11-22T10:41:00"),
    ],
)
def test_numeric_dates_follow_the_locale_order(language: str, text: str, expected: str) -> None:
    assert shown(language, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov 22, 2010 at 10:41 pm PST", "2010-11-22T22:41:00-08:00"),
        ("22 Nov 2010 22:00 GMT+2", "2010-11-22T22:00:00+02:00"),
        ("22/11/2010 10:41 +0100", "2010-11-22T10:41:00+01:00"),
    ],
)
def test_a_printed_offset_is_kept(text: str, expected: str) -> None:
    assert shown("en-GB", text) == expected


def test_timezone_option_applies_to_naive_times_only() -> None:
    parser = DateParser("fr", timezone=PARIS)
    naive = parser.parse_text("22 novembre 2010 à 10 h 41 min").value
    assert naive == datetime(2010, 11, 22, 10, 41, tzinfo=PARIS)
    assert iso_format(naive) == "2010-11-22T10:41:00+01:00"
    aware = parser.parse(RawDate(machine="2010-11-22T10:41:00-05:00")).value
    assert iso_format(aware) == "2010-11-22T10:41:00-05:00"
    assert parser.parse_text("le 1er août 2009").value == date(2009, 8, 1)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en-US", "12 days ago", datetime(2012, 11, 10, 12, 0, tzinfo=UTC)),  # wp-dragnet-T154
        ("en", "2 hours ago", datetime(2012, 11, 22, 10, 0, tzinfo=UTC)),
        ("fr", "il y a 3 jours", datetime(2012, 11, 19, 12, 0, tzinfo=UTC)),
        ("de", "vor 3 Tagen", datetime(2012, 11, 19, 12, 0, tzinfo=UTC)),
        ("es", "hace 2 días", datetime(2012, 11, 20, 12, 0, tzinfo=UTC)),
        ("it", "3 giorni fa", datetime(2012, 11, 19, 12, 0, tzinfo=UTC)),
        ("pt", "há 2 dias", datetime(2012, 11, 20, 12, 0, tzinfo=UTC)),
        ("nl", "2 dagen geleden", datetime(2012, 11, 20, 12, 0, tzinfo=UTC)),
    ],
)
def test_relative_dates_count_back_from_the_capture(
    language: str, text: str, expected: datetime
) -> None:
    parsed = DateParser(language, capture_time=CAPTURE).parse_text(text)
    assert parsed.approximate
    assert parsed.value == expected


def test_relative_date_in_the_given_timezone() -> None:
    parsed = DateParser("fr", timezone=PARIS, capture_time=CAPTURE).parse_text("il y a 3 jours")
    assert iso_format(parsed.value) == "2012-11-19T13:00:00+01:00"
    assert parsed.approximate


def test_relative_date_without_a_capture_time_is_unknown_and_approximate() -> None:
    parsed = DateParser("en").parse_text("12 days ago")
    assert parsed.value is None
    assert parsed.approximate


def test_long_strings_are_cut_before_parsing() -> None:
    parser = DateParser("fr")
    assert parser.parse_text("?" * 100_000).value is None
    # Only the first 100 characters are read: a date after them is not seen, one before them is.
    assert parser.parse_text("?" * 200 + " 22 novembre 2010").value is None
    assert parser.parse_text("22 novembre 2010 " + "?" * 100_000).value == date(2010, 11, 22)


@pytest.mark.parametrize(
    ("machine", "expected"),
    [
        ("2010-11-22T10:41:00+01:00", "2010-11-22T10:41:00+01:00"),  # time[datetime]
        ("2010-11-22 10:41:00", "2010-11-22T10:41:00"),
        ("2010-11-22", "2010-11-22"),
        ("Mon, 22 Nov 2010 10:41:00 +0100", "2010-11-22T10:41:00+01:00"),  # RSS / abbr[title]
        ("1351467180000", "2012-10-28T23:33:00+00:00"),  # Blogger showComment (ms)
        ("1290418860", "2010-11-22T09:41:00+00:00"),
        ("not a date", None),
    ],
)
def test_machine_values(machine: str, expected: str | None) -> None:
    assert iso_format(parse_machine_date(machine)) == expected


def test_machine_instant_takes_the_wall_clock_the_page_shows() -> None:
    parser = DateParser("en")
    utc = parser.parse(RawDate(machine="2012-10-29T00:33:00Z", text="10/28/12 5:33 PM")).value
    assert iso_format(utc) == "2012-10-28T17:33:00-07:00"
    epoch = parser.parse(RawDate(machine="1351467180000", text="10/28/12 5:33 PM")).value
    assert iso_format(epoch) == "2012-10-28T17:33:00-06:00"
    # A text that does not show the same moment leaves the machine value alone.
    other = parser.parse(RawDate(machine="2012-10-29T00:33:00Z", text="November 2, 2012")).value
    assert iso_format(other) == "2012-10-29T00:33:00+00:00"


def test_machine_day_takes_the_time_the_text_shows() -> None:
    value = DateParser("en").parse(RawDate(machine="2012-10-28", text="10/28/12 5:33 PM")).value
    assert value == datetime(2012, 10, 28, 17, 33)


def test_blogger_comment_epoch_from_the_comment_link() -> None:
    link = "http://example.blogspot.com/2012/10/kids.html?showComment=1351467180000#c4265235981837780782"
    assert blogger_comment_epoch(link) == "1351467180000"
    assert blogger_comment_epoch("http://example.blogspot.com/2012/10/kids.html#c42") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://muffinrezept.net/2010/11/22/schoko-muffins/", UrlDate(date(2010, 11, 22), True)),
        (
            "http://the-pain.net/2008/05/silkroad-roc-mountain-quests-und-npcs.html",
            UrlDate(date(2008, 5, 1), False),
        ),
        ("https://lapresse.tn/49080/investissement-les-pays-africains/", None),
        (None, None),
    ],
)
def test_date_from_a_dated_permalink(url: str | None, expected: UrlDate | None) -> None:
    assert date_from_url(url) == expected


def test_fixed_offsets_print_as_iso() -> None:
    value = datetime(2010, 11, 22, 10, 41, tzinfo=timezone(timedelta(hours=1)))
    assert iso_format(value) == "2010-11-22T10:41:00+01:00"
    assert iso_format(None) is None


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ja", "2012年5月11日 11:38", "2012-05-11T11:38:00"),
        ("zh-TW", "2012 年 5 月 11 日 11:38", "2012-05-11T11:38:00"),
        ("ko", "2012년 5월 11일 11:38", "2012-05-11T11:38:00"),
        ("ru", "11 мая 2012 г. в 11:38", "2012-05-11T11:38:00"),  # dateparser, in the language
    ],
)
def test_other_scripts(language: str, text: str, expected: str) -> None:
    assert shown(language, text) == expected


def test_a_number_inside_a_name_is_not_the_year() -> None:
    from blogmigrate.normalize.dates import DateParser

    parsed = DateParser("de").parse_text("geschrieben von berg2012 am 21. Jan. 2015, 19:04")
    assert parsed.value is not None and parsed.value.isoformat() == "2015-01-21T19:04:00"


def test_a_bare_count_is_a_declared_count() -> None:
    from blogmigrate.normalize.text import parse_declared_count

    assert parse_declared_count("3") == 3
    assert parse_declared_count("Schreibe einen Kommentar") is None


def test_a_zone_in_parentheses_after_the_time_is_its_offset() -> None:
    from blogmigrate.normalize.dates import DateParser

    parsed = DateParser("en").parse_text("2019-03-02 09:31 pm (UTC)")
    assert parsed.value is not None and parsed.value.isoformat() == "2019-03-02T21:31:00+00:00"


def test_russian_comment_headings_are_counts() -> None:
    from blogmigrate.normalize.text import parse_declared_count

    assert parse_declared_count("3 комментария") == 3
    assert parse_declared_count("Комментариев: 12") == 12


EPOCH_MS = "1351467218234"
"""2012-10-28 23:33:38 UTC: a Blogger comment's ``showComment=`` value."""


@pytest.mark.parametrize(
    ("shown", "zone", "expected"),
    [
        ("10/28/12 5:33 PM", None, "2012-10-28T17:33:38-06:00"),
        ("29 octobre 2012 à 00:33", None, "2012-10-29T00:33:38+01:00"),
        ("05:03", None, "2012-10-29T05:03:38+05:30"),  # a time of day alone gives the offset
        ("October 28, 2012", timedelta(hours=-6), "2012-10-28T17:33:38-06:00"),  # the post's
        ("October 28, 2012", None, "2012-10-28T23:33:38+00:00"),
    ],
)
def test_an_epoch_is_shown_in_the_zone_the_page_implies(
    shown: str, zone: timedelta | None, expected: str
) -> None:
    language = "fr" if "octobre" in shown else "en"
    parsed = DateParser(language).parse(RawDate(machine=EPOCH_MS, text=shown), zone)
    assert isinstance(parsed.value, datetime)
    assert parsed.value.isoformat(timespec="seconds") == expected


def test_an_epoch_in_seconds_and_the_posts_offset() -> None:
    parsed = DateParser("en").parse(RawDate(machine="1351467218", text="11:33 PM"))
    assert isinstance(parsed.value, datetime)
    assert parsed.value.isoformat() == "2012-10-28T23:33:38+00:00"
    assert post_offset(RawDate(machine="2012-10-28T16:59:00-06:00")) == timedelta(hours=-6)
    assert post_offset(RawDate(machine="2012-10-28")) is None
    assert post_offset(RawDate(text="October 28, 2012")) is None


def test_an_epoch_with_nothing_else_to_go_by_is_shown_in_the_timezone_given() -> None:
    parser = DateParser("en", timezone=ZoneInfo("Europe/Paris"))
    parsed = parser.parse(RawDate(machine=EPOCH_MS, text="October 28, 2012"))
    assert isinstance(parsed.value, datetime)
    assert parsed.value.isoformat() == "2012-10-29T00:33:38+01:00"


def test_a_text_dateparser_reads_relative_to_now_gives_no_date() -> None:
    """A reading time ("15 Min") is not "15 minutes ago": the run's clock must not date a post."""
    assert DateParser("de").parse_text("15 Min").value is None
    assert DateParser("en").parse_text("Aug 8 '12").value == datetime(2012, 8, 8)


def test_a_page_that_names_no_language_is_read_with_every_known_month_name() -> None:
    unnamed = DateParser(None)
    assert unnamed.parse_text("7. Oktober 2008 um 13:11").value == datetime(2008, 10, 7, 13, 11)
    assert unnamed.parse_text("12 mars 2010").value == date(2010, 3, 12)
    # a declared language keeps its own table (and English)
    assert DateParser("en").parse_text("7. Oktober 2008 um 13:11").value is None
    # "ago" stays English: August only where the page is in Spanish, Italian or Portuguese
    assert unnamed.parse_text("3 days ago").approximate
    assert DateParser("es").parse_text("12 ago 2012").value == date(2012, 8, 12)


def test_texts_of_one_shape_are_each_read_by_their_own_numbers() -> None:
    """The places of the day and time are worked out once per shape (digits as 0); every check on
    the numbers' values still runs for each text, in the order the first text was read with."""
    parser = DateParser("en")
    read = [
        iso_format(parser.parse_text(text).value)
        for text in (
            "March 5, 2010 at 10:41 pm",
            "March 9, 2011 at 12:07 am",
            "March 45, 2011 at 12:07 am",  # no day of the month: no fast date
            "February 30, 2011 at 12:07 am",  # no such day
            "March 5, 2010 at 25:41 pm",  # no such time: the day alone
            "1700 March 5, 2010",  # the first four-digit number is out of range: the next is the year
            "2005 March 5, 2010",
            "10/28/2012 5:33 PM",
            "28/10/2012 5:33 PM",  # impossible month first: read day first
            "2012-10-28 05:33 +0200",
            "2012-10-28 05:33 +1500",  # no such offset
        )
    ]
    assert read == [
        "2010-03-05T22:41:00",
        "2011-03-09T00:07:00",
        None,
        None,
        "2010-03-05",
        "2010-03-05",
        "2005-03-05",
        "2012-10-28T17:33:00",
        "2012-10-28T17:33:00",
        "2012-10-28T05:33:00+02:00",
        "2012-10-28T05:33:00",
    ]


def test_a_superscript_digit_next_to_a_month_is_no_day() -> None:
    # "²" is a digit to str.isdigit() but int() refuses it: it used to stop the page with ValueError.
    assert shown("en", "March ² 2012") is None
    assert shown("en", "5 m² March 2012") == "2012-03-05"
