"""The command line: help that teaches, exit codes per error kind, reports, no silent overwrites."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from blogmigrate import __main__ as blogmigrate_main
from blogmigrate import __version__
from blogmigrate.cli import cli, settle_garbage_collector
from blogmigrate.errors import ExitCode

from .conftest import PAGES, python_output

SEED = PAGES / "wordpress" / "seed-twentyten-fr.html"


@pytest.mark.parametrize("command", [[], ["convert"], ["inspect"]])
def test_every_command_has_help_with_examples_or_options(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output
    assert len(result.output.splitlines()) > 8


def test_top_level_help_teaches_by_example() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert "blogmigrate convert mirror/ --to markdown -o my-site" in result.output


def test_inspect_shows_platform_reasons_fields_and_comment_tree() -> None:
    result = CliRunner().invoke(cli, ["inspect", str(SEED)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("platform: wordpress (confidence ")
    assert 'generator meta "WordPress 4.3.1"' in lines[0]
    assert (
        "      title: Les réseaux sociaux : une bonne solution pour développer vos relations ?"
        in lines
    )
    assert " categories: réseaux sociaux" in lines
    assert "   comments: 4 found, 5 declared, status closed" in lines
    assert "  - Axel, 2010-11-22T10:41:00" in lines
    assert any(
        line.startswith("warning: comment-count: 5 comments declared but 4 found") for line in lines
    )


def test_missing_input_exits_with_no_input_code(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["convert", str(tmp_path / "nope.html"), "-o", "-"], standalone_mode=False
    )
    assert isinstance(result.exception, Exception)
    from blogmigrate.errors import NoInputError

    assert isinstance(result.exception, NoInputError)
    assert result.exception.exit_code == ExitCode.NO_INPUT == 3
    assert "nope.html: no such file or folder" in str(result.exception)


def test_existing_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "blog.json"
    out.write_text("precious", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["convert", str(SEED), "-o", str(out), "-q"], standalone_mode=False
    )
    from blogmigrate.errors import OutputExistsError

    assert isinstance(result.exception, OutputExistsError)
    assert result.exception.exit_code == ExitCode.OUTPUT_EXISTS == 4
    assert out.read_text(encoding="utf-8") == "precious"
    forced = CliRunner().invoke(cli, ["convert", str(SEED), "-o", str(out), "-q", "--force"])
    assert forced.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["posts"][0]["comment_count_declared"] == 5


def test_report_lists_every_page_with_its_outcome(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(SEED.read_bytes())
    (tmp_path / "in" / "empty.html").write_bytes(b"")
    report = tmp_path / "report.json"
    result = CliRunner().invoke(
        cli,
        [
            "convert",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out.json"),
            "--report",
            str(report),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    outcomes = {Path(page["source"]).name: page["outcome"] for page in data["pages"]}
    assert outcomes == {"a.html": "converted", "empty.html": "skipped"}
    assert data["summary"]["posts"] == 1
    assert data["summary"]["comments"] == 4
    assert "2 page(s): 1 converted, 1 skipped, 0 failed" in result.stderr


def test_strict_turns_warnings_into_an_exit_code(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["convert", str(SEED), "-o", str(tmp_path / "o.json"), "--strict", "-q"]
    )
    assert result.exit_code == ExitCode.STRICT_WARNINGS == 6


def test_markdown_cannot_go_to_stdout() -> None:
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "markdown", "-o", "-"])
    assert result.exit_code == 2
    assert "cannot go to stdout" in result.output


def test_the_script_imports_without_the_collector_and_runs_with_it() -> None:
    """`blogmigrate.__main__.run` (the ``blogmigrate`` script) pauses the collector for the
    imports; the run itself has it back, with the thresholds the CLI sets."""
    probe = (
        "import gc, sys\n"
        "sys.argv = ['blogmigrate', '--version']\n"
        "from blogmigrate.__main__ import run\n"
        "run()\n"
        "print(gc.isenabled(), gc.get_threshold()[0])\n"
    )
    output = python_output(probe).split()
    assert output == ["blogmigrate,", "version", __version__, "True", "20000"]


def test_the_script_turns_the_collector_back_on_when_its_imports_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    enabled = gc.isenabled()
    monkeypatch.setitem(sys.modules, "blogmigrate.cli", None)  # importing it raises ImportError
    try:
        with pytest.raises(ImportError):
            blogmigrate_main.run()
        assert gc.isenabled()
    finally:
        (gc.enable if enabled else gc.disable)()


def test_settling_the_collector_enables_it() -> None:
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    gc.disable()
    try:
        settle_garbage_collector()
        assert gc.isenabled()
        assert gc.get_threshold() == (20_000, 20, 10)
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        if not enabled:
            gc.disable()
