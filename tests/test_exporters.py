"""Every registered exporter, through the same contract (one parametrised class, Scrapy style), then
what each format owes on its own: safe Markdown, JSON that follows the shipped schema, WXR the
WordPress importer and Disqus read without losing anything."""

from __future__ import annotations

import io
import json
import pickle
import re
import sys
import tempfile
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from blogmigrate.cli import cli
from blogmigrate.errors import OutputExistsError
from blogmigrate.exporters import EXPORTERS, ExportOptions, make_exporter
from blogmigrate.exporters.flavors import (
    FLAVORS,
    escape_hugo_shortcodes,
    escape_liquid,
    flavor_problem,
)
from blogmigrate.exporters.markdown import MarkdownExporter, html_to_markdown
from blogmigrate.exporters.paths import SlugRegistry, inside
from blogmigrate.exporters.wxr import (
    DISQUS_EMAIL_DOMAIN,
    DisqusExporter,
    WxrExporter,
    parents_first,
    title_markup,
)
from blogmigrate.model import Comment, CommentStatus, CommentType, Image, Person, Post, Site
from blogmigrate.schema import post_schema, schema, schema_text
from blogmigrate.textsafety import safe_text

from .conftest import PAGES, ROOT, python_output

SITE = Site(title="Kitchen <Table> & Co", url="http://blog.example.org", language="en")
WXR_NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dsq": "http://www.disqus.com/",
}
PARIS = timezone(timedelta(hours=2))
TRICKY_VALUES = ("no", "2024-01-02", "a: b", "*x", "line one\nline two", "emoji 😀 ok", "#hash")


def comment(
    number: int,
    parent: int | None = None,
    *,
    name: str = "Ann",
    html: str = "<p>Nice post, thanks.</p>",
    kind: CommentType = CommentType.COMMENT,
    published: datetime | None = None,
    url: str | None = None,
) -> Comment:
    return Comment(
        id=f"c{number}",
        parent_id=f"c{parent}" if parent else None,
        type=kind,
        author=Person(name=name, url=url, avatar=None),
        published=published,
        content_html=html,
        content_html_raw=html,
    )


def post(number: int, title: str, **changes: Any) -> Post:
    values: dict[str, Any] = {
        "id": str(number),
        "platform": "wordpress",
        "source": f"saved/post-{number}.html",
        "url": f"http://blog.example.org/2010/11/post-{number}/",
        "slug": f"post-{number}",
        "title": title,
        "author": Person(name="Jane Doe", url=None),
        "published": datetime(2010, 11, 22, 8, 15, tzinfo=PARIS) + timedelta(days=number),
        "updated": None,
        "language": "en",
        "categories": ("Cooking",),
        "tags": ("bread", "Sourdough Starter"),
        "content_html": f"<p>Body of post {number}.</p>",
        "excerpt": "",
        "image": None,
        "comment_status": CommentStatus.OPEN,
        "comment_count_declared": None,
        "comments": (),
    }
    values.update(changes)
    return Post(**values)


def sample_posts() -> list[Post]:
    """Posts that carry every hazard an exporter must survive (hazards rows 1–9, 22, 23)."""
    thread = (
        # A reply listed before its parent: WXR must still give the parent the lower id.
        comment(3, 2, name="Bob", html="<p>Agreed with Carl.</p>"),
        comment(1, name="Ann", published=datetime(2010, 11, 23, 9, 0, tzinfo=UTC)),
        comment(2, 1, name="Carl", html="<p>Why?</p>", url="http://carl.example.net/"),
        comment(4, name="Ann", html="<p>ok</p>"),
        comment(
            5,
            name="Some Blog",
            kind=CommentType.PINGBACK,
            html="<p>[…] linked here […]</p>",
            url="http://other.example.com/",
        ),
        comment(6, name="Eve", html="<p>CDATA end ]]> inside, &lt;b&gt; as text</p>"),
    )
    return [
        post(
            1,
            "Hello World",
            comments=thread,
            content_html=(
                "<p>Escaped &lt;script&gt;alert(1)&lt;/script&gt; stays text &amp; so does AT&amp;T.</p>"
                "<p>Liquid {{ site.title }} and {% include evil.html %} and {% endraw %} here.</p>"
                "<p>Hugo {{< youtube abc >}} and {{% notice %}} too.</p>"
                '<p><img src="/wp-content/uploads/2010/11/loaf.jpg" alt="a loaf"></p>'
                "<p>Control\x01char and ]]> end.</p>"
            ),
            image=Image(url="http://blog.example.org/wp-content/uploads/2010/11/cover.jpg"),
            excerpt="A short summary: with a colon",
        ),
        post(2, "hello world!", slug="hello-world"),
        post(3, "no", slug="", categories=("a: b",), tags=TRICKY_VALUES),
        post(4, "2024-01-02", slug="con", url=None),
        post(5, "a: b", slug="..", published=date(2011, 1, 5)),
        post(6, "*x", slug="😀", published=None, updated=None),
        post(7, "line one\nline two", slug="x" * 300),
        post(8, "emoji 😀 ok", kind="page", slug="about", tags=()),
        # Same title and date as post 9: the WordPress importer would merge them.
        post(9, "Twins", published=datetime(2012, 5, 5, 10, 0)),
        post(10, "Twins", published=datetime(2012, 5, 5, 10, 0), slug="twins"),
        post(11, "{{ page.title }} in a title", comments=(comment(1, html="<p>{% if x %}</p>"),)),
        post(12, "", slug="", url=None),  # untitled entries exist (LiveJournal, Tumblr)
    ]


