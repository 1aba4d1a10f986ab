"""XPath expressions compiled once, in the form libxml2 evaluates fastest.

``//p[@class]`` abbreviates ``/descendant-or-self::node()/child::p[@class]``: libxml2 evaluates the
``child::p`` step with its predicate once per node of the page (text nodes included), building a
node-set each time, which costs several times one walk of the tree. When the predicates do not
depend on the node's position among its siblings, the same nodes come, in the same order, from the
single step ``/descendant::p[@class]``. libxml2 makes that rewrite itself only for steps without
predicates; `fast_form` makes it for the others, and leaves a step alone whenever a predicate may be
positional (``[1]``, ``position()``, ``last()``, a number) or the step is an attribute or an axis.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

_NAME_TEST = re.compile(r"\s*(\*|[A-Za-z_][\w.-]*(?::[A-Za-z_*][\w.-]*)?(?:\(\))?)")
_NUMERIC = re.compile(r"^[\s\d.+\-*()]*$")
_NUMBER_FUNCTIONS = re.compile(
    r"^\s*(?:count|number|sum|string-length|floor|ceiling|round)\s*\(", re.ASCII
)
_COMPARISON = re.compile(r"[=<>]|\band\b|\bor\b")
_NODE_TYPE_TESTS = frozenset(("text()", "node()", "comment()", "processing-instruction()"))


def compile_xpath(expression: str, **options: Any) -> etree.XPath:
    """``etree.XPath`` of the expression's fast form (same nodes, same order)."""
    return etree.XPath(fast_form(expression), **options)


def fast_form(expression: str) -> str:
    """The expression with each ``//step[non-positional predicates]`` written as one descendant step."""
    out: list[str] = []
    position = 0
    length = len(expression)
    while position < length:
        character = expression[position]
        if character in "'\"":
            end = expression.find(character, position + 1)
            end = length if end < 0 else end + 1
            out.append(expression[position:end])
            position = end
            continue
        if expression.startswith("//", position):
            step_end = _step_end(expression, position + 2)
            if step_end is not None:
                out.append("/descendant::")
                out.append(expression[position + 2 : step_end].lstrip())
                position = step_end
                continue
        out.append(character)
        position += 1
    return "".join(out)


def _step_end(expression: str, start: int) -> int | None:
    """Where the step after a ``//`` at ``start`` ends, when it can be a descendant step; else None."""
    name = _NAME_TEST.match(expression, start)
    if name is None:
        return None  # an attribute (``//@href``), a parenthesis or an abbreviation (``//.``)
    test = name.group(1)
    if test.endswith("()") and test not in _NODE_TYPE_TESTS:
        return None  # a function call, not a node test
    after = name.end()
    if expression.startswith("::", after):
        return None  # an explicit axis: left as written
    position = after
    while position < len(expression) and expression[position] == "[":
        close = _matching_bracket(expression, position)
        if close is None or _positional(expression[position + 1 : close]):
            return None
        position = close + 1
    if position == after:
        return None  # no predicate: libxml2 already rewrites the step itself
    return position


def _matching_bracket(expression: str, start: int) -> int | None:
    depth = 0
    position = start
    while position < len(expression):
        character = expression[position]
        if character in "'\"":
            end = expression.find(character, position + 1)
            if end < 0:
                return None
            position = end
        elif character == "[":
            depth += 1
        elif character == "]":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return None


def _positional(predicate: str) -> bool:
    """May this predicate depend on the node's position (a number, position(), last())?"""
    literal_free = re.sub(r"'[^']*'|\"[^\"]*\"", "''", predicate)
    if "position()" in literal_free or "last()" in literal_free:
        return True
    if _NUMERIC.match(literal_free):
        return True
    top_level = re.sub(r"\[[^\[\]]*\]", "", literal_free)
    return bool(_NUMBER_FUNCTIONS.match(top_level)) and not _COMPARISON.search(top_level)


_SELF_STEP = re.compile(r"self::(\*|[A-Za-z_][\w.-]*)")


def self_step(expression: str) -> tuple[str, str] | None:
    """``self::T[p1][p2]`` (nothing else) as (``T``, ``[p1][p2]``) when no predicate is
    positional: a test of the context element alone, which can be run on many elements at once as
    ``descendant-or-self::T[…][p1][p2]``. None for anything else."""
    step = _SELF_STEP.match(expression)
    if step is None:
        return None
    position = step.end()
    while position < len(expression) and expression[position] == "[":
        close = _matching_bracket(expression, position)
        if close is None or _positional(expression[position + 1 : close]):
            return None
        position = close + 1
    if position != len(expression):
        return None
    return step.group(1), expression[step.end() :]
