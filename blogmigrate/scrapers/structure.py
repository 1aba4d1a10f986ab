"""Find a comment list by its structure when no rules table knows the theme.

A comment list is a run of repeated sibling blocks (same tag, same stable classes), each with a
name, a date and some text, under an element whose id or class says so (comment, commentaire,
kommentar, reactions, responses, reacties, commenti, comentarios …). Forms, sidebars, widgets
("recent comments"), navigation and related-post lists are never searched.

`mark_comments` writes what it found onto the tree as ``x-blogmigrate-*`` attributes, and
`COMMENT_RULES` reads them back through the ordinary rules interpreter, so nesting, parents and
body cleaning work exactly as for a platform's own rules.
"""

from __future__ import annotations

import functools
import re
import string
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from ..textsafety import safe_text
from ..xpath import compile_xpath, element_text
from .rules import CommentRules
from .selectors import PageIndex, normalise_space, selectors

COMMENT_WORDS = (
    "comment",  # comment(s), commentaire(s), commenti, commentlist
    "komment",  # kommentar(e), kommentit
    "coment",  # comentarios, comentários
    "komentar",  # komentarze, komentáře
    "reacti",  # reactions, reacties
    "reacc",  # reacciones
    "respons",  # responses
    "antwoord",
    "hozzaszol",
    "forum",  # SPIP: a post's comments are its "forum" (ul.forum, li.forum-fil)
)
_NOT_A_LIST_WORDS = (
    "widget",
    "recent",
    "latest",
    "popular",
    "related",
    "navigation",
    "menu",
    "commentform",
    "comment-form",
    "respond",
    "commentary",
)
"""In the container's own id or class: a widget, a form or a link, not a comment list."""
_REGION_PREFIXES = (
    "sidebar",
    "widget_recent",
    "widget-recent",
    "recentcomments",
    "recent-comments",
    "recent_comments",
    "related",
    "popular",
    "menu",
    "footer",
    "site-footer",
)
"""Class or id tokens that start like this mark a region (sidebar, related posts, menus) whose
comment-like blocks are never the post's comments."""
_CASES = (str.lower, str.capitalize, str.upper)
_COMMENT_WORD_FORMS = tuple(dict.fromkeys(case(word) for word in COMMENT_WORDS for case in _CASES))
_NEVER_CONTAINERS = frozenset(
    {"form", "a", "span", "input", "textarea", "img", "script", "style", "button", "label"}
)
_REGION_TAGS = frozenset({"form", "aside", "nav", "footer"})
_FORM_TAGS = frozenset({"textarea", "form"})
_FORM_INPUT_TYPES = frozenset({"text", "submit"})
_MACHINE_DATE_PROPS = frozenset({"dateCreated", "datePublished"})
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


_Label = tuple[object, str | None, str | None, str | None]
"""An element's tag, class, id and itemprop."""


def _labelled(scope: HtmlElement) -> list[tuple[HtmlElement, _Label]]:
    """The descendants of the scope, in page order, with their labels."""
    return [
        (element, (element.tag, element.get("class"), element.get("id"), element.get("itemprop")))
        for element in scope.iterdescendants("*")
    ]


@dataclass(frozen=True, slots=True)
class _Parts:
    """The descendants of a block (in page order) that are a part of a comment: by their tag, a
    class token, an ``itemprop``, or words in their id or class (ASCII case ignored, as XPath's
    ``translate`` did) unless their id and class also say one of `unless`.

    Judged per label (`_block_parts`, for every kind at once), each distinct id or class value
    once: as XPath, every attribute of every descendant cost a lower-casing per word."""

    words: tuple[str, ...]
    unless: tuple[str, ...] = ()
    tags: frozenset[str] = frozenset()
    class_token: str | None = None
    itemprop: str | None = None

    def marks(
        self, tag: object, class_: str | None, identifier: str | None, itemprop: str | None
    ) -> bool:
        if tag in self.tags:
            return True
        if self.class_token is not None and f" {self.class_token} " in f" {class_ or ''} ":
            return True
        if self.itemprop is not None and itemprop == self.itemprop:
            return True
        if not (
            (identifier is not None and _says(identifier, self.words))
            or (class_ is not None and _says(class_, self.words))
        ):
            return False
        return not self.unless or not _says(f" {identifier or ''} {class_ or ''} ", self.unless)


_MAX_JUDGED = 20_000


@functools.lru_cache(maxsize=8192)
def _says(value: str, words: tuple[str, ...]) -> bool:
    """Whether the id or class value contains one of the words (ASCII letters of any case)."""
    lowered = value.translate(_ASCII_LOWER)
    return any(word in lowered for word in words)


