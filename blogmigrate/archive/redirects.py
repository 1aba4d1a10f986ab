"""Redirects from the old addresses of every post (all the copies it was saved under) to its new one,
written for nginx, Apache, Netlify (``_redirects``) or as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from ..exporters.paths import SlugRegistry, post_segment
from ..model import Post
from ..output import write_text_atomically
from .options import RedirectOptions

REDIRECT_FORMATS = ("nginx", "apache", "netlify", "csv")


def redirect_format_for(name: str) -> str | None:
    """The format a file name implies: ``_redirects`` → netlify, ``.htaccess`` → apache, …"""
    lowered = name.lower().rsplit("/", 1)[-1]
    if lowered == "_redirects":
        return "netlify"
    if lowered.endswith(".csv"):
        return "csv"
    if lowered == ".htaccess" or "apache" in lowered:
        return "apache"
    if lowered.endswith(".conf") or "nginx" in lowered:
        return "nginx"
    return None


@dataclass(frozen=True, slots=True)
class RedirectSource:
    """What a post's redirects need (any process can take it from the post): the name its page
    would have alone (`paths.post_segment`; the run makes it unique), its day, its address and
    the other addresses it was saved under."""

    segment: str
    published: date | None
    url: str | None
    old_urls: tuple[str, ...]


def redirect_source(post: Post, old_urls: tuple[str, ...]) -> RedirectSource:
    published = post.published if isinstance(post.published, date) else None
    return RedirectSource(post_segment(post), published, post.url, old_urls)


class RedirectWriter:
    """Collects old path → new path pairs as posts stream by; writes them at the end."""

    def __init__(self, options: RedirectOptions) -> None:
        self.options = options
        self.slugs = SlugRegistry()
        self.pairs: dict[str, str] = {}

    def add_source(self, source: RedirectSource) -> None:
        """The redirects of the next post in output order (the order names its page)."""
        new = self._target(source)
        for url in (source.url, *source.old_urls):
            old = _old_path(url)
            if old and old.rstrip("/") != new.rstrip("/"):
                self.pairs.setdefault(old, new)  # the first post to claim an address keeps it

    def _target(self, source: RedirectSource) -> str:
        published = source.published
        return self.options.target.format(
            slug=self.slugs.claim_segment(source.segment),
            year=f"{published.year:04d}" if published else "",
            month=f"{published.month:02d}" if published else "",
            day=f"{published.day:02d}" if published else "",
        )

    def close(self) -> int:
        render = _RENDERERS[self.options.format]
        write_text_atomically(self.options.path, render(self.pairs), force=self.options.force)
        return len(self.pairs)


def _old_path(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path or "/"
    if path == "/" and not parts.query:
        return None  # the home page is not a post's old address
    return path + (f"?{parts.query}" if parts.query else "")


def _nginx(pairs: dict[str, str]) -> str:
    lines = [
        "# blogmigrate redirects. In the http {} block:  include this file;",
        "# in the server {} block:  if ($blogmigrate_redirect) { return 301 $blogmigrate_redirect; }",
        "map $request_uri $blogmigrate_redirect {",
        '    default "";',
    ]
    for old, new in sorted(pairs.items()):
        lines.append(f"    {_nginx_quote(old)} {_nginx_quote(new)};")
        if "?" not in old:
            other = old[:-1] if old.endswith("/") else old + "/"
            if other and other not in pairs:
                lines.append(f"    {_nginx_quote(other)} {_nginx_quote(new)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _nginx_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _apache(pairs: dict[str, str]) -> str:
    lines = [
        "# blogmigrate redirects (Apache mod_rewrite: .htaccess or a <VirtualHost>)",
        "RewriteEngine On",
    ]
    written: set[tuple[str, str]] = set()
    for old, new in sorted(pairs.items()):
        path, _, query = old.partition("?")
        pattern = _regex_escape(path.lstrip("/").rstrip("/"))
        if (pattern, query) in written:
            continue  # "/a" and "/a/" make the same rule
        written.add((pattern, query))
        if query:
            lines.append(f"RewriteCond %{{QUERY_STRING}} ^{_regex_escape(query)}$")
        lines.append(f"RewriteRule ^{pattern}/?$ {_apache_quote(new)}? [R=301,L]")
    return "\n".join(lines) + "\n"


def _regex_escape(value: str) -> str:
    return "".join("\\" + ch if ch in ".^$*+?()[]{}|\\" else ch for ch in value).replace(" ", "\\ ")


def _apache_quote(value: str) -> str:
    return value.replace(" ", "%20")


def _netlify(pairs: dict[str, str]) -> str:
    lines = ["# blogmigrate redirects (Netlify _redirects)"]
    for old, new in sorted(pairs.items()):
        path, _, query = old.partition("?")
        params = " ".join(query.split("&")) if query else ""
        lines.append(
            " ".join(part for part in (path.replace(" ", "%20"), params, new, "301") if part)
        )
    return "\n".join(lines) + "\n"


def _csv(pairs: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["old", "new", "status"])
    for old, new in sorted(pairs.items()):
        writer.writerow([old, new, 301])
    return buffer.getvalue()


_RENDERERS: dict[str, Callable[[dict[str, str]], str]] = {
    "nginx": _nginx,
    "apache": _apache,
    "netlify": _netlify,
    "csv": _csv,
}