def export(name: str, posts: list[Post], target: Path, **options: Any) -> Path:
    exporter = make_exporter(name, ExportOptions(target=str(target), **options))
    exporter.open(SITE)
    for item in posts:
        exporter.write(item)
    exporter.close()
    return target


# -- readers: what each format gives back, as {title: number of comments} ----------------------


def read_json(target: Path) -> dict[str, int]:
    document = json.loads(target.read_text(encoding="utf-8"))
    return {item["title"]: len(item["comments"]) for item in document["posts"]}


def read_jsonl(target: Path) -> dict[str, int]:
    lines = target.read_text(encoding="utf-8").splitlines()
    return {item["title"]: len(item["comments"]) for item in map(json.loads, lines)}


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        return yaml.safe_load(head), body
    if text.startswith("+++\n"):
        head, _, body = text[4:].partition("\n+++\n")
        return tomllib.loads(head), body
    raise AssertionError(f"no front matter in {text[:80]!r}")


def read_markdown(target: Path) -> dict[str, int]:
    found = {}
    for path in sorted(target.glob("content/**/index.md")):
        matter, _ = split_front_matter(path.read_text(encoding="utf-8"))
        comments_file = path.parent / "comments.yaml"
        comments = yaml.safe_load(comments_file.read_text()) if comments_file.exists() else None
        found[matter["title"]] = len(comments["comments"]) if comments else 0
    return found


def read_wxr(target: Path) -> dict[str, int]:
    root = strict_xml(target)
    return {
        item.findtext("title"): len(item.findall("wp:comment", WXR_NS))
        for item in root.iter("item")
        if item.findtext("wp:post_type", namespaces=WXR_NS) != "attachment"
    }


def strict_xml(target: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, strip_cdata=True)
    return etree.fromstring(target.read_bytes(), parser)


READERS: dict[str, Callable[[Path], dict[str, int]]] = {
    "json": read_json,
    "jsonl": read_jsonl,
    "markdown": read_markdown,
    "wxr": read_wxr,
    "disqus": read_wxr,
}
TARGETS = {"markdown": "site"}


def target_for(name: str, folder: Path) -> Path:
    return folder / TARGETS.get(name, f"export.{name}")


def expected_counts(posts: list[Post]) -> dict[str, int]:
    return {item.title: len(item.comments) for item in posts}


# -- the shared contract -------------------------------------------------------------------------


@pytest.fixture(params=sorted(EXPORTERS))
def exporter_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class TestEveryExporter:
    """What every registered format owes; a new exporter must add a reader to READERS."""

    def test_has_a_reader(self, exporter_name: str) -> None:
        assert exporter_name in READERS

    def test_every_post_and_comment_comes_back(self, exporter_name: str, tmp_path: Path) -> None:
        posts = sample_posts()
        target = export(exporter_name, posts, target_for(exporter_name, tmp_path))
        assert READERS[exporter_name](target) == expected_counts(posts)

    def test_same_input_gives_byte_identical_output(
        self, exporter_name: str, tmp_path: Path
    ) -> None:
        first = export(exporter_name, sample_posts(), target_for(exporter_name, tmp_path / "a"))
        second = export(exporter_name, sample_posts(), target_for(exporter_name, tmp_path / "b"))
        assert tree_bytes(first) == tree_bytes(second)

    def test_refuses_to_overwrite_without_force(self, exporter_name: str, tmp_path: Path) -> None:
        target = export(exporter_name, sample_posts()[:2], target_for(exporter_name, tmp_path))
        before = tree_bytes(target)
        with pytest.raises(OutputExistsError):
            export(exporter_name, sample_posts()[2:4], target)
        assert tree_bytes(target) == before
        export(exporter_name, sample_posts()[:2], target, force=True)

    def test_no_forbidden_characters_reach_the_output(
        self, exporter_name: str, tmp_path: Path
    ) -> None:
        target = export(exporter_name, sample_posts(), target_for(exporter_name, tmp_path))
        for name, data in tree_bytes(target).items():
            text = data.decode("utf-8")
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text), name
            assert (
                "Control\ufffdchar" in text or exporter_name == "markdown" or "Control" not in text
            )

    def test_an_empty_run_is_still_valid_output(self, exporter_name: str, tmp_path: Path) -> None:
        target = export(exporter_name, [], target_for(exporter_name, tmp_path))
        if exporter_name == "markdown":
            assert READERS[exporter_name](target) == {}
        else:
            assert READERS[exporter_name](target) == {}

    def test_abort_leaves_nothing_behind(self, exporter_name: str, tmp_path: Path) -> None:
        target = target_for(exporter_name, tmp_path / "out")
        exporter = make_exporter(exporter_name, ExportOptions(target=str(target)))
        exporter.open(SITE)
        exporter.write(sample_posts()[1])
        exporter.abort()
        leftovers = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and ".part" in p.name]
        assert leftovers == []
        if EXPORTERS[exporter_name].single_document:
            assert not target.exists()


