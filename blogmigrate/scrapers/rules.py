"""One small interpreter for extraction rules written as data (see wordpress.py for a rules table).

A platform is a `PlatformRules`: how to recognise it (`DetectRules`), where a post's fields are
(`PostRules`) and how its comments are marked up (`CommentRules`). Every field is an ordered tuple of
selectors, most specific first; the first one that yields a value wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cache
from operator import itemgetter
from typing import Any, TypeVar, cast

from lxml import etree, html
from lxml.html import HtmlElement
from mypy_extensions import mypyc_attr

from ..page import Page
from ..xpath import compile_xpath
from . import indexed, scopewise
from .base import Detection, RawComment, RawDate, RawPost
from .needs import NeedsTable, needs_table
from .selectors import (
    PageIndex,
    Selector,
    all_values,
    first_element,
    first_value,
    group_branches,
    selectors,
    written_xpath,
)

NO_SELECTORS: tuple[Selector, ...] = ()
_DEPTH_CLASS = re.compile(r"(?:^|\s)depth-(\d+)(?:\s|$)")
_DIGITS = re.compile(r"(\d+)")
_HEX_ID = re.compile(r"(?<![0-9a-z])([0-9a-f]{24,})(?![0-9a-z])")
"""Long hexadecimal ids (Typepad's xids, "comment-6a00d8341c…") are kept whole, not cut at a letter."""
_ITEM_MARK = "data-blogmigrate-comment"
_TEXT_BLOCKS = frozenset(("p", "blockquote", "ul", "ol", "pre", "dl", "table"))
"""Body hits that are themselves content (kept whole), not containers (whose inside is the text)."""
_NESTED_ITEMS = compile_xpath(f".//*[@{_ITEM_MARK}]")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Markup that hints at a platform: present → this much confidence, for this reason."""

    rule: Selector
    weight: float
    reason: str
    branches: tuple[Selector, ...] = ()
    """A CSS group's branches, each on its own, the query with the fewest function calls (tests of
    each candidate) first. Detection asks only whether the rule finds something, which the first
    branch that does answers; the index rules out the others (`DetectRules.branches`); the
    group's query would walk the page once per branch and test every candidate of every branch."""

    @property
    def tried(self) -> tuple[Selector, ...]:
        """The queries tried in turn: the branches, or the rule itself."""
        return self.branches or (self.rule,)

    def present(self, root: HtmlElement, index: PageIndex) -> bool:
        """Does the page hold the markup? Each branch is asked of the index on its own, and
        answered from its element lists (``^#navbar-iframe``-like branches from their ids, without
        a walk of the page); detection asks about all of them at once (`DetectRules.branches`),
        with the same answers."""
        with indexed.using(root, index.lists):  # `Selector.first` stops at the first hit
            return any(rule.possible(index) and rule.first(root) is not None for rule in self.tried)


def fingerprint(selector: str, weight: float, reason: str) -> Fingerprint:
    (rule,) = selectors(selector)
    branches = group_branches(selector)
    tried = sorted(selectors(*branches), key=lambda branch: branch.xpath.path.count("("))
    return Fingerprint(rule, weight, reason, tuple(tried) if len(branches) > 1 else ())


@dataclass(frozen=True, slots=True)
class Indent:
    """Where a flat comment list keeps each comment's thread level, as a number: a selector searched
    from the item and a pattern whose first group is the number (``margin-left: 50px``,
    ``comment-depth-3``, a spacer image's ``width``). Pixels or levels both work: only the order counts.
    """

    rule: Selector
    pattern: re.Pattern[str]


def indent(selector: str, pattern: str = r"(\d+)") -> Indent:
    (rule,) = selectors(selector)
    return Indent(rule, re.compile(pattern))


@dataclass(frozen=True, slots=True)
class Containers:
    """Elements known by tag, class or id (sidebars, widgets), tested on the element itself: cheaper
    than finding them all in the page when only a few comments' ancestors need the answer."""

    tags: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()

    def match(self, element: HtmlElement) -> bool:
        if element.tag in self.tags or (self.ids and element.get("id") in self.ids):
            return True
        names = element.get("class")
        return bool(names) and not self.classes.isdisjoint(names.split())


def containers(*names: str) -> Containers:
    """``containers("footer", ".widget", "#sidebar")``: tags, classes and ids."""
    return Containers(
        tags=frozenset(name for name in names if name[0] not in ".#"),
        classes=frozenset(name[1:] for name in names if name[0] == "."),
        ids=frozenset(name[1:] for name in names if name[0] == "#"),
    )


@dataclass(frozen=True, slots=True)
class DetectRules:
    generator: re.Pattern[str] | None = None
    fingerprints: tuple[Fingerprint, ...] = ()
    branches: NeedsTable = field(init=False, repr=False, compare=False)
    """Every fingerprint's queries (`Fingerprint.tried`) in order, their needs inverted: which
    of them may match a page is asked of its index once, without a call per query."""
    owners: tuple[int, ...] = field(init=False, repr=False, compare=False)
    """The number of the fingerprint of each of those queries."""
    spans: tuple[int, ...] = field(init=False, repr=False, compare=False)
    """The bits of each fingerprint's queries."""

    def __post_init__(self) -> None:
        tried = [
            (number, rule) for number, hint in enumerate(self.fingerprints) for rule in hint.tried
        ]
        spans = [0] * len(self.fingerprints)
        for bit, (number, _rule) in enumerate(tried):
            spans[number] |= 1 << bit
        object.__setattr__(self, "branches", needs_table([rule for _number, rule in tried]))
        object.__setattr__(self, "owners", tuple(number for number, _rule in tried))
        object.__setattr__(self, "spans", tuple(spans))

    def present(self, page: Page) -> list[Fingerprint]:
        """The fingerprints the page holds, in order (those `Fingerprint.present` says it holds).
        The queries that may match are asked of the page's index all at once, and only those
        run: a fingerprint's first query that finds something answers for it."""
        if not self.fingerprints:
            return []
        index = page_index(page)
        left = self.branches.possible(index)
        if not left:
            return []
        found: list[Fingerprint] = []
        root, queries = page.root, self.branches.selectors
        with indexed.using(root, index.lists):  # `Selector.first` stops at the first hit
            while left:
                lowest = left & -left
                number = lowest.bit_length() - 1
                if queries[number].first(root) is not None:
                    owner = self.owners[number]
                    found.append(self.fingerprints[owner])
                    left &= ~self.spans[owner]
                else:
                    left ^= lowest
        return found


