"""The normalizer: raw scraper output → trustworthy `Post` and `Comment` records."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta, tzinfo
from urllib.parse import urlsplit

from mypy_extensions import mypyc_attr

from ..model import Comment, CommentStatus, CommentType, Image, Person, Post, Site
from ..page import Page
from ..scrapers.base import RawComment, RawDate, RawPost
from ..textsafety import safe_record
from .commentbody import read_comment_body
from .dates import DateParser, ParsedDate, blogger_comment_epoch, date_from_url, post_offset
from .html import clean_body, describe_removed
from .slugs import post_slug
from .text import (
    clean_person_name,
    element_excerpt,
    make_excerpt,
    normalise_language,
    parse_declared_count,
    squash,
    strip_site_suffix,
)
from .threads import ThreadInput, infer_threads
from .urls import absolute_url, unwrap_wayback


# Not a native class: the options travel to --jobs workers by pickle, which cannot rebuild a
# compiled frozen dataclass.
@mypyc_attr(native_class=False)
@dataclass(frozen=True, slots=True, kw_only=True)
class NormalizeOptions:
    timezone: tzinfo | None = None
    infer_threads: bool = True
    sanitize_comments: bool = True


def normalize_post(
    raw: RawPost, page: Page, platform: str, options: NormalizeOptions | None = None
) -> Post:
    """Interpret one scraped post: dates, URLs, names, HTML, threads. Lossy steps warn on the page."""
    options = options or NormalizeOptions()
    permalink = _permalink(raw, page)
    base = absolute_url(raw.base_url, permalink) if raw.base_url else permalink
    language = normalise_language(raw.language)
    dates = DateParser(language, timezone=options.timezone, capture_time=page.capture_time)
    title = squash(strip_site_suffix(raw.title or "", raw.site_name)) or "(untitled)"
    if raw.title is None:
        page.warn("no-title", "no title found; the post is called (untitled)")
    post_id = _post_id(raw, permalink, page.source)
    body = clean_body(raw.body, base) if raw.body is not None else None
    if body is None:
        page.warn("no-body", "no post body found")
    content = body.html if body is not None else ""
    author = (
        Person(name=name, url=absolute_url(raw.author_url, base))
        if (name := clean_person_name(raw.author_name))
        else None
    )
    zone = post_offset(raw.published)
    comments = _normalize_comments(raw.comments, author, dates, base, options, page, zone)
    declared = parse_declared_count(raw.declared_count_text)
    if declared is not None and declared != len(comments):
        page.warn(
            "comment-count",
            f"{declared} comments declared but {len(comments)} found "
            "(some may be on other comment pages, held for moderation or deleted)",
        )
    published = dates.parse(raw.published)
    if published.value is None:
        published = _date_from_permalink(permalink, page)
    if published.value is None:
        page.warn("no-date", "no publication date found on the page or in its address")
    image_url = absolute_url(raw.image_url, base)
    post = Post(
        id=post_id,
        platform=platform,
        source=page.source,
        url=permalink,
        slug=post_slug(permalink, title, f"post-{post_id}"),
        title=title,
        author=author,
        published=published.value,
        updated=dates.parse(raw.updated).value,
        language=language,
        categories=_distinct_labels(raw.categories),
        tags=_distinct_labels(raw.tags),
        content_html=content,
        # clean_body cleaned raw.body in place: its words are the content's, without re-parsing it.
        excerpt=make_excerpt(raw.excerpt) if raw.excerpt else element_excerpt(raw.body),
        image=Image(url=image_url, alt=raw.image_alt, caption=raw.image_caption)
        if image_url
        else None,
        comment_status=CommentStatus(raw.comment_status) if raw.comment_status else None,
        comment_count_declared=declared,
        comments=comments,
        kind=raw.kind,
    )
    post, replaced = safe_record(post)
    if replaced:
        page.warn(
            "unsafe-characters",
            f"{replaced} control or non-character code point(s) replaced by U+FFFD "
            "(counted in every field that held one, the raw comment HTML included)",
        )
    return post


def _distinct_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """Each category or tag once, in page order, squashed; blank ones dropped (each squashed once)."""
    return tuple(dict.fromkeys(label for label in map(squash, labels) if label))


def _date_from_permalink(permalink: str | None, page: Page) -> ParsedDate:
    """The last resort for a post's date: ``/2010/11/22/`` (or ``/2010/11/``) in its permalink."""
    found = date_from_url(permalink)
    if found is None:
        return ParsedDate(None)
    if found.day_known:
        page.warn("date-from-url", f"no date on the page; {found.value} taken from the permalink")
    else:
        page.warn(
            "date-from-url",
            f"no date on the page; the permalink gives the month only, {found.value} is its 1st",
        )
    return ParsedDate(found.value, approximate=not found.day_known)


