"""WXR 1.2 (WordPress eXtended RSS), written the way WordPress's own exporter writes it, and its
Disqus variant. See ../shared/docs/wxr.md for every rule followed here.

Items are spooled to a temporary file while authors and terms are collected (they must come first in
the channel), so memory stays flat however many posts stream through.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import PurePosixPath
from typing import IO, ClassVar
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from .. import GENERATOR
from ..model import Comment, Post, PostDate, Site
from ..normalize.slugs import slugify
from ..output import document_writer
from ..textsafety import safe_text
from .base import ExportOptions
from .paths import SlugRegistry

NAMESPACES = (
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/"'
)
DISQUS_NAMESPACE = 'xmlns:dsq="http://www.disqus.com/"'
DISQUS_EMAIL_DOMAIN = "disqus-import.invalid"
"""RFC 2606 reserves ``.invalid``: these addresses can never reach anyone (see docs/guide-disqus.md)."""
DISQUS_MIN_CONTENT = 3
_NO_DATE = "0000-00-00 00:00:00"
_EPOCH = datetime(1970, 1, 1)


def title_markup(title: str) -> str:
    """A plain-text title as WordPress stores titles: markup, printed unescaped by themes. A ``<``
    becomes an entity, so a title that read "<script>" as text stays text after import."""
    return title.replace("<", "&lt;")


def cdata(text: str | None) -> str:
    """A CDATA section; ``]]>`` inside is split so it round-trips exactly. Line ends are written as
    LF: every XML parser turns CR and CRLF into LF anyway, even inside CDATA."""
    value = safe_text(text or "").replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("]]>", "]]]]><![CDATA[>")
    return f"<![CDATA[{value}]]>"


def _as_datetime(value: PostDate) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def wp_date(value: PostDate | None) -> str:
    """Local wall-clock time, as WordPress stores ``post_date``."""
    if value is None:
        return _NO_DATE
    return _as_datetime(value).strftime("%Y-%m-%d %H:%M:%S")


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
    moment = _as_datetime(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment)


def parents_first(comments: tuple[Comment, ...]) -> list[Comment]:
    """Document order, except that a reply never comes before its parent: the importer inserts
    comments in id order and remaps a parent only once it exists."""
    known = {comment.id for comment in comments}
    children: dict[str | None, list[Comment]] = {}
    for comment in comments:
        parent = comment.parent_id if comment.parent_id in known else None
        children.setdefault(parent, []).append(comment)
    ordered: list[Comment] = []
    stack = list(reversed(children.get(None, [])))
    while stack:  # iterative: a deep thread must not hit the recursion limit
        comment = stack.pop()
        ordered.append(comment)
        stack.extend(reversed(children.get(comment.id, [])))
    seen = {comment.id for comment in ordered}
    ordered.extend(comment for comment in comments if comment.id not in seen)  # cycles
    return ordered


def image_urls(post: Post) -> list[str]:
    """The featured image, then every ``<img src>`` of the body: absolute http(s) URLs, no repeats."""
    found = [post.image.url] if post.image else []
    if "<img" in post.content_html:
        root = lxml.html.fragment_fromstring(post.content_html, create_parent="div")
        found.extend(str(src) for src in root.xpath("//img/@src"))
    urls: list[str] = []
    for url in found:
        absolute = urljoin(post.url or "", url.strip())
        if urlsplit(absolute).scheme in ("http", "https") and absolute not in urls:
            urls.append(absolute)
    return urls


def _attachment_title(url: str) -> str:
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    return PurePosixPath(name).stem or "image"


@dataclass(frozen=True, slots=True)
class _Author:
    login: str
    display_name: str


@dataclass(frozen=True, slots=True)
class _Attachment:
    post_id: int
    url: str


class WxrExporter:
    name: ClassVar[str] = "wxr"
    single_document: ClassVar[bool] = True
    description: ClassVar[str] = "WordPress eXtended RSS 1.2, for the WordPress importer"
    disqus: ClassVar[bool] = False

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
        self._item_keys: set[tuple[str, str, str]] = set()
        self._emails: dict[tuple[str, str], str] = {}
        self._slugs = SlugRegistry()

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

    # -- channel -------------------------------------------------------------------------------
    def _header(self, site: Site) -> str:
        namespaces = f"{NAMESPACES} {DISQUS_NAMESPACE}" if self.disqus else NAMESPACES
        lines = [
            '<?xml version="1.0" encoding="UTF-8" ?>',
            f"<!-- generator: {GENERATOR} -->",
            f'<rss version="2.0" {namespaces}>',
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
            lines.append(  # one line per author: a parser drops split ones
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

    # -- ids, people and terms -----------------------------------------------------------------
    def _new_post_id(self, wanted: str = "") -> int:
        if wanted.isdigit() and 0 < int(wanted) < 2**63 and int(wanted) not in self._post_ids:
            number = int(wanted)
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
            login = slugify(post.author.name, separator="_", max_length=60) or "author"
            taken = {author.login for author in self._authors.values()}
            base, number = login, 1
            while login in taken:
                number += 1
                login = f"{base}{number}"
            self._authors[key] = _Author(login, safe_text(post.author.name))
        return self._authors[key].login

    def _terms(self, post: Post) -> list[str]:
        lines = []
        for domain, names, registry, fallback in (
            ("category", post.categories, self._categories, "category"),
            ("post_tag", post.tags, self._tags, "tag"),
        ):
            for name in names:
                slug = slugify(name, max_length=200) or f"{fallback}-{len(registry) + 1}"
                slug = next(s for s in _numbered(slug) if registry.get(s, name) == name)
                registry[slug] = name
                lines.append(
                    f'\t\t<category domain="{domain}" nicename="{slug}">{cdata(name)}</category>'
                )
        return lines

    def _unique_date(self, title: str, published: PostDate | None, kind: str) -> PostDate | None:
        """The importer merges items with the same (title, post_date, post_type): a clash moves the
        later one on by whole seconds so both survive."""
        if published is None:
            if (title, _NO_DATE, kind) not in self._item_keys:
                self._item_keys.add((title, _NO_DATE, kind))
                return None
            moment = _EPOCH
        else:
            moment = _as_datetime(published)
        while (title, wp_date(moment), kind) in self._item_keys:
            moment += timedelta(seconds=1)
        self._item_keys.add((title, wp_date(moment), kind))
        return moment if published is None or wp_date(moment) != wp_date(published) else published

    def disqus_email(self, comment: Comment) -> str:
        """One stable address per person (name + site), in the reserved ``.invalid`` domain."""
        key = (comment.author.name.strip().casefold(), comment.author.url or "")
        if key not in self._emails:
            digest = hashlib.sha256("\n".join(key).encode("utf-8")).hexdigest()[:12]
            local = slugify(comment.author.name, max_length=30) or "guest"
            self._emails[key] = f"{local}-{digest}@{DISQUS_EMAIL_DOMAIN}"
        return self._emails[key]

    # -- items ---------------------------------------------------------------------------------
    def _item(self, post: Post) -> str:
        post_id = self._new_post_id(post.id)
        kind = "page" if post.kind == "page" else "post"
        published = post.published
        unique = self._unique_date(post.title, published, kind)
        date_moved = unique is not published
        published = unique
        attachments = (
            [] if self.disqus else [_Attachment(self._new_post_id(), u) for u in image_urls(post)]
        )
        meta = [("_blogmigrate_source", post.source)]
        if date_moved:
            meta.append(("_blogmigrate_date_adjusted", "1"))
        if (
            post.image
            and attachments
            and attachments[0].url == urljoin(post.url or "", post.image.url)
        ):
            meta.append(("_thumbnail_id", str(attachments[0].post_id)))
        lines = [
            *self._item_head(post, post_id, kind, published),
            *self._terms(post),
            *(_postmeta(key, value) for key, value in meta),
        ]
        comment_ids: dict[str, int] = {}
        for position, comment in enumerate(parents_first(post.comments)):
            lines.append(self._comment(comment, position, published, comment_ids))
        lines.append("\t</item>\n")
        for attachment in attachments:
            lines.append(self._attachment(attachment, post_id, published))
        return "\n".join(lines)

    def _item_head(
        self, post: Post, post_id: int, kind: str, published: PostDate | None
    ) -> list[str]:
        status = post.comment_status.value if post.comment_status else "closed"
        return _item_lines(
            title=title_markup(post.title),
            link=post.url or "",
            published=published,
            modified=post.updated or published,
            creator=self._author_login(post),
            guid=post.url or f"blogmigrate:{post.id}",
            content=post.content_html,
            excerpt=post.excerpt,
            thread=self._thread_identifier(post, post_id) if self.disqus else None,
            post_id=post_id,
            comment_status=status,
            # Unique and never empty: consumers name files after it (pelican-import, for one).
            name=self._slugs.claim(post.slug, f"post-{post_id}"),
            status="publish",
            parent=0,
            kind=kind,
        )

    def _thread_identifier(self, post: Post, post_id: int) -> str:
        """The page's own disqus_identifier when known; else what the WordPress Disqus plugin uses,
        ``"<post_id> <shortlink>"``, for WordPress posts; else the permalink."""
        if post.extra.get("disqus_identifier"):
            return post.extra["disqus_identifier"]
        site_url = self._site.url if self._site else None
        if post.platform == "wordpress" and post.id.isdigit() and site_url:
            return f"{post.id} {site_url.rstrip('/')}/?p={post.id}"
        return post.url or f"blogmigrate-{post_id}"

    def _attachment(self, attachment: _Attachment, parent: int, published: PostDate | None) -> str:
        title = _attachment_title(attachment.url)
        kind = "attachment"
        moment = self._unique_date(title, published, kind)
        lines = _item_lines(
            title=title,
            link=attachment.url,
            published=moment,
            modified=moment,
            creator="",
            guid=attachment.url,
            content="",
            excerpt="",
            thread=None,
            post_id=attachment.post_id,
            comment_status="closed",
            name=slugify(title) or "image",
            status="inherit",
            parent=parent,
            kind=kind,
        )
        lines.append(f"\t\t<wp:attachment_url>{cdata(attachment.url)}</wp:attachment_url>")
        lines.append("\t</item>\n")
        return "\n".join(lines)

    # -- comments ------------------------------------------------------------------------------
    def _comment(
        self,
        comment: Comment,
        position: int,
        post_published: PostDate | None,
        comment_ids: dict[str, int],
    ) -> str:
        number = self._next_comment_id
        self._next_comment_id += 1
        comment_ids[comment.id] = number
        parent = comment_ids.get(comment.parent_id, 0) if comment.parent_id else 0
        published: PostDate | None = comment.published
        meta = ""
        if published is None:
            # Never one shared fallback date: the importer deduplicates on (author, date).
            start = _as_datetime(post_published) if post_published is not None else _EPOCH
            published = start + timedelta(seconds=position + 1)
            meta = _commentmeta("_blogmigrate_date_unknown", "1")
        kind = "" if comment.type.value == "comment" else comment.type.value
        content = comment.content_html
        email = ""
        if self.disqus:
            email = self.disqus_email(comment)
            content = disqus_content(content)
        return (
            "\t\t<wp:comment>"
            f"<wp:comment_id>{number}</wp:comment_id>"
            f"<wp:comment_author>{cdata(comment.author.name)}</wp:comment_author>"
            f"<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>"
            f"<wp:comment_author_url>{cdata(comment.author.url or '')}</wp:comment_author_url>"
            f"<wp:comment_author_IP>{cdata('')}</wp:comment_author_IP>"
            f"<wp:comment_date>{cdata(wp_date(published))}</wp:comment_date>"
            f"<wp:comment_date_gmt>{cdata(wp_date_gmt(published))}</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(content)}</wp:comment_content>"
            f"<wp:comment_approved>{cdata('1')}</wp:comment_approved>"
            f"<wp:comment_type>{cdata(kind)}</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent>"
            f"<wp:comment_user_id>0</wp:comment_user_id>"
            f"{meta}"
            "</wp:comment>"
        )


def _item_lines(
    *,
    title: str,
    link: str,
    published: PostDate | None,
    modified: PostDate | None,
    creator: str,
    guid: str,
    content: str,
    excerpt: str,
    thread: str | None,
    post_id: int,
    comment_status: str,
    name: str,
    status: str,
    parent: int,
    kind: str,
) -> list[str]:
    """An ``<item>``'s opening and its fields, as posts, pages and attachments share them."""
    lines = [
        "\t<item>",
        f"\t\t<title>{cdata(title)}</title>",
        f"\t\t<link>{cdata(link)}</link>",
        f"\t\t<pubDate>{rfc2822(published)}</pubDate>",
        f"\t\t<dc:creator>{cdata(creator)}</dc:creator>",
        f'\t\t<guid isPermaLink="false">{cdata(guid)}</guid>',
        "\t\t<description></description>",
        f"\t\t<content:encoded>{cdata(content)}</content:encoded>",
        f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>",
    ]
    if thread is not None:
        lines.append(f"\t\t<dsq:thread_identifier>{cdata(thread)}</dsq:thread_identifier>")
    lines += [
        f"\t\t<wp:post_id>{post_id}</wp:post_id>",
        f"\t\t<wp:post_date>{cdata(wp_date(published))}</wp:post_date>",
        f"\t\t<wp:post_date_gmt>{cdata(wp_date_gmt(published))}</wp:post_date_gmt>",
        f"\t\t<wp:post_modified>{cdata(wp_date(modified))}</wp:post_modified>",
        f"\t\t<wp:post_modified_gmt>{cdata(wp_date_gmt(modified))}</wp:post_modified_gmt>",
        f"\t\t<wp:comment_status>{cdata(comment_status)}</wp:comment_status>",
        f"\t\t<wp:ping_status>{cdata(comment_status)}</wp:ping_status>",
        f"\t\t<wp:post_name>{cdata(name)}</wp:post_name>",
        f"\t\t<wp:status>{cdata(status)}</wp:status>",
        f"\t\t<wp:post_parent>{parent}</wp:post_parent>",
        "\t\t<wp:menu_order>0</wp:menu_order>",
        f"\t\t<wp:post_type>{cdata(kind)}</wp:post_type>",
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>",
        "\t\t<wp:is_sticky>0</wp:is_sticky>",
    ]
    return lines


def disqus_content(html: str) -> str:
    """Disqus rejects comments under 3 characters: pad short ones with an ellipsis, visibly."""
    text = (
        etree.tostring(
            lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div"),
            method="text",
            encoding="unicode",
        ).strip()
        if html.strip()
        else ""
    )
    if len(text) >= DISQUS_MIN_CONTENT:
        return html
    return f"<p>{text} …</p>" if text else "<p>(empty comment) …</p>"


def _numbered(slug: str) -> Iterator[str]:
    yield slug
    number = 2
    while True:
        yield f"{slug}-{number}"
        number += 1


def _postmeta(key: str, value: str) -> str:
    return (
        f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
    )


def _commentmeta(key: str, value: str) -> str:
    return (
        f"<wp:commentmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:commentmeta>"
    )


class DisqusExporter(WxrExporter):
    name: ClassVar[str] = "disqus"
    description: ClassVar[str] = (
        "WXR for the Disqus importer (dsq:thread_identifier, per-person emails)"
    )
    disqus: ClassVar[bool] = True