_NAMED = _Parts(
    words=("author", "user", "name", "nick", "poster"),
    unless=("avatar",),
    tags=frozenset({"cite"}),
    class_token="fn",
    itemprop="name",
)
_LINKS = compile_xpath(".//a[@href] | .//strong | .//b")
_HEADINGS = compile_xpath(".//h2 | .//h3 | .//h4 | .//h5 | .//h6")
_TEXTS = compile_xpath(".//text()[normalize-space()]")
_PARAGRAPH_PARENTS = compile_xpath(".//p/..")
_BODY_NAMED = _Parts(words=("content", "text", "body", "message", "entry"))
_DATE_HOLDERS = _Parts(words=("date", "time"))
_MAX_DATE_HOLDER = 60
_CONTROLS = _Parts(
    words=("reply", "antwort", "repond", "edit", "toolbox", "vote", "like", "share", "avatar"),
    tags=frozenset({"script", "style", "form"}),
)


@dataclass(frozen=True, slots=True)
class _BlockParts:
    """A block's descendants (`_labelled`), and the parts of each kind among them."""

    labelled: list[tuple[HtmlElement, _Label]]
    named: list[HtmlElement]
    body_named: list[HtmlElement]
    date_holders: list[HtmlElement]
    controls: list[HtmlElement]


_PART_KINDS = (_NAMED, _BODY_NAMED, _DATE_HOLDERS, _CONTROLS)
"""In the order of `_BlockParts`' lists."""
_KINDS_JUDGED: dict[_Label, tuple[int, ...]] = {}
"""Each (tag, class, id, itemprop): the kinds of part it marks (positions in `_PART_KINDS`)."""


def _block_parts(labelled: list[tuple[HtmlElement, _Label]]) -> _BlockParts:
    """The parts of every kind among a block's descendants, in one pass (a label judged once
    for all kinds, rather than a pass and a look-up per kind)."""
    if len(_KINDS_JUDGED) > _MAX_JUDGED:
        _KINDS_JUDGED.clear()
    found: tuple[list[HtmlElement], ...] = ([], [], [], [])
    for element, label in labelled:
        kinds = _KINDS_JUDGED.get(label)
        if kinds is None:
            kinds = _KINDS_JUDGED[label] = tuple(
                position for position, kind in enumerate(_PART_KINDS) if kind.marks(*label)
            )
        for position in kinds:
            found[position].append(element)
    named, body_named, date_holders, controls = found
    return _BlockParts(labelled, named, body_named, date_holders, controls)


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _WithDigits:
    r"""A pattern every match of which holds a digit (``\d``): a text without one is not searched.
    Most texts asked about (a comment's paragraphs) have none, and the date pattern's
    alternatives cost ~20 µs on a paragraph where finding no digit costs well under one."""

    pattern: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if _DIGIT.search(text) else None


_DATE_TEXT = _WithDigits(
    re.compile(
        r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"
        r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"
        r"|\b\d{1,2}\.?\s+\w{3,}\.?,?\s+\d{4}\b"
        r"|\b\w{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
        r"|\b\d+\s+(?:minute|hour|day|week|month|year)s?\s+ago\b",
        re.IGNORECASE,
    )
)
_BY_WORDS = r"(?:^|\s)(?:by|von|par|de|di|door|av|por|posted by|geschrieben von|écrit par)\s*:?\s+"
_BY_LINE = re.compile(
    _BY_WORDS
    + r"(?P<name>[^\s,|·].{0,58}?)(?:\s*[,|·]\s|\s+(?:on|am|le|il|op|em|el|at|um|à|in|dans|im|unter|en|-)\s|\s*$)",
    re.IGNORECASE,
)
"""A byline whose name may end at a comma: "By Mary Murray, NBC News"."""
_BY_LINE_DATED = re.compile(
    _BY_WORDS
    + r"(?P<name>[^\s,|·].{0,58}?)(?:\s+(?:on|am|le|il|op|em|el|at|um|à|in|dans|im|unter|en|-)\s|[\s,]*$)",
    re.IGNORECASE,
)
"""A byline that also shows a date: the name runs to the word before the date, commas and all
("Posted by: Snarki, child of Loki at November 9, 2012")."""
_SAID = re.compile(
    r"^\s*(?P<name>[^\s].{0,58}?)\s+(?:said|says|wrote|schrieb|sagt|a dit|a écrit|ha detto)\b",
    re.IGNORECASE,
)
_STATE_CLASSES = frozenset(
    {
        "odd",
        "even",
        "alt",
        "child",
        "children",
        "parent",
        "first",
        "last",
        "bypostauthor",
        "byuser",
        "highlighted",
        "featured",
        "reply",
        "thread-odd",
        "thread-even",
        "thread-alt",
    }
)
_ALTERNATION = re.compile(r"[-_]?(?:odd|even|alt|first|last)$")
_PER_PERSON = re.compile(r"^(?:comment-author|by|user|author|role|commenter)[-_]")
_NEVER_BLOCKS = frozenset({"br", "a", "span", "img", "script", "style", "input", "b", "i", "em"})
_NAME_NOISE = re.compile(
    r"^[\s,;:|·-]*(?:(?:comment|reply|response|answer)\s+(?:by|from)|posted by|submitted by"
    r"|soumis par|publié par|écrit par|geschrieben von|kommentar von|by|von|par)?\s*:?\s+"
    r"|[\s,:]*(?:says|said|wrote|schrieb|sagt|schreibt|a dit|a écrit|dice|disse|zegt"
    r"|\s(?:on|at|am|le|um|op|il))?\s*[:,]?\s*$",
    re.IGNORECASE,
)
_MAX_NAME = 60
_MAX_META_LINE = 150
_MAX_THREAD_DEPTH = 100
_TITLE_LIKE = re.compile(r"titre|title|subject|betreff|titel")
_MAX_BODY_CANDIDATES = 30
_NOT_A_COMMENT = re.compile(r"(?:^|[\s_-])(?:likes?|reblogs?|notes?|shares?)(?:[\s_-]|$)")
"""Activity listed beside comments (likes, reblogs, Tumblr notes), never a comment itself."""
_WORDS = re.compile(r"[^\W\d_]{2,}")
_TIME_ONLY = re.compile(r"^\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?$", re.IGNORECASE)
_CONTROL_WORDS = re.compile(r"reply|antwort|répondre|respond|edit|login|permalink", re.IGNORECASE)
_MAX_DATE_TEXT = 120
_MIN_TEXT = 12
_SEARCH_DEPTH = 8

