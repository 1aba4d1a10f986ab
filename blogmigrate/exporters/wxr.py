"""WXR 1.2 (WordPress eXtended RSS), written the way WordPress's own exporter writes it, and its
Disqus variant. See ../shared/docs/wxr.md for every rule followed here.

Items are spooled to a temporary file while authors and terms are collected (they must come first in
the channel), so memory stays flat however many posts stream through.

A post's item is made in two steps, so that the pool's workers take the costly one: `WxrRenderer`
renders what the post alone decides (its content's and comments' markup, its images), in any
process; `WxrExporter.write_rendered` adds what the run decides (ids, dates made unique, logins,
term slugs, names), in output order. ``write(post)`` is the two in turn.
"""

from __future__ import annotations

import contextlib
import dataclasses
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


_EMPTY = cdata("")
_APPROVED = cdata("1")


def _date_cdata(text: str) -> str:
    """A date's CDATA section (`wp_date`): digits, dashes and colons need none of `cdata`'s care."""
    return f"<![CDATA[{text}]]>"


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
class WxrAuthor:
    """A post's author as the channel lists authors: one login per name (any case)."""

    key: str
    """The name case-folded: the same person whatever the case."""
    login: str
    """The login the name makes alone; the run numbers it when another name made it first."""
    display_name: str


@dataclass(frozen=True, slots=True)
class WxrTerm:
    domain: str
    """``category`` or ``post_tag``."""
    name: str
    slug: str
    """The slug the name makes alone ("" for a name with no letter or digit); the run numbers it
    when another name has it."""


@dataclass(frozen=True, slots=True)
class WxrComment:
    """A comment's markup as far as the comment alone decides it. Its id, its parent's id, the
    Disqus address of its author and, for a comment without a date, the date counted on from the
    post's are the run's (`WxrExporter.write_rendered`)."""

    author: str
    """``<wp:comment_author>``."""
    person: tuple[str, str]
    """Its author's name and address, for the Disqus address."""
    address: str
    """``<wp:comment_author_url>`` and ``<wp:comment_author_IP>``."""
    dates: str | None
    """``<wp:comment_date>`` and ``<wp:comment_date_gmt>``; None when the page gave no date."""
    content: str
    """``<wp:comment_content>`` (already the Disqus text for a Disqus export), ``<wp:comment_approved>``
    and ``<wp:comment_type>``."""
    parent: int
    """The position of the comment it answers among the post's comments as written (parents
    first), -1 for none."""


@dataclass(frozen=True, slots=True)
class ItemParts:
    """An item's lines that its post (or image) decides alone, the template's pieces around those
    the run decides (`_item_lines`): its id, its author's login, its name, its parent, its Disqus
    thread and, when the run moved its date, its dates."""

    opening: str
    """``<item>``, ``title``, ``link``."""
    dates: tuple[str, str]
    """``pubDate``; ``wp:post_date`` to ``wp:post_modified_gmt``: for the item's own dates."""
    text: str
    """``guid`` to ``excerpt:encoded``."""
    statuses: str
    """``wp:comment_status``, ``wp:ping_status``."""
    status: str
    """``wp:status``."""
    closing: str
    """``wp:menu_order`` to ``wp:is_sticky``."""


@dataclass(frozen=True, slots=True)
class WxrImage:
    """An image of the post, attached to it: an item of its own."""

    url: str
    title: str
    """The attachment's title, which with its date makes it unique for the importer."""
    parts: ItemParts


