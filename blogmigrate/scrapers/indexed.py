"""CSS selectors answered from lists of the page's elements instead of a walk of the tree.

libxml2 evaluates a step's predicate on every element it visits (~0.5-1.5 µs each, a string copy
per attribute read), so ``.comment-author .fn`` costs a walk of the whole scope for every rule, and
the rules run dozens. The page's elements that carry a class, and those of a few rare tags
(``meta``, ``link``, ``h1``…) are each listed once, in document order, by one walk (`treewalk`); a
selector whose every branch ends with a compound naming such a class or tag then tests only the
listed candidates (inside the scope), and climbs their ancestors for the compounds on its left.
Results are the XPath's: the same elements, in document order, each once. (Ids are not listed:
libxml2 finds ``#respond`` fast enough that a list of ids does not repay its building.)

Only what can be answered exactly is planned (`csscompile.plan` makes the plans): compounds of a
tag, classes, ids and attribute tests (without namespaces or the ``i`` flag) joined by descendant or
child combinators, all branches ending on the same kind of list. Anything else has no plan and runs
as XPath. The lists describe the tree at the time they are built: they are used only while a `using`
block is active, from the root or a scope made wide (the post, the comment list). The page's lists
belong to its selector index (`PageIndex.lists`), made again whenever a scraper changes the tree
(`rules.tree_changed`): one class walk serves the classifier, detection and scraping.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add

from lxml import etree
from lxml.etree import XPath  # named directly in dataclass fields, which mypyc resolves by name
from lxml.html import HtmlElement

from ..treewalk import TreeWalk, rare_tags_below, walk_tree
from ..xpath import xpath_as_written

RARE_TAGS = (
    "html",
    "head",
    "body",
    "title",
    "meta",
    "link",
    "base",
    "script",
    "style",
    "form",
    "iframe",
    "h1",
    "h2",
    "h3",
    "h4",
    "time",
    "abbr",
    "article",
)
"""Tags listed by one walk when a selector ends on one of them: few on any page, so testing each
costs less than a walk of the tree."""
RARE_TAG_SET = frozenset(RARE_TAGS)

_XML_SPACE = re.compile(r"[ \t\r\n]+")
_ODD_SPACE = re.compile(r"[^\S \t\r\n]")
"""White space ``str.split()`` cuts at but XPath's ``normalize-space()`` does not (NBSP, form feed…)."""


def class_names(value: str) -> list[str]:
    """A class attribute's names, split where XPath's ``normalize-space()`` splits."""
    if value.isascii() and value.isprintable():  # spaces only: str.split cuts the same
        return value.split()
    if _ODD_SPACE.search(value):
        return [name for name in _XML_SPACE.split(value) if name]
    return value.split()


@dataclass(frozen=True, slots=True)
class AttributeTest:
    """cssselect's translation of ``[name <operator> value]`` as a test of the value an element has
    (None: the attribute is absent). Data, not a closure, so that a plan can be stored and read
    back (`plan_data`): ``kind`` is the operator as the value makes it
    (`csscompile.attribute_test`)."""

    kind: str
    value: str = ""

    def __call__(self, found: str | None) -> bool:
        kind, value = self.kind, self.value
        if found is None:
            return kind == "!="  # absent: only ``!= value`` holds (cssselect's ``not(@a = v)``)
        if kind == "=":
            return found == value
        if kind == "exists":
            return True
        if kind == "!=" or kind == "present-and-!=":
            return found != value
        if kind == "~=":
            return value in class_names(found)
        if kind == "|=":
            return found == value or found.startswith(value + "-")
        if kind == "^=":
            return found.startswith(value)
        if kind == "$=":
            return found.endswith(value)
        if kind == "*=":
            return value in found
        return False  # "never": a test no value passes (``[a~='']``, ``[a^='']``)


Key = tuple[str, ...]
"""Where a list files an element: ``(class name,)``, ``(tag,)`` or ``(tag, attribute,
value)`` for a rare tag with an attribute of that value (``meta[property='og:title']``)."""


