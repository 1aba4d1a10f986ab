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

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from .rules import CommentRules
from .selectors import normalise_space, selectors

_LOWER = "translate(concat(' ', @id, ' ', @class, ' '), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
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
)
_AVOID_WORDS = (
    "widget",
    "sidebar",
    "recent",
    "latest",
    "popular",
    "related",
    "footer",
    "navigation",
    "menu",
    "commentform",
    "comment-form",
    "respond",
    "commentary",
)
_SAYS = " or ".join(f"contains({_LOWER}, '{word}')" for word in COMMENT_WORDS)
_AVOIDS = " or ".join(f"contains({_LOWER}, '{word}')" for word in _AVOID_WORDS)
_CONTAINERS = etree.XPath(
    f"//body//*[({_SAYS}) and not(self::form or self::a or self::span or self::input"
    " or self::textarea or self::img or self::script or self::style or self::button)]"
    f"[not(ancestor-or-self::*[self::form or self::aside or self::nav or self::footer or {_AVOIDS}])]"
)
_FORM_PARTS = etree.XPath(".//textarea | .//input[@type='text' or @type='submit'] | .//form")
_MACHINE_DATES = etree.XPath(
    ".//time[@datetime] | .//abbr[@title] | .//*[@itemprop='dateCreated' or @itemprop='datePublished']"
)
_NAMED = etree.XPath(
    ".//cite | .//*[contains(concat(' ', @class, ' '), ' fn ')] | .//*[@itemprop='name']"
    f" | .//*[contains({_LOWER}, 'author') or contains({_LOWER}, 'user') or contains({_LOWER}, 'name')"
    f" or contains({_LOWER}, 'nick') or contains({_LOWER}, 'poster')][not(contains({_LOWER}, 'avatar'))]"
)
_LINKS = etree.XPath(".//a[@href] | .//strong | .//b")
_TEXTS = etree.XPath(".//text()[normalize-space()]")
_PARAGRAPH_PARENTS = etree.XPath(".//p/..")
_BODY_NAMED = etree.XPath(
    f".//*[contains({_LOWER}, 'content') or contains({_LOWER}, 'text') or contains({_LOWER}, 'body')"
    f" or contains({_LOWER}, 'message') or contains({_LOWER}, 'entry')]"
)
_CONTROLS = etree.XPath(
    f".//*[contains({_LOWER}, 'reply') or contains({_LOWER}, 'antwort') or contains({_LOWER}, 'repond')"
    f" or contains({_LOWER}, 'edit') or contains({_LOWER}, 'toolbox') or contains({_LOWER}, 'vote')"
    f" or contains({_LOWER}, 'like') or contains({_LOWER}, 'share') or contains({_LOWER}, 'avatar')"
    " or self::script or self::style or self::form]"
)

_DATE_TEXT = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"
    r"|\b\d{1,2}\.?\s+\w{3,}\.?,?\s+\d{4}\b"
    r"|\b\w{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
    r"|\b\d+\s+(?:minute|hour|day|week|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_BY_LINE = re.compile(
    r"(?:^|\s)(?:by|von|par|de|di|door|av|por|posted by|geschrieben von|écrit par)\s+"
    r"(?P<name>[^\s,|·].{0,58}?)\s+(?:on|am|le|il|op|em|el|at|um|à|,|\||·|-)\s",
    re.IGNORECASE,
)
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
_MAX_NAME = 60
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
    classes = frozenset(
        name
        for name in (element.get("class") or "").split()
        if name not in _STATE_CLASSES and not any(char.isdigit() for char in name)
    )
    return str(element.tag), classes


def _text(element: HtmlElement) -> str:
    return normalise_space(element.text_content())


def _inside(node: HtmlElement, ancestor: HtmlElement) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _date_of(
    member: HtmlElement, body: HtmlElement | None
) -> tuple[str | None, str | None, HtmlElement | None]:
    """The member's date: a machine attribute, else the first short text that reads like a date."""
    for found in _elements(_MACHINE_DATES, member):
        if body is not None and body is not member and _inside(found, body):
            continue
        machine = found.get("datetime") or found.get("title") or found.get("content")
        if machine and re.search(r"\d{4}", machine):
            return machine, _text(found) or None, found
    outside_body = [True, False] if body is not None and body is not member else [False]
    for skip_body in outside_body:
        for text, parent in _text_nodes(member):
            if parent is None or (skip_body and body is not None and _inside(parent, body)):
                continue
            value = normalise_space(str(text))
            if len(value) <= _MAX_DATE_TEXT and _DATE_TEXT.search(value):
                holder = parent if len(_text(parent)) <= _MAX_DATE_TEXT else None
                return None, value, holder
    return None, None, None


