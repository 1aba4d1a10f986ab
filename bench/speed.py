"""Speed of one process against the parse floor and the peer, on the same pages (issue 8).

    .venv/bin/python bench/speed.py                   # timings, ratios, noise (about a minute)
    .venv/bin/python bench/speed.py --repeat 7 --jobs-copies 20
    .venv/bin/python bench/speed.py --profile 25      # cProfile of blogmigrate over the pages
    .venv/bin/python bench/speed.py --dump before.json   # every page's records, to compare after a change
    .venv/bin/python bench/speed.py --order-cost 6    # what running right after the other tool costs each
    .venv/bin/python bench/speed.py --no-peer --repeat 1 --jobs-format markdown  # --jobs on Markdown

Three ways of handling every page (../shared/corpus/pages and fixtures/pages), timed in one process
with ``time.process_time`` (CPU time, so other processes on a shared machine disturb it less than wall
time), several repetitions, medians. The runners take the pages in blocks of eight (``--block``), in
an order that turns from block to block: load hits them alike, and each runs mostly in caches its
own work filled, as a run of many pages does (page by page, the one after trafilatura starts each
page in the caches trafilatura left):

- floor: ``lxml.html`` parsing of the page's bytes with blogmigrate's parser settings (page.py);
- trafilatura: ``extract(html, include_comments=True, with_metadata=True, output_format="json")``
  (the peer; ``pip install -e .[bench]``);
- blogmigrate: ``process_page`` (read, decode, parse, classify, detect, scrape, normalize), then
  the JSON exporter's text of each post (``JsonExporter.renderer``: ``post_dict``, then its indented
  JSON in UTF-8, as it stands in the document): the bytes it writes.

The pages are held in memory (no disk reads are timed). Then, when ``convert --jobs`` exists, the CLI
converts a folder of N copies of the pages with one job and with two, alternately (wall time,
subprocesses), with each run's CPU time and the load average before it: on a shared machine the wall
ratio drops with the load, while the CPU ceiling (2 × CPU of one job ÷ CPU of two) does not. Last,
the host itself is measured: the CPU one ``--jobs 1`` run of half the copies takes alone, against
the same run beside an independent ``--jobs 1`` run of the other half (two processes sharing
nothing but the machine): what two processes can give here at most, whatever the program. Peak
memory is bench/archive.py's job; run it for the RSS figures.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import html  # noqa: E402

from blogmigrate.bytesearch import searches_in_c  # noqa: E402
from blogmigrate.cli import settle_garbage_collector  # noqa: E402
from blogmigrate.compiled import COMPILED_MODULES, is_compiled  # noqa: E402
from blogmigrate.exporters import EXPORTERS, ExportOptions  # noqa: E402
from blogmigrate.exporters.jsonfile import JsonExporter  # noqa: E402
from blogmigrate.exporters.records import post_dict  # noqa: E402
from blogmigrate.page import _PARSER  # noqa: E402
from blogmigrate.pipeline import PipelineOptions, process_page  # noqa: E402
from blogmigrate.sources import InputFile  # noqa: E402
from blogmigrate.treewalk import walks_in_c  # noqa: E402

CORPUS_PAGES = ROOT.parent / "shared" / "corpus" / "pages"
FIXTURE_PAGES = ROOT / "fixtures" / "pages"
OPTIONS = PipelineOptions()
RENDER = JsonExporter.renderer(ExportOptions(target="-"))
"""What the JSON exporter writes for a post (`runner.render_groups` calls it too)."""
CLI = [sys.executable, "-m", "blogmigrate"]
"""The command line as the ``blogmigrate`` script runs it (`blogmigrate.__main__.run`)."""
TARGET_PEER = 5.0
"""blogmigrate's pages per second must be at least this many times trafilatura's."""
TARGET_FLOOR = 8.0
BLOCK = 8
"""Pages each runner takes in turn (`measure`). Page by page (1), each runner works in the caches the
one before it left: on these pages blogmigrate took 7 % longer right after trafilatura than right
after the floor's parse, trafilatura 3 % longer after blogmigrate (docs/performance.md, session
15); a run of many pages, as a user's, keeps its own code and data in the caches."""
"""blogmigrate's time per page must be at most this many times the lxml parse."""


