"""Body HTML: furniture out, images restored, URLs absolute and unwrapped from the Wayback Machine,
smileys as Unicode, structure kept. Markup is taken from the corpus pages named in each test."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import html

from blogmigrate.normalize.html import clean_body, embed_link, emoji_for_image
from blogmigrate.normalize.urls import absolute_url, unwrap_wayback
from blogmigrate.page import parse_page

from .conftest import python_output

BASE = "http://muffinrezept.net/2010/11/22/schoko-muffins/"


def cleaned(fragment: str, base: str | None = BASE) -> str:
    return clean_body(html.fragment_fromstring(fragment, create_parent="div"), base).html


def test_smiley_and_emoji_images_become_unicode() -> None:
    # wb-wp-muffinrezept: a classic WordPress smiley behind a Wayback "im_" address; then a core emoji.
    fragment = (
        '<p>Lecker <img src="https://web.archive.org/web/20160330101229im_/http://muffinrezept.net/'
        'wp-includes/images/smilies/icon_smile.gif" alt=":-)" class="wp-smiley"/> und '
        '<img src="https://s.w.org/images/core/emoji/11/72x72/1f609.png" alt="😉" class="wp-smiley" '
        'style="height: 1em"/> :D <img src="/wp-includes/images/smilies/icon_biggrin.gif" alt=":D" '
        'class="wp-smiley"/></p>'
    )
    assert cleaned(fragment) == "<p>Lecker 🙂 und 😉 :D 😀</p>"


@pytest.mark.parametrize(
    ("src", "alt", "expected"),
    [
        ("http://blog.example/wp-includes/images/smilies/icon_wink.gif", ";)", "😉"),
        ("https://s.w.org/images/core/emoji/2.2.1/svg/1f1eb-1f1f7.svg", "🇫🇷", "🇫🇷"),
        ("http://blog.example/images/smilies/unknown-face.gif", ":-/", ":-/"),
    ],
)
def test_emoji_for_image(src: str, alt: str, expected: str) -> None:
    assert emoji_for_image(src, alt) == expected


def test_jetpack_lazy_image_gets_its_real_srcset() -> None:
    # wp-lapresse-tn: a real src, a data: placeholder srcset, the real one in data-lazy-srcset.
    fragment = (
        '<p>x</p><img width="320" height="220" src="https://i1.wp.com/lapresse.tn/wp-content/uploads/'
        '2019/05/violence-femme.jpg?resize=320%2C220&amp;ssl=1" class="jetpack-lazy-image" alt="" '
        'data-lazy-srcset="https://i1.wp.com/lapresse.tn/a.jpg?resize=320 320w, '
        'https://i1.wp.com/lapresse.tn/a.jpg?zoom=2 640w" data-lazy-src="https://i1.wp.com/lapresse.tn/'
        'a.jpg?resize=320&amp;is-pending-load=1" srcset="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP'
        '///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" />'
    )
    assert cleaned(fragment) == (
        '<p>x</p><img width="320" height="220" src="https://i1.wp.com/lapresse.tn/wp-content/uploads/'
        '2019/05/violence-femme.jpg?resize=320%2C220&amp;ssl=1" alt="" srcset="https://i1.wp.com/'
        'lapresse.tn/a.jpg?resize=320 320w, https://i1.wp.com/lapresse.tn/a.jpg?zoom=2 640w">'
    )


def test_lazy_placeholder_takes_data_src_and_drops_pending_marker() -> None:
    fragment = (
        '<img src="data:image/gif;base64,R0lGOD" data-lazy-src="https://i1.wp.com/lapresse.tn/a.jpg?'
        'resize=320&amp;is-pending-load=1" alt="Chokri Gharbi">'
    )
    assert cleaned(fragment) == (
        '<img src="https://i1.wp.com/lapresse.tn/a.jpg?resize=320" alt="Chokri Gharbi">'
    )


def test_noscript_copy_replaces_the_placeholder_before_it() -> None:
    fragment = (
        '<p>Intro</p><img src="/wp-content/themes/x/blank.gif" data-src="/uploads/kuchen.jpg" '
        'alt="Kuchen"><noscript><img src="/uploads/kuchen.jpg" alt="Kuchen"></noscript>'
    )
    assert cleaned(fragment) == (
        '<p>Intro</p><img src="http://muffinrezept.net/uploads/kuchen.jpg" alt="Kuchen">'
    )


def test_noscript_only_image_is_kept_and_srcset_gives_a_missing_src() -> None:
    fragment = (
        '<noscript><img src="/uploads/only.jpg" alt="Only"></noscript>'
        '<img srcset="/b-300.jpg 300w, /b-1024.jpg 1024w" alt="b">'
    )
    assert cleaned(fragment) == (
        '<img src="http://muffinrezept.net/uploads/only.jpg" alt="Only">'
        '<img srcset="http://muffinrezept.net/b-300.jpg 300w, http://muffinrezept.net/b-1024.jpg '
        '1024w" alt="b" src="http://muffinrezept.net/b-1024.jpg">'
    )


def test_share_like_and_related_widgets_are_removed_captions_become_figures() -> None:
    # Jetpack sharing/likes/related posts and YARPP as the corpus WordPress pages print them.
    fragment = (
        '<p>Text</p><div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent '
        'sd-block sd-social"><h3 class="sd-title">Share this:</h3><ul><li><a href="/?share=twitter">'
        'Twitter</a></li></ul></div></div><div class="sharedaddy sd-block sd-like '
        'jetpack-likes-widget-wrapper"><h3 class="sd-title">Like this:</h3></div>'
        '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">'
        '<em>Related</em></h3></div><div class="yarpp-related"><h3>Related posts:</h3><ol><li>'
        '<a href="/x">X</a></li></ol></div><div class="wp-caption aligncenter" style="width: 510px">'
        '<img src="http://farm8.staticflickr.com/7263/7430430040_128c00ff35.jpg" alt="" width="500" '
        'height="375" /><p class="wp-caption-text">Hour 2 of 5 at the doctor&#8217;s office.</p></div>'
        '<div id="respond" class="comment-respond"><h3>Leave a Reply</h3></div>'
    )
    assert cleaned(fragment) == (
        '<p>Text</p><figure><img src="http://farm8.staticflickr.com/7263/7430430040_128c00ff35.jpg" '
        'alt="" width="500" height="375"><figcaption>Hour 2 of 5 at the doctor’s office.</figcaption>'
        "</figure>"
    )


def test_a_furniture_name_on_the_main_content_does_not_remove_it() -> None:
    text = "Ein langer Absatz über Muffins. " * 20
    fragment = f'<div class="entry share-enabled"><p>{text.strip()}</p></div>'
    assert text.strip() in cleaned(fragment)


def test_scripts_forms_trackers_and_empty_wrappers_go_embeds_become_links() -> None:
    fragment = (
        '<p>Video:</p><iframe allowfullscreen="" frameborder="0" height="270" '
        'src="https://www.youtube.com/embed/zMy5BNoUMhM" width="480"></iframe>'
        "<script>var x=1;</script><style>p{}</style>"
        '<form action="/wp-comments-post.php"><input name="author"></form>'
        '<img border="0" alt="" width="1" src="https://www.paypal.com/en_US/i/scr/pixel.gif" height="1"/>'
        '<img src="http://www.linkwithin.com/pixel.png" alt="Related Posts Plugin" style="border: 0" />'
        '<img src="http://stats.wordpress.com/b.gif?host=x" alt="">'
        '<div><span> </span></div><p></p><p onclick="steal()">Ende</p>'
    )
    assert cleaned(fragment) == (
        '<p>Video:</p><p><a href="https://www.youtube.com/watch?v=zMy5BNoUMhM">'
        "https://www.youtube.com/watch?v=zMy5BNoUMhM</a></p><p>Ende</p>"
    )


def test_embedly_player_links_to_the_original_video() -> None:
    # md-readability-*: Medium wraps YouTube in an embed.ly iframe that names the watch page.
    source = (
        "https://cdn.embedly.com/widgets/media.html?src=https%3A%2F%2Fwww.youtube.com%2Fembed%2F"
        "IAoy3ia2ivI&url=http%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DIAoy3ia2ivI&type=text%2Fhtml"
    )
    assert embed_link(source) == "http://www.youtube.com/watch?v=IAoy3ia2ivI"
    assert embed_link("//player.vimeo.com/video/76979871") == "https://vimeo.com/76979871"


def test_structure_is_kept_and_links_made_absolute_and_unwrapped() -> None:
    fragment = (
        "<h2>Zutaten</h2><ul><li>200 g Mehl</li></ul><blockquote><p>Zitat</p></blockquote>"
        '<pre><code class="language-python">print(1)</code></pre><table><tr><th>a</th><td>b</td></tr>'
        '</table><p><a href="https://web.archive.org/web/20160820205919/http://www.medialepfade.de/'
        'ueberuns/">Über uns</a> <a href="/web/20160820205919/http://www.medialepfade.de/impressum/">'
        'Impressum</a> <a href="../kontakt/">Kontakt</a></p>'
    )
    assert cleaned(fragment) == (
        "<h2>Zutaten</h2><ul><li>200 g Mehl</li></ul><blockquote><p>Zitat</p></blockquote>"
        '<pre><code class="language-python">print(1)</code></pre><table><tbody><tr><th>a</th>'
        '<td>b</td></tr></tbody></table><p><a href="http://www.medialepfade.de/ueberuns/">Über uns</a>'
        ' <a href="http://www.medialepfade.de/impressum/">Impressum</a> '
        '<a href="http://muffinrezept.net/2010/11/22/kontakt/">Kontakt</a></p>'
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://web.archive.org/web/20160820205919/http://www.medialepfade.de/",
            "http://www.medialepfade.de/",
        ),
        (
            "https://web.archive.org/web/20160330101229im_/http://muffinrezept.net/a.gif",
            "http://muffinrezept.net/a.gif",
        ),
        ("//web.archive.org/web/2013*/the-pain.net/", "http://the-pain.net/"),
        ("http://www.medialepfade.de/", "http://www.medialepfade.de/"),
    ],
)
def test_wayback_addresses_unwrap_to_the_original(url: str, expected: str) -> None:
    assert unwrap_wayback(url) == expected


def test_relative_wayback_links_resolve_to_the_original() -> None:
    base = "https://web.archive.org/web/20130307194448/http://the-pain.net/2008/05/x.html"
    assert absolute_url("/web/20130307194448/http://the-pain.net/", base) == "http://the-pain.net/"


WAYBACK_COPY = b"""<html><head><script src="//archive.org/includes/analytics.js"></script>
<script>__wm.wombat("http://the-pain.net:80/2008/05/silkroad.html","20130307194448",
"https://web.archive.org/","web","/_static/");</script></head><body>
<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id="wm-ipp-base"><div id="wm-ipp">toolbar</div></div>
<!-- END WAYBACK TOOLBAR INSERT -->
<div id="wm-ipp-print">The Wayback Machine - https://web.archive.org/web/20130307194448/</div>
<article><p>Silkroad Quests</p></article></body></html>
<!--
     FILE ARCHIVED ON 19:44:48 Mar 07, 2013 AND RETRIEVED FROM THE
     INTERNET ARCHIVE ON 21:03:10 Jan 01, 2020.
