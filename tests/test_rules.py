"""The rules interpreter: comment fields found once over the list give what each comment's own
search gives; comments inside sidebars are left out."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from lxml import html

from blogmigrate.page import Page, parse_page
from blogmigrate.pipeline import PipelineOptions, process_page
from blogmigrate.scrapers import REGISTRY, choose_scraper
from blogmigrate.scrapers import rules as rules_module
from blogmigrate.scrapers.rules import (
    CommentRules,
    _CommentFields,
    _OwnScope,
    containers,
    page_index,
    scrape_comments,
)
from blogmigrate.scrapers.selectors import group_branches, selectors
from blogmigrate.sources import InputFile

from .conftest import CORPUS, PAGES, parsed_page, platform_rules

OPTIONS = PipelineOptions()

THREAD = """<html><body><div id="main"><ol class="comments">
<li class="comment" id="comment-1"><span class="author"><a href="http://a.example">Ann</a></span>
  <div class="text"><p>First</p></div>
  <ul class="children">
    <li class="comment" id="comment-2"><span class="author">Bob</span><div class="text">Reply</div>
      <ul class="children"><li class="comment pingback" id="comment-3">
        <div class="text">Ping</div></li></ul>
    </li>
  </ul>
</li>
<li class="comment" id="comment-4"><div class="text"><p></p></div><em class="author">Cy</em></li>
</ol></div>
<aside class="widget"><ul><li class="comment" id="comment-9"><span class="author">Widget</span></li></ul></aside>
</body></html>"""

RULES = CommentRules(
    items=selectors("li.comment"),
    not_inside=containers(".widget", "#sidebar", "footer"),
    author_name=selectors(".author a", ".author"),
    author_url=selectors(".author a::attr(href)"),
    body=selectors(".text"),
    date_text=selectors(".text p", "self::*[contains(@class, 'comment')]/em"),
    pingback=selectors(".pingback"),
    by_post_author=selectors("self::li[@id='comment-4']"),
)


def test_comments_in_widgets_are_left_out_and_fields_go_to_their_own_comment() -> None:
    comments = scrape_comments(RULES, html.document_fromstring(THREAD))
    assert [comment.source_id for comment in comments] == ["1", "2", "3", "4"]
    assert [comment.parent_index for comment in comments] == [None, 0, 1, None]
    assert [comment.author_name for comment in comments] == ["Ann", "Bob", None, "Cy"]
    assert [comment.author_url for comment in comments] == ["http://a.example", None, None, None]
    assert [comment.kind for comment in comments] == [None, None, "pingback", None]
    # an empty first hit is skipped; a later rule (XPath, comment by comment) fills the gap
    assert [comment.date.text for comment in comments] == ["First", None, None, "Cy"]


def test_fields_found_over_the_list_equal_each_comments_own_search() -> None:
    root = html.document_fromstring(THREAD)
    items = RULES.items[0].elements(root)[:4]
    index_of = {id(item): position for position, item in enumerate(items)}
    for position, item in enumerate(items):
        item.set("data-blogmigrate-comment", str(position))
    owned = [_OwnScope(item, index_of) for item in items]
    fields = _CommentFields(owned, index_of)
    assert fields.container is not None
    assert fields.container.get("class") == "comments"
    for rules in (RULES.author_name, RULES.author_url, RULES.date_text, RULES.body):
        assert fields.values(rules) == [own.value(rules) for own in owned]
    for rules in (RULES.body, selectors("p", ".text")):
        assert fields.parts(rules) == [own.elements(rules) for own in owned]
    for tests in (RULES.pingback, RULES.by_post_author):
        assert fields.has(tests) == [own.element(tests) is not None for own in owned]
    assert fields.has(RULES.by_post_author) == [False, False, False, True]


DEFINITIONS = """<html><body><div id="main"><dl class="comments">
<dt id="comment-1"><cite>Ann</cite></dt><dd><p class="text">First</p>
  <dl><dt id="comment-2"><cite>Bob</cite></dt><dd><p class="text">Reply</p></dd></dl></dd>