@dataclass(frozen=True, slots=True)
class SavedPage:
    name: str
    path: Path
    data: bytes


def load_pages(corpus: Path) -> list[SavedPage]:
    paths = sorted(path for path in corpus.iterdir() if path.is_file())
    paths += sorted(FIXTURE_PAGES.rglob("*.html"))
    return [SavedPage(_label(path), path, path.read_bytes()) for path in paths]


def _label(path: Path) -> str:
    for base in (CORPUS_PAGES.parent, ROOT):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return str(path)


def run_floor(page: SavedPage) -> object:
    return html.document_fromstring(page.data, parser=_PARSER)


def run_blogmigrate(page: SavedPage) -> object:
    item = InputFile(path=page.path, name=page.name, data=page.data)
    result = process_page(item, OPTIONS)
    return [RENDER(post) for post in result.posts]


def make_trafilatura() -> Callable[[SavedPage], object] | None:
    try:
        from trafilatura import extract
    except ImportError:
        return None

    def run_trafilatura(page: SavedPage) -> object:
        return extract(page.data, include_comments=True, with_metadata=True, output_format="json")

    return run_trafilatura


@dataclass(frozen=True, slots=True)
class Timing:
    name: str
    totals: tuple[float, ...]
    """CPU seconds for the whole page set, one per repetition."""
    walls: tuple[float, ...]
    per_page: tuple[float, ...]
    """Each page's median CPU seconds over the repetitions."""
    least: tuple[float, ...] = ()
    """Each page's least CPU seconds over the repetitions (load only ever adds time)."""

    @property
    def least_ms_per_page(self) -> float:
        return sum(self.least) / len(self.least) * 1000

    @property
    def ms_per_page(self) -> float:
        return statistics.median(self.totals) / len(self.per_page) * 1000

    @property
    def noise(self) -> float:
        """Spread of the repetitions' totals around their median (max − min) / median."""
        middle = statistics.median(self.totals)
        return (max(self.totals) - min(self.totals)) / middle if middle else 0.0

    @property
    def wall_ms_per_page(self) -> float:
        return statistics.median(self.walls) / len(self.per_page) * 1000


def measure(
    runners: dict[str, Callable[[SavedPage], object]],
    pages: list[SavedPage],
    repeat: int,
    block: int = BLOCK,
) -> list[Timing]:
    """Every runner on every page, ``block`` pages at a time: each runner takes a block of pages in
    turn, the runners' order turning from block to block, so that machine load hits them alike and
    each runner follows each other one as often."""
    for page in pages:  # warm-up: imports, compiled selectors, per-process caches
        for run in runners.values():
            run(page)
    names = list(runners)
    cpu: dict[str, list[list[float]]] = {name: [] for name in runners}
    wall: dict[str, list[float]] = {name: [] for name in runners}
    turn = 0
    for _ in range(repeat):
        rows = {name: [0.0] * len(pages) for name in runners}
        walls = dict.fromkeys(runners, 0.0)
        for first in range(0, len(pages), block):
            order = names[turn % len(names) :] + names[: turn % len(names)]
            turn += 1
            for name in order:
                run = runners[name]
                for index in range(first, min(first + block, len(pages))):
                    wall_start = time.perf_counter()
                    start = time.process_time()
                    run(pages[index])
                    rows[name][index] = time.process_time() - start
                    walls[name] += time.perf_counter() - wall_start
        for name in runners:
            cpu[name].append(rows[name])
            wall[name].append(walls[name])
    return [
        Timing(
            name,
            tuple(sum(row) for row in cpu[name]),
            tuple(wall[name]),
            tuple(statistics.median(values) for values in zip(*cpu[name], strict=True)),
            tuple(min(values) for values in zip(*cpu[name], strict=True)),
        )
        for name in runners
    ]


