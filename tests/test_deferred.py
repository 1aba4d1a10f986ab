"""Modules bs4 imports that blogmigrate never calls are imported on first use (`deferred`), and
bs4 still works as before with them; PyYAML is imported when front matter is first written,
zoneinfo and email.utils when a run needs them, regex and dateutil when a date text
needs them, multiprocessing for a run of two jobs or more."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import PAGES, python_output


def test_a_run_imports_neither_css_selectors_for_soups_nor_the_guesser_nor_yaml() -> None:
    code = """
import sys
import blogmigrate.cli, blogmigrate.pipeline
print(sorted(name for name in sys.modules if name.startswith(("soupsieve", "charset_normalizer", "yaml"))))
"""
    assert python_output(code) == "[]"


def test_a_run_leaves_importlib_resources_to_the_schema_command() -> None:
    """The finder of pure-Python runs is a plain class, and the schema reads its file when
    asked: a run's imports no longer take ``importlib.resources`` (and its ABCs) along."""
    code = """
import sys
import blogmigrate.cli, blogmigrate.pipeline
print("importlib.resources" in sys.modules)
from blogmigrate.schema import schema_text
print(schema_text().startswith("{"), "importlib.resources" in sys.modules)
"""
    assert python_output(code).splitlines() == ["False", "True True"]


def test_zoneinfo_and_email_are_imported_when_a_run_needs_them() -> None:
    """``--timezone`` imports zoneinfo and a machine date in RFC 2822 imports email.utils: a run
    that needs neither leaves both out of its start."""
    code = """
import sys
import blogmigrate.cli, blogmigrate.pipeline, blogmigrate.archive.runner
print(sorted(name for name in sys.modules if name.startswith(("zoneinfo", "email"))))
from blogmigrate.cli import _timezone
print(repr(_timezone(None, None, "Europe/Paris")), "zoneinfo" in sys.modules)
from blogmigrate.normalize.dates import parse_machine_date
print(parse_machine_date("Mon, 22 Nov 2010 10:07:00 +0100").isoformat(), "email.utils" in sys.modules)
"""
    assert python_output(code).splitlines() == [
        "[]",
        "zoneinfo.ZoneInfo(key='Europe/Paris') True",
        "2010-11-22T10:07:00+01:00 True",
    ]


def test_regex_and_dateutil_are_imported_when_a_date_text_needs_them() -> None:
    """The date gate's and the relative dates' patterns are dateparser's, which need the regex
    module; a relative date is counted back with dateutil. A run whose texts need neither (most
    pages: their dates are machine-readable) leaves both out of its start."""
    code = """
import sys
from datetime import UTC, datetime
import blogmigrate.cli, blogmigrate.pipeline, blogmigrate.archive.runner
def loaded():
    return sorted(name for name in ("regex", "dateutil") if name in sys.modules)
print(loaded())
from blogmigrate.normalize.dategate import may_hold_date
print(may_hold_date("twelve days ago", "en"), may_hold_date("5:18 PM", "en"), "regex" in sys.modules)
print(may_hold_date("Pride Comes before a Fail | 94 Labs", "en", relative=False))
from blogmigrate.normalize.dates import DateParser
capture = datetime(2012, 11, 22, 12, 0, tzinfo=UTC)
print(DateParser("fr", capture_time=capture).parse_text("il y a 3 jours").value, loaded())
"""
    assert python_output(code).splitlines() == [
        "[]",
        "True False True",
        "False",
        "2012-11-19 12:00:00+00:00 ['dateutil', 'regex']",
    ]


def test_a_one_job_run_never_imports_multiprocessing(tmp_path: Path) -> None:
    """The worker pool, and multiprocessing with it, is imported for a run of two jobs or more."""
    pages = [
        PAGES / "wordpress" / "seed-twentyten-fr.html",
        PAGES / "blogger" / "classic-comments-block-en.html",
    ]
    code = f"""
import sys
from blogmigrate.cli import main
sys.argv = ["blogmigrate", "convert", *{[str(page) for page in pages]!r}, "--to", "json", "-q", "-j", "1", "-o", {str(tmp_path / "out.json")!r}]
main()
print(sorted(name for name in sys.modules if name.startswith(("multiprocessing", "blogmigrate.archive.workers"))))
"""
    assert python_output(code) == "[]"
    assert len(json.loads((tmp_path / "out.json").read_text())["posts"]) == 2


