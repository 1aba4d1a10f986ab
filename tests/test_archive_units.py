"""The archive modules one by one: addresses, page kinds, comment merging, feeds (safely), inputs
(gzip cap, symlink loops, dangling links, "Save page as" folders) — hazards 16–18, 20, 21, 26, 27."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree, html

from blogmigrate.archive import inputs
from blogmigrate.archive.classify import (
    _HENTRY_DIVS,
    _NEXT_LINKS,
    _POST_DIVS,
    _top_articles,
    classify_page,
    query,
)
from blogmigrate.archive.feeds import is_feed, parse_feed
from blogmigrate.archive.inputs import MAX_PAGE_BYTES, _read_at_most, discover_inputs, gunzip_capped
from blogmigrate.archive.merge import Capture, merge_comments
from blogmigrate.archive.urlkeys import url_key
from blogmigrate.archive.wgetnames import url_from_mirror_path
from blogmigrate.errors import PageError, UnsupportedPageError
from blogmigrate.model import Comment, CommentType, Person, Post
from blogmigrate.page import Page, parse_page
from blogmigrate.pipeline import PipelineOptions, process_page
from blogmigrate.report import Outcome
from blogmigrate.scrapers.rules import page_index
from blogmigrate.sources import InputFile

from .conftest import CORPUS, PAGES, parsed_page, python_output

POST_KEY = "blog.example/2021/03/14/first-frost"


@pytest.mark.parametrize(
    ("url", "variant"),
    [
        ("https://blog.example/2021/03/14/first-frost/", "plain"),
        ("http://www.blog.example/2021/03/14/first-frost", "plain"),
        ("https://blog.example/2021/03/14/first-frost/comment-page-2/#comments", "comment-page"),
        ("https://blog.example/2021/03/14/first-frost/?replytocom=12", "replytocom"),
        ("https://blog.example/2021/03/14/first-frost/amp/", "amp"),
        ("https://blog.example/2021/03/14/first-frost/?print=1", "print"),
        ("https://blog.example/2021/03/14/first-frost/index.html?utm_source=rss", "plain"),
        (
            "https://web.archive.org/web/20210401120000/https://blog.example/2021/03/14/first-frost/",
            "plain",
        ),
    ],
)
def test_every_copy_of_a_post_has_the_same_key(url: str, variant: str) -> None:
    key = url_key(url)
    assert (key.key, key.variant) == (POST_KEY, variant)


def test_keys_keep_what_tells_posts_apart() -> None:
    assert url_key("http://blog.example/?p=12&utm_medium=x").key == "blog.example?p=12"
    assert url_key("http://blog.example/?p=13").key != url_key("http://blog.example/?p=12").key
    assert url_key("http://blog.example/a/comment-page-3/").comment_page == 3


@pytest.mark.parametrize(
    ("relative", "url"),
    [
        (
            "blog.example/2021/03/14/first-frost/index.html?replytocom=102.html",
            "http://blog.example/2021/03/14/first-frost/?replytocom=102",
        ),
        ("blog.example/index.html", "http://blog.example/"),
        ("blog.example/about.html", "http://blog.example/about.html"),
        ("2021/03/hello/index.html", "/2021/03/hello/"),
    ],
)
def test_wget_names_give_back_the_address(relative: str, url: str) -> None:
    assert url_from_mirror_path(relative) == url


def _root(body_class: str = "", head: str = "", body: str = "") -> html.HtmlElement:
    return html.document_fromstring(
        f"<html><head>{head}</head><body class='{body_class}'>{body}</body></html>"
    )


@pytest.mark.parametrize(
    ("body_class", "url", "kind", "detail"),
    [
        ("single single-post postid-4", None, "post", None),
        ("page-template-default page page-id-2", None, "page", None),
        ("home page-template-default page page-id-5", None, "page", None),
        ("home blog", None, "listing", "home"),
        ("home blog paged paged-2", None, "listing", "pagination"),
        ("archive category category-garden", None, "listing", "category"),
        ("archive tag tag-frost", None, "listing", "tag"),
        ("archive date", None, "listing", "date"),
        ("search search-results", None, "listing", "search"),
        ("attachment single attachmentid-7", None, "attachment", None),
        ("error404", None, "other", "not found"),
        ("", "http://blog.example/tag/frost/", "listing", "tag"),
        ("", "http://blog.example/page/3/", "listing", "pagination"),
        ("", "http://blog.example/2021/03/", "listing", "date"),
        ("", "http://blog.example/?s=beans", "listing", "search"),
        ("", "http://blog.example/2021/03/14/first-frost/", "post", None),
        ("", None, "post", None),
    ],
)
def test_page_kinds(body_class: str, url: str | None, kind: str, detail: str | None) -> None:
    found = classify_page(_root(body_class), url)
    assert (found.kind, found.detail) == (kind, detail)


STRUCTURES = [
    ("", "<article><h2>One</h2></article>" * 4),
    ("", "<div class='hentry'>a</div><div class='post hentry' id='post-2'>b</div><article/>"),
    ("", "<div class='hentry'>a</div>" * 3 + "<div id='respond'></div>"),
    ("", "<div class='x\thentry'>a</div>" * 3 + "<ol class='commentlists'></ol>"),
    ("<link rel='next' href='/page/2/'>", "<p>text</p>"),
    ("<link rel='next' href='/page/2/'>", "<p id='comments'>text</p>"),
    ("", "<a rel='next' href='/blog/page/3/'>older</a>"),
    ("<link rel='canonical' href='http://blog.example/tag/x/'>", ""),
    ("<meta property='og:url' content='http://blog.example/page/2/'>", ""),
    ("<meta property='og:type' content='Article'>", "<article/>" * 3),
    ("", "<p>nothing</p>"),
]


@pytest.mark.parametrize(("head", "body"), STRUCTURES)
def test_the_page_index_only_rules_out_structure_queries_that_find_nothing(
    head: str, body: str
) -> None:
    data = f"<html><head>{head}</head><body>{body}</body></html>".encode()
    page = parse_page(data, "page.html")
    indexed = classify_page(page.root, None, lambda: page_index(page))
    assert indexed == classify_page(html.document_fromstring(data), None)


_ARTICLES = query("//article[not(ancestor::article)]")
"""The top-level articles, as the query `classify._top_articles` answers from the rare tags."""
_HENTRY_QUERY = query(
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')][not(ancestor::article)]"
)
_POST_QUERY = query(
    "//div[starts-with(@id, 'post-')][contains(concat(' ', normalize-space(@class), ' '), ' post ')]"
)
_CLASSED_DIVS = ((_HENTRY_DIVS, _HENTRY_QUERY), (_POST_DIVS, _POST_QUERY))
"""Each kind of classed container with the query it answers from the page's class list."""
_CONTAINERS = (_ARTICLES, _HENTRY_QUERY, _POST_QUERY)
"""The container queries, one per kind."""

