"""Inputs: files, folders, mirrors, zip / tar(.gz) / WARC(.gz) archives, gzip pages and ``-``.

Discovery is cheap: it lists what to read (paths, archive member names, WARC record offsets) and
never holds page bytes, except for standard input and tar members (a compressed tar can only be read
in order, so `with_payloads` streams those bytes just before they are processed). Everything else is
read by `read_input`, in whichever process converts the page. Every member of an archive is named
``archive.zip!path/inside.html`` in messages and reports.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import os
import re
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ..errors import NoInputError, PageError, UnsupportedPageError
from .feeds import iso_instant
from .wgetnames import url_from_mirror_path

STDIN = "-"
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
GZIP_PAGE_SUFFIXES = tuple(suffix + ".gz" for suffix in PAGE_SUFFIXES + FEED_SUFFIXES)
ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
MAX_PAGE_BYTES = 64 * 1024 * 1024
"""The cap on one page's (decompressed) size: a gzip bomb or a huge member is skipped, not read."""
MEMBER_SEPARATOR = "!"
_SAVED_PAGE_FOLDER = re.compile(r"^(?P<page>.+)_files$")
_PAGE_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
_FEED_CONTENT_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_CONTENT_TYPES = ("text/xml", "application/xml")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One page (or feed) to read: a file, an archive member, a WARC record or standard input."""

    path: Path | None
    """The file on disk: the page itself, or the archive holding it. None for standard input."""
    name: str
    """The name the report and messages use (``archive.zip!inside/page.html`` for members)."""
    problem: str | None = None
    """Set when the file cannot be read at all (a dangling link): reported, not opened."""
    member: str | None = None
    """The member's name inside the archive at ``path``."""
    offset: int | None = None
    """Where the WARC record starts in ``path``."""
    data: bytes | None = field(default=None, repr=False)
    """Bytes already read (standard input, tar members); otherwise `read_input` reads them."""
    url: str | None = None
    """The address the page was saved from, when the container tells (WARC, wget mirror names)."""
    captured: datetime | None = None
    """When the page was captured, when the container tells (WARC-Date)."""


@dataclass(frozen=True, slots=True)
class Asset:
    """A non-page file of the inputs (an image, a PDF) that posts may reference."""

    path: Path
    """The file, or the archive holding it."""
    relative: str
    """Its path inside the mirror (``blog.example/wp-content/uploads/a.jpg``), ``/``-separated."""
    member: str | None = None
    offset: int | None = None


@dataclass(slots=True)
class Discovery:
    """Everything the inputs hold: pages and feeds to convert, and asset files to copy."""

    pages: list[InputFile] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)


def looks_like_page(name: str) -> bool:
    """A page or feed by its name, including wget/HTTrack names like ``index.html?replytocom=12.html``."""
    lowered = name.lower()
    return (
        lowered.endswith(PAGE_SUFFIXES + FEED_SUFFIXES + GZIP_PAGE_SUFFIXES)
        or ".html?" in lowered
        or ".htm?" in lowered
        or ".php?" in lowered
    )


def container_kind(name: str) -> str | None:
    """ "zip", "tar" or "warc" for an archive by its name, else None."""
    lowered = name.lower()
    if lowered.endswith(ZIP_SUFFIXES):
        return "zip"
    if lowered.endswith(TAR_SUFFIXES):
        return "tar"
    if lowered.endswith(WARC_SUFFIXES):
        return "warc"
    return None


def discover(inputs: Sequence[str]) -> list[InputFile]:
    """Every page named by the inputs, each once, folders walked in sorted order."""
    return discover_inputs(inputs).pages


def discover_inputs(inputs: Sequence[str]) -> Discovery:
    """Pages and assets of every input: files, folders (recursive, sorted), archives, ``-``."""
    found = Discovery()
    for entry in iter_inputs(inputs, read_stdin(inputs)):
        if isinstance(entry, InputFile):
            found.pages.append(entry)
        else:
            found.assets.append(entry)
    return found