@dataclass(frozen=True, slots=True, eq=False)
class PlatformsTable:
    """Several platforms' fingerprint queries (their `DetectRules.branches`) in one `NeedsTable`,
    with the words each platform's table searches first: which of the platforms may find a
    fingerprint on a page is asked of its index once. A page that tries every platform asks
    `detect` only of those (and those its generator names): the others find nothing, through a
    chain of calls and a table each (on ~9 of the ~10 platforms a page tries)."""

    table: NeedsTable
    spans: tuple[int, ...]
    """The bits of each platform's queries in the table."""
    generators: tuple[re.Pattern[str] | None, ...]
    """Each platform's generator pattern."""

    def named(self, page: Page) -> list[bool]:
        """For each platform, in order: does a generator meta of the page name it? (What each
        one's `detect_with` finds of its generator, without a chain of calls per platform.)"""
        found = generators(page)
        if not found:
            return [False] * len(self.generators)
        return [
            pattern is not None and any(map(pattern.search, found)) for pattern in self.generators
        ]

    def may_find(self, page: Page) -> list[bool]:
        """For each platform, in order: may one of its fingerprints be on the page? (False:
        `DetectRules.present` finds none; the same texts are searched, and none more.)"""
        left = self.table.possible(page_index(page))
        return [bool(left & span) for span in self.spans]


def platforms_table(detects: Sequence[DetectRules]) -> PlatformsTable:
    """The `PlatformsTable` of these platforms' detection rules, in order."""
    queries: list[Selector] = []
    spans: list[int] = []
    for detect in detects:
        found = detect.branches.selectors
        spans.append(((1 << len(found)) - 1) << len(queries))
        queries.extend(found)
    words = [word for detect in detects for word in detect.branches.words]
    source_words = [word for detect in detects for word in detect.branches.source_words]
    patterns = tuple(detect.generator for detect in detects)
    table = needs_table(queries, words, source_words)
    return PlatformsTable(table, tuple(spans), patterns)


@dataclass(frozen=True, slots=True, kw_only=True)
class PostRules:
    scope: tuple[Selector, ...] = NO_SELECTORS
    """The element holding one post; the other fields are searched inside it (``^`` escapes)."""
    title: tuple[Selector, ...] = NO_SELECTORS
    permalink: tuple[Selector, ...] = NO_SELECTORS
    source_id: tuple[Selector, ...] = NO_SELECTORS
    author_name: tuple[Selector, ...] = NO_SELECTORS
    author_url: tuple[Selector, ...] = NO_SELECTORS
    published_machine: tuple[Selector, ...] = NO_SELECTORS
    published_text: tuple[Selector, ...] = NO_SELECTORS
    updated_machine: tuple[Selector, ...] = NO_SELECTORS
    updated_text: tuple[Selector, ...] = NO_SELECTORS
    categories: tuple[Selector, ...] = NO_SELECTORS
    tags: tuple[Selector, ...] = NO_SELECTORS
    body: tuple[Selector, ...] = NO_SELECTORS
    body_drop: tuple[Selector, ...] = NO_SELECTORS
    """Blocks removed from the body: share buttons, likes, related posts, ads."""
    image_url: tuple[Selector, ...] = NO_SELECTORS
    image_alt: tuple[Selector, ...] = NO_SELECTORS
    image_caption: tuple[Selector, ...] = NO_SELECTORS
    excerpt: tuple[Selector, ...] = NO_SELECTORS
    language: tuple[Selector, ...] = selectors(
        "^html::attr(lang)", "^meta[http-equiv]::attr(content)"
    )
    site_name: tuple[Selector, ...] = NO_SELECTORS
    site_url: tuple[Selector, ...] = NO_SELECTORS
    base_url: tuple[Selector, ...] = selectors("^base::attr(href)")
    declared_count: tuple[Selector, ...] = NO_SELECTORS
    comments_closed: tuple[Selector, ...] = NO_SELECTORS
    comment_form: tuple[Selector, ...] = NO_SELECTORS


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentRules:
    items: tuple[Selector, ...] = NO_SELECTORS
    """Every comment element on the page, searched from the root, in page order."""
    not_inside: Containers | None = None
    """Containers whose items are not the post's comments: "recent comments" widgets, sidebars."""
    companions: tuple[Selector, ...] = NO_SELECTORS
    """Elements outside the item that belong to the same comment, searched from the item: e.g.
    ``following-sibling::dd[1]`` for ``<dt>`` author lines whose text is in the next ``<dd>``."""
    source_id: tuple[Selector, ...] = selectors("::attr(id)")
    author_name: tuple[Selector, ...] = NO_SELECTORS
    author_url: tuple[Selector, ...] = NO_SELECTORS
    avatar: tuple[Selector, ...] = NO_SELECTORS
    date_machine: tuple[Selector, ...] = NO_SELECTORS
    date_text: tuple[Selector, ...] = NO_SELECTORS
    permalink: tuple[Selector, ...] = NO_SELECTORS
    body: tuple[Selector, ...] = NO_SELECTORS
    body_drop: tuple[Selector, ...] = NO_SELECTORS
    """Controls and labels removed from a comment's text: reply and edit links, "says:"."""
    pingback: tuple[Selector, ...] = NO_SELECTORS
    trackback: tuple[Selector, ...] = NO_SELECTORS
    by_post_author: tuple[Selector, ...] = NO_SELECTORS
    placeholder_avatar: re.Pattern[str] | None = None
    """Pictures a platform shows for people without one: not the commenter's avatar."""
    indent: tuple[Indent, ...] = ()
    """Thread levels of a flat list (LiveJournal, Dreamwidth): used when neither nesting nor
    ``depth-N`` classes give parents; a comment answers the nearest earlier one indented less."""
    replied_to: tuple[Selector, ...] = NO_SELECTORS
    """The element of the comment this one answers, searched from the item, for themes whose replies
    are not nested inside their parent: e.g. Drupal's ``<div class="indented">`` placed right after
    the parent comment. Used before nesting; an item it finds nothing for falls back to nesting."""
    replied_to_id: tuple[Selector, ...] = NO_SELECTORS
    """The id of the comment this one answers, read from the item, for themes that name it: Movable
    Type 5's "replied to <a href="…#comment-2201">". Tried after `replied_to`, as it is."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlatformRules:
    name: str
    detect: DetectRules
    post: PostRules
    comments: CommentRules = field(default_factory=CommentRules)


@mypyc_attr(allow_interpreted_subclasses=True)
class RulesScraper:
    """A scraper driven entirely by a `PlatformRules` table."""

    def __init__(self, rules: PlatformRules) -> None:
        self.rules = rules

    @property
    def name(self) -> str:
        return self.rules.name

    @property
    def detect_rules(self) -> DetectRules:
        return self.rules.detect

    def detect(self, page: Page) -> Detection | None:
        return detect_with(self.rules, page)

    def scrape(self, page: Page) -> tuple[RawPost, ...]:
        return (scrape_post(self.rules, page),)


_INDEX = "selector-index"
_CHANGED = "selector-index-tree-changed"


def page_index(page: Page) -> PageIndex:
    """The page's selector index, with its element lists, built once and shared by the classifier,
    every platform's detection and the scraper. A scraper that changes the tree says so
    (`tree_changed`, `grown_index`): an index that does not know an added class could rule out a
    selector that now matches, and element lists hold the elements in their former places."""
    cached = page.cache.get(_INDEX)
    if isinstance(cached, PageIndex):
        return cached
    # The page's source tells what the tree cannot hold only while the tree is the parsed one.
    index = PageIndex(page.root, None if page.cache.get(_CHANGED) else page.ascii_source)
    page.cache[_INDEX] = index
    return index


def tree_changed(page: Page) -> None:
    """The page's tree was changed (elements added, moved or removed, attribute values added):
    its index and element lists are made again."""
    page.cache.pop(_INDEX, None)
    page.cache[_CHANGED] = True


def grown_index(page: Page, added: Iterable[HtmlElement]) -> PageIndex:
    """The page's index after these elements (with their descendants) were added to its tree:
    the one it had, told of them (`PageIndex.including`), without a walk of the whole page (its
    element lists are made again, as they are needed)."""
    index = page_index(page).including(added)
    page.cache[_INDEX] = index
    page.cache[_CHANGED] = True
    return index


_Rules = TypeVar("_Rules", PostRules, CommentRules)
_Found = TypeVar("_Found")


def prune(rules: _Rules, index: PageIndex) -> _Rules:
    """The same rules without the selectors that cannot match this page (no tree walk for them)."""
    changes: dict[str, Any] = {}
    for name, value in selector_fields(rules):
        kept = list(possible_rules(value, index))
        if len(kept) != len(value):
            changes[name] = tuple(kept)
    return replace(rules, **changes) if changes else rules


def possible_rules(rules: Iterable[Selector], index: PageIndex) -> Iterator[Selector]:
    """The rules that may match the page, in order (`Selector.possible`; rules without needs are
    kept without the call)."""
    return (rule for rule in rules if rule.needs is None or rule.possible(index))


def selector_fields(
    rules: PostRules | CommentRules,
) -> Iterator[tuple[str, tuple[Selector, ...]]]:
    """A rules table's fields that hold selectors, with them (empty fields left out). Told by
    their values: a compiled dataclass keeps ``tuple`` as the annotation of every tuple field."""
    for spec in fields(rules):
        value = getattr(rules, spec.name)
        if isinstance(value, tuple) and value and isinstance(value[0], Selector):
            yield spec.name, value


def detect_with(rules: PlatformRules, page: Page) -> Detection | None:
    reasons: list[str] = []
    miss = 1.0
    if rules.detect.generator is not None:
        for generator in generators(page):
            if rules.detect.generator.search(generator):
                reasons.append(f'generator meta "{generator}"')
                miss *= 0.05
                break
    for hint in rules.detect.present(page):
        reasons.append(hint.reason)
        miss *= 1.0 - hint.weight
    if not reasons:
        return None
    return Detection(rules.name, round(1.0 - miss, 3), tuple(reasons))


_GENERATOR_KEYS = (("meta", "name", "generator"), ("meta", "name", "Generator"))
"""``//meta[@name='generator' or @name='Generator']``, as keys of the page's list of rare tags."""


