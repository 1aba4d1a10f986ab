"""Selectors: the page index that skips impossible ones, and the CSS translations they are run as."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

from blogmigrate.page import parse_page
from blogmigrate.scrapers.selectors import PageIndex, compile_selector
from blogmigrate.xpath import element_text

from .conftest import CORPUS, PAGES

PAGE = """<html><head>
<script data-drupal-selector="x">var Drupal = {}; Drupal.settings = {};</script>
</head><body>
<div id="c1"></div><p class="posted">one</p>
<div id="c2"></div><span></span><p class="posted">two</p>
<a href="/wp-content/a.png">img</a>
</body></html>"""


def _index(source: bytes | None = PAGE.encode()) -> tuple[html.HtmlElement, PageIndex]:
    root = html.document_fromstring(PAGE)
    return root, PageIndex(root, source)


POSSIBLE = [
    ("p.posted", True),
    ("p.missing", False),
    ("a[href*='/wp-content/']", True),
    ("a[href*='/wp-includes/']", False),
    ("p.missing, a[href*='wp-content']", True),
    # class names and ids apart: an id is no class, a class no id
    ("#c1", True),
    ("#c3", False),
    (".c1", False),
    ("div#posted", True),  # a whole attribute value: the index does not know which attribute
    # [a=v] compares whole values, [a*=v] looks for a part
    ("a[href='/wp-content/a.png']", True),
    ("a[href='/wp-content/']", False),
    ("a[href^='/wp-content/']", True),
    # attribute names and script texts: looked up in the source
    ("script[data-drupal-selector]", True),
    ("script[data-ghost]", False),
    ("script:contains('Drupal.settings')", True),
    ("script:contains('Squarespace.')", False),
]


@pytest.mark.parametrize(("selector", "possible"), POSSIBLE)
def test_the_index_rules_out_what_the_page_cannot_match(selector: str, possible: bool) -> None:
    _root, index = _index()
    assert compile_selector(selector).possible(index) is possible


def test_without_the_source_nothing_is_ruled_out_by_it() -> None:
    _root, index = _index(source=None)
    assert compile_selector("script[data-ghost]").possible(index)
    assert compile_selector("script:contains('Squarespace.')").possible(index)


def test_an_index_told_of_added_elements_answers_as_a_new_one() -> None:
    root, index = _index()
    assert not compile_selector("meta[name='x-added']").possible(index)  # gathered before
    assert not compile_selector("div.later").possible(index)
    body = root.find("body")
    assert body is not None
    holder = html.Element("div", {"hidden": "hidden"})
    holder.append(html.Element("span", {"class": "later ld-author", "data-url": "/u/ann"}))
    body.append(holder)
    head = root.find("head")
    assert head is not None
    meta = html.Element("meta", {"name": "x-added", "content": "Ann"})
    head.append(meta)
    told, rebuilt = index.including([holder, meta]), PageIndex(root)
    assert told.classes == rebuilt.classes
    assert told.values == rebuilt.values
    assert told.in_names("later") and told.in_names("ld-author") and not told.in_names("missing")
    for selector in (
        "meta[name='x-added']",
        "div.later",
        "span.later",
        "[data-url*='/u/']",
        "p.posted",
        "p.missing",
        "script[data-ghost]",  # the source does not hold what was added: no longer asked
    ):
        compiled = compile_selector(selector)
        assert compiled.possible(told) is compiled.possible(rebuilt), selector
    assert compile_selector("span.later").possible(told)
    assert compile_selector("script[data-ghost]").possible(told)
    # what the first index had gathered before the elements were added, carried over
    root, index = _index()
    assert index.classes and index.values and index.in_names("x") in (True, False)
    index.has_text("/u/")
    holder = html.Element("div", {"class": "later", "data-url": "/u/ann"})
    body = root.find("body")
    assert body is not None
    body.append(holder)
    told, rebuilt = index.including([holder]), PageIndex(root)
    assert told.classes == rebuilt.classes and told.values == rebuilt.values
    assert told.has_text("/u/") and told.in_names("later")


def test_text_of_other_elements_is_not_a_source_need() -> None:
    """Outside scripts, text may be written with entities (&amp;) or split by tags."""
    selector = compile_selector("p:contains('Tom & Jerry')")
    assert selector.needs is not None
    assert selector.needs[0].source == ()


def test_adjacent_sibling_is_only_the_next_element() -> None:
    root = html.document_fromstring(PAGE)
    selector = compile_selector("div[id^='c'] + p.posted")
    assert "following-sibling::*[1]/self::p" in selector.xpath.path
    assert [element.text for element in selector.elements(root)] == ["one"]
    assert [e.text for e in compile_selector("div[id^='c'] ~ p.posted").elements(root)] == [
        "one",
        "two",
    ]


def test_xpath_from_the_scope_itself_is_skipped_when_the_scope_cannot_be_it() -> None:
    root = html.document_fromstring("<dl><dt id='a'>x</dt><dd>y</dd></dl>")
    companion = compile_selector("self::dt/following-sibling::*[1][self::dd]")
    dt, dd = root.find(".//dt"), root.find(".//dd")
    assert companion.own_tag == "dt"
    assert [element.text for element in companion.elements(dt)] == ["y"]
    assert companion.elements(dd) == []
    own_id = compile_selector("::attr(id)")
    assert own_id.itself
    assert [value for _element, value in own_id.values(dt)] == ["a"]


def test_names_are_the_class_names_and_ids() -> None:
    _root, index = _index()
    assert index.in_names("poste")  # class="posted"
    assert index.in_names("c2")  # id="c2"
    assert not index.in_names("wp-content")  # an href, not a name
    assert index.has_text("wp-content")


@pytest.mark.parametrize(
    "paths",
    [sorted(PAGES.rglob("*.html")), sorted((CORPUS / "pages").glob("*.html"))[::4]],
    ids=["fixtures", "corpus"],
)
def test_an_elements_text_is_its_xpath_string_value(paths: list[Path]) -> None:
    """`element_text` reads libxml2's text serialisation: the string ``text_content()`` (XPath's
    ``string()``) gives, for every element (scripts, comments and entities inside included)."""
    compared = 0
    for path in paths:
        root = parse_page(path.read_bytes(), path.name).root
        for element in root.iter(etree.Element):
            assert element_text(element) == element.xpath("string()")
            compared += 1
    assert compared > 1_000
