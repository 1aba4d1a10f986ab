"""Fuzzing the whole pipeline with Hypothesis: real fixture pages, mutated (truncated, bytes flipped,
nested deep, giant attributes and text nodes, re-encoded, control characters, ``]]>``). Each page may
only give records or a reported page error — never an exception — and the records must come back
unchanged from the JSON and WXR files once those are re-read by strict parsers.

Deterministic and bounded: ``derandomize=True`` (the same examples on every run), a modest
``max_examples``, no deadline (CI machines vary)."""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blogmigrate.exporters import ExportOptions, make_exporter
from blogmigrate.exporters.records import post_dict
from blogmigrate.model import Post, Site
from blogmigrate.pipeline import PipelineOptions, process_page
from blogmigrate.report import Outcome
from blogmigrate.sources import InputFile
from blogmigrate.textsafety import safe_text

from .conftest import PAGES
from .robustness import split_front_matter, wxr_posts

SEEDS = {
    path.relative_to(PAGES).as_posix(): path.read_bytes()
    for path in (
        PAGES / "wordpress" / "seed-twentyten-fr.html",
        PAGES / "blogger" / "classic-comments-block-en.html",
        PAGES / "dotclear" / "dc1-default-latin1-fr.html",
        PAGES / "livejournal" / "s1-talkread-threads-en.html",
        PAGES / "typepad" / "standard-comments-en.html",
    )
}
ENCODINGS = (
    "utf-16",
    "utf-16-be",
    "utf-8-sig",
    "cp1252",
    "latin-1",
    "koi8-r",
    "shift_jis",
    "gb18030",
)
NASTY_TEXT = (
    "]]>",
    "\x00",
    "\x01\x08\x0b\x0c\x1b\x7f",
    "\ufffe\uffff",
    "\u2028\u2029\x85",
    "\r\n\r",
    "&#0;&#x1;&#xd800;&#xfffe;",
    "<![CDATA[x]]>",
    "{{ x }}{% y %}",
    "---\nkey: value\n---",
    "😀\u200d👍🏽",
)
PLAIN_OUTCOMES = {Outcome.CONVERTED, Outcome.SKIPPED, Outcome.FAILED, Outcome.NOT_A_POST}
Mutation = Callable[[bytes], bytes]


def at(data: bytes, fraction: float) -> int:
    return int(len(data) * fraction)


def insert(fraction: float, inserted: bytes) -> Mutation:
    return lambda data: data[: at(data, fraction)] + inserted + data[at(data, fraction) :]


def truncate(fraction: float) -> Mutation:
    return lambda data: data[: at(data, fraction)]


def flip(positions: list[float], value: int) -> Mutation:
    def mutate(data: bytes) -> bytes:
        flipped = bytearray(data)
        for fraction in positions:
            if flipped:
                index = min(at(data, fraction), len(flipped) - 1)
                flipped[index] ^= value
        return bytes(flipped)

    return mutate


def reencode(encoding: str) -> Mutation:
    """The page's text in another encoding; its declared charset (if any) is left as it was."""
    return lambda data: data.decode("utf-8", "replace").encode(encoding, "replace")


def deep_nesting(fraction: float, depth: int, tag: str) -> Mutation:
    return insert(fraction, f"<{tag}>".encode() * depth + b"deep" + f"</{tag}>".encode() * depth)


def giant_attribute(fraction: float, size: int) -> Mutation:
    return insert(fraction, b'<a title="' + b"x" * size + b'" href="/x">giant</a>')