def generators(page: Page) -> tuple[str, ...]:
    """The page's generator metas' contents, read once: every platform's detection asks for
    them (a page without any names no platform). From the page's list of rare tags (metas,
    links, scripts…), which detection and scraping use too, instead of a walk of the page."""
    cached = page.cache.get("generators")
    if not isinstance(cached, tuple):
        metas = page_index(page).lists.tagged(*_GENERATOR_KEYS)
        contents = (meta.get("content") for meta in metas)
        cached = page.cache["generators"] = tuple(value for value in contents if value is not None)
    return cached


def first_on_page(page: Page, rules: Sequence[Selector]) -> HtmlElement | None:
    """`first_element` from the page's root, answered by the page's element lists and ids
    (for a scraper that looks before it changes the tree)."""
    with indexed.using(page.root, page_index(page).lists):
        return first_element(page.root, rules)


def scrape_post(rules: PlatformRules, page: Page, index: PageIndex | None = None) -> RawPost:
    """The post and its comments by a rules table; `index`: the selector index the caller holds
    for the tree as it is (else the page's, `page_index`)."""
    index = index or page_index(page)
    # Selectors answered by the index's element lists (and their ids) while the post is read,
    # which adds or moves no element.
    with indexed.using(page.root, index.lists):
        return _scrape_post(rules, page, index)


def _scrape_post(rules: PlatformRules, page: Page, index: PageIndex) -> RawPost:
    root = page.root
    post = rules.post
    find = _PostLookups(index)
    scope = find.element(root, post.scope)
    if scope is None:
        scope = root
    indexed.widen(scope)
    raw_comments = scrape_comments(prune(rules.comments, index), root)
    body = find.element(scope, post.body)
    if body is not None:
        # A copy: the body may be the scope itself (templates without a content wrapper), and
        # dropping its footer from the page would hide the author, date and labels printed there.
        body = body.__copy__()  # lxml's deep copy, without copy.deepcopy's memo
        _drop(body, find.possible(post.body_drop))
    status = None
    if find.element(root, post.comments_closed) is not None:
        status = "closed"
    elif find.element(root, post.comment_form) is not None:
        status = "open"

    def value(rules: tuple[Selector, ...]) -> str | None:
        return find.value(scope, rules)

    return RawPost(
        title=value(post.title),
        permalink=value(post.permalink),
        source_id=value(post.source_id),
        author_name=value(post.author_name),
        author_url=value(post.author_url),
        published=RawDate(machine=value(post.published_machine), text=value(post.published_text)),
        updated=RawDate(machine=value(post.updated_machine), text=value(post.updated_text)),
        categories=all_values(scope, find.possible(post.categories)),
        tags=all_values(scope, find.possible(post.tags)),
        body=body,
        image_url=value(post.image_url),
        image_alt=value(post.image_alt),
        image_caption=value(post.image_caption),
        language=value(post.language),
        site_name=value(post.site_name),
        site_url=value(post.site_url),
        base_url=value(post.base_url),
        declared_count_text=value(post.declared_count),
        comment_status=status,
        comments=raw_comments,
        excerpt=value(post.excerpt),
    )


