"""CSS selectors compiled to data: cssselect's parse of a rule's CSS, its XPath, what a page must
hold for it to find anything, its plan over the page's element lists (`indexed`), its XPath as
written and the XPath of its first hit.

`selectors` keeps what this gives for every rule's text between runs (`usercache`): a run imports
this module, and cssselect with it, only for a text the cache does not hold (the first run after
an install or an edit of the rules, or every run where no cache folder can be written). Compiled
by mypyc with the per-page modules (`compiled.COMPILED_MODULES`): a run without the cache compiles
every rule at its start.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from cssselect import parse
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Function, Hash, Tree
from cssselect.parser import Selector as CssSelector
from cssselect.xpath import XPathExpr, is_non_whitespace

from .csstranslator import TRANSLATOR as _TRANSLATOR
from .indexed import AttributeTest, Chain, Compound, Key, Plan
from .selectors import BranchNeeds


def css_data(
    text: str,
) -> tuple[str, tuple[BranchNeeds, ...], bool, bool, Plan | None, str | None, str | None]:
    """What the CSS group ``text`` compiles to: its XPath (one walk of the class values where the
    group allows it), each branch's needs, downward (no sibling combinators), local (one compound
    per branch), its plan (or None), its XPath as written (`written_css`) and the XPath of its
    first hit from the page's root (`first_hit`)."""
    branches = parsed(text)
    expression = _one_walk(branches) or " | ".join(_branch_xpath(b) for b in branches)
    needs = tuple(_branch_needs(branch.parsed_tree) for branch in branches)
    downward = all(_downward(branch.parsed_tree) for branch in branches)
    local = all(_local(branch) for branch in branches)
    return (
        expression,
        needs,
        downward,
        local,
        plan(branches),
        written_css(branches),
        first_hit(branches),
    )


def written_css(branches: Sequence[CssSelector]) -> str | None:
    """The XPath of a CSS group searched from its scope, as cssselect translates it
    (``css_to_xpath``, with this package's combinators, without the walks of class values); None
    for a group with a pseudo-element, which cssselect does not translate."""
    if any(branch.pseudo_element is not None for branch in branches):
        return None
    return " | ".join(f"descendant-or-self::{_xpath_of(branch.parsed_tree)}" for branch in branches)


def first_hit(branches: Sequence[CssSelector]) -> str | None:
    """For a group of one compound (``img[src*='x']``, ``[id^='Blog1']``,
    ``script:contains('x')``) searched from the page's root, the XPath of the first element it
    finds in document order, ``/descendant::img[…][1]``, at which libxml2 stops walking; None
    for other groups."""
    if len(branches) != 1 or branches[0].pseudo_element is not None:
        return None
    tree = branches[0].parsed_tree
    if isinstance(tree, CombinedSelector):
        return None
    expression = _xpath_of(tree)
    condition = expression.condition
    if expression.path or not condition or "position()" in condition or "last()" in condition:
        return None
    return f"/descendant::{expression.element}[{condition}][1]"


@functools.cache
def _xpath_of(tree: Tree) -> XPathExpr:
    """cssselect's translation of a parsed tree (a branch, or a compound of one), made once: the
    group's XPath, its XPath as written and its first hit's all read it. (Trees live as long as
    `parsed` keeps them; nothing here changes a translation once made.)"""
    return _TRANSLATOR.xpath(tree)


@functools.cache
def parsed(css: str) -> tuple[CssSelector, ...]:
    """cssselect's parse of a CSS group, once per text (a fingerprint's group is compiled and
    split into its branches)."""
    return tuple(parse(css))


