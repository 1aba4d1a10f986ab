"""XSS payloads (tests/data/xss_vectors.txt: OWASP filter-evasion and html5lib-style vectors, plus
Markdown link tricks) through a post body and a comment: no output keeps a running element, an event
handler or a script URL. Outputs are parsed (lxml; Markdown rendered to HTML first), not grepped."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml

from blogmigrate.errors import ExitCode

from .robustness import (
    live_markup,
    markdown_to_html,
    read_json,
    run_main,
    split_front_matter,
    wordpress_page,
    wxr_posts,
)

VECTORS_FILE = Path(__file__).parent / "data" / "xss_vectors.txt"
VECTORS = [
    line
    for line in VECTORS_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two WordPress pages per vector: the vector in the post body, then in a comment (a vector
    may swallow the rest of its page, as it would in a browser, so each place gets its own page)."""
    folder = tmp_path_factory.mktemp("xss") / "pages"
    folder.mkdir()
    for number, vector in enumerate(VECTORS):
        for place, body, comment in (
            ("post", vector, "<p>fine</p>"),
            ("comment", "<p>fine</p>", vector),
        ):
            page = wordpress_page(
                f"Vector {number:03d} in {place}", f"<p>before</p>{body}", comment
            )
            (folder / f"v{number:03d}-{place}.html").write_bytes(page)
    return folder


def convert(monkeypatch: pytest.MonkeyPatch, pages: Path, fmt: str, target: Path) -> None:
    args = ["convert", str(pages), "--to", fmt, "-o", str(target), "-q", "--jobs", "1"]
    if fmt == "markdown":
        args += ["--comments", "inline"]
    assert run_main(args, monkeypatch) == ExitCode.OK


def vector_of(title: str) -> str:
    """The vector a page was made from, by the page's title ("Vector 012 in comment")."""
    return VECTORS[int(title.split()[1])]


def live_by_vector(
    documents: Iterable[tuple[str, str, list[str]]],
) -> dict[str, list[str]]:
    """Live markup found in (title, post HTML, comment HTMLs) documents, by place and vector."""
    live = {}
    for title, post_html, comment_htmls in documents:
        for where, html in [("post", post_html)] + [("comment", c) for c in comment_htmls]:
            if found := live_markup(html):
                live[f"{where}: {vector_of(title)}"] = found
    return live


def test_the_corpus_is_large_and_every_page_converts(
    pages: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert len(VECTORS) >= 100
    target = tmp_path / "blog.json"
    convert(monkeypatch, pages, "json", target)
    posts = read_json(target)["posts"]
    assert sorted(post["title"] for post in posts) == [
        f"Vector {n:03d} in {place}" for n in range(len(VECTORS)) for place in ("comment", "post")
    ]
    in_comments = [post for post in posts if post["title"].endswith("in comment")]
    assert all(len(post["comments"]) == 1 for post in in_comments)


def test_json_content_html_is_inert(
    pages: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "blog.json"
    convert(monkeypatch, pages, "json", target)
    posts = read_json(target)["posts"]
    assert (
        live_by_vector(
            (post["title"], post["content_html"], [c["content_html"] for c in post["comments"]])
            for post in posts
        )
        == {}
    )


def test_wxr_content_and_comments_are_inert(
    pages: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "blog.xml"
    convert(monkeypatch, pages, "wxr", target)
    items = wxr_posts(target)
    assert len(items) == 2 * len(VECTORS)
    assert (
        live_by_vector(
            (item.title, item.content, [comment.content for comment in item.comments])
            for item in items
        )
        == {}
    )


def test_markdown_renders_to_inert_html(
    pages: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    convert(monkeypatch, pages, "markdown", target)
    files = sorted(target.glob("content/posts/*/index.md"))
    assert len(files) == 2 * len(VECTORS)
    live = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        title = split_front_matter(text)[0]["title"]
        if found := live_markup(markdown_to_html(text)):
            live[vector_of(title)] = found
    assert live == {}


def test_markdown_comment_data_files_hold_inert_html(
    pages: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    args = ["convert", str(pages), "--to", "markdown", "-o", str(target), "-q", "--jobs", "1"]
    assert run_main(args, monkeypatch) == ExitCode.OK
    data_files = sorted(target.glob("content/posts/*/comments.yaml"))
    assert len([path for path in data_files if path.parent.name.endswith("-in-comment")]) == len(
        VECTORS
    )
    live = {}
    for path in data_files:
        for comment in yaml.safe_load(path.read_text(encoding="utf-8"))["comments"]:
            if found := live_markup(comment["content_html"]):
                live[path.parent.name] = found
    assert live == {}


def test_the_checker_itself_sees_live_markup() -> None:
    """The oracle must be able to fail: every kind of live markup it looks for is found."""
    assert live_markup('<p onclick="x()">a</p>') == ["<p onclick=>"]
    assert live_markup('<a href=" java\tscript:alert(1)">a</a>') == ["<a href=javascript:>"]
    assert live_markup("<svg><script>alert(1)</script></svg>") == ["<svg>", "<script>"]
    assert live_markup('<img src="data:text/html,x">') == ["<img src=data:>"]
    assert live_markup('<a href="https://ok.example/" rel="nofollow ugc">ok</a>') == []
