"""Body and comment HTML: cleaned of page furniture, restored (lazy images, emoji), made absolute, safe.

Post bodies keep their structure (headings, lists, quotes, code, tables, figures); comments keep the
small allowlist of ../docs/hazards.md row 6. Both go through nh3, so no script, event handler or
``javascript:`` URL survives.
"""

from __future__ import annotations

import html as html_text
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import cast
from urllib.parse import parse_qs, urlsplit

import nh3
from lxml import etree, html
from lxml.html import HtmlElement

from ..xpath import element_text, xpath_as_written
from .urls import absolute_url, url_scheme

COMMENT_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "cite",
        "code",
        "del",
        "em",
        "i",
        "p",
        "q",
        "s",
        "strike",
        "strong",
    ]
)
COMMENT_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
POST_TAGS = COMMENT_TAGS | frozenset(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "pre",
        "figure",
        "figcaption",
        "img",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "hr",
        "sub",
        "sup",
        "u",
        "mark",
        "small",
        "span",
        "div",
        "section",
        "article",
        "aside",
        "details",
        "summary",
        "kbd",
        "samp",
        "var",
        "ins",
        "time",
        "audio",
        "video",
        "source",
        "picture",
    ]
)
POST_ATTRIBUTES: dict[str, set[str]] = {
    **COMMENT_ATTRIBUTES,
    "img": {"src", "srcset", "alt", "title", "width", "height"},
    "source": {"src", "srcset", "type", "media"},
    "audio": {"src", "controls"},
    "video": {"src", "controls", "poster", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "pre": {"class"},
    "code": {"class"},
    "*": {"lang", "dir"},
}
SAFE_URL_SCHEMES = {"http", "https", "mailto"}
_REMOVED_ALWAYS = (
    "script", "style", "noscript", "form", "input", "button", "select", "textarea", "template",
    "link", "meta", "svg", "canvas",
)  # fmt: skip
_EMBEDS = ("iframe", "embed", "object")
# The tags whose URLs are made absolute.
LINKING_TAGS = frozenset(("a", "img", "source", "video", "audio"))
_EMOJI_CLASSES = frozenset(("emoji", "wp-smiley", "smiley", "wp-emoji"))
_LAZY_SRC = ("data-lazy-src", "data-src", "data-original", "data-orig-file", "data-large-file")
_LAZY_SRCSET = ("data-lazy-srcset", "data-srcset")
# Page furniture that themes and plugins put inside post bodies, matched against every class and id
# token: share/like buttons, related posts, ads, subscription boxes, comment forms.
# A run of ``[-_]\w+`` is never given back (``*+``): ``\w`` holds ``_``, so a token of many
# ``_x`` that fails at its end (``share_x_x…_x!``) was tried split every way, twice the time for
# each ``_x`` more (22: 0.2 s).
FURNITURE_PATTERNS = (
    r"share(?:[-_]\w+)*+", r"sharing(?:[-_]\w+)*+", r"sharedaddy", r"sd-(?:sharing|like|social)\S*",
    r"social(?:[-_]\w+)*+", r"\w+[-_]social(?:[-_]\w+)*+", r"addtoany\S*", r"a2a_\S+", r"addthis\S*",
    r"shareaholic\S*", r"ssba\S*", r"sociable\S*", r"tweetmeme\S*", r"fb-(?:like|share)\S*",
    r"twitter-(?:share|follow)\S*", r"g-plusone", r"pin-?it\S*",
    r"jp-relatedposts\S*", r"related(?:[-_]\w+)*+", r"\w+[-_]related(?:[-_]\w+)*+", r"yarpp\S*",
    r"crp_related\S*", r"wpl-likebox", r"post-likes?\S*", r"like-button\S*", r"wp-likes?\S*",
    r"ads?", r"ad[-_]\w+", r"\w+[-_]ads?", r"adsbygoogle", r"advert\S*", r"adsense\S*", r"sponsor\S*",
    r"comment-respond", r"respond", r"comment-form\S*", r"reply-form", r"newsletter\S*",
    r"subscribe(?:[-_]\w+)*+", r"mc4wp\S*", r"jetpack_subscription\S*", r"printfriendly\S*",
    r"wm-ipp\S*",
)  # fmt: skip
_FURNITURE = re.compile("|".join(f"(?:{pattern})" for pattern in FURNITURE_PATTERNS), re.I)
# WordPress's classic smiley files and what they stand for.
SMILEY_FILES = {
    "icon_smile": "🙂", "simple-smile": "🙂", "icon_wink": "😉", "icon_biggrin": "😀",
    "icon_sad": "🙁", "frownie": "🙁", "icon_razz": "😛", "icon_eek": "😮", "icon_surprised": "😯",
    "icon_cool": "😎", "icon_lol": "😆", "icon_mad": "😡", "icon_confused": "😕",
    "icon_neutral": "😐", "icon_cry": "😥", "icon_redface": "😳", "icon_evil": "😈",
    "icon_twisted": "👿", "icon_rolleyes": "🙄", "rolleyes": "🙄", "icon_exclaim": "❗",
    "icon_question": "❓", "icon_idea": "💡", "icon_arrow": "➡", "icon_mrgreen": "😁",
}  # fmt: skip
_SMILEY_FILE = re.compile(r"/([\w-]+)\.(?:gif|png|svg)(?:$|\?)", re.I)
_CODEPOINT_FILE = re.compile(r"/((?:[0-9a-f]{4,6})(?:-[0-9a-f]{4,6})*)\.(?:png|svg)(?:$|\?)", re.I)
_YOUTUBE_EMBED = re.compile(
    r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/(?:embed|v)/([\w-]{6,})"
)
_VIMEO_EMBED = re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)")
_EMBED_PROXY = re.compile(r"^(?:https?:)?//cdn\.embedly\.com/widgets/media\.html\?")  # Medium…
_CAPTIONED = xpath_as_written(
    "descendant::div[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption ')]"
)
# What the comment sanitizer takes out because it can run code or fetch from elsewhere; everything
# else it drops is formatting (class, style, span, font, img…).
_UNSAFE_TAGS = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "link",
        "meta",
        "base",
        "noscript",
        "template",
    ]
)
_NO_ATTRIBUTES: frozenset[str] = frozenset()
_RAW_TEXT_TAGS = frozenset(("script", "style"))  # libxml2 writes their text unescaped
_URL_ATTRIBUTES = ("href", "src", "cite", "action", "formaction", "data", "poster")
_PENDING_LOAD = re.compile(r"[?&]is-pending-load=1(?=&|$)")  # Jetpack's lazy-load marker
_EMPTY_WRAPPERS = ("div", "span", "section", "p", "font", "center")
_MEDIA_TAGS = ("img", "video", "audio", "br", "hr", "table")  # what keeps a wrapper without words
_WITH_CLASS_OR_ID = xpath_as_written("descendant::*[@class != '' or @id != '']")
_CLASS_AND_ID_VALUES = xpath_as_written(
    "descendant::*/@class | descendant::*/@id", smart_strings=False
)


