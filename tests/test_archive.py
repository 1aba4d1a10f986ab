"""Archive mode end to end: the fixture mirror (fixtures/archive/mirror) — listings, a post saved under
several addresses, comments over two comment pages, a Wayback capture, a "Save page as" copy, feeds —
converts to exactly the posts and comments of fixtures/archive/expected.json, whether it is read as a
folder, a zip, a tar.gz or a WARC, with one job or several, locally or on Dask.

Regenerate the golden file with ``pytest tests/test_archive.py --accept`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import shutil
import tarfile
import zipfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blogmigrate.archive import runner
from blogmigrate.archive.options import RedirectOptions, RunOptions
from blogmigrate.archive.wgetnames import url_from_mirror_path
from blogmigrate.cli import cli
from blogmigrate.exporters import ExportOptions
from blogmigrate.pipeline import PipelineOptions, convert, scan
from blogmigrate.report import Report

from .conftest import FIXTURES, a_thread_running, dump_json, page_results

MIRROR = FIXTURES / "archive" / "mirror"
GOLDEN = FIXTURES / "archive" / "expected.json"
SAVED_AT = datetime(2021, 3, 25, 12, 0, 0, tzinfo=UTC)
"""Every mirror file's time: before the Wayback capture (2021-04-01), so that capture is the newest."""


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    """A copy of the fixture mirror with fixed file times (a checkout's times are arbitrary)."""
    copy = tmp_path / "mirror"
    shutil.copytree(MIRROR, copy)
    stamp = SAVED_AT.timestamp()
    for path in [copy, *copy.rglob("*")]:
        os.utime(path, (stamp, stamp))
    return copy


def run(inputs: list[str], target: Path, **run_options: Any) -> tuple[dict[str, Any], Report]:
    report = convert(
        inputs,
        "json",
        ExportOptions(target=str(target)),
        PipelineOptions(),
        run=RunOptions(**run_options),
    )
    return json.loads(target.read_text(encoding="utf-8")), report


def summary(document: dict[str, Any], report: Report, root: str) -> dict[str, Any]:
    """What the golden file holds: posts (sources relative to the mirror), page kinds, merge figures."""
    posts = []
    for post in document["posts"]:
        post = dict(post)
        post["source"] = _relative(post["source"], root)
        posts.append(post)
    assert report.merge is not None
    return {
        "pages": {
            _relative(page.source, root): [page.outcome.value, page.kind, page.kind_detail]
            for page in report.pages
        },
        "merge": {
            key: value
            for key, value in report.merge.as_dict().items()
            if key not in ("assets_copied", "redirects")
        },
        "site": document["site"],
        "posts": posts,
    }


def _relative(name: str, root: str) -> str:
    if "!" in name:
        return name.split("!", 1)[1]
    return Path(name).relative_to(root).as_posix()


def without_sources(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {key: value for key, value in post.items() if key != "source"} for post in document["posts"]
    ]


def test_mirror_folder_gives_the_expected_posts(mirror: Path, tmp_path: Path, accept: bool) -> None:
    document, report = run([str(mirror)], tmp_path / "out" / "blog.json", jobs=1)
    actual = summary(document, report, str(mirror))
    if accept:
        GOLDEN.write_text(dump_json(actual), encoding="utf-8")
    assert actual == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_merge_details_are_right(mirror: Path, tmp_path: Path) -> None:
    """The values the golden file must hold, spelled out: a wrong golden file fails here too."""
    document, report = run([str(mirror)], tmp_path / "blog.json", jobs=1)
    frost, seeds, about = document["posts"]
    # The Wayback capture is the newest copy of the permalink page: its title and update win.
    assert frost["title"] == "First frost of the year (updated)"
    assert frost["url"] == "https://blog.example/2021/03/14/first-frost/"
    assert "the broad beans recovered" in frost["content_html"]
    # Union of both comment pages and the capture, each comment once, threads intact.
    assert [(c["id"], c["parent_id"], c["author"]["name"]) for c in frost["comments"]] == [
        ("101", None, "Ana"),
        ("102", "101", "Ben"),
        ("103", None, "Cleo"),
        ("104", None, "Dev"),
        ("105", "104", "Ana"),
        ("106", None, "Eve"),
    ]
    # The page shows a day only; the feed has the time, the comment feed comment 101's exact time.
    assert frost["published"] == "2021-03-14T09:12:00+00:00"
    assert frost["comments"][0]["published"] == "2021-03-14T10:02:31+00:00"
    assert seeds["published"] == "2021-03-20T09:30:00+00:00"
    assert seeds["categories"] == ["Garden", "Events"]
    assert [c["author"]["name"] for c in seeds["comments"]] == ["Fay"]
    # The resized image leads to the original, copied beside the output; the chart is missing.
    assert 'src="media/blog.example/wp-content/uploads/2021/03/seeds.jpg"' in seeds["content_html"]
    copied = tmp_path / "media/blog.example/wp-content/uploads/2021/03/seeds.jpg"
    original = MIRROR / "blog.example/wp-content/uploads/2021/03/seeds.jpg"
    assert copied.read_bytes() == original.read_bytes()
    assert report.merge is not None
    assert [m.url for m in report.merge.assets_missing] == [
        "https://blog.example/wp-content/uploads/2021/03/swap-chart.png"
    ]
    assert about["kind"] == "page"
    assert report.merge.merged_copies == 6