ITEM_MARK = "x-blogmigrate-structure-item"
_AUTHOR = "x-blogmigrate-author"
_AUTHOR_URL = "x-blogmigrate-author-url"
_DATE_MACHINE = "x-blogmigrate-date-machine"
_DATE_TEXT_MARK = "x-blogmigrate-date-text"
_BODY = "x-blogmigrate-body"
_DROP = "x-blogmigrate-drop"

COMMENT_RULES = CommentRules(
    items=selectors(f"//*[@{ITEM_MARK}]"),
    source_id=selectors("::attr(id)"),
    author_name=selectors(f"::attr({_AUTHOR})"),
    author_url=selectors(f"::attr({_AUTHOR_URL})"),
    date_machine=selectors(f"::attr({_DATE_MACHINE})"),
    date_text=selectors(f"::attr({_DATE_TEXT_MARK})"),
    body=selectors(f"descendant-or-self::*[@{_BODY}]"),
    body_drop=selectors(f".//*[@{_DROP}]"),
)
"""Reads the marks `mark_comments` left: use it with `scrape_comments` after marking."""


@dataclass(frozen=True, slots=True)
class _Found:
    author: str
    author_url: str | None
    date_machine: str | None
    date_text: str | None
    body: HtmlElement
    drops: tuple[HtmlElement, ...]
    controls: tuple[HtmlElement, ...]
    """Reply links, toolboxes, avatars … inside the body (some dropped when marked)."""


_Signature = tuple[str, frozenset[str]]


def _elements(query: etree.XPath, scope: HtmlElement) -> list[HtmlElement]:
    found = query(scope)
    return (
        [node for node in found if isinstance(node, HtmlElement)] if isinstance(found, list) else []
    )


def _text_nodes(scope: HtmlElement) -> list[tuple[str, HtmlElement]]:
    """Each non-blank text node with the element it belongs to."""
    found = _TEXTS(scope)
    nodes = []
    for text in found if isinstance(found, list) else []:
        getparent = getattr(text, "getparent", None)
        parent = getparent() if getparent is not None else None
        if isinstance(text, str) and isinstance(parent, HtmlElement):
            nodes.append((text, parent))
    return nodes


def _signature(element: HtmlElement) -> _Signature:
    """Tag and stable classes: alternation (``comment-odd``/``comment-even``), depth and ids aside."""
    return str(element.tag), _stable_classes(element.get("class") or "")


@functools.lru_cache(maxsize=4096)
def _stable_classes(value: str) -> frozenset[str]:
    # Remembered by class attribute: a comment list repeats the same few hundreds of times.
    return frozenset(
        stable
        for name in value.split()
        if name not in _STATE_CLASSES
        and not any(char.isdigit() for char in name)
        and not _PER_PERSON.match(name)
        if (stable := _ALTERNATION.sub("", name))
    )


def _text(element: HtmlElement) -> str:
    return normalise_space(element_text(element))


