# ruff: noqa: N999  # the file name (part C of issue 3) was given by the task split
"""Dotclear, LiveJournal / Dreamwidth, Overblog, Canalblog, Hautetfort, Skyrock: detection, the
markup variants their fixtures do not cover, and indentation threads."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from blogmigrate.normalize.dates import DateParser
from blogmigrate.page import Page, parse_page
from blogmigrate.scrapers import choose_scraper, dotclear, livejournal
from blogmigrate.scrapers.base import RawDate
from blogmigrate.scrapers.rules import CommentRules, indent, scrape_comments
from blogmigrate.scrapers.selectors import selectors

from .conftest import CORPUS, PAGES

OURS = ("dotclear", "livejournal", "dreamwidth", "overblog", "canalblog", "hautetfort", "skyrock")


def _page(markup: str) -> Page:
    return parse_page(markup.encode("utf-8"), "inline.html")


@pytest.mark.parametrize(
    ("fixture", "platform", "reason"),
    [
        ("dotclear/blowup-comments-pings-fr.html", "dotclear", "Dotclear 2 body class dc-post"),
        (
            "dotclear/dc1-default-latin1-fr.html",
            "dotclear",
            "Dotclear 1 comment line (p.comment-info#cN with span.comment-number)",
        ),
        (
            "livejournal/s1-talkread-threads-en.html",
            "livejournal",
            "static files from l-stat.livejournal.net / stat.livejournal.com",
        ),
        ("dreamwidth/site-scheme-threads-en.html", "dreamwidth", "canonical URL on dreamwidth.org"),
        ("overblog/ob-comments-replies-fr.html", "overblog", "canonical URL on *.over-blog.com"),
        (
            "canalblog/classic-skin-comments-fr.html",
            "canalblog",
            "canonical URL on *.canalblog.com",
        ),
        (
            "hautetfort/blogspirit-comments-fr.html",
            "hautetfort",
            "canonical URL on *.hautetfort.com",
        ),
        ("skyrock/skyblog-article-comments-fr.html", "skyrock", "canonical URL on *.skyrock.com"),
    ],
)
def test_fixture_is_detected_with_its_reason(fixture: str, platform: str, reason: str) -> None:
    page = parse_page((PAGES / fixture).read_bytes(), fixture)
    scraper, detection = choose_scraper(page)
    assert scraper.name == platform
    assert reason in detection.reasons
    assert detection.confidence >= 0.9


def _other_platform_pages() -> list[Path]:
    pages = sorted((PAGES / "wordpress").glob("*.html"))
    if CORPUS.is_dir():
        pages += sorted((CORPUS / "pages").glob("*.html"))
    return pages


@pytest.mark.parametrize("path", _other_platform_pages(), ids=lambda path: path.stem)
def test_other_platforms_pages_are_not_claimed(path: Path) -> None:
    page = parse_page(path.read_bytes(), path.name)
    _, detection = choose_scraper(page)
    assert detection.platform not in OURS


def test_a_link_to_a_hosted_blog_in_the_text_claims_nothing() -> None:
    page = _page(
        "<html><head><link rel='canonical' href='https://example.org/post'></head><body>"
        "<p>See <a href='http://lecoindesgourmands.over-blog.com/'>her blog</a> and"
        " <a href='https://lola.skyrock.com/'>this one</a>.</p></body></html>"
    )
    _, detection = choose_scraper(page)
    assert detection.platform == "generic"


_FLAT_THREAD = """<html><body><div id="comments">
<div class="c" id="c1" style="margin-left: 0px">first</div>
<div class="c" id="c2" style="margin-left: 25px">reply to first</div>
<div class="c" id="c3" style="margin-left: 50px">reply to the reply</div>
<div class="c" id="c4" style="margin-left:25px">second reply to first</div>
<div class="c" id="c5">no indentation: top level</div>
<div class="c" id="c6" style="margin-left: 30px">reply to the fifth</div>
</div></body></html>"""


def test_indentation_rebuilds_the_thread() -> None:
    rules = CommentRules(
        items=selectors("div.c"), indent=(indent("::attr(style)", r"margin-left:\s*(\d+)"),)
    )
    comments = scrape_comments(rules, _page(_FLAT_THREAD).root)
    assert [comment.parent_index for comment in comments] == [None, 0, 1, 0, None, 4]


def test_indentation_is_not_used_when_the_markup_nests() -> None:
    nested = (
        "<html><body><div class='c' style='margin-left: 40px'>outer"
        "<div class='c' style='margin-left: 0px'>inner</div></div></body></html>"
    )
    rules = CommentRules(
        items=selectors("div.c"), indent=(indent("::attr(style)", r"margin-left:\s*(\d+)"),)
    )
    comments = scrape_comments(rules, _page(nested).root)
    assert [comment.parent_index for comment in comments] == [None, 0]


def test_livejournal_modern_twigs_thread_by_level_class() -> None:
    markup = """<html><body>