<dt id="comment-3"><cite>Cy</cite> <span class="text">Cy's date</span></dt><dd><p>Third</p></dd>
</dl></div></body></html>"""


def _dt_dd_scopes(companions_of: str) -> tuple[list[_OwnScope], dict[int, int]]:
    root = html.document_fromstring(DEFINITIONS)
    items = cast(list[html.HtmlElement], root.xpath("//dt"))
    index_of = {id(item): position for position, item in enumerate(items)}
    for position, item in enumerate(items):
        item.set("data-blogmigrate-comment", str(position))
    companion = selectors(companions_of)[0]
    return [_OwnScope(item, index_of, companion.elements(item)) for item in items], index_of


def test_fields_found_over_a_list_with_companions_equal_each_comments_own_search() -> None:
    owned, index_of = _dt_dd_scopes("self::dt/following-sibling::*[1][self::dd]")
    fields = _CommentFields(owned, index_of)
    assert fields.container is not None and fields.container.get("class") == "comments"
    text, cite = selectors(".text"), selectors("cite", ".text")
    assert (
        fields.values(text) == [own.value(text) for own in owned] == ["First", "Reply", "Cy's date"]
    )
    assert fields.values(cite) == [own.value(cite) for own in owned] == ["Ann", "Bob", "Cy"]
    # the item's hits come before its companion's, as comment by comment
    assert fields.parts(selectors("p, cite")) == [
        own.elements(selectors("p, cite")) for own in owned
    ]
    assert fields.parts(selectors("p")) == [own.elements(selectors("p")) for own in owned]
    # a nested reply's companion is found from above too, by its parent comment's companion
    for rules in (selectors("descendant::dd"), selectors(".//dd/p"), selectors("dd")):
        expected = [own.elements(rules) for own in owned]
        assert fields.parts(rules) == expected
    assert [len(parts) for parts in fields.parts(selectors("descendant::dd"))] == [1, 0, 0]


def test_companions_that_hold_each_other_are_searched_comment_by_comment() -> None:
    owned, index_of = _dt_dd_scopes("self::dt/following-sibling::dd")  # a dd for several dts
    fields = _CommentFields(owned, index_of)
    assert fields.container is None
    text = selectors(".text")
    assert fields.values(text) == [own.value(text) for own in owned]


def test_a_generator_naming_one_platform_decides_without_trying_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def not_tried(page: Page) -> None:
        raise AssertionError("another platform's detection ran")

    for other in REGISTRY:
        if other.name != "wordpress":
            monkeypatch.setattr(other, "detect", not_tried)
    page = parse_page(
        b"<html><head><meta name='generator' content='WordPress 6.4'></head>"
        b"<body><div class='postArticle-content graf--p'>text</div></body></html>",
        "named.html",
    )
    scraper, detection = choose_scraper(page)
    assert scraper.name == "wordpress"
    assert detection.reasons[0] == 'generator meta "WordPress 6.4"'
    assert detection.confidence >= 0.95


def test_dropped_controls_found_in_the_page_are_dropped_from_the_copies_as_on_the_copies() -> None:
    page = (
        "<html><body><ol class='list'>"
        "<li class='c' id='c-1'><div class='t'>Hello <a class='reply'>Reply</a> there"
        "<ol><li class='c' id='c-2'><div class='t'><span class='says'>says</span>Hi"
        "<a class='reply'>Reply</a></div></li></ol></div></li>"
        "<li class='c' id='c-3'><p>One</p><p class='says'>says</p><p>Two</p></li>"
        "</ol></body></html>"
    )
    rules = CommentRules(
        items=selectors("li.c"),
        body=selectors(".t", "p"),
        body_drop=selectors(".reply", "li > .says", ".says"),
    )
    assert [rule.local for rule in rules.body_drop] == [True, False, True]
    found = scrape_comments(rules, html.document_fromstring(page))
    texts = [html.tostring(comment.body, encoding="unicode") for comment in found]
    assert texts == [
        '<div class="t">Hello  there<ol></ol></div>',
        '<div class="t">Hi</div>',
        "<div><p>One</p>\n\n<p>Two</p>\n</div>",
    ]
    plain = CommentRules(
        items=rules.items,
        body=rules.body,
        body_drop=selectors("descendant-or-self::*[@class='reply']", "li > .says", ".says"),
    )
    plain_texts = [
        html.tostring(comment.body, encoding="unicode")
        for comment in scrape_comments(plain, html.document_fromstring(page))
    ]
    assert plain_texts == texts


FIXTURE_PAGES = sorted(PAGES.rglob("*.html"))
CORPUS_PAGES = sorted((CORPUS / "pages").glob("*.html")) if (CORPUS / "pages").is_dir() else []


@pytest.mark.parametrize("path", FIXTURE_PAGES + CORPUS_PAGES, ids=lambda path: path.name)
def test_a_fingerprint_tried_branch_by_branch_is_present_where_its_group_finds_something(
    path: Path,
) -> None:
    """`Fingerprint.present` (its branches one by one, with the page's element lists and their ids
    in use) against the whole query run without them, on every fixture and corpus page."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
        return
    index = page_index(page)
    split = 0
    for table in platform_rules():
        for hint in table.detect.fingerprints:
            split += len(hint.branches) > 1
            assert hint.present(page.root, index) == bool(hint.rule.elements(page.root)), (
                table.name,
                hint.reason,
            )
    assert split > 40


