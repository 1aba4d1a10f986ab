"""`--jobs 1` and `--jobs 2` of two checkouts, run in turn on the same folder (issue 8).

    .venv/bin/python bench/jobs_compare.py OLD_TREE NEW_TREE FOLDER
    .venv/bin/python bench/jobs_compare.py ../old . /tmp/pages --rounds 7 --to wxr

On a shared host the two-job ratio of `bench/speed.py` moves with the other tenants (its own
contention line shows how much). Here each round runs both trees' `convert` with one job and with
two, the order turning from round to round, so that a change of the ratio between the trees is
the code's and not the host's. Each tree runs its own ``.venv/bin/blogmigrate`` from its own
folder (each must be installed), with its bytecode compiled first, as `bench/speed.py` does (an
installed package has it; with PYTHONDONTWRITEBYTECODE set, a checkout would compile every module
again in each run: ~50 ms of the start). Wall time, medians of the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def _run(tree: Path, folder: Path, jobs: int, target: str, output: Path) -> float:
    command = [
        str(tree / ".venv" / "bin" / "blogmigrate"),
        "convert",
        str(folder),
        "--to",
        target,
        "-o",
        str(output),
        "-q",
        "-j",
        str(jobs),
        "--force",
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=tree, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="a checkout with its own .venv")
    parser.add_argument("new", type=Path, help="another checkout with its own .venv")
    parser.add_argument(
        "folder", type=Path, help="the pages to convert (e.g. copies of the corpus)"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--to", default="json", help="the output format (json by default)")
    args = parser.parse_args()
    trees = [args.old.resolve(), args.new.resolve()]
    for tree in trees:  # by the tree's own interpreter, for the bytecode it reads
        python = str(tree / ".venv" / "bin" / "python")
        subprocess.run([python, "-m", "compileall", "-q", str(tree / "blogmigrate")], check=True)
    times: dict[tuple[int, int], list[float]] = {
        (tree, jobs): [] for tree in (0, 1) for jobs in (1, 2)
    }
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "out"
        for number in range(args.rounds):
            order = (0, 1) if number % 2 == 0 else (1, 0)
            for tree in order:
                for jobs in (1, 2) if number % 2 == 0 else (2, 1):
                    elapsed = _run(trees[tree], args.folder.resolve(), jobs, args.to, output)
                    times[(tree, jobs)].append(elapsed)
    for tree, path in enumerate(trees):
        one = statistics.median(times[(tree, 1)])
        two = statistics.median(times[(tree, 2)])
        rounds = ", ".join(
            f"{a:.2f}/{b:.2f}" for a, b in zip(times[(tree, 1)], times[(tree, 2)], strict=True)
        )
        print(f"{path}: --jobs 1 {one:.2f} s, --jobs 2 {two:.2f} s, ratio {one / two:.2f}x")
        print(f"  rounds (--jobs 1/--jobs 2): {rounds}")


if __name__ == "__main__":
    main()
