"""XPath that opens with a rare tag's descendant step (``//meta[…]``, ``//script[…]``) runs over the
page's list of those elements while the page's lists are in use (`indexed.TaggedQuery`): the same
nodes, in the same order, as the query run as written, on every fixture and corpus page."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import HtmlElement

from blogmigrate.page import parse_page
from blogmigrate.scrapers import indexed, jsonld
from blogmigrate.scrapers.indexed import ElementLists, TaggedQuery, tagged_query
from blogmigrate.scrapers.selectors import (
    _first_hit_query,
    compile_selector,
    compiled_selectors,
)
from blogmigrate.xpath import compile_xpath

from .conftest import CORPUS, PAGES, parsed_page


def _queries() -> list[TaggedQuery]:
    """Every tagged query of the scrapers' selectors, their first-hit forms and `jsonld`."""
    found: list[TaggedQuery] = [jsonld._SCRIPTS, jsonld._SITE_NAMES]
    for source, rule in compiled_selectors().items():
        if rule.tagged is not None:
            found.append(rule.tagged)
        first = _first_hit_query(source)
        if isinstance(first, TaggedQuery):
            found.append(first)
    return found


def _same(found: object, expected: object) -> None:
    assert isinstance(found, list) and isinstance(expected, list)
    assert len(found) == len(expected)
    for a, b in zip(found, expected, strict=True):
        if isinstance(b, HtmlElement):
            assert a is b
        else:
            assert a == b and type(a) is type(b)
            assert getattr(a, "getparent", lambda: None)() is getattr(b, "getparent", None)()


def _alike(path: Path) -> int:
    """Each query with the page's lists in use and without; returns how many nodes were found."""
    page = parsed_page(path)
    if page is None:
        return 0
    root = page.root
    found = 0
    for query in _queries():
        expected = query.query(root)
        with indexed.using(root):
            _same(query(root), expected)
            body = root.find("body")
            if body is not None:  # an absolute path: any scope of the page gives the same
                _same(query(body), expected)
        assert isinstance(expected, list)
        found += len(expected)
    return found


def test_the_scrapers_have_tagged_queries() -> None:
    sources = {query.query.path for query in _queries()}
    assert any("content-language" in source for source in sources)
    assert any("Drupal.settings" in source for source in sources)
    assert len(sources) >= 6


def test_tagged_queries_find_what_they_find_as_written_on_every_fixture() -> None:
    assert sum(_alike(path) for path in sorted(PAGES.rglob("*.html"))) > 50


@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside")
def test_tagged_queries_find_what_they_find_as_written_on_corpus_pages() -> None:
    assert sum(_alike(path) for path in sorted((CORPUS / "pages").glob("*.html"))) > 50


@pytest.mark.parametrize(
    ("expression", "tag", "rest"),
    [
        ("//meta[@name='a']/@content", "meta", "$tagged/@name[.='a']/parent::*/@content"),
        ("//script[contains(., 'x')][1]", None, None),  # positional below a // step: per parent
        ("/descendant::script[contains(., 'x')][1]", "script", "$tagged[contains(., 'x')][1]"),
        ("/descendant::h2", "h2", "$tagged"),
        ("/descendant::h2x", None, None),
        ("/descendant::div[@id]", None, None),  # not a rare tag
        ("//meta/@a | //link/@b", None, None),
        ("string(//title)", None, None),
    ],
)
def test_which_queries_are_tagged(expression: str, tag: str | None, rest: str | None) -> None:
    tagged = tagged_query(compile_xpath(expression))
    if tag is None:
        assert tagged is None
    else:
        assert tagged is not None and tagged.tag == tag and tagged.from_list.path == rest


def test_the_lists_of_another_tree_are_not_used() -> None:
    root = parse_page(b"<html><head><meta name=a content=1></head><body></body></html>", "a").root
    other = parse_page(b"<html><head><meta name=a content=2></head><body></body></html>", "b").root
    tagged = tagged_query(compile_xpath("//meta[@name='a']/@content"))
    assert tagged is not None
    with indexed.using(other, ElementLists(other)):
        assert tagged(root) == ["1"]
        assert tagged(other) == ["2"]
    rule = compile_selector(
        "//meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language']/@content"
    )
    assert rule.tagged is not None
