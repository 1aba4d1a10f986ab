"""Identity: the post author's comments are flagged from the platform's marker or from name + URL
equal to the post author's; names lose the theme's "says:"; avatars stay as given; no email appears.
Names and URLs from wp-lemire (Daniel Lemire, https://lemire.me/en/)."""

from __future__ import annotations

import dataclasses

import pytest

from blogmigrate.model import Person
from blogmigrate.normalize.text import clean_person_name

from .test_normalize_post import normalize, raw_comment, raw_post

AVATAR = "https://secure.gravatar.com/avatar/6a1b5ea1e6d2f7d2c1c6c0b26e8dd5a0?s=56&d=mm&r=g"


def comment_author(name: str, url: str | None, *, marker: bool = False) -> tuple[bool, Person]:
    raw = raw_post(
        raw_comment(
            name,
            "<p>We are working toward releasing version 0.2 on GitHub.</p>",
            author_url=url,
            avatar=AVATAR,
            by_post_author=marker,
        )
    )
    comment = normalize(raw).comments[0]
    return comment.by_post_author, comment.author


def test_platform_marker_flags_the_post_author() -> None:
    # <li class="comment byuser comment-author-lemire bypostauthor"> even without a URL.
    assert comment_author("Daniel Lemire", None, marker=True)[0] is True


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        ("Daniel Lemire", "https://lemire.me/en/", True),
        ("daniel lemire", "https://lemire.me/en", True),  # case and trailing slash do not matter
        ("Daniel Lemire", "https://impostor.example/", False),  # same name, another site
        ("Daniel Lemire", None, False),  # a name alone proves nothing
        ("Thomas Müller Graf", "https://lemire.me/en/", False),
    ],
)
def test_name_and_url_equal_to_the_post_author(name: str, url: str | None, expected: bool) -> None:
    assert comment_author(name, url)[0] is expected


def test_avatar_kept_as_given_and_no_email_invented() -> None:
    _, author = comment_author("wmu", None)
    assert author == Person(name="wmu", url=None, avatar=AVATAR)
    assert "email" not in {field.name for field in dataclasses.fields(Person)}


def test_relative_avatar_and_url_made_absolute_only() -> None:
    raw = raw_post(
        raw_comment("degski", "<p>Thanks, for posting this.</p>", avatar="/avatars/degski.png")
    )
    author = normalize(raw).comments[0].author
    assert author.avatar == "https://lemire.me/avatars/degski.png"


@pytest.mark.parametrize(
    ("shown", "name"),
    [
        ("Daniel Lemire says:", "Daniel Lemire"),
        ("Karl Fisch said...", "Karl Fisch"),  # Blogger
        ("Axel a dit :", "Axel"),
        ("  Thomas Müller Graf\n sagt:", "Thomas Müller Graf"),
        ("", None),
    ],
)
def test_person_names_lose_the_theme_label(shown: str, name: str | None) -> None:
    assert clean_person_name(shown) == name


def test_missing_name_is_anonymous() -> None:
    raw = raw_post(raw_comment("", "<p>isnt it strange if kstart and/or kde-init can</p>"))
    assert normalize(raw).comments[0].author.name == "Anonymous"