-->"""


def test_wayback_toolbar_is_stripped_and_the_capture_is_known() -> None:
    page = parse_page(WAYBACK_COPY, "wb.html")
    assert page.root.xpath("//*[starts-with(@id, 'wm-ipp')]") == []
    assert "toolbar" not in page.root.text_content()
    assert "Silkroad Quests" in page.root.text_content()
    assert page.capture_time == datetime(2013, 3, 7, 19, 44, 48, tzinfo=UTC)
    assert page.saved_from_url == "http://the-pain.net/2008/05/silkroad.html"


def test_an_ordinary_page_linking_to_the_archive_is_not_a_wayback_copy() -> None:
    data = (
        b'<html><body><div id="wm-ipp">kept</div><a href="https://web.archive.org/web/'
        b'20100101000000/http://x.example/">old</a></body></html>'
    )
    page = parse_page(data, "plain.html", mtime=0.0)
    assert page.capture_time == datetime(1970, 1, 1, tzinfo=UTC)
    assert "kept" in page.root.text_content()


def test_saved_from_url_comment_names_the_page() -> None:
    data = (
        b"<!DOCTYPE html>\n<!-- saved from url=(0057)https://lapresse.tn/49080/investissement-"
        b"les-pays/ -->\n<html><body><p>x</p></body></html>"
    )
    page = parse_page(data, "saved.html", mtime=1_582_000_000.0)
    assert page.saved_from_url == "https://lapresse.tn/49080/investissement-les-pays/"
    assert page.capture_time == datetime(2020, 2, 18, 4, 26, 40, tzinfo=UTC)


def test_trackers_emoji_and_links_settled_in_one_walk_keep_the_text_in_place() -> None:
    fragment = (
        '<p>A<img src="http://stats.wordpress.com/b.gif" alt="">B<img class="wp-smiley" alt=":)" '
        'src="/wp-includes/images/smilies/icon_wink.gif">C<a href="../x">D</a>'
        '<img width="1" height="1" src="/p.gif">E<img src="/cat.jpg" alt="cat">F</p>'
    )
    assert cleaned(fragment) == (
        '<p>AB😉C<a href="http://muffinrezept.net/2010/11/22/x">D</a>E'
        '<img src="http://muffinrezept.net/cat.jpg" alt="cat">F</p>'
    )


def test_wrappers_without_words_or_media_go_innermost_first() -> None:
    fragment = (
        "<div> <span> </span><div>\n<p> </p></div></div>"  # nothing inside: all of it goes
        "<div> <div><span> <b>Wort</b></span></div></div>"  # words deep inside: all kept
        '<section> <div> <img src="/a.png" alt=""></div></section>'  # media: kept
        "<div> <ul><li>Punkt</li></ul> <p> </p></div>"  # words in a list: the empty <p> goes
    )
    assert cleaned(fragment) == (
        "<div> <div><span> <b>Wort</b></span></div></div>"
        '<section> <div> <img src="http://muffinrezept.net/a.png" alt=""></div></section>'
        "<div> <ul><li>Punkt</li></ul> </div>"
    )


_FURNITURE_TOKENS = """
from blogmigrate.normalize.html import _is_furniture_token
tokens = ["share" + "_x" * 60 + "!", "x" + "_x" * 60 + "_social" + "_x" * 60 + "!", "share_x-y_z"]
print(*(_is_furniture_token(token) for token in tokens))
"""


def test_a_class_token_of_many_parts_is_judged_at_once() -> None:
    """``share_x_x…_x!`` (60 parts) is not a share button's class, and saying so took 2**60 steps:
    ``\\w`` holds ``_``, and the pattern tried every way of splitting the parts before giving up."""
    assert python_output(_FURNITURE_TOKENS, timeout=60).split() == ["False", "False", "True"]
