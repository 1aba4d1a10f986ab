"""The command line: a thin click layer over the library. The only place errors become exit codes."""

from __future__ import annotations

import gc
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .archive.options import DEFAULT_REDIRECT_TARGET, RedirectOptions, RunOptions
from .archive.redirects import REDIRECT_FORMATS, redirect_format_for
from .errors import BlogmigrateError, ExitCode, NoInputError, OutputExistsError
from .exporters import EXPORTERS, ExportOptions
from .exporters.flavors import COMMENT_MODES, DEFAULT_FLAVOR, FLAVORS, flavor_problem
from .exporters.jsonfile import dump
from .exporters.records import post_dict
from .model import Post
from .normalize import NormalizeOptions
from .normalize.dates import iso_format
from .output import STDOUT
from .pipeline import PipelineOptions, iter_results
from .pipeline import convert as run_convert
from .pipeline import scan as run_scan
from .report import Outcome, Report, write_report
from .schema import schema_text
from .scrapers import scraper_names
from .sources import STDIN

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

F = TypeVar("F", bound=Callable[..., Any])


def _timezone(
    _context: click.Context, _parameter: click.Parameter, value: str | None
) -> ZoneInfo | None:
    if value is None:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # a start without --timezone skips it

    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(
            f"{value!r} is not an IANA time zone (e.g. Europe/Paris)"
        ) from None