CONTAINERS_AS_WRITTEN = etree.XPath(
    "//article[not(ancestor::article)]"
    " | //div[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')][not(ancestor::article)]"
    " | //div[contains(concat(' ', normalize-space(@class), ' '), ' post ')][starts-with(@id, 'post-')]"
)


@pytest.mark.parametrize("path", sorted(PAGES.rglob("*.html")), ids=lambda path: path.name)
def test_the_container_queries_find_what_one_union_of_them_finds(path: Path) -> None:
    root = parse_page(path.read_bytes(), path.name).root
    found = {node for query in _CONTAINERS for node in query.xpath(root)}
    assert found == set(CONTAINERS_AS_WRITTEN(root))


NEXT_LINKS_AS_WRITTEN = etree.XPath("//link[@rel='next']/@href | //a[@rel='next']/@href")


def _structure_answers_as_the_xpath_does(page: Page, path: Path) -> None:
    """The classed containers from the page's class list, the articles from its list of rare
    tags, and the rel=next addresses from one walk, are what the queries as written find (the
    containers as sets: only their number counts)."""
    root, index = page.root, page_index(page)
    assert _top_articles(index.lists) == _ARTICLES.xpath(root), path
    for divs, as_written in _CLASSED_DIVS:
        listed = divs.found(index.lists)
        assert len(listed) == len(set(listed)), path
        assert set(listed) == set(as_written.xpath(root)), path
    found = [str(value) for value in _values_of(_NEXT_LINKS.xpath(root))]
    assert found == [str(value) for value in _values_of(NEXT_LINKS_AS_WRITTEN(root))], path


def _values_of(found: object) -> list[object]:
    assert isinstance(found, list)
    return found


def test_the_structure_queries_answer_as_written_on_every_fixture() -> None:
    for path in sorted(PAGES.rglob("*.html")):
        page = parsed_page(path)
        if page is not None:  # None: the fixtures of what is not a page (empty, an image)
            _structure_answers_as_the_xpath_does(page, path)


