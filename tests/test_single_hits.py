"""`Selector.first` and `Selector.first_value` stop at the first hit when the selector allows (the
page's ids, the element lists, a first-hit XPath): they give what every hit gives first, for
every rule of every scraper, from the root and from the post, on every fixture and corpus page,
with the page's lists and ids in use and without."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import HtmlElement

from blogmigrate.page import parse_page
from blogmigrate.scrapers import choose_scraper, indexed, rules
from blogmigrate.scrapers.selectors import (
    Selector,
    compile_selector,
    compiled_selectors,
    first_hit_xpath,
)

from .conftest import CORPUS, PAGES, parsed_page, platform_rules


def _every_hit_first(rule: Selector, scope: HtmlElement) -> tuple[HtmlElement | None, str | None]:
    elements = rule.elements(scope)
    value = next((value for _element, value in rule.values(scope)), None)
    return (elements[0] if elements else None), value


def _single(rule: Selector, scope: HtmlElement) -> tuple[HtmlElement | None, str | None]:
    return rule.first(scope), rule.first_value(scope)


def _alike(path: Path) -> int:
    """Every rule with a single-hit route, both ways; returns how many found something."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
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
            with indexed.using(root, index.lists):
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
    with indexed.using(root):
        assert compile_selector("^#x").first_value(root) is None


def _rules_with_id_from() -> list[Selector]:
    """Every selector of the platforms' rules that names its first hit's id (`Selector.id_from`)."""
    found: dict[int, Selector] = {}
    for table in platform_rules():
        for part in (table.post, table.comments):
            for _name, selectors in rules.selector_fields(part):
                found.update((id(rule), rule) for rule in selectors if rule.id_from is not None)
    return list(found.values())


ID_FROM_RULES = _rules_with_id_from()


def _first_by_id_as_by_query(path: Path) -> int:
    """With the page's ids in use, a rule's `first` by the id it names is its query's first hit;
    returns how many of the page's rules found something."""
    page = parsed_page(path)
    if page is None:
        return 0
    root = page.root
    found = 0
    for rule in ID_FROM_RULES:
        plain = _every_hit_first(rule, root)[0]
        with indexed.using(root):
            assert rule.first(root) is plain, (path.name, rule.source)
        found += plain is not None
    return found


def test_a_rule_names_its_first_hits_id_on_every_saved_page() -> None:
    assert ID_FROM_RULES, "WordPress's post-N scope names its id"
    pages = sorted(PAGES.rglob("*.html")) + sorted((CORPUS / "pages").glob("*.html"))
    assert sum(_first_by_id_as_by_query(path) for path in pages) >= 20


@pytest.mark.parametrize(
    ("body", "found_id"),
    [
        ('<body class="single postid-7"><article id="post-7">x</article>', "post-7"),
        (
            '<body class="postid-7"><div id="post-7" title="first"></div><p id="post-7"></p>',
            "post-7",
        ),
        ('<body class="postid-7"><a name="post-7"></a><article id="post-7">x</article>', "post-7"),
        ('<body class="home"><article id="post-7">x</article>', None),
        ('<body class="postid-7"><article id="post-8">x</article>', None),
        ('<body class="postid-"><article id="post-">x</article>', "post-"),
    ],
)
def test_the_post_n_scope_by_id_and_by_query_agree(body: str, found_id: str | None) -> None:
    """WordPress's post-N scope: the first element with the id the body's postid-N names, the
    same by the page's table of ids and by query (an ``<a name>`` is no id)."""
    (rule,) = [rule for rule in ID_FROM_RULES if "postid-" in rule.source]
    root = parse_page(f"<html>{body}</body></html>".encode(), "page.html").root
    plain = _every_hit_first(rule, root)[0]
    with indexed.using(root):
        first = rule.first(root)
    assert first is plain
    assert (None if first is None else first.get("id")) == found_id
    if first is not None and first.get("title"):
        assert first.tag == "div"  # the first of two with that id
