"""Selectors answered from the page's element lists find what their XPath finds, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest
from cssselect import parse
from lxml import etree
from lxml.html import HtmlElement, document_fromstring, fragment_fromstring

from blogmigrate.archive import classify
from blogmigrate.page import parse_page
from blogmigrate.scrapers import csscompile, generic, indexed, rules
from blogmigrate.scrapers.selectors import Selector, compile_selector

from .conftest import FIXTURES, PAGES, parsed_page
from .test_xpath import RULE_CSS

PLANNED = [selector for selector in RULE_CSS if selector.plan is not None]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"


def _planned(selector: Selector) -> indexed.Plan:
    assert selector.plan is not None
    return selector.plan


def _same_as_xpath(root: HtmlElement, scopes: list[HtmlElement]) -> None:
    lists = indexed.ElementLists(root)
    for selector in PLANNED:
        for scope in scopes:
            start = root if selector.from_root else scope
            assert lists.run(_planned(selector), start) == selector.xpath(start), (
                selector.source,
                scope,
            )


def test_most_rule_css_is_planned() -> None:
    assert len(PLANNED) > 0.6 * len(RULE_CSS)


@pytest.mark.parametrize("path", sorted(PAGES.rglob("*.html")), ids=lambda path: path.name)
def test_every_planned_rule_finds_what_its_xpath_finds_on_the_fixtures(path: Path) -> None:
    root = parse_page(path.read_bytes(), path.name).root
    _same_as_xpath(root, [root, *list(root.iter("li", "article", "div", "ol", "section"))[::7]])


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
def test_every_planned_rule_finds_what_its_xpath_finds_on_corpus_pages() -> None:
    for path in sorted(CORPUS.glob("*.html"))[::9]:
        root = parse_page(path.read_bytes(), path.name).root
        _same_as_xpath(root, [root, *list(root.iter("li", "article", "div"))[::53]])


@pytest.mark.parametrize(
    ("css", "found"),
    [
        (".a", ["1", "2", "5x", "5"]),
        ("li.a", ["2", "5"]),
        ("div .a", ["1", "2", "5x", "5"]),
        ("div > .a", ["1", "5x"]),
        (".a .a", ["2", "5"]),
        ("ul > li.a", ["5"]),
        ("#x .a", ["1", "2", "5x", "5"]),
        ("[id^='y'] li.a", ["5"]),
        ("li.a[title='t u']", ["5"]),
        ("li.a[title~='u']", ["5"]),
        ("li.a[title|='t']", []),
        ("li.a[title*='']", []),
        (".b, section.a", ["1", "2", "4"]),
        ("meta[name=k]", ["6"]),
        ("li.a[title!='']", ["5"]),  # an empty != needs the attribute, as cssselect writes it
        ("li.a[title!='x']", ["2", "5"]),
        (".a li", ["2", "5"]),  # below what a class finds, each once, in page order
        ("#x .a li[title]", ["5"]),
    ],
)
def test_lists_answer_compounds_and_combinators(css: str, found: list[str]) -> None:
    root = fragment_fromstring(
        "<div id='x'><section class='a' data-n='1'><li class=' b  a ' data-n='2'></li></section>"
        "<h2 data-n='3'></h2><span class='b' data-n='4'></span>"
        "<ul id='y' class='a' data-n='5x'><li class='a' title='t u' data-n='5'></li></ul>"
        "<meta name='k' data-n='6'></div>"
    )
    selector = compile_selector(css)
    hits = indexed.ElementLists(root).run(_planned(selector), root)
    assert [element.get("data-n") for element in hits] == found
    assert hits == selector.xpath(root)
    section = root[0]
    assert indexed.ElementLists(root).run(_planned(selector), section) == selector.xpath(section)


def test_class_names_split_only_where_xpath_normalises_space() -> None:
    assert indexed.class_names("a\tb\n c") == ["a", "b", "c"]
    assert indexed.class_names("a\xa0b c") == ["a\xa0b", "c"]


@pytest.mark.parametrize(
    "css",
    ["h2, .b", "a:not(.b)", "a + b", "a ~ b", "div p", "[x]", "li:first-child", "a[href$='x' i]"],
)
def test_what_the_lists_cannot_answer_exactly_has_no_plan(css: str) -> None:
    assert csscompile.plan(parse(css)) is None


def test_lists_are_used_only_inside_a_using_block_for_their_own_wide_scopes() -> None:
    root = document_fromstring("<div><p class='a'></p></div>")
    other = document_fromstring("<div><p class='a'></p></div>")
    assert indexed.active_lists(root) is None
    with indexed.using(root) as lists:
        assert indexed.active_lists(root) is lists
        assert indexed.active_lists(root[0]) is None  # a scope not made wide: walked
        indexed.widen(root[0])
        indexed.widen(other[0])
        assert indexed.active_lists(root[0]) is lists
        assert indexed.active_lists(other[0]) is None
        assert indexed.active_lists(other) is None
    assert indexed.active_lists(root) is None


def test_lists_made_over_the_same_tree_are_reused_others_are_not() -> None:
    root = document_fromstring("<div><p class='a'></p></div>")
    other = document_fromstring("<div><p class='a'></p></div>")
    with indexed.using(root) as made:
        pass
    with indexed.using(root, made) as again:
        assert again is made
    with indexed.using(other, made) as fresh:
        assert fresh is not made and fresh.root is other


@pytest.mark.parametrize(
    "css", [".a", "li.a", ".b, section.a", ".a li", "#x .a", "meta[name=k]", ".zz"]
)
def test_the_first_hit_from_the_lists_is_the_first_of_all_hits(css: str) -> None:
    root = document_fromstring(
        "<div id='x'><section class='a'><li class=' b  a '></li></section><span class='b'></span>"
        "<ul id='y' class='a'><li class='a' title='t u'></li></ul><meta name='k'></div>"
    )
    selector = compile_selector(css)
    everything = selector.xpath(root)
    with indexed.using(root):
        assert selector.first(root) is (everything[0] if everything else None)
    assert selector.first(root) is (everything[0] if everything else None)  # by the XPath


SAVED_PAGES = sorted(FIXTURES.rglob("*.html"))
GENERATORS_AS_WRITTEN = etree.XPath("//meta[@name='generator' or @name='Generator']/@content")
ADDRESSES_AS_WRITTEN = etree.XPath(
    "//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"
)
OG_TYPE_AS_WRITTEN = etree.XPath("string(//meta[@property='og:type']/@content)")
GENERATORS_ANY_CASE_AS_WRITTEN = etree.XPath(
    "//meta[translate(@name, 'GENRATO', 'genrato')='generator']/@content"
)


def _tagged_answers_as_the_xpath_does(path: Path) -> None:
    """Addresses, og:type and generators from the page's list of rare tags are what the
    classifier's and detection's XPath find."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
        return
    root = page.root
    lists = indexed.ElementLists(root)
    assert classify._addresses(None, lists) == [str(v) for v in ADDRESSES_AS_WRITTEN(root)], path
    assert classify._og_type(lists) == OG_TYPE_AS_WRITTEN(root), path
    written = tuple(str(value) for value in GENERATORS_AS_WRITTEN(root))
    assert rules.generators(page) == written, path
    any_case = [str(value) for value in GENERATORS_ANY_CASE_AS_WRITTEN(root)]
    assert generic.generators_any_case(page) == any_case, path


