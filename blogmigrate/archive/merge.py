"""The same post saved several times becomes one post.

Copies are grouped by `urlkeys.url_key` (``?replytocom=``, ``/comment-page-2/``, ``/amp/``, ``?print``,
http/https, www, trailing slash, Wayback captures). In a group, the best copy gives the fields: the
permalink's own page before comment pages before AMP and print copies, then the most recent capture,
then the first input; fields it lacks are filled from the others. Comments are the union of every
copy's, de-duplicated by comment id (else author + date + text), in thread order.

`merge_captures` is a pure function of one group: the local runner and the Dask runner both call it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ..model import Comment, Post
from ..normalize.dates import iso_format
from ..normalize.text import html_to_text
from .urlkeys import PLAIN, url_key

_SYNTHETIC_ID = re.compile(r"^c\d+(?:-\d+)*$")
"""Ids the normalizer makes from a comment's position: meaningless across copies."""
_OLDEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """One copy of a post, as one page gave it."""

    key: str
    sequence: int
    """The page's position among the inputs: ties are broken and output is ordered by it."""
    post: Post
    captured: datetime | None = None
    variant: str = PLAIN
    rank: int = 3
    comment_page: int | None = None
    address: str | None = None
    """The address this copy was saved from, when it differs from the post's URL."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MergedPost:
    key: str
    post: Post
    sequence: int
    """The first input position of the group: the output order."""
    aliases: tuple[str, ...] = ()
    """Every other address the post was reached by (for redirects)."""
    sources: tuple[str, ...] = ()
    """Every page that gave a copy."""


def capture_of(
    post: Post, sequence: int, captured: datetime | None, address: str | None
) -> Capture:
    """A post as one copy of its group; the key comes from its URL, else the page's address."""
    where = post.url or address
    if where is None:
        return Capture(key=f"source:{post.source}#{post.id}", sequence=sequence, post=post)
    key = url_key(where)
    return Capture(
        key=key.key,
        sequence=sequence,
        post=post,
        captured=captured,
        variant=key.variant,
        rank=key.rank,
        comment_page=key.comment_page,
        address=address,
    )


def merge_captures(captures: Sequence[Capture]) -> MergedPost:
    """One post from every copy of it (see the module docstring for which copy wins what)."""
    ordered = sorted(captures, key=lambda capture: capture.sequence)
    first = ordered[0]
    aliases = _aliases(ordered)
    sources = tuple(dict.fromkeys(capture.post.source for capture in ordered))
    if len(ordered) == 1:
        return MergedPost(
            key=first.key,
            post=first.post,
            sequence=first.sequence,
            aliases=aliases,
            sources=sources,
        )
    best = max(ordered, key=_preference)
    post = _fill_gaps(best.post, [c.post for c in sorted(ordered, key=_preference, reverse=True)])
    if best.variant != PLAIN and post.url:
        post = dataclasses.replace(post, url=url_key(post.url).clean_url)
    declared = [c.post.comment_count_declared for c in ordered if c.post.comment_count_declared]
    post = dataclasses.replace(
        post,
        comments=merge_comments(ordered),
        comment_count_declared=max(declared) if declared else post.comment_count_declared,
    )
    aliases = tuple(alias for alias in aliases if alias != post.url)
    return MergedPost(
        key=first.key, post=post, sequence=first.sequence, aliases=aliases, sources=sources
    )


def _preference(capture: Capture) -> tuple[int, datetime, int]:
    return (capture.rank, capture.captured or _OLDEST, -capture.sequence)


def _aliases(captures: Iterable[Capture]) -> tuple[str, ...]:
    # Copies mostly give the same addresses: each is made a key once.
    addresses = dict.fromkeys(
        address
        for capture in captures
        for address in (capture.post.url, capture.address)
        if address and address.startswith(("http://", "https://"))
    )
    return tuple(dict.fromkeys(url_key(address).clean_url for address in addresses))


_FILLED_FIELDS = ("author", "published", "updated", "language", "image", "comment_status")


def _fill_gaps(best: Post, others: Sequence[Post]) -> Post:
    changes: dict[str, object] = {}
    for name in _FILLED_FIELDS:
        if getattr(best, name) is None:
            for other in others:
                if getattr(other, name) is not None:
                    changes[name] = getattr(other, name)
                    break
    for name in ("categories", "tags"):
        if not getattr(best, name):
            for other in others:
                if getattr(other, name):
                    changes[name] = getattr(other, name)
                    break
    if not best.content_html.strip():
        for other in others:
            if other.content_html.strip():
                changes["content_html"], changes["excerpt"] = other.content_html, other.excerpt
                break
    return dataclasses.replace(best, **changes) if changes else best  # type: ignore[arg-type]


