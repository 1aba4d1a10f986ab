"""Running a whole archive: pages to records in a process pool (results put back in input order, so
the output is byte-identical whatever the job count), copies merged through an on-disk group-by,
feeds and assets applied, posts streamed into the exporter, the report filled as it goes."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import MappingProxyType

from ..errors import NoInputError
from ..exporters import EXPORTERS, Exporter, ExportOptions, make_exporter
from ..exporters.flavors import DEFAULT_FLAVOR
from ..model import Post, Site
from ..output import STDOUT
from ..pipeline import PageResult, PipelineOptions, ProgressCallback, process_page
from ..report import MergeReport, MissingAsset, Outcome, PageReport, Report
from . import store as _store  # noqa: F401  # registers the pickling of records' `extra` mappings
from .assets import AssetCopier, AssetIndex
from .feeds import FeedEntry, fill_from_feeds
from .inputs import Asset, InputFile, iter_inputs, read_stdin, with_payloads
from .merge import MergedPost, capture_of, merge_captures
from .options import RunOptions
from .redirects import RedirectWriter
from .store import GroupStore
from .urlkeys import url_key

WINDOW_PER_JOB = 4
"""Pages in flight per worker: enough to keep workers busy, few enough to keep memory flat."""
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
    if run.scheduler:
        from .daskrun import merged_on_dask

        dask_results, merged = merged_on_dask(list(pages), options, run.scheduler)
        site = _collect(dask_results, report, progress, total)
        feeds = _feed_index(dask_results)
        posts: Iterable[tuple[MergedPost, list[FeedEntry]]] = (
            (post, feeds.get(post.key, [])) for post in merged
        )
        return _write(posts, site, assets, report, run, format_name, export)
    with GroupStore() as groups:
        results = page_results(pages, options, run.jobs, total)
        site = None
        for sequence, result in enumerate(results):
            found = _collect([result], report, progress, total, sequence)
            site = site or found
            _store_result(groups, sequence, result)
        merged_posts = (
            (merged, groups.feed_entries(merged.key))
            for merged in (merge_captures(group) for group in groups.groups())
        )
        return _write(merged_posts, site, assets, report, run, format_name, export)


def page_results(
    items: Iterable[InputFile], options: PipelineOptions, jobs: int | None, total: int
) -> Iterator[PageResult]:
    """Every page's result, in input order, from a pool of ``jobs`` processes (None: one per core)."""
    workers = jobs or os.cpu_count() or 1
    loaded = with_payloads(items)
    if workers <= 1 or total < 2:
        for item in loaded:
            yield convert_page(item, options)
        return
    # Forking a process that runs threads (a Dask client, a host application) can deadlock a worker.
    context = multiprocessing.get_context("forkserver" if threading.active_count() > 1 else None)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=ignore_interrupts
    ) as pool:
        pending: deque[Future[PageResult]] = deque()
        try:
            for item in loaded:
                pending.append(pool.submit(convert_page, item, options))
                if len(pending) >= workers * WINDOW_PER_JOB:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:  # Ctrl-C (or the consumer stopped): queued pages are not started
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops the run cleanly: a worker interrupted
    while it holds the pool's queue lock deadlocks the pool, and the run never ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def convert_page(item: InputFile, options: PipelineOptions) -> PageResult:
    """`process_page`, with any unexpected error kept as that page's failure: the batch goes on."""
    try:
        return process_page(item, options)
    except Exception as error:  # a bug on one page must not lose the other pages
        message = f"{item.name}: internal error ({type(error).__name__}: {error}); please report it"
        return PageResult(PageReport(source=item.name, outcome=Outcome.FAILED, error=message))


def _collect(
    results: Iterable[PageResult],
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


def _store_result(groups: GroupStore, sequence: int, result: PageResult) -> None:
    for post in result.posts:
        groups.add_capture(capture_of(post, sequence, result.captured, result.address))
    for position, entry in enumerate(result.feed_entries):
        groups.add_feed_entry(url_key(entry.link).key, sequence * 1_000_000 + position, entry)


def _feed_index(results: Sequence[PageResult]) -> dict[str, list[FeedEntry]]:
    index: dict[str, list[FeedEntry]] = {}
    for result in results:
        for entry in result.feed_entries:
            index.setdefault(url_key(entry.link).key, []).append(entry)
    return index


def _write(
    merged_posts: Iterable[tuple[MergedPost, list[FeedEntry]]],
    site: Site | None,
    assets: Sequence[Asset],
    report: Report,
    run: RunOptions,
    format_name: str | None,
    export: ExportOptions | None,
) -> Report:
    merge = report.merge or MergeReport()
    exporter = make_exporter(format_name, export) if format_name and export else None
    copier = _asset_copier(assets, run, format_name, export)
    redirects = RedirectWriter(run.redirects) if run.redirects and exporter else None
    try:
        if exporter is not None:
            exporter.open(site or DEFAULT_SITE)
        for merged, entries in merged_posts:
            post = fill_from_feeds(merged.post, entries) if entries else merged.post
            merge.feed_filled += post is not merged.post
            post = with_old_urls(post, merged.aliases)
            if copier is not None:
                localized = copier.localize(post)
                post = localized.post
                merge.assets_missing.extend(
                    MissingAsset(post=post.url or post.source, url=url) for url in localized.missing
                )
            merge.posts += 1
            merge.comments += len(post.comments)
            merge.merged_copies += len(merged.sources) - 1
            if exporter is not None:
                exporter.write(post)
            if redirects is not None:
                redirects.add(post, merged.aliases)
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
    if not run.copy_assets or not assets or export is None or format_name is None:
        return None
    if export.target == STDOUT:
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
