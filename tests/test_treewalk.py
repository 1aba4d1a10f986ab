"""The walk of a page's tree (`treewalk`): its C version gives exactly what the XPath queries that
define its lists give (test_compiled checks that the build has it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import HtmlElement, document_fromstring, fragment_fromstring

from blogmigrate import treewalk
from blogmigrate.scrapers.indexed import RARE_TAG_SET
from blogmigrate.treewalk import TextTest, TreeWalk, walk_tree, walk_with_xpath

from .conftest import CORPUS, FIXTURES, parsed_page


def _parsed(path: Path) -> HtmlElement | None:
    page = parsed_page(path)
    return None if page is None else page.root


SAVED_PAGES = [path for path in sorted(FIXTURES.rglob("*.html")) if _parsed(path) is not None]
CORPUS_PAGES = sorted((CORPUS / "pages").glob("*.html"))

needs_c_walk = pytest.mark.skipif(
    not treewalk.walks_in_c(), reason="the C walk is not built, or BLOGMIGRATE_PURE_PYTHON=1"
)


def _assert_same(found: TreeWalk, expected: TreeWalk) -> None:
    assert found.class_values == expected.class_values
    assert all(type(value) is str for value in found.class_values)
    # the same elements, not equal copies: lxml gives one proxy per element while one lives
    assert len(found.classed) == len(expected.classed)
    assert all(a is b for a, b in zip(found.classed, expected.classed, strict=True))
    assert found.values == expected.values
    assert found.tags == expected.tags
    assert len(found.tagged) == len(expected.tagged)
    assert all(a is b for a, b in zip(found.tagged, expected.tagged, strict=True))
    assert list(found.first_ids) == list(expected.first_ids)
    assert all(found.first_ids[name] is element for name, element in expected.first_ids.items())


def _both(root: HtmlElement, rare_tags: frozenset[str] = RARE_TAG_SET) -> None:
    _assert_same(walk_tree(root, rare_tags), walk_with_xpath(root, rare_tags))


def test_the_xpath_walk_lists_what_its_queries_define() -> None:
    root = document_fromstring(
        "<html><head><title>T</title><meta name=a content=b></head><body class='x  y'>"
        "<div id=one class=x data-n='1'><p class=y>a</p><h2 id=two>b</h2><p id=one></p></div>"
        "</body></html>"
    )
    found = walk_with_xpath(root, RARE_TAG_SET)
    body = root.find("body")
    assert found.class_values == ["x  y", "x", "y"]
    assert [element.tag for element in found.classed] == ["body", "div", "p"]
    assert found.classed[0] is body
    assert found.values == {"a", "b", "x  y", "one", "x", "1", "y", "two"}
    assert found.tags == ["html", "head", "title", "meta", "body", "h2"]
    assert list(found.first_ids) == ["one", "two"]
    assert found.first_ids["one"] is found.classed[1]  # the first of two elements with the id
    assert found.first_ids["two"].tag == "h2"


@needs_c_walk
@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><p>no attributes at all</p></body></html>",
        "<div class><p class=''>empty values</p><input checked id=''></div>",
        "<p class='a&amp;b &lt;c&gt;' title='&eacute;t&eacute; ✓ 𝄞'>entities, non-ASCII</p>",
        "<p class='a\u00a0b\tc\nd'>odd white space</p><!-- a comment --><?pi x?>",
        "<svg><circle class=c r=1 /></svg><fb:comments class=f href=x></fb:comments>",
        "<table><tr><td class=t><form><script>var a = '<b class=z>';</script></form></td></tr>"
        "</table><iframe src=x class=i></iframe>",
    ],
)
def test_the_c_walk_gives_what_the_queries_give_on_odd_markup(markup: str) -> None:
    _both(document_fromstring(markup))


@needs_c_walk
def test_the_c_walk_from_an_element_below_the_root() -> None:
    """Attributes over the whole tree (``/descendant::*``), rare tags below the element only."""
    root = document_fromstring(
        "<html><head><title class=t>x</title></head><body><article id=a class=c><h1 class=h>y"
        "</h1><time class=d>z</time></article><h2 class=after>w</h2><form></form></body></html>"
    )
    article = root.find(".//article")
    assert article is not None
    _both(article)
    found = walk_tree(article, RARE_TAG_SET)
    assert found.tags == ["article", "h1", "time"]
    assert found.class_values == ["t", "c", "h", "d", "after"]
    leaf = root.find(".//time")
    assert leaf is not None
    _both(leaf)
    assert walk_tree(leaf, RARE_TAG_SET).tags == ["time"]


@needs_c_walk
def test_the_c_walk_of_a_fragment_and_of_other_tags() -> None:
    fragment = fragment_fromstring("<div class=a><span class=b id=c>x</span><h3>y</h3></div>")
    _both(fragment)
    _both(fragment, frozenset({"span", "div"}))
    _both(fragment, frozenset())
    # tags sharing a first byte, a prefix of a tag, a tag no element has, non-ASCII
    tags = frozenset({"h", "h3x", "h3", "s", "sp", "spa", "dív", "x"})
    _both(fragment, tags)
    assert walk_tree(fragment, tags).tags == ["h3"]
    other = fragment_fromstring("<div><dív class=a>x</dív><spa>y</spa></div>")
    _both(other, tags)
    assert walk_tree(other, tags).tags == ["dív", "spa"]


@needs_c_walk
def test_the_c_walk_makes_each_distinct_value_once() -> None:
    """Repeated values are the string made the first time (several thousand distinct values: the
    walk's table of values grows), and the lists are the queries' all the same."""
    items = "".join(
        f"<p class='c{number % 1500}' id='i{number}' title='same' data-x='{'é' * (number % 3)}'>"
        for number in range(5000)
    )
    root = document_fromstring(f"<html><body>{items}</body></html>")
    _both(root)
    found = walk_tree(root, RARE_TAG_SET)
    assert found.class_values[0] == "c0" and found.class_values[1500] is found.class_values[0]
    assert len(found.values) == 1500 + 5000 + 1 + 3
    assert found.trigrams is not None and treewalk.may_contain(found, "c149")
    assert not treewalk.may_contain(found, "qqxxzzwwvvkk")


@needs_c_walk
def test_the_c_walk_takes_at_most_64_rare_tags() -> None:
    fragment = fragment_fromstring("<div><p>x</p></div>")
    tags = frozenset(f"t{number}" for number in range(64))
    assert walk_tree(fragment, tags).tags == []
    with pytest.raises(ValueError, match="at most 64"):
        walk_tree(fragment, tags | {"p"})


@needs_c_walk
@pytest.mark.parametrize("path", SAVED_PAGES, ids=lambda path: path.name)
def test_the_c_walk_gives_what_the_queries_give_on_the_fixtures(path: Path) -> None:
    root = _parsed(path)
    assert root is not None
    _both(root)


@needs_c_walk
@pytest.mark.skipif(not CORPUS_PAGES, reason="the shared corpus is not beside the project")
def test_the_c_walk_gives_what_the_queries_give_on_the_corpus() -> None:
    roots = [_parsed(path) for path in CORPUS_PAGES]
    assert sum(root is not None for root in roots) >= 100
    for root in roots:
        if root is not None:
            _both(root)


def _texts_asked_of_pages() -> list[str]:
    """Every text the platform tables ask the attribute values about (`BranchNeeds.texts`)."""
    from blogmigrate import scrapers  # noqa: F401  (the platform tables compile their selectors)
    from blogmigrate.scrapers import selectors

    texts = {
        text
        for selector in selectors.compiled_selectors().values()
        for branch in selector.needs or ()
        for text in branch.texts
    }
    return sorted(texts)


@needs_c_walk
def test_the_trigram_filter_rules_out_only_absent_texts() -> None:
    """`may_contain` says False only of a text no attribute value contains: checked with every
    text the tables ask about and with pieces of the values themselves, on every page."""
    asked = _texts_asked_of_pages()
    assert len(asked) > 50
    ruled_out = absent = 0
    for path in [*SAVED_PAGES, *CORPUS_PAGES]:
        root = _parsed(path)
        if root is None:
            continue
        walk = walk_tree(root, RARE_TAG_SET)
        joined = "\n".join(walk.values)
        pieces = [value[start : start + 9] for value in walk.values for start in (0, 4)]
        for text in [*asked, *pieces, "\n".join(sorted(walk.values)[:2])]:
            possible = treewalk.may_contain(walk, text)
            if text not in joined:
                absent += 1
                ruled_out += not possible
            else:
                assert possible, (path.name, text)
    assert ruled_out > 0.8 * absent  # and it rules most absent texts out


@needs_c_walk
def test_the_trigram_filter_of_odd_texts() -> None:
    root = document_fromstring("<p class='ab\u00e9c' title='x\ny'>z</p>")
    walk = walk_tree(root, RARE_TAG_SET)
    assert treewalk.may_contain(walk, "b\u00e9c")  # non-ASCII: its UTF-8 trigrams are there
    assert not treewalk.may_contain(walk, "abd")
    assert treewalk.may_contain(walk, "ab")  # under three bytes: nothing to rule out with
    assert treewalk.may_contain(walk, "c\nx")  # a line break may join two values
    assert treewalk.may_contain(walk, "a\ud800b")  # a lone surrogate has no UTF-8: searched


def test_without_trigrams_nothing_is_ruled_out() -> None:
    walk = walk_with_xpath(document_fromstring("<p class=a>x</p>"), RARE_TAG_SET)
    assert walk.trigrams is None
    assert treewalk.may_contain(walk, "absent text")


def _holders_by_xpath(root: HtmlElement, expression: str) -> list[HtmlElement]:
    """The holders of the text nodes an XPath selects, as lxml's strings give them."""
    holders = []
    for text in root.xpath(expression):
        element = text.getparent()
        holders.append(element if text.is_text else element.getparent())
    return holders


# hints' two byline searches as they were written before `TextTest` (session 19)
_BY_STARTS_BEFORE = (
    "//body/descendant::text()[normalize-space()][contains(' By by BY Vo vo Pa pa Do do Po po Di"
    " Wr Ge Ve Pu Éc B b V v P p D d W G É ', concat(' ', substring(normalize-space(), 1, 2),"
    " ' '))]"
)
_DATED_BY_BEFORE = (
    "//body/descendant::text()[contains(., 'b')]"
    "[contains(., 'by') or substring(., string-length(.)) = 'b']"
)


def _same_holders(root: HtmlElement) -> int:
    """Each text test of `hints` finds the same holders in C, by its XPath and by the XPath it
    replaced; returns how many it found."""
    from blogmigrate.scrapers import hints

    found = 0
    for test, before in (
        (hints._BY_TEXT.starts, _BY_STARTS_BEFORE),
        (hints._DATED_BY_TEXT.starts, _DATED_BY_BEFORE),
    ):
        expected = _holders_by_xpath(root, before)
        by_xpath = _holders_by_xpath(root, test.xpath)
        assert len(by_xpath) == len(expected)
        assert all(a is b for a, b in zip(by_xpath, expected, strict=True))
        holders = treewalk.text_holders(root, test)
        assert len(holders) == len(expected)
        assert all(a is b for a, b in zip(holders, expected, strict=True))
        found += len(holders)
    return found


def test_the_byline_tests_are_the_queries_they_replaced() -> None:
    from blogmigrate.scrapers import hints

    assert hints._BY_TEXT.starts.xpath == _BY_STARTS_BEFORE
    assert "contains(., 'by') or substring(., string-length(.) - 0) = 'b'" in (
        hints._DATED_BY_TEXT.starts.xpath
    )


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>By the head</title></head><body><p>By Jane</p></body></html>",
        "<body><p> \t\n By Jane</p><p>B</p><p>B y</p><p>  B  \n</p><p>\u00a0By</p></body>",
        "<body><div>x<span>y</span>By tail<b>Écrit par Zoé</b>éc</div><p>Pb</p><p>by</p></body>",
        "<body><p>Verfasst von X</p><p>Geschrieben</p><p>G</p><p>W\u00e9</p><p>Wr</p></body>",
        "<body><p>2019 by Jane</p><p>sub</p><p>bye</p><p>ab</p><p>b</p><p></p><p>Byb</p></body>",
        "<body><script>var by = 1;</script><style>.b{}</style><textarea>By me</textarea></body>",
        "<body><p>\U0001d11e\U0001d11e</p><p>𝄞b</p><p>É</p><p>É\u00a0</p><p>\rP\rp</p></body>",
    ],
)
def test_the_text_tests_on_odd_markup(markup: str) -> None:
    _same_holders(document_fromstring(markup))


