"""Static site generator flavours as data: where each post goes, which front matter keys it uses,
how template delimiters are kept from executing, and where its comments live.

One row per generator in ``FLAVORS``; the Markdown exporter only reads the row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from ..model import Post, PostDate
from ..textsafety import safe_text

FrontMatter = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Flavor:
    name: str
    description: str
    front_matter_formats: tuple[str, ...]
    """Allowed ``--front-matter`` values, the default first."""
    post_path: str
    """Where a post's Markdown goes, relative to the output folder: ``{slug}``, ``{date}`` fields."""
    page_path: str
    """Where a static page's Markdown goes (pages are not dated posts in any generator)."""
    comments_path: str
    """Where the comment data goes (a file, or a folder for one-file-per-comment styles); ``{dir}``
    is the folder of the Markdown file (a page bundle)."""
    comment_style: str
    """``records`` (one file: the JSON contract's comment objects) or ``staticman`` (a folder with one
    YAML file per comment, as Staticman commits them)."""
    comment_format: str
    """``yaml`` or ``json``: what the generator reads as data without a plugin."""
    keys: tuple[tuple[str, str], ...]
    """The front matter, in order: the generator's key and the field of ``FIELDS`` it holds
    (``front_matter_keys``)."""
    escape: Callable[[str], str]
    extra_files: tuple[tuple[str, str], ...] = ()
    """Files the generator needs once per export (relative path, text)."""
    required: frozenset[str] = frozenset(["title"])
    """Keys written even when empty."""

    def front_matter_template(self, post: Post) -> FrontMatter:
        """The post's front matter for this generator, without the keys the page gave no value, and
        with `SlugText` where a value names the post's file: the run makes each name unique, in
        output order (`with_slug`); the rest may be made in any process."""
        data: FrontMatter = {}
        for key, field in self.keys:
            table, _, name = key.rpartition(".")
            (data.setdefault(table, {}) if table else data)[name] = FIELDS[field](post)
        return _drop_empty(data, self.required)  # a SlugText is never empty


@dataclass(frozen=True, slots=True)
class SlugText:
    """A front matter value that names the post's file: ``prefix + slug + suffix``."""

    prefix: str = ""
    suffix: str = ""


def with_slug(template: FrontMatter, slug: str) -> FrontMatter:
    """The front matter of a `Flavor.front_matter_template`, its `SlugText` values naming ``slug``."""
    return {
        key: (
            with_slug(value, slug)
            if isinstance(value, dict)
            else f"{value.prefix}{slug}{value.suffix}"
            if isinstance(value, SlugText)
            else value
        )
        for key, value in template.items()
    }


# -- template delimiters (hazards row 8) -------------------------------------------------------

_LIQUID_DELIMITER = re.compile(r"\{[{%]")
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def escape_liquid(markdown: str) -> str:
    """Wrap text holding ``{{``/``{%`` in ``{% raw %}`` (Liquid, Nunjucks); a literal endraw inside
    closes the block, prints its ``{`` through a variable and reopens, so it shows as text."""
    if not _LIQUID_DELIMITER.search(markdown):
        return markdown
    body = _ENDRAW.sub(lambda m: '{% endraw %}{{ "{" }}' + m.group()[1:] + "{% raw %}", markdown)
    return "{% raw %}\n" + body + "\n{% endraw %}\n"


def escape_hugo_shortcodes(markdown: str) -> str:
    """``{{<`` and ``{{%`` open Hugo shortcodes even in code: break them with an HTML entity, which
    Markdown renders back as the same character."""
    return markdown.replace("{{<", "{{&lt;").replace("{{%", "{{&#37;")


def escape_tera(markdown: str) -> str:
    """Zola runs ``{{ name() }}`` and ``{% name() %}`` shortcodes: break both openers."""
    return markdown.replace("{{", "{&#123;").replace("{%", "{&#37;")


def no_escape(markdown: str) -> str:
    return markdown


# -- front matter per generator ----------------------------------------------------------------


def old_paths(post: Post) -> list[str]:
    """The post's old URL path, so generators can redirect from it (aliases, redirect_from)."""
    if not post.url:
        return []
    path = urlsplit(post.url).path
    return [path] if path and path != "/" else []