def report(timings: list[Timing], pages: list[SavedPage], slowest: int) -> None:
    by_name = {timing.name: timing for timing in timings}
    print(f"{len(pages)} pages, {sum(len(p.data) for p in pages) / len(pages) / 1024:.0f} KB mean")
    compiled = sum(is_compiled(name) for name in COMPILED_MODULES)
    print(
        f"blogmigrate's hot-path modules compiled by mypyc: {compiled} of {len(COMPILED_MODULES)}; "
        f"tree walk and byte search in C (Cython): {'yes' if walks_in_c() else 'no'}, "
        f"{'yes' if searches_in_c() else 'no'}"
    )
    print(f"{'':14}{'ms/page (CPU)':>14}{'pages/s':>10}{'noise':>8}{'ms/page (wall)':>16}")
    for timing in timings:
        print(
            f"{timing.name:14}{timing.ms_per_page:14.2f}{1000 / timing.ms_per_page:10.1f}"
            f"{timing.noise:8.1%}{timing.wall_ms_per_page:16.2f}"
        )
    ours = by_name["blogmigrate"].ms_per_page
    floor = by_name["floor"].ms_per_page
    print(f"blogmigrate ÷ floor (time): {ours / floor:.2f}× (target ≤ {TARGET_FLOOR:g}×)")
    if "trafilatura" in by_name:
        peer = by_name["trafilatura"].ms_per_page
        print(
            f"blogmigrate pages/s ÷ trafilatura pages/s: {peer / ours:.2f}× "
            f"(target ≥ {TARGET_PEER:g}×)"
        )
    else:
        print("no peer ratio (--no-peer, or trafilatura missing: pip install -e .[bench])")
    # Steadier on a shared machine: each page's least time over the repetitions, summed.
    least = {timing.name: timing.least_ms_per_page for timing in timings}
    line = ", ".join(f"{name} {value:.2f}" for name, value in least.items())
    ratios = f"÷ floor {least['blogmigrate'] / least['floor']:.2f}×"
    if "trafilatura" in least:
        ratios += f", pages/s ÷ trafilatura {least['trafilatura'] / least['blogmigrate']:.2f}×"
    print(f"least of the repetitions, ms/page: {line}; blogmigrate {ratios}")
    order = sorted(
        range(len(pages)), key=lambda i: by_name["blogmigrate"].per_page[i], reverse=True
    )
    print("slowest pages for blogmigrate (ms CPU; floor ms; ratio):")
    for index in order[:slowest]:
        mine = by_name["blogmigrate"].per_page[index] * 1000
        base = by_name["floor"].per_page[index] * 1000
        print(f"  {mine:8.1f} {base:7.2f} {mine / base if base else 0:6.1f}×  {pages[index].name}")


def profile(pages: list[SavedPage], top: int, sort: str) -> None:
    for page in pages:
        run_blogmigrate(page)  # warm: the profile should show steady-state costs
    # CPU time, not wall time: on a shared machine wall time charges other processes to us.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for page in pages:
        run_blogmigrate(page)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(top)
    print(out.getvalue())


def selector_costs(pages: list[SavedPage], top: int) -> None:
    """CPU time of each extraction selector over the pages (one slow XPath hides well in a profile:
    it shows as the one `Selector._run` line)."""
    from blogmigrate.scrapers import selectors

    for page in pages:
        run_blogmigrate(page)
    costs: dict[str, list[float]] = {}
    original = selectors.Selector._run

    def timed(self: selectors.Selector, scope: html.HtmlElement) -> list[object]:
        start = time.process_time()
        found = original(self, scope)
        entry = costs.setdefault(self.source, [0.0, 0, 0])
        entry[0] += time.process_time() - start
        entry[1] += 1
        entry[2] += bool(found)
        return found

    selectors.Selector._run = timed  # type: ignore[method-assign]
    try:
        start = time.process_time()
        for page in pages:
            run_blogmigrate(page)
        total = time.process_time() - start
    finally:
        selectors.Selector._run = original  # type: ignore[method-assign]
    spent = sum(entry[0] for entry in costs.values())
    print(
        f"blogmigrate {total / len(pages) * 1000:.2f} ms/page, of which selectors "
        f"{spent / len(pages) * 1000:.2f} ms/page ({sum(e[1] for e in costs.values()) / len(pages):.0f} runs/page)"
    )
    print(f"{'ms/page':>8} {'runs':>6} {'hits':>6}  selector")
    ranked = sorted(costs.items(), key=lambda item: item[1][0], reverse=True)
    for source, (seconds, runs, hits) in ranked[:top]:
        print(f"{seconds / len(pages) * 1000:8.3f} {runs:6} {hits:6}  {source[:110]}")


