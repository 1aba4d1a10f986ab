"""What the rules compile to, kept between runs (`usercache`): a run that reads it back has the very
selectors a run that compiles them has; a cache that is absent, foreign, damaged or cannot be
written changes nothing but the time."""

from __future__ import annotations

import json
import marshal
import os
from pathlib import Path

import pytest
from lxml import etree

from blogmigrate import usercache
from blogmigrate.scrapers import selectors
from blogmigrate.scrapers.csscompile import attribute_test
from blogmigrate.scrapers.csstranslator import TRANSLATOR
from blogmigrate.scrapers.indexed import AttributeTest, plan_data, plan_from_data

from .conftest import ROOT, python_output

_DUMP = """
import sys
from blogmigrate.scrapers import REGISTRY, selectors
from blogmigrate.scrapers.indexed import plan_data

def needs(selector):
    if selector.needs is None:
        return None
    return [(sorted(b.classes), sorted(b.values), b.texts, b.source) for b in selector.needs]

def described(selector):
    tagged = selector.tagged
    return (
        selector.source, selector.xpath.path, selector.attr, selector.from_root, needs(selector),
        selector.downward, selector.local, selector.below_only, selector.own_tag, selector.itself,
        None if selector.plan is None else plan_data(selector.plan), selector.by_id,
        selector.stops_early, None if tagged is None else (tagged.tag, tagged.from_list.path),
    )

compiled = selectors.compiled_selectors()
for source in sorted(compiled):
    print(repr(described(compiled[source])))
for group in sorted(selectors._STORED.table("groups")):
    print(repr((group, selectors.group_branches(group))))
print("read from the cache:", selectors._STORED.read["texts"] == len(selectors._STORED.table("texts")))
"""


def _run(cache: Path | str, code: str = _DUMP) -> list[str]:
    previous = os.environ.get(usercache.CACHE_VARIABLE)
    os.environ[usercache.CACHE_VARIABLE] = str(cache)
    try:
        return python_output(code).splitlines()
    finally:
        if previous is None:
            del os.environ[usercache.CACHE_VARIABLE]
        else:
            os.environ[usercache.CACHE_VARIABLE] = previous


def test_a_run_that_reads_the_cache_has_the_selectors_a_compiling_run_has(tmp_path: Path) -> None:
    compiling = _run(tmp_path)
    (stored,) = tmp_path.glob("selectors-*.marshal")
    reading = _run(tmp_path)
    assert compiling[-1] == "read from the cache: False"
    assert reading[-1] == "read from the cache: True"
    assert len(compiling) > 1_400  # every selector of every rule, every CSS group
    assert reading[:-1] == compiling[:-1]
    assert list(tmp_path.glob("selectors-*.marshal")) == [stored]  # nothing written again


def test_what_is_stored_is_what_the_text_compiles_to() -> None:
    """The file this process stored when it compiled the rules (the test run's own cache,
    `conftest`), read back: each text's data is what compiling the text gives, each plan read
    back is the plan compiled, each group's branches are the group's."""
    stored = usercache.load(selectors._STORED.key)
    texts, groups = stored["texts"], stored["groups"]
    assert len(texts) > 1_000 and len(groups) >= 100
    for text, data in texts.items():
        assert selectors.text_data(text) == data, text
        answer = data[6]
        if answer is not None:
            assert plan_data(plan_from_data(answer)) == answer
    for group, branches in groups.items():
        assert selectors._split_group(group) == branches


def test_the_key_names_every_compiler_file_and_version(tmp_path: Path) -> None:
    source = tmp_path / "compiler.py"
    source.write_text("one")
    key = usercache.products_key("selectors", ("1.2",), [str(source)])
    assert key.startswith("selectors-")
    assert usercache.products_key("selectors", ("1.2",), [str(source)]) == key
    assert usercache.products_key("selectors", ("1.3",), [str(source)]) != key
    source.write_text("two, longer")
    assert usercache.products_key("selectors", ("1.2",), [str(source)]) != key
    os.utime(source, ns=(1, 1))
    changed = usercache.products_key("selectors", ("1.2",), [str(source)])
    os.utime(source, ns=(2, 2))
    assert usercache.products_key("selectors", ("1.2",), [str(source)]) != changed