class _PostLookups:
    """A post's fields by its rules: each field's selectors in order, those the page's index rules
    out skipped as they come (`prune` would ask the index about every selector of every field,
    where a field stops at its first value)."""

    __slots__ = ("index",)

    def __init__(self, index: PageIndex) -> None:
        self.index = index

    def possible(self, rules: Sequence[Selector]) -> Iterator[Selector]:
        """The rules that may match the page, in order."""
        return possible_rules(rules, self.index)

    def element(self, scope: HtmlElement, rules: Sequence[Selector]) -> HtmlElement | None:
        """`first_element`."""
        return first_element(scope, self.possible(rules))

    def value(self, scope: HtmlElement, rules: Sequence[Selector]) -> str | None:
        """`first_value`."""
        return first_value(scope, self.possible(rules))


def scrape_comments(rules: CommentRules, root: HtmlElement) -> tuple[RawComment, ...]:
    items = _comment_items(rules, root)
    if not items:
        return ()
    index_of = {id(item): position for position, item in enumerate(items)}
    for position, item in enumerate(items):
        item.set(_ITEM_MARK, str(position))
    parents = _parents_by_nesting(items, index_of)
    holders = {parent for parent in parents if parent is not None}
    if all(parent is None for parent in parents):
        parents = _parents_by_depth_class(items)
    if rules.indent and all(parent is None for parent in parents):
        parents = _parents_by_indent(items, rules.indent)
    if rules.replied_to or rules.replied_to_id:
        parents = _parents_by_reference(items, index_of, rules, parents)
    companions = _companions(rules.companions, items, index_of)
    owned = [_OwnScope(item, index_of, companions[position]) for position, item in enumerate(items)]
    fields = _CommentFields(owned, index_of)
    kinds = [
        "pingback" if pingback else "trackback" if trackback else None
        for pingback, trackback in zip(
            fields.has(rules.pingback), fields.has(rules.trackback), strict=True
        )
    ]
    by_post_author = fields.has(rules.by_post_author)
    bodies = fields.parts(rules.body)
    # Comment items inside a body copy must go: nested replies, or a part that is itself an item.
    holds_items = [
        position in holders
        or bool(own.companions)
        or any(part.get(_ITEM_MARK) is not None for part in bodies[position])
        for position, own in enumerate(owned)
    ]
    drops = [fields.owned_hits(rule) if rule.local else None for rule in rules.body_drop]
    values = {
        name: fields.values(getattr(rules, name))
        for name in (
            "source_id",
            "author_name",
            "author_url",
            "avatar",
            "date_machine",
            "date_text",
            "permalink",
        )
    }
    return tuple(
        RawComment(
            source_id=_comment_id(values["source_id"][position]),
            parent_index=parents[position],
            kind=kinds[position],
            author_name=values["author_name"][position],
            author_url=values["author_url"][position],
            avatar=_avatar(values["avatar"][position], rules.placeholder_avatar),
            date=RawDate(
                machine=values["date_machine"][position], text=values["date_text"][position]
            ),
            body=_comment_body(
                rules,
                bodies[position],
                [None if found is None else found.get(position, []) for found in drops],
                holds_items=holds_items[position],
                index_of=index_of,
            ),
            by_post_author=by_post_author[position],
            permalink=values["permalink"][position],
        )
        for position in range(len(owned))
    )


