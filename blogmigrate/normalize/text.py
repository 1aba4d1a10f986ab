"""Plain-text cleaning: names, counts, excerpts, titles."""

from __future__ import annotations

import re
import sys

from lxml import etree, html

from .. import xpath
from ..textsafety import safe_text
from .html import ScreenedPattern

# A commenter's name rarely ends with a label: an ASCII name that holds none of the words is
# answered without the pattern (which tries its alternation at every position of the name).
_SAYS_SUFFIX = ScreenedPattern(
    re.compile(
        r"\s*(?:says|said|wrote|dit|a dit|a écrit|sagt|schreibt|schrieb|dice|disse|diz|zegt|schreef)"
        r"\s*(?::|\.\.\.|…)?\s*$",
        re.IGNORECASE,
    ),
    ("says", "said", "wrote", "dit", "sagt", "schreibt", "schrieb", "dice", "disse", "diz", "zegt",
     "schreef"),
)  # fmt: skip
_FIRST_NUMBER = re.compile(r"(?<![\d.,])(\d{1,6})(?![\d.,]\d)")
# Written-out counts that comment headings use ("One thought on", "Un commentaire", "Keine Kommentare").
_COUNT_WORDS: dict[str, int] = {
    "no": 0, "aucun": 0, "aucune": 0, "pas": 0, "keine": 0, "kein": 0, "ningún": 0, "nessun": 0,
    "nenhum": 0, "geen": 0,
    "one": 1, "un": 1, "une": 1, "ein": 1, "eine": 1, "einen": 1, "uno": 1, "una": 1, "um": 1,
    "uma": 1, "een": 1, "two": 2, "deux": 2, "zwei": 2, "dos": 2, "due": 2, "three": 3,
    "trois": 3, "drei": 3,
}  # fmt: skip
_COUNT_NOUNS = re.compile(
    r"comment|réponse|reponse|response|reply|replies|thought|kommentar|antwort|gedanke|comentario|"
    r"respuesta|commento|commenti|risposte|pensieri|comentário|resposta|reactie|gedachte|reaction|"
    r"réaction|discussion|trackback|pingback|комментари|отзыв|ответ",
    re.IGNORECASE,
)
# Tags that separate words without any space in the markup ("@Illissius<br /><br />please").
_BREAKS = re.compile(
    r"<(?:br|hr|img|/?(?:p|div|li|dd|dt|blockquote|h[1-6]|tr|td|th|pre|ul|ol|dl|table|section))\b",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "dd",
        "dt",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "pre",
        "ul",
        "ol",
        "dl",
        "table",
        "section",
    ]
)
_BREAK_TAGS = _BLOCK_TAGS | {"br", "hr", "img"}
_NO_TEXT_TAGS = frozenset(("script", "style"))
_EXCERPT_LIMIT = 300
_FIRST_CHECK = 16  # text parts read before an excerpt first checks whether it has enough words
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " » ", " « ", " · ")


def squash(text: str) -> str:
    """Collapse runs of whitespace and trim."""
    # str.split() breaks on exactly the characters that \s matches (str.isspace), 7x faster than
    # re.sub followed by strip.
    return " ".join(text.split())


def clean_person_name(name: str | None) -> str | None:
    """A commenter's name without the theme's "says:" label."""
    if not name:
        return None
    cleaned = squash(name)
    if _SAYS_SUFFIX.search(cleaned):
        cleaned = squash(_SAYS_SUFFIX.pattern.sub("", cleaned))
    return cleaned or None


def parse_declared_count(text: str | None) -> int | None:
    """The number in a heading like "5 comments", "One thought on …", "Un commentaire"; a bare
    number (JSON-LD ``commentCount``, a count badge) is taken as it is."""
    if text and text.strip().isdigit():
        return int(text.strip())
    if not text or not _COUNT_NOUNS.search(text):
        return None
    number = _FIRST_NUMBER.search(text)
    if number:
        return int(number.group(1))
    # A written-out count only as the heading's first word: "Schreibe einen Kommentar" is no count.
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if words and words[0] in _COUNT_WORDS:
        return _COUNT_WORDS[words[0]]
    return None


def html_to_text(fragment: str) -> str:
    """The words of an HTML fragment; line breaks and block boundaries separate words."""
    if not fragment.strip():
        return ""
    spaced = _BREAKS.sub(r" \g<0>", fragment)
    try:
        root = html.fragment_fromstring(spaced, create_parent="div")
    except ValueError:  # lxml refuses control characters in leading text (the parser keeps them)
        root = html.fragment_fromstring(safe_text(spaced), create_parent="div")
    return squash(xpath.element_text(root))


def element_text(element: html.HtmlElement | None) -> str:
    """The words of a parsed element, as `html_to_text` gives them for its markup (no re-parsing)."""
    return _element_words(element, None)


def element_excerpt(element: html.HtmlElement | None, limit: int = _EXCERPT_LIMIT) -> str:
    """``make_excerpt(element_text(element), limit)``, reading no further into the element than
    the excerpt needs (a long post body is mostly left unread)."""
    return make_excerpt(_element_words(element, limit), limit)


def _element_words(element: html.HtmlElement | None, enough: int | None) -> str:
    """The element's words; with ``enough``, possibly only its first whole words, once they hold
    more than ``enough`` characters (so every excerpt of that length reads the same from them)."""
    if element is None:
        return ""
    parts: list[str] = []
    limit = sys.maxsize if enough is None else enough
    # Checked at line breaks and block starts only: element_text itself pays one comparison there.
    check_at = sys.maxsize if enough is None else _FIRST_CHECK
    for event, node in etree.iterwalk(element, events=("start", "end", "comment", "pi")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event in ("comment", "pi"):
            parts.append(node.tail or "")
        elif event == "start":
            if tag in _BREAK_TAGS:
                if len(parts) >= check_at:
                    words = squash("".join(parts))
                    # The last word may go on in the text not read yet; those before it are whole.
                    whole = words[: max(words.rfind(" "), 0)]
                    if len(whole) > limit:
                        return whole
                    check_at = 2 * len(parts)
                parts.append(" ")
            if node.text and tag not in _NO_TEXT_TAGS:
                parts.append(node.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append(" ")
            if node.tail and node is not element:
                parts.append(node.tail)
    return squash("".join(parts))


def make_excerpt(text: str, limit: int = _EXCERPT_LIMIT) -> str:
    """The first sentences of a text, cut at a word boundary."""
    text = squash(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def strip_site_suffix(title: str, site_name: str | None) -> str:
    """ "Post title | My blog" → "Post title" when the suffix is the site's name."""
    if not site_name:
        return title
    site = squash(site_name).casefold()  # once, not at each of the separators' two tests
    for separator in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head and squash(tail).casefold() == site:
            return head.strip()
        head, found, tail = title.partition(separator)
        if found and tail and squash(head).casefold() == site:
            return tail.strip()
    return title


def normalise_language(tag: str | None) -> str | None:
    """A BCP 47 tag from lang attributes and locales: "fr_FR" → "fr-FR"."""
    if not tag:
        return None
    tag = tag.strip().replace("_", "-").split(",")[0].strip()
    parts = tag.split("-")
    if not re.fullmatch(r"[A-Za-z]{2,3}", parts[0]):
        return None
    head = parts[0].lower()
    rest = [part.upper() if len(part) == 2 else part for part in parts[1:] if part]
    return "-".join([head, *rest])