def _permalink(raw: RawPost, page: Page) -> str | None:
    for candidate in (raw.permalink, page.saved_from_url):
        if candidate:
            url = unwrap_wayback(candidate.strip())
            if url.startswith(("http://", "https://")):
                return url
    return None


def _post_id(raw: RawPost, permalink: str | None, source: str) -> str:
    if raw.source_id:
        digits = "".join(ch for ch in raw.source_id if ch.isdigit())
        if digits and "p=" in raw.source_id:
            return digits
        if digits and raw.source_id.isdigit():
            return digits
        if digits and raw.source_id.startswith("post-"):
            return digits
    key = (permalink or source).encode("utf-8", "surrogatepass")
    return "p" + hashlib.sha1(key, usedforsecurity=False).hexdigest()[:10]


def _normalize_comments(
    raws: tuple[RawComment, ...],
    post_author: Person | None,
    dates: DateParser,
    base: str | None,
    options: NormalizeOptions,
    page: Page,
    zone: timedelta | None,
) -> tuple[Comment, ...]:
    """The comments; ``zone`` is the post's UTC offset, for instants that carry none."""
    ids = _comment_ids(raws)
    removed: Counter[str] = Counter()
    audit = removed if options.sanitize_comments else None
    # One walk of each body gives its HTML, what sanitising removes and the words threads read.
    bodies = [read_comment_body(raw.body, base, audit) for raw in raws]
    authors = _comment_authors(raws, base)
    threads = infer_threads(
        [
            ThreadInput(author=author.name, text=body.thread_text, parent=raw.parent_index)
            for raw, author, body in zip(raws, authors, bodies, strict=True)
        ],
        infer=options.infer_threads,
    )
    comments = []
    for position, raw in enumerate(raws):
        body = bodies[position]
        author = authors[position]
        parsed = dates.parse(_with_epoch(raw), zone)
        thread = threads[position]
        comments.append(
            Comment(
                id=ids[position],
                parent_id=ids[thread.parent] if thread.parent is not None else None,
                type=CommentType(raw.kind) if raw.kind else CommentType.COMMENT,
                author=author,
                published=parsed.value,
                content_html=body.safe_html,
                content_html_raw=body.html,
                by_post_author=raw.by_post_author or _same_person(author, post_author),
                parent_inferred=thread.inferred,
                date_approximate=parsed.approximate,
                date_text=squash(raw.date.text) if raw.date.text else None,
                mentions=thread.mentions,
            )
        )
    if removed:
        page.warn("sanitized", f"removed from comment HTML: {describe_removed(removed)}")
    undated = sum(1 for comment in comments if comment.published is None)
    if undated:
        page.warn("undated-comments", f"{undated} comment(s) without a readable date")
    return tuple(comments)


def _comment_authors(raws: tuple[RawComment, ...], base: str | None) -> list[Person]:
    """Each comment's author. A page repeats its regulars (same name, site and avatar): each
    distinct one is cleaned and made absolute once, and its comments share the record."""
    people: dict[tuple[str | None, str | None, str | None], Person] = {}
    authors = []
    for raw in raws:
        key = (raw.author_name, raw.author_url, raw.avatar)
        person = people.get(key)
        if person is None:
            person = people[key] = Person(
                name=clean_person_name(raw.author_name) or "Anonymous",
                url=absolute_url(raw.author_url, base),
                avatar=absolute_url(raw.avatar, base),
            )
        authors.append(person)
    return authors


def _with_epoch(raw: RawComment) -> RawDate:
    """Blogger's comment links carry the exact instant (``showComment=<ms>``): a machine date."""
    if raw.date.machine:
        return raw.date
    epoch = blogger_comment_epoch(raw.permalink)
    return RawDate(machine=epoch, text=raw.date.text) if epoch else raw.date


def _comment_ids(raws: tuple[RawComment, ...]) -> list[str]:
    seen: set[str] = set()
    ids = []
    for position, raw in enumerate(raws, start=1):
        candidate = raw.source_id if raw.source_id and raw.source_id not in seen else f"c{position}"
        while candidate in seen:
            candidate = f"{candidate}-{position}"
        seen.add(candidate)
        ids.append(candidate)
    return ids


def _same_person(author: Person, post_author: Person | None) -> bool:
    if post_author is None or not author.url or not post_author.url:
        return False
    return author.name.casefold() == post_author.name.casefold() and author.url.rstrip(
        "/"
    ) == post_author.url.rstrip("/")


def normalize_site(raw: RawPost, post: Post) -> Site:
    """What a page tells about its blog: name, home URL, language."""
    url = absolute_url(raw.site_url, post.url)
    if not url and post.url:
        parts = urlsplit(post.url)
        url = f"{parts.scheme}://{parts.netloc}/"
    return Site(
        title=squash(raw.site_name or "") or "Imported blog", url=url, language=post.language
    )