class _CommentFields:
    """One field's value for every comment, with as few queries as the rules allow: a rule that
    looks only downwards is run once over the smallest element holding all the comments, and each
    hit goes to the comments that own it, as `_OwnScope.owns` says (nested replies are not walked
    again for each ancestor). With companions (a ``<dd>`` beside its ``<dt>``), only rules that
    test one element alone are run so (over items and companions). Rules that cannot run from
    the common ancestor but whose shape tells which scope each hit comes from (``self::`` tests
    and child paths, paths below one descendant step, strings of a path's first node) run once
    from every item and companion (`scopewise`), a path below a descendant step even where the
    common ancestor could answer (the step runs once for all the rules that start with it);
    other rules, and comment lists whose companions are shared or nest within their own comment,
    are run comment by comment."""

    def __init__(self, owned: list[_OwnScope], index_of: dict[int, int]) -> None:
        self.owned = owned
        self.index_of = index_of
        self.companion_of = _companion_owners(owned, index_of)
        self.container = (
            None
            if self.companion_of is None
            else _common_ancestor([scope for own in owned for scope in own.scopes])
        )
        if self.container is not None:
            indexed.widen(self.container)
        self.scope_of: dict[int, tuple[int, int]] | None = None
        """Each scope's comment and rank, by id (made when a rule first runs from all scopes)."""
        self.scopes: list[HtmlElement] = []
        self.steps: dict[str, list[Any]] = {}
        """Hits of the descendant steps that rules start with (`_starts`), by step."""
        self.strings: dict[str, dict[int, str]] = {}
        """The string-values of each scope's first hit of the paths string rules read."""
        self.nearest: dict[int, int] = {}
        """The comment owning each element a climb of `_nearest_item` passed (-1: none), by id."""
        self.passed: list[HtmlElement] = []
        """Those elements, kept alive so that their ids stay theirs."""

    def values(self, rules: Sequence[Selector]) -> list[str | None]:
        """Each comment's first owned non-empty value of the first rule that has one."""
        return self._first_found(rules, _first_value)

    def parts(self, rules: Sequence[Selector]) -> list[list[HtmlElement]]:
        """Each comment's owned elements of the first rule that finds any, outermost only."""
        found = self._first_found(rules, lambda _rule, nodes: _outermost(nodes) or None)
        return [elements or [] for elements in found]

    def has(self, rules: Sequence[Selector]) -> list[bool]:
        """Does each comment own an element one of the rules finds?"""
        found = self._first_found(
            rules, lambda _rule, nodes: any(isinstance(node, HtmlElement) for node in nodes) or None
        )
        return [bool(answer) for answer in found]

    def _first_found(
        self, rules: Sequence[Selector], pick: Callable[[Selector, list[object]], _Found | None]
    ) -> list[_Found | None]:
        """For each comment, what ``pick`` makes of its owned hits of the first rule for which it
        makes something (rules are asked only for the comments still without an answer)."""
        found: list[_Found | None] = [None] * len(self.owned)
        pending = set(range(len(self.owned)))
        for rule in rules:
            if not pending:
                break
            for position, nodes in self._owned(rule, pending).items():
                if position in pending:
                    answer = pick(rule, nodes)
                    if answer is not None:
                        found[position] = answer
                        pending.discard(position)
        return found

    def owned_hits(self, rule: Selector) -> dict[int, list[HtmlElement]] | None:
        """Each comment's owned elements the rule finds (None: run it comment by comment)."""
        hits = self._grouped(rule)
        if hits is None:
            return None
        return {
            owner: elements
            for owner, nodes in hits.items()
            if (elements := [node for node in nodes if isinstance(node, HtmlElement)])
        }

    def _owned(self, rule: Selector, positions: set[int]) -> dict[int, list[object]]:
        """The rule's hits that each comment owns, in the order comment by comment gives them,
        for at least the comments in ``positions`` (others' too when one query found them all):
        from one query for them all when the rule allows, else comment by comment."""
        # A path below a descendant step shares that step's run with the rules that start with
        # it (Movable Type's footer: ten rules), where the common ancestor would walk for each.
        shared = rule.plan is None and isinstance(_scopewise_plan(rule), scopewise.BelowStep)
        hits = None if shared else self._grouped(rule)
        if hits is None:
            hits = self._scopewise(rule, positions)
        if hits is None:
            hits = self._grouped(rule) if shared else None
        if hits is None:
            return {position: self.owned[position].hits(rule) for position in sorted(positions)}
        return hits

    def _scopewise(self, rule: Selector, positions: set[int]) -> dict[int, list[object]] | None:
        """The rule's hits in each comment of ``positions`` from one query run from every scope
        of every comment (`scopewise`), as comment by comment gives them; None when the rule's
        shape does not allow it."""
        if self.companion_of is None:
            return None
        plan = _scopewise_plan(rule)
        if plan is None:
            return None
        if self.scope_of is None:
            self.scope_of = {key: (position, 0) for key, position in self.index_of.items()}
            self.scope_of.update(self.companion_of)
            self.scopes = [scope for own in self.owned for scope in own.scopes]
        if rule.itself:  # each scope is its own hit: no query
            return {position: list(self.owned[position].scopes) for position in positions}
        if isinstance(plan, scopewise.FixedDepth):
            return self._by_owner(self._fixed_depth_hits(self._from_scopes(plan.query), plan.depth))
        if isinstance(plan, scopewise.BelowStep):
            return self._by_owner(self._below_step_hits(plan))
        strings = self._first_strings(plan.path)
        string_of = plan.string_of
        return {
            position: [
                string_of(strings.get(key, "")) for key in map(id, self.owned[position].scopes)
            ]
            for position in positions
        }

    def _first_strings(
        self, path: scopewise.FixedDepth | scopewise.DescendantStep
    ) -> dict[int, str]:
        """The string-value of each scope's first hit of a path (by id of the scope; none for a
        scope without hits), found once for all the string rules that read the path."""
        key = path.text if isinstance(path, scopewise.DescendantStep) else path.query.path
        strings = self.strings.get(key)
        if strings is None:
            first = (
                self._first_at_depth(self._from_scopes(path.query), path.depth)
                if isinstance(path, scopewise.FixedDepth)
                else self._first_below(self._starts(path), path.below_only)
            )
            strings = {scope: scopewise.string_value(node) for scope, node in first.items()}
            self.strings[key] = strings
        return strings

    def _from_scopes(self, query: etree.XPath) -> list[Any]:
        found = query(self.scopes[0], scopes=self.scopes)
        assert isinstance(found, list)
        return found

    def _starts(self, step: scopewise.DescendantStep) -> list[Any]:
        """A descendant step's hits from the common ancestor (else from every scope), found once
        for all the rules that start with it. Hits outside every scope lie on no climb from a
        hit to a scope before that scope, so they are no one's."""
        found = self.steps.get(step.text)
        if found is None:
            if self.container is None:
                found = self._from_scopes(step.from_scopes)
            else:
                hits: object = self._class_step(step)
                if hits is None:
                    hits = step.query(self.container)
                assert isinstance(hits, list)
                found = hits
            self.steps[step.text] = found
        return found

    def _class_step(self, step: scopewise.DescendantStep) -> list[HtmlElement] | None:
        """A class step's hits from the common ancestor, from the page's class list (None: the
        step tests more than classes, or no lists answer from the common ancestor)."""
        tests, container = step.classes, self.container
        if tests is None or container is None:
            return None
        lists = indexed.active_lists(container)
        if lists is None:
            return None
        return lists.class_holding(tests.texts, tests.names, container, below=step.below_only)

    def _container_hits(self, rule: Selector) -> list[object]:
        """The rule's hits from the common ancestor (a rule that starts with a class step: the
        step's hits from the class list, the rest of the rule run once from them all)."""
        container = self.container
        assert container is not None
        path = _class_path(rule)
        starts = None if path is None else self._class_step(path.step)
        if path is None or starts is None:
            return rule.hits(container)
        if path.rest is None:
            return cast(list[object], starts)
        found: object = path.rest(container, starts=starts)
        return cast(list[object], found) if isinstance(found, list) else [found]

    def _fixed_depth_hits(self, found: list[Any], depth: int) -> list[tuple[int, int, object]]:
        """Each hit with the comment owning the scope ``depth`` levels above its element and that
        scope's rank; hits that are (or lie in) another comment's item are no one's."""
        owned: list[tuple[int, int, object]] = []
        index_of, scope_of = self.index_of, self.scope_of
        assert scope_of is not None
        for node in found:
            element = node if isinstance(node, etree.ElementBase) else node.getparent()
            for _ in range(depth):
                if id(element) in index_of:
                    break
                element = element.getparent()
            else:
                owner, rank = scope_of[id(element)]
                owned.append((owner, rank, node))
        return owned

    def _below_step_hits(self, plan: scopewise.BelowStep) -> list[tuple[int, int, object]]:
        """Each hit with the comments that own it (`_owners`) from a scope holding the D element
        it was found from: the climb from the hit meets that element before such a scope."""
        index_of, companion_of = self.index_of, self.companion_of
        assert companion_of is not None
        starts = self._starts(plan.step)
        found = starts
        if plan.rest is not None:
            found = cast(list[Any], plan.rest(self.scopes[0], starts=starts)) if starts else []
        below_only = plan.step.below_only
        started = set(map(id, starts)) if plan.depth is None else set()
        owned: list[tuple[int, int, object]] = []
        for node in found:
            element = node if isinstance(node, etree.ElementBase) else node.getparent()
            start = element
            if plan.depth is not None:
                for _ in range(plan.depth):
                    start = start.getparent()
            seen = False
            climbed: HtmlElement | None = element
            while climbed is not None:
                key = id(climbed)
                is_start = (
                    climbed is start
                    if plan.depth is not None
                    else climbed is not element and key in started
                )
                seen = seen or (is_start and not below_only)
                position = index_of.get(key)
                if position is not None:
                    if seen:
                        owned.append((position, 0, node))
                    break
                companion = companion_of.get(key)
                if companion is not None and seen:
                    owned.append((*companion, node))
                seen = seen or is_start
                climbed = climbed.getparent()
        return owned

    def _first_at_depth(self, found: list[Any], depth: int) -> dict[int, object]:
        """Each scope's first hit (by id of the scope) of a fixed-depth path."""
        first: dict[int, object] = {}
        for node in found:
            element = node if isinstance(node, etree.ElementBase) else node.getparent()
            for _ in range(depth):
                element = element.getparent()
            first.setdefault(id(element), node)
        return first

    def _first_below(self, found: list[Any], below_only: bool) -> dict[int, object]:
        """Each scope's first hit (by id of the scope) of a descendant step: the hits come in
        document order, each belongs to every scope around it, and a climb stops at a scope
        that already has one (so do all scopes around that, with an earlier hit)."""
        first: dict[int, object] = {}
        scope_of = self.scope_of
        assert scope_of is not None
        top = self.container
        for node in found:
            element = node.getparent() if below_only else node
            while element is not None:
                key = id(element)
                if key in scope_of:
                    if key in first:
                        break
                    first[key] = node
                if element is top:
                    break
                element = element.getparent()
        return first

    def _by_owner(self, hits: list[tuple[int, int, object]]) -> dict[int, list[object]]:
        """Hits grouped by the comments that own them, each comment's in the order of its scopes
        (item, then companions) and within a scope in page order."""
        grouped: dict[int, list[tuple[int, object]]] = {}
        for owner, rank, node in hits:
            grouped.setdefault(owner, []).append((rank, node))
        if self.companion_of:
            for ranked in grouped.values():
                ranked.sort(key=itemgetter(0))  # stable: page order within each scope
        return {owner: [node for _, node in ranked] for owner, ranked in grouped.items()}

    def _grouped(self, rule: Selector) -> dict[int, list[object]] | None:
        """The rule's hits grouped by the comments that own them, each comment's in the order of
        its scopes (item, then companions) and within a scope in page order."""
        if self.companion_of or self.container is None:
            hits = self._hits(rule)
            return None if hits is None else self._by_owner(hits)
        if not rule.downward:
            return None
        # Without companions a hit has one owner at most, the nearest item around it: grouped
        # as the hits are met, without ranks to sort by.
        grouped: dict[int, list[object]] = {}
        container, below_only, index_of = self.container, rule.below_only, self.index_of
        for node in self._container_hits(rule):
            if below_only and id(node) in index_of:
                continue  # an item found from above: never its own hit, nor its parent's
            element = node if isinstance(node, HtmlElement) else rule.element_of(node, container)
            owner = self._nearest_item(element)
            if owner is not None:
                grouped.setdefault(owner, []).append(node)
        return grouped

    def _nearest_item(self, element: HtmlElement | None) -> int | None:
        """The comment whose item is the element or the nearest around it (`_owners` without
        companions). The elements a climb passes are remembered with the answer, so that the
        hits of the many rules in one comment climb its inner elements once, not once each."""
        index_of, nearest = self.index_of, self.nearest
        climbed: list[HtmlElement] = []
        owner = -1
        while element is not None:
            key = id(element)
            found = index_of.get(key)
            if found is None:
                found = nearest.get(key)
            if found is not None:
                owner = found
                break
            climbed.append(element)
            element = element.getparent()
        for passed in climbed:
            nearest[id(passed)] = owner
        self.passed += climbed
        return None if owner < 0 else owner

    def _hits(self, rule: Selector) -> list[tuple[int, int, object]] | None:
        """The rule's hits in all comments at once, each with every comment that owns it and the
        rank of the scope it is found from, in document order; None when the rule must be run
        comment by comment."""
        if self.container is None:
            return None
        if not rule.downward or (self.companion_of and not rule.local):
            # A step of a longer path could match a companion itself (``.//dd/p`` from a ``dd``)
            # or one of its ancestors from above but not from it: from every scope instead
            # (`scopewise`, as are ``self::`` tests), or comment by comment.
            return None
        nodes = self._container_hits(rule)
        owned: list[tuple[int, int, object]] = []
        for node in nodes:
            if rule.below_only and id(node) in self.index_of:
                continue  # an item found from above: never its own hit, nor its parent's
            owners = self._owners(rule.element_of(node, self.container))
            if rule.below_only and self.companion_of and id(node) in self.companion_of:
                owners = owners[1:]  # a companion is not its own comment's hit (others' may be)
            owned.extend((owner, rank, node) for owner, rank in owners)
        return owned

    def _owners(self, element: HtmlElement | None) -> list[tuple[int, int]]:
        """The comments that own an element, with the rank of their scope holding it: the nearest
        item around it, and each comment one of whose companions lies between (`_OwnScope.owns`)."""
        owners: list[tuple[int, int]] = []
        node = element
        while node is not None:
            key = id(node)
            found = self.index_of.get(key)
            if found is not None:
                owners.append((found, 0))
                return owners
            if self.companion_of:
                companion = self.companion_of.get(key)
                if companion is not None:
                    owners.append(companion)
            node = node.getparent()
        return owners