@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside")
def test_the_structure_queries_answer_as_written_on_every_corpus_page() -> None:
    for path in sorted((CORPUS / "pages").glob("*.html")):
        page = parsed_page(path)
        assert page is not None, path
        _structure_answers_as_the_xpath_does(page, path)


def test_classed_containers_need_the_class_name_the_tag_and_the_id_prefix() -> None:
    data = (
        b"<html><body><div class='a\thentry'>1</div><article><div class='hentry'>2</div>"
        b"</article><p class='hentry'>3</p><div class='hentry-x'>4</div>"
        b"<div class='post' id='post-5'>5</div><div class='post' id='x-6'>6</div>"
        b"<div class='posts' id='post-7'>7</div><div class='post'>8</div></body></html>"
    )
    page = parse_page(data, "page.html")
    index = page_index(page)
    for (divs, as_written), texts in zip(_CLASSED_DIVS, (["1"], ["5"]), strict=True):
        found = divs.found(index.lists)
        assert [e.text for e in found if isinstance(e, html.HtmlElement)] == texts
        assert set(found) == set(as_written.xpath(page.root))


def test_articles_inside_an_article_are_not_containers_of_their_own() -> None:
    data = b"<html><body><article id='a'><article id='b'></article></article><article id='c'>"
    page = parse_page(data + b"</article></body></html>", "page.html")
    found = _top_articles(page_index(page).lists)
    assert [element.get("id") for element in found] == ["a", "c"]
    assert found == _ARTICLES.xpath(page.root)


def test_many_post_containers_without_comments_make_a_listing() -> None:
    articles = "".join(
        f"<article><h2><a href='/p{n}/'>Post {n}</a></h2></article>" for n in range(4)
    )
    assert classify_page(_root(body=articles), None).kind == "listing"
    with_comments = articles + "<div id='comments'><ol class='commentlist'></ol></div>"
    assert classify_page(_root(body=with_comments), None).kind == "post"
    og_article = "<meta property='og:type' content='article'>"
    assert classify_page(_root(head=og_article, body=articles), None).kind == "post"


def _comment(cid: str, author: str, text: str, parent: str | None = None) -> Comment:
    return Comment(
        id=cid,
        parent_id=parent,
        type=CommentType.COMMENT,
        author=Person(name=author),
        published=datetime(2021, 3, 14, tzinfo=UTC),
        content_html=f"<p>{text}</p>",
        content_html_raw=f"<p>{text}</p>",
    )


def _capture(sequence: int, comments: tuple[Comment, ...], page: int | None = None) -> Capture:
    post = Post(
        id="42",
        platform="wordpress",
        source=f"page{sequence}.html",
        url="https://blog.example/a/",
        slug="a",
        title="A",
        author=None,
        published=None,
        updated=None,
        language=None,
        categories=(),
        tags=(),
        content_html="<p>x</p>",
        excerpt="x",
        image=None,
        comment_status=None,
        comment_count_declared=None,
        comments=comments,
    )
    return Capture(key="blog.example/a", sequence=sequence, post=post, comment_page=page)


def test_comments_without_ids_merge_by_author_date_and_text() -> None:
    # Position ids (c1, c2) mean nothing across copies: the same comment is c2 on one, c1 on the other.
    first = _capture(0, (_comment("c1", "Ana", "Hi"), _comment("c2", "Ben", "Yo", parent="c1")))
    second = _capture(1, (_comment("c1", "Ben", "Yo"), _comment("c2", "Cleo", "New")))
    merged = merge_comments([first, second])
    assert [(c.id, c.parent_id, c.author.name) for c in merged] == [
        ("c1", None, "Ana"),
        ("c2", "c1", "Ben"),
        ("c3", None, "Cleo"),
    ]


def test_replies_stay_under_parents_saved_on_another_comment_page() -> None:
    newest = _capture(0, (_comment("7", "Dev", "Later"), _comment("8", "Ana", "Re", parent="3")))
    older = _capture(1, (_comment("3", "Cleo", "First"),), page=1)
    merged = merge_comments([newest, older])
    assert [(c.id, c.parent_id) for c in merged] == [("3", None), ("8", "3"), ("7", None)]


RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>https://blog.example/a/</link>
<pubDate>Sat, 20 Mar 2021 09:30:00 +0000</pubDate><category>Garden</category>
<guid isPermaLink="false">https://blog.example/?p=5</guid></item>
</channel></rss>"""


def test_feeds_give_exact_dates_categories_and_guid() -> None:
    assert is_feed(RSS)
    (entry,) = parse_feed(RSS, "feed.xml")
    assert entry.link == "https://blog.example/a/"
    assert entry.published == datetime(2021, 3, 20, 9, 30, tzinfo=UTC)
    assert (entry.categories, entry.guid) == (("Garden",), "https://blog.example/?p=5")


_SNIFF_MANY_COMMENTS = """
from blogmigrate.archive.feeds import is_feed, other_xml_root
comments = b"<!--[if IE 9]><html class='ie9'><![endif]-->\\n" * 60
page = b"<!DOCTYPE html>" + comments + b"<html><body>post</body></html>"
sitemap = b'<?xml version="1.0"?>' + comments + b"<urlset></urlset>"
feed = b'<?xml version="1.0"?><!DOCTYPE rss>' + comments + b"<rss version='2.0'></rss>"
print(is_feed(page), other_xml_root(page), is_feed(sitemap), other_xml_root(sitemap), is_feed(feed))
"""


def test_a_page_opening_with_many_comments_is_sniffed_at_once() -> None:
    """60 conditional comments before ``<html>``: the feed sniffing answered after trying every way
    of splitting them (2**60 steps; 20 comments took 0.35 s) and the batch hung on that page."""
    printed = python_output(_SNIFF_MANY_COMMENTS, timeout=60)
    assert printed.split() == ["False", "None", "False", "urlset", "True"]


def test_atom_feeds_are_read() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><id>tag:x,2021:5</id><title>A</title><link rel="alternate" href="https://b.example/a/"/>
    <published>2021-03-20T09:30:00Z</published><category term="Garden"/></entry></feed>"""
    (entry,) = parse_feed(atom, "atom.xml")
    assert (entry.link, entry.guid, entry.categories) == (
        "https://b.example/a/",
        "tag:x,2021:5",
        ("Garden",),
    )


def test_feed_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    hostile = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><item><title>&c;&xxe;</title><link>https://b.example/a/</link></item>
</channel></rss>""".encode()
    (entry,) = parse_feed(hostile, "hostile.xml")
    assert "TOP SECRET" not in (entry.title or "")
    assert "aaaaaaaaaa" not in (entry.title or "")


def test_an_empty_or_broken_feed_is_an_error() -> None:
    with pytest.raises(PageError, match="no usable entries"):
        parse_feed(b"<rss version='2.0'><channel><title>t</title></channel></rss>", "f.xml")
    with pytest.raises(PageError, match="not well-formed"):
        parse_feed(b"<rss><channel>", "f.xml")


def test_gzip_pages_are_decompressed_with_a_cap(tmp_path: Path) -> None:
    assert gunzip_capped(gzip.compress(b"<p>hello</p>"), "a.html.gz") == b"<p>hello</p>"
    bomb = gzip.compress(b"\0" * (MAX_PAGE_BYTES + 10))
    with pytest.raises(UnsupportedPageError, match="decompresses to more than"):
        gunzip_capped(bomb, "bomb.html.gz")
    page = tmp_path / "bomb.html.gz"
    page.write_bytes(bomb)
    result = process_page(InputFile(page, str(page)), PipelineOptions())
    assert result.report.outcome is Outcome.SKIPPED


def test_folders_with_loops_dangling_links_and_saved_page_folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "post.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "gone.html").symlink_to(tmp_path / "nowhere.html")
    (tmp_path / "Saved.html").write_text("<p>y</p>", encoding="utf-8")
    (tmp_path / "Saved_files").mkdir()
    (tmp_path / "Saved_files" / "frame.html").write_text("<p>z</p>", encoding="utf-8")
    (tmp_path / "Saved_files" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    found = discover_inputs([str(tmp_path)])
    names = [Path(item.name).relative_to(tmp_path).as_posix() for item in found.pages]
    assert names == ["Saved.html", "a/gone.html", "a/post.html"]
    assert [item.problem is not None for item in found.pages] == [False, True, False]
    assert sorted(asset.relative for asset in found.assets) == [
        "Saved_files/frame.html",
        "Saved_files/photo.jpg",
    ]


def test_a_page_given_by_name_brings_its_saved_folder(tmp_path: Path) -> None:
    (tmp_path / "Saved.html").write_text("<p>y</p>", encoding="utf-8")
    (tmp_path / "Saved_files").mkdir()
    (tmp_path / "Saved_files" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    found = discover_inputs([str(tmp_path / "Saved.html")])
    assert [asset.relative for asset in found.assets] == ["Saved_files/photo.jpg"]


def test_wayback_copies_lose_the_toolbar(tmp_path: Path) -> None:
    page = tmp_path / "copy.html"
    page.write_text(
        "<html><body class='single postid-3'><!-- BEGIN WAYBACK TOOLBAR INSERT -->"
        "<div id='wm-ipp'>Wayback toolbar</div><!-- END WAYBACK TOOLBAR INSERT -->"
        "<h1 class='entry-title'>Hi</h1><div class='entry-content'><p>Body</p></div>"
        "<a rel='bookmark' href='https://web.archive.org/web/20100101000000/http://b.example/hi/'>"
        "link</a></body></html>",
        encoding="utf-8",
    )
    result = process_page(InputFile(page, "copy.html"), PipelineOptions())
    (post,) = result.posts
    assert "Wayback toolbar" not in post.content_html
    assert post.url == "http://b.example/hi/"
    assert result.captured == datetime(2010, 1, 1, tzinfo=UTC)


def test_non_pages_are_skipped_with_a_reason(tmp_path: Path) -> None:
    png = tmp_path / "image.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    for path, reason in ((png, "PNG"), (empty, "empty")):
        result = process_page(InputFile(path, path.name), PipelineOptions())
        assert result.report.outcome is Outcome.SKIPPED
        assert reason in (result.report.error or "")


def test_xml_that_is_no_feed_is_skipped_with_its_root_named(tmp_path: Path) -> None:
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0"?><urlset><url><loc>http://b.example/</loc></url></urlset>',
        encoding="utf-8",
    )
    result = process_page(InputFile(sitemap, "sitemap.xml"), PipelineOptions())
    assert result.report.outcome is Outcome.SKIPPED
    assert "<urlset>" in (result.report.error or "")
    xhtml = tmp_path / "page.html"
    xhtml.write_text(
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>T</title></head><body class='single postid-1'><h1 class='entry-title'>T</h1>"
        "<div class='entry-content'><p>Body</p></div></body></html>",
        encoding="utf-8",
    )
    assert process_page(InputFile(xhtml, "page.html"), PipelineOptions()).report.outcome is (
        Outcome.CONVERTED
    )


class _Recording(io.BytesIO):
    """A stream that notes the sizes it is asked to read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []

    def read(self, size: int | None = -1, /) -> bytes:
        self.asked.append(-1 if size is None else size)
        return super().read(size)


