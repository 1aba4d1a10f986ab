"""Comment rules that start with a step testing only class substrings and names
(``.//*[contains(@class, 'comment-author')]/text()``, Movable Type's footer step) are answered from
the page's class list and the rest of the rule run once from the step's hits: the same hits, in the
same order, as the XPath run from the comment list's common ancestor."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

from blogmigrate.pipeline import PipelineOptions, process_page
from blogmigrate.scrapers import indexed, scopewise
from blogmigrate.scrapers import rules as rules_module
from blogmigrate.scrapers.rules import _CommentFields, _OwnScope
from blogmigrate.scrapers.selectors import Selector, selectors
from blogmigrate.sources import InputFile

from .conftest import CORPUS, PAGES
from .test_scopewise import COMMENT_RULES, watch_comment_fields

CLASS_PATHS = [rule for rule in COMMENT_RULES if rules_module._class_path(rule) is not None]


def _descendant_step(rule: Selector) -> scopewise.DescendantStep | None:
    """The descendant step a scopewise plan starts from (`_CommentFields._starts`), if any."""
    plan = rules_module._scopewise_plan(rule)
    if isinstance(plan, scopewise.BelowStep):
        return plan.step
    if isinstance(plan, scopewise.FirstString) and isinstance(plan.path, scopewise.DescendantStep):
        return plan.path
    return None


STEPS = {
    step.text: step
    for rule in COMMENT_RULES
    if (step := _descendant_step(rule)) is not None and step.classes is not None
}


def _same(found: list[object], expected: list[object]) -> bool:
    """The same elements (by identity) and strings (by value, and by the element they came from)."""
    if len(found) != len(expected):
        return False
    for hit, want in zip(found, expected, strict=True):
        if isinstance(want, etree.ElementBase):
            if hit is not want:
                return False
        elif (
            str(hit) != str(want)
            or getattr(hit, "getparent", lambda: None)()
            is not getattr(want, "getparent", lambda: None)()
        ):
            return False
    return True


class _Spy:
    """Runs every class-path comment rule and class step both ways from the common ancestor of
    each comment list the pipeline scrapes (while the page's lists answer from it)."""

    def __init__(self) -> None:
        self.compared = {"rules": 0, "steps": 0, "hits": 0}

    def check(self, fields: _CommentFields) -> None:
        container = fields.container
        if container is None or indexed.active_lists(container) is None:
            return
        for rule in CLASS_PATHS:
            expected = rule.hits(container)
            assert _same(fields._container_hits(rule), expected), rule.source
            self.compared["rules"] += 1
            self.compared["hits"] += len(expected)
        for step in STEPS.values():
            expected = step.query(container)
            assert isinstance(expected, list)
            assert _same(list(fields._class_step(step) or ()), expected), step.text
            self.compared["steps"] += 1


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> _Spy:
    watcher = _Spy()
    watch_comment_fields(monkeypatch, watcher.check)
    return watcher


def _convert(path: Path) -> None:
    process_page(InputFile(path=path, name=path.name, data=path.read_bytes()), PipelineOptions())


def test_the_platforms_have_class_path_rules_and_steps() -> None:
    sources = {rule.source for rule in CLASS_PATHS}
    assert ".//*[contains(@class, 'comment-author')]/text()[normalize-space()]" in sources
    assert len(CLASS_PATHS) >= 5 and len(STEPS) >= 2
    assert any(step.classes and step.classes.names for step in STEPS.values())


@pytest.mark.spies
def test_class_path_rules_find_what_their_xpath_finds_on_the_fixtures(spy: _Spy) -> None:
    for path in sorted(PAGES.rglob("*.html")):
        _convert(path)
    assert spy.compared["rules"] > 50 and spy.compared["steps"] > 0, spy.compared


@pytest.mark.spies
@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside us")
def test_class_path_rules_find_what_their_xpath_finds_on_corpus_pages(spy: _Spy) -> None:
    for path in sorted((CORPUS / "pages").glob("*.html")):
        _convert(path)
    assert spy.compared["hits"] > 500 and spy.compared["steps"] > 100, spy.compared


def test_the_shapes_answered_from_the_class_list() -> None:
    footer = (
        "descendant-or-self::*[contains(@class, 'a') or "
        "contains(concat(' ', normalize-space(@class), ' '), ' b ')]"
    )
    answered = {
        ".//*[contains(@class, 'x')]": ("x",),
        "descendant::*[ contains( @class , 'x' ) ]/a[1]/@href": ("x",),
        footer + "//a[@rel]": ("a",),
        ".//*[contains(@class, 'x')]/text()[normalize-space()]": ("x",),
    }
    for expression, texts in answered.items():
        path = scopewise.class_path(expression)
        assert path is not None and path.step.classes is not None, expression
        assert path.step.classes.texts == texts, expression
    footer_path = scopewise.class_path(footer)
    assert footer_path is not None and footer_path.step.classes is not None
    assert footer_path.step.classes.names == ("b",) and footer_path.rest is None
    for expression in [
        ".//*[contains(@class, 'x')][1]",
        ".//*[contains(@class, 'x')] = 'y'",
        ".//*[contains(@class, 'x')]/a | .//b",
        ".//*[contains(@class, '')]",
        ".//*[contains(@class, 'x') and contains(@class, 'y')]",
        ".//p[contains(@class, 'x')]",
        ".//*[contains(@id, 'x')]",
        ".//*[contains(concat(' ', normalize-space(@class), ' '), ' x y ')]",
        "normalize-space(.//*[contains(@class, 'x')])",
        "./*[contains(@class, 'x')]",
    ]:
        assert scopewise.class_path(expression) is None, expression


TRICKY = """<html><body><div id='list' class='list comment-list'>
<div class='comment' id='c1'><p class='by&#9;posted'>One <b class='posted'>x</b></p>
  <p class='unposted'>u</p><p class='postedby'>pb</p><p class='&#160;posted'>nb</p>
  <div class='comment' id='c2'><span class='comment-author  x'>Two</span> tail
    <span class='comment-author'> </span></div></div>
<div class='comment' id='c3'><p class=''>empty</p><p class='posted&#12;'>ff</p>
  <span class='x comment-authors'>Three<i>i</i>t</span></div>
</div></body></html>"""


@pytest.mark.parametrize(
    "rule",
    [
        ".//*[contains(@class, 'comment-author')]/text()[normalize-space()]",
        ".//*[contains(@class, 'comment-author')]",
        "descendant-or-self::*[contains(@class, 'list')]",
        ".//*[contains(@class, 'list') or contains(@class, 'posted')]//b",
        "descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' posted ')]",
        ".//*[contains(concat(' ', normalize-space(@class), ' '), ' posted ') or "
        "contains(@class, 'x')]/text()",
        ".//*[contains(@class, 'comment')]/@id",
        ".//*[contains(@class, 'comment-author')]//text()[1]",
    ],
)
def test_class_paths_keep_xpaths_answers_on_tricky_class_values(rule: str) -> None:
    root = html.document_fromstring(TRICKY)
    items = [element for element in root.iter("div") if element.get("id", "").startswith("c")]
    index_of = {id(item): position for position, item in enumerate(items)}
    (selector,) = selectors(rule)
    assert isinstance(selector, Selector) and rules_module._class_path(selector) is not None
    with indexed.using(root):
        owned = [_OwnScope(item, index_of) for item in items]
        fields = _CommentFields(owned, index_of)
        container = fields.container
        assert container is not None and container.get("id") == "list"
        assert indexed.active_lists(container) is not None  # answered from the lists
        expected = selector.hits(container)
        assert _same(fields._container_hits(selector), expected)
        assert expected or rule.endswith("//b")
