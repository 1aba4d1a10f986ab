"""The exporter plugin point: stream posts out one at a time (open → write × N → close)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from ..model import Post, Site


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportOptions:
    target: str
    """A folder for multi-file formats; a file or ``-`` for single-document ones."""
    force: bool = False
    flavor: str | None = None
    """Markdown only: the static site generator (``flavors.FLAVORS``); None = the default."""
    front_matter: str | None = None
    """Markdown only: ``yaml`` or ``toml`` where the flavour allows both; None = its default."""
    comments: str = "data"
    """Markdown only: comments as data files (``data``), at the end of the post (``inline``), or ``none``."""


class Exporter(Protocol):
    name: ClassVar[str]
    single_document: ClassVar[bool]
    """True when the whole export is one document (can go to ``-o -``)."""
    description: ClassVar[str]

    def open(self, site: Site) -> None: ...

    def write(self, post: Post) -> None: ...

    def close(self) -> None:
        """Finish the output; only now does it appear at its final path."""
        ...

    def abort(self) -> None:
        """Give up: remove whatever temporary output exists."""
        ...


class RenderingExporter(Exporter, Protocol):
    """An exporter whose output for a post is a function of that post alone (`renderer`): other
    processes may render posts while this one writes them, in order (`write_rendered`).
    ``write(post)`` is ``write_rendered(renderer(options)(post))``."""

    rendered_records: ClassVar[tuple[type, ...]]
    """The record classes a rendered post is made of, when it is more than bytes: a run whose
    workers render the posts registers them for pickling (`archive.pickling.register`)."""

    @classmethod
    def renderer(cls, options: ExportOptions) -> Callable[[Post], Any]:
        """What renders a post for an export with ``options``: picklable, as the pool's workers
        get it. What it returns is the exporter's own (bytes of JSON, a `MarkdownPost`)."""
        ...

    def write_rendered(self, rendered: Any) -> None: ...