def dump(pages: list[SavedPage], target: Path) -> None:
    """Every page's records (post_dict) and report outcome, to compare before and after a change."""
    records = {}
    for page in pages:
        result = process_page(InputFile(path=page.path, name=page.name, data=page.data), OPTIONS)
        records[page.name] = {
            "outcome": result.report.outcome.value,
            "platform": result.report.platform,
            "warnings": [str(warning) for warning in result.report.warnings],
            "posts": [post_dict(post) for post in result.posts],
        }
    target.write_text(json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True))
    posts = sum(len(entry["posts"]) for entry in records.values())
    print(f"{len(records)} pages, {posts} posts written to {target}")


def convert_has_jobs() -> bool:
    help_text = subprocess.run(
        [*CLI, "convert", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    ).stdout
    return "--jobs" in help_text


@dataclass(frozen=True, slots=True)
class JobsRun:
    jobs: int
    wall: float
    cpu: float
    """CPU seconds of the CLI's whole process tree (workers included)."""
    load: float
    """One-minute load average just before the run: above ~0 other processes shared the cores."""


def convert_command(folder: Path, output: Path, jobs: int, format_name: str = "json") -> list[str]:
    """The CLI converting ``folder`` (to one JSON file, by default) with ``jobs`` processes, quietly."""
    options = ["--to", format_name, "-o", str(output), "--force", "-q", "--jobs", str(jobs)]
    return [*CLI, "convert", str(folder), *options]


def run_convert(folder: Path, output: Path, jobs: int, format_name: str = "json") -> JobsRun:
    load = os.getloadavg()[0]
    start = time.perf_counter()
    (cpu,) = _cpu_of_children([convert_command(folder, output, jobs, format_name)])
    wall = time.perf_counter() - start
    return JobsRun(jobs, wall, cpu, load)


def measure_jobs(
    pages: list[SavedPage], copies: int, repeat: int, format_name: str = "json"
) -> None:
    """Wall time of the CLI converting a folder of ``copies`` copies of the pages to
    ``format_name``, one job vs two, alternately (1 then 2, then 2 then 1: drifting load hits both
    alike)."""
    if not convert_has_jobs():
        print("convert has no --jobs option yet: no parallel figures")
        return
    # An installed package has its bytecode compiled (pip does it at install time); a checkout run
    # with PYTHONDONTWRITEBYTECODE set would compile every module again in each timed run.
    compileall.compile_dir(ROOT / "blogmigrate", quiet=1)
    with tempfile.TemporaryDirectory(prefix="speed-jobs-") as scratch:
        folder = Path(scratch) / "pages"
        for copy in range(copies):
            for index, page in enumerate(pages):
                target = folder / f"copy{copy:03d}" / f"{index:03d}-{page.path.name}"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(page.path, target)
        runs: dict[int, list[JobsRun]] = {1: [], 2: []}
        for turn in range(repeat):
            for jobs in (1, 2) if turn % 2 == 0 else (2, 1):
                output = Path(scratch) / f"out-{jobs}.{format_name}"
                runs[jobs].append(run_convert(folder, output, jobs, format_name))
        total = copies * len(pages)
        one, two = (statistics.median(run.wall for run in runs[jobs]) for jobs in (1, 2))
        print(
            f"convert of {total} pages to {format_name} (CLI, wall, median of {repeat};"
            " CPU of the process tree):"
        )
        for jobs in (1, 2):
            wall = statistics.median(run.wall for run in runs[jobs])
            cpu = statistics.median(run.cpu for run in runs[jobs])
            cores = statistics.median(run.cpu / run.wall for run in runs[jobs])
            print(
                f"  --jobs {jobs}: {wall:.2f} s, {total / wall:.1f} pages/s, CPU {cpu:.2f} s,"
                f" cores obtained (CPU ÷ wall) {cores:.2f}"
                f" (runs {', '.join(f'{run.wall:.2f}' for run in runs[jobs])};"
                f" load before {', '.join(f'{run.load:.1f}' for run in runs[jobs])})"
            )
        print(f"  --jobs 2 ÷ --jobs 1 throughput: {one / two:.2f}× (target ≥ 1.7× on 2 cores)")
        # As for the pages above: load only adds time, so each kind's quickest round is the
        # steadier figure on a shared host (the median stays the one the target is judged by).
        least_one, least_two = (min(run.wall for run in runs[jobs]) for jobs in (1, 2))
        print(
            f"  the same, quickest of the rounds: {least_one:.2f} s ÷ {least_two:.2f} s ="
            f" {least_one / least_two:.2f}×"
        )
        # Load-independent bound: on two free cores --jobs 2 takes at least half its CPU time.
        cpu_one, cpu_two = (statistics.median(run.cpu for run in runs[jobs]) for jobs in (1, 2))
        print(
            f"  ceiling on 2 free cores (2 × CPU of --jobs 1 ÷ CPU of --jobs 2): {2 * cpu_one / cpu_two:.2f}×"
        )
        if copies >= 2:
            measure_contention(folder, Path(scratch), copies, repeat)
        two_cores = statistics.median(run.cpu / run.wall for run in runs[2])
        if two_cores < 1.8:
            # Linux's autogroup scheduling shares the cores between sessions, not processes: a busy
            # neighbour session leaves --jobs 2 about the same share of the machine as --jobs 1.
            print(
                f"  --jobs 2 obtained {two_cores:.2f} of {os.cpu_count()} cores (other processes were"
                " running): the wall ratio understates what two free cores give"
            )


def _cpu_of_children(commands: list[list[str]]) -> list[float]:
    """Run the commands side by side; each one's CPU seconds (its process, with the workers it
    started and waited for, apart from the other commands)."""
    started = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for command in commands
    ]
    cpu = []
    for process in started:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu.append(usage.ru_utime + usage.ru_stime)
    return cpu