<div class="b-tree-twig b-tree-twig-1" style="margin-left:0px" data-tid="t101">
 <div class="b-leaf"><span class="b-leaf-username"><span class="b-leaf-username-name">olga</span></span>
 <span class="b-leaf-createdtime">March 2 2014, 16:37:12 UTC</span>
 <div class="b-leaf-article">Первый!</div></div></div>
<div class="b-tree-twig b-tree-twig-2" style="margin-left:30px" data-tid="t357">
 <div class="b-leaf"><span class="b-leaf-username"><span class="b-leaf-username-name">ivan</span></span>
 <span class="b-leaf-createdtime">March 2 2014, 17:01:40 UTC</span>
 <div class="b-leaf-article">Второй</div></div></div>
</body></html>"""
    comments = scrape_comments(livejournal.COMMENTS, _page(markup).root)
    assert [(c.source_id, c.author_name, c.parent_index) for c in comments] == [
        ("101", "olga", None),
        ("357", "ivan", 0),
    ]
    assert comments[1].date.text == "March 2 2014, 17:01:40 UTC"


def test_dotclear_unlinked_author_and_date_are_cut_from_the_comment_line() -> None:
    markup = """<html><body><div id="comments"><dl>
<dt id="c7" class=" odd first"><a href="#c7" class="comment-number">1.</a>
      Le lundi 22 novembre 2010, 10:41
      par Axel</dt>
<dd class=" odd first"><p>Bonjour <a href="http://example.org/">lien</a></p></dd>
</dl></div></body></html>"""
    (comment,) = scrape_comments(dotclear.RULES.comments, _page(markup).root)
    assert comment.source_id == "7"
    assert comment.author_name == "Axel"
    assert comment.author_url is None  # the link in the text is not the commenter's
    assert comment.date.text == "Le lundi 22 novembre 2010, 10:41"
    parsed = DateParser("fr").parse(RawDate(text=comment.date.text))
    assert parsed.value == datetime(2010, 11, 22, 10, 41)


def test_dotclear_currywurst_list_with_ping() -> None:
    markup = """<html><body><div class="feedback__comments" id="comments"><ul class="comments-list">
<li id="c12" class="comment me odd first">
 <p class="comment-info"><a href="#c12" class="comment-number">1</a>
  De <a href="http://jean.example.fr/" rel="nofollow">Jean</a> - 22/11/2010, 10:41
 </p><div class="comment-content"><p>Merci !</p></div></li>
<li id="c13" class="ping">
 <p class="comment-info"><a href="#c13" class="comment-number">2</a>
  De Le blog voisin - 23/11/2010, 08:05
 </p><div class="comment-content"><p>[...] cité [...]</p></div></li>
</ul></div></body></html>"""
    first, second = scrape_comments(dotclear.RULES.comments, _page(markup).root)
    assert (first.author_name, first.author_url, first.date.text) == (
        "Jean",
        "http://jean.example.fr/",
        "22/11/2010, 10:41",
    )
    assert first.by_post_author and first.kind is None
    assert (second.author_name, second.date.text, second.kind) == (
        "Le blog voisin",
        "23/11/2010, 08:05",
        "trackback",
    )


def test_dotclear_excerpt_is_joined_to_the_content() -> None:
    page = _page(
        "<html><body><div class='post'><div class='post-chapo'><p>Chapô.</p></div>"
        "<div class='post-content'><p>Suite.</p></div></div></body></html>"
    )
    assert dotclear.join_excerpt(page.root) == 1
    (content,) = page.root.xpath("//div[@class='post-content']")
    assert [p.text for p in content.iter("p")] == ["Chapô.", "Suite."]
    assert page.root.xpath("//div[@class='post-chapo']") == []