def _inside(node: HtmlElement, ancestor: HtmlElement, within: HtmlElement | None = None) -> bool:
    """Whether the node is the ancestor or lies below it. `within`: an element that holds the
    ancestor, where the climb stops (nothing above it is below the ancestor), rather than at the
    top of the page."""
    while node is not None:
        if node is ancestor:
            return True
        if node is within:
            return False
        node = node.getparent()
    return False


def _date_of(
    member: HtmlElement,
    body: HtmlElement | None,
    texts: list[tuple[str, HtmlElement]],
    parts: _BlockParts,
) -> tuple[str | None, str | None, HtmlElement | None]:
    """The member's date: a machine attribute, else the first short text (of `texts`, the
    member's) that reads like a date. (`parts`: the member's descendants, `_block_parts`.)"""
    for found, machine in _machine_dates(parts.labelled):
        if body is not None and body is not member and _inside(found, body, member):
            continue
        return machine, _text(found) or None, found
    # the body's elements gathered once (one C-level walk of the body) rather than a climb from
    # every text node
    body_elements = set(body.iter()) if body is not None and body is not member else set()
    in_body = [parent in body_elements for _line, parent in texts]
    # the texts outside the body first, then those in it (a text outside that is no date the
    # first time is none the second)
    for in_body_now in (False, True):
        for (text, parent), inside in zip(texts, in_body, strict=True):
            if inside is not in_body_now:
                continue
            # _DATE_TEXT matches white space as runs (\s*, \s+): the raw text matches as the
            # normalised one does, and most texts are no date
            if not _DATE_TEXT.search(text):
                continue
            value = normalise_space(str(text))
            if len(value) <= _MAX_DATE_TEXT and _DATE_TEXT.search(value):
                holder = parent if len(_text(parent)) <= _MAX_DATE_TEXT else None
                return None, value, holder
    for found in _date_holders(parts.date_holders):
        # a block classed as a date that shows only a time ("21:00"): still the comment's stamp
        if re.search(r"\d{1,2}[:h.]\d{2}", _text(found)):
            return None, _text(found), found
    for (text, parent), inside in zip(texts, in_body, strict=True):
        if not inside and _TIME_ONLY.match(normalise_space(text)):
            return None, normalise_space(text), parent
    return None, None, None


def _machine_dates(labelled: list[tuple[HtmlElement, _Label]]) -> list[tuple[HtmlElement, str]]:
    """The ``time[@datetime]``, ``abbr[@title]`` and microdata dates (``itemprop`` dateCreated or
    datePublished) among the member's descendants (`_labelled`), whose machine value has a year.
    (Read from the labels: as XPath, three walks of the member.)"""
    found = []
    for element, (tag, _class, _id, itemprop) in labelled:
        if (
            (tag == "time" and element.get("datetime") is not None)
            or (tag == "abbr" and element.get("title") is not None)
            or itemprop in _MACHINE_DATE_PROPS
        ):
            machine = element.get("datetime") or element.get("title") or element.get("content")
            if machine and re.search(r"\d{4}", machine):
                found.append((element, machine))
    return found


def _form_parts(labelled: list[tuple[HtmlElement, _Label]]) -> list[HtmlElement]:
    """The ``textarea``, text or submit ``input`` and ``form`` elements among a block's
    descendants (`_labelled`)."""
    return [
        element
        for element, (tag, _class, _id, _itemprop) in labelled
        if tag in _FORM_TAGS or (tag == "input" and element.get("type") in _FORM_INPUT_TYPES)
    ]


def _date_holders(classed: list[HtmlElement]) -> list[HtmlElement]:
    """Of the blocks classed as a date or time, those with a short non-blank text."""
    return [
        found
        for found in classed
        if 0 < len(xpath_normalised(element_text(found))) < _MAX_DATE_HOLDER
    ]


def visible_length_reaches(text: str, length: int) -> bool:
    """Whether the text holds at least `length` characters that are not XPath white space (space,
    tab, CR, LF): its ``normalize-space()`` is then at least that long, since normalising keeps
    every other character. Counted in C, where normalising a long text cut at every space costs
    an object per space (a table layout's indented text: ~100 instructions a character)."""
    if len(text) < length:
        return False
    spaces = text.count(" ") + text.count("\n") + text.count("\t") + text.count("\r")
    return len(text) - spaces >= length


def xpath_normalised(text: str) -> str:
    """XPath's ``normalize-space()``: only space, tab, CR and LF are white space (not U+00A0).
    (Tab, CR and LF made spaces, the text cut at spaces only: half a regex substitution's time;
    ``str.translate`` would be slower still on non-ASCII text.)"""
    spaced = text.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return " ".join(filter(None, spaced.split(" ")))


