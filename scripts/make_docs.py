"""The addon's documentation in the OCA's shape, generated from its readme/ fragments.

    python scripts/make_docs.py           write each addon's README.rst (xero_connector and the
                                          bridges beside it), static/description/index.html (the
                                          Apps store page) and the screenshots they show
    python scripts/make_docs.py --check   regenerate into a temporary folder and compare: exit 1,
                                          naming the files, when a fragment changed without
                                          regenerating (scripts/test.sh --only lint); and check
                                          that README.md and docs/*.md are current (below)

The fragments are Markdown (readme/DESCRIPTION.md, CONFIGURE.md, USAGE.md, CONTRIBUTORS.md; also
ROADMAP.md, CREDITS.md, HISTORY.md when present), as in the OCA's 18.0 repositories. The OCA's
own generator (oca-gen-addon-readme) is not on PyPI, so this script does its work: Markdown is
read by markdown-it-py and written as reStructuredText, checked by docutils (a warning fails the
run), and the Apps page is docutils' HTML of the same text. An image in a fragment is written
`![what it shows](../static/description/NAME.png)`; NAME.png is copied from docs/screenshots/
(the README's screenshots, taken from the demo) when it is there.

README.md and the pages of docs/ are written by hand; --check holds them to the code: every file
or folder of the repository they name (a link, or a path written as code: `scripts/test.sh`,
`xero_connector/sync/publish/batch.py`, `sync/steps.py` seen from the addon, or a bare file name
such as `test_sdk.py` found anywhere in the repository) exists, every link to a heading finds it,
every `scripts/test.sh --only GROUP` is a group the test command has, every docs page is linked
from the README, no file repeats a heading, and the README stays within README_MAX_LINES.
"""

import argparse
import ast
import filecmp
import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import docutils.core
import docutils.utils
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
ADDON = ROOT / "xero_connector"
# every addon of the repository with readme fragments: the core and its bridge addons
ADDONS = sorted(d for d in ROOT.iterdir() if (d / "__manifest__.py").exists() and (d / "readme").is_dir())
SCREENSHOTS = ROOT / "docs" / "screenshots"
IMAGE_PREFIX = "../static/description/"
# (fragment, section title); DESCRIPTION has no title, CONTRIBUTORS goes under Credits
SECTIONS = [
    ("DESCRIPTION", None), ("CONFIGURE", "Configuration"), ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"), ("HISTORY", "Changelog"),
]
# underlines of the sections inside a fragment: the fragment's own sections sit under "="
HEADING_CHARS = {1: "~", 2: "~", 3: "^", 4: '"'}


class Unsupported(Exception):
    """Markdown this small writer does not turn into reStructuredText: simplify the fragment."""


def _escape(text):
    for char in "\\*`|":
        text = text.replace(char, "\\" + char)
    return re.sub(r"_(?=\W|$)", r"\\_", text)  # name_ would be a reference


