"""Passes of one runner of bench/speed.py over its pages, for an instruction counter (issue 8).

    valgrind --tool=callgrind --callgrind-out-file=one.out .venv/bin/python bench/passes.py 1
    valgrind --tool=callgrind --callgrind-out-file=three.out .venv/bin/python bench/passes.py 3
    callgrind_annotate one.out | head   # then (three's total - one's total) / 2 is one pass

A warm-up pass, the collector set as the CLI sets it, then N passes of the runner (blogmigrate
by default; ``--runner floor`` or ``trafilatura``) over the pages `bench/speed.py` times. Timings
on a shared host move by 10-30 % from one minute to the next; callgrind counts the instructions a
pass takes, the same on a busy host and a quiet one, which shows a change of 1 % (session 19 of
docs/performance.md). Instructions are not time: the parse runs more of them a nanosecond than
Python does, so compare like with like (blogmigrate before and after a change).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import speed  # bench/speed.py: the pages and the runners

from blogmigrate.cli import settle_garbage_collector


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("passes", type=int, help="passes after the warm-up (0: the warm-up only)")
    parser.add_argument(
        "--runner", choices=("blogmigrate", "floor", "trafilatura"), default="blogmigrate"
    )
    args = parser.parse_args()
    run = {"blogmigrate": speed.run_blogmigrate, "floor": speed.run_floor}.get(args.runner)
    if run is None:
        run = speed.make_trafilatura()
        if run is None:
            parser.error("--runner trafilatura needs trafilatura: pip install -e '.[bench]'")
    pages = speed.load_pages(speed.CORPUS_PAGES)
    for page in pages:
        run(page)
    settle_garbage_collector()
    for _ in range(args.passes):
        for page in pages:
            run(page)
    print(f"{args.runner}: {len(pages)} pages, warm-up and {args.passes} passes", file=sys.stderr)


if __name__ == "__main__":
    main()
