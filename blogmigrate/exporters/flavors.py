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
    shape: Callable[[Post, str], FrontMatter]
    escape: Callable[[str], str]
    extra_files: tuple[tuple[str, str], ...] = ()
    """Files the generator needs once per export (relative path, text)."""


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


def _common(post: Post) -> FrontMatter:
    """What every generator gets under its own key names."""
    return {
        "title": safe_text(post.title),
        "author": _text(post.author.name) if post.author else None,
        "categories": _names(post.categories),
        "tags": _names(post.tags),
        "original_url": post.url,
        "image": post.image.url if post.image else None,
        "language": post.language,
        # Not "comments": themes read that key as a switch that turns a comment section on or off.
        "comment_count": len(post.comments),
        "comment_status": post.comment_status.value if post.comment_status else None,
    }


def _drop_empty(data: FrontMatter) -> FrontMatter:
    """Leave out what the page did not give; the title stays, even empty (untitled entries exist)."""
    return {
        key: value for key, value in data.items() if key == "title" or value not in (None, [], "")
    }


def hugo_front_matter(post: Post, slug: str) -> FrontMatter:
    common = _common(post)
    return _drop_empty(
        {
            "title": common["title"],
            "date": post.published,
            "lastmod": post.updated,
            "slug": slug,
            "author": common["author"],
            "categories": common["categories"],
            "tags": common["tags"],
            "aliases": old_paths(post),
            "summary": _text(post.excerpt),
            "images": [common["image"]] if common["image"] else None,
            "original_url": common["original_url"],
            "language": common["language"],
            "comment_count": common["comment_count"],
            "comment_status": common["comment_status"],
        }
    )


def jekyll_front_matter(post: Post, slug: str) -> FrontMatter:
    common = _common(post)
    return _drop_empty(
        {
            "layout": "post",
            "permalink": f"/{slug}/" if post.kind == "page" else None,
            "title": common["title"],
            "date": post.published,
            "last_modified_at": post.updated,
            "slug": slug,
            "author": common["author"],
            "categories": common["categories"],
            "tags": common["tags"],
            "redirect_from": old_paths(post),
            "excerpt": _html_text(post.excerpt),
            "image": common["image"],
            "original_url": common["original_url"],
            "lang": common["language"],
            "comment_count": common["comment_count"],
            "comment_status": common["comment_status"],
        }
    )


def zola_front_matter(post: Post, slug: str) -> FrontMatter:
    """Zola rejects unknown top-level keys: everything of ours goes under ``extra``."""
    common = _common(post)
    return _drop_empty(
        {
            "title": common["title"],
            "description": _text(post.excerpt),
            "date": post.published,
            "updated": post.updated,
            "slug": slug,
            "aliases": old_paths(post),
            "authors": [common["author"]] if common["author"] else None,
            "taxonomies": _drop_empty({"categories": common["categories"], "tags": common["tags"]})
            or None,
            "extra": _drop_empty(
                {
                    "original_url": common["original_url"],
                    "image": common["image"],
                    "language": common["language"],
                    "comment_count": common["comment_count"],
                    "comment_status": common["comment_status"],
                }
            ),
        }
    )


def eleventy_front_matter(post: Post, slug: str) -> FrontMatter:
    """Eleventy builds collections from ``tags``: every post also carries the ``posts`` tag."""
    common = _common(post)
    return _drop_empty(
        {
            "title": common["title"],
            "date": post.published,
            "updated": post.updated,
            "slug": slug,
            "author": common["author"],
            "tags": ["posts", *common["tags"]] if post.kind == "post" else common["tags"],
            "categories": common["categories"],
            "aliases": old_paths(post),
            "summary": _text(post.excerpt),
            "image": common["image"],
            "original_url": common["original_url"],
            "lang": common["language"],
            "comment_count": common["comment_count"],
            "comment_status": common["comment_status"],
        }
    )


def astro_front_matter(post: Post, slug: str) -> FrontMatter:
    """The keys of Astro's blog starter collection schema (title, description, pubDate, …)."""
    common = _common(post)
    data = _drop_empty(
        {
            "title": common["title"],
            "pubDate": post.published,
            "updatedDate": post.updated,
            "heroImage": common["image"],
            "author": common["author"],
            "tags": common["tags"],
            "categories": common["categories"],
            "aliases": old_paths(post),
            "originalUrl": common["original_url"],
            "lang": common["language"],
            "commentCount": common["comment_count"],
            "commentStatus": common["comment_status"],
        }
    )
    data["description"] = _text(post.excerpt) or ""
    return data


def pelican_front_matter(post: Post, slug: str) -> FrontMatter:
    common = _common(post)
    return _drop_empty(
        {
            "title": common["title"] or slug,  # Pelican skips an article without a title
            "date": post.published,
            "modified": post.updated,
            "slug": slug,
            "category": common["categories"][0] if common["categories"] else None,
            "tags": common["tags"],
            "authors": [common["author"]] if common["author"] else None,
            "summary": _html_text(post.excerpt),
            "lang": common["language"],
            "original_url": common["original_url"],
        }
    )


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
            shape=hugo_front_matter,
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
            shape=jekyll_front_matter,
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
            shape=zola_front_matter,
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
            shape=eleventy_front_matter,
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
            shape=astro_front_matter,
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
            shape=pelican_front_matter,
            escape=no_escape,
        ),
    )
}
DEFAULT_FLAVOR = "hugo"