def test_the_rare_tag_list_answers_what_the_xpath_finds_on_every_fixture() -> None:
    for path in SAVED_PAGES:
        _tagged_answers_as_the_xpath_does(path)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
def test_the_rare_tag_list_answers_what_the_xpath_finds_on_every_corpus_page() -> None:
    for path in sorted(CORPUS.glob("*.html")):
        _tagged_answers_as_the_xpath_does(path)


def test_tagged_elements_come_once_in_page_order() -> None:
    root = document_fromstring(
        "<html><head><meta property='og:url' content='a'><link rel='canonical' href='b'>"
        "<link rel='canonical'><meta property='og:url' content='c'><link rel='next' href='d'>"
        "</head><body><meta property='og:type'><meta property='og:type' content='e'></body></html>"
    )
    lists = indexed.ElementLists(root)
    found = lists.tagged(("link", "rel", "canonical"), ("meta", "property", "og:url"))
    assert [element.get("content") or element.get("href") for element in found] == [
        "a",
        "b",
        None,
        "c",
    ]
    assert classify._addresses("u", lists) == ["a", "b", "c", "u"]
    assert classify._og_type(lists) == "e"


def test_generators_in_any_case_come_from_the_metas_in_page_order() -> None:
    page = parse_page(
        b"<html><head><meta name='GENERATOR' content='a'><meta name='Generator'>"
        b"<meta name='generators' content='x'><meta content='y'></head><body>"
        b"<meta name='geNerAtor' content='b'><p name='generator' content='z'></p></body></html>",
        "page.html",
    )
    assert generic.generators_any_case(page) == ["a", "b"]
    assert generic.SCRAPER.detect(page).reasons[-1] == 'generator meta "a"'  # type: ignore[union-attr]


