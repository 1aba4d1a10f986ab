"""XPath rules run once for many scopes (every comment item and companion), each hit traced back
to the scope it was found from, where the rule's shape makes that exact.

A comment rule that cannot be answered from the comment list's common ancestor (its path looks at
the scope itself, or it computes a string) used to be run from each comment's scopes in turn: one
XPath call each, ~4-6 µs, hundreds per page. XPath evaluates ``$scopes/step…`` by running the
relative path from every node of ``$scopes`` and joining the results, so two shapes can be run
once for all of them:

- **Fixed depth**: ``self::``/child steps and a final attribute (``self::dt/a[…]``, ``./small``,
  ``./p[last()]/a/@href``, ``self::*[contains(@class, 'x')]``; a union of such paths of one
  depth). Each step is evaluated per context node, as from the scope alone (positions included);
  a hit ``k`` child steps down lies exactly ``k`` levels below the scope it comes from.
- **Below a descendant step**: one ``descendant(-or-self)::`` step D without positional
  predicates, then nothing, a fixed-depth path or one more element step after ``//``
  (``descendant-or-self::*[…]//a[…]``, ``.//*[…]/a[@rel]``). D's hits from a scope are those of
  the joined query inside it, so a hit is found from every scope holding the D element it comes
  from (the hit's fixed-depth ancestor, or any D element above it for ``//``).
- **A string of the first hit**: ``normalize-space()``, ``substring-before()``,
  ``substring-after()``, ``concat()`` and ``string()`` of a node-set path, literals for the other
  arguments (``normalize-space(substring-after(normalize-space(descendant-or-self::*[…]), ':'))``).
  XPath 1.0 takes the string-value of the path's first node in document order; the functions are
  applied here, as XPath defines them. The path must be one fixed-depth path or a single
  ``descendant(-or-self)::`` step without positional predicates, whose hits from a scope are those
  of the joined query inside it: the first in document order then comes from one climb per hit.

Comment items' companions (``self::div/following-sibling::*[1][…]``) are found the same way
(`Sibling`): the hit ``N`` element siblings after an item comes from that item alone.

`tests/test_scopewise.py` compares both ways with every comment rule of every platform on the
comment lists of the fixtures and of the corpus pages, and on a tangled list (nested replies
inside the elements a rule starts from, scopes that match the rule's own first step).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree
from lxml.etree import XPath  # named directly in dataclass fields, which mypyc resolves by name
from lxml.html import HtmlElement

from ..xpath import compile_xpath, element_text, matching_bracket, positional

_SPACE = re.compile(r"[ \t\r\n]+")
"""The white space of XPath's normalize-space (not Python's wider ``str.split``)."""
_STEP = re.compile(r"(?:(self|child)::)?(\*|[A-Za-z_][\w.-]*)")
_ATTRIBUTE_STEP = re.compile(r"(?:@|attribute::)([A-Za-z_][\w.-]*)")
_DESCENDANT_STEP = re.compile(r"(descendant-or-self::|descendant::|\.//)(\*|[A-Za-z_][\w.-]*)")
_FUNCTION = re.compile(r"(normalize-space|substring-before|substring-after|concat|string)\(")
_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_ARITY = {
    "normalize-space": (1, 1),
    "substring-before": (2, 2),
    "substring-after": (2, 2),
    "concat": (2, 99),
    "string": (1, 1),
}

StringOf = Callable[[str], str]
"""What a string rule makes of the string-value of its path's first node."""


@dataclass(frozen=True, slots=True)
class FixedDepth:
    """A path of ``self::`` and child steps (perhaps a final attribute), as one query from all
    scopes: its hits lie ``depth`` element levels below the scope they come from."""

    query: XPath
    depth: int


@dataclass(frozen=True, slots=True)
class ClassTests:
    """A predicate of ``contains(@class, 'text')`` and class-name tests (``contains(concat(' ',
    normalize-space(@class), ' '), ' name ')``, `common.class_test`) joined by ``or``."""

    texts: tuple[str, ...]
    """The class value holds one of these as a substring."""
    names: tuple[str, ...]
    """The class value holds one of these as a name (as ``normalize-space()`` splits it)."""


@dataclass(frozen=True, slots=True)
class DescendantStep:
    """One ``descendant(-or-self)::`` step (or ``.//``) without positional predicates, as written
    (`text`). Its hits from a scope are the hits from any element around the scope that lie in
    it (below it, for ``below_only``): rules sharing the step (Movable Type's footer) share one
    run of it, from the comment list's common ancestor."""

    text: str
    below_only: bool
    query: XPath
    """The step, from one element (the common ancestor)."""
    from_scopes: XPath
    """The step from every scope (``$scopes/…``), when there is no common ancestor."""
    classes: ClassTests | None = None
    """For ``*[…]`` whose one predicate only tests the class attribute (`ClassTests`): the step's
    hits can be found in the page's class list (`class_path`)."""


