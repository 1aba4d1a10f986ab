"""Output names that are always safe: one file-system segment, never empty, never a reserved device
name, capped near 100 bytes, unique per run (case-folded NFC keys), and resolved inside the output
folder. See ../shared/docs/hazards.md rows 22 and 23."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import OutputError
from ..model import Post
from ..normalize.slugs import MAX_SLUG_BYTES, make_slug
from ..textsafety import safe_text

# Windows device names (with or without an extension) and names generators give a meaning to.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "index", "_index", "tags", "categories", "page", "feed"]
    + ["archives", "authors"]
    + [f"com{n}" for n in range(10)]
    + [f"lpt{n}" for n in range(10)]
)
_UNSAFE_CHARACTERS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def cap_bytes(text: str, limit: int = MAX_SLUG_BYTES) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, on a character boundary, without a trailing -."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore").rstrip("-._ ")


def safe_segment(slug: str, fallback: str) -> str:
    """One path segment from ``slug``: cleaned, capped, reserved names suffixed, never empty."""
    cleaned = _UNSAFE_CHARACTERS.sub("-", unicodedata.normalize("NFC", safe_text(slug)))
    cleaned = cleaned.replace("\ufffd", "").strip(" .-_")
    cleaned = cap_bytes(cleaned) if cleaned else ""
    if not any(character.isalnum() for character in cleaned):  # "", "..", "!!!", "😀"
        cleaned = make_slug(fallback) or "post"
    if cleaned.split(".")[0].casefold() in _RESERVED:
        cleaned = f"{cleaned}-post"
    return cleaned


def post_segment(post: Post) -> str:
    """The name a post's page would have alone: its slug, else ``post-<id>``, as a `safe_segment`.
    The Markdown exporter and the redirects both start from it (`SlugRegistry.claim_segment`), so
    that a redirect points at the file written."""
    return safe_segment(post.slug, f"post-{post.id}")


class SlugRegistry:
    """Unique slugs per run: "Hello World" and "hello world!" become ``hello-world``, ``hello-world-2``.

    Keys are case-folded NFC so two slugs that differ only by case or composition (which collide on
    macOS and Windows file systems) are told apart by their suffix; the suffix order is the order the
    posts arrive in, which is the sorted input order, so it is deterministic.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()

    def claim(self, slug: str, fallback: str = "post") -> str:
        return self.claim_segment(safe_segment(slug, fallback))

    def claim_segment(self, base: str) -> str:
        """``base`` (a `safe_segment`), or the first of ``base-2``, ``base-3``… not yet claimed."""
        candidate, number = base, 1
        while candidate.casefold() in self._used:
            number += 1
            suffix = f"-{number}"
            candidate = cap_bytes(base, MAX_SLUG_BYTES - len(suffix)) + suffix
        self._used.add(candidate.casefold())
        return candidate


def inside(folder: Path, relative: str) -> Path:
    """``folder / relative``, refusing any path that would resolve outside ``folder``."""
    root = folder.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise OutputError(f"{relative}: would be written outside {folder}; refused")
    return path
