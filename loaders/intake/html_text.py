"""An HTML page -> its text with the structure kept, and the metadata its ``<head>`` gives.

Blocks (paragraphs, headings, list items, quotations...) are separated by a
blank line, so a heading stands on a line of its own as in the corpus's texts;
table cells by a tab and rows by a line break; ``<br>`` is a line break. Spaces
run together as a browser shows them, except inside ``<pre>``. Scripts,
styles, templates, ``<noscript>``, navigation, buttons and the ``<head>`` are
dropped; a page with a ``<main>`` (or ``role="main"``) gives the text of its
main content only, without the site's menus, banners and footers. The metadata
comes from the tags scholarly pages carry for indexers (``citation_*``, Dublin
Core, Open Graph), the ``<title>`` and ``<html lang>``.

>>> page = read_html("<html lang='en'><title>T</title><script>x()</script>"
...                  "<h1>Customer  experience</h1><p>One <b>paragraph</b>.<br>Two.</p>")
>>> page.text
'Customer experience\\n\\nOne paragraph.\\nTwo.'
>>> page.meta
{'language': 'en', 'title': 'T'}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements whose content is not text a reader sees.
DROPPED = {"script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe", "object",
           "nav", "button", "select", "dialog"}

#: Elements that stand as blocks: a blank line before and after.
BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "figure",
    "figcaption", "pre", "address", "hr", "form", "fieldset", "details", "summary", "caption",
}

#: ``<meta name=...>`` -> CSL-JSON field; names that may repeat give a list.
META_FIELDS = {
    "citation_title": "title", "dc.title": "title", "og:title": "title",
    "citation_author": "author", "dc.creator": "author",
    "citation_publication_date": "issued", "citation_date": "issued", "dc.date": "issued",
    "article:published_time": "issued",
    "citation_journal_title": "container-title", "citation_conference_title": "container-title",
    "og:site_name": "container-title",
    "citation_volume": "volume", "citation_issue": "issue", "citation_doi": "DOI",
    "citation_publisher": "publisher", "dc.publisher": "publisher",
    "citation_language": "language", "dc.language": "language",
    "citation_abstract_html_url": "URL", "og:url": "URL",
}


@dataclass
class HtmlPage:
    """What a page gives: its text, and CSL-ish fields (``author`` a list of name strings)."""

    text: str
    meta: dict = field(default_factory=dict)


def read_html(source: str) -> HtmlPage:
    """The text and metadata of an HTML page (see the module docstring)."""
    parser = _TextParser()
    parser.feed(source)
    parser.close()
    return HtmlPage(parser.text(), parser.meta)


class _TextParser(HTMLParser):
    """Collects text by block; reads ``<meta>``, ``<title>`` and ``<html lang>`` on the way."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self.main_tag = ""  # the element that holds the main content (main, or the one with role="main")
        self.main_depth = 0  # how many elements of that name are open inside it, itself included
        self.current: list[str] = []
        self.skipping: list[str] = []
        self.pre = 0
        self.title: list[str] = []
        self.in_title = False
        self.meta: dict = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html" and values.get("lang"):
            self.meta.setdefault("language", values["lang"])
        elif tag == "meta":
            self.read_meta(values)
        elif tag == "title":
            self.in_title = True
        elif tag == "body":  # a head left open ends where the body starts
            self.skipping = [name for name in self.skipping if name != "head"]
        if not self.main_depth and (tag == "main" or values.get("role") == "main"):
            self.main_tag = tag
        if tag == self.main_tag:
            self.main_depth += 1
        if tag in DROPPED:
            self.skipping.append(tag)
        elif self.skipping:  # inside dropped content: no structure either
            return
        elif tag in BLOCKS:
            self.pre += tag == "pre"
            self.end_block()
        elif tag == "br":
            self.current.append("\n")
        elif tag in ("td", "th") and self.current and not self.current[-1].endswith("\n"):
            self.current.append("\t")
        elif tag == "tr":
            self.current.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED:  # a self-closed <svg/> has no content to skip
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.main_depth and tag == self.main_tag:
            self.main_depth -= 1
            if not self.main_depth:
                self.end_block(inside_main=True)
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in BLOCKS:
            self.end_block()
            self.pre -= tag == "pre" and self.pre > 0

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skipping:
            self.current.append(data if self.pre else re.sub(r"\s+", " ", data))

    def read_meta(self, values: dict[str, str]) -> None:
        key = (values.get("name") or values.get("property") or "").lower()
        target, content = META_FIELDS.get(key), values.get("content", "").strip()
        if target is None or not content:
            return
        if target == "author":
            self.meta.setdefault("author", []).append(content)
        else:
            self.meta.setdefault(target, content)

    def end_block(self, inside_main: bool = False) -> None:
        text = "".join(self.current)
        if not self.pre:
            text = "\n".join(line.strip(" ") for line in text.split("\n")).strip("\n")
        if text.strip():
            self.blocks.append((text, inside_main or self.main_depth > 0))
        self.current = []

    def text(self) -> str:
        self.end_block()
        title = re.sub(r"\s+", " ", "".join(self.title)).strip()
        if title:
            self.meta.setdefault("title", title)
        main = [text for text, inside in self.blocks if inside]
        return "\n\n".join(main or [text for text, _ in self.blocks])
