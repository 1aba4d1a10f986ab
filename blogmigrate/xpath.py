"""XPath expressions compiled once, in the form libxml2 evaluates fastest.

``//p[@class]`` abbreviates ``/descendant-or-self::node()/child::p[@class]``: libxml2 evaluates the
``child::p`` step with its predicate once per node of the page (text nodes included), building a
node-set each time, which costs several times one walk of the tree. When the predicates do not
depend on the node's position among its siblings, the same nodes come, in the same order, from the
single step ``/descendant::p[@class]``. libxml2 makes that rewrite itself only for steps without
predicates; `fast_form` makes it for the others, and leaves a step alone whenever a predicate may be
positional (``[1]``, ``position()``, ``last()``, a number) or the step is an attribute or an axis.

Two more rewrites, same nodes in the same order:

- a descendant step (from ``//`` or written ``descendant(-or-self)::``) whose first predicate tests
  one attribute positively (``contains(@class, 'x')``, ``@id = 'y'``, joined by and/or) walks that
  attribute's values: ``descendant::*/@class[contains(., 'x')]/parent::*``, where libxml2 tests the
  values that exist instead of evaluating a predicate on every element;
- ``//body`` and ``//head`` are the root's children, where lxml.html always puts them.

`tests/test_xpath.py` runs every rule's XPath and CSS both ways on every fixture page.
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
_ABSOLUTE_ROOT_CHILD = re.compile(r"(?<![\w.)\]*@-])//(body|head)(?![\w.:(-])")
_LITERAL = re.compile(r"('[^']*'|\"[^\"]*\")")
"""A string literal (one group, so that re.split keeps the literals)."""
_ATTRIBUTE_REFERENCE = re.compile(r"@([A-Za-z_][\w.-]*)(?![\w.:(-])")
_POSITIVE_FUNCTIONS = re.compile(
    r"\b(?:contains|starts-with|normalize-space|concat|translate)\s*\("
)
_POSITIVE_WORDS = re.compile(r"\b(?:and|or)\b")
_INNERMOST_PREDICATE = re.compile(r"\[[^\[\]]*\]")
_NODE_TYPE_TESTS = frozenset(("text()", "node()", "comment()", "processing-instruction()"))


_NO_REGEXP: dict[str, Any] = {"regexp": False}
"""lxml registers the EXSLT regular-expression functions (``re:test``…) in the XPath context of
every call unless told not to: no expression here uses them, and the registration is a fifth of
the fixed cost of a call (~0.6 of ~3 µs; a page runs ~140 queries)."""


def compile_xpath(expression: str, **options: Any) -> etree.XPath:
    """``etree.XPath`` of the expression's fast form (same nodes, same order), without the EXSLT
    regular-expression functions (`_NO_REGEXP`)."""
    return xpath_as_written(fast_form(expression), **options)


def xpath_as_written(expression: str, **options: Any) -> etree.XPath:
    """``etree.XPath`` of the expression as it is written, without the EXSLT regular-expression
    functions (`_NO_REGEXP`): for the few expressions `fast_form` is not asked to rewrite."""
    return etree.XPath(expression, **(_NO_REGEXP | options))


def element_text(element: etree._Element) -> str:
    """The element's text without its tail: what ``text_content()`` (XPath's ``string()``)
    gives, from libxml2's text serialiser without an XPath call (a third of its cost)."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def fast_form(expression: str) -> str:
    """The expression with each ``//step[non-positional predicates]`` written as one descendant
    step, ``//body`` and ``//head`` as the root's children, and each class-token test guarded by
    a substring test."""
    return _descendant_steps(_root_children(_guarded_token_tests(expression)))


_TOKEN_TEST = re.compile(
    r"contains(?<!and contains)\(concat\(' ', normalize-space\((@[A-Za-z_][\w.-]*|\.)\), ' '\), ' ([^' ]+) '\)"
)
"""(Not after ``and ``: the test after ``contains`` lets the search look for that word, where a
test first would be tried at every position.)"""


def _guarded_token_tests(expression: str) -> str:
    """``contains(concat(' ', normalize-space(@class), ' '), ' x ')`` (the class holds the token
    x) → ``(contains(@class, 'x') and …)``: the same truth, but the normalised copy of every value
    tested (two string allocations in libxml2) is made only for the few that contain x at all."""
    if "concat(' ', normalize-space(" not in expression:  # no such test: no search for one
        return expression
    return _TOKEN_TEST.sub(_guard, expression)


def _guard(test: re.Match[str]) -> str:
    return f"(contains({test[1]}, '{test[2]}') and {test[0]})"


def _root_children(expression: str) -> str:
    """``//body`` → ``/*/body`` (and ``head``): lxml.html always builds ``<html>`` with ``<head>``
    and ``<body>`` as its children, so the page need not be searched for them (a walk of every
    node, once per evaluation: inside a predicate, once per element tested)."""
    if "//body" not in expression and "//head" not in expression:  # most: no split of literals
        return expression
    parts = _LITERAL.split(expression)
    for index in range(0, len(parts), 2):  # outside string literals
        parts[index] = _ABSOLUTE_ROOT_CHILD.sub(r"/*/\1", parts[index])
    return "".join(parts)


