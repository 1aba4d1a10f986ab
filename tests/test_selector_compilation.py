"""Each selector is compiled once per text (``^x``, ``x`` and ``x::attr(y)`` share the query and
the plan, a CSS group is parsed once): every rule string the package compiles gives the same
selector as a plain derivation of that string alone."""

from __future__ import annotations

from typing import Any

import pytest
from cssselect import parse

import blogmigrate.cli  # noqa: F401  (every rule compiled, as in a run)
from blogmigrate.scrapers import csscompile, selectors
from blogmigrate.scrapers.csscompile import plan
from blogmigrate.scrapers.indexed import Compound, Plan
from blogmigrate.scrapers.selectors import Selector, compiled_selectors
from blogmigrate.xpath import fast_form

COMPILED = compiled_selectors()
PROBES = (None, "", "a", "b", "a b", "x-y", "post", "comment", "og:title", "http://x/y")


def plain_selector(source: str) -> dict[str, Any]:
    """The selector's fields, derived from its string alone, as `compile_selector` first did."""
    from_root, text, attr = selectors._source_parts(source)
    needs = None
    downward = local = below_only = False
    own_tag = None
    answer = None
    if not text:
        expression = "self::*"
    elif selectors._XPATH_START.match(text):
        expression = fast_form(text)
        own_tag = selectors._own_tag(text)
        downward = not from_root and selectors._downward_xpath(text)
        below_only = downward and not text.startswith("descendant-or-self::")
    else:
        branches = parse(text)
        expression = csscompile._one_walk(branches) or " | ".join(
            csscompile._branch_xpath(branch) for branch in branches
        )
        needs = tuple(csscompile._branch_needs(branch.parsed_tree) for branch in branches)
        downward = not from_root and all(
            csscompile._downward(branch.parsed_tree) for branch in branches
        )
        local = not from_root and all(csscompile._local(branch) for branch in branches)
        answer = plan(branches)
    return {
        "source": source,
        "path": fast_form(expression),
        "attr": attr,
        "from_root": from_root,
        "needs": needs,
        "downward": downward,
        "local": local,
        "below_only": below_only,
        "own_tag": own_tag,
        "itself": not text and not from_root,
        "plan": _plan_shape(answer),
    }


def _fields(selector: Selector) -> dict[str, Any]:
    return {
        "source": selector.source,
        "path": selector.xpath.path,
        "attr": selector.attr,
        "from_root": selector.from_root,
        "needs": selector.needs,
        "downward": selector.downward,
        "local": selector.local,
        "below_only": selector.below_only,
        "own_tag": selector.own_tag,
        "itself": selector.itself,
        "plan": _plan_shape(selector.plan),
    }


def _compound_shape(compound: Compound | None) -> object:
    """A compound with each attribute test as its answers to a few values (tests are functions)."""
    if compound is None:
        return None
    probes = (*PROBES, *(value for _name, value in compound.equals))
    attributes = tuple(
        (name, tuple(test(value) for value in probes)) for name, test in compound.attributes
    )
    return (compound.tag, compound.classes, compound.ids, attributes, compound.equals)


def _plan_shape(answer: Plan | None) -> object:
    if answer is None:
        return None
    chains = tuple(
        (
            key,
            tuple(_compound_shape(compound) for compound in chain.compounds),
            chain.combinators,
            _compound_shape(chain.last),
        )
        for key, chain in answer.chains
    )
    return (answer.kind, chains, _compound_shape(answer.descend))


def test_the_package_compiles_many_rule_strings() -> None:
    assert len(COMPILED) > 1200
    assert sum(selector.plan is not None for selector in COMPILED.values()) > 500
    assert sum(selector.from_root for selector in COMPILED.values()) > 200


@pytest.mark.parametrize("source", sorted(COMPILED))
def test_every_compiled_selector_is_its_plain_derivation(source: str) -> None:
    assert _fields(COMPILED[source]) == plain_selector(source)