@dataclass(frozen=True, slots=True)
class FirstString:
    """A string function of a path's first node in each scope: a fixed-depth path, or a
    descendant step whose hits belong to every scope around them."""

    path: FixedDepth | DescendantStep
    string_of: StringOf


@dataclass(frozen=True, slots=True)
class BelowStep:
    """A descendant step D, then nothing, a fixed-depth path (``D/a[…]``, ``D/@title``) or one
    more step after ``//`` (``D//a[…]``, perhaps ``/@href``): a hit is a scope's when the D
    element it was found from lies in that scope (below it, for ``below_only``)."""

    step: DescendantStep
    rest: XPath | None
    """The rest of the path from D's hits (``$starts/…``); None: D's hits are the rule's."""
    depth: int | None
    """Element levels from the hit up to its D element; None: any D hit above the hit's
    element (``D//…``)."""


ScopewisePlan = FixedDepth | FirstString | BelowStep


def scopewise_plan(expression: str) -> ScopewisePlan | None:
    """How to run an XPath rule (as written) for all scopes at once; None when it cannot be."""
    expression = expression.strip()
    fixed = _fixed_depth(expression)
    if fixed is not None:
        return fixed
    below = _below_step(expression)
    if below is not None:
        return below
    parsed = _string_function(expression)
    if parsed is None:
        return None
    string_of, path = parsed
    first = _fixed_depth(path) or _descendant_step(path)
    return None if first is None else FirstString(first, string_of)


_STEPS: dict[str, DescendantStep | None] = {}


def _descendant_step(path: str) -> DescendantStep | None:
    """``descendant(-or-self)::T[…]`` or ``.//T[…]``, one step without positional predicates
    (one object per step text, shared by the rules that start with it)."""
    if path not in _STEPS:
        found = _DESCENDANT_STEP.match(path)
        _STEPS[path] = (
            None
            if found is None or not _only_predicates(path, found.end(), any_position=False)
            else DescendantStep(
                path,
                found.group(1) != "descendant-or-self::",
                compile_xpath(path),
                compile_xpath(_from_scopes([path])),
                _class_tests(path, found.end()) if found.group(2) == "*" else None,
            )
        )
    return _STEPS[path]


_CLASS_TEST = (
    r"\s*(?:contains\(\s*@class\s*,\s*'([^']+)'\s*\)"
    r"|contains\(\s*concat\(\s*' '\s*,\s*normalize-space\(\s*@class\s*\)\s*,\s*' '\s*\)\s*,"
    r"\s*' ([^'\s]+) '\s*\))\s*"
)
_CLASS_TESTS = re.compile(rf"\[{_CLASS_TEST}(?:or{_CLASS_TEST})*\]")
_ONE_CLASS_TEST = re.compile(_CLASS_TEST)


def _class_tests(step: str, position: int) -> ClassTests | None:
    """The class tests of a step's one predicate (after ``position``) when it holds nothing else
    (non-empty texts, names without white space)."""
    if _CLASS_TESTS.fullmatch(step, position) is None:
        return None
    found = _ONE_CLASS_TEST.findall(step, position)
    return ClassTests(
        tuple(text for text, _ in found if text), tuple(name for _, name in found if name)
    )


@dataclass(frozen=True, slots=True)
class ClassPath:
    """A rule that starts with a descendant step testing only class substrings (`DescendantStep`
    ``classes``), as `rules._CommentFields` runs it from the comment list's common ancestor:
    the step's hits come from the page's class list instead of a walk of the list, and the rest
    of the rule runs once from them all (XPath evaluates a path step by step, each step from
    every node the previous one found: ``D/rest`` is ``$starts/rest`` with ``$starts`` D's hits)."""

    step: DescendantStep
    rest: XPath | None
    """``$starts`` and what follows the step, from the same context node; None: the step's hits
    are the rule's."""


def class_path(expression: str) -> ClassPath | None:
    """The rule (as written) as a class step and the rest, or None when it does not start with
    one or what follows could read the step otherwise than as a path (``D[1]``, ``D = 'x'``)."""
    expression = expression.strip()
    found = _DESCENDANT_STEP.match(expression)
    end = None if found is None else _predicates_end(expression, found.end(), any_position=False)
    step = None if end is None else _descendant_step(expression[:end])
    if step is None or end is None or step.classes is None:
        return None
    rest = expression[end:]
    if not rest:
        return ClassPath(step, None)
    if not rest.startswith("/") or _split_top(rest, "|") != [rest]:
        return None
    return ClassPath(step, compile_xpath(f"$starts{rest}"))