def test_a_css_group_is_split_into_its_branches_outside_brackets_and_quotes() -> None:
    assert group_branches("^a[href*='x,y'], script:contains('a, b'), p") == (
        "^a[href*='x,y']",
        "^script:contains('a, b')",
        "^p",
    )
    assert group_branches("li.comment") == ("li.comment",)
    assert group_branches("a, b::attr(href)") == ("a, b::attr(href)",)
    assert group_branches("//a | //b") == ("//a | //b",)


def test_the_page_index_is_made_once_and_again_only_when_a_scraper_changed_the_tree() -> None:
    from blogmigrate.scrapers.rules import grown_index, page_index, tree_changed

    page = parse_page(b"<html><body><div class='a' data-x='1'></div></body></html>", "p.html")
    index = page_index(page)
    assert page_index(page) is index  # shared: classifier, detection, scraping
    assert "a" in index.classes and "b" not in index.classes
    assert index.lists is index.lists  # with its element lists: one class walk a page
    body = page.root.find("body")
    assert body is not None
    body.append(html.Element("p", {"class": "b"}))
    assert page_index(page) is index  # nothing said: the tree is taken as it was parsed
    tree_changed(page)
    again = page_index(page)
    assert again is not index and "b" in again.classes
    assert again.lists is not index.lists and again.lists.class_values() == ["a", "b"]
    # made without the page's source, which does not hold what was added
    assert again.in_source(b"data-added") and not index.in_source(b"data-added")
    added = html.Element("span", {"class": "c"})
    body.append(added)
    told = grown_index(page, [added])
    assert page_index(page) is told and "c" in told.classes


def _nearest_item_at_or_above(
    element: html.HtmlElement | None, index_of: dict[int, int]
) -> int | None:
    """The plain climb that `_parents_by_nesting` (from an item's parent) and
    `_CommentFields._nearest_item` (from a hit) remember their steps of."""
    while element is not None:
        if id(element) in index_of:
            return index_of[id(element)]
        element = element.getparent()
    return None


@pytest.mark.spies
@pytest.mark.parametrize(
    "paths",
    [FIXTURE_PAGES, sorted((CORPUS / "pages").glob("*.html"))],
    ids=["fixtures", "corpus"],
)
def test_parents_by_nesting_and_hits_comments_are_the_nearest_items_a_plain_climb_finds(
    paths: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = rules_module._parents_by_nesting
    original_owner = _CommentFields._nearest_item
    compared = []
    owners = []

    def checked(items: list[html.HtmlElement], index_of: dict[int, int]) -> list[int | None]:
        parents = original(items, index_of)
        assert parents == [_nearest_item_at_or_above(item.getparent(), index_of) for item in items]
        compared.append(sum(parent is not None for parent in parents))
        return parents

    def checked_owner(fields: _CommentFields, element: html.HtmlElement | None) -> int | None:
        owner = original_owner(fields, element)
        assert owner == _nearest_item_at_or_above(element, fields.index_of)
        owners.append(owner)
        return owner

    monkeypatch.setattr(rules_module, "_parents_by_nesting", checked)
    monkeypatch.setattr(_CommentFields, "_nearest_item", checked_owner)
    for path in paths:
        process_page(InputFile(path=path, name=path.name, data=path.read_bytes()), OPTIONS)
    assert len(compared) > 10 and sum(compared) > 10  # lists, and replies nested in them
    assert sum(owner is not None for owner in owners) > 100
