"""Records as plain data (the JSON contract), shared by the JSON and Markdown exporters."""

from __future__ import annotations

from typing import Any

from .. import GENERATOR, SCHEMA_VERSION
from ..model import Comment, CommentType, Person, Post, Site
from ..normalize.dates import iso_format
from ..textsafety import safe_text


def person_dict(
    person: Person | None, *, avatar: bool, checked: bool = True
) -> dict[str, Any] | None:
    if person is None:
        return None
    data: dict[str, Any] = {"name": person.name, "url": person.url}
    if avatar:
        data["avatar"] = person.avatar
    if checked:
        _make_safe(data, _PERSON_TEXTS)
    return data


def comment_dict(
    comment: Comment, *, raw_html: bool = True, checked: bool = True
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "type": _TYPE_TEXT[comment.type],
        "author": person_dict(comment.author, avatar=True, checked=checked),
        "published": iso_format(comment.published),
        "content_html": comment.content_html,
        "by_post_author": comment.by_post_author,
        "parent_inferred": comment.parent_inferred,
        "date_approximate": comment.date_approximate,
        "date_text": comment.date_text or None,
        "mentions": list(comment.mentions),
    }
    if raw_html:
        data["content_html_raw"] = comment.content_html_raw
    if checked:
        _make_safe(data, _COMMENT_TEXTS)
    return data


def post_dict(post: Post, *, raw_html: bool = True, checked: bool = True) -> dict[str, Any]:
    """The post's record; ``checked=False`` leaves its texts as they are, for a writer that finds
    any character ``safe_text`` would replace in its own output (and then asks again, checked)."""
    data = {
        "id": post.id,
        "platform": post.platform,
        "source": post.source,
        "url": post.url,
        "slug": post.slug,
        "title": post.title,
        "author": person_dict(post.author, avatar=False, checked=checked),
        "published": iso_format(post.published),
        "updated": iso_format(post.updated),
        "language": post.language,
        "categories": list(post.categories),
        "tags": list(post.tags),
        "content_html": post.content_html,
        "excerpt": post.excerpt,
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
    if checked:
        _make_safe(data, _POST_TEXTS)
    return data


# The values ``safe_text`` passes over in a checked record (texts from the page; identifiers, URLs
# and dates are left as they are): written plain first, then replaced where checked, so the
# unchecked record (the JSON writer's) costs no call per text.
_PERSON_TEXTS = ("name",)
_COMMENT_TEXTS = ("content_html", "date_text", "mentions", "content_html_raw")
_POST_TEXTS = ("source", "title", "categories", "tags", "content_html", "excerpt")
_TYPE_TEXT = {member: member.value for member in CommentType}  # without the enum's property


def _make_safe(data: dict[str, Any], keys: tuple[str, ...]) -> None:
    """The texts at ``keys`` (a string or a list of strings; absent or None: left) made safe."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str):
            data[key] = safe_text(value)
        elif value is not None:
            data[key] = [safe_text(item) for item in value]


def site_dict(site: Site) -> dict[str, Any]:
    return {"title": safe_text(site.title), "url": site.url, "language": site.language}


def document_header(site: Site) -> dict[str, Any]:
    return {"generator": GENERATOR, "version": SCHEMA_VERSION, "site": site_dict(site)}