@dataclass(frozen=True, slots=True)
class WxrPost:
    """A post's item as far as the post alone decides it (`WxrRenderer`): what takes time, the
    content's and every comment's markup and the images found in the body, is done. Ids, dates
    made unique, logins, term slugs and the post's name are the run's (`WxrExporter.write_rendered`)."""

    wanted_id: str
    """The post's own id: its ``wp:post_id`` unless another post has it."""
    kind: str
    """``post`` or ``page``."""
    title: str
    """As the importer compares items (with the date and the kind)."""
    link: str
    published: PostDate | None
    updated: PostDate | None
    author: WxrAuthor | None
    slug: str
    source: str
    platform: str
    disqus_identifier: str
    parts: ItemParts
    terms: tuple[WxrTerm, ...]
    comments: tuple[WxrComment, ...]
    images: tuple[WxrImage, ...]
    """The images to attach (none for Disqus)."""
    featured_first: bool
    """The first image is the post's featured image (its thumbnail)."""


@dataclass(frozen=True, slots=True)
class WxrRenderer:
    """Renders a post for a WXR export (what takes time: its content's and comments' markup), in
    any process."""

    disqus: bool = False

    def __call__(self, post: Post) -> WxrPost:
        images = (
            () if self.disqus else tuple(_image(url, post.published) for url in image_urls(post))
        )
        featured = urljoin(post.url or "", post.image.url) if post.image else None
        kind = "page" if post.kind == "page" else "post"
        return WxrPost(
            wanted_id=post.id,
            kind=kind,
            title=post.title,
            link=post.url or "",
            published=post.published,
            updated=post.updated,
            author=_author(post),
            slug=post.slug,
            source=post.source,
            platform=post.platform,
            disqus_identifier=post.extra.get("disqus_identifier", ""),
            parts=_item_parts(
                title=title_markup(post.title),
                link=post.url or "",
                published=post.published,
                modified=post.updated or post.published,
                guid=post.url or f"blogmigrate:{post.id}",
                content=cdata(post.content_html),
                excerpt=cdata(post.excerpt),
                comment_status=post.comment_status.value if post.comment_status else "closed",
                status="publish",
                kind=kind,
            ),
            terms=_terms_of(post),
            comments=self._comments(post.comments),
            images=images,
            featured_first=bool(images) and images[0].url == featured,
        )

    def _comments(self, comments: tuple[Comment, ...]) -> tuple[WxrComment, ...]:
        positions: dict[str, int] = {}
        rendered = []
        for position, comment in enumerate(parents_first(comments)):
            positions[comment.id] = position
            parent = positions.get(comment.parent_id, -1) if comment.parent_id else -1
            rendered.append(self._comment(comment, parent))
        return tuple(rendered)

    def _comment(self, comment: Comment, parent: int) -> WxrComment:
        kind = "" if comment.type.value == "comment" else comment.type.value
        content = disqus_content(comment.content_html) if self.disqus else comment.content_html
        return WxrComment(
            author=f"<wp:comment_author>{cdata(comment.author.name)}</wp:comment_author>",
            person=(comment.author.name, comment.author.url or ""),
            address=(
                f"<wp:comment_author_url>{cdata(comment.author.url or '')}</wp:comment_author_url>"
                f"<wp:comment_author_IP>{_EMPTY}</wp:comment_author_IP>"
            ),
            dates=None if comment.published is None else _comment_dates(comment.published),
            content=(
                f"<wp:comment_content>{cdata(content)}</wp:comment_content>"
                f"<wp:comment_approved>{_APPROVED}</wp:comment_approved>"
                f"<wp:comment_type>{cdata(kind) if kind else _EMPTY}</wp:comment_type>"
            ),
            parent=parent,
        )


RENDERED_CLASSES: tuple[type, ...] = (WxrPost, ItemParts, WxrImage, WxrAuthor, WxrTerm, WxrComment)
"""What a rendered post is made of, as it crosses from a pool's worker (one `WxrComment` a comment)."""


def _author(post: Post) -> WxrAuthor | None:
    if post.author is None:
        return None
    name = post.author.name
    return WxrAuthor(
        key=name.casefold(),
        login=slugify(name, separator="_", max_length=60) or "author",
        display_name=safe_text(name),
    )


