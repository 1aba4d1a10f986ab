"""Copies of a post that hold the same comments: the group store gives them one tuple of comments,
unpickled once, and the merge merges that tuple once. Both compared with the general way (every
copy unpickled and merged on its own) on the posts of every fixture and corpus page."""

from __future__ import annotations

import copy
import dataclasses
import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from blogmigrate.archive.merge import Capture, merge_captures, merge_comments
from blogmigrate.archive.store import capture_row, load_captures
from blogmigrate.exporters.records import comment_dict
from blogmigrate.model import Post

from .conftest import CORPUS, PAGES, run_page

PAGE_FILES = sorted(PAGES.rglob("*.html")) + sorted((CORPUS / "pages").glob("*.html"))


def _copies(post: Post, *, shared: bool) -> list[Capture]:
    """Four copies of a post saved from other addresses, at other times, on other comment pages;
    their comments one tuple (``shared``) or equal copies of it."""
    variants = [
        ("plain", 3, None, None),
        ("amp", 1, datetime(2020, 1, 2, tzinfo=UTC), None),
        ("print", 0, datetime(2021, 5, 6, tzinfo=UTC), 2),
        ("plain", 3, datetime(2019, 1, 1, tzinfo=UTC), 1),
    ]
    captures = []
    for sequence, (variant, rank, captured, page) in enumerate(variants):
        comments = post.comments if shared else tuple(copy.copy(c) for c in post.comments)
        copied = dataclasses.replace(
            post, source=f"copy{sequence}/{post.source}", comments=comments
        )
        captures.append(
            Capture(
                key="blog.example/post",
                sequence=10 - sequence,
                post=copied,
                captured=captured,
                variant=variant,
                rank=rank,
                comment_page=page,
                address=f"https://blog.example/post/{variant}",
            )
        )
    return captures


def _posts_with_comments(paths: list[Path]) -> list[Post]:
    return [post for path in paths for post in run_page(path).posts if post.comments]


@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="the shared corpus is not beside us")
def test_copies_with_one_tuple_of_comments_merge_as_copies_with_equal_comments() -> None:
    posts = _posts_with_comments(PAGE_FILES)
    assert len(posts) > 60
    for post in posts:
        once, general = _copies(post, shared=True), _copies(post, shared=False)
        merged = merge_comments(once)
        assert [comment_dict(c) for c in merged] == [
            comment_dict(c) for c in merge_comments(general)
        ]
        assert merge_captures(once) == merge_captures(general)


def test_stored_copies_come_back_equal_with_their_same_comments_unpickled_once() -> None:
    posts = _posts_with_comments(sorted(PAGES.rglob("*.html")))
    assert len(posts) > 10
    for post, other in itertools.pairwise(posts):
        copies = _copies(post, shared=True)
        different = dataclasses.replace(copies[2], post=other)
        stored = [capture_row(capture) for capture in [*copies[:2], different, *copies[2:]]]
        back = load_captures(row[2:] for row in stored)
        assert back == [*copies[:2], different, *copies[2:]]
        assert back[0].post.comments is back[1].post.comments is back[4].post.comments
        assert back[2].post.comments is not back[0].post.comments
        assert back[2].post.comments == other.comments