def _grown_lists_answer_as_fresh_ones(path: Path) -> int:
    """After the generic scraper exposed JSON-LD and hints as elements, the page index's lists
    (the class list kept when no added element has a class) answer every planned rule as lists
    made anew over the changed tree do, and as the rule's XPath does. Returns how many class
    lists were kept."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
        return 0
    before = rules.page_index(page).lists
    before.class_values()  # the class list is made, as detection makes it
    after = generic._materialised(page).lists
    kept = int(after._lists.get("class") is before._lists["class"])
    root = page.root
    fresh = indexed.ElementLists(root)
    scopes = [root, *list(root.iter("article", "div", "ol"))[::41]]
    for scope in scopes:
        after.widen(scope)
        fresh.widen(scope)
    for selector in PLANNED:
        for scope in scopes:
            start = root if selector.from_root else scope
            found = after.run(_planned(selector), start)
            assert found == fresh.run(_planned(selector), start), (path, selector.source)
            assert found == selector.xpath(start), (path, selector.source)
    return kept


def test_lists_grown_by_the_generic_scraper_answer_as_fresh_ones_on_every_fixture() -> None:
    kept = sum(_grown_lists_answer_as_fresh_ones(path) for path in SAVED_PAGES)
    assert kept > 20


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
def test_lists_grown_by_the_generic_scraper_answer_as_fresh_ones_on_corpus_pages() -> None:
    kept = sum(
        _grown_lists_answer_as_fresh_ones(path) for path in sorted(CORPUS.glob("*.html"))[::5]
    )
    assert kept > 5


def test_lists_grown_by_classless_elements_keep_their_class_list_others_do_not() -> None:
    root = document_fromstring("<html><head></head><body><p class='a'>x</p></body></html>")
    lists = indexed.ElementLists(root)
    lists.class_values()
    head = root.find("head")
    assert head is not None
    meta = etree.SubElement(head, "meta", {"name": "n", "content": "c"})
    kept = lists.grown([meta])
    assert kept._lists["class"] is lists._lists["class"]
    assert [element.tag for element in kept.tagged(("meta",))] == ["meta"]
    div = etree.SubElement(root.find("body"), "div", {"class": "a"})
    grown = kept.grown([div])
    assert "class" not in grown._lists
    assert [element.tag for element in grown.run(_planned(compile_selector(".a")), root)] == [
        "p",
        "div",
    ]


def test_a_listed_elements_position_is_found_among_those_of_its_class_value() -> None:
    page = document_fromstring(
        "<body><div class='c'><p class='c'>1</p><p>2</p><p class='c d'>3</p></div>"
        "<p class=''>4</p><p class='c'>5</p></body>"
    )
    lists = indexed.ElementLists(page)
    listed = lists._list("class")
    elements = [listed.element(position) for position in range(len(listed))]
    for element in page.iter(etree.Element):
        expected = next((at for at, each in enumerate(elements) if each is element), None)
        assert listed._position_of(element) == expected, etree.tostring(element)
    assert [listed._position_of(element) for element in elements] == [0, 1, 2, 3, 4]
    assert listed.span(page.find(".//div")) == (0, 3)


def test_a_query_from_a_removed_element_searches_its_document_with_the_lists_as_without() -> None:
    """A removed element still belongs to its document: libxml2 searches that document for an
    absolute path from it, and the document's lists answer the same (`indexed.lists_of_tree`)."""
    root = document_fromstring(
        "<html><head><meta name='a'></head><body><div id='x'><p><meta name='b'></p></div>"
        "<meta name='c'></body></html>"
    )
    removed = root.get_element_by_id("x")
    removed.getparent().remove(removed)
    paragraph = removed[0]
    query = indexed.tagged_query(etree.XPath("/descendant::meta"))
    assert query is not None
    plain = query(paragraph)
    with indexed.using(root) as lists:
        assert indexed.lists_of_tree(paragraph) is lists
        answered = query(paragraph)
    assert [meta.get("name") for meta in plain] == ["a", "c"]
    assert answered == plain