def test_the_text_tests_with_each_part_alone() -> None:
    root = document_fromstring("<body><p>a by</p><p>ab</p><p>Xb</p><p>Pa x</p></body>")
    for test, expected in (
        (TextTest(contained="by"), ["a by"]),
        (TextTest(ending="b"), ["ab", "Xb"]),
        (TextTest(ending="xb"), []),
        (TextTest(opening_pairs="Pa X"), ["Pa x"]),
        (TextTest(opening_pairs="Pa", contained="x"), ["Pa x"]),
        (TextTest(), ["a by", "ab", "Xb", "Pa x"]),
    ):
        assert [element.text for element in treewalk.text_holders(root, test)] == expected
        assert [element.text for element in _holders_by_xpath(root, test.xpath)] == expected
    with pytest.raises(ValueError, match="apostrophes"):
        TextTest(contained="it's")


@pytest.mark.parametrize("path", SAVED_PAGES, ids=lambda path: path.name)
def test_the_text_tests_on_the_fixtures(path: Path) -> None:
    root = _parsed(path)
    assert root is not None
    _same_holders(root)


@pytest.mark.skipif(not CORPUS_PAGES, reason="the shared corpus is not beside the project")
def test_the_text_tests_on_the_corpus() -> None:
    roots = [_parsed(path) for path in CORPUS_PAGES]
    assert sum(_same_holders(root) for root in roots if root is not None) > 1000
