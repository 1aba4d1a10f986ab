"""Selectors as data: CSS (or XPath) strings compiled once at import (from what an earlier run
stored, `usercache`, when it can), applied by small helpers.

Syntax of one selector string:
- ``a.url`` — CSS, searched within the current scope (the post, or one comment);
- ``^link[rel=canonical]`` — a leading ``^`` searches the whole page instead of the scope;
- ``time.entry-date::attr(datetime)`` — take an attribute instead of the element's text;
- a string starting like XPath (``/``, ``./``, ``(``, ``self::``, ``substring(``) is XPath.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final, cast

from lxml import etree
from lxml.etree import XPath  # named directly in dataclass fields, which mypyc resolves by name
from lxml.html import HtmlElement

from .. import usercache
from ..bytesearch import contains, lower
from ..treewalk import TreeWalk, may_contain
from ..xpath import compile_xpath, element_text, fast_form, xpath_as_written
from .indexed import (
    ElementLists,
    Plan,
    PlanData,
    TaggedQuery,
    active_lists,
    lists_of_tree,
    plan_data,
    plan_from_data,
    tagged_query,
)

_ATTR_SUFFIX = re.compile(r"::attr\(([\w:-]+)\)\s*$")
_DOWNWARD_START = re.compile(r"descendant-or-self::|descendant::|\.//")
_LOOKS_AROUND = re.compile(
    r"ancestor|preceding|following|parent::|\.\.|\bid\(|position\(\)|last\(\)|count\(|\||\[\s*\d"
)
_SELF_TAG = re.compile(r"self::([A-Za-z][\w-]*)(?![\w:(-])")
_XPATH_START = re.compile(r"/|\./|\.\.|\(|[a-z-]+::|[a-z-]+\(")


class PageIndex:
    """What a page's attributes hold, gathered lazily by one walk of the tree (`treewalk`), so
    that selectors which cannot match (a class or attribute value the page never mentions) are
    skipped without walking the tree. With the page's source text, also what the source never
    mentions (an attribute name, a script's text): valid only while the tree is the one parsed
    from it."""

    __slots__ = (
        "_attributes",
        "_classes",
        "_lists",
        "_memo",
        "_names",
        "_root",
        "_source",
        "_source_lowered",
        "_source_memo",
        "_values",
        "_values_walk",
    )

    def __init__(self, root: HtmlElement, source: bytes | None = None) -> None:
        self._root = root
        self._classes: frozenset[str] | None = None
        self._lists: ElementLists | None = None
        self._values: frozenset[str] | None = None
        self._values_walk: TreeWalk | None = None
        """The walk `values` come from (not one of an index `including` added values)."""
        self._names: str | None = None
        self._attributes: str | None = None
        self._memo: dict[str, bool] = {}
        self._source = source
        self._source_lowered = False
        self._source_memo: dict[bytes, bool] = {}

    @property
    def lists(self) -> ElementLists:
        """The tree's element lists (`indexed`), which answer CSS selectors without a walk: made
        with the index, so that one walk of the class values serves the class names below,
        detection and scraping, for as long as the tree stays as it is."""
        if self._lists is None:
            self._lists = ElementLists(self._root)
        return self._lists

    @property
    def classes(self) -> frozenset[str]:
        """The page's class names (split at any white space: a superset of the names CSS sees)."""
        if self._classes is None:
            # each distinct value once: comment lists repeat the same few hundreds of times
            self._classes = frozenset(" ".join(self.lists.class_values()).split())
        return self._classes

    @property
    def values(self) -> frozenset[str]:
        """The page's distinct attribute values, whole: what ``#x`` (``@id = 'x'``) and
        ``[rel=next]`` compare with, answered without a substring search."""
        if self._values is None:
            self._values_walk = self.lists.walked()
            self._values = self._values_walk.values
        return self._values

    def in_names(self, text: str) -> bool:
        """Does some class name or id of the page contain ``text`` (which holds no white space)?
        Asked of the names alone, a far shorter string than all the attribute values."""
        if self._names is None:
            ids = self.lists.walked().first_ids
            self._names = " ".join(self.classes) + " " + " ".join(ids)
        return text in self._names

    def has_text(self, text: str) -> bool:
        """Does some attribute value of the page contain ``text``?"""
        found = self._memo.get(text)
        if found is None:
            values = self.values
            if self._values_walk is not None and not may_contain(self._values_walk, text):
                self._memo[text] = False  # most texts asked are absent: found so without a search
                return False
            if self._attributes is None:
                # Each distinct value once: comment lists repeat the same classes and links
                # hundreds of times, and every absent text is a scan of the whole string.
                self._attributes = "\n".join(values)
            found = self._memo[text] = text in self._attributes
        return found

    def including(self, added: Iterable[HtmlElement]) -> PageIndex:
        """The index of the page after a scraper added these elements (with their descendants):
        what this index gathered, plus their attribute values, instead of a new walk of the whole
        page. Without the source, which does not hold them."""
        index = PageIndex(self._root)
        elements = [element for top in added for element in top.iter(etree.Element)]
        if self._lists is not None:  # the class walk is not made again when nothing needs it
            index._lists = self._lists.grown(elements)
        values = [value for element in elements for value in element.attrib.values()]
        if self._classes is not None:
            classes = (element.get("class") for element in elements)
            index._classes = self._classes | frozenset(
                " ".join(value for value in classes if value is not None).split()
            )
        if self._names is not None:
            names = (
                value for element in elements for value in (element.get("class"), element.get("id"))
            )
            index._names = " ".join([self._names, *(value for value in names if value is not None)])
        if self._values is not None:
            index._values = self._values | frozenset(values)
        if self._attributes is not None:
            added_values = "\n".join(dict.fromkeys(values))
            index._attributes = f"{self._attributes}\n{added_values}"
            # a text found stays found; one not found is looked for in the added values only
            index._memo = {
                text: found or text in added_values for text, found in self._memo.items()
            }
        return index

    def in_source(self, text: bytes) -> bool:
        """May the page's source contain ``text`` (lower-case ASCII; True when the source is unknown)?"""
        found = self._source_memo.get(text)
        if found is None:
            if self._source is None:
                return True
            if not self._source_lowered:
                self._source, self._source_lowered = lower(self._source), True
            found = self._source_memo[text] = contains(self._source, text)
        return found


@dataclass(frozen=True, slots=True)
class BranchNeeds:
    """What a page must contain for one CSS branch to match (its negations excluded)."""

    classes: frozenset[str]
    """Class names."""
    values: frozenset[str]
    """Whole attribute values: ids, ``[attribute=value]``."""
    texts: tuple[str, ...]
    """Texts that some attribute value contains."""
    source: tuple[bytes, ...]
    """Lower-case ASCII the page's source contains: attribute names, a script's text."""


@dataclass(frozen=True, slots=True)
class Selector:
    source: str
    xpath: XPath
    attr: str | None
    from_root: bool
    needs: tuple[BranchNeeds, ...] | None = None
    """Per CSS branch, what the page must contain for the branch to match (None: unknown, XPath)."""
    downward: bool = False
    """Every part lies at or below the scope (CSS without ``^`` or sibling combinators; XPath down
    the descendant axis only): its hits in several scopes are its hits in a common ancestor of
    theirs that lie inside one of them."""
    local: bool = False
    """CSS whose every branch is one compound of tag, classes, ids and attributes: whether an
    element matches depends on that element alone, wherever its tree is (a copy, a fragment)."""
    below_only: bool = False
    """A downward XPath that never finds the scope itself (``.//x``, ``descendant::x``)."""
    own_tag: str | None = None
    """The tag the scope itself must have for the XPath to find anything (``self::dt/…``)."""
    itself: bool = False
    """The selector is the scope itself (``::attr(id)``): no query to run."""
    plan: Plan | None = None
    """How to answer the CSS from the page's element lists instead of a walk (`indexed`)."""
    by_id: tuple[str | None, str] | None = None
    """``^#respond``, ``^div#comments``: the tag (or None) and the id of the one element an
    unplanned selector from the root names, which `first` looks up in the ids of the tree's
    element lists while they are in use (`ElementLists.with_id`), instead of a walk of every id
    of the page (~1 ms on a 6 000-element page)."""
    stops_early: bool = False
    """`first` may find the first hit without gathering the others: the selector has a plan, an
    id (`by_id`, `id_from`), or is CSS from the root (one compound: `first_hit_xpath`)."""
    id_from: XPath | None = None
    """An XPath string, from the page's root, that names the id of the element `first` finds (""
    when it finds none): while the tree's element lists are in use, `first` looks that id up in
    them (`ElementLists.with_id`) instead of running the query. Declared by the rule
    (`requiring`); the tests check it against the query on every page."""
    tagged: TaggedQuery | None = None
    """The XPath, when it opens with a rare tag's descendant step (``//meta[…]``), as a query of
    the page's list of those elements while lists are in use (`indexed.TaggedQuery`)."""

    def possible(self, index: PageIndex) -> bool:
        """False only when no branch can match this page (cheap: no tree walk)."""
        if self.needs is None:
            return True
        classes = index.classes
        for branch in self.needs:  # BranchNeeds.met inlined: ~250 calls a page
            if (
                branch.classes <= classes  # (none needed: the empty set)
                and (not branch.values or branch.values <= index.values)
                and (not branch.texts or all(map(index.has_text, branch.texts)))
                and (not branch.source or all(map(index.in_source, branch.source)))
            ):
                return True
        return False

    def _run(self, scope: HtmlElement) -> list[object]:
        """The hits from ``scope``, a new list."""
        if self.itself:
            return [scope]
        if self.own_tag is not None and scope.tag != self.own_tag:
            return []
        start = self._start(scope)
        listed = self._from_lists(start)
        if listed is not None:
            return cast(list[object], listed)
        found: object = self.xpath(start) if self.tagged is None else self.tagged(start)
        return found if isinstance(found, list) else [found]

    def _start(self, scope: HtmlElement) -> HtmlElement:
        return scope.getroottree().getroot() if self.from_root else scope

    def _from_lists(self, start: HtmlElement, *, first: bool = False) -> list[HtmlElement] | None:
        """What the element lists in use answer from ``start`` (`indexed`); None when they do not
        answer this selector there and its XPath must run."""
        if self.plan is None:
            return None
        lists = active_lists(start)
        return None if lists is None else lists.run(self.plan, start, first=first)

    def elements(self, scope: HtmlElement) -> list[HtmlElement]:
        return [node for node in self._run(scope) if isinstance(node, etree.ElementBase)]

    def first(self, scope: HtmlElement) -> HtmlElement | None:
        """The first element `elements` would give, found without looking further when the
        selector allows: from the page's ids (`by_id`), the element lists or its first-hit XPath."""
        if self.stops_early:
            known, found = self._single_hit(scope)
            if known:
                return found
        elements = self.elements(scope)
        return elements[0] if elements else None

    def first_value(self, scope: HtmlElement) -> str | None:
        """The first value `values` would give (None when it gives none): the first element's,
        found as `first` finds it, when that element has one; else every hit is read."""
        if self.stops_early:
            known, found = self._single_hit(scope)
            if known:
                if found is None:
                    return None
                value = self.value_of(found)
                if value is not None:
                    return value
        for _element, value in self.values(scope):
            return value
        return None

    def _single_hit(self, scope: HtmlElement) -> tuple[bool, HtmlElement | None]:
        """(True, the first element or None) when the selector's first hit is found without
        gathering the others; (False, None) when its query must run."""
        start = self._start(scope)
        named = self.by_id
        if named is not None or self.id_from is not None:
            lists = lists_of_tree(start)
            if lists is not None:
                if self.id_from is not None:
                    named = (None, str(self.id_from(start)))
                assert named is not None
                # (a by_id names an id of one letter at least)
                if not named[1] or not lists.has_id(named[1]):
                    return True, None
                found = lists.with_id(*named)
                if found is not None:
                    return True, found
        listed = self._from_lists(start, first=True)
        if listed is not None:
            return True, (listed[0] if listed else None)
        if self.from_root and self.plan is None:
            first = _first_hit_query(self.source)
            if first is not None:
                hits = cast(list[HtmlElement], first(start))
                return True, (hits[0] if hits else None)
        return False, None

    def values(self, scope: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
        """Each hit with its whitespace-normalised value; empty values skipped.

        An XPath that yields strings (``@href``, ``substring-after(...)``) gives them with the
        element they came from (or the scope for computed strings).
        """
        for node in self._run(scope):
            element = self.element_of(node, scope)
            if element is not None:
                value = self.value_of(node)
                if value:
                    yield element, value

    def hits(self, scope: HtmlElement) -> list[object]:
        """The raw results (elements or strings), for `element_of` and `value_of`."""
        return self._run(scope)

    def element_of(self, node: object, scope: HtmlElement) -> HtmlElement | None:
        """The element a hit belongs to: itself, a string's parent, or the scope for computed strings."""
        if isinstance(node, etree.ElementBase):
            return node
        if isinstance(node, str):
            getparent = getattr(node, "getparent", None)
            parent = getparent() if getparent is not None else None
            return parent if parent is not None else scope
        return None

    def value_of(self, node: object) -> str | None:
        """A hit's whitespace-normalised value (None when empty)."""
        if isinstance(node, etree.ElementBase):
            value = node.get(self.attr) if self.attr else element_text(node)
        else:
            value = str(node)
        if value:
            value = " ".join(value.split())  # str.split cuts where \s+ does, faster
        return value or None


def _source_parts(source: str) -> tuple[bool, str, str | None]:
    """A selector string's parts: searched from the page's root (``^``), the CSS or XPath, and the
    attribute taken (``::attr(name)``)."""
    from_root = source.startswith("^")
    text = source[1:] if from_root else source
    attr = None
    match = _ATTR_SUFFIX.search(text)
    if match:
        attr = match.group(1)
        text = text[: match.start()]
    return from_root, text.strip(), attr


_COMPILED: dict[str, Selector] = {}


def compile_selector(text: str) -> Selector:
    """The selector a rule string names, compiled once per process: a fifth of the rule strings of
    the scrapers are the same as another's (``article``, ``.date``, ``time::attr(datetime)``), and
    compiling them was a third of what importing the package cost, which every run pays first
    (what a text compiles to is now read back from the cache, `_compiled_text`)."""
    found = _COMPILED.get(text)
    if found is None:
        found = _COMPILED[text] = _compiled(text)
    return found


def compiled_selectors() -> dict[str, Selector]:
    """Every selector compiled so far, by its rule string (what tests compare with a plain
    derivation: all the rules' selectors, once the scrapers are imported)."""
    return dict(_COMPILED)


def _compiled(source: str) -> Selector:
    from_root, text, attr = _source_parts(source)
    xpath, needs, downward, local, below_only, own_tag, answer, _written, _first = _compiled_text(
        text
    )
    if from_root:  # searched from the page's root: nothing holds of the scope
        downward = local = below_only = False
    itself = not text and not from_root
    by_id = _id_rule(source) if from_root and answer is None else None
    # (never ``itself`` or ``own_tag`` selectors: those are XPath or not from the root)
    stops_early = answer is not None or (from_root and needs is not None)
    return Selector(
        source,
        xpath,
        attr,
        from_root,
        needs,
        downward,
        local,
        below_only,
        own_tag,
        itself,
        answer,
        by_id,
        stops_early,
        tagged=tagged_query(xpath) if answer is None else None,
    )


_ID_RULE = re.compile(r"\^([a-z][a-z0-9]*)?#([A-Za-z][A-Za-z0-9_-]*)")
"""``^#respond``, ``^form#comment-form``: one element of the page, known by its id (and tag)."""


def _id_rule(source: str) -> tuple[str | None, str] | None:
    """The tag (or None) and the id of an `_ID_RULE` selector; None for other selectors."""
    match = _ID_RULE.fullmatch(source)
    return None if match is None else (match.group(1), match.group(2))


_TextParts = tuple[
    etree.XPath,
    tuple[BranchNeeds, ...] | None,
    bool,
    bool,
    bool,
    str | None,
    Plan | None,
    str | None,
    str | None,
]
_NeedsData = tuple[frozenset[str], frozenset[str], tuple[str, ...], tuple[bytes, ...]]
_TextData = tuple[
    str,
    tuple[_NeedsData, ...] | None,
    bool,
    bool,
    bool,
    str | None,
    PlanData | None,
    str | None,
    str | None,
]
"""What a text compiles to, as data (`usercache` keeps it between runs): the XPath expression in
its fast form, the branches' needs, downward, local, below only, the scope's own tag, the plan,
and for CSS its XPath as written and the XPath of its first hit (`written_xpath`,
`first_hit_xpath`): a run whose texts are all in the cache never imports cssselect."""
_WRITTEN_XPATH: Final = 7
"""Where a text's XPath as written is, in `_TextParts` and `_TextData` (a plain tuple: the cache
stores it with marshal, and mypyc indexes it cheaply)."""
_FIRST_HIT_XPATH: Final = 8
"""Where a text's first hit's XPath is, in `_TextParts` and `_TextData`."""


@functools.cache
def _compiled_text(text: str) -> _TextParts:
    """What a selector's CSS or XPath compiles to, searched from a scope: the query, what a page
    needs for it, downward, local, below only, the scope's own tag and the plan. Once per text:
    ``^x``, ``x`` and ``x::attr(y)`` share it (the compiled query too). Read from what an earlier
    run stored (`usercache`) when it holds the text; only the XPath is compiled then."""
    _ASKED_TEXTS.add(text)
    texts = _STORED.table("texts")
    try:
        return _text_parts(texts[text])
    # Not compiled by an earlier run (KeyError), or not what this code stores (the others).
    except (KeyError, TypeError, ValueError, etree.XPathSyntaxError):
        pass
    stored = texts[text] = text_data(text)
    _STORED.changed = True
    return _text_parts(stored)


def _text_parts(data: _TextData) -> _TextParts:
    expression, needs, downward, local, below_only, own_tag, answer, written, first = data
    return (
        xpath_as_written(expression),
        None if needs is None else tuple(BranchNeeds(*branch) for branch in needs),
        downward,
        local,
        below_only,
        own_tag,
        None if answer is None else plan_from_data(answer),
        written,
        first,
    )


def text_data(text: str) -> _TextData:
    """What a selector's CSS or XPath compiles to, as data (`_compiled_text` reads it)."""
    needs = None
    downward = False
    local = False
    below_only = False
    own_tag = None
    answer = None
    written = first = None
    if not text:
        expression = "self::*"
    elif _XPATH_START.match(text):
        expression = fast_form(text)
        own_tag = _own_tag(text)
        downward = _downward_xpath(text)
        below_only = downward and not text.startswith("descendant-or-self::")
    else:
        from .csscompile import css_data  # (cssselect only for a text the cache lacks)

        expression, needs, downward, local, found, written, first = css_data(text)
        answer = None if found is None else plan_data(found)
    needs_data = (
        None
        if needs is None
        else tuple((branch.classes, branch.values, branch.texts, branch.source) for branch in needs)
    )
    # (compile_xpath's form: the fast form of the expression, as compile_xpath makes it)
    return (
        fast_form(expression),
        needs_data,
        downward,
        local,
        below_only,
        own_tag,
        answer,
        written,
        first,
    )


_STORED = usercache.Stored(
    "selectors", ("texts", "groups"), lambda: (_library_versions(), _compiler_files())
)
"""What the rules' texts compile to (``texts``: `_TextData`) and the branches of their CSS groups
(``groups``), kept between runs; `store_compiled` writes them back when something was added."""
_ASKED_TEXTS: set[str] = set()
_ASKED_GROUPS: set[str] = set()
"""The texts and groups this process asked for: every rule's, once the scrapers are imported."""


def store_compiled() -> bool:
    """Keep what the rules compiled to for the next runs (`usercache`), when some text was not
    read from the cache or the cache held some no rule has any more (a rule's text edited); False
    when nothing was written. Called once every rule is compiled."""
    for name, asked in (("texts", _ASKED_TEXTS), ("groups", _ASKED_GROUPS)):
        table = _STORED.table(name)
        stale = [key for key in table if key not in asked]
        for key in stale:
            del table[key]
        if stale:
            _STORED.changed = True
    return _STORED.store()


def _library_versions() -> tuple[str, ...]:
    return (".".join(map(str, etree.LXML_VERSION)),)


def _compiler_files() -> tuple[str, ...]:
    """The files of the modules whose code decides what a rule compiles to, cssselect's too: found
    without importing the modules that a run with every text in the cache never imports."""
    from .. import xpath
    from . import indexed

    imported = (sys.modules[__name__], xpath, indexed)
    files = [str(getattr(module, "__file__", "") or "") for module in imported]
    files += [
        usercache.module_file(f"{__package__}.{name}") for name in ("csscompile", "csstranslator")
    ]
    library = usercache.module_file("cssselect")
    if library:
        files += sorted(str(path) for path in Path(library).parent.glob("*.py"))
    return tuple(files)


@functools.cache
def first_hit_xpath(source: str) -> etree.XPath | None:
    """For a selector of one CSS compound searched from the page's root (``^img[src*='x']``,
    ``^[id^='Blog1']``, ``^script:contains('x')``), the XPath of the first element it finds in
    document order, ``/descendant::img[…][1]``, at which libxml2 stops walking (`Selector.first`
    uses it when the selector has no plan): the selector's own XPath gathers every hit (by the
    attribute's values, the cheaper way to find them all). None for other selectors. Made when
    first asked for: only the few that run need one, and compiling them all would cost every
    run's start (the expression is compiled with the text's other data: `csscompile.first_hit`)."""
    from_root, text, _attr = _source_parts(source)
    if not from_root or not text or _XPATH_START.match(text):
        return None
    expression = _compiled_text(text)[_FIRST_HIT_XPATH]
    if expression is None:
        return None
    try:
        return compile_xpath(expression)
    except etree.XPathSyntaxError:  # a cache damaged since: the selector's whole query answers
        return None


@functools.cache
def _first_hit_query(source: str) -> TaggedQuery | XPath | None:
    """`first_hit_xpath`, answered from the page's list of a rare tag when it names one
    (``^script:contains('Drupal.settings')``: `indexed.TaggedQuery`)."""
    query = first_hit_xpath(source)
    return None if query is None else tagged_query(query) or query


def written_xpath(source: str) -> str | None:
    """The XPath of a selector string searched from its scope, as written (without ``::attr()``;
    ``self::*`` for the scope itself), CSS as cssselect translates it (with this module's
    combinators, without the walks of class values); None for searches from the page's root."""
    from_root, text, _attr = _source_parts(source)
    if from_root:
        return None
    if not text:
        return "self::*"
    if _XPATH_START.match(text):
        return text
    return _compiled_text(text)[_WRITTEN_XPATH]  # (`csscompile.written_css`, with the text)


def _downward_xpath(expression: str) -> bool:
    """A path down the descendant axis from the scope, finding elements (or their attributes and
    texts), whose predicates neither look around (ancestors, siblings, ids) nor count positions."""
    return bool(_DOWNWARD_START.match(expression)) and not _LOOKS_AROUND.search(expression)


def _own_tag(expression: str) -> str | None:
    """``self::dt/…`` finds nothing from a scope that is not a ``dt`` (no union, no ``*``)."""
    match = _SELF_TAG.match(expression)
    return match.group(1).lower() if match and "|" not in expression else None


def group_branches(text: str) -> tuple[str, ...]:
    """The branches of a CSS group as selector strings of their own (``^a, b.c`` → ``^a``,
    ``^b.c``); XPath, ``::attr()`` selectors and single branches are returned whole. Read from
    what an earlier run stored (`usercache`) when it holds the group."""
    _ASKED_GROUPS.add(text)
    groups = _STORED.table("groups")
    found: object = groups.get(text)
    if isinstance(found, tuple) and all(isinstance(branch, str) for branch in found):
        return found
    branches = groups[text] = _split_group(text)
    _STORED.changed = True
    return branches


def _split_group(text: str) -> tuple[str, ...]:
    prefix = "^" if text.startswith("^") else ""
    body = text[len(prefix) :].strip()
    if not body or _XPATH_START.match(body) or _ATTR_SUFFIX.search(body):
        return (text,)
    parts: list[str] = []
    depth, quote, start = 0, "", 0
    for position, character in enumerate(body):
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character in "([":
            depth += 1
        elif character in ")]":
            depth -= 1
        elif character == "," and depth == 0:
            parts.append(body[start:position])
            start = position + 1
    parts.append(body[start:])
    from .csscompile import parsed  # (a group the cache lacks)

    if len(parts) < 2 or len(parts) != len(parsed(body)):  # an escape this scan does not know
        return (text,)
    return tuple(prefix + part.strip() for part in parts)


def requiring(
    rule: str,
    *,
    classes: Iterable[str] = (),
    any_text: Iterable[str] = (),
    source: Iterable[str] = (),
    first_by_id: str | None = None,
) -> Selector:
    """An XPath selector with what a page must hold for it to find anything, which the index
    cannot read from XPath: class names (`classes`), one of `any_text` in some attribute value,
    and every text of `source` in the page's source (lower-case ASCII that the source holds as
    the tree does: a script's text, an attribute's name). A page without them skips the query,
    as it skips impossible CSS. `first_by_id`: an XPath string naming, from the page's root, the
    id of the first element the rule finds, or "" when it finds none (`Selector.id_from`)."""
    selector = compile_selector(rule)
    if first_by_id is not None:
        selector = replace(
            selector, id_from=compile_xpath(f"string({first_by_id})"), stops_early=True
        )
    needed = frozenset(classes)
    texts = tuple(any_text)
    in_source = tuple(text.encode("ascii") for text in source)
    if any(text != text.lower() for text in in_source):
        raise ValueError(f"source texts are asked of the lower-cased source: {source}")
    needs = tuple(BranchNeeds(needed, frozenset(), (text,), in_source) for text in texts) or (
        BranchNeeds(needed, frozenset(), (), in_source),
    )
    return replace(selector, needs=needs)


def selectors(*rules: str | Selector) -> tuple[Selector, ...]:
    """Compile an ordered list of selectors, most specific first; already compiled ones (shared
    lists such as ``*common.TITLE``) are taken as they are."""
    return tuple(rule if isinstance(rule, Selector) else compile_selector(rule) for rule in rules)


def normalise_space(text: str) -> str:
    """White space runs as one space, none at the ends: ``str.split`` cuts where ``\\s+`` does and
    is several times faster than the pattern."""
    return " ".join(text.split())


def first_value(scope: HtmlElement, rules: Iterable[Selector]) -> str | None:
    """The first non-empty value of the first selector that has one."""
    for rule in rules:
        value = rule.first_value(scope)
        if value is not None:
            return value
    return None


def first_element(scope: HtmlElement, rules: Iterable[Selector]) -> HtmlElement | None:
    for rule in rules:
        found = rule.first(scope)
        if found is not None:
            return found
    return None


def all_values(scope: HtmlElement, rules: Iterable[Selector]) -> tuple[str, ...]:
    """Every distinct value of the first selector that matches anything, in page order."""
    for rule in rules:
        seen: dict[str, None] = {}
        for _element, value in rule.values(scope):
            seen.setdefault(value, None)
        if seen:
            return tuple(seen)
    return ()


def has_class(element: HtmlElement, name: str) -> bool:
    return name in (element.get("class") or "").split()