def _below_step(path: str) -> BelowStep | None:
    """``D``, ``D/fixed-depth path`` or ``D//T[…]`` (or ``D/descendant::T[…]`` without positional
    predicates, as CSS's descendant combinator is written; then perhaps ``/@a``), D one
    descendant step."""
    found = _DESCENDANT_STEP.match(path)
    end = None if found is None else _predicates_end(path, found.end(), any_position=False)
    step = None if end is None else _descendant_step(path[:end])
    if step is None or end is None:
        return None
    rest = path[end:]
    if not rest:
        return BelowStep(step, None, 0)
    axis = "//" if rest.startswith("//") else "/descendant::" * rest.startswith("/descendant::")
    if axis:
        parts = _split_top(rest[len(axis) :], "/")
        if not parts or len(parts) > 2 or _branch_depth(parts[0]) != 1:
            return None
        if len(parts) == 2 and _ATTRIBUTE_STEP.fullmatch(parts[1].strip()) is None:
            return None
        name = _STEP.match(parts[0])
        if axis != "//" and (
            name is None or not _only_predicates(parts[0], name.end(), any_position=False)
        ):
            return None  # ``/descendant::a[1]``: the first below each D element, not below any
        return BelowStep(step, compile_xpath(f"$starts{rest}"), None)
    depth = _branch_depth(rest[1:]) if rest.startswith("/") else None
    return None if depth is None else BelowStep(step, compile_xpath(f"$starts{rest}"), depth)


@dataclass(frozen=True, slots=True)
class Sibling:
    """``self::T[…]/following-sibling::*[N][…]`` (``preceding-sibling``; the ``self::`` steps
    optional): the element ``offset`` element siblings after the scope (before it, when
    negative), tested. The scopes are tested at once (`tests`), their siblings found in Python
    (libxml2 walks every later sibling for ``following-sibling::*[1]``: quadratic on a flat
    comment list), and those tested at once (`check`)."""

    tests: XPath | None
    """``$scopes/self::T[…]``: the scopes the path starts from (None: all)."""
    offset: int
    check: XPath | None
    """``$found/self::*[…]``: the predicates after ``[N]`` (None: none)."""

    def pairs(self, scopes: list[HtmlElement]) -> list[tuple[HtmlElement, HtmlElement]]:
        """Each hit with the scope it was found from, in the scopes' order."""
        starts = scopes if self.tests is None else _elements(self.tests(scopes[0], scopes=scopes))
        found: list[tuple[HtmlElement, HtmlElement]] = []
        for start in starts:
            sibling = _element_sibling(start, self.offset)
            if sibling is not None:
                found.append((start, sibling))
        if self.check is None or not found:
            return found
        kept = {
            id(hit) for hit in _elements(self.check(scopes[0], found=[hit for _, hit in found]))
        }
        return [(start, hit) for start, hit in found if id(hit) in kept]


def _element_sibling(element: HtmlElement, offset: int) -> HtmlElement | None:
    """The element ``offset`` element siblings after this one (before it, when negative):
    comments and processing instructions, whose tag is not a string, are not counted."""
    node: HtmlElement | None = element
    for _ in range(abs(offset)):
        node = node.getnext() if offset > 0 else node.getprevious()  # type: ignore[union-attr]
        while node is not None and not isinstance(node.tag, str):
            node = node.getnext() if offset > 0 else node.getprevious()
        if node is None:
            return None
    return node


def _elements(found: object) -> list[HtmlElement]:
    assert isinstance(found, list)
    return found


_SIBLING_STEP = re.compile(r"(following|preceding)-sibling::\*\[\s*([1-9]\d*)\s*\]")


def sibling_plan(expression: str) -> Sibling | None:
    """How to run a rule of that shape (as written) for all scopes at once; None for others."""
    steps = _split_top(expression.strip(), "/")
    if not steps or "" in steps:
        return None
    *tests, last = (step.strip() for step in steps)
    for test in tests:
        found = _STEP.match(test)
        if found is None or found.group(1) != "self" or not _only_predicates(test, found.end()):
            return None
    sibling = _SIBLING_STEP.match(last)
    if sibling is None or not _only_predicates(last, sibling.end()):
        return None
    offset = int(sibling.group(2))
    predicates = last[sibling.end() :]
    return Sibling(
        compile_xpath(_from_scopes(["/".join(tests)])) if tests else None,
        offset if sibling.group(1) == "following" else -offset,
        compile_xpath(f"$found/self::*{predicates}") if predicates else None,
    )


def _from_scopes(branches: Sequence[str]) -> str:
    return " | ".join(f"$scopes/{branch}" for branch in branches)


