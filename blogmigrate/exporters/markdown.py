"""Markdown: one page bundle per post (``posts/<slug>/index.md``) with YAML front matter, the body
converted by markdownify, and the conversation in ``comments.yaml`` beside it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import yaml
from markdownify import MarkdownConverter

from ..model import Post, Site
from ..normalize.dates import iso_format
from ..output import check_output_folder, write_text_atomically
from ..textsafety import safe_text
from .base import ExportOptions
from .records import comment_dict

_HTML_SPECIALS = re.compile(r"[&<>]")
_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


class SafeMarkdownConverter(MarkdownConverter):
    """markdownify, with text that looked like markup kept as text: ``&lt;script&gt;`` stays text."""

    def escape(self, text: str, parent_tags: Any) -> str:
        text = _HTML_SPECIALS.sub(lambda match: _HTML_ESCAPES[match.group()], text)
        escaped: str = MarkdownConverter.escape(self, text, parent_tags)  # type: ignore[attr-defined]
        return escaped


def html_to_markdown(fragment: str) -> str:
    converter = SafeMarkdownConverter(heading_style="ATX", bullets="-", escape_misc=False)
    markdown: str = converter.convert(fragment)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def front_matter(post: Post) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": safe_text(post.title),
        "date": iso_format(post.published),
        "slug": post.slug,
    }
    if post.updated:
        data["lastmod"] = iso_format(post.updated)
    if post.author:
        data["author"] = safe_text(post.author.name)
    if post.categories:
        data["categories"] = [safe_text(name) for name in post.categories]
    if post.tags:
        data["tags"] = [safe_text(name) for name in post.tags]
    if post.url:
        path = urlsplit(post.url).path
        if path and path != "/":
            data["aliases"] = [path]
        data["original_url"] = post.url
    if post.language:
        data["language"] = post.language
    if post.image:
        data["image"] = post.image.url
    if post.excerpt:
        data["summary"] = safe_text(post.excerpt)
    data["comments"] = len(post.comments)
    if post.comment_status:
        data["comment_status"] = post.comment_status.value
    return data


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


class SlugRegistry:
    """Unique slugs per run: "Hello World" and "hello world!" become ``hello-world``, ``hello-world-2``."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, slug: str) -> str:
        key = unicodedata.normalize("NFC", slug).casefold()
        candidate, number = key, 1
        while candidate in self._used:
            number += 1
            candidate = f"{key}-{number}"
        self._used.add(candidate)
        return slug if number == 1 else f"{slug}-{number}"


class MarkdownExporter:
    name: ClassVar[str] = "markdown"
    single_document: ClassVar[bool] = False
    description: ClassVar[str] = "a Hugo-style page bundle per post: index.md + comments.yaml"

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self.folder = Path(options.target)
        self.slugs = SlugRegistry()

    def open(self, site: Site) -> None:
        check_output_folder(self.folder, force=self.options.force)

    def write(self, post: Post) -> None:
        slug = self.slugs.claim(post.slug)
        bundle = self.folder / "posts" / slug
        matter = front_matter(post)
        matter["slug"] = slug
        text = "---\n" + dump_yaml(matter) + "---\n\n" + html_to_markdown(post.content_html)
        write_text_atomically(bundle / "index.md", text, force=self.options.force)
        if post.comments:
            comments = [comment_dict(comment, raw_html=False) for comment in post.comments]
            write_text_atomically(
                bundle / "comments.yaml",
                dump_yaml({"comments": comments}),
                force=self.options.force,
            )

    def close(self) -> None:
        return None

    def abort(self) -> None:
        return None