def test_a_run_whose_rules_are_in_the_cache_never_imports_cssselect(tmp_path: Path) -> None:
    """Each rule's text is read from the cache (`usercache`: the test run's own, written when the
    tests imported the package), its XPath as written and its first hit's XPath among its data:
    cssselect and the module that compiles CSS are imported only for a text the cache lacks."""
    page = PAGES / "wordpress" / "seed-twentyten-fr.html"
    code = f"""
import sys
from blogmigrate.cli import main
sys.argv = ["blogmigrate", "convert", {str(page)!r}, "--to", "json", "-q", "-o", {str(tmp_path / "out.json")!r}]
main()
print(sorted(name for name in sys.modules if name.startswith(("cssselect", "blogmigrate.scrapers.css"))))
"""
    assert python_output(code) == "[]"
    assert (tmp_path / "out.json").stat().st_size > 1000


def test_bs4_selects_and_guesses_with_the_deferred_modules() -> None:
    code = """
import sys
import blogmigrate.decoding
import bs4
from bs4.dammit import UnicodeDammit
soup = bs4.BeautifulSoup('<p class="a">x</p><p>y</p>', "html.parser")
print([tag.text for tag in soup.select("p.a")], "soupsieve.css_match" in sys.modules)
data = "Grüße aus Köln, schöne Straße, süße Äpfel und Öl. ".encode("cp1252") * 8
print(UnicodeDammit(data).unicode_markup == data.decode("cp1252"), "charset_normalizer.api" in sys.modules)
"""
    assert python_output(code).splitlines() == ["['x'] True", "True True"]


def test_a_guessed_encoding_uses_the_deferred_guesser() -> None:
    code = """
from blogmigrate.decoding import decode_html
data = "Привет, мир! Это проверка кодировки текста на русском языке. ".encode("koi8-r") * 4
decoded = decode_html(data, guess=True)
print(decoded.method, decoded.text == data.decode("koi8-r"))
"""
    assert python_output(code) == "guessed True"


def test_inside_the_block_an_import_gives_a_stand_in_until_first_use() -> None:
    code = """
import sys
from blogmigrate.deferred import DeferredModule, deferred_imports
with deferred_imports("colorsys", "no_such_module_here"):
    import colorsys
    try:
        import no_such_module_here
    except ImportError:
        print("missing")
    print(type(colorsys) is DeferredModule, "colorsys" in sys.modules)
print("colorsys" in sys.modules)
print(colorsys.rgb_to_hsv(1.0, 0.0, 0.0), type(sys.modules["colorsys"]).__name__)
"""
    assert python_output(code).splitlines() == [
        "missing",
        "True True",
        "False",
        "(0.0, 1.0, 1.0) module",
    ]


def test_a_run_imports_only_the_exporter_of_its_format() -> None:
    """The registry imports an exporter when its format is asked for: a JSON run leaves the
    Markdown writer (and markdownify) and the WXR writer unimported; a WXR run, the Markdown one."""
    code = """
import sys, tempfile
from blogmigrate.cli import cli
writers = ("blogmigrate.exporters.markdown", "blogmigrate.exporters.wxr", "markdownify")
print(sorted(name for name in writers if name in sys.modules))
folder = tempfile.mkdtemp()
for target in ("json", "wxr", "markdown"):
    options = ["--to", target, "-o", f"{folder}/{target}", "-q", "-j", "1"]
    cli.main(["convert", "fixtures/pages/wordpress", *options], standalone_mode=False)
    print(target, sorted(name for name in writers if name in sys.modules))
"""
    assert python_output(code).splitlines() == [
        "[]",
        "json []",
        "wxr ['blogmigrate.exporters.wxr']",
        "markdown ['blogmigrate.exporters.markdown', 'blogmigrate.exporters.wxr', 'markdownify']",
    ]