# -- comments -------------------------------------------------------------------------------------

CommentKey = tuple[str, ...]


def comment_key(comment: Comment) -> CommentKey:
    """The identity of a comment across copies: its id, else author + date + text."""
    if not _SYNTHETIC_ID.match(comment.id):
        return ("id", comment.id)
    when = iso_format(comment.published) or comment.date_text or ""
    # html_to_text gives the words already squashed (single spaces, trimmed).
    return ("content", comment.author.name.casefold(), when, html_to_text(comment.content_html_raw))


def merge_comments(captures: Sequence[Capture]) -> tuple[Comment, ...]:
    """The union of every copy's comments, each once, parents before replies, threads intact."""
    if all(capture.post.comments is captures[0].post.comments for capture in captures[1:]):
        # Copies holding the very same comments (the group store gives copies whose comments were
        # stored as the same bytes one tuple) merge into what one of them gives: every copy would
        # pick the same comments, seen first in the same order, with the same parents.
        captures = captures[:1]
    by_key: dict[CommentKey, Comment] = {}
    chosen_from: dict[CommentKey, tuple[int, datetime, int]] = {}
    parent_of: dict[CommentKey, CommentKey | None] = {}
    first_seen: dict[CommentKey, int] = {}
    for capture in sorted(captures, key=lambda c: (c.comment_page or 0, c.sequence)):
        keys = {comment.id: comment_key(comment) for comment in capture.post.comments}
        preference = _preference(capture)
        for comment in capture.post.comments:
            key = keys[comment.id]
            first_seen.setdefault(key, len(first_seen))
            parent = _parent_key(comment.parent_id, keys)
            if key not in by_key or preference > chosen_from[key]:
                by_key[key] = comment
                chosen_from[key] = preference
            if parent is not None or key not in parent_of:  # a copy without the parent keeps it
                parent_of[key] = parent
    order = _thread_order(list(first_seen), parent_of, by_key)
    return _with_final_ids(order, parent_of, by_key)


def _parent_key(parent_id: str | None, keys: dict[str, CommentKey]) -> CommentKey | None:
    """The parent's key; a real id may name a comment saved on another comment page."""
    if not parent_id:
        return None
    if parent_id in keys:
        return keys[parent_id]
    return None if _SYNTHETIC_ID.match(parent_id) else ("id", parent_id)


def _thread_order(
    keys: list[CommentKey],
    parent_of: dict[CommentKey, CommentKey | None],
    by_key: dict[CommentKey, Comment],
) -> list[CommentKey]:
    """Depth first: each thread after the previous one, replies under their parent, oldest first."""
    position = {key: index for index, key in enumerate(keys)}
    numeric = all(key[0] == "id" and key[1].isdigit() for key in keys)

    def sort_key(key: CommentKey) -> int:
        # WordPress comment ids grow with time: they order comments saved on different pages.
        return int(key[1]) if numeric else position[key]

    children: dict[CommentKey | None, list[CommentKey]] = {}
    for key in keys:
        parent = parent_of.get(key)
        if parent not in by_key:
            parent = None  # the parent was never saved: the reply becomes a thread of its own
        children.setdefault(parent, []).append(key)
    ordered: list[CommentKey] = []
    visited: set[CommentKey] = set()
    stack = sorted(children.get(None, []), key=sort_key, reverse=True)
    while stack:
        key = stack.pop()
        if key in visited:
            continue
        visited.add(key)
        ordered.append(key)
        stack.extend(sorted(children.get(key, []), key=sort_key, reverse=True))
    ordered.extend(key for key in keys if key not in visited)  # a parent cycle: keep them all
    return ordered


def _with_final_ids(
    order: list[CommentKey],
    parent_of: dict[CommentKey, CommentKey | None],
    by_key: dict[CommentKey, Comment],
) -> tuple[Comment, ...]:
    used = {key[1] for key in order if key[0] == "id"}
    final_id: dict[CommentKey, str] = {}
    number = 0
    for key in order:
        if key[0] == "id":
            final_id[key] = key[1]
            continue
        number += 1
        while f"c{number}" in used:
            number += 1
        final_id[key] = f"c{number}"
    comments = []
    for key in order:
        parent = parent_of.get(key)
        parent_id = final_id.get(parent) if parent is not None and parent in final_id else None
        comment = by_key[key]
        if comment.id != final_id[key] or comment.parent_id != parent_id:
            comment = dataclasses.replace(comment, id=final_id[key], parent_id=parent_id)
        comments.append(comment)
    return tuple(comments)
