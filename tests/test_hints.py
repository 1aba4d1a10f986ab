"""The hint selectors (heading title, byline name and date, body guess) are worked out when a rules
table reaches them, after the scraper has marked the page's comments: they read what they read
when they were worked out before scraping (as ``<meta>`` elements), and each once per page."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogmigrate.page import parse_page
from blogmigrate.scrapers import generic, hints

from .conftest import CORPUS, PAGES, parsed_page

FIELDS = ("heading-title", "byline-name", "byline-date", "body")
SAVED_PAGES = sorted(PAGES.rglob("*.html"))


def _same_before_and_after_scraping(path: Path) -> int:
    """Every hint of the page, worked out before the generic scraper marks its comments and
    scrapes it, and again afterwards: the same. Returns how many hints the page has."""
    page = parsed_page(path)
    if page is None:
        return 0
    index = generic._materialised(page)
    before = hints._PageHints(page.root, index)
    early = {name: before.field(name) for name in FIELDS}
    generic.SCRAPER.scrape(page)
    after = hints._PageHints(page.root, index)
    assert {name: after.field(name) for name in FIELDS} == early, path.name
    return sum(value is not None for value in early.values())


def test_hints_read_the_same_before_and_after_scraping_on_every_fixture() -> None:
    assert sum(_same_before_and_after_scraping(path) for path in SAVED_PAGES) > 100


@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside")
def test_hints_read_the_same_before_and_after_scraping_on_corpus_pages() -> None:
    pages = sorted((CORPUS / "pages").glob("*.html"))[::2]
    assert sum(_same_before_and_after_scraping(path) for path in pages) > 130


_MARKED_UP = """<html><head><title>A post - Site</title></head><body>
<article class="h-entry"><h1 class="p-name">A post</h1>
<p>By <a class="p-author h-card" href="/me"><span class="p-name">Jane Doe</span></a>
on <time class="dt-published" datetime="2020-05-02">May 2, 2020</time></p>
<div class="e-content"><p>Some words of the post, enough of them.</p></div></article>
</body></html>"""


@pytest.mark.spies
def test_hints_are_not_worked_out_when_earlier_rules_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*_args: object) -> None:
        raise AssertionError("a hint was worked out")

    for name in ("byline", "heading_title", "body_guess"):
        monkeypatch.setattr(hints, name, never)
    page = parse_page(_MARKED_UP.encode(), "post.html")
    (post,) = generic.SCRAPER.scrape(page)
    assert (post.title, post.author_name, post.published.text) == (
        "A post",
        "Jane Doe",
        "May 2, 2020",
    )


@pytest.mark.spies
def test_a_byline_is_worked_out_once_for_its_name_and_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []
    byline = hints.byline

    def counted(*args: object) -> tuple[str | None, str | None]:
        calls.append(args)
        return byline(*args)

    monkeypatch.setattr(hints, "byline", counted)
    markup = (
        "<html><head><title>A post</title></head><body><h2>A post</h2>"
        "<p>By Jane Doe, 2 May 2020</p><div><p>Words of the post, and more of them.</p></div>"
        "</body></html>"
    )
    (post,) = generic.SCRAPER.scrape(parse_page(markup.encode(), "post.html"))
    assert (post.title, post.author_name, post.published.text) == (
        "A post",
        "Jane Doe",
        "2 May 2020",
    )
    assert len(calls) == 1


def test_a_hint_outside_a_scrape_is_worked_out_from_its_page() -> None:
    root = parse_page(b"<html><body><p>By Jane Doe on May 2, 2020</p></body></html>", "p").root
    assert [value for _element, value in hints.BYLINE_NAME.values(root)] == ["Jane Doe"]
    assert [value for _element, value in hints.BYLINE_DATE.values(root)] == ["May 2, 2020"]