def extraction_options(function: F) -> F:
    """The options every command that reads pages shares."""
    decorators = [
        click.option(
            "--platform",
            type=click.Choice(scraper_names()),
            help="Skip detection and read every page as this platform.",
        ),
        click.option(
            "--timezone",
            callback=_timezone,
            metavar="ZONE",
            help="Time zone for dates that carry no offset (e.g. Europe/Paris).",
        ),
        click.option(
            "--no-infer-threads",
            is_flag=True,
            help='Do not infer reply parents from "@Name" in flat comment lists.',
        ),
        click.option(
            "--trust-comments",
            is_flag=True,
            help="Keep comment HTML as it was (no sanitising). Only for sources you trust.",
        ),
        click.option(
            "--guess-encoding",
            is_flag=True,
            help="Let a statistical detector guess encodings that are neither declared nor UTF-8.",
        ),
        click.option(
            "--fix-mojibake",
            is_flag=True,
            help='Repair double-encoded UTF-8 ("CafÃ©" → "Café"); every repair is reported.',
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def _pipeline_options(
    platform: str | None,
    timezone: ZoneInfo | None,
    no_infer_threads: bool,
    trust_comments: bool,
    guess_encoding: bool,
    fix_mojibake: bool = False,
) -> PipelineOptions:
    return PipelineOptions(
        platform=platform,
        guess_encoding=guess_encoding,
        fix_mojibake=fix_mojibake,
        normalize=NormalizeOptions(
            timezone=timezone,
            infer_threads=not no_infer_threads,
            sanitize_comments=not trust_comments,
        ),
    )


def run_options(function: F) -> F:
    """The options of commands that read whole archives: parallelism and where it runs."""
    decorators = [
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=1),
            help="Worker processes (default: one per CPU core). Output is the same for any number.",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            help="Run on a Dask cluster (tcp://host:8786); needs blogmigrate[dask] and shared paths.",
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def _redirect_options(
    path: str | None, format_name: str | None, target: str, force: bool
) -> RedirectOptions | None:
    if path is None:
        return None
    chosen = format_name or redirect_format_for(path)
    if chosen is None:
        raise click.UsageError(
            f"cannot tell the redirect format from {path!r}; add --redirects-format "
            f"({', '.join(REDIRECT_FORMATS)})"
        )
    return RedirectOptions(path=Path(path), format=chosen, target=target, force=force)


class Progress:
    """A one-line progress display on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, number: int, total: int, name: str) -> None:
        if self.enabled:
            shown = name if len(name) <= 50 else "…" + name[-49:]
            click.echo(f"\r\033[K[{number}/{total}] {shown}", err=True, nl=False)
            if number == total:
                click.echo("\r\033[K", err=True, nl=False)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="blogmigrate")
def cli() -> None:
    """Get an old blog back from its saved HTML pages.

    blogmigrate reads pages saved from WordPress and other blogs ("Save page as", wget or HTTrack
    mirrors, Wayback Machine copies) and returns every post with its visitor comments, as JSON,
    Markdown for static site generators, or WXR for WordPress and Disqus.

    \b
    Examples:
      blogmigrate inspect saved-post.html
      blogmigrate convert saved-post.html --to json -o -
      blogmigrate convert mirror/ --to markdown -o my-site        # Hugo by default
      blogmigrate convert mirror/ --to wxr -o blog.xml
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--to",
    "format_name",
    type=click.Choice(sorted(EXPORTERS)),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    help="Where to write: a file for json/wxr (- for stdout, the default), a folder for markdown.",
)
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    help="Write a JSON report of every page.",
)
@click.option("--strict", is_flag=True, help="Exit with an error when any page has warnings.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary.")
@click.option("-v", "--verbose", is_flag=True, help="List every page's warnings.")
@click.option(
    "--flavor",
    type=click.Choice(sorted(FLAVORS)),
    default=DEFAULT_FLAVOR,
    show_default=True,
    help="Markdown: the static site generator to write for.",
)
@click.option(
    "--front-matter",
    type=click.Choice(["yaml", "toml"]),
    help="Markdown: front matter format where the flavor allows both (hugo); default yaml.",
)
@click.option(
    "--comments",
    "comments_mode",
    type=click.Choice(COMMENT_MODES),
    default="data",
    show_default=True,
    help="Markdown: comments as data files beside each post, inline at its end, or none.",
)
@click.option(
    "--redirects",
    "redirects_path",
    type=click.Path(dir_okay=False),
    help="Also write redirects from every old address to the new one "
    "(format from the name: *.conf nginx, .htaccess apache, _redirects netlify, *.csv).",
)
@click.option(
    "--redirects-format", type=click.Choice(REDIRECT_FORMATS), help="Format of --redirects."
)
@click.option(
    "--redirect-to",
    default=DEFAULT_REDIRECT_TARGET,
    show_default=True,
    metavar="PATTERN",
    help="New address of a post for --redirects: {slug}, {year}, {month}, {day}.",
)
@click.option(
    "--no-media",
    is_flag=True,
    help="Do not copy the images posts use from the inputs into media/ beside the output.",
)
@run_options
@extraction_options
def convert(
    inputs: tuple[str, ...],
    format_name: str,
    output: str | None,
    force: bool,
    flavor: str,
    front_matter: str | None,
    comments_mode: str,
    report_path: str | None,
    strict: bool,
    quiet: bool,
    verbose: bool,
    redirects_path: str | None,
    redirects_format: str | None,
    redirect_to: str,
    no_media: bool,
    jobs: int | None,
    scheduler: str | None,
    **extraction: Any,
) -> None:
    """Convert saved pages (files or folders, - for stdin) to JSON, Markdown or WXR.

    Inputs may be pages, folders (read recursively in sorted order), wget/HTTrack mirrors, "Save
    page as" pages with their _files folder, Wayback copies, .zip, .tar(.gz), WARC(.gz) and gzip
    pages. Listings and feeds are recognised; copies of the same post are merged into one. A page
    that cannot be read is reported and the batch goes on. Output is written atomically and never
    overwrites files without --force.

    \b
    Exit codes: 0 done; 3 no such input; 4 output exists (use --force); 5 some pages failed;
    6 warnings with --strict; 7 output could not be written; 8 a --jobs worker died.
    """
    exporter = EXPORTERS[format_name]
    if output is None:
        if not exporter.single_document:
            raise click.UsageError(f"--to {format_name} writes a folder: give one with -o FOLDER")
        output = STDOUT
    if output == STDOUT and not exporter.single_document:
        raise click.UsageError(f"--to {format_name} writes many files and cannot go to stdout")
    problem = flavor_problem(flavor, front_matter, comments_mode)
    if problem:
        raise click.UsageError(problem)
    if report_path and Path(report_path).exists() and not force:  # refused before any work
        raise OutputExistsError(f"{report_path}: already exists; use --force to overwrite it")
    options = _pipeline_options(**extraction)
    report = run_convert(
        inputs,
        format_name,
        ExportOptions(
            target=output,
            force=force,
            flavor=flavor,
            front_matter=front_matter,
            comments=comments_mode,
        ),
        options,
        progress=Progress(not quiet),
        run=RunOptions(
            jobs=jobs,
            scheduler=scheduler,
            copy_assets=not no_media,
            redirects=_redirect_options(redirects_path, redirects_format, redirect_to, force),
        ),
    )
    if output == STDOUT:
        report.output = "standard output"
    _finish(
        report, report_path=report_path, quiet=quiet, verbose=verbose, strict=strict, force=force
    )


@cli.command()
def schema() -> None:
    """Print the JSON Schema that every --to json document (and each --to jsonl line's post) follows."""
    click.echo(schema_text(), nl=False)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@run_options
@extraction_options
def scan(
    inputs: tuple[str, ...],
    as_json: bool,
    quiet: bool,
    jobs: int | None,
    scheduler: str | None,
    **extraction: Any,
) -> None:
    """Show what a convert would do, writing nothing: pages per kind and platform, posts after
    merging copies, comments, and the pages that could not be read."""
    report = run_scan(
        inputs,
        _pipeline_options(**extraction),
        progress=Progress(not quiet),
        run=RunOptions(jobs=jobs, scheduler=scheduler),
    )
    if as_json:
        click.echo(dump(report.as_dict()))
        return
    click.echo("pages by kind:")
    for kind, count in sorted(report.kinds().items()):
        click.echo(f"{count:>7}  {kind}")
    click.echo("pages by platform:")
    platforms = Counter(page.platform for page in report.pages if page.platform)
    for platform, count in sorted(platforms.items()):
        click.echo(f"{count:>7}  {platform}")
    click.echo(report.summary())
    for page in report.pages:
        if page.outcome in (Outcome.SKIPPED, Outcome.FAILED):
            click.echo(f"problem: {page.outcome.value}: {page.error}")


