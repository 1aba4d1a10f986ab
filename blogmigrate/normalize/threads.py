"""Reply threads in flat comment lists, inferred from "@Name", "Réponse à Name", "In reply to Name".

Markup nesting always wins; inference only fills parents the markup left empty, picks the latest
earlier comment by the named person, and marks the comment ``parent_inferred``. A comment that answers
several people ("@Axel : … @Julien : …") gets the first as its parent and keeps every name in
``mentions``. Names that identify nobody ("Anonymous") are never used as a parent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from .. import xpath
from .text import element_text

_LEAD_PHRASES = (
    "réponse à", "reponse a", "en réponse à", "in reply to", "reply to", "replying to",
    "antwort an", "respuesta a", "risposta a", "resposta a", "antwoord aan",
)  # fmt: skip
_REPLY_LEADS = re.compile(
    r"^\W{0,3}?(?:@|(?:" + "|".join(_LEAD_PHRASES) + r")\s*:?\s+@?)", re.IGNORECASE
)
# A lead's longest word, and how many words into a comment it can be: \W{0,3} makes two words at most
# ("- -"), the longest phrase three.
_LEAD_WORD_LIST = tuple(dict.fromkeys(max(phrase.split(), key=len) for phrase in _LEAD_PHRASES))
_LEAD_WORDS = re.compile("|".join(map(re.escape, _LEAD_WORD_LIST)), re.IGNORECASE)
# In ASCII text, matching those words regardless of case is finding them in its lower case (only
# non-ASCII letters such as the dotless ı have other case partners), without the slow pattern.
_ASCII_LEAD_WORDS = tuple(word for word in _LEAD_WORD_LIST if word.isascii())
_LEAD_WITHIN_WORDS = 6
_MENTION = re.compile(r"(?:^|(?<=[\s>(\[]))@(\w[\w.'’-]*(?: \w[\w'’-]*)?)", re.UNICODE)
_FIRST_WORD = re.compile(r"[\w'’.-]+")
# Placeholder names platforms print for unsigned comments: they do not say who is answered.
_NOBODY = frozenset(
    [
        "anonymous",
        "anonyme",
        "anonym",
        "anónimo",
        "anonimo",
        "anônimo",
        "anoniem",
        "unknown",
        "inconnu",
        "unbekannt",
        "guest",
        "invité",
        "gast",
        "ospite",
    ]
)


@dataclass(frozen=True, slots=True)
class ThreadInput:
    author: str
    text: str
    parent: int | None


@dataclass(frozen=True, slots=True)
class ThreadResult:
    parent: int | None
    inferred: bool
    mentions: tuple[str, ...]


class _Authors:
    """The authors seen so far in page order, with the position of each one's latest comment."""

    def __init__(self) -> None:
        self.latest: dict[str, tuple[str, int]] = {}
        self.by_first_word: dict[str, str] = {}

    def add(self, name: str, position: int) -> None:
        folded = name.casefold()
        if not folded:
            return
        self.latest[folded] = (name, position)
        self.by_first_word[folded.split()[0]] = name

    def match(self, text: str) -> str | None:
        """The longest known name the text starts with, else the one whose first word it starts with."""
        folded = text[:80].casefold()
        best: str | None = None
        for key, (name, _) in self.latest.items():
            if folded.startswith(key) and (best is None or len(key) > len(best)):
                after = folded[len(key) : len(key) + 1]
                if not after or not after.isalnum():
                    best = name
        if best is not None:
            return best
        first = _first_word(text).casefold()
        return self.by_first_word.get(first) if first else None

    def position_of(self, name: str) -> int | None:
        found = self.latest.get(name.casefold())
        return found[1] if found else None


def thread_text(body: HtmlElement | None) -> str:
    """The words of a comment as inference reads them; empty when they can neither mention nor
    answer anyone (no "@", no reply lead at the start), which spares spelling most comments out."""
    if body is None:
        return ""
    scripted = next(body.iter("script", "style"), None) is not None
    markup = etree.tostring(body, encoding="unicode", method="html", with_tail=False)
    return thread_text_of(body, markup, scripted=scripted)


def thread_text_of(body: HtmlElement, markup: str, *, scripted: bool) -> str:
    """`thread_text` from what a walk of the body already has: its serialised HTML (or any text
    holding every character of its words) and whether it holds a ``<script>`` or ``<style>``."""
    # The HTML never escapes "@": without one there, the words have none either. With one (maybe
    # in a mailto: link only) the words are read, which can only cost time: inference finds
    # nobody in words that neither hold "@" nor open with a lead.
    if scripted or "@" in markup or _may_open_with_lead(_opening_words(body)):
        return element_text(body)
    return ""


def _opening_words(body: HtmlElement) -> str:
    """The first words of the body's string content (XPath ``string()``: every text node, script
    and style text too, without the spaces that block and line-break tags add, never inside a
    word); libxml2 gives it by the same call as ``string()``, without an XPath evaluation."""
    content = xpath.element_text(body)
    return " ".join(content.split(None, _LEAD_WITHIN_WORDS)[:_LEAD_WITHIN_WORDS])


def _may_open_with_lead(head: str) -> bool:
    if head.isascii():
        lowered = head.lower()
        for word in _ASCII_LEAD_WORDS:  # a loop: half the cost of any() over a generator
            if word in lowered:
                break
        else:
            return False
        return True
    return _LEAD_WORDS.search(head) is not None


_UNTHREADED = ThreadResult(None, False, ())


def infer_threads(comments: Sequence[ThreadInput], *, infer: bool = True) -> list[ThreadResult]:
    results: list[ThreadResult] = []
    authors = _Authors()
    for position, comment in enumerate(comments):
        text = comment.text
        parent = comment.parent
        if not text:  # most comments (see thread_text): neither a mention nor a reply lead
            results.append(_UNTHREADED if parent is None else ThreadResult(parent, False, ()))
            authors.add(comment.author, position)
            continue
        mentions = _mentions(text, authors)
        inferred = False
        if parent is None and infer:
            named = _addressee(text, authors)
            if (
                named is not None
                and named.casefold() != comment.author.casefold()
                and named.casefold() not in _NOBODY
            ):
                parent = authors.position_of(named)
                inferred = parent is not None
        results.append(ThreadResult(parent, inferred, mentions))
        authors.add(comment.author, position)
    return results


def _addressee(text: str, authors: _Authors) -> str | None:
    lead = _REPLY_LEADS.match(text)
    if lead is None:
        return None
    return authors.match(text[lead.end() :])


def _mentions(text: str, authors: _Authors) -> tuple[str, ...]:
    if "@" not in text:
        return ()
    found: dict[str, None] = {}
    for match in _MENTION.finditer(text):
        name = authors.match(text[match.start(1) :]) or _first_word(match.group(1))
        if name:
            found.setdefault(name, None)
    return tuple(found)


def _first_word(text: str) -> str:
    match = _FIRST_WORD.match(text)
    return match.group().rstrip(".") if match else ""