def read_stdin(inputs: Sequence[str]) -> bytes | None:
    """Standard input's bytes when ``-`` is among the inputs (read once: it cannot be read again)."""
    return sys.stdin.buffer.read() if STDIN in inputs else None


def iter_inputs(inputs: Sequence[str], stdin: bytes | None = None) -> Iterator[InputFile | Asset]:
    """Pages and assets of every input, one by one, in order: nothing is held, so a run can walk
    the inputs twice (once to count, once to convert) instead of keeping a list of them."""
    seen: set[str] = set()
    # Sorted (by code point, not the shell's locale order): the output never depends on the order
    # the inputs were named in.
    for given in sorted(inputs):
        if given == STDIN:
            yield InputFile(None, "<stdin>", data=stdin or b"")
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, seen)
        elif path.is_file():
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            if container_kind(path.name):
                yield from _list_container(path, given)
            else:
                yield InputFile(path, given)
                yield from _saved_page_folder(path, seen)
        elif path.is_symlink():
            yield InputFile(path, given, "a dangling symbolic link; its target is gone")
        else:
            raise NoInputError(f"{given}: no such file or folder; check the path")


def _walk(folder: Path, seen: set[str]) -> Iterator[InputFile | Asset]:
    visited_folders: set[str] = set()
    # Each folder to walk, with its path inside the walked one ("" or "a/b/") and whether it holds
    # only assets.
    pending: list[tuple[Path, str, bool]] = [(folder, "", False)]
    while pending:
        current, inside, assets_only = pending.pop()
        real_folder = os.path.realpath(current)
        if real_folder in visited_folders:
            continue  # a symlink loop, or a folder reached twice
        visited_folders.add(real_folder)
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError:
            continue
        names = {entry.name for entry in entries}
        subfolders: list[tuple[Path, str, bool]] = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=True):
                # "Save page as" puts a page's images in <page>_files: assets, never pages.
                subfolders.append(
                    (
                        Path(entry.path),
                        f"{inside}{entry.name}/",
                        assets_only or _is_saved_page_folder(entry.name, names),
                    )
                )
            elif entry.is_file(follow_symlinks=True):
                # A file that is not a link is where its folder really is: no resolution of every
                # part of its path (a system call per part).
                real = (
                    os.path.realpath(entry.path)
                    if entry.is_symlink()
                    else os.path.join(real_folder, entry.name)  # noqa: PTH118  # a string, as realpath's
                )
                if real in seen:
                    continue
                seen.add(real)
                path = Path(entry.path)
                relative = inside + entry.name
                if not assets_only and container_kind(entry.name):
                    yield from _list_container(path, str(path))
                elif not assets_only and looks_like_page(entry.name):
                    yield InputFile(path, str(path), url=url_from_mirror_path(relative))
                else:
                    yield Asset(path, relative)
            elif entry.is_symlink() and looks_like_page(entry.name):
                path = Path(entry.path)
                yield InputFile(path, str(path), "a dangling symbolic link; its target is gone")
        pending.extend(reversed(subfolders))


def _is_saved_page_folder(name: str, siblings: set[str]) -> bool:
    match = _SAVED_PAGE_FOLDER.match(name)
    if match is None:
        return False
    page = match.group("page")
    return any(page + suffix in siblings for suffix in (".html", ".htm", ".xhtml", ".shtml"))


def _saved_page_folder(page: Path, seen: set[str]) -> Iterator[Asset]:
    """A page given by name brings its "Save page as" folder of images along."""
    folder = page.with_name(page.stem + "_files")
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        real = os.path.realpath(path)
        if path.is_file() and real not in seen:
            seen.add(real)
            yield Asset(path, path.relative_to(page.parent).as_posix())


# -- archives -------------------------------------------------------------------------------------


def member_name(archive: str, member: str) -> str:
    return f"{archive}{MEMBER_SEPARATOR}{member}"


def _list_container(path: Path, name: str) -> Iterator[InputFile | Asset]:
    kind = container_kind(path.name)
    lister = {"zip": _list_zip, "tar": _list_tar}.get(kind or "", _list_warc)
    try:
        yield from lister(path, name)
    except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError, ValueError) as error:
        yield InputFile(
            path, name, f"an unreadable {kind} archive ({error}); its pages were skipped"
        )