@dataclass(frozen=True, slots=True)
class ScreenedPattern:
    """A case-insensitive pattern that cannot match text without one of its lowercase ``markers``:
    ASCII text that holds none is answered without the pattern (an alternation with no common
    literal makes the regex engine try every branch at every position of a URL)."""

    pattern: re.Pattern[str]
    markers: tuple[str, ...]

    def search(self, text: str) -> bool:
        # Non-ASCII text always goes to the pattern: IGNORECASE folds "ſ", "ı", "K" (Kelvin) onto
        # ASCII letters, which lower() does not.
        if text.isascii():
            lowered = text.lower()
            for marker in self.markers:  # a loop: half the cost of any() over a generator
                if marker in lowered:
                    break
            else:
                return False
        return self.pattern.search(text) is not None


_EMOJI_IMAGE = ScreenedPattern(
    re.compile(r"/(?:smilies|emoji|smileys?)/|s\.w\.org/images/core/emoji", re.I),
    ("/smil", "/emoji/", "s.w.org/images/core/emoji"),
)
_TRACKER = ScreenedPattern(
    re.compile(
        r"stats\.wordpress\.com|feeds\.feedburner\.com/~r|/b\.gif|pixel\.|/pixel|doubleclick|"
        r"google-analytics|quantserve|scorecardresearch|/~ff/",
        re.I,
    ),
    ("stats.wordpress.com", "feeds.feedburner.com/~r", "/b.gif", "pixel", "doubleclick",
     "google-analytics", "quantserve", "scorecardresearch", "/~ff/"),
)  # fmt: skip
_PLACEHOLDER = ScreenedPattern(
    re.compile(r"^data:|/(?:blank|spacer|lazy|placeholder|grey|loading)[^/]*\.(?:gif|png)", re.I),
    ("data:", "/blank", "/spacer", "/lazy", "/placeholder", "/grey", "/loading"),
)


