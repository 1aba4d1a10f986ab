"""Blogger, Typepad, Movable Type, Drupal and Joomla: the helpers their rules rely on, detection of
pages whose <head> was stripped, and a few real corpus pages checked value by value."""

from __future__ import annotations

import pytest
from lxml import html

from blogmigrate.page import parse_page
from blogmigrate.pipeline import PageResult, PipelineOptions, scrape_page
from blogmigrate.scrapers import choose_scraper
from blogmigrate.scrapers.common import byline_name
from blogmigrate.scrapers.drupal import breadcrumb_section
from blogmigrate.scrapers.movabletype import posted_by_name, wrap_comment_runs, wrap_entry_run

from .conftest import CORPUS, corpus_page, run_page


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Par Bruno Gobin,", "Bruno Gobin"),
        ("Jennifer\n said...", "Jennifer"),
        ("Anonymous said…", "Anonymous"),
        ("Pat (not verified)", "Pat"),
        ("Eingestellt von Unknown", "Unknown"),
        ("Posted by: marc", "marc"),
        ("Byron", "Byron"),
        ("   ", None),
    ],
)
def test_byline_name_strips_the_words_around_a_name(raw: str, name: str | None) -> None:
    assert byline_name(raw) == name


@pytest.mark.parametrize(
    ("rest", "name"),
    [
        ("Kathy on March 20, 2007 | Permalink", "Kathy"),
        ("laurie at September 10, 2012 9:01 AM", "laurie"),
        ("Sean in Election 2004 | Permalink", "Sean"),
        ("Jane Whitlock on May 12, 2010 at 09:15 AM in Starters", "Jane Whitlock"),
        ("Tom at Home", "Tom at Home"),
    ],
)
def test_posted_by_name_cuts_the_footer_after_the_name(rest: str, name: str) -> None:
    assert posted_by_name(rest) == name


def _body(markup: str) -> html.HtmlElement:
    return html.document_fromstring(f"<html><body>{markup}</body></html>")


def test_flat_six_apart_comments_are_wrapped_one_element_each() -> None:
    root = _body(
        '<h2><a id="comments"></a>Comments</h2>'
        '<a id="c101"></a><p>First.</p><p>Second paragraph.</p>'
        '<p class="posted">Posted by: Ann | May 1, 2005 10:00 AM</p>'
        '<a id="c102"></a><p>Reply.</p><p class="posted">Posted by: Bob | May 2, 2005</p>'
    )
    assert wrap_comment_runs(root) == 2
    wrapped = root.xpath("//div[@class='blogmigrate-sixapart-comment']")
    assert [div.get("id") for div in wrapped] == ["c101", "c102"]
    assert [len(div) for div in wrapped] == [3, 2]
    assert wrapped[0][-1].text == "Posted by: Ann | May 1, 2005 10:00 AM"


def test_movable_type_3_comments_are_left_as_they_are() -> None:
    root = _body(
        '<a name="c7"></a><div id="c7"><p>Text.</p></div>'
        '<p class="posted">Posted by: Ann at May 1, 2005 10:00 AM</p>'
    )
    assert wrap_comment_runs(root) == 0
    assert root.xpath("//div[@class='blogmigrate-sixapart-comment']") == []


def test_an_unwrapped_entry_is_wrapped_from_its_title_to_its_footer() -> None:
    root = _body(
        "<h2>October 01, 2006</h2><h3>Leeks</h3><p>One.</p><p>Two.</p>"
        '<p class="posted">Posted by Dan on October 01, 2006</p>'
        '<a id="c1"></a><p>Comment.</p><p class="posted">Posted by: Mo | Oct 1, 2006</p>'
    )
    assert wrap_entry_run(root) is True
    (entry,) = root.xpath("//div[@class='blogmigrate-sixapart-entry']")
    assert [child.tag for child in entry] == ["h3", "p", "p", "p"]
    assert entry[0].get("class") == "blogmigrate-sixapart-title"
    assert wrap_entry_run(_body("<div class='entry-body'><p>x</p></div>")) is False


def test_breadcrumb_section_is_the_crumb_above_the_page() -> None:
    root = _body(
        '<script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": ['
        '{"@type": "ListItem", "position": 1, "item": {"@id": "/", "name": "Accueil"}},'
        '{"@type": "ListItem", "position": 2, "item": {"@id": "/eco", "name": "Economie"}},'
        '{"@type": "ListItem", "position": 3, "item": {"@id": "/eco/x", "name": "Article"}}]}'
        "</script>"
    )
    assert breadcrumb_section(root) == "Economie"
    assert breadcrumb_section(_body("<p>no breadcrumb</p>")) is None