_NOT_A_STEP = re.compile(
    r"""[^'"/d]*+(?:(?:'[^']*+'?|"[^"]*+"?|/(?!/)|d(?!escendant(?:-or-self)?::))[^'"/d]*+)*+"""
)
"""Text up to the next ``//`` or ``descendant(-or-self)::`` outside string literals (a literal
left open runs to the end): skipped in one match, not one Python step per literal."""


def _descendant_steps(expression: str) -> str:
    out: list[str] = []
    copied = 0  # expression[:copied] is in out
    position = 0
    skip = _NOT_A_STEP.match
    while (position := skip(expression, position).end()) < len(expression):  # type: ignore[union-attr]
        if expression.startswith("//", position):
            token = "//"
        elif expression.startswith("descendant-or-self::", position):
            token = "descendant-or-self::"
        else:
            token = "descendant::"
        after = position + len(token)
        step_end = None
        if token == "//" or _starts_a_path(expression, position):
            step_end = _step_end(expression, after)
        if step_end is None:
            position = after
            continue
        out.append(expression[copied:position])
        if token == "//":
            out.append(_descendant_step(expression[after:step_end].lstrip()))
        else:
            step = _descendant_step(expression[after:step_end])
            out.append(token + step.removeprefix("/descendant::"))
        copied = position = step_end
    if not out:
        return expression
    out.append(expression[copied:])
    return "".join(out)


def _starts_a_path(expression: str, position: int) -> bool:
    """Is this a step of its own (a path's first, or one after ``/``), not an axis name's tail?"""
    while position and expression[position - 1].isspace():  # what rstrip() strips, without a copy
        position -= 1
    return not position or expression[position - 1] in "(|,[/"


def _descendant_step(step: str) -> str:
    """``T[P][Q…]`` as ``/descendant::T[P][Q…]``; when ``P`` only tests one attribute, as
    ``/descendant::T/@a[P on .]/parent::*[Q…]``: libxml2 then tests the attribute values that
    exist instead of evaluating a predicate on every element (~3× less on a large page)."""
    name = _NAME_TEST.match(step)
    assert name is not None
    test, after = name.group(1), name.end()
    close = matching_bracket(step, after)
    assert close is not None
    attribute = _single_attribute_test(step[after + 1 : close])
    if attribute is None or test in _NODE_TYPE_TESTS:
        return "/descendant::" + step
    predicate = _ATTRIBUTE_REFERENCE.sub(
        lambda match: "." if match.group(1) == attribute else match.group(0),
        step[after + 1 : close],
    )
    return f"/descendant::{test}/@{attribute}[{predicate}]/parent::*{step[close + 1 :]}"


def _single_attribute_test(predicate: str) -> str | None:
    """The attribute a predicate tests, when it tests one attribute only and cannot hold for an
    element without it: positive string tests (contains, starts-with, =) joined by and/or."""
    literal_free = _LITERAL.sub("", predicate)
    if "''" in predicate or '""' in predicate:
        return None  # contains(@a, '') holds without the attribute
    names = set(_ATTRIBUTE_REFERENCE.findall(literal_free))
    if len(names) != 1:
        return None
    rest = _ATTRIBUTE_REFERENCE.sub("", literal_free)
    rest = _POSITIVE_FUNCTIONS.sub("", rest)
    if _POSITIVE_WORDS.sub("", rest).strip(" \t\n(),="):
        return None
    return str(names.pop())


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
        close = matching_bracket(expression, position)
        if close is None or positional(expression[position + 1 : close]):
            return None
        position = close + 1
    if position == after:
        return None  # no predicate: libxml2 already rewrites the step itself
    return position


_PREDICATE_TEXT = re.compile(r"""(?:[^'"\[\]]+|'[^']*'|"[^"]*")*+""")
"""Text without brackets outside closed string literals, skipped in one match."""


def matching_bracket(expression: str, start: int) -> int | None:
    """The position of the ``]`` closing the predicate opened at ``start`` (quoted literals skipped),
    or None when it is not closed."""
    depth = 0
    position = start
    skip = _PREDICATE_TEXT.match
    while (position := skip(expression, position).end()) < len(expression):  # type: ignore[union-attr]
        character = expression[position]
        if character == "[":
            depth += 1
        elif character == "]":
            depth -= 1
            if depth == 0:
                return position
        else:  # a string literal left open
            return None
        position += 1
    return None


def positional(predicate: str) -> bool:
    """May this predicate depend on the node's position (a number, position(), last())?"""
    literal_free = _LITERAL.sub("''", predicate)
    if "position()" in literal_free or "last()" in literal_free:
        return True
    if _NUMERIC.match(literal_free):
        return True
    top_level = _INNERMOST_PREDICATE.sub("", literal_free)
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
        close = matching_bracket(expression, position)
        if close is None or positional(expression[position + 1 : close]):
            return None
        position = close + 1
    if position != len(expression):
        return None
    return step.group(1), expression[step.end() :]