def giant_text(fraction: float, size: int) -> Mutation:
    return insert(fraction, b"<p>" + b"word " * (size // 5) + b"</p>")


def nasty_text(fraction: float, text: str) -> Mutation:
    return insert(fraction, text.encode("utf-8", "surrogatepass"))


def nasty_text_in_text(text: str) -> Mutation:
    """``text`` at the start of every title, heading, paragraph and cite: where records take text."""
    encoded = text.encode("utf-8", "surrogatepass")
    opening = re.compile(rb"<(title|h[1-6]|p|cite|strong|a)\b[^>]*>", re.IGNORECASE)
    return lambda data: opening.sub(lambda match: match.group() + encoded, data)


fractions = st.floats(min_value=0.0, max_value=1.0)
mutations = st.one_of(
    st.builds(truncate, fractions),
    st.builds(flip, st.lists(fractions, min_size=1, max_size=20), st.integers(1, 255)),
    st.builds(reencode, st.sampled_from(ENCODINGS)),
    st.builds(
        deep_nesting, fractions, st.integers(50, 3000), st.sampled_from(["div", "b", "li", "q"])
    ),
    st.builds(giant_attribute, fractions, st.integers(1_000, 300_000)),
    st.builds(giant_text, fractions, st.integers(10_000, 2_000_000)),
    st.builds(
        nasty_text,
        fractions,
        st.one_of(st.sampled_from(NASTY_TEXT), st.text(min_size=1, max_size=40)),
    ),
    st.builds(nasty_text, fractions, st.just("\ud800 lone \udfff surrogates")),
    st.builds(nasty_text_in_text, st.sampled_from(NASTY_TEXT)),
)


def lf(text: str) -> str:
    """What an XML parser returns for text: line ends normalised to LF."""
    return safe_text(text).replace("\r\n", "\n").replace("\r", "\n")


def export(fmt: str, posts: tuple[Post, ...], target: Path) -> None:
    exporter = make_exporter(fmt, ExportOptions(target=str(target)))
    exporter.open(Site(title="Fuzzed", url=None, language=None))
    for post in posts:
        exporter.write(post)
    exporter.close()


def comment_facts(post: Post) -> Counter[tuple[str, str, str, str]]:
    """(author, content, parent's author, parent's content) of every comment of a record."""
    by_id = {comment.id: comment for comment in post.comments}
    facts: Counter[tuple[str, str, str, str]] = Counter()
    for comment in post.comments:
        parent = by_id.get(comment.parent_id or "")
        facts[
            (
                lf(comment.author.name),
                lf(comment.content_html),
                lf(parent.author.name) if parent else "",
                lf(parent.content_html) if parent else "",
            )
        ] += 1
    return facts


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    seed=st.sampled_from(sorted(SEEDS)),
    steps=st.lists(mutations, min_size=1, max_size=3),
)
def test_mutated_pages_give_records_or_a_reported_error_and_round_trip(
    seed: str, steps: list[Mutation]
) -> None:
    data = SEEDS[seed]
    for mutate in steps:
        data = mutate(data)
    result = process_page(InputFile(None, f"fuzzed/{seed}", data=data), PipelineOptions())
    report = result.report
    assert report.outcome in PLAIN_OUTCOMES
    if report.outcome in (Outcome.SKIPPED, Outcome.FAILED):
        assert report.error and report.error.startswith(f"fuzzed/{seed}: ")
        assert result.posts == ()
        return
    posts = result.posts
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        export("json", posts, out / "blog.json")
        document = json.loads((out / "blog.json").read_text(encoding="utf-8"))
        assert document["posts"] == [post_dict(post) for post in posts]

        export("wxr", posts, out / "blog.xml")
        items = wxr_posts(out / "blog.xml")
        assert [item.title for item in items] == [lf(post.title) for post in posts]
        assert [item.content for item in items] == [lf(post.content_html) for post in posts]
        assert [item.excerpt for item in items] == [lf(post.excerpt) for post in posts]
        for item, post in zip(items, posts, strict=True):
            by_id = {comment.id: comment for comment in item.comments}
            written: Counter[tuple[str, str, str, str]] = Counter()
            for comment in item.comments:
                parent = by_id.get(comment.parent)
                assert parent is None or parent.id < comment.id
                written[
                    (
                        comment.author,
                        comment.content,
                        parent.author if parent else "",
                        parent.content if parent else "",
                    )
                ] += 1
            assert written == comment_facts(post)

        export("markdown", posts, out / "site")
        for path in (out / "site").rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            assert isinstance(split_front_matter(text)[0], dict)
        for path in (out / "site").rglob("*.yaml"):
            assert yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_mutations_really_mutate() -> None:
    """The fuzz strategies produce what they claim (an oracle check on the helpers)."""
    page = b"<p>abcdef</p>"
    assert truncate(0.5)(page) == b"<p>abc"
    assert flip([0.0], 1)(page) == b"=p>abcdef</p>"
    assert reencode("utf-16")(page).startswith(b"\xff\xfe<\x00")
    assert deep_nesting(0.0, 2, "b")(page).startswith(b"<b><b>deep</b></b><p>")
    assert len(giant_attribute(1.0, 1000)(page)) == len(page) + 1000 + 31
    assert re.fullmatch(rb"<p>abcdef</p><p>(word ){4}</p>", giant_text(1.0, 20)(page))
    assert nasty_text(0.0, "]]>")(page) == b"]]><p>abcdef</p>"
    assert nasty_text_in_text("]]>")(page + b"<P class=x>") == b"<p>]]>abcdef</p><P class=x>]]>"