class RstWriter:
    """Markdown tokens (markdown-it-py, CommonMark) to reStructuredText, for the subset the
    fragments use: paragraphs, headings, bullet and numbered lists (nested), code blocks,
    **strong**, *emphasis*, `code`, links and images standing alone in a paragraph."""

    def __init__(self, image_dir):
        self.image_dir = image_dir  # where images are, seen from the generated file
        self.images = []

    def render(self, text, source):
        tokens = MarkdownIt("commonmark").parse(text)
        self.source = source
        blocks, _ = self._blocks(tokens, 0, None)
        return "\n\n".join(blocks) + "\n"

    def _blocks(self, tokens, i, until):
        blocks = []
        while i < len(tokens):
            tok = tokens[i]
            if until and tok.type == until:
                return blocks, i + 1
            if tok.type == "paragraph_open":
                blocks.append(self._paragraph(tokens[i + 1]))
                i += 3
            elif tok.type == "heading_open":
                title = self._inline(tokens[i + 1])
                level = int(tok.tag[1])
                blocks.append(f"{title}\n{HEADING_CHARS[level] * len(title)}")
                i += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                items, i = self._list(tokens, i)
                blocks.append(items)
            elif tok.type in ("fence", "code_block"):
                lang = (tok.info or "").strip().split(" ")[0]
                body = "\n".join("   " + line if line else "" for line in tok.content.rstrip("\n").split("\n"))
                blocks.append((f".. code-block:: {lang}" if lang else "::") + "\n\n" + body)
                i += 1
            else:
                raise Unsupported(f"{self.source}: line {(tok.map or [0])[0] + 1}: {tok.type} is not supported")
        return blocks, i

    def _list(self, tokens, i):
        ordered = tokens[i].type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        number = int(tokens[i].attrGet("start") or 1)
        items, i = [], i + 1
        while tokens[i].type != close:
            assert tokens[i].type == "list_item_open", tokens[i].type
            # tight lists hide their paragraphs: render the item's blocks, then indent them
            inner, i = self._blocks(tokens, i + 1, "list_item_close")
            marker = f"{number}. " if ordered else "- "
            pad = " " * len(marker)
            text = "\n\n".join(inner)
            lines = text.split("\n")
            items.append(marker + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:]))
            number += 1
        return "\n".join(items) if all("\n\n" not in it for it in items) else "\n\n".join(items), i + 1

    def _paragraph(self, inline):
        children = inline.children or []
        if len(children) == 1 and children[0].type == "image":
            return self._image(children[0])
        if any(c.type == "image" for c in children):
            raise Unsupported(f"{self.source}: an image must stand alone in its paragraph")
        return self._inline(inline)

    def _image(self, tok):
        src = tok.attrGet("src")
        alt = "".join(c.content for c in tok.children or []) or tok.content
        if not src.startswith(IMAGE_PREFIX):
            raise Unsupported(f"{self.source}: images are {IMAGE_PREFIX}NAME.png, not {src}")
        name = src[len(IMAGE_PREFIX):]
        self.images.append(name)
        return f".. image:: {self.image_dir}{name}\n   :alt: {alt}\n   :width: 100%"

    def _inline(self, inline):
        out, stack = [], []
        for child in inline.children or []:
            kind = child.type
            if kind == "text":
                out.append(_escape(child.content))
            elif kind in ("softbreak", "hardbreak"):
                out.append(" ")
            elif kind == "code_inline":
                out.append(f"``{child.content}``")
            elif kind in ("strong_open", "em_open"):
                stack.append(len(out))
                out.append("")
            elif kind in ("strong_close", "em_close"):
                start = stack.pop()
                mark = "**" if kind == "strong_close" else "*"
                inner = "".join(out[start:])
                if "``" in inner or "\\*" in inner.replace("\\\\", ""):
                    raise Unsupported(f"{self.source}: no code or nested emphasis inside {mark}…{mark}")
                out[start:] = [f"{mark}{inner}{mark}"]
            elif kind == "link_open":
                stack.append((len(out), child.attrGet("href")))
            elif kind == "link_close":
                start, href = stack.pop()
                label = "".join(out[start:])
                out[start:] = [f"`{label} <{href}>`__"]
            else:
                raise Unsupported(f"{self.source}: inline {kind} is not supported")
        return "".join(out).strip()


def _manifest(addon=ADDON):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def _fragments(addon=ADDON):
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((addon / "readme").glob("*.md"))}


def _section(title, char="="):
    return f"{title}\n{char * len(title)}\n\n"