def _finish(
    report: Report,
    *,
    report_path: str | None,
    quiet: bool,
    verbose: bool,
    strict: bool,
    force: bool,
) -> None:
    if report_path:
        write_report(report, Path(report_path))
    if not report.pages:
        raise NoInputError(
            "no HTML pages found in the inputs; name .html files or folders holding them"
        )
    # The pages' reports are read back (past the first few hundred, from their temporary file) only
    # when one of them has something to say here: ~7 us a page, after the output is written.
    if verbose or report.count(Outcome.SKIPPED) or report.count(Outcome.FAILED):
        for page in report.pages:
            if page.outcome in (Outcome.SKIPPED, Outcome.FAILED):
                click.echo(f"{page.outcome.value}: {page.error}", err=True)
            elif verbose:
                for warning in page.warnings:
                    click.echo(f"warning: {page.source}: {warning}", err=True)
    if not quiet:
        click.echo(report.summary(), err=True)
        if report.warnings and not verbose:
            click.echo(
                "(run with -v to see each warning, or --report FILE for all details)", err=True
            )
    if report.count(Outcome.FAILED):
        sys.exit(ExitCode.PAGES_FAILED)
    if strict and report.warnings:
        sys.exit(ExitCode.STRICT_WARNINGS)


@cli.command()
@click.argument("page", metavar="PAGE")
@click.option("--json", "as_json", is_flag=True, help="Print the records as JSON instead of text.")
@extraction_options
def inspect(page: str, as_json: bool, **extraction: Any) -> None:
    """Show what blogmigrate finds in one saved page: platform and why, fields, comment tree."""
    if page != STDIN and not Path(page).exists():
        raise NoInputError(f"{page}: no such file; check the path")
    options = _pipeline_options(**extraction)
    results = list(iter_results([page], options))
    for result in results:
        if result.report.outcome is not Outcome.CONVERTED:
            click.echo(
                f"{result.report.source}: {result.report.outcome.value}: {result.report.error}"
            )
            sys.exit(ExitCode.PAGES_FAILED)
        if as_json:
            click.echo(dump([post_dict(post) for post in result.posts]))
            continue
        detection = result.detection
        if detection is not None:
            reasons = "; ".join(detection.reasons)
            click.echo(
                f"platform: {detection.platform} (confidence {detection.confidence}: {reasons})"
            )
        for post in result.posts:
            _describe_post(post)
        for warning in result.report.warnings:
            click.echo(f"warning: {warning}")


def _describe_post(post: Post) -> None:
    author = post.author.name if post.author else "—"
    rows = [
        ("title", post.title),
        ("url", post.url or "—"),
        ("author", author),
        ("published", iso_format(post.published) or "—"),
        ("updated", iso_format(post.updated) or "—"),
        ("language", post.language or "—"),
        ("categories", ", ".join(post.categories) or "—"),
        ("tags", ", ".join(post.tags) or "—"),
        (
            "comments",
            f"{len(post.comments)} found, {post.comment_count_declared} declared, "
            f"status {post.comment_status.value if post.comment_status else 'unknown'}",
        ),
    ]
    for label, value in rows:
        click.echo(f"{label:>11}: {value}")
    depth: dict[str, int] = {}
    names = {comment.id: comment.author.name for comment in post.comments}
    for position, comment in enumerate(post.comments):
        level = depth[comment.id] = depth.get(comment.parent_id or "", -1) + 1
        marks = [comment.type.value] if comment.type.value != "comment" else []
        if comment.by_post_author:
            marks.append("post author")
        previous = post.comments[position - 1].id if position else None
        if comment.parent_id and comment.parent_id != previous:
            marks.append(f"reply to {names.get(comment.parent_id, comment.parent_id)}")
        if comment.parent_inferred:
            marks.append("reply inferred from @mention")
        extra = f" [{', '.join(marks)}]" if marks else ""
        when = iso_format(comment.published) or comment.date_text or "undated"
        click.echo(f"{'  ' * (level + 1)}- {comment.author.name}, {when}{extra}")


def settle_garbage_collector() -> None:
    """The collector set for a run of many pages, once everything is imported.

    Everything imported so far (parsers, ~1 200 compiled selectors, locale tables) lives as long as
    the process: frozen, it is kept out of the collector's full passes, and forked workers share it
    without touching (and so copying) its memory. A page makes tens of thousands of short-lived
    lists, dicts and tuples that reference counting frees: the youngest generation is collected
    every 20 000 allocations instead of 700 (~1.5 % of a page's time, bench/speed.py). The
    collector is enabled, if the imports ran without it (`blogmigrate.__main__.run`)."""
    gc.freeze()
    gc.set_threshold(20_000, 20, 10)
    gc.enable()


def main() -> None:
    """Entry point: run the CLI and turn errors into messages and exit codes."""
    settle_garbage_collector()
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(ExitCode.USAGE if isinstance(error, click.UsageError) else error.exit_code)
    except BlogmigrateError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted: no partial output was left behind", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        sys.exit(ExitCode.OK)


__all__ = ["cli", "main"]