def _usable_link(found: HtmlElement) -> str | None:
    """A link or bold text that could be a commenter's name, cleaned; None for controls, dates
    and comment titles."""
    if _TITLE_LIKE.search(_label(found)):
        return None
    value = _text(found)
    href = found.get("href") or ""
    if (
        0 < len(value) <= _MAX_NAME
        and not _DATE_TEXT.search(value)
        and not href.startswith(("#", "javascript:"))
        and not _block_parts(_labelled(found)).controls
        and not _CONTROL_WORDS.search(value)
    ):
        return _clean_name(value)
    return None


def _name_of(
    member: HtmlElement,
    body: HtmlElement,
    date_text: str | None,
    meta_line: HtmlElement | None,
    texts: list[tuple[str, HtmlElement]],
    parts: _BlockParts,
) -> tuple[str | None, str | None, HtmlElement | None]:
    """The commenter: a block classed as author/name, else the line that carries the date
    ("Posted by: X at …", "X — July 18th"), else a "X said:" line (of `texts`, the member's), a
    link or a heading."""
    for found in parts.named:
        value = _clean_name(_before_date(_text(found)))
        if 0 < len(value) <= _MAX_NAME and not _DATE_TEXT.search(value):
            link = found if found.tag == "a" else next(iter(found.iter("a")), None)
            return value, link.get("href") if link is not None else None, found
    lines = [_text(meta_line)] if meta_line is not None else []
    lines += [date_text] if date_text else []
    for line in lines:
        if _by_line_for(line).search(f" {line} ") and (name := name_in_byline(line)):
            return name, None, None
        said = _SAID.search(line)
        if said:
            return _clean_name(said.group("name")), None, None
    if meta_line is not None:
        for found in _elements(_LINKS, meta_line):
            if link_name := _usable_link(found):
                return link_name, found.get("href"), found
    for text, parent in texts:
        match = _SAID.search(normalise_space(text))
        if match and (body is member or not _inside(parent, body, member)):
            return _clean_name(match.group("name")), None, parent
    for found in _elements(_LINKS, member):
        if (body is member or not _inside(found, body, member)) and (
            link_name := _usable_link(found)
        ):
            return link_name, found.get("href") or None, found
    for found in _elements(_HEADINGS, member):
        value = _clean_name(_text(found))
        if (
            not _inside(found, body, member)
            and 0 < len(value) <= _MAX_NAME
            and not _DATE_TEXT.search(value)
        ):
            return value, None, found
    return None, None, None


def _meta_line(date_holder: HtmlElement | None, member: HtmlElement) -> HtmlElement | None:
    """The short line around the date ("Posted by X at <a>date</a>"), where the name often is."""
    if date_holder is None:
        return None
    line = date_holder.getparent()
    if line is None or line is member or len(_text(line)) > _MAX_META_LINE:
        return None
    return line


def _by_line_for(text: str) -> re.Pattern[str]:
    return _BY_LINE_DATED if _DATE_TEXT.search(text) else _BY_LINE


def looks_like_date(text: str) -> bool:
    return bool(_DATE_TEXT.search(text))


_TIME_AFTER = re.compile(
    r"[\s,]*(?:at|um|à|a las|alle|om|-|\|)?\s*\d{1,2}[:h]\d{2}(?:\s*[ap]\.?m\.?)?", re.I
)


def date_in(text: str) -> str | None:
    """The date in a line of text, with the time that follows it: "21. Jan. 2015, 19:04"."""
    match = _DATE_TEXT.search(text)
    if match is None:
        return None
    time = _TIME_AFTER.match(text, match.end())
    return text[match.start() : time.end() if time else match.end()]


_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|de|door|av|por|posted by|written by)\b", re.IGNORECASE)


def name_in_byline(text: str, *, bare: bool = False) -> str | None:
    """The person in a byline: "par Didier Roy, 21 juin 2018" → "Didier Roy". A line without a
    "by" word gives a name only when ``bare`` (the line is marked as the author); a "by" in the
    middle of a line counts only beside a date ("… sign up by e-mail" is no byline)."""
    # the line up to its date first ("by Ann Lee November 5, 2012"), then all of it ("… by Ann")
    pattern = _by_line_for(text)
    mid_line_needs_date = not _BY_PREFIX.match(text) and not _DATE_TEXT.search(text)
    for line in (_before_date(text), text):
        match = pattern.search(f" {line} ")
        if match and not mid_line_needs_date:
            return _cut_name(_clean_name(_before_date(match.group("name")))) or None
    if not (bare or _BY_PREFIX.match(text)):
        return None
    return _cut_name(_clean_name(_before_date(text))) or None