def _text(value: str | None) -> str | None:
    return safe_text(value) if value else None


def _html_text(value: str | None) -> str | None:
    """Plain text for a field the generator treats as HTML and themes print unescaped (Jekyll's
    ``excerpt``, Pelican's ``summary``): "<script>" written as text must stay text."""
    return html.escape(safe_text(value), quote=False) if value else None


def _names(values: tuple[str, ...]) -> list[str]:
    return [safe_text(value) for value in values]


def _author(post: Post) -> str | None:
    return _text(post.author.name) if post.author else None


def _image(post: Post) -> str | None:
    return post.image.url if post.image else None


def _listed(value: str | None) -> list[str] | None:
    return [value] if value else None


FIELDS: dict[str, Callable[[Post], Any]] = {
    "title": lambda post: safe_text(post.title),
    # Pelican skips an article without a title.
    "title_or_slug": lambda post: safe_text(post.title) or SlugText(),
    "published": lambda post: post.published,
    "updated": lambda post: post.updated,
    "slug": lambda post: SlugText(),
    "author": lambda post: _author(post),
    "authors": lambda post: _listed(_author(post)),
    "categories": lambda post: _names(post.categories),
    "first_category": lambda post: safe_text(post.categories[0]) if post.categories else None,
    "tags": lambda post: _names(post.tags),
    # Eleventy builds collections from tags: every post also carries the "posts" tag.
    "collection_tags": lambda post: (
        ["posts", *_names(post.tags)] if post.kind == "post" else _names(post.tags)
    ),
    "old_paths": lambda post: old_paths(post),
    "summary": lambda post: _text(post.excerpt),
    "summary_html": lambda post: _html_text(post.excerpt),
    "image": lambda post: _image(post),
    "images": lambda post: _listed(_image(post)),
    "original_url": lambda post: post.url,
    "language": lambda post: post.language,
    # Never under a key "comments": themes read that key as a switch for the comment section.
    "comment_count": lambda post: len(post.comments),
    "comment_status": lambda post: post.comment_status.value if post.comment_status else None,
    "layout": lambda post: "post",
    "page_permalink": lambda post: SlugText("/", "/") if post.kind == "page" else None,
}
"""What a front matter key can hold, by name (the right-hand side of ``key=field`` in a row's keys)."""


def front_matter_keys(spec: str) -> tuple[tuple[str, str], ...]:
    """``"title date=published extra.image"`` → ``(("title", "title"), ("date", "published"),
    ("extra.image", "image"))``: the generator's key, then the field of ``FIELDS`` it holds (the
    key's own last part when no ``=``); ``table.key`` puts the key in that table."""
    keys = []
    for word in spec.split():
        key, _, field = word.partition("=")
        field = field or key.rpartition(".")[2]
        if field not in FIELDS:
            raise ValueError(f"{word}: no front matter field {field!r}")
        keys.append((key, field))
    return tuple(keys)


def _drop_empty(data: FrontMatter, required: frozenset[str]) -> FrontMatter:
    """Leave out what the page did not give, and a table left empty; a ``required`` key stays,
    as ``""`` when empty (the title: untitled entries exist)."""
    kept: FrontMatter = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _drop_empty(value, required) or None
        if key in required:
            kept[key] = "" if value is None else value
        elif value not in (None, [], ""):
            kept[key] = value
    return kept


def date_field(post: Post) -> str:
    """``YYYY-MM-DD`` for file names; 1970-01-01 when the page gave no date (Jekyll needs one)."""
    value: PostDate | None = post.published
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return "1970-01-01"