def _name_of(
    member: HtmlElement, body: HtmlElement, date_text: str | None
) -> tuple[str | None, str | None, HtmlElement | None]:
    for found in _elements(_NAMED, member):
        value = _text(found)
        if 0 < len(value) <= _MAX_NAME and not _DATE_TEXT.search(value):
            link = found if found.tag == "a" else next(iter(found.iter("a")), None)
            return value, link.get("href") if link is not None else None, found
    if date_text:
        for pattern in (_BY_LINE, _SAID):
            match = pattern.search(date_text)
            if match:
                return match.group("name").strip(), None, None
    for found in _elements(_LINKS, member):
        if body is not member and _inside(found, body):
            continue
        value = _text(found)
        href = found.get("href") or ""
        if (
            0 < len(value) <= _MAX_NAME
            and not _DATE_TEXT.search(value)
            and not href.startswith(("#", "javascript:"))
            and not _elements(_CONTROLS, found)
            and not re.search(r"reply|antwort|répondre|respond|edit|login", value, re.IGNORECASE)
        ):
            return value, href or None, found
    return None, None, None


def _body_of(member: HtmlElement) -> HtmlElement:
    total = len(_text(member))
    for found in _elements(_BODY_NAMED, member):
        if len(_text(found)) >= max(_MIN_TEXT, total // 3):
            return found
    best: HtmlElement | None = None
    for parent in _elements(_PARAGRAPH_PARENTS, member):
        if best is None or len(parent.findall("p")) > len(best.findall("p")):
            best = parent
    return best if best is not None else member


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
    if len(_text(member)) < _MIN_TEXT:
        return None
    if any(_owned_by(part, member, signature) for part in _elements(_FORM_PARTS, member)):
        return None
    body = _body_of(member)
    machine, date_text, date_holder = _date_of(member, body)
    if machine is None and date_text is None:
        return None
    name, url, name_holder = _name_of(member, body, date_text)
    if not name:
        return None
    if date_text and name in date_text:
        # "von berg2012 am 21. Jan. 2015": the name's digits are no part of the date
        date_text = date_text[date_text.index(name) + len(name) :].strip() or date_text
    if body is not member and len(_text(body)) < 2:
        return None
    drops = tuple(
        element
        for element in (name_holder, date_holder)
        if element is not None and element is not body and _inside(element, body)
    )
    return _Found(name, url, machine, date_text, body, drops)


def _candidate_groups(container: HtmlElement) -> Iterator[list[HtmlElement]]:
    """Children of the container (and its descendants, a few levels down) grouped by signature."""
    level = [container]
    for _depth in range(_SEARCH_DEPTH):
        following: list[HtmlElement] = []
        for parent in level:
            groups: dict[tuple[str, frozenset[str]], list[HtmlElement]] = defaultdict(list)
            for child in parent.iterchildren("*"):
                groups[_signature(child)].append(child)
                following.append(child)
            yield from groups.values()
        level = following


def _says_comment(element: HtmlElement) -> bool:
    label = f"{element.get('id', '')} {element.get('class', '')}".lower()
    return any(word in label for word in COMMENT_WORDS)


def find_comment_blocks(root: HtmlElement) -> list[tuple[HtmlElement, _Found]]:
    """The best-scoring group of comment-like sibling blocks, with their nested replies."""
    containers = _elements(_CONTAINERS, root)
    outermost = [
        container
        for container in containers
        if not any(other is not container and _inside(container, other) for other in containers)
    ]
    best: list[tuple[HtmlElement, _Found]] = []
    for container in outermost:
        for group in _candidate_groups(container):
            if len(best) >= len(group):
                continue
            signature = _signature(group[0])
            if signature[0] in ("p", "br", "a", "span", "img", "script"):
                continue
            members = _with_replies(container, group, signature)
            found = [(member, info) for member in members if (info := _inspect(member, signature))]
            if len(found) * 2 < len(members) or len(found) <= len(best):
                continue
            if len(found) == 1 and not _says_comment(found[0][0]):
                continue
            best = found
    return best


def _with_replies(
    container: HtmlElement, group: list[HtmlElement], signature: _Signature
) -> list[HtmlElement]:
    """The group plus blocks of the same signature nested inside it (threaded replies)."""
    members = list(group)
    for member in group:
        members.extend(
            nested
            for nested in member.iterdescendants(signature[0])
            if _signature(nested) == signature
        )
    order = {element: position for position, element in enumerate(container.iter())}
    return sorted(dict.fromkeys(members), key=lambda element: order.get(element, 0))


def mark_comments(root: HtmlElement) -> int:
    """Find the comment blocks and mark them for `COMMENT_RULES`; returns how many were found."""
    blocks = find_comment_blocks(root)
    for position, (member, info) in enumerate(blocks):
        member.set(ITEM_MARK, str(position))
        member.set(_AUTHOR, info.author)
        if info.author_url:
            member.set(_AUTHOR_URL, info.author_url)
        if info.date_machine:
            member.set(_DATE_MACHINE, info.date_machine)
        if info.date_text:
            member.set(_DATE_TEXT_MARK, info.date_text)
        info.body.set(_BODY, "")
        for element in info.drops:
            element.set(_DROP, "")
        for control in _elements(_CONTROLS, info.body):
            if len(_text(control)) <= 40:
                control.set(_DROP, "")
    return len(blocks)