def _list_zip(path: Path, name: str) -> Iterator[InputFile | Asset]:
    with zipfile.ZipFile(path) as archive:
        for info in sorted(archive.infolist(), key=lambda info: info.filename):
            if info.is_dir():
                continue
            yield _member(path, name, info.filename)


def _list_tar(path: Path, name: str) -> Iterator[InputFile | Asset]:
    # Archive order, not sorted: a compressed tar can only be read front to back (`with_payloads`).
    with tarfile.open(path, "r:*") as archive:
        for info in archive:
            if info.isfile():
                yield _member(path, name, info.name)


def _member(path: Path, name: str, member: str) -> InputFile | Asset:
    relative = member.lstrip("/")
    folder, _, base = relative.rpartition("/")
    if looks_like_page(base) and not _inside_saved_page_folder(folder):
        return InputFile(
            path, member_name(name, member), member=member, url=url_from_mirror_path(relative)
        )
    return Asset(path, relative, member=member)


def _inside_saved_page_folder(folder: str) -> bool:
    return any(part.endswith("_files") for part in folder.split("/"))


def _list_warc(path: Path, name: str) -> Iterator[InputFile | Asset]:
    from warcio.archiveiterator import ArchiveIterator

    captures: dict[str, int] = {}
    with path.open("rb") as stream:
        records = ArchiveIterator(stream, arc2warc=True)
        for record in records:
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            offset = records.get_record_offset()
            content_type = _record_content_type(record)
            status = record.http_headers.get_statuscode() if record.http_headers else "200"
            if status != "200":
                continue  # redirects and errors carry no page
            captures[url] = captures.get(url, 0) + 1
            member = url if captures[url] == 1 else f"{url}#capture-{captures[url]}"
            if _is_page_type(content_type) or (not content_type and looks_like_page(url)):
                yield InputFile(
                    path,
                    member_name(name, member),
                    member=member,
                    offset=offset,
                    url=url,
                    captured=iso_instant(record.rec_headers.get_header("WARC-Date")),
                )
            else:
                yield Asset(path, url.split("://", 1)[-1].split("?", 1)[0], member, offset)


def _record_content_type(record: object) -> str:
    http_headers = getattr(record, "http_headers", None)
    headers = http_headers if http_headers is not None else getattr(record, "rec_headers", None)
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";", 1)[0].strip().lower()


def _is_page_type(content_type: str) -> bool:
    return content_type in _PAGE_CONTENT_TYPES + _FEED_CONTENT_TYPES + _XML_CONTENT_TYPES


# -- reading --------------------------------------------------------------------------------------


def with_payloads(items: Iterable[InputFile]) -> Iterator[InputFile]:
    """The items, with tar members' bytes read in archive order (one pass per tar archive)."""
    with contextlib.ExitStack() as stack:
        current: tuple[Path, tarfile.TarFile] | None = None
        for item in items:
            if item.data is not None or item.member is None or item.path is None:
                yield item
                continue
            if container_kind(item.path.name) != "tar":
                yield item
                continue
            if current is None or current[0] != item.path:
                stack.close()
                current = (item.path, stack.enter_context(tarfile.open(item.path, "r|*")))
            yield _tar_item(current[1], item)


def _tar_item(archive: tarfile.TarFile, item: InputFile) -> InputFile:
    for info in archive:
        if info.name != item.member:
            continue
        if info.size > MAX_PAGE_BYTES:
            return replace(item, problem=_too_large(info.size))
        extracted = archive.extractfile(info)
        data = extracted.read() if extracted is not None else b""
        return replace(item, data=data)
    return replace(item, problem="not found in the archive on a second reading")