def test_merged_posts_carry_their_other_addresses(mirror: Path) -> None:
    from blogmigrate.archive.inputs import discover
    from blogmigrate.archive.merge import capture_of, merge_captures
    from blogmigrate.archive.runner import OLD_URLS

    pages = discover([str(mirror)])
    captures = [
        capture_of(post, sequence, result.captured, result.address)
        for sequence, result in enumerate(page_results(pages))
        for post in result.posts
        if post.id == "42"
    ]
    merged = merge_captures(captures)
    # The https permalink is the post's URL; the copies' other addresses are its aliases.
    assert merged.post.url == "https://blog.example/2021/03/14/first-frost/"
    assert merged.aliases == (
        "http://blog.example/2021/03/14/first-frost/",
        "http://www.blog.example/2021/03/14/first-frost",
        "http://www.blog.example/2021/03/14/first-frost.html",
    )
    from blogmigrate.archive.runner import with_old_urls

    assert with_old_urls(merged.post, merged.aliases).extra[OLD_URLS].splitlines() == list(
        merged.aliases
    )


def _zip(mirror: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(mirror.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(mirror).as_posix())
    return target


def _tar(mirror: Path, target: Path) -> Path:
    with tarfile.open(target, "w:gz") as archive:
        for path in sorted(mirror.rglob("*")):
            if path.is_file():
                archive.add(path, path.relative_to(mirror).as_posix())
    return target


def _warc(mirror: Path, target: Path) -> Path:
    """A crawl of the mirror as WARC: each file a response record at the address it came from."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with target.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for path in sorted(mirror.rglob("*")):
            relative = path.relative_to(mirror).as_posix()
            url = url_from_mirror_path(relative)
            if not path.is_file() or url is None or not url.startswith("http"):
                continue  # the "Save page as" copy was never crawled
            content_type = "image/jpeg" if path.suffix == ".jpg" else "text/html; charset=UTF-8"
            if "/feed/" in url:
                content_type = "application/rss+xml; charset=UTF-8"
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(path.read_bytes()),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2021-03-25T12:00:00Z"},
            )
            writer.write_record(record)
    return target


@pytest.mark.parametrize("pack", [_zip, _tar, _warc], ids=["zip", "tar.gz", "warc.gz"])
def test_archives_give_the_same_posts(mirror: Path, tmp_path: Path, pack: Any) -> None:
    suffix = {"_zip": ".zip", "_tar": ".tar.gz", "_warc": ".warc.gz"}[pack.__name__]
    archive = pack(mirror, tmp_path / f"blog{suffix}")
    from_folder, _ = run([str(mirror)], tmp_path / "a" / "blog.json", jobs=1)
    from_archive, report = run([str(archive)], tmp_path / "b" / "blog.json", jobs=2)
    assert without_sources(from_archive) == without_sources(from_folder)
    names = [page.source for page in report.pages]
    assert all(name.startswith(f"{archive}!") for name in names)
    assert not any("_files/" in name for name in names)  # a saved page's folder holds assets only


def test_output_is_byte_identical_whatever_the_job_count(mirror: Path, tmp_path: Path) -> None:
    run([str(mirror)], tmp_path / "one" / "blog.json", jobs=1)
    run([str(mirror)], tmp_path / "three" / "blog.json", jobs=3)
    one = (tmp_path / "one" / "blog.json").read_bytes()
    assert one == (tmp_path / "three" / "blog.json").read_bytes()
    assert one.count(b'"slug":') == 3


def written_files(target: Path) -> dict[str, bytes]:
    """A file's bytes, or every file's under a folder (a Markdown export) by relative path."""
    if target.is_file():
        return {"": target.read_bytes()}
    return {
        path.relative_to(target).as_posix(): path.read_bytes()
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def rendering_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Forked workers, each leaving a file named by its process id in the folder returned when it
    merges and renders posts (`runner.render_groups`)."""
    monkeypatch.setattr(runner, "_pool_context", lambda: multiprocessing.get_context("fork"))
    renderers = tmp_path / "rendered-by"
    renderers.mkdir()
    render_groups = runner.render_groups

    def noting_who_renders(task: runner.GroupTask, work: runner.SpoolWork) -> Any:
        (renderers / str(os.getpid())).touch()
        return render_groups(task, work)

    monkeypatch.setattr(runner, "render_groups", noting_who_renders)
    return renderers


@pytest.mark.parametrize("copy_assets", [False, True], ids=["no-media", "media"])
@pytest.mark.parametrize("format_name", ["json", "jsonl", "markdown", "wxr", "disqus"])
def test_posts_merged_and_rendered_by_the_workers_are_those_one_process_writes(
    mirror: Path, tmp_path: Path, rendering_workers: Path, format_name: str, copy_assets: bool
) -> None:
    """The workers merge and render the posts as well (`runner.render_groups`), their links
    pointed at the copies of the images the main process copies: the files written (images
    included) and the merge figures (copies merged, posts completed from feeds, images copied and
    missing) are one process's."""
    renderers = rendering_workers
    outputs, merges = [], []
    for jobs in (1, 3):
        folder = tmp_path / f"jobs-{jobs}"
        report = convert(
            [str(mirror)],
            format_name,
            ExportOptions(target=str(folder / f"blog.{format_name}")),
            PipelineOptions(),
            run=RunOptions(jobs=jobs, copy_assets=copy_assets),
        )
        outputs.append(written_files(folder))
        assert report.merge is not None
        merges.append(report.merge.as_dict())
        if jobs == 1:
            assert not any(renderers.iterdir())  # one process merges and writes each post itself
    assert outputs[0] == outputs[1]
    media = [name for name in outputs[0] if "media/" in name]
    assert len(media) == merges[0]["assets_copied"]
    if format_name == "markdown":  # three posts (the About page one of them), two with comments
        names = sorted(name.rpartition("/")[2] for name in outputs[0] if name not in media)
        assert names == ["comments.yaml"] * 2 + ["index.md"] * 3
    assert merges[0] == merges[1]
    assert merges[0]["merged_copies"] > 0 and merges[0]["feed_filled"] > 0
    assert (bool(media), len(merges[0]["assets_missing"])) == (copy_assets, int(copy_assets))
    workers = {int(path.name) for path in renderers.iterdir()}
    assert workers and os.getpid() not in workers


@pytest.mark.parametrize("format_name", ["json", "markdown", "wxr"])
def test_redirects_from_posts_the_workers_rendered_are_one_process_s(
    mirror: Path, tmp_path: Path, rendering_workers: Path, format_name: str
) -> None:
    """With redirects to write, the workers still render the posts: each comes back with what its
    redirects need, and the main process names the pages in output order as the exporter does."""
    written = []
    for jobs in (1, 3):
        folder = tmp_path / f"jobs-{jobs}"
        redirects = RedirectOptions(path=folder / "redirects.csv", format="csv")
        report = convert(
            [str(mirror)],
            format_name,
            ExportOptions(target=str(folder / f"blog.{format_name}")),
            PipelineOptions(),
            run=RunOptions(jobs=jobs, copy_assets=False, redirects=redirects),
        )
        assert report.merge is not None and report.merge.redirects == 5
        written.append(written_files(folder))
    assert written[0] == written[1]
    assert (
        "/2021/03/14/first-frost/,/posts/first-frost/,301" in written[0]["redirects.csv"].decode()
    )
    workers = {int(path.name) for path in rendering_workers.iterdir()}
    assert workers and os.getpid() not in workers


@pytest.mark.parametrize("format_name", ["json", "markdown", "wxr"])
def test_posts_rendered_by_fork_server_workers_are_those_one_process_writes(
    mirror: Path, tmp_path: Path, format_name: str
) -> None:
    """With a thread running, the workers come from a fork server: what they are handed (the
    exporter's renderer, the links to the images' copies, the posts' tasks) crosses to them
    pickled, and what they give back (the rendered posts, the images they need) is written as one
    process writes it."""

    def written(jobs: int) -> dict[str, bytes]:
        folder = tmp_path / f"jobs-{jobs}"
        options = RunOptions(jobs=jobs, copy_assets=True)
        export = ExportOptions(target=str(folder / f"blog.{format_name}"))
        convert([str(mirror)], format_name, export, PipelineOptions(), run=options)
        return written_files(folder)

    one = written(1)
    with a_thread_running():
        assert runner._pool_context().get_start_method() == "forkserver"
        two = written(2)
    assert two == one


def test_scan_counts_pages_by_kind_and_writes_nothing(mirror: Path, tmp_path: Path) -> None:
    report = scan([str(mirror)], run=RunOptions(jobs=1))
    assert report.kinds() == {
        "post": 8,
        "page": 1,
        "feed": 2,
        "listing (home)": 1,
        "listing (pagination)": 1,
        "listing (category)": 1,
        "listing (date)": 1,
    }
    assert report.merge is not None
    assert (report.merge.posts, report.merge.comments) == (3, 7)
    result = CliRunner().invoke(cli, ["scan", str(mirror), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "      1  listing (category)" in result.output
    assert "3 post(s), 7 comment(s)" in result.output
    assert list(tmp_path.iterdir()) == [mirror]


@pytest.mark.parametrize(
    ("name", "expected_line"),
    [
        ("redirects.csv", "/2021/03/14/first-frost/,/posts/first-frost/,301"),
        ("_redirects", "/2021/03/20/seed-swap/ /posts/seed-swap/ 301"),
        (".htaccess", "RewriteRule ^2021/03/14/first-frost/?$ /posts/first-frost/? [R=301,L]"),
        ("nginx.conf", '    "/2021/03/14/first-frost/" "/posts/first-frost/";'),
    ],
)
def test_redirects_from_every_old_address(
    mirror: Path, tmp_path: Path, name: str, expected_line: str
) -> None:
    from blogmigrate.archive.redirects import redirect_format_for

    target = tmp_path / name
    chosen = redirect_format_for(name)
    assert chosen is not None
    _, report = run(
        [str(mirror)],
        tmp_path / "blog.json",
        jobs=1,
        redirects=RedirectOptions(path=target, format=chosen),
    )
    text = target.read_text(encoding="utf-8")
    assert expected_line in text.splitlines()
    assert report.merge is not None and report.merge.redirects == 5


def test_cli_convert_with_jobs_report_and_redirects(mirror: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "convert",
            str(mirror),
            "-o",
            str(out / "blog.json"),
            "--jobs",
            "2",
            "--report",
            str(out / "report.json"),
            "--redirects",
            str(out / "redirects.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["pages"] == 15
    assert report["summary"]["not_posts"] == 6
    assert report["merge"]["posts"] == 3
    kinds = {Path(page["source"]).name: page["kind"] for page in report["pages"]}
    assert kinds["index.html?replytocom=102.html"] == "post"
    assert "after merging 6 extra cop(ies): 3 post(s), 7 comment(s)" in result.output


def test_dask_local_cluster_gives_the_local_output(mirror: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    run([str(mirror)], tmp_path / "local" / "blog.json", jobs=1)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        _, report = run(
            [str(mirror)], tmp_path / "dask" / "blog.json", scheduler=cluster.scheduler_address
        )
    assert (tmp_path / "dask" / "blog.json").read_bytes() == (
        tmp_path / "local" / "blog.json"
    ).read_bytes()
    assert report.merge is not None and report.merge.posts == 3


def test_a_post_without_a_usable_slug_is_redirected_to_the_page_written(tmp_path: Path) -> None:
    from blogmigrate.archive.redirects import RedirectWriter, redirect_source
    from blogmigrate.exporters.markdown import MarkdownExporter
    from blogmigrate.pipeline import process_page
    from blogmigrate.sources import InputFile

    page = FIXTURES / "pages" / "wordpress" / "seed-twentyten-fr.html"
    result = process_page(
        InputFile(path=page, name=page.name, data=page.read_bytes()), PipelineOptions()
    )
    post = dataclasses.replace(
        result.posts[0], slug="😀", url="https://blog.example/2021/03/14/first-frost/"
    )
    exporter = MarkdownExporter(ExportOptions(target=str(tmp_path / "site")))  # Hugo
    exporter.write(post)
    written = [path.parent.name for path in (tmp_path / "site").rglob("index.md")]
    redirects = RedirectWriter(RedirectOptions(path=tmp_path / "r.csv", format="csv"))
    redirects.add_source(redirect_source(post, ()))
    assert written == [f"post-{post.id}"]
    assert redirects.pairs == {"/2021/03/14/first-frost/": f"/posts/post-{post.id}/"}
