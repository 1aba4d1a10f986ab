"""Comment rules run once from every comment scope (`scopewise`) give each comment what its own
search gives: hits from fixed-depth paths, strings of a path's first node computed in Python."""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import pytest
from lxml import etree, html

from blogmigrate import scrapers
from blogmigrate.pipeline import PipelineOptions, process_page
from blogmigrate.scrapers import rules as rules_module
from blogmigrate.scrapers.rules import CommentRules, PlatformRules, _CommentFields, _OwnScope
from blogmigrate.scrapers.scopewise import (
    BelowStep,
    FirstString,
    FixedDepth,
    scopewise_plan,
    sibling_plan,
    string_value,
)
from blogmigrate.scrapers.selectors import Selector, selectors
from blogmigrate.sources import InputFile

from .conftest import CORPUS, PAGES


def _all_comment_rules() -> list[Selector]:
    """Every selector of every comment field of every platform's rules."""
    found: dict[str, Selector] = {}
    for module_info in pkgutil.iter_modules(scrapers.__path__):
        module = import_module(f"{scrapers.__name__}.{module_info.name}")
        for value in vars(module).values():
            table = value.comments if isinstance(value, PlatformRules) else value
            if isinstance(table, CommentRules):
                for _name, selectors in rules_module.selector_fields(table):
                    for rule in selectors:
                        found.setdefault(rule.source, rule)
    return list(found.values())


COMMENT_RULES = _all_comment_rules()
PLANNED = [rule for rule in COMMENT_RULES if rules_module._scopewise_plan(rule) is not None]
SIBLINGS = [rule for rule in COMMENT_RULES if rules_module._sibling_plan(rule) is not None]
COMPANIONS = rules_module._companions


def _comparable(hits: list[object]) -> list[object]:
    """Elements as themselves, strings (computed or attribute values) as plain text."""
    return [hit if isinstance(hit, etree.ElementBase) else str(hit) for hit in hits]


class _Spy:
    """Runs every planned comment rule of every platform both ways on each comment list the
    pipeline scrapes, and counts the comparisons by the plan's kind."""

    def __init__(self) -> None:
        self.compared = dict.fromkeys(
            ("fixed", "descendant string", "fixed string", "below", "siblings"), 0
        )

    def check_companions(self, items: list[html.HtmlElement], index_of: dict[int, int]) -> None:
        for rule in SIBLINGS:
            batched = COMPANIONS([rule], items, index_of)
            assert batched == [rule.elements(item) for item in items], rule.source
            self.compared["siblings"] += 1

    def check(self, fields: _CommentFields) -> None:
        positions = set(range(len(fields.owned)))
        for rule in PLANNED:
            batched = fields._scopewise(rule, positions)
            if batched is None:
                continue
            for position, own in enumerate(fields.owned):
                expected = _comparable(own.hits(rule))
                assert _comparable(batched.get(position, [])) == expected, (rule.source, position)
            plan = rules_module._scopewise_plan(rule)
            if isinstance(plan, FirstString):
                fixed = isinstance(plan.path, FixedDepth)
                kind = "fixed string" if fixed else "descendant string"
            else:
                kind = "fixed" if isinstance(plan, FixedDepth) else "below"
            self.compared[kind] += 1


def watch_comment_fields(
    monkeypatch: pytest.MonkeyPatch, check: Callable[[_CommentFields], None]
) -> None:
    """Call ``check`` with every comment list's fields as soon as they are made."""
    original = _CommentFields.__init__

    def init(self: _CommentFields, owned: list[_OwnScope], index_of: dict[int, int]) -> None:
        original(self, owned, index_of)
        check(self)

    monkeypatch.setattr(_CommentFields, "__init__", init)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> _Spy:
    watcher = _Spy()
    watch_comment_fields(monkeypatch, watcher.check)

    def companions_compared(
        rules: list[Selector], items: list[html.HtmlElement], index_of: dict[int, int]
    ) -> list[list[html.HtmlElement]]:
        watcher.check_companions(items, index_of)
        return COMPANIONS(rules, items, index_of)

    monkeypatch.setattr(rules_module, "_companions", companions_compared)
    return watcher


def _convert(path: Path) -> None:
    process_page(InputFile(path=path, name=path.name, data=path.read_bytes()), PipelineOptions())


