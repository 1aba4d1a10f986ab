"""Every row of ../shared/docs/hazards.md, one test each, on the files of fixtures/bad/ (or a case
generated here when a file is impractical: 10 MB text, deep nesting, symlink loops, gzip bombs,
non-UTF-8 file names). Each test checks the behaviour owed, by value."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from blogmigrate.archive.inputs import MAX_PAGE_BYTES
from blogmigrate.errors import ExitCode
from blogmigrate.normalize import NormalizeOptions, dates
from blogmigrate.pipeline import PipelineOptions
from blogmigrate.report import Outcome
from blogmigrate.sources import discover

from .conftest import ROOT, run_page
from .robustness import (
    BAD,
    files_under,
    leftovers,
    live_markup,
    markdown_to_html,
    read_json,
    run_main,
    split_front_matter,
    wordpress_page,
    wxr_posts,
)

WXR_SPLIT = "]]]]><![CDATA[>"


def convert(
    monkeypatch: pytest.MonkeyPatch, inputs: list[Path], fmt: str, target: Path, *extra: str
) -> int:
    """``blogmigrate convert`` in one process, quiet; its exit code."""
    args = ["convert", *map(str, inputs), "--to", fmt, "-o", str(target), "-q", "--jobs", "1"]
    return run_main([*args, *extra], monkeypatch)


# 1 -------------------------------------------------------------------------------------------------
def test_cdata_end_is_split_and_round_trips(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "blog.xml"
    assert convert(monkeypatch, [BAD / "01-cdata-end.html"], "wxr", target) == ExitCode.OK
    text = target.read_text(encoding="utf-8")
    assert f"<title><![CDATA[CDATA ends {WXR_SPLIT} here]]></title>" in text
    [item] = wxr_posts(target)
    assert item.title == "CDATA ends ]]> here"
    assert item.excerpt == "Array access a[b[0]]> and the sequence ]]> stay text."
    assert [comment.author for comment in item.comments] == ["Bob ]]> Smith"]


# 2 -------------------------------------------------------------------------------------------------
def test_control_characters_become_replacement_characters_and_are_counted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result = run_page(BAD / "02-control-chars.html")
    [post] = result.posts
    assert post.title == "Bell\ufffd and form feed"  # BEL replaced; form feed is whitespace
    assert post.content_html == (
        "<p>Vertical\ufffdtab, escape\ufffd, non-characters \ufffd and \ufffd end.</p>"
    )
    assert post.comments[0].author.name == "Ctl\ufffdChar"
    assert post.comments[0].content_html == "<p>Backspace\ufffd in a comment</p>"
    [warning] = result.report.warnings
    assert warning.code == "unsafe-characters"
    assert warning.message.startswith(
        "11 control or non-character code point(s) replaced by U+FFFD"
    )
    target = tmp_path / "blog.xml"
    assert convert(monkeypatch, [BAD / "02-control-chars.html"], "wxr", target) == ExitCode.OK
    [item] = wxr_posts(target)  # a strict XML parser accepts it
    assert item.title == "Bell\ufffd and form feed"


def test_control_characters_do_not_stop_the_generic_scraper() -> None:
    """Its hints and comment marks keep page text in attributes, which lxml refuses control
    characters in: they are replaced there too, instead of the page failing."""
    result = run_page(BAD / "02-control-chars.html", PipelineOptions(platform="generic"))
    assert result.report.outcome == Outcome.CONVERTED
    [post] = result.posts
    assert post.comments[0].author.name == "Ctl\ufffdChar"


# 3 -------------------------------------------------------------------------------------------------
@pytest.mark.skipif(os.name == "nt", reason="POSIX file names are bytes; Windows names are not")
@pytest.mark.parametrize("fmt", ["json", "wxr", "markdown"])
def test_lone_surrogates_from_a_file_name_never_reach_a_writer(
    fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.html")  # not UTF-8: Python gives "caf\udce9.html"
    assert name == "caf\udce9.html"
    shutil.copy(BAD / "04-non-ascii-cdata.html", folder / name)
    target, report = tmp_path / "out", tmp_path / "report.json"
    code = convert(monkeypatch, [folder], fmt, target, "--report", str(report))
    assert code == ExitCode.OK
    [page] = read_json(report)["pages"]
    assert page["source"] == f"{folder}/caf\ufffd.html"
    assert page["outcome"] == "converted"
    if fmt == "json":
        assert read_json(target)["posts"][0]["source"] == f"{folder}/caf\ufffd.html"
    elif fmt == "wxr":
        assert [item.title for item in wxr_posts(target)] == ["Café crème"]
    else:
        assert list(files_under(target)) == [
            "content/posts/cafe-creme/comments.yaml",
            "content/posts/cafe-creme/index.md",
        ]


# 4 -------------------------------------------------------------------------------------------------
def test_non_ascii_text_is_written_as_utf8_never_as_character_references(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "blog.xml"
    assert convert(monkeypatch, [BAD / "04-non-ascii-cdata.html"], "wxr", target) == ExitCode.OK
    raw = target.read_bytes()
    assert "<p>Déjà vu à l’Élysée — “quotes” and ñ, 日本語, emoji 😀.</p>".encode() in raw
    assert b"&#" not in raw  # inside CDATA a character reference is literal text: corruption
    [item] = wxr_posts(target)
    assert item.comments[0].content == "<p>Très bien, ça marche !</p>"


# 5 -------------------------------------------------------------------------------------------------
def test_shared_ids_become_unique_and_parents_precede_replies(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    [post] = run_page(BAD / "05-duplicate-ids.html").posts
    assert [(c.id, c.parent_id, c.author.name) for c in post.comments] == [
        ("7", None, "First"),
        ("c2", None, "Second"),
        ("8", "c2", "Reply"),
    ]
    # Three pages of fixtures/bad share the post id 42: each keeps one unique WXR post id.
    pages = [
        BAD / "01-cdata-end.html",
        BAD / "04-non-ascii-cdata.html",
        BAD / "05-duplicate-ids.html",
    ]
    target = tmp_path / "blog.xml"
    assert convert(monkeypatch, pages, "wxr", target) == ExitCode.OK
    items = wxr_posts(target)
    assert sorted(item.post_id for item in items) == [1, 2, 42]
    [thread] = [item for item in items if item.title == "Duplicate comment ids"]
    first, second, reply = thread.comments
    assert (first.parent, second.parent) == (0, 0)
    assert reply.parent == second.id and second.id < reply.id
    assert len({c.id for item in items for c in item.comments}) == 5


# 6 -------------------------------------------------------------------------------------------------
def test_comment_html_is_sanitised_by_default_and_the_raw_html_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    result = run_page(BAD / "06-xss-comment.html")
    [comment] = result.posts[0].comments
    assert comment.content_html == (
        '<p>hi<a rel="nofollow ugc">click</a><a rel="nofollow ugc">data</a>'
        '<a href="https://example.org/ok" rel="nofollow ugc">fine link</a> <b>bold</b></p>'
    )
    assert live_markup(comment.content_html) == []
    assert "<script>alert(1)</script>" in comment.content_html_raw
    assert result.report.warnings[0].code == "sanitized"
    target = tmp_path / "blog.json"
    assert convert(monkeypatch, [BAD / "06-xss-comment.html"], "json", target) == ExitCode.OK
    [written] = read_json(target)["posts"][0]["comments"]
    assert written["content_html"] == comment.content_html
    assert "onerror" in written["content_html_raw"]
    trusted = run_page(
        BAD / "06-xss-comment.html",
        PipelineOptions(normalize=NormalizeOptions(sanitize_comments=False)),
    )
    assert 'onerror="alert(2)"' in trusted.posts[0].comments[0].content_html  # --trust-comments


# 7 -------------------------------------------------------------------------------------------------
def test_escaped_markup_stays_text_in_markdown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    assert convert(monkeypatch, [BAD / "07-escaped-markup.html"], "markdown", target) == 0
    text = (target / "content/posts/escaped-markup/index.md").read_text(encoding="utf-8")
    assert text.endswith(
        "Write &lt;script&gt;alert(1)&lt;/script&gt; to test, and AT&amp;T "
        "&lt;b&gt;not bold&lt;/b&gt;.\n"
    )
    rendered = markdown_to_html(text)
    assert live_markup(rendered) == []
    assert "<b>" not in rendered


# 8 -------------------------------------------------------------------------------------------------
def test_template_syntax_is_wrapped_so_the_generator_does_not_run_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    page = BAD / "08-liquid-template.html"
    assert convert(monkeypatch, [page], "markdown", target, "--flavor", "jekyll") == 0
    [path] = (target / "_posts").iterdir()
    body = split_front_matter(path.read_text(encoding="utf-8"))[1]
    assert body == (
        "\n{% raw %}\nJekyll uses {{ page.title }} and {% include footer.html %} tags.\n\n"
        "{% endraw %}\n"
    )


# 9 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("front_matter", ["yaml", "toml"])
def test_front_matter_values_read_back_as_the_same_strings(
    front_matter: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    page = BAD / "09-front-matter-values.html"
    code = convert(monkeypatch, [page], "markdown", target, "--front-matter", front_matter)
    assert code == ExitCode.OK
    text = (target / "content/posts/no/index.md").read_text(encoding="utf-8")
    if front_matter == "yaml":
        data = split_front_matter(text)[0]
    else:
        data = tomllib.loads(text[4 : text.index("\n+++\n", 4)])
    assert data["title"] == "no"
    assert data["tags"] == ["a: b", "*x", "2024-01-02", "🎉 party", "yes"]


# 10 ------------------------------------------------------------------------------------------------
def test_latin1_label_means_windows_1252() -> None:
    result = run_page(BAD / "10-latin1-label-cp1252-bytes.html")
    [post] = result.posts
    assert post.title == "Don’t panic"
    assert post.content_html == "<p>It’s a “quoted” café – ok.</p>"
    assert "\x92" not in post.title + post.content_html
    assert result.report.warnings == ()


# 11 ------------------------------------------------------------------------------------------------
def test_bytes_that_are_not_the_declared_utf8_fall_back_and_are_flagged() -> None:
    result = run_page(BAD / "11-utf8-label-latin1-bytes.html")
    assert result.posts[0].title == "Café déjà"
    assert result.posts[0].content_html == "<p>Résumé naïve.</p>"
    [warning] = result.report.warnings
    assert warning.code == "encoding"
    assert warning.message.startswith("declared 'utf-8' but the bytes are not utf-8")


# 12 ------------------------------------------------------------------------------------------------
def test_encoding_is_guessed_only_on_request_and_marked_guessed() -> None:
    page = BAD / "12-undeclared-cp1251.html"
    plain = run_page(page)
    assert plain.posts[0].title.startswith("Ïðèâåò")  # windows-1252, the WHATWG fallback
    assert [str(w) for w in plain.report.warnings] == [
        "encoding: no declared encoding and not UTF-8: read as windows-1252"
    ]
    guessed = run_page(page, PipelineOptions(guess_encoding=True))
    assert guessed.posts[0].title == "Привет, как дела? Это запись в блоге"
    assert [str(w) for w in guessed.report.warnings] == ["encoding: encoding guessed as cp1251"]


# 13 ------------------------------------------------------------------------------------------------
def test_mojibake_is_repaired_only_on_request_and_each_repair_logged() -> None:
    page = BAD / "13-mojibake.html"
    plain = run_page(page)
    assert plain.posts[0].title == "CafÃ© and doesnÃ¢â‚¬â„¢t"
    assert plain.report.warnings == ()
    fixed = run_page(page, PipelineOptions(fix_mojibake=True))
    assert fixed.posts[0].title == "Café and doesn’t"
    assert fixed.posts[0].content_html == "<p>Le café est déjà froid.</p>"
    assert [w.message for w in fixed.report.warnings] == [
        "double-encoded text repaired: CafÃ© → Café",
        "double-encoded text repaired: doesnÃ¢â‚¬â„¢t → doesn’t",
        "double-encoded text repaired: cafÃ© → café",
        "double-encoded text repaired: dÃ©jÃ\xa0 → déjà",
    ]


# 14 ------------------------------------------------------------------------------------------------
def test_huge_text_nodes_are_kept_whole_and_too_deep_pages_are_reported_partial(
    tmp_path: Path,
) -> None:
    huge = tmp_path / "huge.html"
    huge.write_bytes(wordpress_page("Huge", "<p>" + "a" * 10_500_000 + "</p>"))
    [post] = run_page(huge).posts
    assert post.content_html == "<p>" + "a" * 10_500_000 + "</p>"
    deep = tmp_path / "deep.html"
    deep.write_bytes(
        wordpress_page("Deep", "<p>top</p>" + "<div>" * 3000 + "bottom" + "</div>" * 3000)
    )
    result = run_page(deep)
    assert [w.code for w in result.report.warnings] == ["partial"]
    assert "Excessive depth in document: 2048" in result.report.warnings[0].message
    assert result.posts[0].content_html.startswith("<p>top</p>")


# 15 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "wxr", "markdown"])
def test_nine_hundred_nested_divs_convert_without_recursion_errors(
    fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = tmp_path / "nested.html"
    page.write_bytes(wordpress_page("Nested", "<div>" * 900 + "<b>bottom</b>" + "</div>" * 900))
    result = run_page(page)
    assert result.report.outcome is Outcome.CONVERTED
    assert result.posts[0].content_html.count("<div>") == 900
    target = tmp_path / "out"
    assert convert(monkeypatch, [page], fmt, target) == ExitCode.OK
    if fmt == "markdown":
        body = (target / "content/posts/nested/index.md").read_text(encoding="utf-8")
        assert body.endswith("\n**bottom**\n")
    elif fmt == "wxr":
        assert wxr_posts(target)[0].content.count("<div>") == 900
    else:
        assert "<b>bottom</b>" in read_json(target)["posts"][0]["content_html"]


# 16 ------------------------------------------------------------------------------------------------
def test_entity_bombs_and_external_entities_are_never_expanded() -> None:
    laughs = run_page(BAD / "16-billion-laughs.xml")
    assert laughs.report.outcome is Outcome.FAILED
    assert laughs.report.kind == "feed"
    assert "a feed that is not well-formed XML" in (laughs.report.error or "")
    assert laughs.posts == ()
    xxe = run_page(BAD / "16-xxe.xml")
    assert xxe.report.outcome is Outcome.NOT_A_POST
    assert xxe.report.kind == "feed"
    [entry] = xxe.feed_entries
    assert entry.link == "http://xxe.example/2012/03/xxe/"
    assert entry.title == "&xxe;"  # the reference stays a reference: nothing was read
    assert "root:" not in repr(xxe)


def test_a_feed_without_usable_entries_is_an_error(tmp_path: Path) -> None:
    feed = tmp_path / "empty.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    )
    result = run_page(feed)
    assert result.report.outcome is Outcome.FAILED
    assert result.report.error == f"{feed}: a feed with no usable entries; nothing taken from it"


# 17 ------------------------------------------------------------------------------------------------
def test_gzip_pages_are_read_and_bombs_stop_at_the_cap(tmp_path: Path) -> None:
    result = run_page(BAD / "17-gzipped-page.html.gz")
    assert result.posts[0].title == "Gzipped page"
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as stream:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(MAX_PAGE_BYTES // len(chunk) + 1):
            stream.write(chunk)
    assert bomb.stat().st_size < 200_000
    exploded = run_page(bomb)
    assert exploded.report.outcome is Outcome.SKIPPED
    assert exploded.report.error == f"{bomb}: decompresses to more than 64 MB; skipped"


# 18 ------------------------------------------------------------------------------------------------
def test_images_and_empty_files_are_skipped_with_a_reason_and_xhtml_is_read() -> None:
    png = run_page(BAD / "18-png-named.html")
    assert (png.report.outcome, png.report.error) == (
        Outcome.SKIPPED,
        "fixtures/bad/18-png-named.html: this is a PNG image, not an HTML page; skipped",
    )
    empty = run_page(BAD / "18-empty.html")
    assert (empty.report.outcome, empty.report.error) == (
        Outcome.SKIPPED,
        "fixtures/bad/18-empty.html: the file is empty; nothing to convert",
    )
    xhtml = run_page(BAD / "18-xhtml-xml-declaration.html")
    assert xhtml.report.outcome is Outcome.CONVERTED
    assert xhtml.posts[0].title == "XHTML with a declaration"
    assert xhtml.posts[0].content_html == "<p>An XHTML page named .html: é and ü.</p>"


# 19 ------------------------------------------------------------------------------------------------
@pytest.mark.spies
def test_endless_date_text_is_cut_before_any_parser_sees_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[int] = []
    original = dates.DateParser._parse_text_uncached

    def spy(self: dates.DateParser, text: str) -> dates.ParsedDate:
        seen.append(len(text))
        return original(self, text)

    monkeypatch.setattr(dates.DateParser, "_parse_text_uncached", spy)
    [post] = run_page(BAD / "19-date-question-marks.html").posts
    assert post.published is None
    assert post.comments[0].published is None
    assert seen and max(seen) <= dates.MAX_DATE_TEXT


# 20 ------------------------------------------------------------------------------------------------
def test_symlink_loops_and_dangling_links_are_walked_once_in_sorted_order(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "mirror"
    (folder / "b").mkdir(parents=True)
    shutil.copy(BAD / "04-non-ascii-cdata.html", folder / "b" / "post.html")
    shutil.copy(BAD / "10-latin1-label-cp1252-bytes.html", folder / "a.html")
    (folder / "b" / "loop").symlink_to("..", target_is_directory=True)
    (folder / "again.html").symlink_to(folder / "a.html")
    (folder / "dangling.html").symlink_to(folder / "gone.html")
    names = [item.name for item in discover([str(folder)])]
    assert names == [f"{folder}/a.html", f"{folder}/dangling.html", f"{folder}/b/post.html"]
    report = tmp_path / "report.json"
    out = tmp_path / "blog.json"
    assert convert(monkeypatch, [folder], "json", out, "--report", str(report)) == ExitCode.OK
    outcomes = {Path(p["source"]).name: p["outcome"] for p in read_json(report)["pages"]}
    assert outcomes == {"a.html": "converted", "dangling.html": "skipped", "post.html": "converted"}


# 21 ------------------------------------------------------------------------------------------------
def test_wayback_toolbar_is_removed_and_links_unwrapped() -> None:
    [post] = run_page(BAD / "21-wayback-copy.html").posts
    assert post.url == "http://blog.example/2012/03/archived-post/"
    assert post.content_html == (
        '<p>See <a href="http://blog.example/2012/01/older/">the older post</a> and '
        '<img src="http://blog.example/wp-content/uploads/pic.jpg" alt="pic">.</p>'
    )
    assert post.comments[0].content_html == (
        '<p>Nice, <a href="http://visitor.example/" rel="nofollow ugc">me</a></p>'
    )
    assert "Wayback toolbar" not in json.dumps([post.title, post.excerpt, post.content_html])


# 22 ------------------------------------------------------------------------------------------------
def test_empty_reserved_long_and_traversing_slugs_give_safe_names_inside_the_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pages = sorted(BAD.glob("22-*.html"))
    target = tmp_path / "site"
    assert convert(monkeypatch, pages, "markdown", target, "--comments", "none") == ExitCode.OK
    folders = sorted(path.name for path in (target / "content/posts").iterdir())
    long_slug = "very-long-title-" + "word-" * 16 + "word"
    assert folders == ["con-post", "etc-passwd", "post-221", long_slug]
    assert len(long_slug.encode()) <= 100
    assert all(path.resolve().is_relative_to(target.resolve()) for path in target.rglob("*"))


# 23 ------------------------------------------------------------------------------------------------
def test_two_posts_with_one_slug_are_both_kept_with_a_suffix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pages = [BAD / "23-same-slug-a.html", BAD / "23-same-slug-b.html"]
    target = tmp_path / "site"
    assert convert(monkeypatch, pages, "markdown", target) == ExitCode.OK
    bodies = {
        path.parent.name: split_front_matter(path.read_text(encoding="utf-8"))[1].strip()
        for path in (target / "content/posts").glob("*/index.md")
    }
    assert bodies == {"hello-world": "The first hello.", "hello-world-2": "The second hello."}


# 24 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "wxr"])
def test_a_crash_mid_run_leaves_no_half_written_file_and_the_run_can_start_again(
    fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from blogmigrate.exporters import EXPORTERS

    exporter = EXPORTERS[fmt]
    original = exporter.write
    calls = []

    def crash_on_second(self: object, post: object) -> None:
        calls.append(post)
        if len(calls) == 2:
            raise KeyboardInterrupt
        original(self, post)  # type: ignore[arg-type]

    pages = [
        BAD / "01-cdata-end.html",
        BAD / "04-non-ascii-cdata.html",
        BAD / "10-latin1-label-cp1252-bytes.html",
    ]
    target = tmp_path / f"blog.{fmt}"
    monkeypatch.setattr(exporter, "write", crash_on_second)
    assert convert(monkeypatch, pages, fmt, target) == ExitCode.INTERRUPTED
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(exporter, "write", original)
    assert convert(monkeypatch, pages, fmt, target) == ExitCode.OK
    assert leftovers(tmp_path) == []
    titles = (
        [p["title"] for p in read_json(target)["posts"]]
        if fmt == "json"
        else [item.title for item in wxr_posts(target)]
    )
    assert sorted(titles) == ["CDATA ends ]]> here", "Café crème", "Don’t panic"]


# 25 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "wxr", "markdown"])
def test_existing_output_is_never_overwritten_without_force(
    fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    if fmt == "markdown":
        target.mkdir()
        (target / "mine.md").write_text("precious", encoding="utf-8")
    else:
        target.write_text("precious", encoding="utf-8")
    page = BAD / "04-non-ascii-cdata.html"
    assert convert(monkeypatch, [page], fmt, target) == ExitCode.OUTPUT_EXISTS
    kept = target / "mine.md" if fmt == "markdown" else target
    assert kept.read_text(encoding="utf-8") == "precious"
    assert leftovers(tmp_path) == []
    assert convert(monkeypatch, [page], fmt, target, "--force") == ExitCode.OK
    if fmt == "json":
        assert read_json(target)["posts"][0]["title"] == "Café crème"
    elif fmt == "wxr":
        assert wxr_posts(target)[0].title == "Café crème"
    else:
        assert (target / "content/posts/cafe-creme/index.md").exists()


# 26 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "wxr", "markdown"])
def test_the_same_input_twice_gives_byte_identical_output(
    fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    outputs = []
    for run in ("first", "second"):
        target = tmp_path / run / "out"
        assert convert(monkeypatch, [BAD], fmt, target) == ExitCode.PAGES_FAILED
        outputs.append(files_under(target) if fmt == "markdown" else target.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 20


# 27 ------------------------------------------------------------------------------------------------
def test_an_unrecognised_page_gets_generic_extraction_and_is_reported() -> None:
    result = run_page(BAD / "27-unrecognised.html")
    assert (result.report.outcome, result.report.platform) == (Outcome.CONVERTED, "generic")
    assert result.posts[0].title == "Shopping list"
    assert [str(w) for w in result.report.warnings] == [
        "no-body: no post body found",
        "no-date: no publication date found on the page or in its address",
    ]


# 28 ------------------------------------------------------------------------------------------------
def test_a_declared_count_that_differs_is_a_warning_for_that_post() -> None:
    result = run_page(BAD / "28-declared-count.html")
    [post] = result.posts
    assert (post.comment_count_declared, len(post.comments)) == (5, 2)
    assert [w.message for w in result.report.warnings] == [
        "5 comments declared but 2 found "
        "(some may be on other comment pages, held for moderation or deleted)"
    ]


# The whole folder --------------------------------------------------------------------------------
EXPECTED_OUTCOMES = {
    "16-billion-laughs.xml": "failed",
    "16-xxe.xml": "not-a-post",
    "18-empty.html": "skipped",
    "18-png-named.html": "skipped",
}


def test_the_cli_over_the_bad_folder_exits_5_and_reports_every_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.json"
    code = convert(monkeypatch, [BAD], "json", tmp_path / "blog.json", "--report", str(report))
    assert code == ExitCode.PAGES_FAILED == 5
    pages = read_json(report)["pages"]
    outcomes = {Path(page["source"]).name: page["outcome"] for page in pages}
    assert sorted(outcomes) == sorted(path.name for path in BAD.iterdir())
    for name, outcome in outcomes.items():
        assert outcome == EXPECTED_OUTCOMES.get(name, "converted"), name
    for page in pages:
        if page["outcome"] in ("failed", "skipped"):
            assert page["error"].startswith(page["source"] + ": ")
    summary = read_json(report)["summary"]
    assert (summary["pages"], summary["failed"], summary["skipped"]) == (len(pages), 1, 2)
    assert "failed: " in capsys.readouterr().err
    written = read_json(tmp_path / "blog.json")["posts"]
    assert len(written) == summary["converted"]


@pytest.mark.parametrize("fmt", ["json", "wxr", "markdown"])
def test_every_output_of_the_bad_folder_reads_back_strictly(
    fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    assert convert(monkeypatch, [BAD], fmt, target) == ExitCode.PAGES_FAILED
    if fmt == "json":
        posts = read_json(target)["posts"]
        assert all(live_markup(c["content_html"]) == [] for p in posts for c in p["comments"])
        assert len(posts) == 24  # 28 files: a failed feed, a feed of links, an empty file, a PNG
    elif fmt == "wxr":
        items = wxr_posts(target)
        assert len(items) == 24
        assert len({item.post_id for item in items}) == 24
        assert len({item.slug for item in items}) == 24
    else:
        pages = sorted(target.rglob("index.md"))
        assert len(pages) == 24
        for page in pages:
            front_matter, body = split_front_matter(page.read_text(encoding="utf-8"))
            assert front_matter["title"]
            assert live_markup(markdown_to_html(body)) == []


def test_strict_fails_the_bad_folder_only_when_no_page_failed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    warned = [BAD / "28-declared-count.html", BAD / "04-non-ascii-cdata.html"]
    assert convert(monkeypatch, warned, "json", tmp_path / "a.json") == ExitCode.OK
    code = convert(monkeypatch, warned, "json", tmp_path / "b.json", "--strict")
    assert code == ExitCode.STRICT_WARNINGS == 6
    clean = [BAD / "04-non-ascii-cdata.html"]
    assert convert(monkeypatch, clean, "json", tmp_path / "c.json", "--strict") == ExitCode.OK
    assert convert(monkeypatch, [BAD], "json", tmp_path / "d.json", "--strict") == 5


# Exit codes --------------------------------------------------------------------------------------
def readme_exit_codes() -> dict[int, str]:
    """The README's "Exit codes" table, code → meaning."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+?) \|$", section, re.MULTILINE)
    return {int(code): meaning for code, meaning in rows}


