"""Post fields that plain selectors cannot pick, worked out when a rules table asks for them.

- the page heading that is the post's title: of the first headings, the longest whose text the
  ``<title>`` contains (the ``<h1>`` of many themes is the site's name, the post's is an ``<h2>``);
- the name and the date in a byline ("par Didier Roy, 21 juin 2018", "By Jane Doe on May 2");
- the element holding the most paragraph text, when no rule names the body.

Each is a selector (`HEADING_TITLE`, `BYLINE_NAME`, `BYLINE_DATE`, `BODY`) that a rules table
places where it wants in its ordered selectors, worked out only when the rules before it found
nothing (most pages name their author, date and title in markup or metadata, and the byline
walks cost 4-6 ms on a large page), once per page (`reading`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from ..page import Page
from ..textsafety import safe_text
from ..treewalk import TextTest, text_holders
from ..xpath import compile_xpath, element_text
from . import structure
from .selectors import PageIndex, Selector, normalise_space

_HEADINGS = compile_xpath("(//body//h1 | //body//h2 | //body//h3)[position() <= 100]")
_PAGE_TITLES = compile_xpath(
    "/descendant::head/title"
    " | /descendant::meta[@property='og:title' or @name='twitter:title']/@content"
)
_MARKED_WORDS = ("byline", "author", "auteur", "autor", "posted", "submitted")
"""Words in the class of an element that is a byline or an author."""
_MARKED_LENGTHS = range(3, 250)
_MAX_MARKED = 10
_BY_PREFIXES = (
    "By ",
    "by ",
    "BY ",
    "Von ",
    "von ",
    "Par ",
    "par ",
    "Door ",
    "door ",
    "Por ",
    "por ",
    "Di ",
    "Posted by ",
    "Written by ",
    "Geschrieben von ",
    "Verfasst von ",
    "Publié par ",
    "Écrit par ",
)


@dataclass(frozen=True, slots=True)
class _ShortLines:
    """Short elements under ``<body>`` whose text reads like a byline: fewer than four child
    elements, text (whitespace-normalised as XPath does) shorter than `max_length` that passes
    `reads`, outside comments, asides, navigation and footers; in page order, at most `limit`
    children of one parent (what ``//body//*[…][position() <= limit]`` would select).

    `starts` passes text nodes of which such a line holds at least one (a necessary condition,
    cheap in C); only the short elements around them are read. Reading the text of every element
    instead costs the page's text times its depth."""

    starts: TextTest
    max_length: int
    reads: Callable[[str], bool]
    limit: int


_BY_STARTS = " ".join(
    dict.fromkeys([prefix[:2] for prefix in _BY_PREFIXES] + [prefix[0] for prefix in _BY_PREFIXES])
)
_BY_TEXT = _ShortLines(
    starts=TextTest(opening_pairs=_BY_STARTS),
    max_length=150,
    reads=lambda line: line.startswith(_BY_PREFIXES),
    limit=5,
)
"""Lines that read like a byline ("Geschrieben von Jörg am 14. Mai 2016"), whatever their class.
A line starts with its first non-blank text node, which starts with the prefix's first two
letters, or is its first letter alone."""
_DATED_BY_TEXT = _ShortLines(
    starts=TextTest(contained="by", ending="b"),
    max_length=80,
    reads=lambda line: " by " in line,
    limit=5,
)
"""Lines like "Tuesday 15 October 2019 by Jane Doe": a byline only when they also show a date.
The line's "by" is in one text node, or split after its "b"."""
_OUT_OF_POST_TAGS = frozenset({"aside", "nav", "footer"})
_NOT_BODY_TAGS = _OUT_OF_POST_TAGS | {"form"}
_PARAGRAPH_PARENTS = compile_xpath("//body/descendant::p/parent::*[not(self::body)]")
"""Elements under ``<body>`` holding paragraphs (`body_guess` leaves out comments and furniture)."""
_HOME_LINKS = compile_xpath("//link[@rel='home']/@href | //a[@rel='home']/@href")
_LEADING_SYMBOLS = re.compile(r"^[\W_]+")
_MAX_NAME_WORDS = 5
_LINES_UNDER_TITLE = 2
_MAX_LINE_UNDER_TITLE = 200


def _texts(query: etree.XPath, root: HtmlElement) -> list[str]:
    found = query(root)
    texts = []
    for item in found if isinstance(found, list) else []:
        if isinstance(item, HtmlElement):
            texts.append(normalise_space(element_text(item)))
        elif isinstance(item, str):
            texts.append(normalise_space(item))
    return [text for text in texts if text]


def _elements(query: etree.XPath, root: HtmlElement) -> list[HtmlElement]:
    found = query(root)
    return (
        [item for item in found if isinstance(item, HtmlElement)] if isinstance(found, list) else []
    )


_VISIBLE_TEXT = compile_xpath(
    ".//text()[not(ancestor::svg or ancestor::script or ancestor::style or ancestor::noscript)]"
)


def _visible_text(element: HtmlElement) -> str:
    """The element's text without inline SVG titles, scripts and styles."""
    found = _VISIBLE_TEXT(element)
    return normalise_space(" ".join(str(text) for text in found) if isinstance(found, list) else "")


def _short_text(element: HtmlElement, limit: int) -> str | None:
    """The element's text normalised as XPath does, or None when that is `limit` characters or
    more. A long text is judged on its beginning first, then by counting its white space:
    normalising never lengthens a text, and normalising the text of a whole article would cost
    far more than the lines looked for."""
    text = element_text(element)
    if len(text) >= limit and (
        len(structure.xpath_normalised(text[: 4 * limit])) >= limit
        or structure.visible_length_reaches(text, limit)
    ):
        return None
    line = structure.xpath_normalised(text)
    return line if len(line) < limit else None


class _OutOfPost:
    """Whether elements are (in) a comment or one of `tags` (asides, navigation, footers …),
    remembered per element: the elements asked about share most of their ancestors."""

    def __init__(self, tags: frozenset[str]) -> None:
        self._tags = tags
        self._known: dict[HtmlElement, bool] = {}

    def __call__(self, element: HtmlElement) -> bool:
        climbed: list[HtmlElement] = []
        node: HtmlElement | None = element
        answer = False
        while node is not None:
            known = self._known.get(node)
            if known is not None:
                answer = known
                break
            if (
                node.tag in self._tags
                or "comment" in (node.get("class") or "")
                or "comment" in (node.get("id") or "")
            ):
                answer = True
                climbed.append(node)
                break
            climbed.append(node)
            node = node.getparent()
        for node in climbed:
            self._known[node] = answer
        return answer


def _child_elements(element: HtmlElement, *, up_to: int) -> int:
    return sum(1 for _child in islice(element.iterchildren("*"), up_to))


def _counted_under_parent(
    element: HtmlElement, per_parent: Counter[HtmlElement | None], limit: int
) -> bool:
    """Counts the element among its parent's hits; False past the first `limit` of them (XPath's
    ``//*[…][position() <= limit]`` numbers each parent's children apart)."""
    parent = element.getparent()
    per_parent[parent] += 1
    return per_parent[parent] <= limit


def _short_lines(
    lines: _ShortLines, root: HtmlElement, out_of_post: _OutOfPost
) -> Iterator[HtmlElement]:
    """The elements `lines` describes, in page order (each found as it is asked for: the byline
    is usually one of the first).

    From each start text node (in page order) the walk goes up through the elements holding it
    while their text stays short: a longer element only has longer ancestors. An element is read
    once, from the first start node it holds, and a walk's elements (outermost first) follow
    every earlier walk's in page order, since none of them holds an earlier start node."""
    per_parent: Counter[HtmlElement | None] = Counter()
    read: set[HtmlElement] = set()
    for holder in text_holders(root, lines.starts):
        walk: list[tuple[HtmlElement, str]] = []
        element: HtmlElement | None = holder
        while element is not None and element.tag != "body" and element not in read:
            read.add(element)
            line = _short_text(element, lines.max_length)
            if line is None:
                break
            walk.append((element, line))
            element = element.getparent()
        for element, line in reversed(walk):
            if (
                lines.reads(line)  # the cheapest test first; the count last, it counts
                and _child_elements(element, up_to=4) < 4
                and not out_of_post(element)
                and _counted_under_parent(element, per_parent, lines.limit)
            ):
                yield element


def _marked_bylines(
    root: HtmlElement, index: PageIndex, out_of_post: _OutOfPost
) -> Iterator[HtmlElement]:
    """Elements under ``<body>`` classed as a byline or an author, with a short text, outside
    comments and asides: at most `_MAX_MARKED` children of one parent. (The class values are
    tested for the words some class name of the page holds, the index knows which.) Each is
    found as it is asked for."""
    present = tuple(word for word in _MARKED_WORDS if index.in_names(word))
    if not present:
        return
    per_parent: Counter[HtmlElement | None] = Counter()
    for element in _elements(structure.labelled_with(present, ("class",)), root):
        if (
            len(_short_text(element, _MARKED_LENGTHS.stop) or "") in _MARKED_LENGTHS
            and not out_of_post(element)
            and _counted_under_parent(element, per_parent, _MAX_MARKED)
        ):
            yield element


def heading_title(root: HtmlElement) -> tuple[str, HtmlElement] | None:
    """The longest early heading that the page's ``<title>`` (or og:title) contains, with its
    element."""
    titles = [title.casefold() for title in _texts(_PAGE_TITLES, root)]
    if not titles:
        return None
    best: tuple[str, HtmlElement] | None = None
    homes: set[str] | None = None
    for element in _elements(_HEADINGS, root):
        heading = _LEADING_SYMBOLS.sub("", normalise_space(element_text(element))).strip()
        if len(heading) < 4 or (best is not None and len(heading) <= len(best[0])):
            continue
        if not any(heading.casefold() in title for title in titles):
            continue
        if homes is None:
            homes = {home.rstrip("/") for home in root_links(root)}
        # a heading linking home is the blog's name in its header, which the <title> repeats too
        if not _links_home(element, homes):
            best = (heading, element)
    return best


def _links_home(heading: HtmlElement, homes: set[str]) -> bool:
    """Whether the heading links to the site's front page (``/``, or one of the rel=home
    addresses, `homes`)."""
    for link in heading.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        parts = urlsplit(href)
        at_root = parts.path in ("", "/") and not parts.query
        if link.get("rel") == "home" or at_root or href.rstrip("/") in homes:
            return True
    return False


def root_links(element: HtmlElement) -> list[str]:
    """The page's rel=home addresses."""
    found = _HOME_LINKS(element.getroottree().getroot())
    return [str(item) for item in found] if isinstance(found, list) else []


def date_under_title(heading: HtmlElement) -> str | None:
    """A date in the short line right under the title ("January 13, 2020 at 08:45 AM | …")."""
    for sibling in list(heading.itersiblings())[:_LINES_UNDER_TITLE]:
        text = _visible_text(sibling)
        if text and len(text) <= _MAX_LINE_UNDER_TITLE and (date := structure.date_in(text)):
            return date
    return None


def _byline_candidates(root: HtmlElement, index: PageIndex) -> Iterator[HtmlElement]:
    """Byline-like elements, the most telling kind first: classed as a byline or author, then
    lines starting with "by", then dated lines with a " by " in them. Each kind is looked for
    only when the ones before it gave no name (each costs a walk of the page)."""
    out_of_post = _OutOfPost(_OUT_OF_POST_TAGS)  # remembered for all three kinds
    yield from _marked_bylines(root, index, out_of_post)
    yield from _short_lines(_BY_TEXT, root, out_of_post)
    for element in _short_lines(_DATED_BY_TEXT, root, out_of_post):
        if structure.looks_like_date(_visible_text(element)):
            yield element


def byline(root: HtmlElement, index: PageIndex | None = None) -> tuple[str | None, str | None]:
    """The name in the first byline-like line that has one, and the date it (or an earlier
    byline-like line) shows. (`index`: the page's selector index, when the caller holds one.)"""
    first_date: str | None = None
    for element in _byline_candidates(root, index if index is not None else PageIndex(root)):
        text = _visible_text(element)
        marked = any(
            word in (element.get("class") or "").lower() for word in ("author", "auteur", "autor")
        )
        name = structure.name_in_byline(text, bare=marked)
        if name and len(name.split()) <= _MAX_NAME_WORDS and not any(c.isdigit() for c in name):
            at = text.find(name)
            after, before = (text[at + len(name) :], text[:at]) if at >= 0 else ("", "")
            return name, structure.date_in(after) or structure.date_in(before) or first_date
        # "Posted on November 9, 2012": a dated line without a name still dates the post
        first_date = first_date or structure.date_in(text)
    return None, first_date


def body_guess(root: HtmlElement) -> HtmlElement | None:
    """The element holding the most paragraph text, outside comments, sidebars and forms."""
    best: HtmlElement | None = None
    best_length = 0
    out_of_post = _OutOfPost(_NOT_BODY_TAGS)
    for parent in _elements(_PARAGRAPH_PARENTS, root):
        if out_of_post(parent):
            continue
        length = sum(len(normalise_space(element_text(p))) for p in parent.iterchildren("p"))
        if length > best_length:
            best, best_length = parent, length
    return best


class _PageHints:
    """One page's hints, each worked out when first asked for. The tree may have gained
    attributes since the scraper began (comment marks): none that these read (tags, classes, ids,
    links and text)."""

    def __init__(self, root: HtmlElement, index: PageIndex | None) -> None:
        self.root = root
        self.index = index

    def field(self, name: str) -> object | None:
        """The value of a hint (`_Hint.field`): text, or the body's element; None when none."""
        if name == "body":
            return self.guessed_body
        if name == "heading-title":
            return _attribute_text(self.title[0] if self.title else None)
        found_name, date = self.name_and_date
        if name == "byline-name":
            return _attribute_text(found_name)
        if date is None and self.title is not None:
            date = date_under_title(self.title[1])
        return _attribute_text(date)

    @cached_property
    def guessed_body(self) -> HtmlElement | None:
        return body_guess(self.root)

    @cached_property
    def title(self) -> tuple[str, HtmlElement] | None:
        return heading_title(self.root)

    @cached_property
    def name_and_date(self) -> tuple[str | None, str | None]:
        return byline(self.root, self.index)


def _attribute_text(value: str | None) -> str | None:
    """A hint's text as it read when hints were metas in the page's ``<head>``: with control
    characters replaced (an attribute cannot hold them), as the normalizer replaces them in the
    record anyway."""
    return safe_text(value) if value else None


_READING: ContextVar[tuple[HtmlElement, _PageHints] | None] = ContextVar("hints", default=None)


@contextmanager
def reading(page: Page, index: PageIndex | None = None) -> Iterator[None]:
    """Let the hint selectors work out the page's hints once while the block runs (`index`: the
    page's selector index, when the caller holds one); outside such a block, each selector run
    works them out anew."""
    token = _READING.set((page.root, _PageHints(page.root, index)))
    try:
        yield
    finally:
        _READING.reset(token)


def _hints_of(scope: HtmlElement) -> _PageHints:
    root = scope.getroottree().getroot()
    active = _READING.get()
    if active is not None and active[0] is root:
        return active[1]
    return _PageHints(root, None)


@dataclass(frozen=True, slots=True)
class _Hint(Selector):
    """A hint as a selector from the page's root: its one value (a text, or the body's element),
    worked out when a rules table first runs it."""

    field: str = ""

    def _run(self, scope: HtmlElement) -> list[object]:
        found = _hints_of(scope).field(self.field)
        return [] if found is None else [found]


def _hint(field: str) -> Selector:
    return _Hint(f"^hint:{field}", compile_xpath("self::*"), None, True, field=field)


HEADING_TITLE = _hint("heading-title")
BYLINE_NAME = _hint("byline-name")
BYLINE_DATE = _hint("byline-date")
BODY = _hint("body")