def _one_walk(branches: Sequence[CssSelector]) -> str | None:
    """A group of single compounds that each require a class (``.entry-content, .entry-body,
    div.entry``) as ONE walk of the class values, testing each candidate against every compound:
    a union of one walk per branch costs a walk per branch and a sort. None for other groups."""
    if len(branches) < 2:
        return None
    tests: list[str] = []
    conditions: list[str] = []
    for branch in branches:
        anchor = _anchor(branch.parsed_tree)
        if not _local(branch) or anchor is None or anchor[0] != "class" or "'" in anchor[1]:
            return None
        expression = _xpath_of(branch.parsed_tree)
        condition = expression.condition or "true()"
        if expression.element != "*":
            condition = f"self::{expression.element} and ({condition})"
        tests.append(f"contains(., '{anchor[1]}')")
        conditions.append(f"({condition})")
    return (
        f"descendant-or-self::*/@class[{' or '.join(dict.fromkeys(tests))}]"
        f"/parent::*[{' or '.join(conditions)}]"
    )


def _local(branch: CssSelector) -> bool:
    node: object = branch.parsed_tree
    while isinstance(node, Class | Hash | Attrib):
        node = node.selector
    return isinstance(node, Element) and branch.pseudo_element is None


def _downward(tree: object) -> bool:
    """Only descendant and child combinators (no ``+`` or ``~``, which look at siblings)."""
    while isinstance(tree, CombinedSelector):
        if tree.combinator not in (" ", ">"):
            return False
        tree = tree.selector
    return True


def _branch_xpath(branch: CssSelector) -> str:
    """cssselect's XPath for one branch of a CSS group; when its first step requires a class or id
    (``.reply``, ``li.comment``, ``#respond.open``, ``.comment-author a``), that step walks the class
    or id attribute values instead of the elements: a predicate tested on every element costs more
    than a substring test on every class value. The step's full condition is still applied to each
    candidate, so the nodes are the same."""
    first = branch.parsed_tree
    while isinstance(first, CombinedSelector):
        first = first.selector
    expression = _xpath_of(first)
    plain = f"descendant-or-self::{_xpath_of(branch.parsed_tree)}"
    if branch.pseudo_element is not None:
        return plain
    condition = expression.condition
    anchor = _anchor(first)
    element = expression.element
    step = f"descendant-or-self::{element}[{condition}]"
    if (
        expression.path
        or anchor is None
        or "'" in anchor[1]
        or "position()" in condition
        or "last()" in condition
        or not (plain == step or plain.startswith(step + "/"))
    ):
        return plain
    attribute, value = anchor
    anchored = (
        f"descendant-or-self::{element}/@{attribute}[contains(., '{value}')]/parent::*[{condition}]"
    )
    return anchored + plain[len(step) :]


def _anchor(tree: object) -> tuple[str, str] | None:
    """A class or id the compound selector requires (not under a negation), to find it by."""
    node = tree
    while node is not None:
        if isinstance(node, Class):
            return "class", node.class_name
        if isinstance(node, Hash):
            return "id", node.id
        node = getattr(node, "selector", None)  # a negation's own part is its subselector
    return None


def _branch_needs(tree: object) -> BranchNeeds:
    """The class names, ids, attribute values and source texts a CSS branch requires."""
    classes: set[str] = set()
    values: set[str] = set()
    texts: list[str] = []
    source: list[bytes] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, Class):
            classes.add(node.class_name)
        elif isinstance(node, Hash):
            values.add(node.id)
        elif isinstance(node, Attrib):
            value = getattr(node.value, "value", node.value)
            if node.operator == "exists":
                if node.attrib.isascii():
                    source.append(node.attrib.lower().encode())
            elif isinstance(value, str) and value:
                if node.operator == "=":  # the whole value
                    values.add(value)
                else:
                    texts.append(value)
        elif isinstance(node, Function) and _is_script_text_test(node):
            source.append(str(node.arguments[0].value).lower().encode())
        if isinstance(node, CombinedSelector):
            pending.extend((node.selector, node.subselector))
        elif hasattr(node, "selector"):
            pending.append(node.selector)
    return BranchNeeds(
        frozenset(classes), frozenset(values), tuple(dict.fromkeys(texts)), tuple(source)
    )