def test_the_readme_documents_every_exit_code_and_each_is_distinct() -> None:
    documented = readme_exit_codes()
    assert sorted(documented) == sorted(code.value for code in ExitCode)
    assert len(set(ExitCode)) == len(ExitCode.__members__)  # no alias shares a value
    assert documented[ExitCode.PAGES_FAILED].startswith("some pages failed")
    assert documented[ExitCode.OUTPUT_EXISTS].startswith("the output exists")


def test_each_error_kind_exits_with_its_own_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = BAD / "04-non-ascii-cdata.html"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert convert(monkeypatch, [empty], "json", tmp_path / "none.json") == ExitCode.NO_INPUT
    assert not (tmp_path / "none.json").exists()  # nothing written for nothing read
    missing = tmp_path / "missing.html"
    assert convert(monkeypatch, [missing], "json", tmp_path / "m.json") == ExitCode.NO_INPUT
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "blog.json"
    assert convert(monkeypatch, [page], "json", target) == ExitCode.OUTPUT_FAILED == 7
    assert convert(monkeypatch, [page], "markdown", blocker) == ExitCode.OUTPUT_EXISTS
    assert run_main(["convert", str(page), "--to", "nope"], monkeypatch) == ExitCode.USAGE == 2
    assert convert(monkeypatch, [page], "json", tmp_path / "ok.json") == ExitCode.OK
