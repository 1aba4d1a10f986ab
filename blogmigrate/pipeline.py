"""The whole pipeline in one place: inputs → page → kind → scraper → normalizer → records → merge →
exporter. This module is the per-page part and the entry points; `archive.runner` runs it over many
pages (in parallel, merged, streamed)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .archive.classify import FEED, PAGE, POST, PageKind, classify_page
from .archive.feeds import FeedEntry, is_feed, other_xml_root, parse_feed
from .archive.inputs import read_input
from .archive.options import RunOptions
from .errors import PageError, UnsupportedPageError
from .exporters import ExportOptions
from .model import Post, Site
from .normalize import NormalizeOptions, normalize_post, normalize_site
from .page import Page, parse_page
from .report import Outcome, PageReport, Report
from .scrapers import Detection, choose_scraper
from .scrapers.rules import page_index
from .sources import InputFile, discover


@dataclass(frozen=True, slots=True, kw_only=True)
class PipelineOptions:
    platform: str | None = None
    """Force one scraper instead of detecting."""
    guess_encoding: bool = False
    fix_mojibake: bool = False
    """Repair double-encoded UTF-8 ("CafÃ©"), each repair logged on the page."""
    normalize: NormalizeOptions = field(default_factory=NormalizeOptions)
    classify: bool = True
    """Tell listings, feeds and attachment pages apart; False makes every page a post."""


@dataclass(frozen=True, slots=True)
class PageResult:
    report: PageReport
    posts: tuple[Post, ...] = ()
    site: Site | None = None
    detection: Detection | None = None
    feed_entries: tuple[FeedEntry, ...] = ()
    captured: datetime | None = None
    """When the page was saved (Wayback timestamp, WARC-Date, file time): the merge prefers recent."""
    address: str | None = None
    """The address the page was saved from, when its container or the page tells."""


ProgressCallback = Callable[[int, int, str], None]


def _parse(data: bytes, item: InputFile, options: PipelineOptions) -> Page:
    mtime = item.captured.timestamp() if item.captured else _file_time(item)
    return parse_page(
        data,
        item.name,
        mtime=mtime,
        guess_encoding=options.guess_encoding,
        fix_mojibake=options.fix_mojibake,
    )


def _file_time(item: InputFile) -> float | None:
    if item.path is None or item.member is not None:
        return None
    try:
        return item.path.stat().st_mtime
    except OSError:
        return None


def process_page(item: InputFile, options: PipelineOptions) -> PageResult:
    """One page (or feed) to records. Never raises for a bad page: the report says what became of it."""
    try:
        data = read_input(item)
        if is_feed(data):
            return _feed_result(item, parse_feed(data, item.name))
        if (root := other_xml_root(data)) is not None:
            raise UnsupportedPageError(
                f"{item.name}: an XML document (<{root}>), neither a page nor a feed; skipped"
            )
        page = _parse(data, item, options)
    except UnsupportedPageError as error:
        return PageResult(PageReport(source=item.name, outcome=Outcome.SKIPPED, error=str(error)))
    except PageError as error:
        failed_kind = FEED if _is_feed_error(error) else None
        return PageResult(
            PageReport(source=item.name, outcome=Outcome.FAILED, kind=failed_kind, error=str(error))
        )
    kind = (
        classify_page(page.root, item.url, lambda: page_index(page))
        if options.classify
        else PageKind(POST)
    )
    if not kind.becomes_records:
        return PageResult(
            PageReport(
                source=item.name,
                outcome=Outcome.NOT_A_POST,
                kind=kind.kind,
                kind_detail=kind.detail,
                reasons=(kind.reason,),
                warnings=tuple(page.warnings),
            ),
            captured=page.capture_time,
            address=item.url,
        )
    result = scrape_page(page, options)
    if kind.kind == PAGE:
        posts = tuple(
            dataclasses.replace(post, kind=PAGE) if post.kind == POST else post
            for post in result.posts
        )
        result = dataclasses.replace(
            result, posts=posts, report=dataclasses.replace(result.report, kind=PAGE)
        )
    return dataclasses.replace(result, captured=page.capture_time, address=item.url)


def _is_feed_error(error: PageError) -> bool:
    return "a feed" in str(error)


def _feed_result(item: InputFile, entries: tuple[FeedEntry, ...]) -> PageResult:
    comments = sum(1 for entry in entries if entry.comment_id)
    report = PageReport(
        source=item.name,
        outcome=Outcome.NOT_A_POST,
        kind=FEED,
        reasons=(f"{len(entries) - comments} post and {comments} comment entries",),
    )
    return PageResult(report, feed_entries=entries, address=item.url)


def scrape_page(page: Page, options: PipelineOptions) -> PageResult:
    try:
        scraper, detection = choose_scraper(page, options.platform)
        posts = []
        site = None
        for raw in scraper.scrape(page):
            post = normalize_post(raw, page, scraper.name, options.normalize)
            posts.append(post)
            site = site or normalize_site(raw, post)
    except RecursionError:
        message = f"{page.source}: nesting too deep to process; the page was skipped"
        return PageResult(PageReport(source=page.source, outcome=Outcome.FAILED, error=message))
    report = PageReport(
        source=page.source,
        outcome=Outcome.CONVERTED,
        kind=posts[0].kind if posts else None,
        platform=detection.platform,
        confidence=detection.confidence,
        reasons=detection.reasons,
        posts=len(posts),
        comments=sum(len(post.comments) for post in posts),
        warnings=tuple(page.warnings),
    )
    return PageResult(report, tuple(posts), site, detection)


def iter_results(
    inputs: Sequence[str], options: PipelineOptions, progress: ProgressCallback | None = None
) -> Iterator[PageResult]:
    """Every page's result in input order, one process, nothing merged (``inspect`` uses this)."""
    items = discover(inputs)
    for number, item in enumerate(items, start=1):
        if progress is not None:
            progress(number, len(items), item.name)
        yield process_page(item, options)


def convert(
    inputs: Sequence[str],
    format_name: str,
    export: ExportOptions,
    options: PipelineOptions | None = None,
    progress: ProgressCallback | None = None,
    run: RunOptions | None = None,
) -> Report:
    """Convert every page named by ``inputs``, merge copies of the same post, write one format."""
    from .archive.runner import run_archive  # the runner imports this module

    return run_archive(
        inputs, options or PipelineOptions(), run or RunOptions(), format_name, export, progress
    )


def scan(
    inputs: Sequence[str],
    options: PipelineOptions | None = None,
    progress: ProgressCallback | None = None,
    run: RunOptions | None = None,
) -> Report:
    """What a convert would do (pages per kind and platform, posts, comments), writing nothing."""
    from .archive.runner import run_archive  # the runner imports this module

    return run_archive(
        inputs, options or PipelineOptions(), run or RunOptions(), None, None, progress
    )
