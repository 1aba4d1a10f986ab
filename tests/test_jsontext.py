"""The indented JSON writer gives exactly the bytes of ``json.dumps(ensure_ascii=False, indent=N)``."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blogmigrate.exporters import jsontext
from blogmigrate.exporters.jsonfile import dump, post_text
from blogmigrate.exporters.jsontext import dumps_indented, dumps_record
from blogmigrate.exporters.records import post_dict
from blogmigrate.textsafety import safe_text

from .conftest import PAGES, run_page


def reference(data: Any, indent: int = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent)


@pytest.mark.parametrize(
    "page", sorted(PAGES.rglob("*.html")), ids=lambda page: page.relative_to(PAGES).as_posix()
)
def test_every_fixture_record_is_written_as_json_dumps_writes_it(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = run_page(page).posts
    for accelerated in (True, False):  # with orjson when it is installed, and without
        if not accelerated:
            monkeypatch.setattr(jsontext, "_ORJSON_INDENT_2", None)
        for post in posts:
            data = post_dict(post)
            assert post_text(post) == reference(data)
            assert post_text(post, prefix="    ") == reference(data).replace("\n", "\n    ")
            assert dump(data) == reference(data)


@pytest.mark.parametrize(
    "title",
    [
        "bell \x07 and nul \x00",
        "backspace \x08, form feed \x0c",
        "noncharacters \ufffe \uffff",
        "lone surrogate \ud800",
        "a backslash before u00: \\u0041, \\b, \\f",
        "allowed: tab \t, line feed \n, return \r, delete \x7f",
        "allowed, their UTF-8 opens with EF: \uf8ff \ufeff \ufffd",
    ],
)
def test_a_post_with_unsafe_text_is_written_as_its_checked_record(title: str) -> None:
    page = sorted(PAGES.rglob("*.html"))[0]
    post = run_page(page).posts[0]
    comments = tuple(replace(comment, content_html=title) for comment in post.comments[:2])
    unsafe = replace(post, title=title, excerpt=title, comments=comments)
    assert post_text(unsafe) == reference(post_dict(unsafe))
    assert post_text(unsafe, prefix="    ") == reference(post_dict(unsafe)).replace("\n", "\n    ")


def test_a_record_orjson_refuses_is_written_all_the_same() -> None:
    data = {"lone surrogate": "\ud800", "big": 2**70, "nested": [{"a": None}]}
    assert dumps_record(data) == reference(data)
    assert dumps_record(data, prefix="  ") == reference(data).replace("\n", "\n  ")


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [[]], "d": [{}]},
        {"text": 'quote " backslash \\ newline \n tab \t nul \x00 del \x7f'},
        {"unicode": "é 🙂 \u2028 \ufeff", "é": "key"},
        {"numbers": [0, -1, 10**30, 1.5, -0.0, 1e300, 2.5e-8], "flags": [True, False, None]},
        ("tuple", ("nested",)),
        "a bare string",
        None,
        3,
    ],
)
def test_edge_values(data: Any) -> None:
    for indent in (0, 1, 2, 4):
        assert dumps_indented(data, indent) == reference(data, indent)


@pytest.mark.parametrize(
    "data",
    [
        {3: "int key", None: "none key", 2.5: "float key", True: "bool key"},
        {"nan": math.nan, "infinite": [math.inf, -math.inf]},
    ],
)
def test_what_only_json_dumps_knows_goes_to_json_dumps(data: Any) -> None:
    assert dumps_indented(data) == reference(data)
    assert dumps_indented(data, prefix="  ") == reference(data).replace("\n", "\n  ")


def test_other_types_raise_as_json_dumps_raises() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"set": {1}})


def json_containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=5), children, max_size=4
    )


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    json_containers,
    max_leaves=20,
)


@given(JSON_VALUES)
def test_any_json_value(data: Any) -> None:
    assert dumps_indented(data) == reference(data)


@pytest.mark.parametrize(
    "code", [*range(0x20), 0x7F, 0xA0, 0x2028, 0xFFC0, 0xFFE8, 0xFFFD, 0xFFFE, 0xFFFF]
)
def test_unchecked_text_is_given_only_when_no_character_needs_replacing(code: int) -> None:
    character = chr(code)
    data = {"title": f"before {character} after", "list": [f"{character}", "plain"]}
    text = jsontext.unchecked_record_text(data)
    if safe_text(character) == character:
        assert text == reference(data)
    else:
        assert text is None
