"""Reply threads in flat comment lists, inferred from "@Name", "Réponse à Name", "In reply to Name".

Markup nesting always wins; inference only fills parents the markup left empty, picks the latest
earlier comment by the named person, and marks the comment ``parent_inferred``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_REPLY_LEADS = re.compile(
    r"^\s*(?:@|(?:réponse à|reponse a|en réponse à|in reply to|reply to|replying to|antwort an|"
    r"respuesta a|risposta a|resposta a|antwoord aan)\s+@?)",
    re.IGNORECASE,
)
_MENTION = re.compile(r"(?:^|(?<=[\s>(\[]))@(\w[\w.'’-]*(?: \w[\w'’-]*)?)", re.UNICODE)


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


def infer_threads(comments: Sequence[ThreadInput], *, infer: bool = True) -> list[ThreadResult]:
    results: list[ThreadResult] = []
    for position, comment in enumerate(comments):
        earlier = [item.author for item in comments[:position]]
        mentions = _mentions(comment.text, earlier)
        parent, inferred = comment.parent, False
        if parent is None and infer:
            named = _addressee(comment.text, earlier)
            if named is not None:
                parent = _latest_by(named, comments[:position], exclude=comment.author)
                inferred = parent is not None
        results.append(ThreadResult(parent, inferred, mentions))
    return results


def _addressee(text: str, earlier_authors: Sequence[str]) -> str | None:
    lead = _REPLY_LEADS.match(text)
    if lead is None:
        return None
    return _match_name(text[lead.end() :], earlier_authors)


def _mentions(text: str, earlier_authors: Sequence[str]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for match in _MENTION.finditer(text):
        name = _match_name(text[match.start(1) :], earlier_authors) or _first_word(match.group(1))
        found.setdefault(name, None)
    return tuple(found)


def _match_name(text: str, authors: Sequence[str]) -> str | None:
    """The longest earlier author name that the text starts with (case-insensitive)."""
    folded = text.casefold()
    best = None
    for author in set(authors):
        name = author.casefold()
        if name and folded.startswith(name):
            rest = folded[len(name) : len(name) + 1]
            if (not rest or not rest.isalnum()) and (best is None or len(author) > len(best)):
                best = author
    if best is None:
        first = _first_word(text)
        for author in set(authors):
            if first and author.casefold().split()[:1] == [first.casefold()]:
                return author
    return best


def _first_word(text: str) -> str:
    match = re.match(r"[\w'’.-]+", text)
    return match.group().rstrip(".") if match else ""


def _latest_by(name: str, earlier: Sequence[ThreadInput], *, exclude: str) -> int | None:
    for position in range(len(earlier) - 1, -1, -1):
        author = earlier[position].author
        if author.casefold() == name.casefold() and author != exclude:
            return position
    return None