@pytest.mark.parametrize(
    ("markup", "platform"),
    [
        (
            '<text id="http://x.blogspot.com/2004/11/a.html" title="x"><div id="b-navbar"></div>'
            '<div class="post"><h3 class="post-title">A</h3></div>'
            '<a href="http://www.blogger.com/delete-comment.g?blogID=1&amp;postID=2">x</a></text>',
            "blogger",
        ),
        (
            '<text id="http://x.example.com/a.html" title="x"><h3>A</h3><p>Text.</p>'
            '<a id="c1"></a><p>Hi.</p><p class="posted">Posted by: Ann at May 1, 2005</p>'
            '<form action="http://x.example.com/mt/mt-comments.cgi"></form></text>',
            "movabletype",
        ),
        (
            '<div id="node-5" class="node"><h1 class="title">A</h1></div>'
            '<a href="/comment/reply/5">reply</a><script src="/misc/drupal.js"></script>',
            "drupal",
        ),
        (
            '<h1 class="contentheading">A</h1><div id="jc"><div id="comments-list"></div></div>'
            '<script src="/media/system/js/caption.js"></script>',
            "joomla",
        ),
    ],
)
def test_pages_without_head_are_recognised_by_their_markup(markup: str, platform: str) -> None:
    page = parse_page(markup.encode(), "page.html")
    scraper, detection = choose_scraper(page)
    assert scraper.name == platform
    assert detection.reasons


needs_corpus = pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="corpus not present")


@needs_corpus
def test_blogger_threads_and_showcomment_times_on_a_real_page() -> None:
    (post,) = run_page(corpus_page("bl-dragnet-R656")).posts
    assert post.platform == "blogger"
    assert post.categories == ("education_change", "scott_mcleod", "video")
    assert len(post.comments) == 10
    first = post.comments[0]
    assert first.author.name == "Dr. Joan McGettigan"
    assert [c.parent_id for c in post.comments[1:6]] == [first.id] * 5
    assert post.comments[0].published is not None
    assert post.comments[0].published.isoformat() == "2012-10-28T17:33:38-06:00"
    assert all(
        "Delete" not in c.content_html and "Reply" not in c.content_html for c in post.comments
    )


@needs_corpus
def test_typepad_comments_on_a_cleaneval_copy() -> None:
    (post,) = run_page(corpus_page("tp-cleaneval-413")).posts
    assert (post.title, post.author and post.author.name) == ("The Torricelli Defence", "Sean")
    assert [c.author.name for c in post.comments] == ["marc", "King of Fools", "Sean"]
    assert post.comments[0].published is not None
    assert post.comments[0].published.isoformat() == "2004-04-21T03:50:00"
    assert post.comment_status is not None and post.comment_status.value == "closed"


@needs_corpus
def test_movable_type_3_comments_on_a_real_page() -> None:
    (post,) = run_page(corpus_page("mt-schneier-R681")).posts
    assert post.platform == "movabletype"
    assert [c.author.name for c in post.comments][:3] == ["Riccardo Cabeza", "Jeff", "ChristianO"]
    assert all("Posted by" not in c.content_html for c in post.comments)


@needs_corpus
def test_drupal_custom_theme_bylines_and_breadcrumb_section() -> None:
    (post,) = run_page(corpus_page("dr-lopinion")).posts
    assert post.author is not None and post.author.name == "Emmanuelle Ducros"
    assert post.categories == ("Economie",)
    assert post.tags == ()
    assert post.comments[0].author.name == "Bruno Gobin"
    assert post.comments[0].published is not None
    assert post.comments[0].published.isoformat() == "2019-05-15T08:07:00"


@needs_corpus
@pytest.mark.parametrize("name", ["bl-bjori", "bl-metascraper-bits", "bl-readability-blogger"])
def test_blogger_pages_without_comments_give_none(name: str) -> None:
    (post,) = run_page(corpus_page(name)).posts
    assert post.platform == "blogger"
    assert post.comments == ()


def test_blogger_2006_minima_comments_with_a_timestamp_dd() -> None:
    markup = (
        '<div id="b-navbar"></div><div class="post"><h3 class="post-title">Rain</h3>'
        '<div class="post-body"><p>Wet.</p></div></div>'
        '<div id="comments"><h4>2 Comments:</h4><dl id="comments-block">'
        '<dt class="comment-poster" id="c115"><a name="c115"></a>'
        '<a href="http://www.blogger.com/profile/42">Lena</a> said...</dt>'
        '<dd class="comment-body"><p>Same here.</p></dd>'
        '<dd class="comment-timestamp"><a href="#c115" title="comment permalink">10:08 PM</a>'
        '<span class="item-control blog-admin"><a href="http://www.blogger.com/delete-comment.g'
        '?blogID=1&amp;postID=115"><span class="delete-comment-icon">Delete</span></a></span></dd>'
        '<dt class="comment-poster" id="c116"><a name="c116"></a>Anonymous said...</dt>'
        '<dd class="comment-body"><p>And here.</p></dd>'
        '<dd class="comment-timestamp"><a href="#c116" title="comment permalink">11:30 PM</a></dd>'
        "</dl></div>"
    )
    result = run_page_bytes(markup)
    (post,) = result.posts
    assert post.platform == "blogger"
    assert [(c.id, c.author.name, c.date_text) for c in post.comments] == [
        ("115", "Lena", "10:08 PM"),
        ("116", "Anonymous", "11:30 PM"),
    ]
    assert [c.content_html for c in post.comments] == ["<p>Same here.</p>", "<p>And here.</p>"]
    assert all(c.published is None for c in post.comments)  # a time alone is no date


def run_page_bytes(markup: str) -> PageResult:
    return scrape_page(parse_page(markup.encode(), "page.html"), PipelineOptions())
