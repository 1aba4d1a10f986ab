# ruff: noqa: N999  -- the file name (capital B) is the one the issue asked for; pytest does not mind
"""The generic fallback (JSON-LD, microformats, comment lists found by structure), Disqus, and the
platforms whose comments are not in the HTML: detection, forcing, and no false comments."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lxml import etree, html

from blogmigrate.cli import cli
from blogmigrate.page import parse_page
from blogmigrate.pipeline import PipelineOptions
from blogmigrate.scrapers import choose_scraper, hints, jsonld, structure

from .conftest import CORPUS, PAGES, corpus_page, run_page

PLATFORM_FIXTURES = {
    "medium/story-with-tags.html": "medium",
    "tumblr/text-post-with-notes.html": "tumblr",
    "ghost/casper-post.html": "ghost",
    "substack/newsletter-post.html": "substack",
    "squarespace/blog-item.html": "squarespace",
    "squarespace/v5-journal-comments.html": "squarespace",
    "disqus/wordpress-rendered-thread.html": "wordpress",
    "generic/unknown-theme-structure.html": "generic",
}


def _page(markup: str) -> html.HtmlElement:
    return parse_page(markup.encode("utf-8"), "test.html").root


@pytest.mark.parametrize(("fixture", "platform"), sorted(PLATFORM_FIXTURES.items()))
def test_detection_names_the_platform_and_says_why(fixture: str, platform: str) -> None:
    page = parse_page((PAGES / fixture).read_bytes(), fixture)
    scraper, detection = choose_scraper(page)
    assert (scraper.name, detection.platform) == (platform, platform)
    assert detection.reasons and all(reason.strip() for reason in detection.reasons)


def test_detection_reasons_tell_which_markup_was_seen() -> None:
    page = parse_page((PAGES / "ghost/casper-post.html").read_bytes(), "casper")
    _scraper, detection = choose_scraper(page)
    assert detection.reasons[0] == 'generator meta "Ghost 5.42"'
    assert detection.confidence > 0.9


def test_inspect_prints_platform_confidence_and_reasons() -> None:
    result = CliRunner().invoke(cli, ["inspect", str(PAGES / "medium/story-with-tags.html")])
    assert result.exit_code == 0, result.output
    first_line = result.output.splitlines()[0]
    assert first_line.startswith("platform: medium (confidence 0.99")
    assert 'og:site_name "Medium"' in first_line


def test_platform_option_forces_a_scraper() -> None:
    page = str(PAGES / "tumblr/text-post-with-notes.html")
    result = CliRunner().invoke(cli, ["inspect", "--platform", "generic", page])
    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[0]
        == "platform: generic (confidence 1.0: forced with --platform)"
    )


def test_platform_option_rejects_an_unknown_name() -> None:
    page = str(PAGES / "tumblr/text-post-with-notes.html")
    result = CliRunner().invoke(cli, ["inspect", "--platform", "myspace", page])
    assert result.exit_code == 2
    assert "myspace" in result.output


def test_tumblr_notes_are_not_comments_even_for_the_generic_scraper() -> None:
    page = PAGES / "tumblr/text-post-with-notes.html"
    for options in (PipelineOptions(), PipelineOptions(platform="generic")):
        (post,) = run_page(page, options).posts
        assert post.comments == ()
        assert post.title == "On pressing ferns"


def test_disqus_embed_without_rendered_comments_gives_none() -> None:
    (post,) = run_page(PAGES / "disqus/static-embed-only.html").posts
    assert post.comments == ()
    assert post.author is not None and post.author.name == "Rui Costa"


def test_rendered_disqus_thread_replaces_the_platform_comments() -> None:
    result = run_page(PAGES / "disqus/wordpress-rendered-thread.html")
    (post,) = result.posts
    assert [(c.author.name, c.parent_id) for c in post.comments] == [
        ("Nora P.", None),
        ("Sam Keller", post.comments[0].id),
        ("trailmix42", None),
    ]
    assert post.comments[0].author.url == "http://nora.example/"
    assert "server-rendered Disqus comments (#dsq-comments)" in result.report.reasons


def test_structure_finder_skips_widgets_forms_and_related_posts() -> None:
    (post,) = run_page(PAGES / "generic/unknown-theme-structure.html").posts
    assert [c.author.name for c in post.comments] == ["Petra", "Jörg Baumann", "Klaus M."]
    assert post.comments[1].parent_id == post.comments[0].id
    assert all("Absenden" not in c.content_html for c in post.comments)


def test_structure_finder_needs_name_date_and_text() -> None:
    root = _page(
        """<html><body><div id="comments">
        <div class="item"><b>Ann</b> <span>12 March 2014</span><p>First!</p></div>
        <div class="item"><b>Bob</b> <p>No date on this one, so it is not a comment.</p></div>
        <div class="item"><b>Cid</b> <p>Nor on this one.</p></div>
        </div></body></html>"""
    )
    assert structure.find_comment_blocks(root) == []


def test_structure_finder_reads_by_lines_and_said_lines() -> None:
    root = _page(
        """<html><body><ol class="commentlist">
        <li id="c1"><p class="meta">Posted by: Riccardo at <a href="#c1">November 9, 2012 7:49 AM</a></p>
          <div class="text"><p>Negative, and here is why it matters.</p></div></li>
        <li id="c2"><div class="head">Gumba Masta said:</div>
          <div class="comment-content"><p>Homestuck reference?</p></div>
          <div class="foot"><a href="#c2">November 10, 2012 2:00 PM</a></div></li>
        </ol></body></html>"""
    )
    found = structure.find_comment_blocks(root)
    assert [(info.author, info.date_text) for _member, info in found] == [
        ("Riccardo", "November 9, 2012 7:49 AM"),
        ("Gumba Masta", "November 10, 2012 2:00 PM"),
    ]


def test_jsonld_tolerates_cdata_trailing_commas_and_graphs() -> None:
    root = _page(
        """<html><head>
        <script type="application/ld+json">//<![CDATA[
        {"@context": "https://schema.org", "@graph": [
          {"@type": "WebPage", "name": "Home"},
          {"@type": ["BlogPosting"], "headline": "Hello", "keywords": ["a", "b",],},
        ]}
        //]]></script>
        <script type="application/ld+json">{ this is not json </script>
        </head><body></body></html>"""
    )
    article = jsonld.find_article(root)
    assert article is not None
    assert (article["headline"], article["keywords"]) == ("Hello", ["a", "b"])


def test_jsonld_prefers_the_article_with_comments() -> None:
    root = _page(
        """<html><head><script type="application/ld+json">[
        {"@type": "NewsArticle", "headline": "Related story"},
        {"@type": "Article", "headline": "This post", "comment": [{"@type": "Comment", "text": "Hi"}]}
        ]</script></head><body></body></html>"""
    )
    article = jsonld.find_article(root)
    assert article is not None and article["headline"] == "This post"


def test_jsonld_comments_keep_their_thread_and_ids() -> None:
    (post,) = run_page(PAGES / "generic/jsonld-graph-comments.html").posts
    assert [(c.id, c.parent_id, c.author.name) for c in post.comments] == [
        ("41", None, "Tobias"),
        ("43", "41", "Maren Holt"),
        ("44", None, "Ines"),
    ]
    assert post.categories == ("Baking", "Bread")


NO_COMMENT_PAGES = (
    "md-readability-1",
    "md-postlight",
    "md-dokku",
    "tu-readability",
    "tu-dragnet-T16",
    "gh-publikum",
    "sq-befifty",
    "sq-herzundblut",
    "wx-strive",
    "hu-keithjgrant",
    "je-pythonspeed",
    "st-caktus-disqus",
    "s9y-telemedicus",
    "po-nuttynomads",
    "ki-lifehacker",
    "ot-lwn",
    "ot-lmag",
    "ot-newwork",
    "ot-ebb-org",
    "ot-tdiary-takagi",
)


@pytest.mark.skipif(
    not CORPUS.exists(), reason="the shared dev corpus is not beside the repository"
)
@pytest.mark.parametrize("page_id", NO_COMMENT_PAGES)
@pytest.mark.parametrize("platform", [None, "generic"])
def test_pages_without_comments_give_none(page_id: str, platform: str | None) -> None:
    (post,) = run_page(corpus_page(page_id), PipelineOptions(platform=platform)).posts
    assert post.comments == ()


@pytest.mark.skipif(
    not CORPUS.exists(), reason="the shared dev corpus is not beside the repository"
)
@pytest.mark.parametrize(
    ("page_id", "count", "first_author"),
    [
        ("ot-bikehugger", 23, "Tyler Stambaugh"),
        ("ot-oekonomenstimme", 32, "berg2012"),
        ("ot-csmonitor-108", 51, "bytor104"),
        ("sq-highscalability", 3, "José"),
        ("sp-mondediplo", 27, "Anonymous"),  # SPIP "forum": the page says "27 commentaires"
        ("wp-disqus-R892", 98, "tdhurst"),
    ],
)
def test_server_rendered_comments_are_found(page_id: str, count: int, first_author: str) -> None:
    (post,) = run_page(corpus_page(page_id)).posts
    assert len(post.comments) == count
    assert post.comments[0].author.name == first_author


def test_generic_detection_names_the_generator() -> None:
    page = parse_page(
        b'<html><head><meta name="generator" content="Hugo 0.59.1"><title>T</title></head>'
        b"<body><article><h1>T</h1><p>Text.</p></article></body></html>",
        "hugo.html",
    )
    scraper, detection = choose_scraper(page)
    assert scraper.name == "generic"
    assert detection.reasons == (
        "no platform recognised; generic extraction",
        'generator meta "Hugo 0.59.1"',
    )


@pytest.mark.parametrize(
    ("line", "marked", "name"),
    [
        ("By Mary Murray, NBC News", False, "Mary Murray"),
        ("par Didier Roy, 21 juin 2018", False, "Didier Roy"),
        ("Tuesday 15 October 2019 by Bradley M. Kuhn", False, "Bradley M. Kuhn"),
        ("by David Schloss November 5, 2012 · 7:17 PM", False, "David Schloss"),
        (
            "Posted by: Snarki, child of Loki at November 9, 2012 7:49 AM",
            False,
            "Snarki, child of Loki",
        ),
        ("Geschrieben von Jörg Baumann am 14. Mai 2016", False, "Jörg Baumann"),
        ("Hal Posted to News on 10 November 2012", True, "Hal"),
        ("To receive these entries by e-mail, sign up", False, None),
        ("Posted on November 9, 2012", False, None),
    ],
)
def test_bylines_give_the_name_only(line: str, marked: bool, name: str | None) -> None:
    assert structure.name_in_byline(line, bare=marked) == name


def test_anonymous_comments_are_kept_only_beside_signed_ones() -> None:
    signed = _page(
        """<html><body><ul class="forum">
        <li class="forum-fil"><b>Red</b> <div class="nav">(22 juin 2018 @11h29)</div>
          <div class="forum-texte"><p>Un premier avis bien argumenté.</p></div></li>
        <li class="forum-fil"><div class="nav">(22 juin 2018 @11h41)</div>
          <div class="forum-texte"><p>Un avis sans signature.</p></div></li>
        <li class="forum-fil"><b>Cindy</b> <div class="nav">(24 juin 2018 @21h10)</div>
          <div class="forum-texte"><p>Encore un avis signé.</p></div></li>
        </ul></body></html>"""
    )
    assert [info.author for _m, info in structure.find_comment_blocks(signed)] == [
        "Red",
        "",
        "Cindy",
    ]
    unsigned = _page(
        """<html><body><div id="comments">
        <div class="c"><span>12 March 2014</span><p>A dated block of text with words.</p></div>
        <div class="c"><span>13 March 2014</span><p>Another dated block of text.</p></div>
        </div></body></html>"""
    )
    assert structure.find_comment_blocks(unsigned) == []


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # the prefix in its own element, the name in a link: the line is their parent
        (
            '<p class="meta"><span>By</span> <a href="/u/jane">Jane Doe</a>, 21 juin 2018</p>',
            ("Jane Doe", "21 juin 2018"),
        ),
        # a byline that starts after an inline element's white space
        (
            "<div><em>\n  Geschrieben von </em>Jörg Baumann am 14. Mai 2016</div>",
            ("Jörg Baumann", "14. Mai 2016"),
        ),
        # date first, 'by' in the middle: read only because it shows a date
        (
            "<div>Tuesday 15 October 2019 by <b>Bradley Kuhn</b></div>",
            ("Bradley Kuhn", "15 October 2019"),
        ),
        # a comment's byline is not the post's
        ('<div class="comment"><p>By Someone Else on May 2, 2019</p></div>', (None, None)),
        # a long paragraph that happens to start with "By" is no byline
        (f"<p>By {'and then some more words ' * 8}on May 2, 2019</p>", (None, None)),
    ],
)
def test_generic_byline_lines(markup: str, expected: tuple[str | None, str | None]) -> None:
    root = _page(f"<html><head><title>A post</title></head><body>{markup}</body></html>")
    assert hints.byline(root) == expected


def test_generic_byline_lines_are_the_first_five_of_one_parent() -> None:
    lines = "".join(f"<li>By Writer {chr(65 + n)}</li>" for n in range(7))
    root = _page(f"<html><body><ul>{lines}</ul></body></html>")
    found = hints._short_lines(hints._BY_TEXT, root, hints._OutOfPost(hints._OUT_OF_POST_TAGS))
    assert [element.text for element in found] == [f"By Writer {chr(65 + n)}" for n in range(5)]


def test_xpath_white_space_is_ascii_only() -> None:
    # XPath's normalize-space() leaves a no-break space alone; the byline finder reads lines so
    assert structure.xpath_normalised("\n\xa0 By\t Jane \r\n") == "\xa0 By Jane"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x", " a  b ", "\t\ta\r\nb  c \n", "\xa0\u2003 By \u3000Jane\x85", "a\n\n\nb" * 30],
)
def test_xpath_white_space_is_what_libxml2_normalises(text: str) -> None:
    normalize_space = etree.XPath("normalize-space($text)")
    assert structure.xpath_normalised(text) == normalize_space(etree.Element("x"), text=text)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x", " a  b ", "\t\ta\r\nb  c \n", "\xa0\u2003 By \u3000Jane\x85", "a\n\n\nb" * 30],
)
@pytest.mark.parametrize("length", [0, 1, 2, 3, 5, 10, 40, 60, 61])
def test_visible_length_is_a_floor_of_the_normalised_length(text: str, length: int) -> None:
    # the count decides "too long" only when libxml2's normalize-space() is that long too
    normalised = etree.XPath("normalize-space($text)")(etree.Element("x"), text=text)
    reaches = structure.visible_length_reaches(text, length)
    assert reaches == (len(text) - sum(text.count(c) for c in " \t\r\n") >= length)
    assert not reaches or len(normalised) >= length


def test_short_text_of_an_indented_long_element_is_none() -> None:
    # a table layout: the first 600 characters are indentation, the text after them is long
    cell = "<td>" + "\n" + " " * 700 + "By Jane " + "word " * 60 + "</td>"
    root = html.fromstring(f"<html><body><table><tr>{cell}</tr></table></body></html>")
    assert hints._short_text(root.find(".//td"), 150) is None
    short = html.fromstring("<html><body><p>" + " " * 700 + "By Jane</p></body></html>")
    assert hints._short_text(short.find(".//p"), 150) == "By Jane"