@dataclass(frozen=True, slots=True)
class Compound:
    """A tag, classes, ids and attribute tests, all required of one element."""

    tag: str | None = None
    classes: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    attributes: tuple[tuple[str, AttributeTest], ...] = ()
    equals: tuple[tuple[str, str], ...] = ()
    """The attributes tested for equality (also in ``attributes``), to file rare tags by."""

    def matches(self, element: HtmlElement) -> bool:
        if self.tag is not None and element.tag != self.tag:
            return False
        if self.classes:
            value = element.get("class")
            # A name the value does not hold as text is not among its names: most ancestors a
            # chain climbs through are rejected so, without splitting their value.
            if value is None or self.classes[0] not in value:
                return False
            names = class_names(value)
            if not all(name in names for name in self.classes):
                return False
        if self.ids and any(element.get("id") != name for name in self.ids):
            return False
        if not self.attributes:  # most compounds: no generator made for nothing to test
            return True
        return all(test(element.get(name)) for name, test in self.attributes)

    @property
    def tests_nothing(self) -> bool:
        return not (self.tag or self.classes or self.ids or self.attributes)

    def anchored(self) -> tuple[str, Key, Compound] | None:
        """The list that holds every element this compound matches, its key there, and what
        remains to test of a listed element (the compound without what the key implies)."""
        # (compounds made directly, not by dataclasses.replace: ~1 500 of them at import)
        tag, classes, ids = self.tag, self.classes, self.ids
        attributes, equals = self.attributes, self.equals
        if classes:
            return "class", (classes[0],), Compound(tag, classes[1:], ids, attributes, equals)
        if tag in RARE_TAGS:
            if equals:
                name, value = equals[0]
                rest = tuple(pair for pair in attributes if pair[0] != name)
                if len(rest) == len(attributes) - 1:
                    return "tag", (tag, name, value), Compound(None, classes, ids, rest, equals)
            return "tag", (tag,), Compound(None, classes, ids, attributes, equals)
        return None