def _companion_owners(
    owned: list[_OwnScope], index_of: dict[int, int]
) -> dict[int, tuple[int, int]] | None:
    """Each companion's comment and the rank of the companion among that comment's scopes, when
    hits can be handed out from one query as comment by comment would: no companion found twice or
    an item, no scope inside another scope of its own comment (a hit would be found twice from
    it). None otherwise."""
    found: dict[int, tuple[int, int]] = {}
    for position, own in enumerate(owned):
        for rank, companion in enumerate(own.scopes[1:], start=1):
            key = id(companion)
            if key in found or key in index_of:
                return None
            found[key] = (position, rank)
    for position, own in enumerate(owned):
        if len(own.scopes) == 1:
            continue
        for scope in own.scopes:  # the item too: it may lie in a companion of its own
            for node in scope.iterancestors():
                key = id(node)
                if index_of.get(key) == position or found.get(key, (None,))[0] == position:
                    return None
    return found


def _companions(
    rules: Sequence[Selector], items: list[HtmlElement], index_of: dict[int, int]
) -> list[list[HtmlElement]]:
    """Each item's companions, rule by rule: a sibling rule (`scopewise.Sibling`) runs once from
    every item, each hit going to the item it lies that far from; other rules item by item."""
    found: list[list[HtmlElement]] = [[] for _ in items]
    for rule in rules:
        plan = _sibling_plan(rule)
        if plan is None:
            for position, item in enumerate(items):
                found[position].extend(rule.elements(item))
            continue
        for item, hit in plan.pairs(items):
            found[index_of[id(item)]].append(hit)
    return found


