"""The fast form of an XPath expression finds the same nodes, in the same order, as the expression."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from cssselect import HTMLTranslator as GenericTranslator
from lxml import etree

from blogmigrate.page import parse_page
from blogmigrate.scrapers import REGISTRY, selectors
from blogmigrate.scrapers.selectors import PageIndex, Selector, requiring
from blogmigrate.xpath import fast_form, self_step

from .conftest import CORPUS, PAGES, parsed_page

REWRITTEN = [
    ("//a[@href]", "/descendant::a/@href[.]/parent::*"),
    (".//a[contains(@href, '//x')]", "./descendant::a/@href[contains(., '//x')]/parent::*"),
    ("(//a[@x])[1]", "(/descendant::a/@x[.]/parent::*)[1]"),
    ("//text()[normalize-space()]", "/descendant::text()[normalize-space()]"),
    ("//*[count(p) > 1]", "/descendant::*[count(p) > 1]"),
    ("//p[@a] | .//b[not(@c)]", "/descendant::p/@a[.]/parent::* | ./descendant::b[not(@c)]"),
    # one attribute tested positively: its values are tested, not every element
    (
        "//*[starts-with(@id, 'post-')][@x]",
        "/descendant::*/@id[starts-with(., 'post-')]/parent::*[@x]",
    ),
    ("//*[@id='a' or @id='b']", "/descendant::*/@id[.='a' or .='b']/parent::*"),
    # two attributes, a negation, an empty text: tested on the elements
    ("//*[@id='a' or @class='b']", "/descendant::*[@id='a' or @class='b']"),
    ("//div[not(@class)]", "/descendant::div[not(@class)]"),
    ("//div[contains(@class, '')]", "/descendant::div[contains(@class, '')]"),
    ("//div[@class != 'x']", "/descendant::div[@class != 'x']"),
    # a class-token test is guarded by a substring test (not when cssselect guarded it already)
    (
        "//p[contains(concat(' ', normalize-space(@class), ' '), ' a-b ')]",
        "/descendant::p/@class[(contains(., 'a-b') and contains(concat(' ', normalize-space(.), ' '), ' a-b '))]/parent::*",
    ),
    (
        "//p[@class and contains(@class, 'x') and contains(concat(' ', normalize-space(@class), ' '), ' x ')]",
        "/descendant::p/@class[. and contains(., 'x') and contains(concat(' ', normalize-space(.), ' '), ' x ')]/parent::*",
    ),
    # <body> and <head> are the root's children
    ("//body/@class", "/*/body/@class"),
    ("//p[//body[@x]]", "/descendant::p[/*/body[@x]]"),
]
KEPT = [
    "//@class",  # an attribute step
    "//a",  # no predicate: libxml2 rewrites it itself
    "//a[1]",  # positional
    "//a[@x][2]",
    "//a[position() < 3]",
    "//a[last()]",
    "//*[count(p)]",  # a number: positional
    "//descendant::a[1]",  # an explicit axis
    "'//a[@x]'",  # inside a string literal
    ".//body",  # relative
]


@pytest.mark.parametrize(("expression", "expected"), REWRITTEN)
def test_descendant_steps_with_plain_predicates_are_rewritten(
    expression: str, expected: str
) -> None:
    assert fast_form(expression) == expected


@pytest.mark.parametrize("expression", KEPT)
def test_positional_attribute_and_axis_steps_are_kept(expression: str) -> None:
    assert fast_form(expression) == expression


def _rule_selectors() -> list[Selector]:
    """Every selector of every platform's rules."""
    found: dict[str, Selector] = {}
    pending: list[object] = [getattr(scraper, "rules", None) for scraper in REGISTRY]
    pending += [getattr(getattr(scraper, "inner", None), "rules", None) for scraper in REGISTRY]
    while pending:
        value = pending.pop()
        if isinstance(value, Selector):
            found[value.source] = value
        elif isinstance(value, tuple):
            pending.extend(value)
        elif is_dataclass(value) and not isinstance(value, type):
            pending.extend(getattr(value, spec.name) for spec in fields(value))
        elif hasattr(value, "rule"):
            pending.append(value.rule)
    return [found[source] for source in sorted(found)]


def _is_xpath(selector: Selector) -> bool:
    """As the selectors module tells XPath from CSS: by how the text starts (``/``, ``./``,
    ``(``, an axis, a function such as ``substring-before(``)."""
    return selectors._XPATH_START.match(selector.source.lstrip("^").split("::attr(")[0]) is not None


RULE_SELECTORS = _rule_selectors()
RULE_XPATHS = sorted(
    {
        selector.source.lstrip("^").split("::attr(")[0]
        for selector in RULE_SELECTORS
        if _is_xpath(selector)
    }
)
RULE_CSS = [
    selector
    for selector in RULE_SELECTORS
    if selector.needs is not None and not _is_xpath(selector)
]
XPATH_WITH_NEEDS = [
    selector for selector in RULE_SELECTORS if selector.needs is not None and _is_xpath(selector)
]