@dataclass(frozen=True, slots=True)
class Chain:
    """One CSS branch: compounds left to right, joined by ``" "`` or ``">"``; ``last`` is what
    remains to test of a listed element."""

    compounds: tuple[Compound, ...]
    combinators: tuple[str, ...]
    last: Compound
    every: bool = field(init=False)
    """Every listed element filed under the key matches: one compound, nothing left to test."""
    last_free: bool = field(init=False)
    """Nothing is left to test of a listed element itself (``last.tests_nothing``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "last_free", self.last.tests_nothing)
        object.__setattr__(self, "every", len(self.compounds) == 1 and self.last_free)

    def matches(self, element: HtmlElement, scope: HtmlElement) -> bool:
        """Does the branch, searched from ``scope``, find ``element`` (a listed element at or
        below it, filed under the branch's key)?"""
        if not (self.last_free or self.last.matches(element)):
            return False
        return self._above(element, len(self.compounds) - 1, scope)

    def _above(self, element: HtmlElement, matched: int, scope: HtmlElement) -> bool:
        """Compounds ``0 … matched-1`` match ``element``'s ancestors, the first at or below ``scope``."""
        if matched == 0:
            return True
        if element is scope:
            return False
        compound = self.compounds[matched - 1]
        child_only = self.combinators[matched - 1] == ">"
        node = element.getparent()
        while node is not None:
            if compound.matches(node) and self._above(node, matched - 1, scope):
                return True
            if child_only or node is scope:
                return False
            node = node.getparent()
        return False


@dataclass(frozen=True, slots=True)
class Plan:
    """A selector's branches, all ending on compounds found in the same list."""

    kind: str
    chains: tuple[tuple[Key, Chain], ...]
    """Each branch with its key in the list."""
    descend: Compound | None = None
    """A last compound no list holds (``a`` in ``.fn a``), of a lone branch: looked for below
    what the chain finds (``descendant`` only)."""


CompoundData = tuple[
    str | None,
    tuple[str, ...],
    tuple[str, ...],
    tuple[tuple[str, str, str], ...],
    tuple[tuple[str, str], ...],
]
ChainData = tuple[tuple[CompoundData, ...], tuple[str, ...], CompoundData]
PlanData = tuple[str, tuple[tuple[Key, ChainData], ...], CompoundData | None]
"""A plan as plain tuples and strings (`plan_data`), which `usercache` stores between runs."""


def plan_data(plan: Plan) -> PlanData:
    """The plan as plain data, which `plan_from_data` makes the same plan of."""
    return (
        plan.kind,
        tuple((key, _chain_data(chain)) for key, chain in plan.chains),
        None if plan.descend is None else _compound_data(plan.descend),
    )


def plan_from_data(data: PlanData) -> Plan:
    kind, chains, descend = data
    return Plan(
        kind,
        tuple((key, _chain_from_data(chain)) for key, chain in chains),
        None if descend is None else _compound_from_data(descend),
    )


def _chain_data(chain: Chain) -> ChainData:
    compounds = tuple(_compound_data(compound) for compound in chain.compounds)
    return compounds, chain.combinators, _compound_data(chain.last)


def _chain_from_data(data: ChainData) -> Chain:
    compounds, combinators, last = data
    return Chain(
        tuple(_compound_from_data(compound) for compound in compounds),
        combinators,
        _compound_from_data(last),
    )


def _compound_data(compound: Compound) -> CompoundData:
    attributes = tuple((name, test.kind, test.value) for name, test in compound.attributes)
    return compound.tag, compound.classes, compound.ids, attributes, compound.equals


def _compound_from_data(data: CompoundData) -> Compound:
    tag, classes, ids, attributes, equals = data
    tests = tuple((name, AttributeTest(kind, value)) for name, kind, value in attributes)
    return Compound(tag, classes, ids, tests, equals)


class _ElementList:
    """Listed elements in document order, with the positions of each key: a class name, a tag."""

    __slots__ = (
        "_by_key",
        "_by_value",
        "_elements",
        "_joined",
        "_position",
        "_split",
        "_starts",
        "_tags",
        "_values",
        "distinct",
    )

    def __init__(
        self,
        values: list[str],
        split: Callable[[str], list[str]] | None,
        elements: list[HtmlElement],
        tags: tuple[str, ...] = (),
    ) -> None:
        self._values = values
        self._elements = elements
        self._tags = tags
        by_value: dict[str, list[int]] = {}
        get = by_value.get
        for position, value in enumerate(values):
            positions = get(value)
            if positions is None:
                by_value[value] = [position]
            else:
                positions.append(position)
        self._by_value = by_value
        self.distinct = list(by_value)
        """The distinct values (class attributes, tags), in order of first appearance."""
        self._split = split
        self._joined: str | None = None
        self._starts: list[int] = []
        self._by_key: dict[Key, list[int]] = {}
        self._position: dict[HtmlElement, int] | None = None

    def __len__(self) -> int:
        return len(self._values)

    def element(self, position: int) -> HtmlElement:
        return self._elements[position]

    def positions(self, key: Key) -> list[int]:
        """The positions of the elements filed under ``key``, in document order."""
        found = self._by_key.get(key)
        if found is None:
            if len(key) == 3:  # a rare tag with an attribute's value
                tag, name, value = key
                found = [
                    position
                    for position in self.positions((tag,))
                    if self.element(position).get(name) == value
                ]
            elif self._split is None:
                found = self._by_value.get(key[0], [])
            else:
                holding = self._holding(key[0], self._split)
                if len(holding) == 1:
                    found = self._by_value[holding[0]]
                else:  # runs from several class values
                    found = sorted([p for value in holding for p in self._by_value[value]])
            self._by_key[key] = found
        return found

    def _holding(self, name: str, split: Callable[[str], list[str]]) -> list[str]:
        """The distinct values that hold ``name``, found when it is asked for (a page asks for a
        dozen names of the hundreds its values hold): only the values that contain it as a
        substring, found in all of them joined, are split."""
        return [value for value in self.substring_values(name) if name in split(value)]

    def substring_values(self, text: str) -> list[str]:
        """The distinct values that contain ``text`` (not empty), found in all of them joined."""
        if self._joined is None:
            # NUL never occurs in an attribute value; each value's offset in the joined text
            lengths = accumulate(map(len, self.distinct), initial=0)
            self._starts = list(map(add, lengths, range(len(self.distinct) + 1)))
            self._joined = "\0".join(self.distinct)
        find, starts, found = self._joined.find, self._starts, []
        at = find(text)
        while at >= 0:
            number = bisect_right(starts, at) - 1
            found.append(self.distinct[number])
            at = find(text, starts[number + 1])
        return found

    def holding_any(self, texts: tuple[str, ...], names: tuple[str, ...]) -> list[int]:
        """The positions, in document order, of the elements whose value contains one of
        ``texts`` or holds one of ``names`` (class list: XPath's ``contains(@class, text)`` and
        `common.class_test`)."""
        key = ("\0", *texts, "\0", *names)  # never a class name: names hold no NUL
        found = self._by_key.get(key)
        if found is None:
            values = {value for text in texts for value in self.substring_values(text)}
            positions = {p for value in values for p in self._by_value[value]}
            positions.update(p for name in names for p in self.positions((name,)))
            found = self._by_key[key] = sorted(positions)
        return found

    def span(self, scope: HtmlElement) -> tuple[int, int]:
        """The positions of the listed elements at or below ``scope``: a subtree is one run, from
        the first listed element met walking it (no longer than a query's walk) to the last one
        inside, found by galloping then bisection (each test climbs one element's ancestors)."""
        low = None
        for element in scope.iter(*self._tags) if self._tags else scope.iter(etree.Element):
            low = self._position_of(element)
            if low is not None:
                break
        if low is None:
            return 0, 0
        inside, step, size = low, 1, len(self._values)  # inside: a position known to be inside
        while inside + step < size and contains(scope, self.element(inside + step)):
            inside += step
            step *= 2
        top = min(inside + step, size)  # outside (or the end)
        while top - inside > 1:
            middle = (inside + top) // 2
            if contains(scope, self.element(middle)):
                inside = middle
            else:
                top = middle
        return low, inside + 1

    def _position_of(self, element: HtmlElement) -> int | None:
        """The element's position, when it is listed. In the class list, only the elements with
        the same class value are looked at (a dict of every listed element would hash each of
        the page's thousands of classed elements, for the few spans a page asks)."""
        if self._split is not None:
            value = element.get("class")
            for position in self._by_value.get(value, ()) if value is not None else ():
                if self.element(position) is element:  # lxml: one proxy per element at a time
                    return position
            return None
        if self._position is None:
            self._position = {self.element(position): position for position in range(len(self))}
        return self._position.get(element)


def contains(outer: HtmlElement, inner: HtmlElement, within: HtmlElement | None = None) -> bool:
    """Is ``inner`` ``outer`` or below it? ``within``: an element holding both, where the climb
    from ``inner`` ends rather than at the root (nothing above it is below ``outer``)."""
    node: HtmlElement | None = inner
    while node is not None:
        if node is outer:
            return True
        if node is within:
            return False
        node = node.getparent()
    return False


class ElementLists:
    """The lists of one tree, each built on first use; spans of scopes remembered."""

    __slots__ = ("_lists", "_spans", "_walk", "_wide", "root")

    def __init__(self, root: HtmlElement) -> None:
        self.root = root
        self._walk: TreeWalk | None = None
        self._lists: dict[str, _ElementList] = {}
        self._spans: dict[tuple[str, int], tuple[HtmlElement, tuple[int, int]]] = {}
        self._wide: dict[int, HtmlElement] = {id(root): root}

    def grown(self, added: list[HtmlElement]) -> ElementLists:
        """The lists of this tree once ``added`` were put in it (every added element, not only
        the tops): the class list, when it was made, stays if none of them has a class, since no
        class-bearing element is then new or moved; the others are made again when asked for."""
        lists = ElementLists(self.root)
        classes = self._lists.get("class")
        if classes is not None and all(element.get("class") is None for element in added):
            lists._lists["class"] = classes
        return lists

    def walked(self) -> TreeWalk:
        """The tree's walk (`treewalk`), made on first use: it gives the class list, the tag
        list, and the page index's attribute values and ids."""
        if self._walk is None:
            self._walk = walk_tree(self.root, RARE_TAG_SET)
        return self._walk

    def has_id(self, name: str) -> bool:
        """Whether some element of the tree has this id (as walked: `walked`)."""
        return name in self.walked().first_ids

    def with_id(self, tag: str | None, name: str) -> HtmlElement | None:
        """The tree's first element with this id (`TreeWalk.first_ids`: the parser keeps no table
        of ids for XPath's ``id()``, whose building was 7 % of the parse), when it has this tag (or
        ``tag`` is None) and is still in the tree; else None, which says nothing (a later element
        of the tag may have the id too)."""
        element = self.walked().first_ids.get(name)
        if element is None or (tag is not None and element.tag != tag):
            return None
        top = element  # (a removed element keeps its document: `getroottree` would say it is in)
        while (parent := top.getparent()) is not None:
            top = parent
        return element if top is self.root else None

    def answers(self, scope: HtmlElement) -> bool:
        """Are selectors from ``scope`` answered from the lists (the root, or a wide scope)?"""
        return id(scope) in self._wide

    def widen(self, scope: HtmlElement) -> None:
        """Answer selectors from ``scope`` too: a large part of the page (the post, the comment
        list) that many selectors search. From a small scope (one comment) a walk costs less
        than finding the scope's run in a list."""
        self._wide[id(scope)] = scope  # the element kept: its id stays unique

    def class_values(self) -> list[str]:
        """The tree's distinct class attribute values (the class list is made if it was not)."""
        return self._list("class").distinct

    def classed(self, name: str) -> list[HtmlElement]:
        """The elements whose class names include ``name`` (as XPath's ``normalize-space()``
        splits them), in document order."""
        listed = self._list("class")
        return [listed.element(position) for position in listed.positions((name,))]

    def class_holding(
        self, texts: tuple[str, ...], names: tuple[str, ...], scope: HtmlElement, *, below: bool
    ) -> list[HtmlElement]:
        """The elements at or below ``scope`` (strictly below, with ``below``) whose class value
        contains one of ``texts`` or holds one of ``names``, in document order: what
        ``descendant-or-self::*[contains(@class, 'text') or …]`` finds from it, without a walk."""
        listed = self._list("class")
        low, high = self._span("class", listed, scope)
        positions = listed.holding_any(texts, names)
        element = listed.element
        found = [
            element(position)
            for position in positions[bisect_left(positions, low) : bisect_left(positions, high)]
        ]
        if below and found and found[0] is scope:
            del found[0]
        return found

    def tagged(self, *keys: Key) -> list[HtmlElement]:
        """The elements of rare tags filed under any of ``keys`` (``("link", "rel", "canonical")``:
        a ``<link>`` whose ``rel`` is exactly that), each once, in document order."""
        assert all(key[0] in RARE_TAGS for key in keys)
        listed = self._list("tag")
        positions = [position for key in keys for position in listed.positions(key)]
        if len(keys) > 1:
            positions = sorted(set(positions))
        return [listed.element(position) for position in positions]

    def _list(self, kind: str) -> _ElementList:
        found = self._lists.get(kind)
        if found is None:
            if kind == "class":
                walk = self.walked()
                found = _ElementList(walk.class_values, class_names, walk.classed)
            else:
                # Lists grown from another tree's may keep its class list: then only the rare
                # tags are listed (a tenth of a walk); otherwise the walk lists both at once.
                if self._walk is None and "class" in self._lists:
                    tags, tagged = rare_tags_below(self.root, RARE_TAG_SET)
                else:
                    walk = self.walked()
                    tags, tagged = walk.tags, walk.tagged
                found = _ElementList(tags, None, tagged, RARE_TAGS)
            self._lists[kind] = found
        return found

    def _span(self, kind: str, listed: _ElementList, scope: HtmlElement) -> tuple[int, int]:
        if scope is self.root:
            return 0, len(listed)
        key = (kind, id(scope))
        known = self._spans.get(key)
        if known is None:  # the scope is kept with its span: its id stays unique
            known = self._spans[key] = (scope, listed.span(scope))
        return known[1]

    def run(self, plan: Plan, scope: HtmlElement, *, first: bool = False) -> list[HtmlElement]:
        """The elements the planned selector finds from ``scope``, in document order; with
        ``first``, only the first of them (each branch's candidates stop at their first match)."""
        listed = self._list(plan.kind)
        low, high = self._span(plan.kind, listed, scope)
        if low >= high:
            return []
        stop = first and plan.descend is None
        if len(plan.chains) == 1:  # most selectors: no branch's hits to merge
            found = _one_chain(listed, plan.chains[0], scope, low, high, first=stop)
            if plan.descend is not None:
                return _below(found, plan.descend, scope, first=first)
            return found
        hits: dict[int, HtmlElement] = {}
        for key, chain in plan.chains:
            positions = listed.positions(key)
            for position in positions[bisect_left(positions, low) : bisect_left(positions, high)]:
                if position not in hits:
                    element = listed.element(position)
                    if chain.matches(element, scope):
                        hits[position] = element
                        if stop:
                            break
        if plan.descend is not None:
            return _below(list(hits.values()), plan.descend, scope, first=first)
        found = [hits[position] for position in sorted(hits)]  # the branches' hits interleave
        return found[:1] if first else found


def _one_chain(
    listed: _ElementList,
    keyed: tuple[Key, Chain],
    scope: HtmlElement,
    low: int,
    high: int,
    *,
    first: bool,
) -> list[HtmlElement]:
    """The listed elements between positions ``low`` and ``high`` that one branch finds from
    ``scope``, in document order (only the first with ``first``)."""
    key, chain = keyed
    positions = listed.positions(key)
    candidates = positions[bisect_left(positions, low) : bisect_left(positions, high)]
    element = listed.element
    if chain.every:
        return [element(position) for position in (candidates[:1] if first else candidates)]
    found: list[HtmlElement] = []
    matches = chain.matches
    for position in candidates:
        candidate = element(position)
        if matches(candidate, scope):
            found.append(candidate)
            if first:
                break
    return found


def _below(
    tops: list[HtmlElement], compound: Compound, scope: HtmlElement, *, first: bool = False
) -> list[HtmlElement]:
    """The elements matching ``compound`` strictly below any of ``tops`` (in document order, all
    at or below ``scope``), in document order (only the first with ``first``): a top inside the
    previous one adds nothing, and the others' subtrees follow one another."""
    found: list[HtmlElement] = []
    previous: HtmlElement | None = None
    tag = compound.tag
    for top in tops:
        if previous is not None and contains(previous, top, within=scope):
            continue
        previous = top
        found.extend(
            element for element in top.iter(tag) if element is not top and compound.matches(element)
        )
        if first and found:
            return found[:1]
    return found


_ACTIVE: ContextVar[ElementLists | None] = ContextVar("element_lists", default=None)


def active_lists(scope: HtmlElement) -> ElementLists | None:
    """The lists in use that answer selectors from ``scope``, if any."""
    lists = _ACTIVE.get()
    if lists is None or not lists.answers(scope):
        return None
    return lists


def lists_of_tree(element: HtmlElement) -> ElementLists | None:
    """The lists in use when they are of ``element``'s tree (for its ids, its lists of rare tags,
    or to widen them), whatever scopes they answer selectors from. An element removed from the
    tree still belongs to its document, and so to these lists: libxml2 too searches that document
    for an absolute path (``/descendant::meta``) from it."""
    lists = _ACTIVE.get()
    if lists is None or element.getroottree().getroot() is not lists.root:
        return None
    return lists


def widen(scope: HtmlElement) -> None:
    """Let the lists in use for ``scope``'s tree answer selectors from it (`ElementLists.widen`)."""
    lists = lists_of_tree(scope)
    if lists is not None:
        lists.widen(scope)


_RARE_FIRST_STEP = re.compile(rf"/descendant::({'|'.join(RARE_TAGS)})(?=[/\[]|$)")


@dataclass(frozen=True, slots=True)
class TaggedQuery:
    """An XPath whose first step, ``/descendant::T``, names a rare tag (``//meta[…]`` as
    `xpath.fast_form` writes it): while lists of the page's tree are in use (`using`), it runs as
    ``$tagged…`` over their list of T elements, which holds the elements that step finds, in the
    same order, without a walk of the page; otherwise as written."""

    tag: str
    query: XPath
    from_list: XPath

    def __call__(self, scope: HtmlElement) -> object:
        lists = lists_of_tree(scope)
        if lists is not None:
            return self.from_list(scope, tagged=lists.tagged((self.tag,)))
        return self.query(scope)


def tagged_query(query: XPath, **options: bool) -> TaggedQuery | None:
    """The query as a `TaggedQuery` (compiled with the same ``options``), when its expression is
    one path that opens with a rare tag's descendant step; else None."""
    expression = query.path
    match = _RARE_FIRST_STEP.match(expression)
    if match is None or "|" in expression or "$" in expression:
        return None
    rest = expression[match.end() :]
    return TaggedQuery(match.group(1), query, xpath_as_written(f"$tagged{rest}", **options))


@contextmanager
def using(root: HtmlElement, lists: ElementLists | None = None) -> Iterator[ElementLists]:
    """Answer planned selectors on ``root``'s tree from lists while the block runs: fresh ones, or
    ``lists`` made over this same tree when nothing has changed it since. The caller promises not
    to change the tree meanwhile."""
    if lists is None or lists.root is not root:
        lists = ElementLists(root)
    token = _ACTIVE.set(lists)
    try:
        yield lists
    finally:
        _ACTIVE.reset(token)
