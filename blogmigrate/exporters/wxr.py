"""WXR 1.2 (WordPress eXtended RSS), written the way WordPress's own exporter writes it.

Items are spooled to a temporary file while authors and terms are collected (they must come first in
the channel), so memory stays flat however many posts stream through. See ../docs/wxr.md (shared).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from typing import IO, ClassVar

from slugify import slugify

from .. import GENERATOR
from ..model import Comment, Post, PostDate, Site
from ..output import document_writer
from ..textsafety import safe_text
from .base import ExportOptions

NAMESPACES = (
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/"'
)
_NO_DATE = "0000-00-00 00:00:00"


def cdata(text: str | None) -> str:
    """A CDATA section; ``]]>`` inside is split so it round-trips exactly."""
    value = safe_text(text or "").replace("]]>", "]]]]><![CDATA[>")
    return f"<![CDATA[{value}]]>"


def wp_date(value: PostDate | None) -> str:
    """Local wall-clock time, as WordPress stores ``post_date``."""
    if value is None:
        return _NO_DATE
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def wp_date_gmt(value: PostDate | None) -> str:
    """UTC time when the offset is known; the wall-clock time otherwise (offset unknown)."""
    if value is None:
        return _NO_DATE
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return wp_date(value)


def rfc2822(value: PostDate | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return format_datetime(value)


@dataclass(frozen=True, slots=True)
class _Author:
    login: str
    display_name: str


class WxrExporter:
    name: ClassVar[str] = "wxr"
    single_document: ClassVar[bool] = True
    description: ClassVar[str] = "WordPress eXtended RSS 1.2, for the WordPress importer and Disqus"

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self._site: Site | None = None
        self._spool: IO[str] | None = None
        self._authors: dict[str, _Author] = {}
        self._categories: dict[str, str] = {}
        self._tags: dict[str, str] = {}
        self._post_ids: set[int] = set()
        self._next_post_id = 1
        self._next_comment_id = 1

    # -- streaming interface -------------------------------------------------------------------
    def open(self, site: Site) -> None:
        self._site = site
        # Closed in close() or abort(): the spool lives across the whole streaming run.
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115

    def write(self, post: Post) -> None:
        assert self._spool is not None, "open() first"
        self._spool.write(self._item(post))

    def close(self) -> None:
        assert self._spool is not None and self._site is not None, "open() first"
        with document_writer(self.options.target, force=self.options.force) as stream:
            stream.write(self._header(self._site))
            self._spool.seek(0)
            shutil.copyfileobj(self._spool, stream)
            stream.write("</channel>\n</rss>\n")
        self._spool.close()

    def abort(self) -> None:
        if self._spool is not None:
            with contextlib.suppress(OSError):
                self._spool.close()

    # -- pieces -------------------------------------------------------------------------------
    def _header(self, site: Site) -> str:
        lines = [
            '<?xml version="1.0" encoding="UTF-8" ?>',
            f"<!-- generator: {GENERATOR} -->",
            f'<rss version="2.0" {NAMESPACES}>',
            "<channel>",
            f"\t<title>{cdata(site.title)}</title>",
            f"\t<link>{cdata(site.url or '')}</link>",
            f"\t<description>{cdata(site.description)}</description>",
            f"\t<pubDate>{rfc2822(datetime(1970, 1, 1, tzinfo=UTC))}</pubDate>",
            f"\t<language>{cdata(site.language or 'en')}</language>",
            "\t<wp:wxr_version>1.2</wp:wxr_version>",
            f"\t<wp:base_site_url>{cdata(site.url or '')}</wp:base_site_url>",
            f"\t<wp:base_blog_url>{cdata(site.url or '')}</wp:base_blog_url>",
        ]
        for number, author in enumerate(self._authors.values(), start=1):
            lines.append(
                "\t<wp:author>"
                f"<wp:author_id>{number}</wp:author_id>"
                f"<wp:author_login>{cdata(author.login)}</wp:author_login>"
                f"<wp:author_email>{cdata('')}</wp:author_email>"
                f"<wp:author_display_name>{cdata(author.display_name)}</wp:author_display_name>"
                f"<wp:author_first_name>{cdata('')}</wp:author_first_name>"
                f"<wp:author_last_name>{cdata('')}</wp:author_last_name>"
                "</wp:author>"
            )
        term_id = 1
        for slug, name in self._categories.items():
            lines.append(
                f"\t<wp:category><wp:term_id>{term_id}</wp:term_id>"
                f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
                f"<wp:category_parent>{cdata('')}</wp:category_parent>"
                f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>"
            )
            term_id += 1
        for slug, name in self._tags.items():
            lines.append(
                f"\t<wp:tag><wp:term_id>{term_id}</wp:term_id>"
                f"<wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>"
            )
            term_id += 1
        lines.append(f"\t<generator>{cdata(GENERATOR)}</generator>")
        return "\n".join(lines) + "\n"

    def _post_id(self, post: Post) -> int:
        if post.id.isdigit() and int(post.id) not in self._post_ids and int(post.id) > 0:
            number = int(post.id)
        else:
            while self._next_post_id in self._post_ids:
                self._next_post_id += 1
            number = self._next_post_id
        self._post_ids.add(number)
        return number

    def _author_login(self, post: Post) -> str:
        if post.author is None:
            return ""
        key = post.author.name.casefold()
        if key not in self._authors:
            login = slugify(post.author.name, separator="_") or "author"
            taken = {author.login for author in self._authors.values()}
            base, number = login, 1
            while login in taken:
                number += 1
                login = f"{base}{number}"
            self._authors[key] = _Author(login, post.author.name)
        return self._authors[key].login

    def _terms(self, post: Post) -> list[str]:
        lines = []
        for name in post.categories:
            slug = slugify(name) or "category"
            self._categories.setdefault(slug, name)
            lines.append(
                f'\t\t<category domain="category" nicename="{slug}">{cdata(name)}</category>'
            )
        for name in post.tags:
            slug = slugify(name) or "tag"
            self._tags.setdefault(slug, name)
            lines.append(
                f'\t\t<category domain="post_tag" nicename="{slug}">{cdata(name)}</category>'
            )
        return lines

    def _item(self, post: Post) -> str:
        post_id = self._post_id(post)
        status = post.comment_status.value if post.comment_status else "closed"
        lines = [
            "\t<item>",
            f"\t\t<title>{cdata(post.title)}</title>",
            f"\t\t<link>{cdata(post.url or '')}</link>",
            f"\t\t<pubDate>{rfc2822(post.published)}</pubDate>",
            f"\t\t<dc:creator>{cdata(self._author_login(post))}</dc:creator>",
            f'\t\t<guid isPermaLink="false">{cdata(post.url or f"blogmigrate:{post.id}")}</guid>',
            "\t\t<description></description>",
            f"\t\t<content:encoded>{cdata(post.content_html)}</content:encoded>",
            f"\t\t<excerpt:encoded>{cdata('')}</excerpt:encoded>",
            f"\t\t<wp:post_id>{post_id}</wp:post_id>",
            f"\t\t<wp:post_date>{cdata(wp_date(post.published))}</wp:post_date>",
            f"\t\t<wp:post_date_gmt>{cdata(wp_date_gmt(post.published))}</wp:post_date_gmt>",
            f"\t\t<wp:post_modified>{cdata(wp_date(post.updated or post.published))}</wp:post_modified>",
            "\t\t<wp:post_modified_gmt>"
            f"{cdata(wp_date_gmt(post.updated or post.published))}</wp:post_modified_gmt>",
            f"\t\t<wp:comment_status>{cdata(status)}</wp:comment_status>",
            f"\t\t<wp:ping_status>{cdata(status)}</wp:ping_status>",
            f"\t\t<wp:post_name>{cdata(post.slug)}</wp:post_name>",
            f"\t\t<wp:status>{cdata('publish')}</wp:status>",
            "\t\t<wp:post_parent>0</wp:post_parent>",
            "\t\t<wp:menu_order>0</wp:menu_order>",
            f"\t\t<wp:post_type>{cdata(post.kind if post.kind == 'page' else 'post')}</wp:post_type>",
            f"\t\t<wp:post_password>{cdata('')}</wp:post_password>",
            "\t\t<wp:is_sticky>0</wp:is_sticky>",
            *self._terms(post),
            "\t\t<wp:postmeta>"
            f"<wp:meta_key>{cdata('_blogmigrate_source')}</wp:meta_key>"
            f"<wp:meta_value>{cdata(post.source)}</wp:meta_value></wp:postmeta>",
        ]
        comment_ids: dict[str, int] = {}
        for position, comment in enumerate(post.comments):
            lines.append(self._comment(comment, position, post, comment_ids))
        lines.append("\t</item>\n")
        return "\n".join(lines)

    def _comment(
        self, comment: Comment, position: int, post: Post, comment_ids: dict[str, int]
    ) -> str:
        number = self._next_comment_id
        self._next_comment_id += 1
        comment_ids[comment.id] = number
        parent = comment_ids.get(comment.parent_id, 0) if comment.parent_id else 0
        published: PostDate | None = comment.published
        meta = ""
        if published is None:
            # Never one shared fallback date: the importer deduplicates on (author, date).
            anchor = post.published or date(1970, 1, 1)
            start = (
                anchor
                if isinstance(anchor, datetime)
                else datetime(anchor.year, anchor.month, anchor.day)
            )
            published = start + timedelta(seconds=position + 1)
            meta = (
                f"<wp:commentmeta><wp:meta_key>{cdata('_blogmigrate_date_unknown')}</wp:meta_key>"
                f"<wp:meta_value>{cdata('1')}</wp:meta_value></wp:commentmeta>"
            )
        kind = "" if comment.type.value == "comment" else comment.type.value
        return (
            "\t\t<wp:comment>"
            f"<wp:comment_id>{number}</wp:comment_id>"
            f"<wp:comment_author>{cdata(comment.author.name)}</wp:comment_author>"
            f"<wp:comment_author_email>{cdata('')}</wp:comment_author_email>"
            f"<wp:comment_author_url>{cdata(comment.author.url or '')}</wp:comment_author_url>"
            f"<wp:comment_author_IP>{cdata('')}</wp:comment_author_IP>"
            f"<wp:comment_date>{cdata(wp_date(published))}</wp:comment_date>"
            f"<wp:comment_date_gmt>{cdata(wp_date_gmt(published))}</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(comment.content_html)}</wp:comment_content>"
            f"<wp:comment_approved>{cdata('1')}</wp:comment_approved>"
            f"<wp:comment_type>{cdata(kind)}</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent>"
            f"<wp:comment_user_id>0</wp:comment_user_id>"
            f"{meta}"
            "</wp:comment>"
        )