def _sibling_plan(rule: Selector) -> scopewise.Sibling | None:
    """How to find a companion rule's hits from every item at once (`scopewise`)."""
    return _sibling_plan_of(rule.source)


@cache
def _sibling_plan_of(source: str) -> scopewise.Sibling | None:
    expression = written_xpath(source)
    return None if expression is None else scopewise.sibling_plan(expression)


def _scopewise_plan(rule: Selector) -> scopewise.ScopewisePlan | None:
    """How to run the rule from every comment scope at once (`scopewise`), made once per rule."""
    return _scopewise_plan_of(rule.source)


@cache
def _scopewise_plan_of(source: str) -> scopewise.ScopewisePlan | None:
    expression = written_xpath(source)
    return None if expression is None else scopewise.scopewise_plan(expression)


def _class_path(rule: Selector) -> scopewise.ClassPath | None:
    """How to run the rule from the comment list's class list (`scopewise.ClassPath`), made once
    per rule: XPath rules searched from the scope alone."""
    if rule.plan is not None or rule.from_root or rule.itself or rule.own_tag is not None:
        return None
    return _class_path_of(rule.source)


@cache
def _class_path_of(source: str) -> scopewise.ClassPath | None:
    expression = written_xpath(source)
    return None if expression is None else scopewise.class_path(expression)


def _common_ancestor(scopes: list[HtmlElement]) -> HtmlElement | None:
    """The smallest element holding every comment scope, unless that is the whole page's body."""
    path = [*reversed(list(scopes[0].iterancestors())), scopes[0]]
    depth_of = {element: depth for depth, element in enumerate(path)}
    depth = len(path) - 1
    for scope in scopes[1:]:
        node: HtmlElement | None = scope
        while node is not None and node not in depth_of:
            node = node.getparent()
        depth = min(depth, depth_of[node] if node is not None else 0)
    container = path[depth]
    return None if container.tag in ("html", "body") else container


def _comment_items(rules: CommentRules, root: HtmlElement) -> list[HtmlElement]:
    for rule in rules.items:
        found = rule.elements(root)
        if found and rules.not_inside is not None:
            found = _outside(found, rules.not_inside)
        if found:
            return found
    return []


def _outside(items: list[HtmlElement], containers: Containers) -> list[HtmlElement]:
    """The items with no ancestor among the containers; each shared ancestor is tested once."""
    inside: dict[HtmlElement, bool] = {}  # keys keep their proxies alive, so lookups stay valid

    def is_inside(node: HtmlElement | None) -> bool:
        chain = []
        while node is not None and node not in inside:
            chain.append(node)
            node = node.getparent()
        verdict = inside[node] if node is not None else False
        for element in reversed(chain):
            verdict = verdict or containers.match(element)
            inside[element] = verdict
        return verdict

    return [item for item in items if not is_inside(item.getparent())]


class _OwnScope:
    """Selector hits inside one comment that do not belong to a reply nested in it."""

    __slots__ = ("companions", "index_of", "item", "scopes")

    def __init__(
        self, item: HtmlElement, index_of: dict[int, int], companions: Sequence[HtmlElement] = ()
    ) -> None:
        self.item = item
        self.index_of = index_of
        self.companions = {id(companion) for companion in companions}
        self.scopes = (item, *companions)

    def owns(self, element: HtmlElement) -> bool:
        node: HtmlElement | None = element
        while node is not None:
            if id(node) in self.index_of:
                return node is self.item
            if id(node) in self.companions:
                return True
            node = node.getparent()
        return False

    def hits(self, rule: Selector) -> list[object]:
        """The rule's hits (elements or strings) this comment owns, item first, then companions."""
        return [
            node
            for scope in self.scopes
            for node in rule.hits(scope)
            if (element := rule.element_of(node, scope)) is not None and self.owns(element)
        ]

    def value(self, rules: Sequence[Selector]) -> str | None:
        for rule in rules:
            value = _first_value(rule, self.hits(rule))
            if value is not None:
                return value
        return None

    def elements(self, rules: Sequence[Selector]) -> list[HtmlElement]:
        """Every owned hit of the first selector that has any, outermost only, in page order."""
        for rule in rules:
            elements = _outermost(self.hits(rule))
            if elements:
                return elements
        return []

    def element(self, rules: Sequence[Selector]) -> HtmlElement | None:
        for rule in rules:
            for node in self.hits(rule):
                if isinstance(node, HtmlElement):
                    return node
        return None


def _first_value(rule: Selector, nodes: list[object]) -> str | None:
    """The first non-empty value among a rule's hits."""
    for node in nodes:
        value = rule.value_of(node)
        if value is not None:
            return value
    return None


def _outermost(nodes: list[object]) -> list[HtmlElement]:
    """The elements among the hits that no earlier one contains."""
    kept: list[HtmlElement] = []
    for node in nodes:
        if isinstance(node, HtmlElement) and not any(indexed.contains(hit, node) for hit in kept):
            kept.append(node)
    return kept


def _parents_by_nesting(items: list[HtmlElement], index_of: dict[int, int]) -> list[int | None]:
    """Each item's nearest item above it. Each element a climb passes is remembered with the
    answer found above it, so that the elements the comments share (the list, the page around
    it) are climbed once, not once per comment (~15 levels each on a flat list)."""
    above: dict[int, int | None] = {}
    passed: list[HtmlElement] = []  # kept alive, so that their ids stay theirs
    parents: list[int | None] = []
    for item in items:
        parent = None
        climbed: list[HtmlElement] = []
        node = item.getparent()
        while node is not None:
            key = id(node)
            found = index_of.get(key)
            if found is not None:
                parent = found
                break
            if key in above:
                parent = above[key]
                break
            climbed.append(node)
            node = node.getparent()
        for element in climbed:
            above[id(element)] = parent
        passed += climbed
        parents.append(parent)
    return parents


def _parents_by_reference(
    items: list[HtmlElement],
    index_of: dict[int, int],
    rules: CommentRules,
    fallback: list[int | None],
) -> list[int | None]:
    """Parents named from each item, by the element (`CommentRules.replied_to`) or the id
    (`replied_to_id`) of the comment it answers: an earlier comment only, so no cycles."""
    parents = list(fallback)
    by_id: dict[str, int] = {}
    if rules.replied_to_id:
        for position, item in enumerate(items):
            by_id.setdefault(item.get("id") or "", position)
    for position, item in enumerate(items):
        for named in _named_comments(item, rules, index_of, by_id):
            earlier = [index for index in named if index is not None and index < position]
            if earlier:
                parents[position] = earlier[0]
                break
    return parents