def tree_bytes(target: Path) -> dict[str, bytes]:
    if target.is_file():
        return {target.name: target.read_bytes()}
    return {
        path.relative_to(target).as_posix(): path.read_bytes()
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }


# -- Markdown -------------------------------------------------------------------------------------


def markdown_files(target: Path) -> dict[str, str]:
    return {
        path.relative_to(target).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(target.rglob("*.md"))
        if path.is_file()  # a slug may end in ".md": its bundle folder then does too
    }


@pytest.mark.parametrize("front_matter", ["yaml", "toml"])
def test_front_matter_reads_back_the_same_strings(front_matter: str, tmp_path: Path) -> None:
    posts = sample_posts()
    target = export("markdown", posts, tmp_path / "site", front_matter=front_matter)
    titles = set()
    for text in markdown_files(target).values():
        matter, _ = split_front_matter(text)
        titles.add(matter["title"])
        if matter["title"] == "no":
            assert matter["tags"] == list(TRICKY_VALUES)
            assert matter["categories"] == ["a: b"]
    assert titles == {item.title for item in posts}


def test_hugo_toml_dates_are_toml_datetimes(tmp_path: Path) -> None:
    target = export("markdown", sample_posts()[:1], tmp_path / "site", front_matter="toml")
    matter, _ = split_front_matter((target / "content/posts/post-1/index.md").read_text())
    assert matter["date"] == datetime(2010, 11, 23, 8, 15, tzinfo=PARIS)
    assert matter["aliases"] == ["/2010/11/post-1/"]


def test_escaped_markup_stays_text() -> None:
    markdown = html_to_markdown("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>")
    assert "<script>" not in markdown
    assert "&lt;script&gt;" in markdown
    assert "&amp; more" in markdown


def test_liquid_is_wrapped_in_raw_and_endraw_cannot_escape() -> None:
    wrapped = escape_liquid("a {{ x }} b {% endraw %} c {%- endraw -%} d")
    assert wrapped.startswith("{% raw %}\n") and wrapped.endswith("\n{% endraw %}\n")
    # Between the opening and the final endraw, each literal endraw is printed as a string.
    inner = wrapped[len("{% raw %}\n") : -len("\n{% endraw %}\n")]
    assert inner.count('{% endraw %}{{ "{" }}% endraw %}{% raw %}') == 1
    assert inner.count('{% endraw %}{{ "{" }}%- endraw -%}{% raw %}') == 1
    assert escape_liquid("no delimiters here") == "no delimiters here"


def test_hugo_shortcode_openers_are_broken() -> None:
    escaped = escape_hugo_shortcodes("{{< youtube x >}} {{% notice %}} {{ plain }}")
    assert "{{<" not in escaped and "{{%" not in escaped
    assert "{{ plain }}" in escaped


@pytest.mark.parametrize("flavor", sorted(FLAVORS))
def test_every_flavor_writes_every_post_inside_the_folder(flavor: str, tmp_path: Path) -> None:
    posts = sample_posts()
    target = export("markdown", posts, tmp_path / "site", flavor=flavor)
    files = [f for f in markdown_files(target) if not f.endswith("_index.md")]
    assert len(files) == len(posts)
    for relative in files:
        assert (target / relative).resolve().is_relative_to(target.resolve())
        for segment in Path(relative).parts:
            assert len(segment.encode()) <= 120  # a slug capped at 100 bytes, plus date and .md
            assert segment.split(".")[0].casefold() not in {"con", "nul", "..", "."}


