"""Saved UTF-8 bytes parse into the same tree as the text decoded from them (`page._UTF8_PARSER`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

from blogmigrate import page
from blogmigrate.decoding import decode_html

from .conftest import CORPUS, FIXTURES, python_output

SAVED_PAGES = sorted(
    path
    for path in FIXTURES.rglob("*")
    if path.is_file() and path.suffix in (".html", ".htm") and path.stat().st_size
)
CORPUS_PAGES = sorted((CORPUS / "pages").glob("*.html")) if CORPUS.is_dir() else []


def _tree(root: html.HtmlElement, parser: html.HTMLParser) -> tuple[object, ...]:
    tree = root.getroottree()
    info = tree.docinfo
    errors = [(entry.type_name, entry.line, entry.column) for entry in parser.error_log]
    markup = etree.tostring(tree, encoding="unicode")
    return markup, info.doctype, info.public_id, info.system_url, info.root_name, errors


def _same_tree_both_ways(path: Path) -> bool:
    """Is the page parsed from its bytes (when `parse_page` would) the tree of its decoded text?
    Returns whether the bytes were parsed."""
    data = path.read_bytes()
    decoded = decode_html(data)
    text = decoded.text
    if page._XML_DECLARATION.match(text) or not page._bytes_are_text(data, decoded):
        return False
    from_text = _tree(html.document_fromstring(text, parser=page._PARSER), page._PARSER)
    from_bytes = _tree(html.document_fromstring(data, parser=page._UTF8_PARSER), page._UTF8_PARSER)
    assert from_bytes == from_text, path
    return True


def test_utf8_bytes_parse_into_the_tree_of_their_text_on_every_fixture() -> None:
    parsed = [path for path in SAVED_PAGES if _same_tree_both_ways(path)]
    assert len(parsed) > 0.8 * len(SAVED_PAGES)


@pytest.mark.skipif(not CORPUS_PAGES, reason="the shared corpus is not beside the project")
def test_utf8_bytes_parse_into_the_tree_of_their_text_on_every_corpus_page() -> None:
    parsed = [path for path in CORPUS_PAGES if _same_tree_both_ways(path)]
    assert len(parsed) > 0.8 * len(CORPUS_PAGES)


@pytest.mark.parametrize(
    ("data", "from_bytes"),
    [
        ('<meta charset="utf-8"><p>caf\u00e9</p>'.encode(), True),
        (b"<p>plain ASCII, nothing declared</p>", True),
        ('<meta charset="windows-1252"><p>caf\u00e9</p>'.encode("cp1252"), False),
        (b"\xef\xbb\xbf<p>a byte order mark</p>", False),
        (b"<p>" + b"a NUL byte past the first kilobyte " * 40 + b"\x00</p>", False),
        (b"<p>not UTF-8: caf\xe9</p>", False),
    ],
)
def test_only_utf8_bytes_that_are_the_text_are_parsed_as_bytes(
    data: bytes, *, from_bytes: bool
) -> None:
    assert page._bytes_are_text(data, decode_html(data)) is from_bytes
    parsed = page.parse_page(data, "page.html")
    assert html.tostring(parsed.root) == html.tostring(
        html.document_fromstring(decode_html(data).text, parser=page._PARSER)
    )


def test_wayback_marks_are_found_in_utf8_bytes_where_they_are_in_the_text() -> None:
    wayback = 0
    for path in SAVED_PAGES + CORPUS_PAGES:
        data = path.read_bytes()
        decoded = decode_html(data)
        if page._bytes_are_text(data, decoded):
            found = page._is_wayback_copy(data)
            assert found is page._is_wayback_copy(decoded.text), path
            wayback += found
    assert wayback > 0


def _prefixed(prefix: str, body: str = "<p>caf\u00e9 \u2014 \U0001f600</p>") -> bytes:
    return (prefix + body).encode()


@pytest.mark.parametrize(
    "data",
    [
        # the note lies in the first 2048 characters, some of them of several bytes
        _prefixed("\u00e9" * 2000 + "<!-- saved from url=(0019)http://example.org/ -->"),
        _prefixed("\U0001f600" * 1990 + "<!-- saved from url=(0019)http://example.org/ -->"),
        _prefixed("\u00e9" * 2030 + "<!-- saved from url=(0019)http://example.org/ -->"),
        _prefixed("<!-- saved from url=(0019)http://example.org/ -->"),
        # an XML declaration, after blanks; or a long one; or none ("?>" without "<?xml")
        _prefixed('  \n<?xml version="1.0" encoding="utf-8"?>'),
        _prefixed('<?xml version="1.0"' + " " * 5000 + "?>"),
        _prefixed("\u00a0<?xml version='1.0'?>"),
        _prefixed("<p>?></p>"),
        _prefixed("no tag at all, no >"),
    ],
)
def test_valid_utf8_bytes_give_what_their_text_gives(data: bytes) -> None:
    """`parse_page` reads the "saved from" note and the XML declaration of valid UTF-8 bytes
    without their text: the same address and tree as from the text."""
    decoded = decode_html(data)
    assert decoded.utf8 is data
    text = decoded.text
    parsed = page.parse_page(data, "page.html")
    note = page._SAVED_FROM.search(text[:2048])
    assert parsed.saved_from_url == (note.group(1) if note else None)
    declaration = page._XML_DECLARATION.match(text)
    expected = text[declaration.end() :] if declaration else text
    assert html.tostring(parsed.root) == html.tostring(
        html.document_fromstring(expected, parser=page._PARSER)
    )
    assert page._first_characters(data, 2048) == text[:2048]


_MANY_TOOLBAR_STARTS = """
from blogmigrate.page import parse_page
starts = b"<!-- BEGIN WAYBACK TOOLBAR INSERT -->x" * 60000
wayback = b"<a href='https://web.archive.org/web/20100101000000/http://blog.example/'>a</a>"
page = parse_page(b"<html><body><p>post</p>" + wayback + starts + b"</body></html>", "copy.html")
print(page.root.findtext(".//p"), len(page.root.text_content()))
"""


def test_toolbar_starts_without_ends_are_read_at_once() -> None:
    """A Wayback copy with 60 000 toolbar BEGIN comments and no END: the toolbar pattern was tried
    from each BEGIN on to the end of the page, a time growing with the square of its length
    (16 000: 38 s). Now one search finds no END and the page is read as it is."""
    assert python_output(_MANY_TOOLBAR_STARTS, timeout=60).split() == ["post", "60005"]


def test_wayback_toolbars_are_cut_from_begin_to_end() -> None:
    text = (
        "<p>a</p><!-- BEGIN WAYBACK TOOLBAR INSERT -->bar<!-- END WAYBACK TOOLBAR INSERT -->"
        "<p>b</p><!--begin wayback toolbar insert-->baz<!-- END WAYBACK TOOLBAR INSERT\n-->"
        "<p>c</p><!-- BEGIN WAYBACK TOOLBAR INSERT -->unended"
    )
    assert page.without_wayback_toolbars(text) == (
        "<p>a</p><p>b</p><p>c</p><!-- BEGIN WAYBACK TOOLBAR INSERT -->unended"
    )
