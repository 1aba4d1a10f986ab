"""What blogmigrate keeps between runs in the user's cache folder: what compiling the scrapers'
rules produces, and the locale data of dateparser that the date readers use.

Each run compiles the ~1 260 selector texts of the rules before its first page (cssselect's parse
of the CSS, its translation to XPath, the XPath's fast form, the plans for the element lists): a
quarter of the instructions of a run's start, which every run pays and which the workers of
``--jobs`` cannot share. What that compiling produces is plain data (strings, tuples, frozensets),
the same for the same code: stored once, it is read back by later runs (`marshal`, which builds
data and runs nothing), which then compile the XPath alone (`selectors._compiled_text`). The
locale data (`localedata.locale_info`) is read from dateparser, whose import alone takes ~25 ms of
each process: stored, a run that never calls dateparser's parser does not import it.

A cache file's name holds a key of all its data depends on (`products_key`): this format, the
Python version, lxml's, and the files (size and modification time) of the modules that compile the
rules and of the libraries whose data or code the products come from (cssselect, dateparser),
found without importing them (`module_file`). Any change to them names another file; when one is
written, the files of its kind beyond the `KEPT_PER_KIND` written last are deleted, so that
upgrades (or edits of the code) leave no trail. A file that cannot be read, or does not hold what
is expected, is ignored as if absent; a folder that cannot be written to is left alone: the run
compiles what it needs, as without a cache.

``BLOGMIGRATE_CACHE_DIR`` names the folder (set to nothing: no cache); otherwise it is the user's
cache folder for blogmigrate (platformdirs: ``~/.cache/blogmigrate`` on Linux).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

CACHE_VARIABLE = "BLOGMIGRATE_CACHE_DIR"
FORMAT = 1
"""The layout of the stored products; a change of it names other files."""
KEPT_PER_KIND = 3
"""Files of one kind kept: the one just written and those of the two codes written before it (two
installs used in turn each keep theirs)."""


def cache_folder() -> Path | None:
    """Where products are kept: ``BLOGMIGRATE_CACHE_DIR`` when set (None when set empty), else
    the user's cache folder."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("blogmigrate", appauthor=False))


def products_key(kind: str, versions: Iterable[str], module_files: Iterable[str]) -> str:
    """A name for the products of ``kind`` made by this code: the format, Python's version, the
    libraries' ``versions`` and each file's size and modification time."""
    parts = [kind, str(FORMAT), sys.version, *versions]
    for name in module_files:
        try:
            status = Path(name).stat()
        except OSError:
            parts.append(f"{name}: missing")
            continue
        parts.append(f"{name}:{status.st_size}:{status.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{kind}-{digest[:24]}"


def module_file(name: str) -> str:
    """The file of module ``name`` (a package's ``__init__.py``), found without importing it; ""
    when it is not installed. For `products_key`: a run that reads its products from the cache
    need not import the code that made them."""
    spec = importlib.util.find_spec(name)
    return "" if spec is None or spec.origin is None else spec.origin


def load(key: str) -> dict[Any, Any]:
    """The products stored under ``key`` (text → its products), or none: as the file holds them,
    for the caller to check."""
    folder = cache_folder()
    if folder is None:
        return {}
    try:
        data = (folder / f"{key}.marshal").read_bytes()
        products = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return products if isinstance(products, dict) else {}


def save(key: str, products: dict[Any, Any]) -> bool:
    """Store ``products`` under ``key``, written whole or not at all (a run beside this one reads
    the old file or the new one). False when the folder cannot take it."""
    folder = cache_folder()
    if folder is None:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(marshal.dumps(products))
            os.replace(temporary, folder / f"{key}.marshal")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return False
    _forget_older(folder, key)
    return True


def _forget_older(folder: Path, key: str) -> None:
    """Delete the files of ``key``'s kind beyond the `KEPT_PER_KIND` written last (``key``'s own
    among them): products of code no longer installed. A file that cannot be read or deleted is
    left; another run may be reading one, which it holds open."""
    kind = key.rsplit("-", 1)[0]
    written: list[tuple[int, str, Path]] = []
    try:
        for path in folder.glob(f"{kind}-*.marshal"):
            if path.stem.rsplit("-", 1)[0] == kind:
                written.append((path.stat().st_mtime_ns, path.name, path))
    except OSError:
        return
    written.sort(reverse=True)
    for _time, _name, path in written[KEPT_PER_KIND:]:
        if path.stem != key:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


class Stored:
    """Products of one kind kept between runs, in named tables (dicts): read from their file the
    first time a table is asked for, written back by `store` when a user of a table has set
    `changed`. What a table holds is as the file held it: its user checks each entry it reads."""

    __slots__ = ("_kind", "_names", "_sources", "_tables", "changed", "key", "read")

    def __init__(
        self,
        kind: str,
        tables: tuple[str, ...],
        sources: Callable[[], tuple[Iterable[str], Iterable[str]]],
    ) -> None:
        """``sources`` gives the versions and the files the products depend on (`products_key`),
        asked for when the file is first read."""
        self._kind = kind
        self._names = tables
        self._sources = sources
        self._tables: dict[str, dict[Any, Any]] | None = None
        self.changed = False
        self.key = ""
        self.read: dict[str, int] = {}
        """How many entries of each table the file held."""

    def table(self, name: str) -> dict[Any, Any]:
        tables = self._tables
        if tables is None:
            versions, files = self._sources()
            self.key = products_key(self._kind, versions, files)
            stored = load(self.key)
            tables = {}
            for table_name in self._names:
                held = stored.get(table_name)
                tables[table_name] = held if isinstance(held, dict) else {}
                self.read[table_name] = len(tables[table_name])
            self._tables = tables
        return tables[name]

    def store(self) -> bool:
        """Write the tables back when they changed; False when nothing was written."""
        if not self.changed or self._tables is None:
            return False
        self.changed = False
        return save(self.key, self._tables)


__all__ = [
    "CACHE_VARIABLE",
    "KEPT_PER_KIND",
    "Stored",
    "cache_folder",
    "load",
    "module_file",
    "products_key",
    "save",
]