def readme_rst(image_dir, addon=ADDON):
    """README.rst's text, images seen from image_dir; and the images it shows."""
    manifest, fragments = _manifest(addon), _fragments(addon)
    writer = RstWriter(image_dir)
    digest = hashlib.sha256(repr((sorted(fragments.items()), manifest["name"], manifest.get("website"),
                                  manifest["license"], manifest["author"])).encode()).hexdigest()
    name = manifest["name"]
    license_ = manifest["license"]
    website = manifest.get("website", "")
    parts = [
        "=" * len(name) + f"\n{name}\n" + "=" * len(name) + "\n\n",
        "..\n   !! This file is generated by scripts/make_docs.py from readme/*.md !!\n"
        "   !! changes will be overwritten: edit the fragments, then run it.     !!\n"
        f"   !! source digest: sha256:{digest}\n\n",
        f".. |badge1| image:: https://img.shields.io/badge/licence-{license_.replace('-', '--')}-blue.png\n"
        f"    :target: https://www.gnu.org/licenses/lgpl-3.0-standalone.html\n"
        f"    :alt: License: {license_}\n\n|badge1|\n\n",
    ]
    if "DESCRIPTION" not in fragments:
        raise Unsupported("readme/DESCRIPTION.md is missing")
    parts.append(writer.render(fragments["DESCRIPTION"], "DESCRIPTION.md") + "\n")
    parts.append("**Table of contents**\n\n.. contents::\n   :local:\n\n")
    for stem, title in SECTIONS[1:]:
        if stem in fragments:
            parts.append(_section(title) + writer.render(fragments[stem], f"{stem}.md") + "\n")
    if website:
        parts.append(_section("Bug Tracker") + (
            f"Problems are tracked on `GitHub Issues <{website}/issues>`__: please look there first, "
            "and if yours is not reported yet, report it with the steps that show it.\n\n"))
    parts.append(_section("Credits"))
    parts.append(_section("Authors", "-") + "".join(f"- {_escape(a.strip())}\n" for a in manifest["author"].split(","))
                 + "\n")
    for stem, title in (("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits")):
        if stem in fragments:
            parts.append(_section(title, "-") + writer.render(fragments[stem], f"{stem}.md") + "\n")
    if website:
        parts.append(_section("Maintainers", "-") + f"This module is maintained at `{website} <{website}>`__.\n")
    return "".join(parts).rstrip("\n") + "\n", writer.images


def _docutils_settings():
    return {
        "_disable_config": True, "halt_level": 2, "report_level": 2, "output_encoding": "unicode",
        "embed_stylesheet": True, "xml_declaration": False, "doctitle_xform": True,
    }


def index_html(rst):
    html = docutils.core.publish_string(rst, writer_name="html5", settings_overrides=_docutils_settings())
    return html if isinstance(html, str) else html.decode()


def generate(out_addon, addon=ADDON):
    """Write the addon's README.rst, static/description/index.html and images under out_addon."""
    rst, images = readme_rst("static/description/", addon)
    # the same text with the Apps page's view of the images (Odoo serves them beside index.html)
    page_rst, _ = readme_rst("", addon)
    try:
        html = index_html(page_rst)
    except docutils.utils.SystemMessage as exc:
        raise Unsupported(f"docutils: {exc}") from exc
    description = out_addon / "static" / "description"
    description.mkdir(parents=True, exist_ok=True)
    (out_addon / "README.rst").write_text(rst, encoding="utf-8")
    (description / "index.html").write_text(html, encoding="utf-8")
    written = [Path("README.rst"), Path("static/description/index.html")]
    for name in images:
        target = description / name
        if (SCREENSHOTS / name).exists():
            shutil.copyfile(SCREENSHOTS / name, target)
        elif not (addon / "static" / "description" / name).exists():
            raise Unsupported(f"{name}: not in docs/screenshots/ nor in static/description/")
        else:
            shutil.copyfile(addon / "static" / "description" / name, target)
        written.append(Path("static/description") / name)
    return written


# --- README.md and docs/*.md, held to the code (--check)

README_MAX_LINES = 250
FILE_NAME = re.compile(r"[\w.-]+\.(?:py|sh|md|rst|yaml|yml|txt|toml|cfg|html|png|xml|csv|json)")
# a relative path written as code: two or more segments, not an URL, a ~/ or / path, nor a key
PATH = re.compile(r"(?:^|(?<=[\s\"'(=,]))([\w.-]+/[^\s\"'`),;]*)")
PLACEHOLDER = re.compile(r"[<{*\[]")
SKIP_DIRS = {".git", "__pycache__", "node_modules"}


