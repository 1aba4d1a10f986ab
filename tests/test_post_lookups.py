"""A post's fields are read by `rules._PostLookups`: each field's selectors in order, those the
page's index rules out skipped as they come, each selector's first hit found without the others
when it allows (`Selector.first`, `Selector.first_value`: the page's ids, element lists, first-hit
XPath). The same values as every hit of the rules `prune` keeps, read in order."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import HtmlElement

from blogmigrate.scrapers import choose_scraper, generic, indexed, rules
from blogmigrate.scrapers.selectors import Selector, all_values

from .conftest import CORPUS, PAGES, parsed_page, platform_rules

_TABLES = {table.name: table for table in platform_rules()}
_ELEMENT_FIELDS = ("scope", "body", "comments_closed", "comment_form")
_ALL_VALUES_FIELDS = ("categories", "tags")


def _first_element(scope: HtmlElement, rules: tuple[Selector, ...]) -> HtmlElement | None:
    """The first element of the first rule that finds any, from all its hits."""
    for rule in rules:
        elements = rule.elements(scope)
        if elements:
            return elements[0]
    return None


def _first_value(scope: HtmlElement, rules: tuple[Selector, ...]) -> str | None:
    """The first value of the first rule that has one, from all its hits."""
    for rule in rules:
        for _element, value in rule.values(scope):
            return value
    return None


def _same_as_pruned(path: Path) -> int:
    """Every field of the page's platform's post rules and of the generic ones, read both ways
    from the root and from the post's scope; returns how many fields had a value."""
    page = parsed_page(path)
    if page is None:  # the fixtures of what is not a page (empty, an image)
        return 0
    scraper, _detection = choose_scraper(page)
    root = page.root
    index = rules.page_index(page)
    found = 0
    for table in {_TABLES.get(scraper.name, generic.RULES), generic.RULES}:
        pruned = rules.prune(table.post, index)
        lookups = rules._PostLookups(index)
        with indexed.using(root, index.lists):
            post_scope = _first_element(root, pruned.scope)
            scope = root if post_scope is None else post_scope
            for start in (root, scope):
                for name, every in rules.selector_fields(table.post):
                    kept = getattr(pruned, name)
                    if name in _ELEMENT_FIELDS:
                        answer: object = lookups.element(start, every)
                        assert answer is _first_element(start, kept), (path.name, name)
                    elif name in _ALL_VALUES_FIELDS:
                        answer = all_values(start, lookups.possible(every))
                        assert answer == all_values(start, kept), (path.name, name)
                    else:
                        answer = lookups.value(start, every)
                        assert answer == _first_value(start, kept), (path.name, name)
                    found += answer is not None and answer != ()
    return found


def test_post_lookups_read_what_the_pruned_rules_read_on_every_fixture() -> None:
    assert sum(_same_as_pruned(path) for path in sorted(PAGES.rglob("*.html"))) > 1400


@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside")
def test_post_lookups_read_what_the_pruned_rules_read_on_corpus_pages() -> None:
    pages = sorted((CORPUS / "pages").glob("*.html"))[::4]
    assert sum(_same_as_pruned(path) for path in pages) > 1000


def test_no_post_rule_needs_what_comment_marks_add() -> None:
    """The index is asked about a post's rules after the comments were marked with their
    positions (``data-blogmigrate-comment="3"``): no post rule needs a digits-only attribute value
    or text, so an index that read its values after the marks allows the same rules."""
    for table in _TABLES.values():
        for _name, selectors in rules.selector_fields(table.post):
            for rule in selectors:
                for branch in rule.needs or ():
                    needed = [*branch.values, *branch.texts]
                    assert not any(text.isdigit() for text in needed), rule.source