def measure_contention(folder: Path, scratch: Path, copies: int, repeat: int) -> None:
    """What the host gives two processes at once, with no blogmigrate code shared between them:
    the CPU one ``--jobs 1`` run takes for half the copies alone, against the same run while an
    independent ``--jobs 1`` run converts the other half beside it. Two processes on two cores
    can go at most 2 ÷ that ratio times as fast as one, whatever the program."""
    halves = [scratch / "half-a", scratch / "half-b"]
    for number, copy in enumerate(sorted(folder.iterdir())):
        if number < copies // 2 * 2:
            halves[number % 2].mkdir(exist_ok=True)
            copy.rename(halves[number % 2] / copy.name)
    commands = [convert_command(half, scratch / f"{half.name}.json", 1) for half in halves]
    alone, beside = [], []
    for turn in range(repeat):
        for together in (False, True) if turn % 2 == 0 else (True, False):
            if together:
                beside.append(_cpu_of_children(commands)[0])
            else:
                alone.append(_cpu_of_children(commands[:1])[0])
    slowdown = statistics.median(beside) / statistics.median(alone)
    print(
        f"  host contention: one --jobs 1 run of half the copies took {slowdown:.2f}× as much CPU"
        f" beside an independent run of the other half as alone (medians of {repeat}:"
        f" {statistics.median(alone):.2f} s, {statistics.median(beside):.2f} s); two processes"
        f" can give at most {2 / slowdown:.2f}× one here"
    )


