"""How a whole run goes: parallelism, where it runs, what it writes besides the posts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_REDIRECT_TARGET = "/posts/{slug}/"
"""Where the Markdown exporter's page bundles (``posts/<slug>/index.md``) are served."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RedirectOptions:
    path: Path
    format: str
    """nginx, apache, netlify or csv."""
    target: str = DEFAULT_REDIRECT_TARGET
    """The new address of a post: ``{slug}``, ``{year}``, ``{month}``, ``{day}`` are filled in."""
    force: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    jobs: int | None = None
    """Worker processes; None means one per CPU core. 1 runs everything in this process."""
    scheduler: str | None = None
    """A Dask scheduler address (``tcp://host:8786``): run the page map and the merge on Dask."""
    copy_assets: bool = True
    """Copy images the posts use from the inputs beside the output, and point the posts at them."""
    redirects: RedirectOptions | None = None
