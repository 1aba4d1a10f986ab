"""Records as plain data (the JSON contract), shared by the JSON and Markdown exporters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import GENERATOR, SCHEMA_VERSION
from ..model import Comment, Person, Post, Site
from ..normalize.dates import iso_format
from ..textsafety import safe_text


def _as_is(text: str) -> str:
    return text


def _text_filter(checked: bool) -> Callable[[str], str]:
    """``safe_text``; or nothing, for a writer that checks its finished text itself (the JSON one)."""
    return safe_text if checked else _as_is


def person_dict(
    person: Person | None, *, avatar: bool, checked: bool = True
) -> dict[str, Any] | None:
    if person is None:
        return None
    text = _text_filter(checked)
    data: dict[str, Any] = {"name": text(person.name), "url": person.url}
    if avatar:
        data["avatar"] = person.avatar
    return data


def comment_dict(
    comment: Comment, *, raw_html: bool = True, checked: bool = True
) -> dict[str, Any]:
    text = _text_filter(checked)
    data: dict[str, Any] = {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "type": comment.type.value,
        "author": person_dict(comment.author, avatar=True, checked=checked),
        "published": iso_format(comment.published),
        "content_html": text(comment.content_html),
        "by_post_author": comment.by_post_author,
        "parent_inferred": comment.parent_inferred,
        "date_approximate": comment.date_approximate,
        "date_text": text(comment.date_text) if comment.date_text else None,
        "mentions": [text(name) for name in comment.mentions],
    }
    if raw_html:
        data["content_html_raw"] = text(comment.content_html_raw)
    return data


def post_dict(post: Post, *, raw_html: bool = True, checked: bool = True) -> dict[str, Any]:
    """The post's record; ``checked=False`` leaves its texts as they are, for a writer that finds
    any character ``safe_text`` would replace in its own output (and then asks again, checked)."""
    text = _text_filter(checked)
    return {
        "id": post.id,
        "platform": post.platform,
        "source": text(post.source),
        "url": post.url,
        "slug": post.slug,
        "title": text(post.title),
        "author": person_dict(post.author, avatar=False, checked=checked),
        "published": iso_format(post.published),
        "updated": iso_format(post.updated),
        "language": post.language,
        "categories": [text(name) for name in post.categories],
        "tags": [text(name) for name in post.tags],
        "content_html": text(post.content_html),
        "excerpt": text(post.excerpt),
        "image": None
        if post.image is None
        else {"url": post.image.url, "alt": post.image.alt, "caption": post.image.caption},
        "comment_status": post.comment_status.value if post.comment_status else None,
        "comment_count_declared": post.comment_count_declared,
        "kind": post.kind,
        "comments": [
            comment_dict(comment, raw_html=raw_html, checked=checked) for comment in post.comments
        ],
    }


def site_dict(site: Site) -> dict[str, Any]:
    return {"title": safe_text(site.title), "url": site.url, "language": site.language}


def document_header(site: Site) -> dict[str, Any]:
    return {"generator": GENERATOR, "version": SCHEMA_VERSION, "site": site_dict(site)}
