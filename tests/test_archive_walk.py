"""The folder walk resolves only links: a file that is not a link is where its folder really is.
Compared with the general resolution (``os.path.realpath`` of every file, ``relative_to`` for its
path inside the mirror) on the fixtures, the corpus and a folder of links of every kind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from blogmigrate.archive import inputs
from blogmigrate.archive.inputs import Asset, InputFile, iter_inputs
from blogmigrate.archive.wgetnames import url_from_mirror_path

from .conftest import CORPUS, FIXTURES


def _general_walk(folder: Path, seen: set[str]) -> Iterator[InputFile | Asset]:
    """The walk as it was written first: every file's real path and relative path from pathlib."""
    visited_folders: set[str] = set()
    pending: list[tuple[Path, bool]] = [(folder, False)]
    while pending:
        current, assets_only = pending.pop()
        real_folder = os.path.realpath(current)
        if real_folder in visited_folders:
            continue
        visited_folders.add(real_folder)
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError:
            continue
        names = {entry.name for entry in entries}
        subfolders: list[tuple[Path, bool]] = []
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=True):
                saved = inputs._is_saved_page_folder(entry.name, names)
                subfolders.append((path, assets_only or saved))
            elif entry.is_file(follow_symlinks=True):
                real = os.path.realpath(path)
                if real in seen:
                    continue
                seen.add(real)
                relative = path.relative_to(folder).as_posix()
                if not assets_only and inputs.container_kind(entry.name):
                    yield from inputs._list_container(path, str(path))
                elif not assets_only and inputs.looks_like_page(entry.name):
                    yield InputFile(path, str(path), url=url_from_mirror_path(relative))
                else:
                    yield Asset(path, relative)
            elif entry.is_symlink() and inputs.looks_like_page(entry.name):
                yield InputFile(path, str(path), "a dangling symbolic link; its target is gone")
        pending.extend(reversed(subfolders))


def _linked_mirror(root: Path) -> Path:
    """A mirror with a linked page, a linked folder, a loop, a dangling link, a second link to a page
    already walked, a saved page's folder, and the mirror itself reached through a linked folder."""
    site = root / "real" / "site"
    post = site / "blog.example" / "2020" / "a"
    post.mkdir(parents=True)
    (post / "index.html").write_text("<p>post</p>")
    (post / "index.html?replytocom=3.html").write_text("<p>reply</p>")
    (site / "blog.example" / "pic.jpg").write_bytes(b"jpg")
    other = root / "real" / "other"
    other.mkdir()
    (other / "p.html").write_text("<p>other</p>")
    (site / "linked.html").symlink_to(other / "p.html")
    (site / "otherdir").symlink_to(other, target_is_directory=True)
    (site / "blog.example" / "loop").symlink_to(site, target_is_directory=True)
    (site / "dangling.html").symlink_to(root / "nowhere.html")
    (site / "dup.html").symlink_to(post / "index.html")
    (site / "saved_files").mkdir()
    (site / "saved.html").write_text("<p>saved</p>")
    (site / "saved_files" / "inner.html").write_text("<p>asset</p>")
    (root / "through").symlink_to(root / "real", target_is_directory=True)
    return root


def _walks(given: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    fast = [repr(entry) for entry in iter_inputs(given)]
    with monkeypatch.context() as patched:
        patched.setattr(inputs, "_walk", _general_walk)
        general = [repr(entry) for entry in iter_inputs(given)]
    return fast, general


def test_the_walk_finds_what_the_general_resolution_finds_through_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _linked_mirror(tmp_path)
    for given in (
        [str(root)],
        [str(root / "real" / "site")],
        [str(root / "through" / "site"), str(root / "real" / "other")],
        [str(root / "real" / "site" / "dup.html"), str(root / "through")],
    ):
        fast, general = _walks(given, monkeypatch)
        assert fast == general
    fast, _ = _walks([str(root / "real" / "site")], monkeypatch)
    assert sum("dangling symbolic link" in entry for entry in fast) == 1
    assert any("?replytocom=3" in entry for entry in fast)


def test_the_walk_finds_what_the_general_resolution_finds_in_the_fixtures_and_corpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for folder in (FIXTURES, CORPUS):
        fast, general = _walks([str(folder)], monkeypatch)
        assert len(fast) > 100
        assert fast == general