@pytest.mark.spies
def test_every_planned_comment_rule_gives_each_comments_own_hits_on_the_fixtures(spy: _Spy) -> None:
    for path in sorted(PAGES.rglob("*.html")):
        _convert(path)
    assert all(count > 0 for count in spy.compared.values()), spy.compared
    assert sum(spy.compared.values()) > 300


@pytest.mark.spies
@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside us")
def test_every_planned_comment_rule_gives_each_comments_own_hits_on_corpus_pages(
    spy: _Spy,
) -> None:
    for path in sorted((CORPUS / "pages").glob("*.html")):
        _convert(path)
    assert spy.compared["descendant string"] > 100


def test_the_rules_shapes_that_run_from_all_scopes_at_once() -> None:
    fixed = ["self::*[contains(@class, 'x')]", "./small", "./p | ./ul", "self::dd/*[@a]"]
    fixed += ["./p[last()]/a/@href", "self::*", "self::*[parent::*[@id]]", "x/y[2]/@z"]
    for expression in fixed:
        assert isinstance(scopewise_plan(expression), FixedDepth), expression
    assert [scopewise_plan(path).depth for path in fixed] == [0, 1, 1, 1, 2, 0, 0, 2]  # type: ignore[union-attr]
    strings = ["normalize-space(.//p)", "substring-after(descendant::p[@a], ':')"]
    strings += ["concat(substring-before(descendant-or-self::*[b], 'x'), ' ')", "string(./p/@a)"]
    for expression in strings:
        assert isinstance(scopewise_plan(expression), FirstString), expression
    below = {
        ".//p/a": 1,
        ".//p[@a]": 0,
        "descendant::p[@a]//a[1]/@b": None,
        "descendant-or-self::*[b]/@c": 0,
    }
    for expression, depth in below.items():
        plan = scopewise_plan(expression)
        assert isinstance(plan, BelowStep) and plan.depth == depth, expression
    below_only = [scopewise_plan(path).step.below_only for path in below]  # type: ignore[union-attr]
    assert below_only == [True, True, True, False]
    not_planned = [
        ".//p[1]/a",
        ".//p//a/b",
        ".//p//a/text()",
        "./p | ./p/a",
        "following-sibling::p",
        "../p",
        "//p",
        ".//p[1]",
        "./p/text()",
    ]
    not_planned += ["normalize-space(.//p[1])", "normalize-space(.//p/a)", "substring(.//p, 2)"]
    not_planned += ["substring-after(.//p, .//a)", "normalize-space(.//p) = 'a'", "id(.//p)"]
    not_planned += ["concat(.//p, ./a)", "normalize-space(descendant::p[last()])"]
    for expression in not_planned:
        assert scopewise_plan(expression) is None, expression
    siblings = {"self::dt/following-sibling::*[1][self::dd]": 1, "preceding-sibling::*[2][a]": -2}
    for expression, offset in siblings.items():
        assert getattr(sibling_plan(expression), "offset", None) == offset, expression
    for expression in [
        "following-sibling::dd[1]",
        "preceding-sibling::*[a][1]",
        "./a/following-sibling::*[1]",
    ]:
        assert sibling_plan(expression) is None, expression


@pytest.mark.parametrize(
    "expression",
    [
        "normalize-space(descendant-or-self::p)",
        "normalize-space(substring-before(substring-after(normalize-space(.//p), ':'), ' | '))",
        "substring-after(descendant::p, '')",
        "substring-before(descendant::p, '')",
        "substring-after(descendant::p, 'absent')",
        "concat(substring-after(normalize-space(descendant::p), 'by'), '!')",
        "normalize-space(./p/@title)",
        "string(./q)",
    ],
)
def test_string_functions_are_xpaths_own(expression: str) -> None:
    page = html.document_fromstring(
        "<html><body><div id='a'><p title=' t\u00a0 x '>\u00a0Posted\tby:\r\n Ann |"
        " <b>May\u2003 1</b> </p><p>second</p></div><div id='b'></div></body></html>"
    )
    scopes = page.xpath("//div")
    plan = scopewise_plan(expression)
    assert isinstance(plan, FirstString)
    (rule,) = selectors(expression)
    for scope in scopes:
        path = plan.path
        query = path.query if isinstance(path, FixedDepth) else path.from_scopes
        found = query(scope, scopes=[scope])
        assert isinstance(found, list)
        first = string_value(found[0]) if found else ""
        assert plan.string_of(first) == str(rule.xpath(scope)), (expression, scope.get("id"))