def test_jekyll_layout_and_staticman_comments(tmp_path: Path) -> None:
    target = export("markdown", sample_posts()[:1], tmp_path / "site", flavor="jekyll")
    text = (target / "_posts/2010-11-23-post-1.md").read_text()
    matter, body = split_front_matter(text)
    assert matter["redirect_from"] == ["/2010/11/post-1/"]
    assert body.lstrip().startswith("{% raw %}")
    entries = [
        yaml.safe_load(p.read_text())
        for p in sorted((target / "_data/comments/post-1").glob("*.yml"))
    ]
    assert [(e["_id"], e["_parent"], e["name"]) for e in entries] == [
        ("c3", "c2", "Bob"),
        ("c1", "", "Ann"),
        ("c2", "c1", "Carl"),
        ("c4", "", "Ann"),
        ("c5", "", "Some Blog"),
        ("c6", "", "Eve"),
    ]
    assert entries[4]["type"] == "pingback"


def test_comments_inline_and_none(tmp_path: Path) -> None:
    inline = export("markdown", sample_posts()[:1], tmp_path / "a", comments="inline")
    text = (inline / "content/posts/post-1/index.md").read_text()
    assert "## Comments" in text and "*In reply to Carl*" in text
    assert not (inline / "content/posts/post-1/comments.yaml").exists()
    none = export("markdown", sample_posts()[:1], tmp_path / "b", comments="none")
    assert "## Comments" not in (none / "content/posts/post-1/index.md").read_text()
    assert not (none / "content/posts/post-1/comments.yaml").exists()


def test_flavor_option_conflicts_are_explained() -> None:
    assert flavor_problem("hugo", "toml", "data") is None
    assert flavor_problem("jekyll", "toml", "data") == (
        "--flavor jekyll writes yaml front matter, not toml"
    )
    assert flavor_problem("nope", None, "data") is not None


@pytest.mark.parametrize(
    ("slugs", "expected"),
    [
        (
            ["hello-world", "Hello-World", "hello-world"],
            ["hello-world", "Hello-World-2", "hello-world-3"],
        ),
        (["", "..", "!!!"], ["post-7", "post-7-2", "post-7-3"]),
        (["CON", "nul.txt", "index"], ["CON-post", "nul.txt-post", "index-post"]),
        (["a/../../b", "c\\d"], ["a-..-..-b", "c-d"]),
    ],
)
def test_slug_registry(slugs: list[str], expected: list[str]) -> None:
    registry = SlugRegistry()
    assert [registry.claim(slug, "post-7") for slug in slugs] == expected


def test_long_slugs_are_capped_and_stay_unique() -> None:
    registry = SlugRegistry()
    first, second = registry.claim("é" * 300), registry.claim("é" * 300)
    assert len(first.encode()) <= 100 and len(second.encode()) <= 100
    assert first != second and second.endswith("-2")


@pytest.mark.parametrize("flavor", sorted(FLAVORS))
def test_a_page_rendered_apart_is_named_by_the_run(flavor: str, tmp_path: Path) -> None:
    """A page rendered in another process (`MarkdownExporter.renderer`, pickled both ways) does not
    know that an earlier post took its slug: the exporter writes it as "post-1-2", and its front
    matter names that file (slug, Jekyll's permalink, Pelican's title of an untitled page)."""
    options = ExportOptions(target=str(tmp_path / "site"), flavor=flavor)
    untitled = post(2, "", slug="post-1", kind="page", comments=(comment(1, name="Ann"),))
    rendered = pickle.loads(pickle.dumps(MarkdownExporter.renderer(options)(untitled)))
    assert rendered.slug == "post-1"
    exporter = MarkdownExporter(options)
    exporter.open(SITE)
    exporter.write(post(1, "First"))
    exporter.write_rendered(rendered)
    exporter.close()
    chosen = FLAVORS[flavor]
    path = chosen.page_path.format(slug="post-1-2")
    text = (tmp_path / "site" / path).read_text(encoding="utf-8")
    expected = {"slug": "post-1-2", "title_or_slug": "post-1-2", "page_permalink": "/post-1-2/"}
    named = {key: expected[field] for key, field in chosen.keys if field in expected}
    if flavor == "pelican":
        assert {f"{key.capitalize()}: {value}" for key, value in named.items()} <= set(
            text.splitlines()
        )
    else:
        matter = split_front_matter(text)[0]
        assert {key: matter.get(key) for key in named} == named
    folder = path.rpartition("/")[0]
    comments = tmp_path / "site" / chosen.comments_path.format(slug="post-1-2", dir=folder)
    assert comments.exists()


def test_paths_never_leave_the_output_folder(tmp_path: Path) -> None:
    assert inside(tmp_path, "a/b.md") == tmp_path.resolve() / "a/b.md"
    with pytest.raises(Exception, match="outside"):
        inside(tmp_path, "../escape.md")


