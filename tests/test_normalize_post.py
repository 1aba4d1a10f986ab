"""normalize_post as a whole: the last-resort dates (permalink, Blogger epoch) and the record boundary.

`raw_post` and `raw_comment` build scraper output by hand for the other test_normalize_* files; the
defaults are wp-lemire's (../shared/corpus/pages/wp-lemire.html).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from lxml import html

from blogmigrate.model import Post
from blogmigrate.normalize import NormalizeOptions, normalize_post
from blogmigrate.page import Page, parse_page
from blogmigrate.scrapers.base import RawComment, RawDate, RawPost

LEMIRE_POST = "https://lemire.me/blog/2019/08/02/json-parsing-simdjson-vs-json-for-modern-c/"


def fragment(markup: str) -> html.HtmlElement:
    return html.fragment_fromstring(markup, create_parent="div")


def raw_comment(author: str, body: str, **changes: Any) -> RawComment:
    comment = RawComment(
        source_id=None,
        parent_index=None,
        kind=None,
        author_name=author,
        author_url=None,
        avatar=None,
        date=RawDate(),
        body=fragment(body),
        by_post_author=False,
    )
    return dataclasses.replace(comment, **changes)


def raw_post(*comments: RawComment, **changes: Any) -> RawPost:
    post = RawPost(
        title="JSON parsing: simdjson vs. JSON for Modern C++",
        permalink=LEMIRE_POST,
        source_id="post-17852",
        author_name="Daniel Lemire",
        author_url="https://lemire.me/en/",
        published=RawDate(machine="2019-08-02T16:21:42+00:00", text="August 2, 2019"),
        updated=RawDate(),
        categories=(),
        tags=(),
        body=fragment("<p>simdjson can parse JSON at gigabytes per second.</p>"),
        image_url=None,
        image_alt=None,
        image_caption=None,
        language="en-US",
        site_name="Daniel Lemire's blog",
        site_url="https://lemire.me/blog/",
        base_url=None,
        declared_count_text=None,
        comment_status=None,
        comments=comments,
    )
    return dataclasses.replace(post, **changes)


def blank_page(name: str = "lemire.html") -> Page:
    return parse_page(b"<html><body><p>saved page</p></body></html>", name)


def normalize(raw: RawPost, page: Page | None = None, **options: Any) -> Post:
    return normalize_post(raw, page or blank_page(), "wordpress", NormalizeOptions(**options))


def test_permalink_day_is_the_last_resort_and_is_reported() -> None:
    page = blank_page()
    post = normalize(raw_post(published=RawDate()), page)
    assert post.published == date(2019, 8, 2)
    assert [(w.code, w.message) for w in page.warnings] == [
        ("date-from-url", "no date on the page; 2019-08-02 taken from the permalink")
    ]


def test_permalink_month_only_gives_the_first_and_says_so() -> None:
    page = blank_page()
    raw = raw_post(
        published=RawDate(),
        permalink="http://the-pain.net/2008/05/silkroad-roc-mountain-quests-und-npcs.html",
    )
    assert normalize(raw, page).published == date(2008, 5, 1)
    assert [w.code for w in page.warnings] == ["date-from-url"]
    assert "month only" in page.warnings[0].message


def test_a_page_date_wins_over_the_permalink() -> None:
    raw = raw_post(published=RawDate(text="August 3, 2019 at 4:11 am"))
    assert normalize(raw).published == datetime(2019, 8, 3, 4, 11)


def test_blogger_comment_epoch_dates_a_comment_with_its_displayed_wall_clock() -> None:
    # bl-dragnet-R656: "10/28/12 5:33 PM" and a showComment link.
    comment = raw_comment(
        "Dr. Joan McGettigan",
        "<p>What a great conversation.</p>",
        date=RawDate(text="10/28/12 5:33 PM"),
        permalink="http://example.blogspot.com/2012/10/x.html?showComment=1351470780000#c1",
    )
    post = normalize(raw_post(comment, language="en"))
    assert post.comments[0].published is not None
    assert post.comments[0].published.isoformat() == "2012-10-28T17:33:00-07:00"