def read_input(item: InputFile) -> bytes:
    """The bytes of one input, read with a cap on their (decompressed) size."""
    if item.problem:
        raise UnsupportedPageError(f"{item.name}: {item.problem}; skipped")
    if item.data is not None:
        data = item.data
    elif item.path is None:
        raise PageError(f"{item.name}: nothing to read")
    else:
        try:
            data = _read_location(item.path, item.member, item.offset)
        except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError) as error:
            raise PageError(f"{item.name}: cannot be read ({error}); check the file") from error
    if len(data) > MAX_PAGE_BYTES:
        raise UnsupportedPageError(f"{item.name}: {_too_large(len(data))}; skipped")
    if data.startswith(b"\x1f\x8b") and item.name.lower().endswith(".gz"):
        data = gunzip_capped(data, item.name)
    return data


def read_asset(asset: Asset) -> bytes:
    """The bytes of an asset file (for copying beside the output)."""
    return _read_location(asset.path, asset.member, asset.offset)


def _read_location(path: Path, member: str | None, offset: int | None) -> bytes:
    if member is None:
        with path.open("rb") as stream:
            return _read_capped(stream, path.name, os.fstat(stream.fileno()).st_size)
    kind = container_kind(path.name)
    if kind == "zip":
        archive = _open_zip(path)
        entry = archive.getinfo(member)
        with archive.open(entry) as stream:
            return _read_capped(stream, member, entry.file_size)
    if kind == "warc" and offset is not None:
        return _read_warc_record(path, offset)
    if kind == "tar":
        with tarfile.open(path, "r:*") as tar:
            info = tar.getmember(member)
            extracted = tar.extractfile(info)
            if extracted is None:
                raise PageError(f"{member}: not a regular file in {path}")
            return _read_capped(extracted, member, info.size)
    raise PageError(f"{path}: cannot read member {member}")


@functools.lru_cache(maxsize=2)
def _open_zip(path: Path) -> zipfile.ZipFile:
    """Zip archives stay open in each worker process: pages are read from them one by one."""
    return zipfile.ZipFile(path)


def _read_warc_record(path: Path, offset: int) -> bytes:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        stream.seek(offset)
        for record in ArchiveIterator(stream, arc2warc=True):
            return _read_capped(record.content_stream(), str(path))
    raise PageError(f"{path}: no WARC record at offset {offset}")


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _read_capped(stream: _Readable, name: str, size: int | None = None) -> bytes:
    data = _read_at_most(stream, MAX_PAGE_BYTES + 1, size)
    if len(data) > MAX_PAGE_BYTES:
        raise UnsupportedPageError(f"{name}: {_too_large(len(data))}; skipped")
    return data


_CHUNK_BYTES = 1 << 20
"""What `_read_at_most` asks a stream for at a time, past the size it was told."""


def _read_at_most(stream: _Readable, limit: int, size: int | None = None) -> bytes:
    """The stream's bytes, ``limit`` of them at most: read at once when its ``size`` is known (a
    file's, an archive member's), else (or past it, for a file that grew) a chunk at a time. A
    buffered stream asked for the limit at once makes a buffer of that size: the cap's 64 MiB,
    mapped, filled with a page's worth and unmapped for every page (half of a run's page faults)."""
    wanted = _CHUNK_BYTES if size is None else size + 1
    data = stream.read(min(wanted, limit))
    if len(data) < wanted or len(data) >= limit:
        return data
    parts = [data]  # more than it said, or more than a chunk
    read = len(data)
    while read < limit and (chunk := stream.read(min(_CHUNK_BYTES, limit - read))):
        parts.append(chunk)
        read += len(chunk)
    return b"".join(parts)


def gunzip_capped(data: bytes, name: str, cap: int = MAX_PAGE_BYTES) -> bytes:
    """Decompress gzip data, refusing to produce more than ``cap`` bytes (a gzip bomb stops early)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = _read_at_most(stream, cap + 1)
    except (OSError, EOFError) as error:
        raise PageError(f"{name}: broken gzip data ({error}); skipped") from error
    if len(out) > cap:
        raise UnsupportedPageError(
            f"{name}: decompresses to more than {cap // (1024 * 1024)} MB; skipped"
        )
    return out


def _too_large(size: int) -> str:
    return f"too large ({size // (1024 * 1024)} MB or more; the cap is {MAX_PAGE_BYTES // (1024 * 1024)} MB)"
