"""Where `--jobs 2` spends CPU that `--jobs 1` does not: each run's CPU split into its pages and the
rest, the two kinds of run in turn on the same folder (issue 8).

    .venv/bin/python bench/jobs_split.py /tmp/pages
    .venv/bin/python bench/jobs_split.py /tmp/pages --rounds 8 --to wxr

Each round runs this checkout's ``convert`` with one job and with two, the order turning from
round to round. Every process of a run (the main one with one job, each worker with two) times its
`runner.spool_page` calls (convert a page and spool its posts) in thread CPU time and writes the
total to a scratch folder; the run's CPU is its process tree's (`getrusage` of the children). "The
rest" is the difference: the start, the walks of the inputs, the merge and render of the posts,
the results passed between processes, the exit. With the host's contention measured apart
(`bench/speed.py`'s contention line), what two jobs take beyond one is the code's: each worker's
first pages, the heap pages the workers copy, and the main process's share.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = r"""
import gc, json, os, sys, time
from pathlib import Path
gc.disable()  # as blogmigrate.__main__ imports the CLI (`cli.main` enables the collector)
from blogmigrate import cli
from blogmigrate.archive import runner
scratch = Path(sys.argv[1])
spent = {"pages": 0, "cpu": 0.0}
convert = runner.spool_page
def timed(sequence, item, work):
    start = time.thread_time()
    try:
        return convert(sequence, item, work)
    finally:
        spent["pages"] += 1
        spent["cpu"] += time.thread_time() - start
        # Written after each page: a worker ends without the interpreter's exit handlers.
        (scratch / str(os.getpid())).write_text(json.dumps(spent))
runner.spool_page = timed
sys.argv = ["blogmigrate", *sys.argv[2:]]
cli.main()
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(folder: Path, jobs: int, target: str, scratch: Path) -> tuple[float, float, int]:
    """The run's CPU, its pages' CPU and how many processes converted pages."""
    timings = scratch / f"timings-{jobs}"
    timings.mkdir()
    output = scratch / f"out-{jobs}.{target}"
    options = ["convert", str(folder), "--to", target, "-o", str(output), "-q", "--force"]
    before = _children_cpu()
    subprocess.run(
        [sys.executable, "-c", RUN, str(timings), *options, "-j", str(jobs)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    run_cpu = _children_cpu() - before
    spent = [json.loads(path.read_text()) for path in timings.iterdir()]
    for path in timings.iterdir():
        path.unlink()
    timings.rmdir()
    return run_cpu, sum(part["cpu"] for part in spent), len(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", type=Path, help="the pages to convert (e.g. copies of the corpus)"
    )
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--to", default="json", help="the output format (json by default)")
    args = parser.parse_args()
    # Bytecode compiled first, as an installed package has it (see bench/jobs_compare.py).
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "blogmigrate")], check=True
    )
    figures: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory(prefix="jobs-split-") as scratch:
        for turn in range(args.rounds):
            for jobs in (1, 2) if turn % 2 == 0 else (2, 1):
                run_cpu, pages_cpu, processes = _run(args.folder, jobs, args.to, Path(scratch))
                figures[jobs].append((run_cpu, pages_cpu))
                print(
                    f"--jobs {jobs}: CPU {run_cpu:.2f} s, pages {pages_cpu:.2f} s"
                    f" ({processes} processes), the rest {run_cpu - pages_cpu:.2f} s",
                    flush=True,
                )
    print(f"medians of {args.rounds} rounds ({os.cpu_count()} cores):")
    medians = {}
    for jobs in (1, 2):
        run_cpu = statistics.median(run for run, _pages in figures[jobs])
        pages_cpu = statistics.median(pages for _run, pages in figures[jobs])
        medians[jobs] = (run_cpu, pages_cpu)
        print(
            f"  --jobs {jobs}: CPU {run_cpu:.2f} s = pages {pages_cpu:.2f} s"
            f" + the rest {run_cpu - pages_cpu:.2f} s"
        )
    (one_run, one_pages), (two_run, two_pages) = medians[1], medians[2]
    print(
        f"  two jobs − one: CPU {two_run - one_run:+.2f} s"
        f" ({(two_run / one_run - 1) * 100:+.0f} %), of it pages {two_pages - one_pages:+.2f} s"
        f" ({(two_pages / one_pages - 1) * 100:+.0f} %),"
        f" the rest {(two_run - two_pages) - (one_run - one_pages):+.2f} s"
    )


if __name__ == "__main__":
    main()