def _is_script_text_test(node: Function) -> bool:
    """``script:contains('x')``: a script's text is written in the source as it is (no entities,
    no child elements), so the source must contain it; other elements' text may be encoded."""
    element = getattr(node.selector, "element", None)
    return (
        node.name == "contains"
        and element in ("script", "style")
        and len(node.arguments) == 1
        and node.arguments[0].type == "STRING"
        and str(node.arguments[0].value).isascii()
    )


def plan(branches: Sequence[CssSelector]) -> Plan | None:
    """The plan of a CSS group, or None when some branch cannot be answered from the lists."""
    kinds: set[str] = set()
    chains: list[tuple[Key, Chain]] = []
    for branch in branches:
        if branch.pseudo_element is not None:
            return None
        parts = _chain(branch.parsed_tree)
        if parts is None:
            return None
        anchored = parts[0][-1].anchored()
        if anchored is None:
            return _descending(parts) if len(branches) == 1 else None
        kind, key, last = anchored
        kinds.add(kind)
        chains.append((key, Chain(parts[0], parts[1], last)))
    if len(kinds) != 1:
        return None
    return Plan(kinds.pop(), tuple(chains))


def _descending(parts: tuple[tuple[Compound, ...], tuple[str, ...]]) -> Plan | None:
    """``.fn a``: the chain up to an anchored compound, then a tag below it."""
    compounds, combinators = parts
    last = compounds[-1]
    if len(compounds) < 2 or combinators[-1] != " " or last.tag is None:
        return None
    anchored = compounds[-2].anchored()
    if anchored is None:
        return None
    kind, key, rest = anchored
    return Plan(kind, ((key, Chain(compounds[:-1], combinators[:-1], rest)),), last)


def _chain(tree: object) -> tuple[tuple[Compound, ...], tuple[str, ...]] | None:
    compounds: list[Compound] = []
    combinators: list[str] = []
    node = tree
    while isinstance(node, CombinedSelector):
        if node.combinator not in (" ", ">"):
            return None
        compound = _compound(node.subselector)
        if compound is None:
            return None
        compounds.append(compound)
        combinators.append(node.combinator)
        node = node.selector
    compound = _compound(node)
    if compound is None:
        return None
    compounds.append(compound)
    return tuple(reversed(compounds)), tuple(reversed(combinators))


def _compound(tree: object) -> Compound | None:
    classes: list[str] = []
    ids: list[str] = []
    attributes: list[tuple[str, AttributeTest]] = []
    equals: list[tuple[str, str]] = []
    node = tree
    while isinstance(node, Class | Hash | Attrib):
        if isinstance(node, Class):
            classes.append(node.class_name)
        elif isinstance(node, Hash):
            ids.append(node.id)
        else:
            if node.namespace or getattr(node, "flag", None):
                return None
            value = getattr(node.value, "value", node.value)
            test = attribute_test(node.operator, value if isinstance(value, str) else None)
            if test is None:
                return None
            attributes.append((node.attrib.lower(), test))
            if node.operator == "=" and isinstance(value, str):
                equals.append((node.attrib.lower(), value))
        node = node.selector
    if not isinstance(node, Element) or node.namespace:
        return None
    tag = node.element.lower() if node.element and node.element != "*" else None
    return Compound(
        tag,
        tuple(reversed(classes)),
        tuple(reversed(ids)),
        tuple(reversed(attributes)),
        tuple(reversed(equals)),
    )


def attribute_test(operator: str, value: str | None) -> AttributeTest | None:
    """cssselect's translation of ``[name <operator> value]`` as a test of the value; None for an
    operator it has no translation for here."""
    if operator == "exists":
        return AttributeTest("exists")
    if value is None:
        return None
    if operator == "!=" and not value:  # cssselect writes ``@name != ''``: the attribute is there
        return AttributeTest("present-and-!=", value)
    if operator == "~=" and not (value and is_non_whitespace(value)):
        return AttributeTest("never")
    if operator in ("^=", "$=", "*=") and not value:
        return AttributeTest("never")
    if operator in ("=", "!=", "~=", "|=", "^=", "$=", "*="):
        return AttributeTest(operator, value)
    return None