def _plain_css(selector: Selector) -> etree.XPath:
    """cssselect's own translation of a CSS selector, as libxml2 would run it unchanged."""
    text = selector.source.lstrip("^").split("::attr(")[0]
    return etree.XPath(GenericTranslator().css_to_xpath(text, prefix="descendant-or-self::"))


def test_the_rules_have_xpath_selectors_that_change() -> None:
    assert len(RULE_XPATHS) > 40
    assert sum(fast_form(xpath) != xpath for xpath in RULE_XPATHS) > 20


@pytest.mark.parametrize("path", sorted(PAGES.rglob("*.html")), ids=lambda path: path.name)
def test_every_rule_xpath_finds_the_same_nodes_in_its_fast_form(path: Path) -> None:
    root = parse_page(path.read_bytes(), path.name).root
    scopes = [root, *root.iter("li", "article", "div")][:400]
    for xpath in RULE_XPATHS:
        plain, fast = etree.XPath(xpath), etree.XPath(fast_form(xpath))
        for scope in (scopes[0], *scopes[1::37]):
            assert fast(scope) == plain(scope), (xpath, scope)


def test_a_self_step_with_plain_predicates_is_split_for_running_on_many_elements() -> None:
    assert self_step("self::*[parent::*[contains(@class, 'pinglist')]]") == (
        "*",
        "[parent::*[contains(@class, 'pinglist')]]",
    )
    assert self_step("self::div[@a][b]") == ("div", "[@a][b]")
    assert self_step("self::dt/following-sibling::*[1][self::dd]") is None
    assert self_step("self::*[1]") is None
    assert self_step("self::*[a]/b[c]") is None
    assert self_step(".//a") is None


def test_the_rules_have_css_selectors() -> None:
    assert len(RULE_CSS) > 300


@pytest.mark.parametrize("path", sorted(PAGES.rglob("*.html")), ids=lambda path: path.name)
def test_every_rule_css_finds_the_same_nodes_as_cssselects_translation(path: Path) -> None:
    root = parse_page(path.read_bytes(), path.name).root
    scopes = [root, *root.iter("li", "article", "div")][:400]
    for selector in RULE_CSS:
        plain = _plain_css(selector)
        for scope in (scopes[0], *scopes[1::37]):
            assert selector.xpath(scope) == plain(scope), (selector.source, scope)


def test_some_rule_xpaths_say_what_a_page_needs() -> None:
    assert len(XPATH_WITH_NEEDS) >= 10


@pytest.mark.parametrize("path", sorted(PAGES.rglob("*.html")), ids=lambda path: path.name)
def test_an_xpath_the_index_rules_out_finds_nothing(path: Path) -> None:
    """What `selectors.requiring` declares is needed: a page the index says lacks it has no hit."""
    page = parse_page(path.read_bytes(), path.name)
    index = PageIndex(page.root, page.ascii_source)
    scopes = [page.root, *page.root.iter("article", "div")][:400]
    for selector in XPATH_WITH_NEEDS:
        if not selector.possible(index):
            for scope in (scopes[0], *scopes[1::37]):
                # nothing: no node, or the empty string of a string function
                assert selector.hits(scope) in ([], [""]), (selector.source, scope)


@pytest.mark.parametrize(
    "path", sorted((CORPUS / "pages").glob("*.html")), ids=lambda path: path.name
)
def test_an_xpath_the_index_rules_out_finds_nothing_in_a_corpus_page(path: Path) -> None:
    page = parsed_page(path)
    if page is None:
        return
    index = PageIndex(page.root, page.ascii_source)
    for selector in XPATH_WITH_NEEDS:
        if not selector.possible(index):
            assert selector.hits(page.root) in ([], [""]), (selector.source, path.name)


def test_an_xpath_requiring_source_text_runs_only_where_the_source_holds_it() -> None:
    rule = requiring(
        "^substring-after(//script[contains(., 'cfg = ')], 'cfg = ')", source=["cfg = "]
    )
    with_it = b"<html><body><SCRIPT>var CFG = 1; cfg = 2</SCRIPT></body></html>"
    upper_only = b"<html><body><script>CFG = 2</script></body></html>"
    without = b"<html><body><p>cfg</p></body></html>"
    found = {}
    for name, source in (("with", with_it), ("upper", upper_only), ("without", without)):
        page = parse_page(source, name)
        found[name] = rule.possible(PageIndex(page.root, page.ascii_source))
    # the lowered source is searched: upper-case text may hold it, and the query decides
    assert found == {"with": True, "upper": True, "without": False}
    with pytest.raises(ValueError, match="lower-cased"):
        requiring("//script", source=["Cfg"])