_NAME_END = re.compile(
    r"\s+(?:Posted|Filed|Published|posted|filed|published|in|to|on|at|am|um|dans|im|le)\b.*$"
)


def _cut_name(name: str) -> str:
    """ "Hal Posted to News" → "Hal": a byline goes on after the name."""
    return _clean_name(_NAME_END.sub("", name))


def _before_date(text: str) -> str:
    """ "Miles Taylor 12 days ago" → "Miles Taylor": a name line that also carries the date."""
    match = _DATE_TEXT.search(text)
    return text[: match.start()] if match and match.start() > 0 else text


def _clean_name(text: str) -> str:
    """ "Dnomyar220 says:" → "Dnomyar220"; "Par Bruno Gobin," → "Bruno Gobin"."""
    return _NAME_NOISE.sub("", text).strip(" \t\n,;:|·-")


def _body_of(
    member: HtmlElement, member_text: str, parts: _BlockParts
) -> tuple[HtmlElement, str | None]:
    """The block holding the comment's message, with its text when it was read on the way."""
    total = len(member_text)
    least = max(_MIN_TEXT, total // 3)
    named = [
        (len(text), found, text)
        for found in parts.body_named[:_MAX_BODY_CANDIDATES]
        # normalising never lengthens a text: one already too short is not normalised
        if len(raw := element_text(found)) >= least and len(text := normalise_space(raw)) >= least
    ]
    if named:
        # the smallest block that still holds most of the text: the message, not its wrapper
        _length, body, text = min(named, key=lambda candidate: candidate[0])
        return body, text
    best: HtmlElement | None = None
    for parent in _elements(_PARAGRAPH_PARENTS, member):
        if best is None or len(parent.findall("p")) > len(best.findall("p")):
            best = parent
    if best is None or best is member:
        return member, member_text
    return best, None


def _owned_by(element: HtmlElement, member: HtmlElement, signature: _Signature) -> bool:
    """Whether the element belongs to the member itself rather than to a reply nested in it."""
    node = element.getparent()
    while node is not None and node is not member:
        if _signature(node) == signature:
            return False
        node = node.getparent()
    return node is member


def _inspect(member: HtmlElement, signature: _Signature) -> _Found | None:
    """Name, date and text of a block that looks like one comment, else None."""
    member_text = _text(member)
    if len(member_text) < _MIN_TEXT or _NOT_A_COMMENT.search(_label(member)):
        return None
    labelled = _labelled(member)  # read once for the form, the body, the date and the name
    if not _DIGIT.search(member_text) and not _machine_dates(labelled):
        return None  # every way to a date (`_date_of`) needs a digit: a third of the blocks tried
    if any(_owned_by(part, member, signature) for part in _form_parts(labelled)):
        return None
    parts = _block_parts(labelled)
    body, body_text = _body_of(member, member_text, parts)
    texts = _text_nodes(member)
    machine, date_text, date_holder = _date_of(member, body, texts, parts)
    if machine is None and date_text is None:
        return None
    meta_line = _meta_line(date_holder, member)
    name, url, name_holder = _name_of(member, body, date_text, meta_line, texts, parts)
    if not name:
        # kept only beside named siblings: an anonymous comment in a list of signed ones
        name, url, name_holder = "", None, None
    if date_text and name and name in date_text:
        # "von berg2012 am 21. Jan. 2015": the name's digits are no part of the date
        date_text = date_text[date_text.index(name) + len(name) :].strip() or date_text
    if not _has_words(body_text if body_text is not None else _text(body), name, date_text):
        return None
    drops = tuple(
        element
        for element in (meta_line, name_holder, date_holder)
        if element is not None and element is not body and _inside(element, body, member)
    )
    # the body's controls, from the member's labels rather than a second reading of the body
    controls = tuple(
        element
        for element in parts.controls
        if element is not body and _inside(element, body, member)
    )
    return _Found(name, url, machine, date_text, body, drops, controls)


def _has_words(text: str, *known: str | None) -> bool:
    """Whether a comment's text says something besides its name and date (not a referrer line)."""
    for part in known:
        if part:
            text = text.replace(part, " ")
    two_words = sum(1 for _word in islice(_WORDS.finditer(text), 2)) == 2
    return two_words or (len(text.strip()) >= 12 and bool(_WORDS.search(text)))


def _candidate_groups(
    container: HtmlElement, signatures: dict[HtmlElement, _Signature]
) -> Iterator[tuple[list[HtmlElement], _Signature]]:
    """Children of the container (and its descendants, a few levels down) grouped by signature,
    with it. Each element's signature is kept in `signatures` (`_BySignature` reads them again)."""
    level = [container]
    for _depth in range(_SEARCH_DEPTH):
        following: list[HtmlElement] = []
        for parent in level:
            groups: dict[_Signature, list[HtmlElement]] = defaultdict(list)
            for child in parent.iterchildren("*"):
                signature = signatures[child] = _signature(child)
                groups[signature].append(child)
                following.append(child)
            for signature, group in groups.items():
                yield group, signature
        level = following


def _says_comment(element: HtmlElement) -> bool:
    label = f"{element.get('id', '')} {element.get('class', '')}".lower()
    return any(word in label for word in COMMENT_WORDS)


def _label(element: HtmlElement) -> str:
    return f" {element.get('id', '')} {element.get('class', '')} ".lower()


def _in_region(element: HtmlElement) -> bool:
    """Inside a sidebar, menu, footer, form or related-posts block (that is not the whole page)."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "html"):
            return False
        tokens = _label(node).split()
        in_region = node.tag in _REGION_TAGS or any(
            token.startswith(_REGION_PREFIXES) for token in tokens
        )
        if in_region and node.find(".//h1") is None:
            return True
    return False


def _comment_named(root: HtmlElement, index: PageIndex) -> list[HtmlElement]:
    """Elements under ``<body>`` whose id or class says comment (in its usual capitalisations).

    One query on the id and class values, which tests only the word forms that some class name
    or id of the page holds (the index knows: usually one or two of the thirty forms)."""
    present = tuple(word for word in _COMMENT_WORD_FORMS if index.in_names(word))
    if not present:
        return []
    found = labelled_with(present, ("id", "class"))(root)
    return [
        element
        for element in (found if isinstance(found, list) else [])
        if isinstance(element, HtmlElement) and element.tag not in _NEVER_CONTAINERS
    ]


@functools.lru_cache(maxsize=256)
def labelled_with(words: tuple[str, ...], attributes: tuple[str, ...]) -> etree.XPath:
    """The elements under ``<body>`` one of whose `attributes` (``class``, ``id``) contains one
    of the words: tested on the attribute values, not on every element."""
    test = " or ".join(f"contains(., '{word}')" for word in words)
    walks = " | ".join(f"//body/descendant::*/@{name}[{test}]" for name in attributes)
    return compile_xpath(f"({walks})/parent::*")


def _containers(root: HtmlElement, index: PageIndex) -> list[HtmlElement]:
    """The outermost elements that say comment and are neither a widget nor in one."""
    candidates = [
        element for element in _comment_named(root, index) if _names_a_list(_label(element))
    ]
    return [container for container in _outermost(candidates) if not _in_region(container)]


@functools.lru_cache(maxsize=4096)
def _names_a_list(label: str) -> bool:
    """Whether an id and class (lower-cased) say comment, and not widget, form or link."""
    return any(word in label for word in COMMENT_WORDS) and not any(
        word in label for word in _NOT_A_LIST_WORDS
    )


def _outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    """The elements not inside another one of them, plus the parent of any siblings among them
    (a theme that marks each comment but not their list: the parent is the list)."""
    chosen = set(elements)
    outermost = [
        element
        for element in elements
        if not any(ancestor in chosen for ancestor in element.iterancestors())
    ]
    repeats: dict[tuple[HtmlElement, _Signature], int] = defaultdict(int)
    for element in outermost:
        parent = element.getparent()
        if parent is not None and parent.tag not in ("body", "html"):
            repeats[parent, _signature(element)] += 1
    siblings_parents = list(
        dict.fromkeys(parent for (parent, _), count in repeats.items() if count > 1)
    )
    kept = [element for element in outermost if element.getparent() not in siblings_parents]
    return siblings_parents + kept


def _score(found: list[tuple[HtmlElement, _Found]]) -> tuple[int, float, int]:
    """More signed comment-like blocks first; on a tie, blocks that carry their own numbered id,
    then more blocks in all (anonymous ones included)."""
    if not found:
        return (0, 0.0, 0)
    named = sum(1 for _member, info in found if info.author)
    numbered = sum(1 for member, _info in found if re.search(r"\d", member.get("id") or ""))
    return (named, numbered / len(found), len(found))


def find_comment_blocks(
    root: HtmlElement, index: PageIndex | None = None
) -> list[tuple[HtmlElement, _Found]]:
    """The best-scoring group of comment-like sibling blocks, with their nested replies.
    (`index`: the page's selector index, when the caller holds one.)

    Groups are tried largest first, and a group is abandoned as soon as half its blocks fail:
    on a page with hundreds of comments only the comment list itself is inspected in full.
    """
    candidates: list[tuple[list[HtmlElement], _Signature]] = []
    seen: set[HtmlElement] = set()
    for container in _containers(root, index if index is not None else PageIndex(root)):
        descendants = _BySignature(container)
        for group, signature in _candidate_groups(container, descendants.signatures):
            if group[0] in seen or signature[0] in _NEVER_BLOCKS:
                continue
            if signature[0] == "p" and not signature[1]:
                continue
            members = _with_replies(group, signature, descendants)
            seen.update(members)  # a reply is never the start of another group
            candidates.append((members, signature))
    candidates.sort(key=lambda candidate: -len(candidate[0]))
    best: list[tuple[HtmlElement, _Found]] = []
    best_score = _score(best)
    for members, signature in candidates:
        if len(members) < best_score[0]:
            break
        if len(members) == 1 and not _says_comment(members[0]):
            continue  # a lone block counts only when it says comment: not worth inspecting
        found = _inspect_group(members, signature)
        if found is None or (len(found) == 1 and not _says_comment(found[0][0])):
            continue
        score = _score(found)
        if score > best_score:
            best, best_score = found, score
    return best


def _inspect_group(
    members: list[HtmlElement], signature: _Signature
) -> list[tuple[HtmlElement, _Found]] | None:
    """Every member that looks like a comment, or None once more than half of them do not."""
    allowed_failures = len(members) // 2
    found = []
    for member in members:
        info = _inspect(member, signature)
        if info is not None:
            found.append((member, info))
        else:
            allowed_failures -= 1
            if allowed_failures < 0:
                return None
    named = sum(1 for _member, info in found if info.author)
    if named * 2 < len(members) or named == 0:
        return None  # a name is what tells a comment from any dated block of text
    return found


class _BySignature:
    """A container's descendants of one signature, in page order: read once per tag for the
    replies of every group of blocks of that tag in the container."""

    def __init__(self, container: HtmlElement) -> None:
        self.container = container
        self._groups: dict[_Signature, list[HtmlElement]] = defaultdict(list)
        self._tags_read: set[str] = set()
        self.position: dict[HtmlElement, int] = {}
        self.signatures: dict[HtmlElement, _Signature] = {}
        """Those `_candidate_groups` read (a few levels of the container), not read again."""

    def of(self, signature: _Signature) -> list[HtmlElement]:
        tag = signature[0]
        if tag not in self._tags_read:
            self._tags_read.add(tag)
            known = self.signatures.get
            for element in self.container.iterdescendants(tag):
                same = self._groups[known(element) or _signature(element)]
                self.position[element] = len(same)
                same.append(element)
        return self._groups[signature]


def _with_replies(
    group: list[HtmlElement], signature: _Signature, descendants: _BySignature
) -> list[HtmlElement]:
    """The group plus blocks of the same signature nested inside it (threaded replies), in page
    order: each sibling, then its own descendants, which come before the next sibling.

    The blocks of the signature that follow a sibling in page order are its descendants, then
    blocks outside it: the first one outside ends its replies.

    Replies nested deeper than `_MAX_THREAD_DEPTH` are left out: no real thread goes so deep, and
    a page of unclosed tags would otherwise cost time in the square of its length.
    """
    same = descendants.of(signature)
    container = descendants.container
    members = []
    for member in group:
        members.append(member)
        depth = {member: 0}
        # above the member the climb is over at its parent (usually the sibling's list), rather
        # than at the container: nothing above either is below the member
        above = member.getparent()
        for following in range(descendants.position[member] + 1, len(same)):
            nested = same[following]
            node = nested.getparent()
            while (
                node is not None
                and node not in depth
                and node is not container
                and node is not above
            ):
                node = node.getparent()
            if node is None or node is container or node is above:
                break  # not below the member
            level = depth[node] + 1
            if level <= _MAX_THREAD_DEPTH:
                depth[nested] = level
                members.append(nested)
    return members


def mark_comments(root: HtmlElement, index: PageIndex | None = None) -> int:
    """Find the comment blocks and mark them for `COMMENT_RULES`; returns how many were found.
    (`index`: the page's selector index, when the caller holds one.)"""
    blocks = find_comment_blocks(root, index)
    for position, (member, info) in enumerate(blocks):
        member.set(ITEM_MARK, str(position))
        for mark, value in (
            (_AUTHOR, info.author),
            (_AUTHOR_URL, info.author_url),
            (_DATE_MACHINE, info.date_machine),
            (_DATE_TEXT_MARK, info.date_text),
        ):
            if value:
                # page text in an attribute: no control characters (lxml refuses them), replaced
                # as the normalizer would replace them in the record
                member.set(mark, safe_text(value))
        info.body.set(_BODY, "")
        for element in info.drops:
            element.set(_DROP, "")
        for control in info.controls:
            if len(_text(control)) <= 40:
                control.set(_DROP, "")
    return len(blocks)
