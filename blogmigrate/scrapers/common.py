"""Selectors every platform shares: page metadata in <head>, OpenGraph, schema.org.

Platform tables put their own selectors first and these after, as fallbacks.
"""

from __future__ import annotations

from .selectors import selectors

TITLE = selectors(
    "^meta[property='og:title']::attr(content)",
    "^meta[name='twitter:title']::attr(content)",
    "^title",
)
PERMALINK = selectors(
    "^link[rel=canonical]::attr(href)",
    "^meta[property='og:url']::attr(content)",
)
AUTHOR_NAME = selectors(
    "[itemprop=author] [itemprop=name]",
    "^meta[name=author]::attr(content)",
    "^meta[property='article:author']::attr(content)",
)
PUBLISHED_MACHINE = selectors(
    "[itemprop=datePublished]::attr(datetime)",
    "[itemprop=datePublished]::attr(content)",
    "^meta[property='article:published_time']::attr(content)",
    "^meta[itemprop=datePublished]::attr(content)",
    "^meta[name='dc.date']::attr(content)",
    "^meta[name='DC.date.issued']::attr(content)",
)
UPDATED_MACHINE = selectors(
    "[itemprop=dateModified]::attr(datetime)",
    "^meta[property='article:modified_time']::attr(content)",
    "^meta[property='og:updated_time']::attr(content)",
)
IMAGE_URL = selectors(
    "^meta[property='og:image']::attr(content)",
    "^meta[name='twitter:image']::attr(content)",
)
EXCERPT = selectors(
    "^meta[property='og:description']::attr(content)",
    "^meta[name=description]::attr(content)",
)
LANGUAGE = selectors(
    "^html::attr(lang)",
    "^html::attr(xml:lang)",
    "//meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language']/@content",
    "^meta[property='og:locale']::attr(content)",
)
SITE_NAME = selectors("^meta[property='og:site_name']::attr(content)")
SITE_URL = selectors("^link[rel=home]::attr(href)", "^a[rel=home]::attr(href)")
COMMENT_FORM = selectors("^#respond", "^#commentform", "^form.comment-form", "^#comment-form")