def test_the_key_of_the_rules_names_the_css_compiler_and_cssselect_without_importing_them() -> None:
    """An upgrade of cssselect, or an edit of the module that compiles CSS, names a new file: the
    key reads their files' sizes and times, found without importing them (a run whose rules are
    all in the cache never imports them)."""
    code = """
import sys
from blogmigrate.scrapers import selectors
names = [path.replace(chr(92), "/").rsplit("/", 2)[-2:] for path in selectors._compiler_files()]
names = [(folder, name.split(".")[0]) for folder, name in names]  # the source, or its build
print(("scrapers", "csscompile") in names, ("cssselect", "parser") in names)
print(sorted(name for name in sys.modules if name.startswith(("cssselect", "blogmigrate.scrapers.css"))))
"""
    assert python_output(code).splitlines() == ["True True", "[]"]


@pytest.mark.parametrize(
    "content",
    [
        b"not marshal data",
        b"",
        marshal.dumps(["a", "list"]),
        marshal.dumps({"texts": {"article": ("self::*", "needs", True)}, "groups": {}}),
        marshal.dumps(
            {"texts": {"article": ("[[[", None, 1, 2, 3, None, None, None, None)}, "groups": {}}
        ),
    ],
    ids=["garbage", "empty", "a-list", "short-entry", "bad-xpath"],
)
def test_a_damaged_or_foreign_cache_is_compiled_past(tmp_path: Path, content: bytes) -> None:
    compiling = _run(tmp_path)
    (stored,) = tmp_path.glob("selectors-*.marshal")
    stored.write_bytes(content)
    damaged = _run(tmp_path)
    assert damaged[:-1] == compiling[:-1]
    assert damaged[-1] == "read from the cache: False"  # and written again, whole
    assert marshal.loads(stored.read_bytes())["texts"]["article"][0] != "[[["


def test_a_damaged_first_hit_in_the_cache_leaves_the_whole_query_to_answer(tmp_path: Path) -> None:
    """A first hit's XPath is compiled when its selector first runs, not when the cache is read: one
    that does not compile leaves the selector to its whole query, which finds the same element."""
    _run(tmp_path)
    (stored,) = tmp_path.glob("selectors-*.marshal")
    products = marshal.loads(stored.read_bytes())
    entry = products["texts"]["link[rel=canonical]"]
    assert entry[8] is not None
    products["texts"]["link[rel=canonical]"] = (*entry[:8], "/descendant::link[[[")
    stored.write_bytes(marshal.dumps(products))
    code = """
from lxml import html
from blogmigrate.scrapers import indexed
from blogmigrate.scrapers.selectors import compile_selector, first_hit_xpath
root = html.document_fromstring('<html><head><link rel="canonical" href="u"></head><body></body></html>')
rule = compile_selector("^link[rel=canonical]")
with indexed.using(root):
    print(first_hit_xpath(rule.source), rule.first(root).get("href"))
"""
    assert _run(tmp_path, code) == ["None u"]


def test_no_cache_where_the_variable_is_empty_or_the_folder_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(usercache.CACHE_VARIABLE, "")
    assert usercache.cache_folder() is None
    assert usercache.load("selectors-x") == {}
    assert not usercache.save("selectors-x", {"texts": {}})
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv(usercache.CACHE_VARIABLE, str(blocked / "cache"))
    assert not usercache.save("selectors-x", {"texts": {}})
    assert usercache.load("selectors-x") == {}
    lines = _run(blocked / "cache")
    assert lines[-1] == "read from the cache: False"
    assert lines[:-1] == _run("")[:-1]


