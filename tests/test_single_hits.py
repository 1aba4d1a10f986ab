"""`Selector.first` and `Selector.first_value` stop at the first hit when the selector allows (the
parsed ids, the element lists, a first-hit XPath): they give what every hit gives first, for
every rule of every scraper, from the root and from the post, on every fixture and corpus page,
with the page's lists and ids in use and without."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import HtmlElement

from blogmigrate.errors import PageError
from blogmigrate.page import parse_page
from blogmigrate.scrapers import choose_scraper, indexed, rules
from blogmigrate.scrapers.selectors import (
    ParsedIds,
    Selector,
    compile_selector,
    compiled_selectors,
    first_hit_xpath,
    using_ids,
)

from .conftest import CORPUS, PAGES


def _every_hit_first(rule: Selector, scope: HtmlElement) -> tuple[HtmlElement | None, str | None]:
    elements = rule.elements(scope)
    value = next((value for _element, value in rule.values(scope)), None)
    return (elements[0] if elements else None), value


def _single(rule: Selector, scope: HtmlElement) -> tuple[HtmlElement | None, str | None]:
    return rule.first(scope), rule.first_value(scope)


def _alike(path: Path) -> int:
    """Every rule with a single-hit route, both ways; returns how many found something."""
    try:
        page = parse_page(path.read_bytes(), path.name)
    except PageError:
        return 0
    choose_scraper(page)
    root = page.root
    index = rules.page_index(page)
    post = root.find(".//article")
    if post is None:
        post = root.find(".//body")
    scopes = [root] if post is None else [root, post]
    found = 0
    for rule in compiled_selectors().values():
        if rule.by_id is None and rule.plan is None and first_hit_xpath(rule.source) is None:
            continue
        for scope in scopes[:1] if rule.from_root else scopes:
            plain = _every_hit_first(rule, scope)
            assert _single(rule, scope) == plain, (path.name, rule.source)
            with indexed.using(root, index.lists), using_ids(ParsedIds(root)):
                indexed.widen(scope)
                assert _single(rule, scope) == plain, (path.name, rule.source)
            found += plain[0] is not None
    return found


def test_single_hits_are_every_hits_first_on_every_fixture() -> None:
    assert sum(_alike(path) for path in sorted(PAGES.rglob("*.html"))) > 1000


@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside")
def test_single_hits_are_every_hits_first_on_corpus_pages() -> None:
    assert sum(_alike(path) for path in sorted((CORPUS / "pages").glob("*.html"))[::5]) > 1000


def test_an_empty_first_value_reads_the_next_hit() -> None:
    root = parse_page(
        b'<html><body><div id="x"></div><p title="a"> </p><p title="b">two  words</p></body></html>',
        "page.html",
    ).root
    rule = compile_selector("^p[title]")  # a first-hit XPath: its first hit has no text
    assert rule.plan is None and first_hit_xpath(rule.source) is not None
    assert rule.first(root) is root.find(".//p")
    assert rule.first_value(root) == "two words"
    with using_ids(ParsedIds(root)):
        assert compile_selector("^#x").first_value(root) is None
