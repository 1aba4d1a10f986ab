"""Safety: comment HTML sanitised with the allowlist of hazards row 6 and every removal reported;
characters no output format can hold replaced by U+FFFD at the record boundary and counted (rows 2–3)."""

from __future__ import annotations

from collections import Counter

import pytest
from lxml import html

from blogmigrate.model import Person
from blogmigrate.normalize.html import audit_comment, describe_removed, sanitize_comment
from blogmigrate.textsafety import count_unsafe, safe_record, safe_text

from .test_normalize_post import blank_page, normalize, raw_comment, raw_post


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Merci !<script>alert(document.cookie)</script></p>", "<p>Merci !</p>"),
        ('<p onclick="steal()">Bien d’accord avec toi.</p>', "<p>Bien d’accord avec toi.</p>"),
        ('<a href="javascript:alert(1)">clic</a>', '<a rel="nofollow ugc">clic</a>'),
        (
            '<a href="data:text/html,&lt;script&gt;x&lt;/script&gt;">x</a>',
            '<a rel="nofollow ugc">x</a>',
        ),
        ('<iframe src="https://evil.example/"></iframe><p>ok</p>', "<p>ok</p>"),
        ("<svg><script>alert(1)</script></svg>texte", "texte"),
        ('<img src="x" onerror="alert(1)">Hello', "Hello"),
        (
            '<a href="http://thelifelist.fr" title="TheLifeList">thelifelist.fr</a>',
            '<a href="http://thelifelist.fr" title="TheLifeList" rel="nofollow ugc">thelifelist.fr</a>',
        ),
        (
            "<blockquote>Curiosité</blockquote><p><em>réelle</em> <code>x</code> <del>y</del><br>z</p>",
            "<blockquote>Curiosité</blockquote><p><em>réelle</em> <code>x</code> <del>y</del><br>z</p>",
        ),
    ],
)
def test_comment_allowlist(raw: str, expected: str) -> None:
    assert sanitize_comment(raw).html == expected


def test_audit_counts_what_the_sanitizer_removes() -> None:
    body = html.fragment_fromstring(
        '<div><p class="c" onclick="x()">Hi <span style="color:red">there</span>'
        '<script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        '<a href="http://ok.example/" class="url">ok</a></p></div>'
    )
    found = audit_comment(body)
    assert found == Counter(
        {"class=": 2, "onclick=": 1, "<span>": 1, "style=": 1, "<script>": 1, "javascript: URL": 1}
    )
    assert describe_removed(found) == (
        "3 unsafe (<script> ×1, javascript: URL ×1, onclick= ×1); "
        "4 formatting (<span> ×1, class= ×2, style= ×1)"
    )


def test_comments_sanitised_by_default_raw_kept_and_reported() -> None:
    page = blank_page()
    comment = raw_comment(
        "Axel", '<p onmouseover="x()">@Julien : Hello<script>steal()</script></p>'
    )
    post = normalize(raw_post(comment), page)
    assert post.comments[0].content_html == "<p>@Julien : Hello</p>"
    assert post.comments[0].content_html_raw == (
        '<p onmouseover="x()">@Julien : Hello<script>steal()</script></p>'
    )
    assert [(w.code, w.message) for w in page.warnings] == [
        ("sanitized", "removed from comment HTML: 2 unsafe (<script> ×1, onmouseover= ×1)"),
        ("undated-comments", "1 comment(s) without a readable date"),
    ]


def test_trusted_comments_are_kept_as_they_were() -> None:
    page = blank_page()
    comment = raw_comment("Axel", '<p class="quote"><span>Hello</span></p>')
    post = normalize(raw_post(comment), page, sanitize_comments=False)
    assert post.comments[0].content_html == '<p class="quote"><span>Hello</span></p>'
    assert "sanitized" not in [w.code for w in page.warnings]


@pytest.mark.parametrize(
    ("text", "expected", "count"),
    [
        ("Bien d’accord\x0b avec toi", "Bien d’accord\ufffd avec toi", 1),
        ("tab\tLF\nCR\r kept", "tab\tLF\nCR\r kept", 0),
        ("\x00\x08\x1f", "\ufffd\ufffd\ufffd", 3),
        ("non\ufffecharacters\uffff", "non\ufffdcharacters\ufffd", 2),
        ("lone \udce9 surrogate", "lone \ufffd surrogate", 1),
    ],
)
def test_safe_text(text: str, expected: str, count: int) -> None:
    assert safe_text(text) == expected
    assert count_unsafe(text) == count


def test_safe_record_walks_nested_records_and_reuses_clean_ones() -> None:
    clean = Person(name="Daniel Lemire", url="https://lemire.me/en/")
    assert safe_record(clean) == (clean, 0)
    dirty = Person(name="Thomas\x07 Müller Graf", url="http://h2database.com")
    assert safe_record(dirty) == (
        Person(name="Thomas\ufffd Müller Graf", url="http://h2database.com"),
        1,
    )
    # A record whose strings are all clean but for one deep inside a tuple of records.
    nested = Person(name="Ann", url=None), ("tag", Person(name="Bob", avatar="http://a/\udce9"))
    assert safe_record(nested) == (
        (Person(name="Ann"), ("tag", Person(name="Bob", avatar="http://a/\ufffd"))),
        1,
    )


def test_every_string_field_is_made_safe_and_counted() -> None:
    page = blank_page()
    comment = raw_comment("wmu\x1b", "<p>Daniel, you wrote \x0c“[JSON for Modern C++]”</p>")
    raw = raw_post(comment, title="JSON parsing\x00: simdjson", categories=("C\ufffe++",))
    post = normalize(raw, page)
    assert post.title == "JSON parsing\ufffd: simdjson"
    assert post.categories == ("C\ufffd++",)
    assert post.comments[0].author.name == "wmu\ufffd"
    assert post.comments[0].content_html == "<p>Daniel, you wrote \ufffd“[JSON for Modern C++]”</p>"
    unsafe = [w.message for w in page.warnings if w.code == "unsafe-characters"]
    # title, category, author name, and the form feed in both the safe and the raw comment HTML
    assert unsafe == [
        "5 control or non-character code point(s) replaced by U+FFFD "
        "(counted in every field that held one, the raw comment HTML included)"
    ]
