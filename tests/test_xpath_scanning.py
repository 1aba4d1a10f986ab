"""`xpath.fast_form` finds steps and brackets with regexes that skip whole runs of text; these tests
compare it with a plain scan, one character or one literal at a time, on every expression the
rules compile and on generated ones."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import blogmigrate.cli  # noqa: F401  (every rule compiled, as in a run)
from blogmigrate import xpath
from blogmigrate.scrapers import csscompile, selectors
from blogmigrate.scrapers.selectors import written_xpath


def plain_matching_bracket(expression: str, start: int) -> int | None:
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


_TOKEN_TEST = re.compile(
    r"(?<!and )contains\(concat\(' ', normalize-space\((@[A-Za-z_][\w.-]*|\.)\), ' '\), ' ([^' ]+) '\)"
)
_STEP_OR_LITERAL = re.compile(r"""['"]|//|(?:descendant-or-self|descendant)::""")


def plain_descendant_steps(expression: str) -> str:
    out: list[str] = []
    position = 0
    while (found := _STEP_OR_LITERAL.search(expression, position)) is not None:
        out.append(expression[position : found.start()])
        token = found.group()
        if token in "'\"":  # a string literal, copied as it is
            end = expression.find(token, found.end())
            end = len(expression) if end < 0 else end + 1
            out.append(expression[found.start() : end])
            position = end
            continue
        step_end = None
        before = expression[: found.start()].rstrip()
        if token == "//" or not before or before[-1] in "(|,[/":
            step_end = xpath._step_end(expression, found.end())
        if step_end is None:
            out.append(token)
            position = found.end()
        elif token == "//":
            out.append(xpath._descendant_step(expression[found.end() : step_end].lstrip()))
            position = step_end
        else:
            step = xpath._descendant_step(expression[found.end() : step_end])
            out.append(token + step.removeprefix("/descendant::"))
            position = step_end
    out.append(expression[position:])
    return "".join(out)


def plain_fast_form(expression: str) -> str:
    """`fast_form` without its shortcuts: every rewrite's pattern applied to every expression."""
    guarded = _TOKEN_TEST.sub(r"(contains(\1, '\2') and \g<0>)", expression)
    parts = xpath._LITERAL.split(guarded)
    for index in range(0, len(parts), 2):
        parts[index] = xpath._ABSOLUTE_ROOT_CHILD.sub(r"/*/\1", parts[index])
    return plain_descendant_steps("".join(parts))


def _compiled_expressions() -> list[str]:
    """What the rules' selectors compile: their XPath as written and CSS as translated."""
    found: set[str] = set()
    for source in selectors.compiled_selectors():
        text = selectors._source_parts(source)[1]
        if not text or selectors._XPATH_START.match(text):
            found.add(text)
            continue
        branches = csscompile.parsed(text)
        found.add(" | ".join(csscompile._branch_xpath(branch) for branch in branches))
        found.add(csscompile._one_walk(branches) or "")
        found.add(written_xpath(source.removeprefix("^")) or "")
    return sorted(found)


EXPRESSIONS = _compiled_expressions()
PIECES = [
    "//",
    "/",
    ".",
    "..",
    "descendant::",
    "descendant-or-self::",
    "d",
    "desc",
    "::",
    "*",
    "a",
    "p",
    "body",
    "head",
    "text()",
    "node()",
    "[",
    "]",
    "'",
    '"',
    "'x'",
    "' //a '",
    "(",
    ")",
    "|",
    ",",
    " ",
    "1",
    "position()",
    "last()",
    "@class",
    "@id",
    "contains(@class, 'x')",
    " and ",
    " or ",
    "contains(concat(' ', normalize-space(@class), ' '), ' x ')",
    "and contains(concat(' ', normalize-space(.), ' '), ' y ')",
    "concat(' ', normalize-space(@class), ' ')",
    ", ' x ')",
    "count(",
    "not(",
    "=",
]
GENERATED = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def test_the_rules_compile_many_expressions() -> None:
    assert len(EXPRESSIONS) > 1000
    assert sum(plain_fast_form(expression) != expression for expression in EXPRESSIONS) > 300


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_the_fast_form_of_every_compiled_expression_is_the_plain_scans(expression: str) -> None:
    assert xpath.fast_form(expression) == plain_fast_form(expression)
    for start in [match.start() for match in re.finditer(r"\[", expression)]:
        expected = plain_matching_bracket(expression, start)
        assert xpath.matching_bracket(expression, start) == expected


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(GENERATED)
def test_the_fast_form_of_generated_expressions_is_the_plain_scans(expression: str) -> None:
    try:
        expected = plain_fast_form(expression)
    except AssertionError:  # a step the rewrite cannot read: both fail alike
        with pytest.raises(AssertionError):
            xpath.fast_form(expression)
        return
    assert xpath.fast_form(expression) == expected


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(GENERATED, st.integers(min_value=0, max_value=30))
def test_brackets_of_generated_expressions_match_as_in_the_plain_scan(
    expression: str, start: int
) -> None:
    assert xpath.matching_bracket(expression, start) == plain_matching_bracket(expression, start)
