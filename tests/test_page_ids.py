"""``^#respond`` and other rules that name one element by its id are answered from the ids of the
page's element lists, which the walk of its tree gives (`ElementLists.with_id`, used by
`Selector.first` while the lists are in use): the element found so is the one a walk of the page
finds first, on every fixture and corpus page, before and after scraping. The parser builds no
table of its own (XPath's ``id()`` finds nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement

from blogmigrate.page import parse_page
from blogmigrate.scrapers import choose_scraper, indexed, rules
from blogmigrate.scrapers.indexed import ElementLists
from blogmigrate.scrapers.selectors import compile_selector

from .conftest import CORPUS, PAGES, parsed_page, platform_rules


def _same_as_a_walk(root: HtmlElement) -> tuple[int, int]:
    """Every id of the page, looked up in the table and by a walk of the page; returns how many
    ids there are and how many the table answered."""
    walked: dict[str, HtmlElement] = {}
    for element in root.iter(etree.Element):
        name = element.get("id")
        if name is not None:
            walked.setdefault(name, element)
    ids = ElementLists(root)
    answered = 0
    for name, first in walked.items():
        found = ids.with_id(None, name)
        if found is not None:
            assert found is first, name
            answered += 1
        for tag in ("div", "form"):
            tagged = ids.with_id(tag, name)
            assert tagged is None or (tagged is found and tagged.tag == tag), (name, tag)
    return len(walked), answered


def _checked(path: Path) -> tuple[int, int]:
    """The page's ids as parsed, and after its scraper ran (lists made for the tree as it is
    then, which some scrapers change)."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
        return 0, 0
    total, answered = _same_as_a_walk(page.root)
    scraper, _detection = choose_scraper(page)
    scraper.scrape(page)
    _same_as_a_walk(page.root)
    return total, answered


def test_page_ids_find_what_a_walk_finds_on_every_fixture() -> None:
    checked = [_checked(path) for path in sorted(PAGES.rglob("*.html"))]
    total, answered = map(sum, zip(*checked, strict=True))
    assert total > 400 and answered == total


@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside")
def test_page_ids_find_what_a_walk_finds_on_corpus_pages() -> None:
    checked = [_checked(path) for path in sorted((CORPUS / "pages").glob("*.html"))]
    total, answered = map(sum, zip(*checked, strict=True))
    assert total > 400 and answered == total


def _root(markup: str) -> HtmlElement:
    return parse_page(markup.encode(), "page.html").root


def test_an_anchor_name_is_no_id_and_a_removed_element_says_nothing() -> None:
    root = _root('<html><body><a name="x"></a><div id="x">1</div><p id="y">2</p></body></html>')
    assert root.xpath("id('x')") == []  # the parser keeps no table of ids
    ids = ElementLists(root)
    found = ids.with_id(None, "x")
    assert found is not None and found.tag == "div"
    first = ids.with_id(None, "y")
    assert first is not None and first.text == "2"
    assert ids.with_id("div", "y") is None
    assert ids.has_id("y") and not ids.has_id("z") and not ids.has_id("")
    first.drop_tree()
    assert ids.with_id(None, "y") is None  # out of the page (the walk was of the tree before)


def test_a_repeated_id_is_its_first_element() -> None:
    root = _root('<html><body><div id="x">1</div><form id="x">2</form></body></html>')
    ids = ElementLists(root)
    found = ids.with_id(None, "x")
    assert found is not None and found.text == "1"
    assert ids.with_id("form", "x") is None  # the first is no form: the walk runs


def test_an_id_the_page_lacks_is_known_to_find_nothing() -> None:
    root = _root('<html><body><div id="x">1</div><form id="respond">2</form></body></html>')
    with indexed.using(root):
        for source in ("^#comments", "^div#comments", "^#respond", "^div#respond"):
            rule = compile_selector(source)
            assert rule.by_id is not None
            known, found = rule._single_hit(root)
            assert known and found is rule.first(root)
            assert (found is None) == (source != "^#respond")


@pytest.mark.parametrize(
    ("source", "shape"),
    [
        ("^#respond", (None, "respond")),
        ("^div#comment-form", ("div", "comment-form")),
        ("^form#comment-form", None),  # planned: the rare-tag list answers it
        ("^#comment_form", (None, "comment_form")),
        ("#respond", None),  # from the scope
        ("^#comments > h2", None),
        ("^#respond::attr(class)", None),
        ("^.comments-title", None),
    ],
)
def test_id_rules_are_one_element_known_by_its_id(
    source: str, shape: tuple[str | None, str] | None
) -> None:
    assert compile_selector(source).by_id == shape


def test_a_rule_found_in_the_table_is_the_rule_run() -> None:
    root = _root('<html><body><div><form id="respond"><p>3</p></form></div></body></html>')
    rule = compile_selector("^#respond")
    with indexed.using(root):
        found = rule.first(root)
        assert rule.first_value(root) == "3"
    assert found is not None and found is rule.elements(root)[0]
    other = _root("<html><body></body></html>")
    with indexed.using(other):  # another tree's lists
        assert rule.first(root) is found


def _id_branches_answered(path: Path) -> int:
    """How many branches of the platforms' fingerprints the page's ids answer (an id the page has,
    named by a branch its classes and tags do not rule out). That each fingerprint so answered is
    what its whole query finds is test_rules' check, on these same pages."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
        return 0
    index = rules.page_index(page)
    return sum(
        1
        for table in platform_rules()
        for hint in table.detect.fingerprints
        for rule in hint.branches or (hint.rule,)
        if rule.possible(index)
        and rule.by_id is not None
        and index.lists.with_id(*rule.by_id) is not None
    )


def test_detection_fingerprints_are_answered_by_the_ids_on_some_pages() -> None:
    paths = sorted(PAGES.rglob("*.html"))
    if (CORPUS / "pages").is_dir():
        paths += sorted((CORPUS / "pages").glob("*.html"))
    assert sum(_id_branches_answered(path) for path in paths) >= 10