def test_a_stream_of_known_size_is_read_at_once_without_asking_for_the_cap() -> None:
    """Asking a buffered file for the cap (64 MiB) makes a buffer of that size for every page."""
    stream = _Recording(b"x" * 5000)
    assert _read_at_most(stream, MAX_PAGE_BYTES + 1, 5000) == b"x" * 5000
    assert stream.asked == [5001]


def test_a_stream_longer_than_it_said_or_of_unknown_size_is_read_up_to_the_limit() -> None:
    grown = _Recording(b"y" * 3000)
    assert _read_at_most(grown, 2500, 1000) == b"y" * 2500
    assert grown.asked[0] == 1001
    unknown = _Recording(b"z" * (3 * 1024 * 1024 + 7))
    assert _read_at_most(unknown, MAX_PAGE_BYTES + 1) == b"z" * (3 * 1024 * 1024 + 7)
    assert max(unknown.asked) == 1024 * 1024
    short = _Recording(b"w" * 10)
    assert _read_at_most(short, 4, None) == b"wwww"
    assert _read_at_most(_Recording(b""), 4, 0) == b""


def test_a_page_file_over_the_cap_is_skipped_and_one_that_grew_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "big.html"
    page.write_bytes(b"<p>" + b"a" * 2000 + b"</p>")
    monkeypatch.setattr(inputs, "MAX_PAGE_BYTES", 1000)
    result = process_page(InputFile(page, str(page)), PipelineOptions())
    assert result.report.outcome is Outcome.SKIPPED
    assert result.report.error is not None and "the cap is" in result.report.error
    monkeypatch.setattr(inputs, "MAX_PAGE_BYTES", 64 * 1024 * 1024)
    # The file's status says 10 bytes, as if the file grew after it was asked.
    monkeypatch.setattr(inputs.os, "fstat", lambda descriptor: SimpleNamespace(st_size=10))
    assert inputs.read_input(InputFile(page, str(page))) == page.read_bytes()