def _slug(heading):
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _read_page(path):
    """A page's headings, link targets, and code (spans and blocks), from markdown-it's tokens."""
    headings, links, code = [], [], []
    tokens = MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8"))
    for i, tok in enumerate(tokens):
        line = (tok.map or [0])[0] + 1
        if tok.type == "heading_open":
            headings.append((line, "".join(c.content for c in tokens[i + 1].children or [])))
        elif tok.type in ("fence", "code_block"):
            code.append((line, tok.content))
        for child in tok.children or []:  # an inline token's parts
            if child.type == "code_inline":
                code.append((line, child.content))
            elif child.type in ("link_open", "image"):
                links.append((line, child.attrGet("href") or child.attrGet("src")))
    return headings, links, code


def _named_path(token):
    """The repository path a code token names, or None: its text up to a placeholder segment
    (`migrations/<version>/` is checked as `migrations/`), seen from the root, the addon or its sync/."""
    token = PLACEHOLDER.split(token.rstrip(".:"))[0]
    token = token[:token.rfind("/") + 1] if PLACEHOLDER.search(token) else token
    first = token.split("/")[0]
    for base in (ROOT, ADDON, ADDON / "sync"):
        if (base / first).exists():
            return base / token
    return None


def _names():
    """Every file and folder name in the repository."""
    names = set()
    for _, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        names.update(dirs, files)
    return names


def check_pages():
    """What is not current in README.md and docs/*.md, one line each."""
    readme, pages = ROOT / "README.md", sorted((ROOT / "docs").glob("*.md"))
    read = {page: _read_page(page) for page in [readme, *pages]}
    names = _names()
    declared = re.search(r"^GROUPS_ALL=\(([^)]*)\)", (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8"), re.M)
    groups = set(declared.group(1).split()) if declared else set()
    problems, from_readme = [], set()
    for page, (headings, links, code) in read.items():
        where = page.relative_to(ROOT)
        seen = set()
        for line, heading in headings:
            if heading in seen:
                problems.append(f"{where}:{line}: the heading {heading!r} is repeated")
            seen.add(heading)
        for line, href in links:
            if re.match(r"[a-z]+:", href):  # https:, mailto:
                continue
            target, _, anchor = href.partition("#")
            target = (page.parent / target).resolve() if target else page
            if page == readme:
                from_readme.add(target)
            if not target.exists():
                problems.append(f"{where}:{line}: {href} does not exist")
            elif anchor and target.suffix == ".md" and anchor not in {
                    _slug(h) for _, h in (read.get(target) or _read_page(target))[0]}:
                problems.append(f"{where}:{line}: {href}: no such heading")
        for line, text in code:
            for token in PATH.findall(text):
                path = _named_path(token)
                if path is not None and not path.exists():
                    problems.append(f"{where}:{line}: {token} does not exist")
            if FILE_NAME.fullmatch(text) and text not in names:
                problems.append(f"{where}:{line}: no file is named {text}")
            for group in re.findall(r"test\.sh --only (\w+)", text):
                if group not in groups:
                    problems.append(f"{where}:{line}: scripts/test.sh has no group {group!r}")
    problems += [f"docs/{page.name} is not linked from README.md" for page in pages if page not in from_readme]
    lines = len(readme.read_text(encoding="utf-8").splitlines())
    if lines > README_MAX_LINES:
        problems.append(f"README.md has {lines} lines: keep it within {README_MAX_LINES}, move the rest to docs/")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when generated files or docs pages are not current")
    args = parser.parse_args()
    stale = []
    try:
        for addon in ADDONS:
            if not args.check:
                for path in generate(addon, addon):
                    print(f"wrote {addon.name}/{path}")
                continue
            with tempfile.TemporaryDirectory() as tmp:
                stale += [f"{addon.name}/{p}" for p in generate(Path(tmp), addon) if not (addon / p).exists()
                          or not filecmp.cmp(Path(tmp) / p, addon / p, shallow=False)]
    except Unsupported as exc:
        print(f"make_docs: {exc}", file=sys.stderr)
        return 2
    for path in stale:
        print(f"{path} is not current: run python scripts/make_docs.py", file=sys.stderr)
    problems = check_pages() if args.check else []
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if stale or problems else 0


if __name__ == "__main__":
    sys.exit(main())
