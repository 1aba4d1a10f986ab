"""The whole pipeline in one place: inputs → page → scraper → normalizer → records → exporter."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .errors import PageError, UnsupportedPageError
from .exporters import ExportOptions, make_exporter
from .model import Post, Site
from .normalize import NormalizeOptions, normalize_post, normalize_site
from .page import Page, load_page, parse_page
from .report import Outcome, PageReport, Report
from .scrapers import Detection, choose_scraper
from .sources import InputFile, discover


@dataclass(frozen=True, slots=True, kw_only=True)
class PipelineOptions:
    platform: str | None = None
    """Force one scraper instead of detecting."""
    guess_encoding: bool = False
    fix_mojibake: bool = False
    """Repair double-encoded UTF-8 ("CafÃ©"), each repair logged on the page."""
    normalize: NormalizeOptions = field(default_factory=NormalizeOptions)


@dataclass(frozen=True, slots=True)
class PageResult:
    report: PageReport
    posts: tuple[Post, ...] = ()
    site: Site | None = None
    detection: Detection | None = None


ProgressCallback = Callable[[int, int, str], None]


def read_page(item: InputFile, options: PipelineOptions) -> Page:
    if item.problem:
        raise UnsupportedPageError(f"{item.name}: {item.problem}; skipped")
    if item.path is None:
        return parse_page(
            sys.stdin.buffer.read(),
            item.name,
            guess_encoding=options.guess_encoding,
            fix_mojibake=options.fix_mojibake,
        )
    return load_page(
        item.path,
        item.name,
        guess_encoding=options.guess_encoding,
        fix_mojibake=options.fix_mojibake,
    )


def process_page(item: InputFile, options: PipelineOptions) -> PageResult:
    """One page to records. Never raises for a bad page: the report says what became of it."""
    try:
        page = read_page(item, options)
    except UnsupportedPageError as error:
        return PageResult(PageReport(source=item.name, outcome=Outcome.SKIPPED, error=str(error)))
    except PageError as error:
        return PageResult(PageReport(source=item.name, outcome=Outcome.FAILED, error=str(error)))
    return scrape_page(page, options)


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
) -> Report:
    """Convert every page named by ``inputs`` and write them in one format. Returns the report."""
    options = options or PipelineOptions()
    report = Report(output=export.target, format=format_name)
    exporter = make_exporter(format_name, export)
    opened = False
    try:
        for result in iter_results(inputs, options, progress):
            report.add(result.report)
            if result.site is not None and not opened:
                exporter.open(result.site)  # the first page with a post names the site
                opened = True
            for post in result.posts:
                exporter.write(post)
        if not opened:
            exporter.open(Site(title="Imported blog", url=None, language=None))
        exporter.close()
    except BaseException:
        exporter.abort()
        raise
    return report