def _image(url: str, published: PostDate | None) -> WxrImage:
    title = _attachment_title(url)
    parts = _item_parts(
        title=title,
        link=url,
        published=published,
        modified=published,
        guid=url,
        content=_EMPTY,
        excerpt=_EMPTY,
        comment_status="closed",
        status="inherit",
        kind="attachment",
    )
    return WxrImage(url, title, parts)


def _terms_of(post: Post) -> tuple[WxrTerm, ...]:
    return tuple(
        WxrTerm(domain, name, slugify(name, max_length=200))
        for domain, names in (("category", post.categories), ("post_tag", post.tags))
        for name in names
    )


def _comment_dates(value: PostDate) -> str:
    return (
        f"<wp:comment_date>{_date_cdata(wp_date(value))}</wp:comment_date>"
        f"<wp:comment_date_gmt>{_date_cdata(wp_date_gmt(value))}</wp:comment_date_gmt>"
    )


class WxrExporter:
    name: ClassVar[str] = "wxr"
    single_document: ClassVar[bool] = True
    description: ClassVar[str] = "WordPress eXtended RSS 1.2, for the WordPress importer"
    disqus: ClassVar[bool] = False
    rendered_records: ClassVar[tuple[type, ...]] = RENDERED_CLASSES

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self._site: Site | None = None
        self._spool: IO[str] | None = None
        self._authors: dict[str, WxrAuthor] = {}
        """Each author met, by `WxrAuthor.key`, with the login the run gave it."""
        self._categories: dict[str, str] = {}
        self._tags: dict[str, str] = {}
        self._post_ids: set[int] = set()
        self._next_post_id = 1
        self._next_comment_id = 1
        self._item_keys: set[tuple[str, str, str]] = set()
        self._emails: dict[tuple[str, str], str] = {}
        self._slugs = SlugRegistry()
        self._render = self.renderer(options)

    @classmethod
    def renderer(cls, options: ExportOptions) -> WxrRenderer:
        """What renders each post for an export with ``options`` (it may go to other processes)."""
        return WxrRenderer(cls.disqus)

    # -- streaming interface -------------------------------------------------------------------
    def open(self, site: Site) -> None:
        self._site = site
        # Closed in close() or abort(): the spool lives across the whole streaming run.
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115

    def write(self, post: Post) -> None:
        self.write_rendered(self._render(post))

    def write_rendered(self, rendered: WxrPost) -> None:
        """Write a rendered post's item with the run's ids, dates, logins, terms and name."""
        assert self._spool is not None, "open() first"
        self._spool.write(self._item(rendered))

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

    def _author_login(self, author: WxrAuthor | None) -> str:
        if author is None:
            return ""
        if author.key not in self._authors:
            login = author.login
            taken = {known.login for known in self._authors.values()}
            number = 1
            while login in taken:
                number += 1
                login = f"{author.login}{number}"
            self._authors[author.key] = dataclasses.replace(author, login=login)
        return self._authors[author.key].login

    def _terms(self, terms: tuple[WxrTerm, ...]) -> list[str]:
        lines = []
        for term in terms:
            registry, fallback = (
                (self._categories, "category") if term.domain == "category" else (self._tags, "tag")
            )
            slug = term.slug or f"{fallback}-{len(registry) + 1}"
            slug = next(s for s in _numbered(slug) if registry.get(s, term.name) == term.name)
            registry[slug] = term.name
            lines.append(
                f'\t\t<category domain="{term.domain}" nicename="{slug}">{cdata(term.name)}</category>'
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
        text, moved = wp_date(moment), published is None
        while (title, text, kind) in self._item_keys:
            moment += timedelta(seconds=1)
            text, moved = wp_date(moment), True
        self._item_keys.add((title, text, kind))
        return moment if moved else published

    def disqus_email(self, name: str, url: str) -> str:
        """One stable address per person (name + site), in the reserved ``.invalid`` domain."""
        key = (name.strip().casefold(), url)
        if key not in self._emails:
            digest = hashlib.sha256("\n".join(key).encode("utf-8")).hexdigest()[:12]
            local = slugify(name, max_length=30) or "guest"
            self._emails[key] = f"{local}-{digest}@{DISQUS_EMAIL_DOMAIN}"
        return self._emails[key]

    # -- items ---------------------------------------------------------------------------------
    def _item(self, post: WxrPost) -> str:
        post_id = self._new_post_id(post.wanted_id)
        published = self._unique_date(post.title, post.published, post.kind)
        date_moved = published is not post.published
        attachment_ids = [self._new_post_id() for _image in post.images]
        meta = [("_blogmigrate_source", post.source)]
        if date_moved:
            meta.append(("_blogmigrate_date_adjusted", "1"))
        if post.featured_first and attachment_ids:
            meta.append(("_thumbnail_id", str(attachment_ids[0])))
        lines = [
            *_item_lines(
                post.parts,
                dates=_item_dates(published, post.updated or published)
                if date_moved
                else post.parts.dates,
                creator=self._author_login(post.author),
                thread=self._thread_identifier(post, post_id) if self.disqus else None,
                post_id=post_id,
                # Unique and never empty: consumers name files after it (pelican-import, for one).
                name=self._slugs.claim(post.slug, f"post-{post_id}"),
                parent=0,
            ),
            *self._terms(post.terms),
            *(_postmeta(key, value) for key, value in meta),
        ]
        first = self._next_comment_id
        self._next_comment_id += len(post.comments)
        start = _as_datetime(published) if published is not None else _EPOCH
        for position, comment in enumerate(post.comments):
            lines.append(self._comment(comment, first, position, start))
        lines.append("\t</item>\n")
        for image, attachment_id in zip(post.images, attachment_ids, strict=True):
            lines.append(self._attachment(image, attachment_id, post_id, published, post.published))
        return "\n".join(lines)

    def _thread_identifier(self, post: WxrPost, post_id: int) -> str:
        """The page's own disqus_identifier when known; else what the WordPress Disqus plugin uses,
        ``"<post_id> <shortlink>"``, for WordPress posts; else the permalink."""
        if post.disqus_identifier:
            return post.disqus_identifier
        site_url = self._site.url if self._site else None
        if post.platform == "wordpress" and post.wanted_id.isdigit() and site_url:
            return f"{post.wanted_id} {site_url.rstrip('/')}/?p={post.wanted_id}"
        return post.link or f"blogmigrate-{post_id}"

    def _attachment(
        self,
        image: WxrImage,
        attachment_id: int,
        parent: int,
        published: PostDate | None,
        own_date: PostDate | None,
    ) -> str:
        """An image's item, dated as its post (``published``: as the run made it unique), one
        second on when another image of that title has that date. Its parts carry the dates of the
        post as it came (``own_date``)."""
        moment = self._unique_date(image.title, published, "attachment")
        lines = _item_lines(
            image.parts,
            dates=image.parts.dates if moment is own_date else _item_dates(moment, moment),
            creator="",
            thread=None,
            post_id=attachment_id,
            name=slugify(image.title) or "image",
            parent=parent,
        )
        lines.append(f"\t\t<wp:attachment_url>{cdata(image.url)}</wp:attachment_url>")
        lines.append("\t</item>\n")
        return "\n".join(lines)

    # -- comments ------------------------------------------------------------------------------
    def _comment(self, comment: WxrComment, first: int, position: int, start: datetime) -> str:
        """A rendered comment with its id (``first`` is the post's first comment's), its parent's,
        its author's Disqus address and, when it has none, a date: never one shared fallback
        date, since the importer deduplicates on (author, date)."""
        dates, meta = comment.dates, ""
        if dates is None:
            dates = _comment_dates(start + timedelta(seconds=position + 1))
            meta = _commentmeta("_blogmigrate_date_unknown", "1")
        email = cdata(self.disqus_email(*comment.person)) if self.disqus else _EMPTY
        parent = first + comment.parent if comment.parent >= 0 else 0
        return (
            "\t\t<wp:comment>"
            f"<wp:comment_id>{first + position}</wp:comment_id>"
            f"{comment.author}"
            f"<wp:comment_author_email>{email}</wp:comment_author_email>"
            f"{comment.address}{dates}{comment.content}"
            f"<wp:comment_parent>{parent}</wp:comment_parent>"
            f"<wp:comment_user_id>0</wp:comment_user_id>"
            f"{meta}"
            "</wp:comment>"
        )


def _item_parts(
    *,
    title: str,
    link: str,
    published: PostDate | None,
    modified: PostDate | None,
    guid: str,
    content: str,
    excerpt: str,
    comment_status: str,
    status: str,
    kind: str,
) -> ItemParts:
    """The lines of an ``<item>`` that its post (or image) decides, as posts, pages and
    attachments share them (``content`` and ``excerpt``: CDATA sections, `cdata`)."""
    return ItemParts(
        opening=f"\t<item>\n\t\t<title>{cdata(title)}</title>\n\t\t<link>{cdata(link)}</link>",
        dates=_item_dates(published, modified),
        text=(
            f'\t\t<guid isPermaLink="false">{cdata(guid)}</guid>\n'
            "\t\t<description></description>\n"
            f"\t\t<content:encoded>{content}</content:encoded>\n"
            f"\t\t<excerpt:encoded>{excerpt}</excerpt:encoded>"
        ),
        statuses=(
            f"\t\t<wp:comment_status>{cdata(comment_status)}</wp:comment_status>\n"
            f"\t\t<wp:ping_status>{cdata(comment_status)}</wp:ping_status>"
        ),
        status=f"\t\t<wp:status>{cdata(status)}</wp:status>",
        closing=(
            "\t\t<wp:menu_order>0</wp:menu_order>\n"
            f"\t\t<wp:post_type>{cdata(kind)}</wp:post_type>\n"
            f"\t\t<wp:post_password>{_EMPTY}</wp:post_password>\n"
            "\t\t<wp:is_sticky>0</wp:is_sticky>"
        ),
    )


def _item_dates(published: PostDate | None, modified: PostDate | None) -> tuple[str, str]:
    """An item's ``pubDate``, and its ``wp:post_date`` to ``wp:post_modified_gmt``."""
    return (
        f"\t\t<pubDate>{rfc2822(published)}</pubDate>",
        f"\t\t<wp:post_date>{_date_cdata(wp_date(published))}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{_date_cdata(wp_date_gmt(published))}</wp:post_date_gmt>\n"
        f"\t\t<wp:post_modified>{_date_cdata(wp_date(modified))}</wp:post_modified>\n"
        f"\t\t<wp:post_modified_gmt>{_date_cdata(wp_date_gmt(modified))}</wp:post_modified_gmt>",
    )


def _item_lines(
    parts: ItemParts,
    *,
    dates: tuple[str, str],
    creator: str,
    thread: str | None,
    post_id: int,
    name: str,
    parent: int,
) -> list[str]:
    """An ``<item>``'s opening and its fields: its own parts, with what the run gives it."""
    lines = [
        parts.opening,
        dates[0],
        f"\t\t<dc:creator>{cdata(creator)}</dc:creator>",
        parts.text,
    ]
    if thread is not None:
        lines.append(f"\t\t<dsq:thread_identifier>{cdata(thread)}</dsq:thread_identifier>")
    lines += [
        f"\t\t<wp:post_id>{post_id}</wp:post_id>",
        dates[1],
        parts.statuses,
        f"\t\t<wp:post_name>{cdata(name)}</wp:post_name>",
        parts.status,
        f"\t\t<wp:post_parent>{parent}</wp:post_parent>",
        parts.closing,
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