def order_cost(peer: Callable[[SavedPage], object], pages: list[SavedPage], repeat: int) -> None:
    """What running right after the other tool costs each one: CPU time of every page right after
    the other tool handled it, against right after the floor's parse of it alone, both orders taken
    in turn, ``repeat`` passes (medians)."""
    mine: Callable[[SavedPage], object] = run_blogmigrate
    totals: dict[str, list[float]] = {
        key: [] for key in ("mine-after-peer", "mine-alone", "peer-after-mine", "peer-alone")
    }

    def timed(run: Callable[[SavedPage], object], page: SavedPage) -> float:
        start = time.process_time()
        run(page)
        return time.process_time() - start

    for page in pages:  # warm-up
        run_floor(page)
        peer(page)
        mine(page)
    for turn in range(repeat):
        sums = dict.fromkeys(totals, 0.0)
        for page in pages:
            pairs = [
                ("peer-alone", peer, "mine-after-peer", mine),
                ("mine-alone", mine, "peer-after-mine", peer),
            ]
            for first_key, first, second_key, second in pairs if turn % 2 == 0 else pairs[::-1]:
                run_floor(page)
                sums[first_key] += timed(first, page)
                sums[second_key] += timed(second, page)
        for key, value in sums.items():
            totals[key].append(value / len(pages) * 1000)
    mine_after, mine_alone, peer_after, peer_alone = (
        statistics.median(totals[key])
        for key in ("mine-after-peer", "mine-alone", "peer-after-mine", "peer-alone")
    )
    print(f"ms/page, medians of {repeat} passes (each page's run after the floor's parse of it):")
    print(
        f"  blogmigrate right after trafilatura {mine_after:.2f}, without {mine_alone:.2f}: {mine_after / mine_alone:.3f}×"
    )
    print(
        f"  trafilatura right after blogmigrate {peer_after:.2f}, without {peer_alone:.2f}: {peer_after / peer_alone:.3f}×"
    )
    print(
        f"  pages/s ÷ trafilatura: {peer_alone / mine_after:.2f}× with blogmigrate always second"
        f" (page by page, before session 15), {peer_after / mine_alone:.2f}× with it always first"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS_PAGES, help="folder of saved pages")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions (median taken)")
    parser.add_argument("--slowest", type=int, default=8, help="list this many slowest pages")
    parser.add_argument(
        "--order-cost",
        type=int,
        default=0,
        metavar="PASSES",
        help="measure what running right after the other tool costs each one, then stop",
    )
    parser.add_argument(
        "--block",
        type=int,
        default=BLOCK,
        help=f"pages each runner takes in turn (default {BLOCK}; 1: page by page)",
    )
    parser.add_argument(
        "--jobs-copies",
        type=int,
        default=10,
        help="copies of the pages for the --jobs run (0: skip)",
    )
    parser.add_argument("--jobs-repeat", type=int, default=3)
    parser.add_argument(
        "--jobs-format",
        default="json",
        choices=tuple(EXPORTERS),
        help="what the --jobs run converts to (the target is about JSON; the default)",
    )
    parser.add_argument("--no-peer", action="store_true", help="skip trafilatura")
    parser.add_argument("--profile", type=int, metavar="TOP", help="cProfile blogmigrate instead")
    parser.add_argument("--sort", default="tottime", help="profile order (tottime, cumulative)")
    parser.add_argument("--dump", type=Path, metavar="FILE", help="write every page's records")
    parser.add_argument(
        "--selectors", type=int, metavar="TOP", help="CPU time per extraction selector instead"
    )
    args = parser.parse_args()
    pages = load_pages(args.corpus)
    if args.dump:
        dump(pages, args.dump)
        return
    if (args.selectors or args.profile) and any(is_compiled(name) for name in COMPILED_MODULES):
        # cProfile cannot see inside compiled functions, and the selector timer replaces a
        # function that compiled callers never look up again: both need the Python sources.
        parser.error(
            "--profile and --selectors need the Python sources: set BLOGMIGRATE_PURE_PYTHON=1"
        )
    if args.selectors:
        selector_costs(pages, args.selectors)
        return
    if args.profile:
        profile(pages, args.profile, args.sort)
        return
    if args.order_cost:
        peer = make_trafilatura()
        if peer is None:
            parser.error("--order-cost needs trafilatura: pip install -e '.[bench]'")
        settle_garbage_collector()
        order_cost(peer, pages, args.order_cost)
        return
    runners: dict[str, Callable[[SavedPage], object]] = {"floor": run_floor}
    peer = None if args.no_peer else make_trafilatura()
    if peer is not None:
        runners["trafilatura"] = peer
    runners["blogmigrate"] = run_blogmigrate
    # As the CLI does after its imports (cli.main): what every contender imported is kept out of
    # the garbage collector's passes, which would otherwise scan it again and again, and the
    # youngest generation is collected less often.
    settle_garbage_collector()
    report(measure(runners, pages, args.repeat, args.block), pages, args.slowest)
    if args.jobs_copies:
        measure_jobs(pages, args.jobs_copies, args.jobs_repeat, args.jobs_format)
    archive = ROOT / "bench" / "archive.py"
    if archive.exists():
        print(f"peak RSS (flat memory): .venv/bin/python {archive.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
