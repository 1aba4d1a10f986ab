"""Running a whole archive: pages to records in a process pool (results put back in input order, so
the output is byte-identical whatever the job count), copies merged through an on-disk group-by,
feeds and assets applied, posts streamed into the exporter, the report filled as it goes. When the
exporter renders a post apart from the run (JSON, Markdown, WXR: `RenderingExporter`), the pool
merges and renders the posts too."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import pickle
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, cast

from ..errors import NoInputError
from ..exporters import EXPORTERS, Exporter, ExportOptions, make_exporter
from ..exporters.base import RenderingExporter
from ..exporters.flavors import DEFAULT_FLAVOR
from ..model import Post, Site
from ..output import STDOUT
from ..pipeline import PageResult, PipelineOptions, ProgressCallback, process_page
from ..report import MergeReport, MissingAsset, Outcome, PageReport, Report
from . import pickling
from .assets import AssetCopier, AssetIndex, AssetLinks
from .feeds import FeedEntry, fill_from_feeds
from .inputs import Asset, InputFile, iter_inputs, read_stdin, with_payloads
from .merge import MergedPost, capture_of, merge_captures
from .options import RunOptions
from .redirects import RedirectSource, RedirectWriter, redirect_source
from .store import (
    GroupStore,
    Row,
    SpooledCapture,
    SpoolReader,
    capture_row,
    feed_row,
    load_captures,
    spool_captures,
)
from .urlkeys import url_key

WINDOW_PER_JOB = 32
"""Pages in flight per worker (converted, or waiting for an earlier page's turn): enough to keep
workers busy behind a slow page, few enough to keep memory flat (a page waiting for its turn is held
as a `SpooledPage`: its report, and where its posts were spooled; not its bytes). Behind a slow page
(~30 ms for the bench's slowest, longer for one of a thousand comments) the other worker goes on
with the pages after it: with 8, on the 680 bench pages, a worker sat idle 18-29 ms at a time in 2
runs of 5; with 32, no wait was over 5 ms."""
DEFAULT_SITE = Site(title="Imported blog", url=None, language=None)


def run_archive(
    inputs: Sequence[str],
    options: PipelineOptions,
    run: RunOptions,
    format_name: str | None,
    export: ExportOptions | None,
    progress: ProgressCallback | None = None,
) -> Report:
    """Convert (or, without a format, only scan) everything the inputs hold."""
    stdin = read_stdin(inputs)
    # Two walks of the inputs, one to count pages and list assets, one to convert: a list of every
    # page of a large archive would make memory grow with it.
    total, assets = 0, []
    for entry in iter_inputs(inputs, stdin):
        if isinstance(entry, InputFile):
            total += 1
        else:
            assets.append(entry)
    if total == 0 and export is not None:  # before the exporter makes an empty document
        raise NoInputError(
            "no HTML pages found in the inputs; name .html files or folders holding them"
        )
    pages = (entry for entry in iter_inputs(inputs, stdin) if isinstance(entry, InputFile))
    report = Report(output=export.target if export else None, format=format_name)
    report.merge = MergeReport()
    copier = _asset_copier(assets, run, format_name, export)

    # When the exporter renders a post apart from the run (JSON, Markdown, WXR), the pool's workers
    # merge and render the posts too, and this process only writes them, in order.
    render, rendered_records = _renderer(format_name, export)
    links = copier.links if copier is not None else None
    redirects = run.redirects is not None

    def ready(merged: MergedPost, entries: Sequence[FeedEntry]) -> ReadyPost:
        """A post made ready in this process, left for the exporter's own `write` to render."""
        return ready_post(merged, entries, None, links, redirects)

    if run.scheduler:
        from .daskrun import merged_on_dask

        dask_results, merged_posts = merged_on_dask(list(pages), options, run.scheduler)
        site = _collect(dask_results, report, progress, total)
        feeds = _feed_index(dask_results)
        posts = (ready(post, feeds.get(post.key, [])) for post in merged_posts)
        return _write(posts, site, copier, report, run, format_name, export)
    # On an early stop the pages' generator is closed first, then the pool's workers are killed:
    # no worker is left writing in the store's folder while it is removed.
    with GroupStore() as groups:
        work = SpoolWork(options, groups.folder, render, links, redirects, rendered_records)
        with (
            _pool(run.jobs, total, work) as pool,
            contextlib.closing(_spooled_pages(pages, work, pool)) as spooled,
        ):
            site = None
            for sequence, page in enumerate(spooled):
                found = _collect([page], report, progress, total, sequence)
                site = site or found
                groups.add_captures(page.captures)
                groups.add_feed_entries(page.feed_entries)
            if pool is not None and render is not None:
                rendered = _rendered_posts(groups, pool)
                return _write(rendered, site, copier, report, run, format_name, export)
            in_process = (
                ready(merged, groups.feed_entries(merged.key))
                for merged in (merge_captures(group) for group in groups.groups())
            )
            return _write(in_process, site, copier, report, run, format_name, export)


@dataclass(frozen=True, slots=True)
class SpooledPage:
    """A page's result as a worker hands it back: the report and site as objects, the posts as
    captures already written to the group store's spool (`store.spool_captures`: the main process
    neither reads, unpickles nor pickles them again), the feed entries as rows already pickled."""

    report: PageReport
    site: Site | None = None
    captures: tuple[SpooledCapture, ...] = ()
    feed_entries: tuple[Row, ...] = ()


pickling.register(SpooledPage)  # one for every page, from a worker


@dataclass(frozen=True, slots=True)
class SpoolWork:
    """What every task of a run's pool is given: the pipeline's options, the group store's folder,
    and, for the pool to make the merged posts ready (`ready_post`), the exporter's
    `RenderingExporter.renderer`, the links to the copies of the inputs' assets when they are
    copied, and whether the run writes redirects."""

    options: PipelineOptions
    folder: str
    render: Callable[[Post], object] | None = None
    links: AssetLinks | None = None
    redirects: bool = False
    rendered_records: tuple[type, ...] = ()
    """What ``render``'s posts are made of (`RenderingExporter.rendered_records`), registered for
    pickling in this process before the workers start and, in a worker that did not inherit the
    registration (one a fork server or ``spawn`` started), when it first renders."""


StoredGroup = tuple[str, tuple[SpooledCapture, ...], tuple[bytes, ...]]
"""One post's copies as the group store holds them: its key, its spooled captures, its feed entries
pickled (`store.feed_row`)."""
GROUPS_PER_TASK = 8
"""Posts a worker merges and renders for one task: a message each way per post kept the main process
busier than the workers (~0.5 ms of work a post)."""
GROUP_TASKS_PER_JOB = 4
"""Tasks of posts in flight per worker: the rendered texts wait in memory for their turn, at most
this × `GROUPS_PER_TASK` posts a worker (two tasks a worker cost the 680 bench pages' tail ~8 ms;
eight, as pages have, would hold up to 64 posts' texts a worker)."""


@dataclass(frozen=True, slots=True)
class GroupTask:
    """Posts' copies, for a worker to merge and render."""

    groups: tuple[StoredGroup, ...]


@dataclass(frozen=True, slots=True)
class ReadyPost:
    """A merged post ready for the exporter (`ready_post`), in this process or a worker, with what
    the merge report counts of it and what the main process still does for it."""

    output: object
    """The exporter's rendering of the post (`RenderingExporter.write_rendered` takes it), or the
    post itself for an exporter that renders none (`Exporter.write`)."""
    comments: int
    copies: int
    """The copies merged into it besides the first."""
    feed_filled: bool
    needed: tuple[Asset, ...] = ()
    """The asset files the post links to, for the main process to copy (`AssetCopier.copy`)."""
    missing: tuple[MissingAsset, ...] = ()
    redirect: RedirectSource | None = None
    """What its redirects need, when the run writes them."""


pickling.register(GroupTask)
pickling.register(ReadyPost)

_Task = InputFile | GroupTask
_Answer = SpooledPage | tuple[ReadyPost, ...]
if TYPE_CHECKING:  # (the pool and multiprocessing are imported for a run of two jobs or more)
    import multiprocessing.context

    from .workers import WorkerPool

    _Pool = WorkerPool[_Task, SpoolWork, _Answer]


def spooled_pages(
    items: Iterable[InputFile],
    options: PipelineOptions,
    jobs: int | None,
    total: int,
    folder: str,
) -> Generator[SpooledPage, None, None]:
    """Every page's `SpooledPage`, in input order, from ``jobs`` processes (None: one per core),
    its captures spooled in ``folder`` (a `GroupStore`'s)."""
    work = SpoolWork(options, folder)
    with _pool(jobs, total, work) as pool:
        yield from _spooled_pages(items, work, pool)


def _pool(
    jobs: int | None, total: int, work: SpoolWork
) -> contextlib.AbstractContextManager[_Pool | None]:
    """A pool of ``jobs`` workers (None: one per core) for ``total`` pages; none for one job or page."""
    workers = min(jobs or os.cpu_count() or 1, total)
    if workers <= 1:
        return contextlib.nullcontext()
    from .workers import WorkerPool

    return WorkerPool(_pool_context(), workers, run_task, work, _task_name)


def _spooled_pages(
    items: Iterable[InputFile], work: SpoolWork, pool: _Pool | None
) -> Generator[SpooledPage, None, None]:
    """`spool_page` of every page, in input order: in this process, or by the pool's workers."""
    loaded = with_payloads(items)
    if pool is None:
        for sequence, item in enumerate(loaded):
            yield spool_page(sequence, item, work)
        return
    for answer in pool.results(loaded, pool.size * WINDOW_PER_JOB):
        assert isinstance(answer, SpooledPage)
        yield answer


def _rendered_posts(groups: GroupStore, pool: _Pool) -> Iterator[ReadyPost]:
    """Every group merged and rendered by the pool's workers (`render_groups`), in output order."""
    for answer in pool.results(_group_tasks(groups), pool.size * GROUP_TASKS_PER_JOB):
        assert isinstance(answer, tuple)
        yield from answer


def _group_tasks(groups: GroupStore) -> Iterator[GroupTask]:
    stored = (
        (key, tuple(rows), tuple(groups.feed_records(key))) for key, rows in groups.group_rows()
    )
    while batch := tuple(itertools.islice(stored, GROUPS_PER_TASK)):
        yield GroupTask(batch)


def run_task(sequence: int, task: _Task, work: SpoolWork) -> _Answer:
    """A pool worker's task: a page to convert and spool, or posts' copies to merge and render."""
    if isinstance(task, GroupTask):
        return render_groups(task, work)
    return spool_page(sequence, task, work)


def render_groups(task: GroupTask, work: SpoolWork) -> tuple[ReadyPost, ...]:
    """Each group's copies merged and made ready, rendered by ``work.render`` (`ready_post`)."""
    assert work.render is not None
    pickling.register_all(work.rendered_records)
    with contextlib.closing(SpoolReader(work.folder)) as spools:
        return tuple(
            ready_post(
                merge_captures(load_captures(spools.pair(row) for row in rows)),
                [pickle.loads(entry) for entry in entries],
                work.render,
                work.links,
                work.redirects,
            )
            for _key, rows, entries in task.groups
        )


def ready_post(
    merged: MergedPost,
    entries: Sequence[FeedEntry],
    render: Callable[[Post], object] | None,
    links: AssetLinks | None,
    redirects: bool,
) -> ReadyPost:
    """The merged post completed from its feed entries (`finished_post`), its links pointed at the
    assets' copies, rendered (when the exporter renders), with what its redirects need."""
    post, feed_filled = finished_post(merged, entries)
    needed: tuple[Asset, ...] = ()
    missing: tuple[MissingAsset, ...] = ()
    if links is not None:
        localized = links.localize(post)
        post, needed = localized.post, localized.needed
        source = post.url or post.source
        missing = tuple(MissingAsset(post=source, url=url) for url in localized.missing)
    return ReadyPost(
        output=post if render is None else render(post),
        comments=len(post.comments),
        copies=len(merged.sources) - 1,
        feed_filled=feed_filled,
        needed=needed,
        missing=missing,
        redirect=redirect_source(post, merged.aliases) if redirects else None,
    )


def finished_post(merged: MergedPost, entries: Sequence[FeedEntry]) -> tuple[Post, bool]:
    """The merged post completed from its feed entries, its other addresses noted, and whether the
    feeds filled anything in."""
    post = fill_from_feeds(merged.post, entries) if entries else merged.post
    return with_old_urls(post, merged.aliases), post is not merged.post


def _renderer(
    format_name: str | None, export: ExportOptions | None
) -> tuple[Callable[[Post], object] | None, tuple[type, ...]]:
    """The exporter's `RenderingExporter.renderer`, for the pool to render the posts, and the
    records its renderings are made of, registered for pickling (`pickling.register_all`)."""
    if format_name is None or export is None:
        return None, ()
    # (an unknown format has none: make_exporter names the formats there are)
    exporter_class = EXPORTERS.get(format_name)
    renderer = getattr(exporter_class, "renderer", None)
    if renderer is None:
        return None, ()
    render: Callable[[Post], object] = renderer(export)
    records: tuple[type, ...] = getattr(exporter_class, "rendered_records", ())
    pickling.register_all(records)
    return render, records


def _task_name(task: _Task) -> str:
    """A task as messages name it (a worker that dies names the page or the posts it was on)."""
    if isinstance(task, GroupTask):
        after = len(task.groups) - 1
        return f"the posts of {task.groups[0][0]}" + (f" and the {after} after it" if after else "")
    return task.name


PRELOADED_MODULE = "blogmigrate.pipeline"
"""What a fork server imports once before it forks workers: every scraper and its compiled rules."""


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` where it is safe: workers start at once with everything this process has imported and
    compiled (a worker started fresh imports and compiles it all again, ~0.5 s each). Forking a
    process that runs threads (a Dask client, a host application) can deadlock a worker: then a fork
    server, which imports the pipeline once, forks them. macOS frameworks break in forked children:
    there, the platform's default (spawn)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "darwin":
        return multiprocessing.get_context()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([PRELOADED_MODULE])
        return context
    return multiprocessing.get_context()


def convert_page(item: InputFile, options: PipelineOptions) -> PageResult:
    """`process_page`, with any unexpected error kept as that page's failure: the batch goes on."""
    try:
        return process_page(item, options)
    except Exception as error:  # a bug on one page must not lose the other pages
        return PageResult(_internal_failure(item, error))


def _internal_failure(item: InputFile, error: Exception) -> PageReport:
    message = f"{item.name}: internal error ({type(error).__name__}: {error}); please report it"
    return PageReport(source=item.name, outcome=Outcome.FAILED, error=message)


def spool_page(sequence: int, item: InputFile, work: SpoolWork) -> SpooledPage:
    """`convert_page`, its posts made captures for the merge and spooled, its feed entries pickled.
    An error writing the spool ends the run (`OutputError`); any other is this page's failure."""
    result = convert_page(item, work.options)
    try:
        rows = [
            capture_row(capture_of(post, sequence, result.captured, result.address))
            for post in result.posts
        ]
        # A page's feed entries sort after the previous page's and before the next page's.
        entries = tuple(
            feed_row(url_key(entry.link).key, sequence * 1_000_000 + position, entry)
            for position, entry in enumerate(result.feed_entries)
        )
    except Exception as error:  # as in convert_page: the other pages go on
        return SpooledPage(_internal_failure(item, error))
    captures = spool_captures(work.folder, rows)
    return SpooledPage(result.report, result.site, captures, entries)


class _Reported(Protocol):
    @property
    def report(self) -> PageReport: ...

    @property
    def site(self) -> Site | None: ...


def _collect(
    results: Iterable[_Reported],
    report: Report,
    progress: ProgressCallback | None,
    total: int,
    start: int = 0,
) -> Site | None:
    site = None
    for number, result in enumerate(results, start=start + 1):
        if progress is not None:
            progress(number, total, result.report.source)
        report.add(result.report)
        site = site or result.site
    return site


def _feed_index(results: Sequence[PageResult]) -> dict[str, list[FeedEntry]]:
    index: dict[str, list[FeedEntry]] = {}
    for result in results:
        for entry in result.feed_entries:
            index.setdefault(url_key(entry.link).key, []).append(entry)
    return index


def _write(
    posts: Iterable[ReadyPost],
    site: Site | None,
    copier: AssetCopier | None,
    report: Report,
    run: RunOptions,
    format_name: str | None,
    export: ExportOptions | None,
) -> Report:
    merge = report.merge or MergeReport()
    exporter = make_exporter(format_name, export) if format_name and export else None
    redirects = RedirectWriter(run.redirects) if run.redirects and exporter else None
    try:
        if exporter is not None:
            exporter.open(site or DEFAULT_SITE)
        for ready in posts:
            if copier is not None:
                copier.copy(ready.needed)
            merge.assets_missing.extend(ready.missing)
            merge.posts += 1
            merge.comments += ready.comments
            merge.merged_copies += ready.copies
            merge.feed_filled += ready.feed_filled
            if isinstance(ready.output, Post):
                if exporter is not None:
                    exporter.write(ready.output)
            else:
                cast("RenderingExporter", exporter).write_rendered(ready.output)
            if redirects is not None and ready.redirect is not None:
                redirects.add_source(ready.redirect)
        if exporter is not None:
            exporter.close()
        if redirects is not None:
            merge.redirects = redirects.close()
    except BaseException:
        if exporter is not None:
            exporter.abort()
        raise
    merge.assets_copied = copier.copied if copier is not None else 0
    report.merge = merge
    return report


def _copies_assets(assets: Sequence[Asset], run: RunOptions, export: ExportOptions) -> bool:
    """Whether the run copies the inputs' assets beside the output (into the posts' links)."""
    return run.copy_assets and bool(assets) and export.target != STDOUT


STATIC_FOLDERS: dict[str, str] = {"hugo": "static", "zola": "static", "astro": "public"}
"""Per Markdown flavor, the folder whose files a generator serves at the site's root (Jekyll,
Eleventy and Pelican set-ups copy a top-level ``media/`` as it is)."""

OLD_URLS = "old_urls"
"""`Post.extra` key: the other addresses a merged post was saved under, one a line (exporters may
turn them into aliases / redirect_from)."""


def with_old_urls(post: Post, aliases: tuple[str, ...]) -> Post:
    if not aliases:
        return post
    return dataclasses.replace(
        post, extra=MappingProxyType({**post.extra, OLD_URLS: "\n".join(aliases)})
    )


def _asset_copier(
    assets: Sequence[Asset], run: RunOptions, format_name: str | None, export: ExportOptions | None
) -> AssetCopier | None:
    if export is None or format_name is None or not _copies_assets(assets, run, export):
        return None
    target = Path(export.target)
    exporter_class: type[Exporter] = EXPORTERS[format_name]
    if exporter_class.single_document:
        # Beside a JSON or WXR file: links relative to the file.
        return AssetCopier(
            AssetIndex(assets), target.parent / "media", "media/", force=export.force
        )
    # Inside a site's folder: where its generator serves files from the site's root.
    static = STATIC_FOLDERS.get(export.flavor or DEFAULT_FLAVOR, "")
    folder = target / static / "media" if static else target / "media"
    return AssetCopier(AssetIndex(assets), folder, "/media/", force=export.force)