# -- JSON and the schema ---------------------------------------------------------------------------

FIXTURE_PAGES = sorted(PAGES.rglob("*.html"))


def test_schema_command_prints_the_shipped_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.output == schema_text()
    jsonschema.Draft202012Validator.check_schema(json.loads(result.output))


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.relative_to(PAGES).as_posix())
def test_every_fixture_output_follows_the_schema(page: Path, tmp_path: Path) -> None:
    for name in ("json", "jsonl"):
        target = tmp_path / f"out.{name}"
        result = CliRunner().invoke(cli, ["convert", str(page), "--to", name, "-o", str(target)])
        assert result.exit_code == 0, result.output
        text = target.read_text(encoding="utf-8")
        if name == "json":
            jsonschema.validate(json.loads(text), schema())
        else:
            for line in text.splitlines():
                jsonschema.validate(json.loads(line), post_schema())


def test_sample_posts_follow_the_schema(tmp_path: Path) -> None:
    target = export("json", sample_posts(), tmp_path / "out.json")
    jsonschema.validate(json.loads(target.read_text()), schema())
    broken = json.loads(target.read_text())
    broken["posts"][0]["comments"][0]["type"] = "review"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema())


def test_jsonl_is_one_post_per_line(tmp_path: Path) -> None:
    posts = sample_posts()
    lines = export("jsonl", posts, tmp_path / "out.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [item.id for item in posts]


@pytest.mark.parametrize("format_name", ["json", "jsonl"])
def test_json_to_a_standard_output_without_bytes_under_it_is_the_file_text(
    format_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON exporters write UTF-8 bytes (`jsonfile._bytes_of`): to a standard output that is
    text alone (an in-memory stand-in, a notebook's), they write the same text decoded."""
    posts = sample_posts()
    written = export(format_name, posts, tmp_path / f"blog.{format_name}").read_text(
        encoding="utf-8"
    )
    standard_output = io.StringIO()
    monkeypatch.setattr(sys, "stdout", standard_output)
    export(format_name, posts, Path("-"))
    assert standard_output.getvalue() == written
    assert any(not character.isascii() for character in written)


_LONG_SPACE_RUN = """
from blogmigrate.exporters.markdown import html_to_markdown
print(repr(html_to_markdown("<p>a" + " " * 200_000 + "b\\t\\t</p><pre>c   d</pre>")))
"""


def test_a_body_with_a_long_run_of_spaces_is_converted_at_once() -> None:
    """200 000 spaces in a paragraph: markdownify's pattern for white space holding a line break
    was tried from each of them to the end of the run (32 000 spaces: 5 s). The run is one space
    in Markdown, and ``<pre>`` keeps its own spaces."""
    printed = python_output(_LONG_SPACE_RUN, timeout=60)
    assert printed == repr("a b\n\n```\nc   d\n```\n")


# -- WXR and Disqus ------------------------------------------------------------------------------


@pytest.fixture
def wxr_root(tmp_path: Path) -> etree._Element:
    return strict_xml(export("wxr", sample_posts(), tmp_path / "blog.xml"))


def items(root: etree._Element, kind: str | None = None) -> list[etree._Element]:
    return [
        item
        for item in root.iter("item")
        if kind is None or item.findtext("wp:post_type", namespaces=WXR_NS) == kind
    ]


def test_wxr_envelope(tmp_path: Path) -> None:
    text = export("wxr", sample_posts(), tmp_path / "blog.xml").read_text()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8" ?>\n')
    assert "<!DOCTYPE" not in text
    assert "\t<wp:wxr_version>1.2</wp:wxr_version>\n" in text
    assert 'xmlns:wp="http://wordpress.org/export/1.2/"' in text
    assert re.search(r"\t<wp:author><wp:author_id>1</wp:author_id>.*</wp:author>\n", text)


def test_wxr_comment_ids_are_unique_and_parents_come_first(wxr_root: etree._Element) -> None:
    ids: list[int] = []
    for item in items(wxr_root):
        for node in item.findall("wp:comment", WXR_NS):
            number = int(node.findtext("wp:comment_id", namespaces=WXR_NS))
            parent = int(node.findtext("wp:comment_parent", namespaces=WXR_NS))
            assert parent < number
            assert parent == 0 or parent in ids
            ids.append(number)
    assert len(ids) == len(set(ids)) == 7


def test_wxr_keeps_types_parents_and_exact_content(wxr_root: etree._Element) -> None:
    first = items(wxr_root, "post")[0]
    comments = {
        node.findtext("wp:comment_author", namespaces=WXR_NS): node
        for node in first.findall("wp:comment", WXR_NS)
    }
    pingback = comments["Some Blog"]
    assert pingback.findtext("wp:comment_type", namespaces=WXR_NS) == "pingback"
    bob_parent = comments["Bob"].findtext("wp:comment_parent", namespaces=WXR_NS)
    assert bob_parent == comments["Carl"].findtext("wp:comment_id", namespaces=WXR_NS)
    eve = comments["Eve"].findtext("wp:comment_content", namespaces=WXR_NS)
    assert eve == "<p>CDATA end ]]> inside, &lt;b&gt; as text</p>"
    body = first.findtext("content:encoded", namespaces=WXR_NS)
    assert "Control\ufffdchar and ]]> end." in body


def test_wxr_dates_local_and_gmt(wxr_root: etree._Element) -> None:
    first = items(wxr_root, "post")[0]
    assert first.findtext("wp:post_date", namespaces=WXR_NS) == "2010-11-23 08:15:00"
    assert first.findtext("wp:post_date_gmt", namespaces=WXR_NS) == "2010-11-23 06:15:00"
    assert first.findtext("pubDate") == "Tue, 23 Nov 2010 08:15:00 +0200"


def test_wxr_terms_have_domain_and_nicename(wxr_root: etree._Element) -> None:
    first = items(wxr_root, "post")[0]
    terms = [(c.get("domain"), c.get("nicename"), c.text) for c in first.findall("category")]
    assert terms == [
        ("category", "cooking", "Cooking"),
        ("post_tag", "bread", "bread"),
        ("post_tag", "sourdough-starter", "Sourdough Starter"),
    ]
    channel = wxr_root.find("channel")
    assert channel is not None
    nicenames = [n.text for n in channel.findall("wp:category/wp:category_nicename", WXR_NS)]
    assert nicenames == ["cooking", "a-b"]


def test_wxr_pages_attachments_and_featured_image(wxr_root: etree._Element) -> None:
    assert [i.findtext("title") for i in items(wxr_root, "page")] == ["emoji 😀 ok"]
    attachments = items(wxr_root, "attachment")
    urls = [a.findtext("wp:attachment_url", namespaces=WXR_NS) for a in attachments]
    assert urls == [
        "http://blog.example.org/wp-content/uploads/2010/11/cover.jpg",
        "http://blog.example.org/wp-content/uploads/2010/11/loaf.jpg",
    ]
    first_id = items(wxr_root, "post")[0].findtext("wp:post_id", namespaces=WXR_NS)
    assert {a.findtext("wp:post_parent", namespaces=WXR_NS) for a in attachments} == {first_id}
    meta = {
        m.findtext("wp:meta_key", namespaces=WXR_NS): m.findtext("wp:meta_value", namespaces=WXR_NS)
        for m in items(wxr_root, "post")[0].findall("wp:postmeta", WXR_NS)
    }
    assert meta["_thumbnail_id"] == attachments[0].findtext("wp:post_id", namespaces=WXR_NS)


def test_wxr_items_never_share_id_or_title_date_type(wxr_root: etree._Element) -> None:
    all_items = items(wxr_root)
    ids = [i.findtext("wp:post_id", namespaces=WXR_NS) for i in all_items]
    keys = [
        (
            i.findtext("title"),
            i.findtext("wp:post_date", namespaces=WXR_NS),
            i.findtext("wp:post_type", namespaces=WXR_NS),
        )
        for i in all_items
    ]
    assert len(set(ids)) == len(ids)
    assert len(set(keys)) == len(keys)
    twins = [k[1] for k in keys if k[0] == "Twins"]
    assert twins == ["2012-05-05 10:00:00", "2012-05-05 10:00:01"]


def test_wxr_undated_comments_get_distinct_dates(wxr_root: etree._Element) -> None:
    first = items(wxr_root, "post")[0]
    pairs = [
        (
            n.findtext("wp:comment_author", namespaces=WXR_NS),
            n.findtext("wp:comment_date", namespaces=WXR_NS),
        )
        for n in first.findall("wp:comment", WXR_NS)
    ]
    assert len(set(pairs)) == len(pairs)


@pytest.mark.parametrize("exporter_class", [WxrExporter, DisqusExporter], ids=["wxr", "disqus"])
def test_wxr_posts_rendered_apart_are_written_as_write_writes_them(
    exporter_class: type[WxrExporter], tmp_path: Path
) -> None:
    """Each post rendered by a renderer of its own, pickled both ways as a pool's worker gets it
    and gives it back (`WxrExporter.renderer`): what earlier posts took (post ids, their images'
    ids, comment ids, dates, logins, term slugs, names) is settled as the rendered posts are
    written, and the file is the one `write` gives."""
    posts = sample_posts()
    expected = export(exporter_class.name, posts, tmp_path / "written.xml").read_text()
    options = ExportOptions(target=str(tmp_path / "rendered.xml"))
    exporter = exporter_class(options)
    exporter.open(SITE)
    for item in posts:
        render = pickle.loads(pickle.dumps(exporter_class.renderer(options)))
        exporter.write_rendered(pickle.loads(pickle.dumps(render(item))))
    exporter.close()
    assert (tmp_path / "rendered.xml").read_text() == expected
    # what the run settled: the twins' second date, and comment ids running on across posts
    assert expected.count("<wp:meta_key><![CDATA[_blogmigrate_date_adjusted]]>") == 1
    assert "<wp:comment_id>7</wp:comment_id>" in expected
    assert "<wp:comment_id>8</wp:comment_id>" not in expected


def test_wxr_images_of_a_post_moved_on_a_second_move_with_it(tmp_path: Path) -> None:
    """Twins (same title and date) with the same image: the second post is moved on a second, and
    its image's item, rendered for the post's own date, is dated as the post now is."""
    body = '<p><img src="http://blog.example.org/uploads/bread.jpg" alt=""></p>'
    moment = datetime(2012, 5, 5, 10, 0, tzinfo=UTC)
    twins = [
        post(20, "Twins", published=moment, content_html=body),
        post(21, "Twins", published=moment, content_html=body),
    ]
    root = strict_xml(export("wxr", twins, tmp_path / "blog.xml"))

    def dates(item: etree._Element) -> tuple[str | None, ...]:
        fields = ("wp:post_date", "wp:post_date_gmt", "wp:post_modified")
        return (item.findtext("pubDate"), *(item.findtext(f, namespaces=WXR_NS) for f in fields))

    second = ("Sat, 05 May 2012 10:00:01 +0000", *["2012-05-05 10:00:01"] * 3)
    assert [dates(item) for item in items(root, "post")][1] == second
    assert [dates(item) for item in items(root, "attachment")] == [
        ("Sat, 05 May 2012 10:00:00 +0000", *["2012-05-05 10:00:00"] * 3),
        second,
    ]


def test_disqus_fields(tmp_path: Path) -> None:
    text = export("disqus", sample_posts(), tmp_path / "disqus.xml").read_text()
    assert 'xmlns:dsq="http://www.disqus.com/"' in text
    root = strict_xml(tmp_path / "disqus.xml")
    assert items(root, "attachment") == []
    first = items(root, "post")[0]
    assert first.findtext("dsq:thread_identifier", namespaces=WXR_NS) == (
        "1 http://blog.example.org/?p=1"
    )
    fields = [
        "comment_id", "comment_author", "comment_author_email", "comment_author_url",
        "comment_author_IP", "comment_date", "comment_date_gmt", "comment_content",
        "comment_approved", "comment_type", "comment_parent", "comment_user_id",
    ]  # fmt: skip
    emails: dict[str, set[str]] = {}
    for node in root.iter(f"{{{WXR_NS['wp']}}}comment"):
        assert [child.tag.split("}")[1] for child in node][: len(fields)] == fields
        content = node.findtext("wp:comment_content", namespaces=WXR_NS)
        assert len(re.sub(r"<[^>]+>", "", content).strip()) >= 3
        name = node.findtext("wp:comment_author", namespaces=WXR_NS)
        email = node.findtext("wp:comment_author_email", namespaces=WXR_NS)
        assert email.endswith("@" + DISQUS_EMAIL_DOMAIN)
        emails.setdefault(name, set()).add(email)
    assert all(len(found) == 1 for found in emails.values())
    every = [next(iter(found)) for found in emails.values()]
    assert len(set(every)) == len(every)


def test_parents_first_handles_deep_threads() -> None:
    chain = tuple(comment(n, n - 1 if n > 1 else None) for n in range(3000, 0, -1))
    ordered = parents_first(chain)
    assert [c.id for c in ordered[:3]] == ["c1", "c2", "c3"]
    assert len(ordered) == 3000


def test_fixture_exports_run_from_the_cli(tmp_path: Path) -> None:
    """The Makefile demo's commands, on whatever fixture pages exist."""
    for name in ("wxr", "disqus"):
        target = tmp_path / f"blog.{name}.xml"
        result = CliRunner().invoke(cli, ["convert", str(PAGES), "--to", name, "-o", str(target)])
        assert result.exit_code in (0, 5), result.output
        assert strict_xml(target).find("channel") is not None
    assert ROOT.is_dir()


@pytest.mark.parametrize(
    ("flavor", "path"),
    [("eleventy", "_data/comments/post-1.json"), ("astro", "src/content/comments/post-1.json")],
)
def test_json_comment_data_is_an_object_with_the_contract_keys(
    flavor: str, path: str, tmp_path: Path
) -> None:
    target = export("markdown", sample_posts()[:1], tmp_path / "site", flavor=flavor)
    data = json.loads((target / path).read_text())
    assert [c["id"] for c in data["comments"]] == ["c3", "c1", "c2", "c4", "c5", "c6"]
    assert data["comments"][0]["parent_id"] == "c2"
    assert "content_html_raw" not in data["comments"][0]


# -- property: export, re-parse strictly, compare ---------------------------------------------------

ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=40)


def xml_text(text: str) -> str:
    """What any XML parser gives back: safe text with CR and CRLF read as LF."""
    return safe_text(text).replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=60, deadline=None)
@given(title=ANY_TEXT, body=ANY_TEXT, remark=ANY_TEXT, name=ANY_TEXT)
def test_any_text_round_trips_through_wxr(title: str, body: str, remark: str, name: str) -> None:
    item = post(
        1,
        title,
        content_html=body,
        slug=title,
        comments=(comment(1, name=name or "x", html=remark),),
    )
    with tempfile.TemporaryDirectory() as folder:
        root = strict_xml(export("wxr", [item], Path(folder) / "blog.xml"))
    found = items(root, "post")[0]
    assert (found.findtext("title") or "") == title_markup(xml_text(title))  # titles are markup
    assert (found.findtext("content:encoded", namespaces=WXR_NS) or "") == xml_text(body)
    node = found.find("wp:comment", WXR_NS)
    assert node is not None
    assert (node.findtext("wp:comment_content", namespaces=WXR_NS) or "") == xml_text(remark)
    assert found.findtext("wp:post_name", namespaces=WXR_NS)


@settings(max_examples=60, deadline=None)
@given(title=ANY_TEXT, tag=ANY_TEXT, front_matter=st.sampled_from(["yaml", "toml"]))
def test_any_text_round_trips_through_front_matter(title: str, tag: str, front_matter: str) -> None:
    item = post(1, title, slug=title, tags=(tag,))
    with tempfile.TemporaryDirectory() as folder:
        target = export("markdown", [item], Path(folder) / "site", front_matter=front_matter)
        (path,) = markdown_files(target).values()
    matter, _ = split_front_matter(path)
    assert matter["title"] == safe_text(title)
    assert matter["tags"] == [safe_text(tag)]


def test_cli_refuses_a_front_matter_the_flavor_cannot_write(tmp_path: Path) -> None:
    arguments = ["convert", str(PAGES), "--to", "markdown", "-o", str(tmp_path / "site")]
    result = CliRunner().invoke(cli, [*arguments, "--flavor", "jekyll", "--front-matter", "toml"])
    assert result.exit_code == 2
    assert "--flavor jekyll writes yaml front matter, not toml" in result.output
    assert not (tmp_path / "site").exists()


def test_cli_passes_flavor_and_comment_options(tmp_path: Path) -> None:
    page = next(page for page in FIXTURE_PAGES if "wordpress" in page.parts)
    target = tmp_path / "site"
    result = CliRunner().invoke(
        cli,
        ["convert", str(page), "--to", "markdown", "--flavor", "zola", "--comments", "inline"],
    )
    assert result.exit_code == 2  # a folder format needs -o
    result = CliRunner().invoke(
        cli,
        [
            "convert", str(page), "--to", "markdown", "--flavor", "zola",
            "--comments", "inline", "-o", str(target),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (markdown,) = (p for p in target.rglob("index.md"))
    assert markdown.read_text().startswith("+++\n")
    assert "## Comments" in markdown.read_text()
    assert list(target.rglob("comments.yaml")) == []


@pytest.mark.parametrize(("flavor", "key"), [("jekyll", "excerpt"), ("pelican", "summary")])
def test_excerpts_that_generators_print_as_html_keep_text_as_text(
    tmp_path: Path, flavor: str, key: str
) -> None:
    item = post(1, "Escaped", excerpt="Use <script>alert(1)</script> & friends")
    target = export("markdown", [item], tmp_path / "site", flavor=flavor)
    (page,) = [p for p in target.rglob("*.md") if "post-1" in p.name or p.parent.name == "post-1"]
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in text


def test_the_registry_names_each_exporter_by_its_format() -> None:
    """`EXPORTERS` imports each class when asked for it: the table names each format's class."""
    assert list(EXPORTERS) == ["json", "jsonl", "markdown", "wxr", "disqus"]
    assert {name: EXPORTERS[name].name for name in EXPORTERS} == {name: name for name in EXPORTERS}
    assert EXPORTERS.get("pdf") is None and "pdf" not in EXPORTERS
    with pytest.raises(KeyError, match="unknown format 'pdf'; choose one of json, jsonl"):
        make_exporter("pdf", ExportOptions(target="-"))
