"""The real tools read our exports: Hugo, Jekyll, Eleventy and Astro build sites whose post pages hold
every title and comment, Pelican builds its export, pelican-import and wordpress-export-to-markdown read the WXR,
and a PHP script parsing WXR the way the WordPress importer does finds every post, comment, type and
parent.

Tools come from scripts/install-system-tools.sh, package.json and the dev extra. Without a tool these
tests skip on a workstation and FAIL under CI=true, so CI can never pass by not running them. The
commands are the ones the guides in docs/ give.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import html as lxml_html

from blogmigrate.exporters.paths import SlugRegistry
from blogmigrate.model import Post

from .conftest import PAGES, ROOT
from .test_exporters import export, sample_posts

pytestmark = pytest.mark.consumer

VENV_BIN = Path(sys.executable).parent
NODE_BIN = ROOT / "node_modules" / ".bin"
GUIDES = ROOT / "docs"
SAVED = "saved-blog"
"""The input folder every guide names; the tests copy the fixture pages there."""


def tool(name: str, where: Path | None = None) -> str:
    """The path of a consumer tool; a missing one fails under CI and skips elsewhere."""
    found = shutil.which(name, path=str(where)) if where else shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed: run scripts/install-system-tools.sh (or make system-tools)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def program(name: str) -> list[str]:
    """How a program a guide names is run here (the venv's blogmigrate, the locked npm package)."""
    if name == "blogmigrate":
        return [sys.executable, "-c", "from blogmigrate.cli import main; main()"]
    if name in ("pelican", "pelican-import"):
        return [tool(name, VENV_BIN)]
    return [tool(name)]


def npx(package: str) -> list[str]:
    """``npx PACKAGE@VERSION``: the locked copy from package-lock.json, never a download."""
    return [tool(package.rpartition("@")[0].rpartition("/")[2], NODE_BIN)]


def resolve(words: list[str]) -> list[str]:
    """A guide's command line with its program replaced by the local one."""
    if words[0] == "npx":
        return [*npx(words[1]), *words[2:]]
    return [*program(words[0]), *words[1:]]


def step(command: str, workspace: Path, *, allowed: tuple[int, ...] = (0,)) -> str:
    """Run one guide command exactly as written, in ``workspace``; returns its output."""
    result = subprocess.run(
        resolve(shlex.split(command)),
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode in allowed, f"{command} failed:\n{output}"
    return output


def convert_step(command: str, workspace: Path) -> None:
    """A ``blogmigrate convert`` step: exit 5 means some page failed and was reported; the
    others still came out (the fixtures hold deliberately broken pages)."""
    step(command, workspace, allowed=(0, 5))


# -- what each site must show ----------------------------------------------------------------------


def expected_from_posts(posts: list[Post]) -> dict[str, dict[str, Any]]:
    """slug → title and comment authors, slugs claimed exactly as the exporter claims them."""
    registry = SlugRegistry()
    return {
        registry.claim(post.slug, f"post-{post.id}"): {
            "title": " ".join(post.title.split()),
            "authors": [" ".join(c.author.name.split()) for c in post.comments],
        }
        for post in posts
    }


def expected_from_json(document: Path) -> dict[str, dict[str, Any]]:
    posts = json.loads(document.read_text(encoding="utf-8"))["posts"]
    registry = SlugRegistry()
    return {
        registry.claim(post["slug"], f"post-{post['id']}"): {
            "title": " ".join(post["title"].split()),
            "authors": [" ".join(c["author"]["name"].split()) for c in post["comments"]],
        }
        for post in posts
    }


def built_pages(public: Path) -> dict[str, dict[str, Any]]:
    """What the test layouts printed: slug → title, comment authors, the page's text and tree."""
    pages = {}
    for path in sorted(public.rglob("*.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        slug = tree.xpath("string(//meta[@name='bm-slug']/@content)")
        if not slug:
            continue
        pages[slug] = {
            "title": " ".join(tree.xpath("string(//h1[@class='post-title'])").split()),
            "authors": [
                " ".join(a.text_content().split())
                for a in tree.xpath("//li[@class='comment']/span[@class='author']")
            ],
            "text": tree.text_content(),
            "tree": tree,
        }
    return pages


def assert_site_shows(public: Path, expected: dict[str, dict[str, Any]]) -> dict[str, Any]:
    pages = built_pages(public)
    assert sorted(pages) == sorted(expected)
    for slug, want in expected.items():
        assert pages[slug]["title"] == want["title"], slug
        assert pages[slug]["authors"] == want["authors"], slug
    return pages


def assert_hazards_stay_text(pages: dict[str, Any]) -> None:
    """The sample post's escaped script, Liquid and shortcodes show as text and never ran."""
    page = pages["post-1"]
    assert "<script>alert(1)</script>" in page["text"]
    assert page["tree"].xpath("//script") == []
    for literal in ("{{ site.title }}", "{% include evil.html %}", "{% endraw %}"):
        assert literal in page["text"]
    for literal in ("{{< youtube abc >}}", "{{% notice %}}"):
        assert literal in page["text"]
    assert pages["post-11"]["title"] == "{{ page.title }} in a title"


REPLY_PARENTS = ["c2", "", "c1", "", "", ""]
"""The parents of the first sample post's comments, as a layout prints them (a top-level one: "")."""


def built_hazard_posts(
    folder: Path, flavor: str, build: Callable[[Path], Path], **options: str
) -> dict[str, Any]:
    """The sample posts exported for ``flavor`` into ``folder``/my-site and built: every title and
    comment author shows, and the hazards stay text. Returns the built pages."""
    posts = sample_posts()
    export("markdown", posts, folder / "my-site", flavor=flavor, **options)
    pages = assert_site_shows(build(folder), expected_from_posts(posts))
    assert_hazards_stay_text(pages)
    return pages


def reply_parents(page: dict[str, Any]) -> list[str]:
    return [str(parent) for parent in page["tree"].xpath("//li[@class='comment']/@data-parent")]


@pytest.fixture(scope="module")
def saved_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One snapshot of fixtures/pages for the whole module, so every export reads the same pages."""
    snapshot = tmp_path_factory.mktemp("snapshot") / SAVED
    shutil.copytree(PAGES, snapshot)
    return snapshot


@pytest.fixture
def workspace(saved_pages: Path, tmp_path: Path) -> Path:
    """A folder holding ``saved-blog/`` (the fixture pages), where the guide commands run."""
    shutil.copytree(saved_pages, tmp_path / SAVED)
    return tmp_path


@pytest.fixture(scope="module")
def fixture_json(saved_pages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The JSON of every fixture page: what every other export must hold."""
    folder = saved_pages.parent
    convert_step("blogmigrate convert saved-blog/ --to json -o blog.json", folder)
    return folder / "blog.json"


# -- the guides' commands (docs/guide-*.md must hold each of them verbatim) ----------------------

HUGO_CONVERT = "blogmigrate convert saved-blog/ --to markdown --flavor hugo -o my-site"
HUGO_CONVERT_TOML = (
    "blogmigrate convert saved-blog/ --to markdown --flavor hugo --front-matter toml -o my-site"
)
HUGO_BUILD = "hugo --source my-site --destination public"
JEKYLL_CONVERT = "blogmigrate convert saved-blog/ --to markdown --flavor jekyll -o my-site"
JEKYLL_BUILD = "jekyll build --source my-site --destination my-site/_site"
PELICAN_CONVERT = "blogmigrate convert saved-blog/ --to markdown --flavor pelican -o my-site"
PELICAN_BUILD = "pelican my-site/content -s my-site/pelicanconf.py -o my-site/output --fatal errors"
WXR_CONVERT = "blogmigrate convert saved-blog/ --to wxr -o blog.xml"
WXR_CHECK = "php read-wxr.php blog.xml"
WXR_PELICAN_IMPORT = "pelican-import --wpfile -m markdown -o imported blog.xml"
WXR_TO_MARKDOWN = (
    "npx wordpress-export-to-markdown@2.2.2 --wizard=false --input=blog.xml --output=converted"
    " --post-folders=true --prefix-date=false --save-attached-images=false"
    " --save-scraped-images=false --include-other-types=true"
)
ELEVENTY_CONVERT = "blogmigrate convert saved-blog/ --to markdown --flavor eleventy -o my-site"
ELEVENTY_BUILD = "npx @11ty/eleventy@3.1.8 --input=my-site --output=my-site/_site"
ASTRO_CONVERT = "blogmigrate convert saved-blog/ --to markdown --flavor astro -o my-site"
ASTRO_BUILD = "npx astro@5.18.2 build --root my-site"
DISQUS_CONVERT = "blogmigrate convert saved-blog/ --to disqus -o disqus.xml"
DISQUS_CHECK = "php read-wxr.php disqus.xml"


# -- Hugo --------------------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "http://example.org/"
title = "My old blog"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_SINGLE = """\
<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="bm-slug" content="{{ .Params.slug }}"></head><body>
<h1 class="post-title">{{ .Title }}</h1>
<div class="post-body">{{ .Content }}</div>
<ol class="comments">{{ with .Resources.GetMatch "comments.yaml" }}{{ range (. | transform.Unmarshal).comments }}
<li class="comment" id="{{ .id }}" data-parent="{{ .parent_id }}"><span class="author">{{ .author.name }}</span>
<div class="comment-body">{{ .content_html | safeHTML }}</div></li>{{ end }}{{ end }}</ol>
</body></html>
"""
HUGO_LIST = "<!DOCTYPE html><html><body>{{ range .Pages }}{{ .Title }}{{ end }}</body></html>\n"


def add_hugo_layout(site: Path) -> None:
    (site / "config.toml").write_text(HUGO_CONFIG)
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(HUGO_SINGLE)
    (layouts / "list.html").write_text(HUGO_LIST)


def build_hugo(workspace: Path) -> Path:
    add_hugo_layout(workspace / "my-site")
    output = step(HUGO_BUILD, workspace)
    assert "ERROR" not in output, output
    return workspace / "my-site" / "public"


@pytest.mark.parametrize("command", [HUGO_CONVERT, HUGO_CONVERT_TOML])
def test_hugo_builds_the_fixture_export(command: str, workspace: Path, fixture_json: Path) -> None:
    tool("hugo")
    convert_step(command, workspace)
    assert_site_shows(build_hugo(workspace), expected_from_json(fixture_json))


@pytest.mark.parametrize("front_matter", ["yaml", "toml"])
def test_hugo_builds_the_hazard_posts(front_matter: str, tmp_path: Path) -> None:
    tool("hugo")
    pages = built_hazard_posts(tmp_path, "hugo", build_hugo, front_matter=front_matter)
    assert reply_parents(pages["post-1"]) == REPLY_PARENTS


# -- Jekyll ------------------------------------------------------------------------------------------

JEKYLL_CONFIG = """\
title: My old blog
permalink: /posts/:slug/
markdown: kramdown
"""
JEKYLL_LAYOUT = """\
<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="bm-slug" content="{{ page.slug }}"></head><body>
<h1 class="post-title">{{ page.title | escape }}</h1>
<div class="post-body">{{ content }}</div>
<ol class="comments">{% for entry in site.data.comments[page.slug] %}{% assign c = entry[1] %}
<li class="comment" id="{{ c._id }}" data-parent="{{ c._parent }}"><span class="author">{{ c.name | escape }}</span>
<div class="comment-body">{{ c.message }}</div></li>{% endfor %}</ol>
</body></html>
"""


def build_jekyll(workspace: Path) -> Path:
    site = workspace / "my-site"
    (site / "_config.yml").write_text(JEKYLL_CONFIG)
    (site / "_layouts").mkdir()
    (site / "_layouts" / "post.html").write_text(JEKYLL_LAYOUT)
    output = step(JEKYLL_BUILD, workspace)
    assert "Error" not in output, output
    return site / "_site"


def test_jekyll_builds_the_fixture_export(workspace: Path, fixture_json: Path) -> None:
    tool("jekyll")
    convert_step(JEKYLL_CONVERT, workspace)
    assert_site_shows(build_jekyll(workspace), expected_from_json(fixture_json))


def test_jekyll_builds_the_hazard_posts(tmp_path: Path) -> None:
    tool("jekyll")
    pages = built_hazard_posts(tmp_path, "jekyll", build_jekyll)
    assert reply_parents(pages["post-1"]) == REPLY_PARENTS


# -- Pelican -----------------------------------------------------------------------------------------

PELICAN_CONFIG = """\
SITENAME = "My old blog"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_DATE = (1970, 1, 1)
ARTICLE_URL = ARTICLE_SAVE_AS = "{slug}.html"
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = "{slug}.html"
"""


def build_pelican(workspace: Path) -> Path:
    (workspace / "my-site" / "pelicanconf.py").write_text(PELICAN_CONFIG)
    step(PELICAN_BUILD, workspace)
    return workspace / "my-site" / "output"


def assert_pelican_titles(output: Path, expected: dict[str, dict[str, Any]]) -> None:
    for slug, want in expected.items():
        found = sorted(output.rglob(f"{slug}.html"))  # posts at the top, pages under pages/
        assert len(found) == 1, slug
        page = found[0]
        text = " ".join(lxml_html.fromstring(page.read_bytes()).text_content().split())
        assert want["title"] in text, slug


def test_pelican_builds_the_fixture_export(workspace: Path, fixture_json: Path) -> None:
    tool("pelican", VENV_BIN)
    convert_step(PELICAN_CONVERT, workspace)
    assert_pelican_titles(build_pelican(workspace), expected_from_json(fixture_json))


def test_pelican_builds_the_hazard_posts(tmp_path: Path) -> None:
    tool("pelican", VENV_BIN)
    posts = sample_posts()
    export("markdown", posts, tmp_path / "my-site", flavor="pelican")
    assert_pelican_titles(build_pelican(tmp_path), expected_from_posts(posts))


# -- Eleventy ----------------------------------------------------------------------------------------

ELEVENTY_SITE_DATA = '{"layout": "post.liquid"}\n'
ELEVENTY_LAYOUT = """\
<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="bm-slug" content="{{ slug }}"></head><body>
<h1 class="post-title">{{ title | escape }}</h1>
<div class="post-body">{{ content }}</div>
<ol class="comments">{% for c in comments[slug].comments %}
<li class="comment" id="{{ c.id }}" data-parent="{{ c.parent_id }}"><span class="author">{{ c.author.name | escape }}</span>
<div class="comment-body">{{ c.content_html }}</div></li>{% endfor %}</ol>
</body></html>
"""


def build_eleventy(workspace: Path) -> Path:
    site = workspace / "my-site"
    (site / "_includes").mkdir()
    (site / "_includes" / "post.liquid").write_text(ELEVENTY_LAYOUT)
    # A directory data file named after the folder: every post and page gets the layout.
    (site / "my-site.json").write_text(ELEVENTY_SITE_DATA)
    step(ELEVENTY_BUILD, workspace)
    return site / "_site"


def test_eleventy_builds_the_fixture_export(workspace: Path, fixture_json: Path) -> None:
    tool("eleventy", NODE_BIN)
    convert_step(ELEVENTY_CONVERT, workspace)
    assert_site_shows(build_eleventy(workspace), expected_from_json(fixture_json))


def test_eleventy_builds_the_hazard_posts(tmp_path: Path) -> None:
    tool("eleventy", NODE_BIN)
    pages = built_hazard_posts(tmp_path, "eleventy", build_eleventy)
    assert reply_parents(pages["post-1"]) == REPLY_PARENTS


# -- Astro -------------------------------------------------------------------------------------------

ASTRO_CONFIG = """\
import { defineConfig } from "astro/config";

export default defineConfig({});
"""
ASTRO_CONTENT_CONFIG = """\
import { defineCollection, z } from "astro:content";
import { glob } from "astro/loaders";

const post = z.object({
  title: z.string(),
  description: z.string(),
  pubDate: z.coerce.date().optional(),
  updatedDate: z.coerce.date().optional(),
  heroImage: z.string().optional(),
  author: z.string().optional(),
  tags: z.array(z.string()).optional(),
  categories: z.array(z.string()).optional(),
  aliases: z.array(z.string()).optional(),
  originalUrl: z.string().url().optional(),
  lang: z.string().optional(),
  commentCount: z.number().int().optional(),
  commentStatus: z.enum(["open", "closed"]).optional(),
});

export const collections = {
  blog: defineCollection({ loader: glob({ base: "./src/content/blog", pattern: "*.md" }), schema: post }),
  pages: defineCollection({ loader: glob({ base: "./src/content/pages", pattern: "*.md" }), schema: post }),
  comments: defineCollection({ loader: glob({ base: "./src/content/comments", pattern: "*.json" }) }),
};
"""
ASTRO_PAGE = """\
---
import { getCollection, render } from "astro:content";

export async function getStaticPaths() {
  const threads = new Map((await getCollection("comments")).map((entry) => [entry.id, entry.data.comments]));
  const posts = [...(await getCollection("blog")), ...(await getCollection("pages"))];
  return posts.map((post) => ({
    params: { slug: post.collection === "blog" ? `posts/${post.id}` : post.id },
    props: { post, comments: threads.get(post.id) ?? [] },
  }));
}

const { post, comments } = Astro.props;
const { Content } = await render(post);
---
<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="bm-slug" content={post.id}></head><body>
<h1 class="post-title">{post.data.title}</h1>
<div class="post-body"><Content /></div>
<ol class="comments">{comments.map((c) => (
<li class="comment" id={c.id} data-parent={c.parent_id ?? ""}><span class="author">{c.author.name}</span>
<div class="comment-body" set:html={c.content_html} /></li>))}</ol>
</body></html>
"""


@pytest.fixture
def astro_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A scratch folder inside this checkout's node_modules: Astro's bundler resolves ``astro``
    from the site's folder upwards (a symlinked node_modules beside the site is not followed), as
    it finds the copy a user's ``npm install`` puts in the site. Telemetry off: no network."""
    tool("astro", NODE_BIN)
    monkeypatch.setenv("ASTRO_TELEMETRY_DISABLED", "1")
    with tempfile.TemporaryDirectory(
        prefix=".blogmigrate-astro-", dir=ROOT / "node_modules"
    ) as name:
        yield Path(name)


def build_astro(workspace: Path) -> Path:
    site = workspace / "my-site"
    (site / "astro.config.mjs").write_text(ASTRO_CONFIG)
    (site / "src" / "content.config.ts").write_text(ASTRO_CONTENT_CONFIG)
    (site / "src" / "pages").mkdir(parents=True)
    (site / "src" / "pages" / "[...slug].astro").write_text(ASTRO_PAGE)
    output = step(ASTRO_BUILD, workspace)
    assert "[ERROR]" not in output, output  # a schema that fails is a failed build (exit 1)
    return site / "dist"


def test_astro_builds_the_fixture_export(
    astro_folder: Path, saved_pages: Path, fixture_json: Path
) -> None:
    shutil.copytree(saved_pages, astro_folder / SAVED)
    convert_step(ASTRO_CONVERT, astro_folder)
    assert_site_shows(build_astro(astro_folder), expected_from_json(fixture_json))


def test_astro_builds_the_hazard_posts(astro_folder: Path) -> None:
    pages = built_hazard_posts(astro_folder, "astro", build_astro)
    assert reply_parents(pages["post-1"]) == REPLY_PARENTS


# -- WXR readers ---------------------------------------------------------------------------------


def wxr_workspaces(workspace: Path) -> list[tuple[Path, list[str]]]:
    """Two folders holding ``blog.xml``: the fixture pages converted by the guide's command, and
    the hazard posts; with the titles of the posts and pages each must give back."""
    convert_step(WXR_CONVERT, workspace)
    convert_step("blogmigrate convert saved-blog/ --to json -o blog.json", workspace)
    fixture_titles = [
        p["title"] for p in json.loads((workspace / "blog.json").read_text())["posts"]
    ]
    samples = workspace / "samples"
    export("wxr", sample_posts(), samples / "blog.xml")
    return [(workspace, fixture_titles), (samples, [p.title for p in sample_posts()])]


def one_line(title: str) -> str:
    return " ".join(title.split())


def test_pelican_import_reads_every_post(workspace: Path) -> None:
    tool("pandoc")
    for folder, titles in wxr_workspaces(workspace):
        step(WXR_PELICAN_IMPORT, folder)
        found = []
        for path in sorted((folder / "imported").glob("*.md")):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("Title: "), path
            title = first.removeprefix("Title:").strip()
            found.append("" if title.startswith("No title [") else title)  # its name for untitled
        # pelican-import writes a title on one line: one that held a newline keeps its first line.
        assert sorted(found) == sorted(title.split("\n")[0] for title in titles)


def test_wordpress_export_to_markdown_reads_every_post(workspace: Path) -> None:
    for folder, titles in wxr_workspaces(workspace):
        step(WXR_TO_MARKDOWN, folder)
        found = []
        for path in sorted((folder / "converted").rglob("index.md")):
            head = path.read_text(encoding="utf-8").split("---\n")[1]
            found.append(one_line(yaml.safe_load(head)["title"]))
        assert sorted(found) == sorted(one_line(title) for title in titles)


PHP_IMPORTER = r"""<?php
// Read a WXR file the way the WordPress Importer's WXR_Parser_SimpleXML does.
$xml = simplexml_load_file($argv[1]);
if ($xml === false) { fwrite(STDERR, "not XML\n"); exit(1); }
$namespaces = $xml->getDocNamespaces();
if (!isset($namespaces['wp'])) { $namespaces['wp'] = 'http://wordpress.org/export/1.1/'; }
if (!isset($namespaces['excerpt'])) { $namespaces['excerpt'] = 'http://wordpress.org/export/1.1/excerpt/'; }
$version = $xml->xpath('/rss/channel/wp:wxr_version');
if (!$version || !preg_match('/^\d+\.\d+$/', (string) $version[0])) { fwrite(STDERR, "no wxr_version\n"); exit(1); }
$authors = array();
foreach ($xml->xpath('/rss/channel/wp:author') as $author_arr) {
    $a = $author_arr->children($namespaces['wp']);
    $authors[] = array('login' => (string) $a->author_login, 'email' => (string) $a->author_email,
                       'display_name' => (string) $a->author_display_name);
}
$posts = array();
foreach ($xml->channel->item as $item) {
    $dc = $item->children('http://purl.org/dc/elements/1.1/');
    $content = $item->children('http://purl.org/rss/1.0/modules/content/');
    $excerpt = $item->children($namespaces['excerpt']);
    $wp = $item->children($namespaces['wp']);
    $post = array(
        'title' => (string) $item->title, 'creator' => (string) $dc->creator,
        'content' => (string) $content->encoded, 'excerpt' => (string) $excerpt->encoded,
        'id' => (int) $wp->post_id, 'date' => (string) $wp->post_date,
        'date_gmt' => (string) $wp->post_date_gmt, 'name' => (string) $wp->post_name,
        'status' => (string) $wp->status, 'parent' => (int) $wp->post_parent,
        'type' => (string) $wp->post_type, 'attachment_url' => (string) $wp->attachment_url,
        'terms' => array(), 'comments' => array(),
    );
    foreach ($item->category as $c) {
        $att = $c->attributes();
        if (isset($att['nicename'])) {
            $post['terms'][] = array('name' => (string) $c, 'slug' => (string) $att['nicename'],
                                     'domain' => (string) $att['domain']);
        }
    }
    foreach ($wp->comment as $comment) {
        $post['comments'][] = array(
            'id' => (int) $comment->comment_id, 'author' => (string) $comment->comment_author,
            'email' => (string) $comment->comment_author_email,
            'date' => (string) $comment->comment_date, 'date_gmt' => (string) $comment->comment_date_gmt,
            'content' => (string) $comment->comment_content, 'type' => (string) $comment->comment_type,
            'parent' => (int) $comment->comment_parent, 'approved' => (string) $comment->comment_approved,
        );
    }
    $posts[] = $post;
}
echo json_encode(array('authors' => $authors, 'posts' => $posts), JSON_UNESCAPED_UNICODE);
"""


def php_read(folder: Path, command: str = WXR_CHECK) -> dict[str, Any]:
    (folder / "read-wxr.php").write_text(PHP_IMPORTER)
    parsed: dict[str, Any] = json.loads(step(command, folder))
    return parsed


def test_php_simplexml_reads_every_post_comment_type_and_parent(tmp_path: Path) -> None:
    posts = sample_posts()
    export("wxr", posts, tmp_path / "blog.xml")
    data = php_read(tmp_path)
    assert data["authors"] == [{"login": "jane_doe", "email": "", "display_name": "Jane Doe"}]
    items = [p for p in data["posts"] if p["type"] != "attachment"]
    assert [(p["title"], p["type"]) for p in items] == [(p.title, p.kind) for p in posts]
    for item, post in zip(items, posts, strict=True):
        assert item["content"] == post.content_html.replace("\x01", "\ufffd")
        assert item["creator"] == "jane_doe"
        assert item["status"] == "publish" and item["name"]
        by_author = {c["author"]: c for c in item["comments"]}
        assert sorted(by_author) == sorted({c.author.name for c in post.comments})
        for original in post.comments:
            found = by_author[original.author.name] if original.author.name != "Ann" else None
            if found is not None:
                assert found["content"] == original.content_html
                assert found["type"] == (
                    "" if original.type.value == "comment" else original.type.value
                )
        ids = [c["id"] for c in item["comments"]]
        for found in item["comments"]:
            assert found["parent"] == 0 or found["parent"] in ids[: ids.index(found["id"])]
    first = items[0]
    by_author = {c["author"]: c for c in first["comments"]}
    assert by_author["Bob"]["parent"] == by_author["Carl"]["id"]
    assert by_author["Carl"]["parent"] != 0
    attachments = [p for p in data["posts"] if p["type"] == "attachment"]
    assert {a["parent"] for a in attachments} == {first["id"]}
    assert all(a["attachment_url"].startswith("http://blog.example.org/") for a in attachments)
    assert ("Sourdough Starter", "sourdough-starter", "post_tag") in {
        (t["name"], t["slug"], t["domain"]) for t in first["terms"]
    }


def test_php_simplexml_reads_the_fixture_export(workspace: Path, fixture_json: Path) -> None:
    convert_step(WXR_CONVERT, workspace)
    data = php_read(workspace)
    items = [p for p in data["posts"] if p["type"] != "attachment"]
    posts = json.loads(fixture_json.read_text())["posts"]
    assert [p["title"] for p in items] == [p["title"] for p in posts]
    for item, post in zip(items, posts, strict=True):
        assert len(item["comments"]) == len(post["comments"])
        assert sorted(c["type"] or "comment" for c in item["comments"]) == sorted(
            c["type"] for c in post["comments"]
        )
        ids = {c["id"] for c in item["comments"]}
        for found in item["comments"]:
            assert found["parent"] == 0 or (
                found["parent"] in ids and found["parent"] < found["id"]
            )
        replies = sum(1 for c in post["comments"] if c["parent_id"])
        assert sum(1 for c in item["comments"] if c["parent"]) == replies


def test_php_simplexml_reads_the_disqus_variant(workspace: Path) -> None:
    convert_step(DISQUS_CONVERT, workspace)
    data = php_read(workspace, DISQUS_CHECK)
    emails = {c["author"]: c["email"] for p in data["posts"] for c in p["comments"]}
    assert len(set(emails.values())) == len(emails)
    assert all(email.endswith(".invalid") for email in emails.values())


# -- the guides hold what the tests run ------------------------------------------------------------

GUIDE_CONTENTS = {
    "guide-hugo.md": [
        HUGO_CONVERT,
        HUGO_CONVERT_TOML,
        HUGO_BUILD,
        HUGO_CONFIG,
        HUGO_SINGLE,
        HUGO_LIST,
    ],
    "guide-jekyll.md": [JEKYLL_CONVERT, JEKYLL_BUILD, JEKYLL_CONFIG, JEKYLL_LAYOUT],
    "guide-wordpress.md": [
        WXR_CONVERT,
        WXR_CHECK,
        WXR_PELICAN_IMPORT,
        WXR_TO_MARKDOWN,
        PHP_IMPORTER,
    ],
    "guide-disqus.md": [DISQUS_CONVERT, DISQUS_CHECK],
    "guide-pelican.md": [PELICAN_CONVERT, PELICAN_BUILD, PELICAN_CONFIG],
    "guide-eleventy.md": [
        ELEVENTY_CONVERT,
        ELEVENTY_BUILD,
        ELEVENTY_LAYOUT,
        ELEVENTY_SITE_DATA,
    ],
    "guide-astro.md": [ASTRO_CONVERT, ASTRO_BUILD, ASTRO_CONFIG, ASTRO_CONTENT_CONFIG, ASTRO_PAGE],
}


@pytest.mark.parametrize("guide", sorted(GUIDE_CONTENTS))
def test_guides_give_the_commands_and_files_the_tests_use(guide: str) -> None:
    text = (GUIDES / guide).read_text(encoding="utf-8")
    for snippet in GUIDE_CONTENTS[guide]:
        assert snippet.strip() in text, f"{guide} lacks:\n{snippet}"


def test_a_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *_args, **_kwargs: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="not installed"):
        tool("hugo")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        tool("hugo")
