"""One key per post, whatever copy of it was saved: the grouping key of the merge.

``https://www.blog.example/2020/05/hello/comment-page-2/#comments``, ``http://blog.example/2020/05/hello``,
``…/hello/amp/``, ``…/hello/?replytocom=12``, ``…/hello/?print=1`` and a Wayback address of any of them
all give the key ``blog.example/2020/05/hello``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from ..normalize.urls import unwrap_wayback

PLAIN = "plain"
"""The variant name of the permalink itself."""

_VARIANT_SEGMENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^comment-page-(\d+)$", re.IGNORECASE), "comment-page"),
    (re.compile(r"^amp$", re.IGNORECASE), "amp"),
    (re.compile(r"^print$", re.IGNORECASE), "print"),
)
"""Trailing path segments that make another copy of the same post, not another post."""
_VARIANT_QUERIES: dict[str, str] = {
    "replytocom": "replytocom",
    "cpage": "comment-page",
    "amp": "amp",
    "print": "print",
    "share": "share",
}
_DROPPED_QUERIES = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|nocache|ver|doing_wp_cron|preview_id|_ga)$",
    re.IGNORECASE,
)
_INDEX_FILE = re.compile(r"/index\.(?:html?|php|asp)$", re.IGNORECASE)
_VARIANT_RANK = {PLAIN: 3, "comment-page": 2, "replytocom": 2, "share": 2, "amp": 1, "print": 0}
"""How much a copy's fields are worth: the permalink's page has them all, AMP and print copies drop some."""


@dataclass(frozen=True, slots=True)
class UrlKey:
    key: str
    """The grouping key: host without ``www.``, path without variants or trailing slash, kept query."""
    clean_url: str
    """The address with variant parts removed, scheme and host as given."""
    variant: str
    """``plain``, ``comment-page``, ``replytocom``, ``amp``, ``print`` or ``share``."""
    comment_page: int | None = None

    @property
    def rank(self) -> int:
        return _VARIANT_RANK.get(self.variant, 0)


def url_key(url: str) -> UrlKey:
    """The post key of an address (absolute, site-relative or a Wayback address)."""
    parts = urlsplit(unwrap_wayback(url.strip()))
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    bare_host = host.removeprefix("www.")
    path = _INDEX_FILE.sub("/", quote(unquote(parts.path or "/"), safe="/%@:+,;=!$&'()*~-._"))
    variant, comment_page = PLAIN, None
    segments = [segment for segment in path.split("/") if segment]
    while segments:
        found = _variant_segment(segments[-1])
        if found is None:
            break
        name, number = found
        if variant == PLAIN or name == "comment-page":
            variant = name
        comment_page = number if number is not None else comment_page
        segments.pop()
    kept: list[tuple[str, str]] = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        lowered = name.lower()
        if lowered in _VARIANT_QUERIES:
            if variant == PLAIN:
                variant = _VARIANT_QUERIES[lowered]
            if lowered == "cpage" and value.isdigit():
                comment_page = int(value)
        elif not _DROPPED_QUERIES.match(name):
            kept.append((name, value))
    kept.sort()
    query = urlencode(kept)
    clean_path = "/" + "/".join(segments)
    if segments and (path.endswith("/") or len(segments) < len(path.strip("/").split("/"))):
        clean_path += "/"
    key = bare_host + clean_path.rstrip("/") + (f"?{query}" if query else "")
    origin = f"{scheme}://{host}" if host else ""
    clean = origin + clean_path + (f"?{query}" if query else "")
    return UrlKey(key=key or "/", clean_url=clean, variant=variant, comment_page=comment_page)


def _variant_segment(segment: str) -> tuple[str, int | None] | None:
    for pattern, name in _VARIANT_SEGMENTS:
        match = pattern.match(segment)
        if match:
            number = int(match.group(1)) if match.groups() else None
            return name, number
    return None
