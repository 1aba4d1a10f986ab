"""What a list of selectors needs of a page, asked of the page index for all of them at once.

`Selector.possible` asks the index about one selector: a Python call per selector, each testing its
class names, whole values, texts and source texts against the page's sets. Detection asks about
every branch of every fingerprint of every platform it tries (~110 a page), and most cannot match.
A `NeedsTable` inverts the static needs of a list of selectors once, at import: each class name,
whole attribute value, attribute text and source text with the selectors that need it, as the bits
of an int (bit i: the i-th selector). One set difference per kind of key with the page's sets gives
the keys the page lacks, whose bits rule out every selector that needs one of them, without a call
per selector; the texts are searched only while a selector that needs them is left, a text before
those that contain it. Over the 136 bench pages, detection's ~110 calls a page became none, and
its attribute-text searches went from 46.2 to 30.7 a page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TypeVar

from .selectors import PageIndex, Selector

_Key = TypeVar("_Key", str, bytes)
_WORD = re.compile(r"[A-Za-z0-9]{5,}")


@dataclass(frozen=True, slots=True, eq=False)
class NeedsTable:
    """The static needs (`Selector.needs`) of a list of selectors, inverted."""

    selectors: tuple[Selector, ...]
    every: int
    """All the selectors' bits."""
    by_class: dict[str, int]
    """Each class name some selector needs, with the bits of the selectors that need it."""
    classes: frozenset[str]
    by_value: dict[str, int]
    """Each whole attribute value (an id, ``[rel=next]``'s value), likewise."""
    values: frozenset[str]
    with_values: int
    """The bits of the selectors that need a whole value: the page's values are made only for
    them (not on a page where the class names have ruled them all out)."""
    by_text: tuple[tuple[str, int], ...]
    """Texts some attribute value must contain, shortest first, each with the bits of the
    selectors that need it or a text containing it: a page whose attribute values lack
    ``blogspirit`` lacks ``blogspirit.com`` too (one search instead of two). Words several texts
    share are among them (`_implied`)."""
    words: tuple[str, ...]
    """The words searched first that no selector needs of its own (`_shared_words`)."""
    by_source: tuple[tuple[bytes, int], ...]
    """Lower-case ASCII texts the page's source must contain (attribute names, a script's text),
    each with the bits of those containing it, likewise: ``drupal`` before ``drupal.settings``,
    ``data-drupal-selector``… (a search of the whole lowered source each)."""
    source_words: tuple[bytes, ...]
    """The words searched first in the source that no selector needs of its own."""
    asked: tuple[tuple[int, Selector], ...]
    """Selectors of several CSS branches, whose needs one bit cannot express: asked one by one."""

    def possible(self, index: PageIndex) -> int:
        """The bits of the selectors that may match the page: exactly those for which
        `Selector.possible` is true (a selector without known needs always may)."""
        left = self.every
        missing = self.classes - index.classes
        if missing:
            left &= ~reduce(or_, map(self.by_class.__getitem__, missing))
        if left & self.with_values:
            missing = self.values - index.values
            if missing:
                left &= ~reduce(or_, map(self.by_value.__getitem__, missing))
        for text, bits in self.by_text:
            if left & bits and not index.has_text(text):
                left &= ~bits
        for needle, bits in self.by_source:
            if left & bits and not index.in_source(needle):
                left &= ~bits
        for bit, selector in self.asked:
            if left & bit and not selector.possible(index):
                left &= ~bit
        return left


def needs_table(
    selectors: Sequence[Selector],
    words: Iterable[str] | None = None,
    source_words: Iterable[bytes] | None = None,
) -> NeedsTable:
    """The `NeedsTable` of these selectors (bit i: ``selectors[i]``), with ``words`` to search
    before the texts that hold them and ``source_words`` before the source texts (by default the
    words several of them share)."""
    by_class: dict[str, int] = {}
    by_value: dict[str, int] = {}
    by_text: dict[str, int] = {}
    by_source: dict[bytes, int] = {}
    asked: list[tuple[int, Selector]] = []
    for number, selector in enumerate(selectors):
        bit = 1 << number
        if selector.needs is None:
            continue  # XPath: the index knows nothing of it, it may always match
        if len(selector.needs) != 1:
            asked.append((bit, selector))
            continue
        (needs,) = selector.needs
        _file(by_class, needs.classes, bit)
        _file(by_value, needs.values, bit)
        _file(by_text, needs.texts, bit)
        _file(by_source, needs.source, bit)
    with_values = reduce(or_, by_value.values(), 0)
    shared = _shared_words(by_text) if words is None else [w for w in words if w not in by_text]
    if source_words is None:
        source_words = [word.encode() for word in _shared_words([t.decode() for t in by_source])]
    in_source = [word for word in source_words if word not in by_source]
    return NeedsTable(
        tuple(selectors),
        (1 << len(selectors)) - 1,
        by_class,
        frozenset(by_class),
        by_value,
        frozenset(by_value),
        with_values,
        _implied(by_text, shared),
        tuple(dict.fromkeys(shared)),
        _implied(by_source, in_source),
        tuple(dict.fromkeys(in_source)),
        tuple(asked),
    )


def _file(table: dict[_Key, int], keys: Iterable[_Key], bit: int) -> None:
    for key in keys:
        table[key] = table.get(key, 0) | bit


def _implied(by_text: dict[_Key, int], words: Iterable[_Key]) -> tuple[tuple[_Key, int], ...]:
    """The texts shortest first, each with its bits and those of the texts that contain it; with
    the words several of them share (`_shared_words`) among them, needed by no selector of their
    own: a page whose attribute values lack ``blogger`` lacks ``blogger.com/post-edit.g``,
    ``blogger.com/comment.g``… too (one search instead of five)."""
    texts = by_text | dict.fromkeys(words, 0)
    ordered = sorted(texts, key=len)
    return tuple(
        (text, reduce(or_, (texts[other] for other in ordered if text in other)))
        for text in ordered
    )


def _shared_words(texts: Collection[str]) -> list[str]:
    """Words (five letters or digits or more) that several texts hold, none of which holds
    another text, chosen greedily: the word most of them hold first, the longest on a tie."""
    alone = [text for text in texts if not any(other in text for other in texts if other != text)]
    counts = Counter(word for text in alone for word in set(_WORD.findall(text)))
    chosen: list[str] = []
    for word, _count in sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0])):
        if sum(word in text for text in alone) >= 2:
            chosen.append(word)
            alone = [text for text in alone if word not in text]
    return chosen
