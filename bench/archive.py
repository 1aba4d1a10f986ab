"""Archive-mode benchmark: a synthetic blog archive built from the fixtures, converted by the CLI in a
child process, for two sizes; prints pages/s and the peak memory (RSS of the largest process of the
run) of each, and whether the peaks stay within 20 % of each other (memory must stay flat).

    .venv/bin/python bench/archive.py                 # 1 000 and 10 000 pages, default jobs
    .venv/bin/python bench/archive.py --sizes 200 2000 --jobs 2
    .venv/bin/python bench/archive.py --no-media      # the workers render the posts too (JSON)

Each "round" of the archive is the fixture mirror (listings, a post under six addresses, comment
pages, a Wayback capture, feeds) with its slugs made unique, plus every fixture page of every platform
under a unique address: varied pages, posts that merge, and posts that do not.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIRROR = ROOT / "fixtures" / "archive" / "mirror"
PAGES = ROOT / "fixtures" / "pages"
MIRROR_SLUGS = ("first-frost", "seed-swap")
_ADDRESS_PATH = re.compile(r"^https?://[^/]+(/[^?#]*)")


@dataclass(frozen=True, slots=True)
class Template:
    relative: str
    text: str
    path_to_vary: str | None
    """A URL path of the page (its permalink's), made unique in each copy."""


def templates() -> tuple[list[Template], list[Template]]:
    """The mirror's files (varied together, by slug) and the single fixture pages (by permalink)."""
    sys.path.insert(0, str(ROOT))
    from blogmigrate.pipeline import PipelineOptions, process_page
    from blogmigrate.sources import InputFile

    mirror = [
        Template(path.relative_to(MIRROR).as_posix(), path.read_text(encoding="utf-8"), None)
        for path in sorted(MIRROR.rglob("*"))
        if path.is_file() and path.suffix != ".jpg"
    ]
    singles = []
    for path in sorted(PAGES.rglob("*.html")):
        result = process_page(InputFile(path, str(path)), PipelineOptions())
        url = result.posts[0].url if result.posts else None
        match = _ADDRESS_PATH.match(url or "")
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        varied = match.group(1).rstrip("/") if match and len(match.group(1)) > 1 else None
        singles.append(Template(path.relative_to(PAGES).as_posix(), text, varied))
    return mirror, singles


def build(folder: Path, size: int, mirror: list[Template], singles: list[Template]) -> int:
    """Write ``size`` pages into ``folder``; returns how many were written."""
    written = 0
    round_number = 0
    while written < size:
        round_number += 1
        for template in mirror:
            if written >= size:
                break
            text, relative = template.text, template.relative
            for slug in MIRROR_SLUGS:
                text = text.replace(slug, f"{slug}-{round_number}")
                relative = relative.replace(slug, f"{slug}-{round_number}")
            _write(folder / f"r{round_number}" / relative, text)
            written += 1
        for template in singles:
            if written >= size:
                break
            text = template.text
            if template.path_to_vary:
                text = text.replace(
                    template.path_to_vary, f"{template.path_to_vary}-{round_number}"
                )
            _write(folder / f"r{round_number}" / "pages" / template.relative, text)
            written += 1
    return written


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


@dataclass(frozen=True, slots=True)
class Measure:
    pages: int
    seconds: float
    peak_mib: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


def measure(
    folder: Path, pages: int, jobs: int | None, out: Path, *, media: bool = True
) -> Measure:
    # The command line as the ``blogmigrate`` script runs it (`blogmigrate.__main__.run`).
    command = [sys.executable, "-m", "blogmigrate", "convert", str(folder), "-q", "--force"]
    command += ["-o", str(out), "--report", str(out.with_suffix(".report.json"))]
    if jobs:
        command += ["--jobs", str(jobs)]
    if not media:  # without images to copy into them, the workers merge and render the posts too
        command += ["--no-media"]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    error = child.stderr.read().decode() if child.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 5):
        raise SystemExit(f"convert failed ({status}): {error}")
    # ru_maxrss (KiB on Linux) of the child covers it and the workers it waited for: the largest one.
    return Measure(pages, seconds, usage.ru_maxrss / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs=2, default=(1000, 10000), metavar=("SMALL", "LARGE")
    )
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    parser.add_argument(
        "--no-media",
        dest="media",
        action="store_false",
        help="convert without copying images (then the workers render the posts as well)",
    )
    arguments = parser.parse_args()
    mirror, singles = templates()
    results = []
    with tempfile.TemporaryDirectory(prefix="blogmigrate-bench-") as temporary:
        for size in arguments.sizes:
            folder = Path(temporary) / f"archive-{size}"
            pages = build(folder, size, mirror, singles)
            out = Path(temporary) / f"out-{size}.json"
            result = measure(folder, pages, arguments.jobs, out, media=arguments.media)
            results.append(result)
            print(
                f"{result.pages:>6} pages: {result.seconds:7.1f} s, "
                f"{result.pages_per_second:6.1f} pages/s, peak RSS {result.peak_mib:6.1f} MiB",
                flush=True,
            )
    small, large = results
    ratio = large.peak_mib / small.peak_mib
    verdict = "flat" if ratio <= 1.2 else "NOT flat"
    print(
        f"peak memory ratio {large.pages}/{small.pages} pages: {ratio:.2f} ({verdict}, limit 1.20)"
    )
    if ratio > 1.2:
        sys.exit(1)


if __name__ == "__main__":
    main()