FLAVORS: dict[str, Flavor] = {
    flavor.name: flavor
    for flavor in (
        Flavor(
            name="hugo",
            description="Hugo page bundles: content/posts/<slug>/index.md + comments.yaml",
            front_matter_formats=("yaml", "toml"),
            post_path="content/posts/{slug}/index.md",
            page_path="content/{slug}/index.md",
            comments_path="{dir}/comments.yaml",
            comment_style="records",
            comment_format="yaml",
            keys=front_matter_keys(
                """title date=published lastmod=updated slug author categories tags
                aliases=old_paths summary images original_url language comment_count
                comment_status"""
            ),
            escape=escape_hugo_shortcodes,
        ),
        Flavor(
            name="jekyll",
            description="Jekyll: _posts/YYYY-MM-DD-<slug>.md + Staticman-style _data/comments/<slug>/",
            front_matter_formats=("yaml",),
            post_path="_posts/{date}-{slug}.md",
            page_path="{slug}.md",
            comments_path="_data/comments/{slug}",
            comment_style="staticman",
            comment_format="yaml",
            keys=front_matter_keys(
                """layout permalink=page_permalink title date=published
                last_modified_at=updated slug author categories tags redirect_from=old_paths
                excerpt=summary_html image original_url lang=language comment_count
                comment_status"""
            ),
            escape=escape_liquid,
        ),
        Flavor(
            name="zola",
            description="Zola: content/posts/<slug>/index.md (TOML) + comments.yaml",
            front_matter_formats=("toml",),
            post_path="content/posts/{slug}/index.md",
            page_path="content/{slug}/index.md",
            comments_path="{dir}/comments.yaml",
            comment_style="records",
            comment_format="yaml",
            # Zola rejects unknown top-level keys: everything of ours goes under extra.
            keys=front_matter_keys(
                """title description=summary date=published updated slug aliases=old_paths
                authors taxonomies.categories taxonomies.tags extra.original_url extra.image
                extra.language extra.comment_count extra.comment_status"""
            ),
            escape=escape_tera,
            extra_files=(("content/posts/_index.md", '+++\ntitle = "Posts"\n+++\n'),),
        ),
        Flavor(
            name="eleventy",
            description="Eleventy: posts/<slug>.md + _data/comments/<slug>.json",
            front_matter_formats=("yaml",),
            post_path="posts/{slug}.md",
            page_path="{slug}.md",
            comments_path="_data/comments/{slug}.json",
            comment_style="records",
            comment_format="json",
            keys=front_matter_keys(
                """title date=published updated slug author tags=collection_tags categories
                aliases=old_paths summary image original_url lang=language comment_count
                comment_status"""
            ),
            escape=escape_liquid,
        ),
        Flavor(
            name="astro",
            description="Astro content collections: src/content/blog/<slug>.md + src/content/comments/",
            front_matter_formats=("yaml",),
            post_path="src/content/blog/{slug}.md",
            page_path="src/content/pages/{slug}.md",
            comments_path="src/content/comments/{slug}.json",
            comment_style="records",
            comment_format="json",
            # The keys of Astro's blog starter collection schema (title, description, pubDate, …).
            keys=front_matter_keys(
                """title pubDate=published updatedDate=updated heroImage=image author tags
                categories aliases=old_paths originalUrl=original_url lang=language
                commentCount=comment_count commentStatus=comment_status description=summary"""
            ),
            required=frozenset(["title", "description"]),
            escape=no_escape,
        ),
        Flavor(
            name="pelican",
            description="Pelican: content/<slug>.md with Pelican metadata + content/comments/",
            front_matter_formats=("pelican",),
            post_path="content/{slug}.md",
            page_path="content/pages/{slug}.md",
            comments_path="content/comments/{slug}.yaml",
            comment_style="records",
            comment_format="yaml",
            keys=front_matter_keys(
                """title=title_or_slug date=published modified=updated slug
                category=first_category tags authors summary=summary_html lang=language
                original_url"""
            ),
            escape=no_escape,
        ),
    )
}
DEFAULT_FLAVOR = "hugo"

COMMENT_MODES = ("data", "inline", "none")
"""Where ``--comments`` puts a post's comments: data files, the end of the post, or nowhere."""


def flavor_problem(flavor: str | None, front_matter: str | None, comments: str) -> str | None:
    """Why these options cannot go together, or None when they can."""
    name = flavor or DEFAULT_FLAVOR
    if name not in FLAVORS:
        return f"unknown flavor {name!r}; choose one of {', '.join(FLAVORS)}"
    allowed = FLAVORS[name].front_matter_formats
    if front_matter is not None and front_matter not in allowed:
        return f"--flavor {name} writes {' or '.join(allowed)} front matter, not {front_matter}"
    if comments not in COMMENT_MODES:
        return f"--comments takes one of {', '.join(COMMENT_MODES)}"
    return None