@dataclass(frozen=True, slots=True)
class SanitizedHtml:
    """HTML that went through nh3 with an allowlist (what it removed is counted by `audit_comment`)."""

    html: str


def inner_html(element: HtmlElement) -> str:
    """The element's content as a UTF-8-safe string (never lxml's default ASCII entities)."""
    if element.tag not in _RAW_TEXT_TAGS:
        # One serialisation of the element without its own tags (one call instead of one per
        # child). Its start tag ends at the first ">": attribute values have theirs escaped.
        whole = etree.tostring(element, encoding="unicode", method="html", with_tail=False)
        end_tag = f"</{element.tag}>"
        if whole.endswith(end_tag):  # not a void element (<br> drops any content it holds)
            return whole[whole.index(">") + 1 : -len(end_tag)].strip()
    parts = [html_text.escape(element.text, quote=False) if element.text else ""]
    parts.extend(
        etree.tostring(child, encoding="unicode", method="html", with_tail=True)
        for child in element
    )
    return "".join(parts).strip()


def emoji_character(image: HtmlElement) -> str:
    """The character an ``<img>`` stands for when it is an emoji or smiley image, else ""."""
    classes = set((image.get("class") or "").split())
    src = image.get("src") or image.get("data-src") or ""
    if classes & _EMOJI_CLASSES or _EMOJI_IMAGE.search(src):
        return emoji_for_image(src, image.get("alt") or "")
    return ""


def emoji_for_image(src: str, alt: str) -> str:
    """The character an emoji or smiley image shows: from its file name (``icon_wink.gif``,
    ``1f642.png``), else its alt text (which WordPress sets to the emoji or the typed ``:-)``)."""
    named = _SMILEY_FILE.search(src)
    if named and named.group(1).lower() in SMILEY_FILES:
        return SMILEY_FILES[named.group(1).lower()]
    codepoints = _CODEPOINT_FILE.search(src)
    if codepoints:
        try:
            return "".join(chr(int(part, 16)) for part in codepoints.group(1).split("-"))
        except ValueError:
            pass
    return alt.strip()


def restore_lazy_images(element: HtmlElement) -> None:
    """Lazy-loaded images get their real ``src``/``srcset`` back, and ``<noscript>`` copies theirs."""
    _restore_noscript_images(element)
    for image in element.iter("img", "source"):
        # Each attribute is read once and followed through the writes (no read-back).
        src = image.get("src") or ""
        unusable = not src or _PLACEHOLDER.search(src)
        if unusable:
            for attribute in _LAZY_SRC:
                lazy = image.get(attribute)
                if lazy:
                    src = _PENDING_LOAD.sub("", lazy)
                    image.set("src", src)
                    unusable = not src or _PLACEHOLDER.search(src)
                    break
        srcset = image.get("srcset") or ""
        if srcset and _PLACEHOLDER.search(srcset):
            del image.attrib["srcset"]
            srcset = ""
        if not srcset:
            for attribute in _LAZY_SRCSET:
                lazy = image.get(attribute)
                if lazy:
                    srcset = lazy
                    image.set("srcset", srcset)
                    break
        if unusable and srcset and image.tag == "img":
            image.set("src", _largest_candidate(srcset))