def _named_comments(
    item: HtmlElement, rules: CommentRules, index_of: dict[int, int], by_id: dict[str, int]
) -> Iterator[list[int | None]]:
    """The comments each reference rule names from the item, rule after rule (each run only when
    the ones before it named no earlier comment)."""
    for rule in rules.replied_to:
        yield [index_of.get(id(element)) for element in rule.elements(item)]
    for rule in rules.replied_to_id:
        yield [by_id.get(value) for _element, value in rule.values(item)]


def _parents_by_depth_class(items: list[HtmlElement]) -> list[int | None]:
    """Flat lists whose items carry WordPress-style ``depth-N`` classes: rebuild the tree from them."""
    depths = []
    for item in items:
        match = _DEPTH_CLASS.search(item.get("class") or "")
        if match is None:
            return [None] * len(items)
        depths.append(int(match.group(1)))
    parents: list[int | None] = []
    latest_at_depth: dict[int, int] = {}
    for position, depth in enumerate(depths):
        parents.append(latest_at_depth.get(depth - 1) if depth > 1 else None)
        latest_at_depth[depth] = position
        for deeper in [d for d in latest_at_depth if d > depth]:
            del latest_at_depth[deeper]
    return parents


def _parents_by_indent(items: list[HtmlElement], indents: Sequence[Indent]) -> list[int | None]:
    """Flat lists with indentation: each comment answers the nearest earlier one indented less."""
    levels = [_indent_level(item, indents) for item in items]
    if all(level is None for level in levels):
        return [None] * len(items)
    parents: list[int | None] = []
    open_threads: list[tuple[int, int]] = []  # (level, index) of comments a later one may answer
    for position, level in enumerate(levels):
        here = level or 0
        while open_threads and open_threads[-1][0] >= here:
            open_threads.pop()
        parents.append(open_threads[-1][1] if open_threads else None)
        open_threads.append((here, position))
    return parents


def _indent_level(item: HtmlElement, indents: Sequence[Indent]) -> int | None:
    for hint in indents:
        for _element, value in hint.rule.values(item):
            match = hint.pattern.search(value)
            if match:
                return int(match.group(1))
    return None


def _avatar(url: str | None, placeholder: re.Pattern[str] | None) -> str | None:
    return None if url and placeholder and placeholder.search(url) else url


def _comment_id(value: str | None) -> str | None:
    if value is None:
        return None
    hexadecimal = _HEX_ID.search(value)
    if hexadecimal:
        return hexadecimal.group(1)
    match = _DIGITS.search(value)
    return match.group(1) if match else value


def _comment_body(
    rules: CommentRules,
    parts: list[HtmlElement],
    drops: list[list[HtmlElement] | None],
    *,
    holds_items: bool,
    index_of: dict[int, int],
) -> HtmlElement | None:
    """A copy of the comment's text element; when the first matching selector finds several
    (e.g. bare ``<p>`` children of an old theme's ``<li>``), copies of all of them in one ``<div>``.
    Comment items in the copy (nested replies; a part that is itself an item, in the wrapper) are
    taken out of it (looked for only when it ``holds_items``), then
    what ``body_drop`` names: per rule, the comment's hits already found in the page (``drops``),
    located in the copy, or None to run that rule on the copy."""
    if not parts:
        return None
    pieces = [part.__copy__() for part in parts]  # lxml's deep copy, without copy.deepcopy's memo
    if len(parts) == 1 and parts[0].tag not in _TEXT_BLOCKS:
        body = pieces[0]
    else:
        body = html.Element("div")
        for piece in pieces:
            piece.tail = "\n"
            body.append(piece)
    above = [_ancestors(part, index_of) for part in parts] if any(drops) else []
    located = [
        None if found is None else _in_copies(found, parts, pieces, above, keep=body)
        for found in drops
    ]
    if holds_items:
        for nested in cast(list[HtmlElement], _NESTED_ITEMS(body)):
            nested.drop_tree()
    body.attrib.pop(_ITEM_MARK, None)
    for rule, elements in zip(rules.body_drop, located, strict=True):
        for element in rule.elements(body) if elements is None else elements:
            if element is not body:
                element.drop_tree()
    return body


def _ancestors(element: HtmlElement, index_of: dict[int, int]) -> dict[int, HtmlElement]:
    """The element's ancestors by id, up to the nearest comment item (the values keep their
    proxies, so the ids stay theirs). A body's drops are its comment's own hits: the climb from
    one not below the body meets the item, or an ancestor of the body below it, first (one lying
    elsewhere, in a companion, climbs on to the root: the answer is the same)."""
    found: dict[int, HtmlElement] = {}
    for ancestor in element.iterancestors():
        key = id(ancestor)
        found[key] = ancestor
        if key in index_of:
            break
    return found


def _in_copies(
    elements: list[HtmlElement],
    originals: list[HtmlElement],
    copies: list[HtmlElement],
    above: list[dict[int, HtmlElement]],
    *,
    keep: HtmlElement,
) -> list[HtmlElement]:
    """Where page elements inside the originals are in their copies (same child positions);
    ``above``: ancestors of each original, where a climb from an element not inside it ends
    (any of them: a climb that meets none ends at the root)."""
    located = []
    for element in elements:
        for original, copied, outside in zip(originals, copies, above, strict=True):
            path = _child_path(original, element, outside)
            if path is not None:
                for index in path:
                    copied = copied[index]
                if copied is not keep:
                    located.append(copied)
                break
    return located


def _child_path(
    ancestor: HtmlElement, element: HtmlElement, outside: dict[int, HtmlElement]
) -> list[int] | None:
    """The child indexes from an ancestor down to the element (None when it is not below it:
    the climb from the element meets one of ``outside``, the ancestor's own ancestors)."""
    chain = []
    node = element
    while node is not ancestor:
        parent = node.getparent()
        if parent is None or id(node) in outside:
            return None
        chain.append((parent, node))
        node = parent
    # Indexes only once the element is known to lie below: ``index`` counts siblings, and the
    # climb from an element elsewhere would reach the comment list, hundreds of siblings wide.
    return [parent.index(child) for parent, child in reversed(chain)]


def _drop(element: HtmlElement, rules: Iterable[Selector]) -> None:
    for rule in rules:
        for found in rule.elements(element):
            if found is not element:
                found.drop_tree()
