"""Markdown for static site generators: one file (or page bundle) per post, front matter from a real
YAML/TOML serialiser, the body converted by markdownify, and the conversation as data files beside
it, inline at the end, or left out. What differs between generators is a row in ``flavors.FLAVORS``.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

import lxml.html
from markdownify import MarkdownConverter

from ..model import Comment, Post, Site
from ..normalize.dates import iso_format
from ..output import check_output_folder, write_text_atomically
from ..textsafety import safe_text
from .base import ExportOptions
from .flavors import (
    DEFAULT_FLAVOR,
    FLAVORS,
    Flavor,
    FrontMatter,
    date_field,
    flavor_problem,
    with_slug,
)
from .frontmatter import FORMATS, FrontMatterFormat, dump_yaml
from .paths import SlugRegistry, inside, post_segment
from .records import comment_dict

_BRACKETS = re.compile(r"[\[\]]")
_URL_BREAKERS = re.compile(r"[\s()<>\[\]\\\"'`]")
_SPACE_RUN = re.compile(r"[\t ]+")
_LONG_SPACE_RUN = re.compile(r"[\t ]{64}")
"""A run of spaces and tabs long enough to collapse before markdownify reads it (a shorter run
costs it little)."""
MAX_MARKDOWN_DEPTH = 100
"""Deeper elements are unwrapped before conversion (only when markdownify runs out of stack)."""
_DEEP_PARSER = lxml.html.HTMLParser(huge_tree=True)  # the default parser stops at depth 256
_WRAPPERS = frozenset(["div", "span", "section", "article", "font", "center", "main", "aside"])


class SafeMarkdownConverter(MarkdownConverter):
    """markdownify, with text that looked like markup kept as text: ``&lt;script&gt;`` stays text,
    ``[x](javascript:…)`` in text stays text, and a URL cannot end its Markdown link early."""

    def escape(self, text: str, parent_tags: Any) -> str:
        text = html.escape(text, quote=False)
        text = _BRACKETS.sub(r"\\\g<0>", text)
        escaped: str = MarkdownConverter.escape(self, text, parent_tags)  # type: ignore[attr-defined]
        return escaped

    def process_text(self, el: Any, parent_tags: Any = None) -> str:
        """markdownify's, with a long run of spaces and tabs collapsed first where markdownify
        collapses it (outside ``<pre>``): its pattern for white space holding a line break is tried
        from every position of such a run, a time in the square of its length (32 000 spaces:
        5 s). It turns each run holding a line break into one, then each run of spaces and tabs
        into one space; collapsing the spaces and tabs first gives the same text."""
        if not (parent_tags and "pre" in parent_tags) and _LONG_SPACE_RUN.search(el):
            stand_in = type(el)(_SPACE_RUN.sub(" ", el))
            stand_in.parent, stand_in.previous_sibling, stand_in.next_sibling = (
                el.parent,
                el.previous_sibling,
                el.next_sibling,
            )
            el = stand_in
        text: str = super().process_text(el, parent_tags)  # type: ignore[misc]
        return text

    def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
        if el.get("href"):
            el["href"] = markdown_url(el["href"])
        if el.get("title"):
            el["title"] = markdown_title(el["title"])
        converted: str = super().convert_a(el, text, parent_tags)  # type: ignore[misc]
        return converted

    def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
        if el.get("src"):
            el["src"] = markdown_url(el["src"])
        if el.get("alt"):
            el["alt"] = _BRACKETS.sub(r"\\\g<0>", el["alt"])
        if el.get("title"):
            el["title"] = markdown_title(el["title"])
        converted: str = super().convert_img(el, text, parent_tags)  # type: ignore[misc]
        return converted


def markdown_title(title: str) -> str:
    """A link title that cannot close its quotes early (renderers differ on ``\\"``)."""
    return title.replace('"', "&quot;")


def markdown_url(url: str) -> str:
    """A URL that ends where its Markdown link ends: spaces, brackets and quotes percent-encoded."""
    return _URL_BREAKERS.sub(lambda match: f"%{ord(match.group()):02X}", url)


def html_to_markdown(fragment: str) -> str:
    converter = SafeMarkdownConverter(heading_style="ATX", bullets="-", escape_misc=False)
    try:
        markdown: str = converter.convert(safe_text(fragment))
    except RecursionError:  # markdownify recurses per element: hundreds of nested divs break it
        try:
            markdown = converter.convert(flatten_deep_nesting(safe_text(fragment), _WRAPPERS))
        except RecursionError:
            markdown = converter.convert(flatten_deep_nesting(safe_text(fragment)))
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def flatten_deep_nesting(
    fragment: str, only: frozenset[str] | None = None, limit: int = MAX_MARKDOWN_DEPTH
) -> str:
    """``fragment`` with the elements (of the tags ``only``, or all) nested deeper than ``limit``
    unwrapped, text and children kept in place; walked iteratively, never recursively."""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=_DEEP_PARSER)
    too_deep: list[lxml.html.HtmlElement] = []
    pending = [(root, 0)]
    while pending:
        element, depth = pending.pop()
        if depth > limit and (only is None or element.tag in only):
            too_deep.append(element)
        pending.extend((child, depth + 1) for child in element if isinstance(child.tag, str))
    for element in too_deep:
        element.drop_tag()
    return (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )


def _plain_dates(data: Any) -> Any:
    """ISO strings for formats without a date type, so a YAML reader gets back exactly this text."""
    if isinstance(data, dict):
        return {key: _plain_dates(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain_dates(value) for value in data]
    if isinstance(data, datetime | date):
        return iso_format(data)
    return data


def render_front_matter(data: dict[str, Any], style: FrontMatterFormat) -> str:
    return style.render(data if style.native_dates else _plain_dates(data))


def inline_comments(post: Post) -> str:
    """The conversation as Markdown after the post: one heading per comment, replies say to whom."""
    names = {comment.id: comment.author.name for comment in post.comments}
    parts = ["\n## Comments\n"]
    for comment in post.comments:
        when = iso_format(comment.published) or comment.date_text or ""
        heading = safe_text(" ".join(comment.author.name.split())) + (f" — {when}" if when else "")
        parts.append(f"\n### {html_to_markdown_text(heading)}\n")
        if comment.parent_id and comment.parent_id in names:
            parts.append(f"\n*In reply to {html_to_markdown_text(names[comment.parent_id])}*\n")
        parts.append("\n" + html_to_markdown(comment.content_html))
    return "".join(parts)


def html_to_markdown_text(text: str) -> str:
    """Plain text placed in Markdown: escaped like text from HTML, on one line."""
    return html_to_markdown(html.escape(text, quote=False)).strip()


def staticman_entry(comment: Comment) -> dict[str, Any]:
    """One comment the way Staticman commits it to ``_data/comments/<slug>/``, parent kept."""
    return {
        "_id": comment.id,
        "_parent": comment.parent_id or "",
        "name": safe_text(comment.author.name),
        "url": comment.author.url or "",
        "avatar": comment.author.avatar or "",
        "date": iso_format(comment.published) or "",
        "date_text": safe_text(comment.date_text or ""),
        "type": comment.type.value,
        "by_post_author": comment.by_post_author,
        "message": safe_text(comment.content_html),
    }


def comment_files(post: Post, flavor: Flavor) -> tuple[tuple[str, str], ...]:
    """(name, text) of every comment data file for one post: the name inside the post's comments
    location (`Flavor.comments_path`), or "" for a location that is the file itself."""
    if flavor.comment_style == "staticman":
        return tuple(
            (f"comment-{position:04d}.yml", dump_yaml(staticman_entry(comment)))
            for position, comment in enumerate(post.comments, start=1)
        )
    # An object, not a bare list: Astro data collections and Eleventy data files both take it.
    data = {"comments": [comment_dict(comment, raw_html=False) for comment in post.comments]}
    if flavor.comment_format == "json":
        return (("", json.dumps(data, ensure_ascii=False, indent=2) + "\n"),)
    return (("", dump_yaml(data)),)


@dataclass(frozen=True, slots=True)
class MarkdownPost:
    """A post's files, rendered in any process (`MarkdownRenderer`) but not yet named: the run
    makes each post's name unique, in output order (`MarkdownExporter.write_rendered`)."""

    slug: str
    """The name the post's page would have alone (`paths.post_segment`)."""
    path: str
    """Where the page goes: the flavour's ``post_path`` or ``page_path``, ``{slug}`` still open."""
    front_matter: FrontMatter
    """With `flavors.SlugText` values where it names the page."""
    front_matter_text: str
    """The front matter rendered for ``slug``."""
    body: str
    comments: tuple[tuple[str, str], ...] = ()
    """The comment data files (`comment_files`); none unless written as data."""


@dataclass(frozen=True, slots=True)
class MarkdownRenderer:
    """Renders a post for a Markdown export (what takes time: markdownify, YAML), in any process."""

    flavor: str
    front_matter: str
    comments: str

    @classmethod
    def of(cls, options: ExportOptions) -> MarkdownRenderer:
        problem = flavor_problem(options.flavor, options.front_matter, options.comments)
        if problem:
            raise ValueError(problem)
        flavor = FLAVORS[options.flavor or DEFAULT_FLAVOR]
        return cls(
            flavor.name, options.front_matter or flavor.front_matter_formats[0], options.comments
        )

    def __call__(self, post: Post) -> MarkdownPost:
        flavor, slug = FLAVORS[self.flavor], post_segment(post)
        template = flavor.page_path if post.kind == "page" else flavor.post_path
        body = html_to_markdown(post.content_html)
        if self.comments == "inline" and post.comments:
            body += inline_comments(post)
        matter = flavor.front_matter_template(post)
        return MarkdownPost(
            slug=slug,
            path=template.replace("{date}", date_field(post)),
            front_matter=matter,
            front_matter_text=render_front_matter(
                with_slug(matter, slug), FORMATS[self.front_matter]
            ),
            body=flavor.escape(body),
            comments=comment_files(post, flavor)
            if self.comments == "data" and post.comments
            else (),
        )


class MarkdownExporter:
    name: ClassVar[str] = "markdown"
    single_document: ClassVar[bool] = False
    description: ClassVar[str] = (
        "Markdown for a static site generator (--flavor hugo, jekyll, zola, eleventy, astro, pelican)"
    )
    rendered_records: ClassVar[tuple[type, ...]] = (MarkdownPost,)

    def __init__(self, options: ExportOptions) -> None:
        self.render = self.renderer(options)
        self.options = options
        self.folder = Path(options.target)
        self.flavor = FLAVORS[self.render.flavor]
        self.style = FORMATS[self.render.front_matter]
        self.slugs = SlugRegistry()

    @classmethod
    def renderer(cls, options: ExportOptions) -> MarkdownRenderer:
        """What renders each post for an export with ``options`` (it may go to other processes)."""
        return MarkdownRenderer.of(options)

    def open(self, site: Site) -> None:
        check_output_folder(self.folder, force=self.options.force)
        for relative, text in self.flavor.extra_files:
            self._write(relative, text)

    def write(self, post: Post) -> None:
        self.write_rendered(self.render(post))

    def write_rendered(self, rendered: MarkdownPost) -> None:
        """Write a rendered post's files under the next unique name for it."""
        slug = self.slugs.claim_segment(rendered.slug)
        matter = rendered.front_matter_text
        if slug != rendered.slug:  # another post has the name: this one is "<slug>-2"
            matter = render_front_matter(with_slug(rendered.front_matter, slug), self.style)
        markdown_path = rendered.path.replace("{slug}", slug)
        self._write(markdown_path, matter + rendered.body)
        if rendered.comments:
            folder = markdown_path.rpartition("/")[0]
            location = self.flavor.comments_path.format(slug=slug, dir=folder)
            for name, text in rendered.comments:
                self._write(f"{location}/{name}" if name else location, text)

    def _write(self, relative: str, text: str) -> None:
        write_text_atomically(inside(self.folder, relative), text, force=self.options.force)

    def close(self) -> None:
        return None

    def abort(self) -> None:
        return None


__all__ = [
    "MarkdownExporter",
    "MarkdownPost",
    "MarkdownRenderer",
    "SafeMarkdownConverter",
    "SlugRegistry",
    "html_to_markdown",
]