def _restore_noscript_images(element: HtmlElement) -> None:
    """``<img data-src=x><noscript><img src=x></noscript>``: the noscript image replaces a placeholder
    right before it, or stays when the page shows it nowhere else."""
    for noscript in list(element.iter("noscript")):
        images = list(noscript.iter("img"))
        parent = noscript.getparent()
        if not images or parent is None:
            continue
        previous = noscript.getprevious()
        if previous is not None and previous.tag == "img" and _is_placeholder(previous):
            previous.drop_tree()
        elif any(_image_shown_elsewhere(element, image, noscript) for image in images):
            continue
        noscript.drop_tag()


def _is_placeholder(image: HtmlElement) -> bool:
    src = image.get("src") or ""
    return not src or _PLACEHOLDER.search(src) or any(image.get(a) for a in _LAZY_SRC)


def _image_shown_elsewhere(root: HtmlElement, image: HtmlElement, noscript: HtmlElement) -> bool:
    wanted = image.get("src")
    for other in root.iter("img"):
        if other is image or noscript in other.iterancestors():
            continue
        # Compared one by one: mypyc cannot compile a starred generator inside a tuple.
        if wanted and (
            wanted == other.get("src") or any(wanted == other.get(a) for a in _LAZY_SRC)
        ):
            return True
    return False


def _largest_candidate(srcset: str) -> str:
    """The widest image of a ``srcset`` ("a.jpg 300w, b.jpg 1024w" → b.jpg)."""
    best, best_width = "", -1.0
    for candidate in srcset.split(","):
        parts = candidate.strip().split()
        if not parts:
            continue
        descriptor = parts[1] if len(parts) > 1 else "1x"
        try:
            width = float(descriptor[:-1])
        except ValueError:
            width = 0.0
        if width > best_width:
            best, best_width = parts[0], width
    return best


