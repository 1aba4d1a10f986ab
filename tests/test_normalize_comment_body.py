"""A comment body read in one walk (normalize/commentbody.py): the same HTML, sanitised HTML, audit
and thread words as the separate steps, and nh3 skipped only where it would change nothing."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from lxml import html

from blogmigrate.normalize import commentbody
from blogmigrate.normalize.commentbody import read_comment_body
from blogmigrate.normalize.html import (
    COMMENT_TAGS,
    SanitizedHtml,
    audit_comment,
    sanitize_comment,
)
from blogmigrate.normalize.threads import thread_text

from .conftest import PAGES, run_page
from .test_normalize_post import fragment

# nh3 gives the first ones back unchanged; the others it rewrites (or html5ever re-nests them).
BODIES = [
    "<p>Merci, très bon article !</p><p>Deuxième<br>ligne</p>",
    "Texte <b>gras</b> <i>it</i> <em>em</em> <strong>fort</strong> <code>x &lt; y &amp;&amp; z</code>",
    "<blockquote>cité</blockquote><p><q>q</q> <cite>c</cite> <del>d</del> <s>s</s> <abbr>a</abbr></p>",
    "<b><b><b><b>four bold</b></b></b></b> 😀 é « ° »",
    "<b><p>a paragraph in bold</p></b>",
    "<p>tabs\tand\nnewlines</p>",
    "<p>\"quoted\" 'single' 1 &lt; 2 &gt; 0 &amp; more</p>",
    "<p>no-break\u00a0space</p>",
    "<p>a comment <!-- hidden --> inside</p>",
    "<p>a processing <?php echo 1 ?> instruction</p>",
    '<p>a <a href="http://example.org/">link</a></p>',
    '<blockquote cite="http://example.org/">with cite</blockquote>',
    '<abbr title="Hypertext">HTML</abbr>',
    '<p class="x">a class</p>',
    "<p>a <span>span</span></p>",
    "<p>a <script>alert(1)</script> script</p>",
    '<p>an emoji <img class="wp-smiley" src="/smilies/icon_smile.gif" alt=":)"> image</p>',
    "<p>&#169; 2010 &nbsp;&eacute;</p>",
    "<ul><li>a list</li></ul>",
]


def nested(outer: str, inner: str) -> html.HtmlElement:
    """A body libxml2's parser would not build (it closes the <p> first) but a tree can hold."""
    body = fragment(f"<{outer}>before </{outer}>")
    paragraph = body[0]
    child = html.Element(inner)
    child.text = "inside"
    child.tail = " after"
    paragraph.append(child)
    return body


@pytest.mark.parametrize("markup", BODIES)
def test_the_sanitised_html_is_what_nh3_gives(markup: str) -> None:
    read = read_comment_body(fragment(markup), None, Counter())
    assert read.safe_html == sanitize_comment(read.html).html


@pytest.mark.parametrize(("outer", "inner"), [("p", "p"), ("p", "blockquote"), ("b", "p")])
def test_paragraphs_inside_paragraphs_go_through_nh3(outer: str, inner: str) -> None:
    read = read_comment_body(nested(outer, inner), None, Counter())
    assert read.safe_html == sanitize_comment(read.html).html
    if outer == "p":  # html5ever closes the outer paragraph: nh3 changes the markup
        assert read.safe_html != read.html


@pytest.mark.spies
def test_every_body_goes_through_nh3_even_a_plain_one(monkeypatch: pytest.MonkeyPatch) -> None:
    cleaned: list[str] = []

    def counting(markup: str) -> SanitizedHtml:
        cleaned.append(markup)
        return sanitize_comment(markup)

    monkeypatch.setattr(commentbody, "sanitize_comment", counting)
    read_comment_body(fragment("<p>Plain <b>words</b>,<br>two &amp; lines</p>"), None, Counter())
    read_comment_body(fragment('<p>a <a href="http://example.org/">link</a></p>'), None, Counter())
    assert len(cleaned) == 2
    read_comment_body(fragment("<p>kept as it is</p>"), None, None)  # sanitising turned off
    assert len(cleaned) == 2


@pytest.mark.parametrize("markup", BODIES)
def test_one_walk_gives_what_the_separate_steps_give(markup: str) -> None:
    found: Counter[str] = Counter()
    read = read_comment_body(fragment(markup), "http://blog.example/post/", found)
    # The walk restored the emoji and made the URLs absolute in the tree; the steps read it again.
    again = fragment(markup)
    read_comment_body(again, "http://blog.example/post/", None)
    assert found == audit_comment(again)
    assert read.thread_text == thread_text(again)


def test_unsanitised_comments_keep_their_html() -> None:
    read = read_comment_body(fragment("<p onclick='x()'>Hi</p>"), None, None)
    assert read.safe_html == read.html == '<p onclick="x()">Hi</p>'


@pytest.mark.parametrize(
    "page", sorted(PAGES.rglob("*.html")), ids=lambda page: page.relative_to(PAGES).as_posix()
)
def test_every_fixture_comment_is_sanitised_as_nh3_does(page: Path) -> None:
    for post in run_page(page).posts:
        for comment in post.comments:
            assert comment.content_html == sanitize_comment(comment.content_html_raw).html


def test_plain_tags_are_allowed_tags_whose_attributes_the_walk_audits() -> None:
    # The walk leaves attribute-less plain tags out of the audit: they must be allowed ones.
    assert commentbody._PLAIN_TAGS <= COMMENT_TAGS


def random_body(chance: random.Random) -> html.HtmlElement:
    """A body of any nesting of the plain tags and a few others (p in p, lists, links...)."""
    tags = [*sorted(commentbody._PLAIN_TAGS), "a", "span", "div", "ul", "li", "td", "h2", "pre"]
    texts = ["x", "y z", " ", "\n", "é", "&", "<", "a b c", "\u00a0"]

    def grow(parent: html.HtmlElement, depth: int) -> None:
        for _ in range(chance.randint(0, 3)):
            child = html.Element(chance.choice(tags))
            child.text = chance.choice(texts) if chance.random() < 0.5 else None
            child.tail = chance.choice(texts) if chance.random() < 0.5 else None
            parent.append(child)
            if depth < 4 and child.tag != "br":
                grow(child, depth + 1)

    body = html.Element("div")
    body.text = chance.choice(texts)
    grow(body, 0)
    return body


def test_random_nestings_are_sanitised_as_nh3_does() -> None:
    chance = random.Random(11)
    for _ in range(2000):
        read = read_comment_body(random_body(chance), None, Counter())
        assert read.safe_html == sanitize_comment(read.html).html
