"""The page the project started from (../shared/seed), as a saved WordPress page: every detail a user
would be sad to lose comes out, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from blogmigrate.cli import cli
from blogmigrate.model import Post

from .conftest import PAGES, run_page

SEED = PAGES / "wordpress" / "seed-twentyten-fr.html"
WP = "{http://wordpress.org/export/1.2/}"


@pytest.fixture(scope="module")
def seed_post() -> Post:
    result = run_page(SEED)
    assert result.report.platform == "wordpress"
    (post,) = result.posts
    return post


def test_post_fields(seed_post: Post) -> None:
    assert (
        seed_post.title
        == "Les réseaux sociaux : une bonne solution pour développer vos relations ?"
    )
    assert seed_post.categories == ("réseaux sociaux",)
    assert seed_post.tags == ()  # the tag cloud in the sidebar is not the post's
    assert seed_post.author is not None and seed_post.author.name == "Nicolas Pene"
    assert seed_post.published is not None
    assert seed_post.published.isoformat() == "2010-11-22T09:15:00+01:00"
    assert seed_post.language == "fr-FR"
    assert seed_post.slug == "les-reseaux-sociaux-une-bonne-solution-pour-developper-vos-relations"
    assert "Crédit photo" in seed_post.content_html and "Thomas Hawk" in seed_post.content_html
    assert "Partager" not in seed_post.content_html  # the share block is not the post


def test_comment_status_and_declared_count(seed_post: Post) -> None:
    assert seed_post.comment_status is not None and seed_post.comment_status.value == "closed"
    assert seed_post.comment_count_declared == 5
    assert len(seed_post.comments) == 4


def test_every_comment_keeps_author_link_date_and_text(seed_post: Post) -> None:
    rows = [
        (c.author.name, c.author.url, c.published.isoformat() if c.published else None)
        for c in seed_post.comments
    ]
    assert rows == [
        ("Axel", None, "2010-11-22T10:41:00"),
        ("Julien", "http://thelifelist.fr", "2010-11-22T14:07:00"),
        ("Nicolas Pene", "http://www.pene-conseil.fr/", "2010-11-22T21:32:00"),
        ("Mathieu", None, "2010-11-24T09:03:00"),
    ]
    assert seed_post.comments[0].content_html.startswith("<p>Bien d’accord avec toi.")
    assert "thelifelist.fr</p>" in seed_post.comments[1].content_html
    assert all(
        c.author.avatar and "gravatar.com/avatar/" in c.author.avatar for c in seed_post.comments
    )
    assert "(je dis ça, mais je fait pareil :))" in seed_post.comments[3].content_html


def test_the_author_answering_two_readers(seed_post: Post) -> None:
    answer = seed_post.comments[2]
    assert answer.by_post_author is True
    assert [c.by_post_author for c in seed_post.comments] == [False, False, True, False]
    assert answer.parent_id == seed_post.comments[0].id  # the first one named: @Axel
    assert answer.parent_inferred is True
    assert answer.mentions == ("Axel", "Julien")


def test_emoji_images_become_characters(seed_post: Post) -> None:
    text = seed_post.comments[2].content_html
    assert "Hello 🙂" in text
    assert text.count("😉") == 2
    assert "<img" not in text


def test_declared_count_mismatch_is_a_warning() -> None:
    result = run_page(SEED)
    messages = [w.message for w in result.report.warnings if w.code == "comment-count"]
    assert messages and messages[0].startswith("5 comments declared but 4 found")


def _convert(tmp_path: Path, fmt: str, target: str) -> str:
    runner = CliRunner()
    result = runner.invoke(cli, ["convert", str(SEED), "--to", fmt, "-o", target, "-q"])
    assert result.exit_code == 0, result.output
    return result.output


def test_json_export(tmp_path: Path) -> None:
    out = tmp_path / "blog.json"
    _convert(tmp_path, "json", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["version"] == 1
    assert document["generator"].startswith("blogmigrate ")
    (post,) = document["posts"]
    assert post["comment_status"] == "closed"
    assert post["comment_count_declared"] == 5
    assert [c["author"]["name"] for c in post["comments"]] == [
        "Axel",
        "Julien",
        "Nicolas Pene",
        "Mathieu",
    ]
    assert post["comments"][2]["parent_id"] == post["comments"][0]["id"]
    assert post["comments"][1]["author"]["url"] == "http://thelifelist.fr"
    assert post["comments"][0]["published"] == "2010-11-22T10:41:00"


def test_json_to_stdout() -> None:
    result = CliRunner().invoke(cli, ["convert", str(SEED), "--to", "json", "-o", "-", "-q"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["posts"][0]["categories"] == ["réseaux sociaux"]


def test_markdown_export(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _convert(tmp_path, "markdown", str(out))
    (index,) = out.rglob(
        "les-reseaux-sociaux-une-bonne-solution-pour-developper-vos-relations/index.md"
    )
    bundle = index.parent
    text = (bundle / "index.md").read_text(encoding="utf-8")
    _, matter, body = text.split("---\n", 2)
    front = yaml.safe_load(matter)
    assert (
        front["title"] == "Les réseaux sociaux : une bonne solution pour développer vos relations ?"
    )
    assert front["date"] == "2010-11-22T09:15:00+01:00"
    assert front["categories"] == ["réseaux sociaux"]
    assert front["author"] == "Nicolas Pene"
    assert (
        "/2010/11/22/les-reseaux-sociaux-une-bonne-solution-pour-developper-vos-relations/"
        in front["aliases"]
    )
    assert "Crédit photo" in body
    comments = yaml.safe_load((bundle / "comments.yaml").read_text(encoding="utf-8"))["comments"]
    assert [c["author"]["name"] for c in comments] == ["Axel", "Julien", "Nicolas Pene", "Mathieu"]
    assert comments[2]["parent_id"] == comments[0]["id"]


def test_wxr_export_parses_strictly_with_parents_before_children(tmp_path: Path) -> None:
    out = tmp_path / "blog.xml"
    _convert(tmp_path, "wxr", str(out))
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    root = etree.parse(str(out), parser).getroot()
    (item,) = [i for i in root.iter("item") if i.findtext(f"{WP}post_type") == "post"]
    comments = list(item.iter(f"{WP}comment"))
    assert len(comments) == 4
    by_author = {c.findtext(f"{WP}comment_author"): c for c in comments}
    ids = {name: int(c.findtext(f"{WP}comment_id") or 0) for name, c in by_author.items()}
    parents = {name: int(c.findtext(f"{WP}comment_parent") or 0) for name, c in by_author.items()}
    assert parents == {"Axel": 0, "Julien": 0, "Nicolas Pene": ids["Axel"], "Mathieu": 0}
    assert ids["Axel"] < ids["Nicolas Pene"]
    assert len(set(ids.values())) == 4
    assert by_author["Axel"].findtext(f"{WP}comment_date") == "2010-11-22 10:41:00"
    assert item.findtext(f"{WP}post_date") == "2010-11-22 09:15:00"
    assert item.findtext(f"{WP}post_date_gmt") == "2010-11-22 08:15:00"
    assert item.findtext(f"{WP}comment_status") == "closed"
    category = item.find("category")
    assert category is not None and category.get("nicename") == "reseaux-sociaux"
    assert category.text == "réseaux sociaux"


def test_cdata_terminator_round_trips_through_wxr(tmp_path: Path) -> None:
    page = tmp_path / "tricky.html"
    page.write_text(
        SEED.read_text(encoding="utf-8").replace(
            '<cite class="fn">Axel</cite>', '<cite class="fn">Axel ]]&gt; a[b[0]]&gt;c</cite>'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "tricky.xml"
    result = CliRunner().invoke(cli, ["convert", str(page), "--to", "wxr", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "]]]]><![CDATA[>" in out.read_text(encoding="utf-8")
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    root = etree.parse(str(out), parser).getroot()
    authors = [c.findtext(f"{WP}comment_author") for c in root.iter(f"{WP}comment")]
    assert "Axel ]]> a[b[0]]>c" in authors