def remove_furniture(element: HtmlElement, classes_and_ids: Iterable[str]) -> int:
    """Drop share/like buttons, related posts, ads and forms inside a body (by class or id tokens);
    a block that holds most of the body's text is kept whatever it is called. Returns how many.
    ``classes_and_ids``: the class and id values of the body's elements (or more)."""
    # Most bodies hold none: their values tell without a walk.
    if not any(map(_names_furniture, classes_and_ids)):
        return 0
    total_text: int | None = None  # measured only once some furniture is found
    removed = 0
    for node in cast(list[HtmlElement], _WITH_CLASS_OR_ID(element)):
        if not _names_furniture(f"{node.get('class') or ''} {node.get('id') or ''}"):
            continue
        if node.getparent() is None or not _still_inside(node, element):
            continue
        if total_text is None:
            total_text = len(element_text(element))
        if len(element_text(node)) > max(300, total_text // 3):
            continue
        node.drop_tree()
        removed += 1
    return removed


@lru_cache(maxsize=4096)
def _names_furniture(class_and_id: str) -> bool:
    """Whether any token of an element's class and id names furniture. Themes repeat the same class
    attributes on every page: each is split and matched once."""
    return any(_is_furniture_token(token) for token in class_and_id.split())


@lru_cache(maxsize=4096)
def _is_furniture_token(token: str) -> bool:
    # Themes repeat the same few dozen class names on every page: each is matched once.
    return _FURNITURE.fullmatch(token) is not None


def _still_inside(node: HtmlElement, root: HtmlElement) -> bool:
    return any(ancestor is root for ancestor in node.iterancestors())


def make_node_urls_absolute(node: HtmlElement, base: str | None) -> None:
    """The element's own ``href``, ``src``, ``poster`` and ``srcset`` made absolute."""
    for attribute in ("href", "src", "poster"):
        value = node.get(attribute)
        if value:
            absolute = absolute_url(value, base) or value
            if absolute != value:  # most are absolute already: no write
                node.set(attribute, absolute)
    srcset = node.get("srcset")
    if srcset:
        node.set("srcset", _absolute_srcset(srcset, base))


def _absolute_srcset(srcset: str, base: str | None) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            parts[0] = absolute_url(parts[0], base) or parts[0]
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def clean_body(element: HtmlElement, base: str | None) -> SanitizedHtml:
    """A post body ready to publish: furniture removed, images restored, URLs absolute, sanitised."""
    # Every class and id value, read in one call: no step below adds one, so they answer for the
    # steps that look for one (furniture, captions) whether a walk can find anything.
    classes_and_ids = set(cast(list[str], _CLASS_AND_ID_VALUES(element)))
    restore_lazy_images(element)  # first: it reads <noscript> copies before they are removed
    remove_furniture(element, classes_and_ids)
    # One walk for every tag: a removed element inside another goes with it, whichever is first.
    for node in list(element.iter(*_REMOVED_ALWAYS)):
        if node is not element:
            node.drop_tree()
    _embeds_to_links(element)
    if any("wp-caption" in value for value in classes_and_ids):
        _captions_to_figures(element)
    _settle_linking_elements(element, base)
    _drop_empty_wrappers(element)
    return sanitize_body(inner_html(element))


def _settle_linking_elements(element: HtmlElement, base: str | None) -> None:
    """In one walk: tracking pixels dropped, emoji images turned to their characters, every other
    linking element's URLs made absolute. Each step reads the element's own attributes only, and
    an image dropped or replaced leaves its text in place, so the order of the elements is free."""
    for node in list(element.iter(*LINKING_TAGS)):
        if node.tag == "img":
            if _is_tracker(node):
                node.drop_tree()
                continue
            character = emoji_character(node)
            if character:
                replace_with_text(node, character)
                continue
        make_node_urls_absolute(node, base)


def audit_comment(element: HtmlElement | None) -> Counter[str]:
    """What `sanitize_comment` will take out of a comment, by kind ("<script>", "onclick=",
    "javascript: URL", "class="): the report's honest account of sanitising."""
    found: Counter[str] = Counter()
    if element is None:
        return found
    for node in element.iterdescendants(etree.Element):  # elements only: no comments or PIs
        audit_element(node, found)
    return found


def audit_element(node: HtmlElement, found: Counter[str]) -> None:
    """Counts in ``found`` what `sanitize_comment` takes out of this element itself: its tag or
    its attributes."""
    tag = node.tag
    if tag in COMMENT_TAGS:
        allowed = COMMENT_ATTRIBUTES.get(tag, _NO_ATTRIBUTES)
    else:
        found[f"<{tag}>"] += 1
        if tag in ("script", "style"):
            return
        allowed = _NO_ATTRIBUTES
    for name, value in node.items():
        if name not in allowed:
            found[f"{name}="] += 1
        elif name in _URL_ATTRIBUTES and not _safe_url(value):
            found[f"{urlsplit(value.strip()).scheme or 'unsafe'}: URL"] += 1


def describe_removed(found: Counter[str]) -> str:
    """ "3 unsafe (script ×2, onclick= ×1); 5 formatting (class= ×4, span ×1)" for the report."""
    unsafe = Counter({key: n for key, n in found.items() if _is_unsafe_markup(key)})
    formatting = found - unsafe
    parts = []
    for label, group in (("unsafe", unsafe), ("formatting", formatting)):
        if group:
            detail = ", ".join(f"{key} ×{n}" for key, n in sorted(group.items()))
            parts.append(f"{group.total()} {label} ({detail})")
    return "; ".join(parts)


def _is_unsafe_markup(key: str) -> bool:
    if key.startswith("<"):
        return key.strip("<>") in _UNSAFE_TAGS
    return key.startswith("on") or key.endswith(" URL")


def _safe_url(value: str) -> bool:
    scheme = url_scheme(value.strip()).lower()
    return not scheme or scheme in SAFE_URL_SCHEMES


def _drop_unsafe_urls(_tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the scheme of href and src only; ``cite`` and every ``srcset`` candidate are
    URLs as well: an unsafe one drops the attribute."""
    if attribute == "cite":
        urls = [value]
    elif attribute == "srcset":
        urls = [candidate.split(None, 1)[0] for candidate in value.split(",") if candidate.strip()]
    else:
        return value
    try:
        return value if all(_safe_url(url) for url in urls) else None
    except ValueError:  # urlsplit refuses some malformed URLs ("http://[x")
        return None


def sanitize_comment(fragment: str) -> SanitizedHtml:
    return SanitizedHtml(_comment_cleaner().clean(fragment).strip())


def sanitize_body(fragment: str) -> SanitizedHtml:
    return SanitizedHtml(_body_cleaner().clean(fragment).strip())


# One nh3 cleaner per allowlist, built once: passing the options to nh3.clean converts them again on
# every call, which costs as much as cleaning a short comment.
@cache
def _comment_cleaner() -> nh3.Cleaner:
    return _cleaner(COMMENT_TAGS, COMMENT_ATTRIBUTES, link_rel="nofollow ugc")


@cache
def _body_cleaner() -> nh3.Cleaner:
    return _cleaner(POST_TAGS, POST_ATTRIBUTES)


def _cleaner(
    tags: Iterable[str], attributes: dict[str, set[str]], link_rel: str | None = None
) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        attributes=attributes,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel=link_rel,
        strip_comments=True,
        attribute_filter=_drop_unsafe_urls,
    )


def _embeds_to_links(element: HtmlElement) -> None:
    # One walk for every tag: an embed inside another (an <object>'s <embed>) goes with it.
    for node in list(element.iter(*_EMBEDS)):
        source = node.get("src") or node.get("data") or node.get("data-src")
        if node is element:
            continue
        if not source:
            node.drop_tree()
            continue
        source = embed_link(source)
        link = html.Element("a", href=source)
        link.text = source
        paragraph = html.Element("p")
        paragraph.append(link)
        paragraph.tail = node.tail
        parent = node.getparent()
        if parent is not None:
            parent.replace(node, paragraph)


def embed_link(source: str) -> str:
    """The page a video player shows: YouTube and Vimeo players become their watch pages."""
    youtube = _YOUTUBE_EMBED.match(source)
    if youtube:
        return f"https://www.youtube.com/watch?v={youtube.group(1)}"
    vimeo = _VIMEO_EMBED.match(source)
    if vimeo:
        return f"https://vimeo.com/{vimeo.group(1)}"
    if _EMBED_PROXY.match(source):
        original = parse_qs(urlsplit(source).query).get("url")
        if original and original[0].startswith(("http://", "https://")):
            return embed_link(original[0])
    return source


def _captions_to_figures(element: HtmlElement) -> None:
    """WordPress's ``div.wp-caption`` + ``p.wp-caption-text`` → ``figure`` + ``figcaption``."""
    for node in cast(list[HtmlElement], _CAPTIONED(element)):
        node.tag = "figure"
        for child in node:
            if "wp-caption-text" in (child.get("class") or "").split():
                child.tag = "figcaption"


def _is_tracker(image: HtmlElement) -> bool:
    if image.get("width") == "1" and image.get("height") == "1":
        return True
    return _TRACKER.search(image.get("src") or "")


def _drop_empty_wrappers(element: HtmlElement) -> None:
    """Wrappers (``div``, ``span``, ``p``…) without words or media are dropped, innermost first."""
    # The walk meets a wrapper's descendants before it: one that keeps words or media puts its
    # parent here, and a wrapper found here holds them too without reading its text again.
    holding: set[HtmlElement] = set()
    for node in reversed(list(element.iter(*_EMPTY_WRAPPERS))):
        if node is element:
            continue
        text = node.text
        # Most wrappers open with words of their own: no need for the text of the whole subtree.
        holds = (text and not text.isspace()) or node in holding
        if not holds and not element_text(node).strip() and not _holds_media(node):
            node.drop_tree()
            continue
        parent = node.getparent()
        if parent is not None:
            holding.add(parent)


def _holds_media(node: HtmlElement) -> bool:
    return next(node.iter(*_MEDIA_TAGS), None) is not None


def replace_with_text(node: HtmlElement, text: str) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text + tail
    else:
        parent.text = (parent.text or "") + text + tail
    parent.remove(node)
