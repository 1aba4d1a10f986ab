"""One walk of a parsed page's tree for what the page's selector index lists: every attribute value,
the classed elements with their class values, the elements of a few rare tags, and the ids with
the first element of each.

Detection, the classifier and the indexed selectors all start from these lists (`PageIndex`,
`indexed.ElementLists`), so every page needs each of them once. They are gathered by one pass of C
over libxml2's tree (`_treewalk.pyx`, built by setup.py with Cython against lxml's public C API)
when that module is built; otherwise, and with ``BLOGMIGRATE_PURE_PYTHON=1``, by the XPath queries
and the ``iter`` that define them (`walk_with_xpath`), which give the same lists.

`text_holders` is a second pass, for `hints`: the elements holding the text nodes under ``<body>``
that pass a `TextTest` (the openings of byline words, a dated "by"), in C or by the test's XPath.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlElement

from .compiled import c_extension
from .xpath import compile_xpath

_CLASS_VALUES = compile_xpath("/descendant::*/@class")
"""Each class value, a string that knows its element. (``//@class`` is
``/descendant-or-self::node()/@class``: libxml2 would gather every node, text nodes included,
before the attribute step; the elements alone give the same values in the same order.)"""
_ALL_ATTRIBUTES = compile_xpath("/descendant::*/@*", smart_strings=False)
_IDS = compile_xpath("/descendant::*/@id")
"""Each id value, a string that knows its element."""


@dataclass(frozen=True, slots=True)
class TreeWalk:
    """What one walk of a tree found. The attributes are read over the whole tree the walked
    element belongs to, in document order; the rare tags' elements at or below it."""

    class_values: list[str]
    """The value of every class attribute."""
    classed: list[HtmlElement]
    """The element of each of those values."""
    values: frozenset[str]
    """The distinct values of all attributes."""
    tags: list[str]
    """The tag of every element whose tag is one of the rare tags asked for."""
    tagged: list[HtmlElement]
    """Those elements."""
    first_ids: dict[str, HtmlElement]
    """Each id value, with its first element (what ``/descendant::*[@id = $value][1]`` finds),
    in the order of those elements."""
    trigrams: bytes | None = None
    """The C walk's filter of what the attribute values can contain (`may_contain`): a bit set
    for every three consecutive bytes of their UTF-8."""


def walk_with_xpath(root: HtmlElement, rare_tags: frozenset[str]) -> TreeWalk:
    """The walk's lists, each from the query that defines it."""
    class_values = _strings(_CLASS_VALUES(root))
    tags, tagged = rare_tags_below(root, rare_tags)
    first_ids: dict[str, HtmlElement] = {}
    for value in _strings(_IDS(root)):
        first_ids.setdefault(str(value), value.getparent())
    return TreeWalk(
        class_values=[str(value) for value in class_values],
        classed=[value.getparent() for value in class_values],
        values=frozenset(_strings(_ALL_ATTRIBUTES(root))),
        tags=tags,
        tagged=tagged,
        first_ids=first_ids,
    )


def rare_tags_below(
    root: HtmlElement, rare_tags: frozenset[str]
) -> tuple[list[str], list[HtmlElement]]:
    """The walk's ``tags`` and ``tagged`` alone, by ``iter`` (a tenth of a whole walk)."""
    tagged = list(root.iter(*sorted(rare_tags))) if rare_tags else []  # iter(): every element
    return [element.tag for element in tagged], tagged


def _strings(found: object) -> list[Any]:
    assert isinstance(found, list)
    return found


# Built against an lxml whose C API the installed one does not export, the module's import
# raises AttributeError or TypeError (lxml refuses it): the queries serve then too.
_C = c_extension("blogmigrate._treewalk", AttributeError, TypeError)
_C_WALK: Callable[[HtmlElement, frozenset[str]], Sequence[Any]] | None = (
    None if _C is None else _C.walk
)
_MAY_CONTAIN: Callable[[bytes, str], bool] | None = None if _C is None else _C.may_contain
_C_TEXT_HOLDERS: Callable[[HtmlElement, bytes, bytes, bytes], list[HtmlElement]] | None = (
    None if _C is None else _C.text_holders
)


def walk_tree(root: HtmlElement, rare_tags: frozenset[str]) -> TreeWalk:
    """The lists of ``root``'s tree, by the C walk when it is built."""
    if _C_WALK is None:
        return walk_with_xpath(root, rare_tags)
    return TreeWalk(*_C_WALK(root, rare_tags))


def may_contain(walk: TreeWalk, text: str) -> bool:
    """False when no attribute value of the walked tree contains ``text``, as the walk's trigrams
    show without a search (most texts a page is asked about are absent, and each search reads all
    its values); True when they may, or when the walk has no trigrams."""
    if walk.trigrams is None or _MAY_CONTAIN is None:
        return True
    return _MAY_CONTAIN(walk.trigrams, text)


@dataclass(frozen=True, slots=True)
class TextTest:
    """A test of the text nodes under ``<body>`` (an empty string is no test): the first two
    characters of the text, whitespace-normalised, are one of the space-separated
    `opening_pairs` (a pair, or a letter alone: "By Jane", "B"), and it contains `contained` or
    ends with `ending` (either, when both are given). `xpath` writes it as XPath; `text_holders`
    runs it."""

    opening_pairs: str = ""
    contained: str = ""
    ending: str = ""

    def __post_init__(self) -> None:
        if any("'" in text for text in (self.opening_pairs, self.contained, self.ending)):
            raise ValueError(f"no apostrophes in the XPath literals of {self}")

    @property
    def xpath(self) -> str:
        """The text nodes the test passes, from the document (what `text_holders` runs in C)."""
        tests = []
        if self.opening_pairs:
            pairs = f" {self.opening_pairs} "
            tests.append(
                f"[normalize-space()][contains('{pairs}',"
                " concat(' ', substring(normalize-space(), 1, 2), ' '))]"
            )
        ends = (
            f"substring(., string-length(.) - {len(self.ending) - 1}) = '{self.ending}'"
            if self.ending
            else ""
        )
        if self.contained and ends:
            tests.append(f"[contains(., '{self.contained}') or {ends}]")
        elif self.contained:
            tests.append(f"[contains(., '{self.contained}')]")
        elif ends:
            tests.append(f"[{ends}]")
        return "//body/descendant::text()" + "".join(tests)


@functools.cache
def _text_query(test: TextTest) -> XPath:
    return compile_xpath(test.xpath)


def text_holders(root: HtmlElement, test: TextTest) -> list[HtmlElement]:
    """The element holding each text node under ``<body>`` that passes `test`, in document order
    (a text node that follows an element, its parent's), by one pass of C when it is built; else
    by the test's XPath."""
    if _C_TEXT_HOLDERS is not None:
        return _C_TEXT_HOLDERS(
            root,
            f" {test.opening_pairs} ".encode() if test.opening_pairs else b"",
            test.contained.encode(),
            test.ending.encode(),
        )
    found = _text_query(test)(root)
    holders = []
    for text in found if isinstance(found, list) else []:
        if isinstance(text, etree._ElementUnicodeResult):
            element = text.getparent()
            holder = element if text.is_text or element is None else element.getparent()
            if holder is not None:
                holders.append(holder)
    return holders


def walks_in_c() -> bool:
    """Whether `walk_tree` runs the C walk."""
    return _C_WALK is not None
