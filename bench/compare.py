"""Two versions of blogmigrate on the same pages, stage by stage, run alternately (issue 8).

    .venv/bin/python bench/compare.py OLD_TREE NEW_TREE          # e.g. a `git worktree` of a commit
    .venv/bin/python bench/compare.py OLD_TREE NEW_TREE --rounds 3 --pages 12

On a machine shared with other work, CPU time per page moves by 20-50 % from one minute to the next,
so two runs minutes apart cannot show a 10 % change. Here each tree runs in its own worker process
(its own ``blogmigrate`` package first on the path) and the driver hands them the same page one after
the other, alternating which goes first: load hits both alike. Each worker times, in CPU time, the
stages of one page: decode + parse, classify, detect, scrape, normalize, and the JSON text of each
post as the JSON exporter writes it (``post_dict`` + its text, or ``json.dumps`` where the tree has none). Pages:
../shared/corpus/pages and the NEW tree's fixtures/pages.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("parse", "classify", "detect", "scrape", "normalize", "json")
WORKER = r"""
import json, sys, time
from pathlib import Path
tree, corpus, fixtures = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
sys.path.insert(0, tree)
from blogmigrate.archive.classify import classify_page
from blogmigrate.exporters.records import post_dict
from blogmigrate.normalize import normalize_post
from blogmigrate.pipeline import PipelineOptions, _parse
from blogmigrate.scrapers import choose_scraper
from blogmigrate.sources import InputFile
try:
    from blogmigrate.exporters.base import ExportOptions
    from blogmigrate.exporters.jsonfile import JsonExporter
    # the bytes the exporter writes (a tree before session 16 names its function `render`)
    write = (
        JsonExporter.renderer(ExportOptions(target="-"))
        if hasattr(JsonExporter, "renderer")
        else JsonExporter.render
    )
except (ImportError, AttributeError):
  try:
    from blogmigrate.exporters.jsonfile import post_text as _post_text
    def write(post): return _post_text(post, "    ")  # as the exporter wrote it in the document
  except ImportError:
    def write(post): return json.dumps(post_dict(post), ensure_ascii=False, indent=2)
import inspect
if "index" in inspect.signature(classify_page).parameters:  # as the pipeline classifies
    from blogmigrate.scrapers.rules import page_index
    if "verify" in inspect.signature(page_index).parameters:
        def classify(page, url): return classify_page(page.root, url, lambda: page_index(page, verify=False))
    else:
        def classify(page, url): return classify_page(page.root, url, lambda: page_index(page))
else:
    def classify(page, url): return classify_page(page.root, url)
paths = sorted(p for p in corpus.iterdir() if p.is_file()) + sorted(fixtures.rglob("*.html"))
pages = [(path, path.read_bytes()) for path in paths]
options = PipelineOptions()
clock = time.process_time
def one(path, data):
    item = InputFile(path=path, name=path.name, data=data)
    marks = [clock()]
    page = _parse(data, item, options); marks.append(clock())
    classify(page, item.url); marks.append(clock())
    scraper, _ = choose_scraper(page); marks.append(clock())
    raws = scraper.scrape(page); marks.append(clock())
    posts = [normalize_post(raw, page, scraper.name, options.normalize) for raw in raws]
    marks.append(clock())
    for post in posts:
        write(post)
    marks.append(clock())
    return [after - before for before, after in zip(marks, marks[1:])]
for path, data in pages:
    one(path, data)
print(len(pages), flush=True)
for line in sys.stdin:
    print(json.dumps(one(*pages[int(line)])), flush=True)
"""


def start_worker(tree: Path, fixtures: Path) -> subprocess.Popen[str]:
    corpus = ROOT.parent / "shared" / "corpus" / "pages"
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-c", WORKER, str(tree), str(corpus), str(fixtures)]
    return subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environment
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="source tree of the version to compare against")
    parser.add_argument("new", type=Path, help="source tree of the version under test")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the pages")
    args = parser.parse_args()
    fixtures = args.new.resolve() / "fixtures" / "pages"
    workers = [start_worker(tree.resolve(), fixtures) for tree in (args.old, args.new)]
    counts = [int(worker.stdout.readline()) for worker in workers if worker.stdout]
    count = counts[0]
    totals = [[0.0] * len(STAGES) for _ in workers]
    # Per page and stage, the least CPU time of the rounds: load only ever adds time, so the sum of
    # minimums is steadier than the sum of all rounds when the machine is shared.
    least = [[[float("inf")] * len(STAGES) for _ in range(count)] for _ in workers]
    for round_number in range(args.rounds):
        for index in range(count):
            order = [0, 1] if (index + round_number) % 2 == 0 else [1, 0]
            for which in order:
                worker = workers[which]
                assert worker.stdin is not None and worker.stdout is not None
                worker.stdin.write(f"{index}\n")
                worker.stdin.flush()
                for stage, seconds in enumerate(json.loads(worker.stdout.readline())):
                    totals[which][stage] += seconds
                    least[which][index][stage] = min(least[which][index][stage], seconds)
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    per_page = count * args.rounds / 1000
    minimums = [
        [sum(page[stage] for page in pages) for stage in range(len(STAGES))] for pages in least
    ]
    print(f"{count} pages, {args.rounds} rounds, CPU ms/page (stages run alternately)")
    print(
        f"{'stage':10} {'old':>9} {'new':>9} {'new/old':>8}   least of the rounds: old, new, new/old"
    )
    for stage, name in enumerate(STAGES):
        old, new = totals[0][stage] / per_page, totals[1][stage] / per_page
        low_old, low_new = minimums[0][stage] * 1000 / count, minimums[1][stage] * 1000 / count
        print(
            f"{name:10} {old:9.2f} {new:9.2f} {new / old if old else 0:8.2f}"
            f"   {low_old:9.2f} {low_new:9.2f} {low_new / low_old if low_old else 0:8.2f}"
        )
    old, new = sum(totals[0]) / per_page, sum(totals[1]) / per_page
    low_old, low_new = sum(minimums[0]) * 1000 / count, sum(minimums[1]) * 1000 / count
    print(
        f"{'total':10} {old:9.2f} {new:9.2f} {new / old:8.2f}"
        f"   {low_old:9.2f} {low_new:9.2f} {low_new / low_old:8.2f}"
    )


if __name__ == "__main__":
    main()