def test_the_user_cache_folder_when_the_variable_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(usercache.CACHE_VARIABLE)
    folder = usercache.cache_folder()
    assert folder is not None and folder.name == "blogmigrate"
    assert not folder.is_relative_to(ROOT)


def test_a_failed_write_leaves_no_part_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(usercache.CACHE_VARIABLE, str(tmp_path))
    assert not usercache.save("selectors-x", {"texts": object()})  # marshal refuses it
    assert list(tmp_path.iterdir()) == []
    assert usercache.save("selectors-x", {"texts": {"a": (1,)}})
    assert [path.name for path in tmp_path.iterdir()] == ["selectors-x.marshal"]
    assert usercache.load("selectors-x") == {"texts": {"a": (1,)}}


def test_a_write_keeps_the_last_files_of_its_kind_and_no_older(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each upgrade (or edit of the compiling code) names a new file: the older ones of the same
    kind go, beyond the few written last; other kinds and other files stay."""
    monkeypatch.setenv(usercache.CACHE_VARIABLE, str(tmp_path))
    (tmp_path / "notes.txt").write_text("the user's own")
    (tmp_path / "selectors-extra-a.marshal").write_bytes(b"")  # another kind ("selectors-extra")
    for number in range(6):
        assert usercache.save(f"selectors-{number}", {"texts": {}})
        os.utime(tmp_path / f"selectors-{number}.marshal", ns=(number * 10**9, number * 10**9))
    assert usercache.save("locales-0", {"locales": {}})
    kept = sorted(path.name for path in tmp_path.iterdir())
    assert kept == [
        "locales-0.marshal",
        "notes.txt",
        "selectors-3.marshal",
        "selectors-4.marshal",
        "selectors-5.marshal",
        "selectors-extra-a.marshal",
    ]
    # The file just written stays, even when older files claim a later time (a clock set back).
    os.utime(tmp_path / "selectors-3.marshal", ns=(4 * 10**18, 4 * 10**18))
    os.utime(tmp_path / "selectors-4.marshal", ns=(4 * 10**18, 4 * 10**18))
    os.utime(tmp_path / "selectors-5.marshal", ns=(4 * 10**18, 4 * 10**18))
    assert usercache.save("selectors-6", {"texts": {}})
    assert (tmp_path / "selectors-6.marshal").exists()
    assert len(list(tmp_path.glob("selectors-?.marshal"))) == 4  # three newer in time, and it
    assert usercache.load("selectors-6") == {"texts": {}}


_VALUES = ["", "a", "b", "ab", "a-b", "b-a", "x a y", "a\tb", " a ", "A", "ba", "aab"]


@pytest.mark.parametrize("operator", ["=", "!=", "~=", "|=", "^=", "$=", "*="])
@pytest.mark.parametrize("value", ["a", "", "a b", " "])
def test_attribute_tests_find_what_cssselects_xpath_finds(operator: str, value: str) -> None:
    """The attribute tests of a plan (data, so that plans can be stored) against cssselect's
    XPath of ``x[a<operator>'value']``, on the attribute absent and on many values."""
    test = attribute_test(operator, value)
    assert isinstance(test, AttributeTest)
    query = etree.XPath(TRANSLATOR.css_to_xpath(f"x[a{operator}'{value}']"))
    for found in [None, *_VALUES]:
        element = etree.Element("x") if found is None else etree.Element("x", a=found)
        assert test(found) == bool(query(element)), (operator, value, found)
    exists = attribute_test("exists", None)
    assert exists is not None and exists("") and not exists(None)
    assert attribute_test("=", None) is None and attribute_test("%=", "a") is None


def test_accents_dropped_as_dateparser_drops_them_on_every_code_point() -> None:
    from dateparser.utils import normalize_unicode

    from blogmigrate.normalize.localedata import dateparser_normalised

    points = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]
    for start in range(0, len(points), 512):
        text = "".join(points[start : start + 512])
        assert dateparser_normalised(text) == normalize_unicode(text), hex(ord(text[0]))
    for text in ["Août 2012", "vor 3 Tagen", "ñandú", "ﬁn", "Ⅻ", "e\u0301", "", "plain ascii"]:
        assert dateparser_normalised(text) == normalize_unicode(text)


_LOCALES = """
import json, sys
from blogmigrate.normalize.localedata import locale_info
codes = ["en", "fr", "de", "en-GB", "pt", "zh", "ru", "ja", "xx", "en-XX"]
print(json.dumps({code: locale_info(code) for code in codes}, sort_keys=True))
print("dateparser imported:", "dateparser" in sys.modules)
"""


def test_locale_data_read_back_is_dateparsers_and_spares_its_import(tmp_path: Path) -> None:
    from dateparser.languages import default_loader

    first = _run(tmp_path, _LOCALES)
    second = _run(tmp_path, _LOCALES)
    assert first[-1] == "dateparser imported: True"
    assert second[-1] == "dateparser imported: False"
    assert second[0] == first[0]
    infos = json.loads(first[0])
    assert infos["xx"] is None and infos["en-XX"] is None
    assert infos["en-GB"] == json.loads(json.dumps(default_loader.get_locale("en-GB").info))
    assert "janvier" in infos["fr"]["january"]
    (stored,) = tmp_path.glob("locales-*.marshal")
    stored.write_bytes(marshal.dumps({"fr": "not a dict", 3: None}))
    damaged = _run(tmp_path, _LOCALES)
    assert damaged == first  # read from dateparser again, and written again
    assert sorted(marshal.loads(stored.read_bytes())["locales"]) == sorted(infos)


def test_groups_stored_in_another_shape_are_split_again(tmp_path: Path) -> None:
    compiling = _run(tmp_path)
    (stored,) = tmp_path.glob("selectors-*.marshal")
    products = marshal.loads(stored.read_bytes())
    products["groups"] = dict.fromkeys(products["groups"], (5, "x"))
    stored.write_bytes(marshal.dumps(products))
    assert _run(tmp_path)[:-1] == compiling[:-1]
    assert all(isinstance(b, tuple) for b in marshal.loads(stored.read_bytes())["groups"].values())


def test_stored_tables_are_read_once_and_written_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(usercache.CACHE_VARIABLE, str(tmp_path))
    asked: list[int] = []

    def sources() -> tuple[tuple[str, ...], tuple[str, ...]]:
        asked.append(1)
        return ("1.0",), ()

    first = usercache.Stored("things", ("a", "b"), sources)
    assert not first.store()  # nothing read, nothing changed
    first.table("a")["x"] = (1, "y")
    assert first.table("b") == {} and len(asked) == 1
    assert not first.store()  # not marked changed
    first.changed = True
    assert first.store() and not first.store()
    (written,) = tmp_path.iterdir()
    assert written.name == f"{first.key}.marshal"
    written.write_bytes(marshal.dumps({"a": {"x": (1, "y")}, "b": ["not", "a", "table"]}))
    second = usercache.Stored("things", ("a", "b"), sources)
    assert second.table("a") == {"x": (1, "y")} and second.table("b") == {}
    assert second.read == {"a": 1, "b": 0}


def test_entries_no_rule_asks_for_are_dropped(tmp_path: Path) -> None:
    """A rule's text edited leaves its old compiled data behind: the next run drops it."""
    compiling = _run(tmp_path)
    (stored,) = tmp_path.glob("selectors-*.marshal")
    products = marshal.loads(stored.read_bytes())
    products["texts"]["div.no-rule-has-this"] = products["texts"]["article"]
    products["groups"]["^.gone, .too"] = ("^.gone", "^.too")
    stored.write_bytes(marshal.dumps(products))
    assert _run(tmp_path)[:-1] == compiling[:-1]
    kept = marshal.loads(stored.read_bytes())
    assert "div.no-rule-has-this" not in kept["texts"] and "^.gone, .too" not in kept["groups"]
    assert kept["texts"].keys() == products["texts"].keys() - {"div.no-rule-has-this"}
