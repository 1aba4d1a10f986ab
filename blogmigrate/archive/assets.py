"""Images and files the posts use, found among the inputs, copied beside the output, links rewritten.

A reference (``src``, ``srcset``, ``data-src``, links to uploaded files) is looked up by its path:
the candidate files with the same name whose folders match the most trailing path segments win, so
``http://blog.example/wp-content/uploads/2020/05/a.jpg`` finds ``mirror/blog.example/wp-content/uploads/
2020/05/a.jpg``, a WARC record of that address, or ``Post_files/a.jpg`` from "Save page as". WordPress
resized copies (``a-300x200.jpg``) lead back to the original when the inputs hold it.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..errors import OutputExistsError
from ..model import Post
from ..output import atomic_writer
from .inputs import Asset, read_asset

_REFERENCE = re.compile(
    r'(?P<attribute>\b(?:src|srcset|data-src|data-lazy-src|href|poster))="(?P<value>[^"]*)"'
)
_RESIZED = re.compile(r"^(?P<stem>.+?)-\d{2,5}x\d{2,5}(?P<suffix>\.[A-Za-z0-9]+)$")
_FILE_SUFFIXES = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".svg",
        ".bmp",
        ".tif",
        ".tiff",
        ".avif",
        ".ico",
        ".pdf",
        ".mp3",
        ".ogg",
        ".m4a",
        ".wav",
        ".mp4",
        ".webm",
        ".mov",
        ".zip",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".txt",
    ]
)
_IMAGE_ATTRIBUTES = frozenset({"src", "srcset", "data-src", "data-lazy-src", "poster"})
_SAVED_PAGE_FOLDER = "_files"


@dataclass(frozen=True, slots=True)
class Localized:
    post: Post
    needed: tuple[Asset, ...] = ()
    """The asset files the post now links to, in the order it names them (`AssetCopier.copy`)."""
    missing: tuple[str, ...] = ()
    """Addresses of images the inputs do not hold."""


class AssetIndex:
    """Asset files of the inputs, looked up by the path of an address."""

    def __init__(self, assets: Iterable[Asset]) -> None:
        self._by_name: dict[str, list[tuple[tuple[str, ...], Asset]]] = {}
        for asset in assets:
            parts = tuple(unquote(part) for part in asset.relative.split("/") if part)
            if parts:
                self._by_name.setdefault(parts[-1].lower(), []).append((parts, asset))

    def __len__(self) -> int:
        return sum(len(found) for found in self._by_name.values())

    def find(self, url: str) -> Asset | None:
        """The file for an address, the original of a resized WordPress image first."""
        segments = tuple(unquote(part) for part in urlsplit(url).path.split("/") if part)
        if not segments:
            return None
        resized = _RESIZED.match(segments[-1])
        if resized:
            original = (*segments[:-1], resized.group("stem") + resized.group("suffix"))
            found = self._best(original)
            if found is not None:
                return found
        return self._best(segments)

    def _best(self, segments: tuple[str, ...]) -> Asset | None:
        best: tuple[int, Asset] | None = None
        for parts, asset in self._by_name.get(segments[-1].lower(), ()):
            score = _common_suffix(parts, segments)
            # A bare name match is only trusted inside a "Save page as" folder, which flattens paths.
            saved_page = len(parts) > 1 and parts[-2].endswith(_SAVED_PAGE_FOLDER)
            if score < min(2, len(segments)) and not saved_page:
                continue
            if best is None or score > best[0]:
                best = (score, asset)
        return best[1] if best else None


def _common_suffix(left: tuple[str, ...], right: tuple[str, ...]) -> int:
    count = 0
    for a, b in zip(reversed(left), reversed(right), strict=False):
        if a != b:
            break
        count += 1
    return count


@dataclass(frozen=True, slots=True)
class AssetLinks:
    """What a post's references become: the input file an address names (`AssetIndex`), linked
    as ``link_prefix`` + its path in the media folder. Rewriting a post copies nothing, so any
    process may do it (`AssetCopier` copies the files the posts need, once each)."""

    index: AssetIndex
    link_prefix: str

    def localize(self, post: Post) -> Localized:
        """The post with every found reference pointing at its copy; missing images listed."""
        needed: dict[str, Asset] = {}
        missing: dict[str, None] = {}

        def rewrite(match: re.Match[str]) -> str:
            attribute, value = match.group("attribute"), html.unescape(match.group("value"))
            if attribute == "srcset":
                candidates = [part.strip() for part in value.split(",") if part.strip()]
                rewritten = []
                for candidate in candidates:
                    url, _, width = candidate.partition(" ")
                    local = self._local(url, attribute, needed, missing)
                    rewritten.append(f"{local or url} {width}".strip())
                new_value = ", ".join(rewritten)
            else:
                new_value = self._local(value, attribute, needed, missing) or value
            return f'{attribute}="{html.escape(new_value, quote=True)}"'

        content = post.content_html
        new_content = _REFERENCE.sub(rewrite, content) if "=" in content else content
        if needed and new_content != content:
            post = dataclasses.replace(post, content_html=new_content)
        return Localized(post, tuple(needed.values()), tuple(missing))

    def _local(
        self, url: str, attribute: str, needed: dict[str, Asset], missing: dict[str, None]
    ) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "") or not parts.path:
            return None
        is_file = PurePosixPath(parts.path).suffix.lower() in _FILE_SUFFIXES
        if attribute == "href" and not is_file:
            return None
        asset = self.index.find(url)
        if asset is None:
            if attribute in _IMAGE_ATTRIBUTES:
                missing[url] = None
            return None
        relative = _safe_relative(asset.relative)
        needed.setdefault(relative, asset)
        return self.link_prefix + relative


class AssetCopier:
    """Copies assets into ``folder`` once each (atomically) and names the link to use for them."""

    def __init__(self, index: AssetIndex, folder: Path, link_prefix: str, *, force: bool) -> None:
        self.links = AssetLinks(index, link_prefix)
        self.folder = folder
        self.force = force
        self._done: set[Asset] = set()

    @property
    def copied(self) -> int:
        return len(self._done)

    def copy(self, assets: Iterable[Asset]) -> None:
        """Each asset copied into the folder, unless an earlier post's copy is there."""
        for asset in assets:
            if asset in self._done:
                continue
            target = self.folder / _safe_relative(asset.relative)
            data = read_asset(asset)
            if target.exists() and not self.force and target.read_bytes() != data:
                raise OutputExistsError(f"{target}: already exists; use --force to overwrite it")
            _write_bytes_atomically(target, data)
            self._done.add(asset)


def _safe_relative(relative: str) -> str:
    """A path that stays inside the media folder, whatever the archive member was called."""
    parts = [part for part in relative.split("/") if part not in ("", ".", "..")]
    return "/".join(part.replace("\\", "_").replace(":", "_") for part in parts) or "file"


def _write_bytes_atomically(path: Path, data: bytes) -> None:
    # The shared atomic writer is a text stream; its binary buffer takes the bytes as they are.
    with atomic_writer(path, force=True) as stream:
        stream.flush()
        stream.buffer.write(data)  # type: ignore[attr-defined]  # a TextIOWrapper over a file