def _split_top(expression: str, separator: str) -> list[str] | None:
    """The expression cut at each ``separator`` outside literals, brackets and parentheses
    (None when they do not balance)."""
    parts: list[str] = []
    depth = 0
    start = 0
    position = 0
    while position < len(expression):
        character = expression[position]
        if character in "'\"":
            end = expression.find(character, position + 1)
            if end < 0:
                return None
            position = end
        elif character in "[(":
            depth += 1
        elif character in "])":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and expression.startswith(separator, position):
            parts.append(expression[start:position])
            start = position + len(separator)
            position = start
            continue
        position += 1
    if depth != 0:
        return None
    parts.append(expression[start:])
    return parts


def _fixed_depth(expression: str) -> FixedDepth | None:
    """A union of fixed-depth paths of one depth (child steps), from every scope."""
    branches = _split_top(expression, "|")
    if branches is None:
        return None
    depths = {_branch_depth(branch.strip()) for branch in branches}
    if len(depths) != 1:
        return None
    depth = depths.pop()
    if depth is None:
        return None
    return FixedDepth(compile_xpath(_from_scopes([branch.strip() for branch in branches])), depth)


def _branch_depth(branch: str) -> int | None:
    steps = _split_top(branch, "/")
    if not steps or "" in steps:  # an absolute path, ``//``, or a trailing slash
        return None
    depth = 0
    for number, step in enumerate(steps):
        step = step.strip()
        if step == ".":
            continue
        attribute = _ATTRIBUTE_STEP.fullmatch(step)
        if attribute is not None:
            if number != len(steps) - 1:
                return None
            continue
        found = _STEP.match(step)
        if found is None or not _only_predicates(step, found.end()):
            return None
        if found.group(1) != "self":
            depth += 1
    return depth


def _only_predicates(step: str, position: int, *, any_position: bool = True) -> bool:
    """Does the step end with predicates alone after ``position`` (none positional, unless
    ``any_position``)?"""
    return _predicates_end(step, position, any_position=any_position) == len(step)


def _predicates_end(path: str, position: int, *, any_position: bool) -> int | None:
    """Where the predicates from ``position`` end; None when one is positional (unless
    ``any_position``) or a bracket is not closed."""
    while position < len(path) and path[position] == "[":
        close = matching_bracket(path, position)
        if close is None or (not any_position and positional(path[position + 1 : close])):
            return None
        position = close + 1
    return position


def _string_function(expression: str) -> tuple[StringOf, str] | None:
    """The string function of a rule and the one node-set path it reads."""
    paths: set[str] = set()
    string_of = _string_part(expression, paths)
    if string_of is None or len(paths) != 1 or _FUNCTION.match(expression) is None:
        return None
    return string_of, paths.pop()


def _string_part(expression: str, paths: set[str]) -> StringOf | None:
    expression = expression.strip()
    if _LITERAL.fullmatch(expression):
        constant = expression[1:-1]
        return lambda _value: constant
    found = _FUNCTION.match(expression)
    if found is None:
        paths.add(expression)
        return _same
    if not expression.endswith(")"):
        return None
    arguments = _split_top(expression[found.end() : -1], ",")
    low, high = _ARITY[found.group(1)]
    if arguments is None or not low <= len(arguments) <= high:
        return None
    parts = [_string_part(argument, paths) for argument in arguments]
    if any(part is None for part in parts):
        return None
    return _function(found.group(1), [part for part in parts if part is not None], arguments)


def _same(value: str) -> str:
    return value


def _function(name: str, parts: list[StringOf], arguments: list[str]) -> StringOf | None:
    """XPath 1.0's string functions (libxml2: normalize-space strips #x20, #x9, #xD, #xA only)."""
    if name == "normalize-space":
        (inner,) = parts
        return lambda value: _SPACE.sub(" ", inner(value)).strip(" ")
    if name == "string":
        return parts[0]
    if name == "concat":
        return lambda value: "".join(part(value) for part in parts)
    if not _LITERAL.fullmatch(arguments[1].strip()):
        return None
    inner, needle = parts[0], arguments[1].strip()[1:-1]
    if name == "substring-before":
        return lambda value: _before(inner(value), needle)
    return lambda value: _after(inner(value), needle)


def _before(text: str, needle: str) -> str:
    found = text.find(needle)
    return text[:found] if found >= 0 else ""


def _after(text: str, needle: str) -> str:
    found = text.find(needle)
    return text[found + len(needle) :] if found >= 0 else ""


def string_value(node: object) -> str:
    """XPath's string-value of a hit: an element's text, an attribute's value."""
    if isinstance(node, etree.ElementBase):
        return element_text(node)
    return str(node)