TANGLED = """<html><body><div id="list">
<div class="c" id="c1"><p class="f">By: Ann | May 1 <a href="#c1">here</a></p>
  <div class="f"><div class="c" id="c2"><p>Reply <a href="#c2">there</a></p></div></div></div>
<!-- not an element: not counted among siblings --><?pi also not?>
<p class="posted">Posted by: Ann | May 2 <a rel="nofollow" href="http://a.example">Ann</a></p>
<div class="c f" id="c3"><a href="#c3">self</a><small>s</small>
  <div class="c f" id="c4"><a href="#c4">four</a></div></div>
<p class="posted">Posted by:\u00a0Cy</p>
</div></body></html>"""

TANGLED_RULES = [
    "descendant-or-self::*[contains(@class, 'f')]//a",  # c2's link lies in c1's .f: c1's, not c2's
    ".//*[contains(@class, 'f')]//a",  # c4 is a .f itself (found from c3): not below itself
    "descendant-or-self::*[contains(@class, 'f')]/a/@href",
    "descendant-or-self::*[contains(@class, 'f') or contains(@class, 'posted')]/a",
    ".//a",
    "descendant-or-self::a",
    "normalize-space(.//*[contains(@class, 'c')])",  # c1's first is c2, never itself
    "normalize-space(descendant-or-self::*[contains(@class, 'c')])",
    "normalize-space(substring-after(descendant-or-self::*[contains(@class, 'posted')], ':'))",
    "substring-before(normalize-space(descendant-or-self::p), ' | ')",
    "normalize-space(./p)",
    "./small",
    "./p/a",
    "self::*[contains(@class, 'f')]",
    "self::p/a/@href",
]


def test_rules_run_from_all_scopes_keep_each_scope_to_what_lies_in_it() -> None:
    root = html.document_fromstring(TANGLED)
    items = [item for item in root.iter("div") if item.get("id", "").startswith("c")]
    assert [item.get("id") for item in items] == ["c1", "c2", "c3", "c4"]
    index_of = {id(item): position for position, item in enumerate(items)}
    for position, item in enumerate(items):
        item.set("data-blogmigrate-comment", str(position))
    companion = selectors("self::div/following-sibling::*[1][self::p]")
    companions = COMPANIONS(companion, items, index_of)
    assert companions == [companion[0].elements(item) for item in items]
    assert [len(found) for found in companions] == [1, 0, 1, 0]
    for other in selectors("preceding-sibling::*[1][self::p]", "following-sibling::*[2]"):
        assert COMPANIONS([other], items, index_of) == [other.elements(item) for item in items]
    owned = [_OwnScope(item, index_of, companions[position]) for position, item in enumerate(items)]
    fields = _CommentFields(owned, index_of)
    assert fields.companion_of
    for rule in selectors(*TANGLED_RULES):
        batched = fields._scopewise(rule, {0, 1, 2, 3})
        assert batched is not None, rule.source
        expected = [_comparable(own.hits(rule)) for own in owned]
        assert [_comparable(batched.get(position, [])) for position in range(4)] == expected, (
            rule.source
        )
    (nested_link,) = selectors(TANGLED_RULES[0])
    assert [len(own.hits(nested_link)) for own in owned] == [1, 0, 1, 1]


def test_an_item_inside_its_own_companion_is_searched_comment_by_comment() -> None:
    root = html.document_fromstring(
        "<html><body><div id='list'><div class='wrap'><p class='c' id='c1'>One</p></div>"
        "<p class='c' id='c2'>Two</p></div></body></html>"
    )
    items = list(root.iter("p"))
    index_of = {id(item): position for position, item in enumerate(items)}
    wrapper = items[0].getparent()
    owned = [_OwnScope(items[0], index_of, [wrapper]), _OwnScope(items[1], index_of)]
    fields = _CommentFields(owned, index_of)
    assert fields.companion_of is None  # the item would be found from both of its scopes
    (rule,) = selectors("self::p")
    assert fields._scopewise(rule, {0, 1}) is None
    assert fields.values(selectors("self::p")) == ["One", "Two"]
