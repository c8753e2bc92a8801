"""Running heads and feet of a PDF: the lines printed at the top or bottom of most pages.

A journal's name, an article's short title, "Page 3 of 12": left in the text,
they cut a paragraph or a reference list in two at each page break, so a cited
work split over two pages would be read as two. A line is running when, its
numbers made ``#``, it stands among the first or last :data:`EDGE` lines of at
least half the pages (and of :data:`MIN_PAGES` pages at least, or of both pages of a PDF of two); a
page number alone is running at any edge. Each page's
label still says where it starts, so no page number is lost.

>>> bodies = ["Customer experience.", "Touchpoints.", "Journeys.", "References."]
>>> pages = [f"Journal of Marketing 80({n})\\n{body}\\n{n}" for n, body in enumerate(bodies, 1)]
>>> kept, dropped = drop_running_lines(pages)
>>> kept[0], dropped
('Customer experience.', ['Journal of Marketing 80(1)', '1'])
"""

from __future__ import annotations

import math
import re

#: How many lines at the top and at the bottom of a page may be running lines.
EDGE = 2

#: The fewest pages a line must run over, or all of them in a shorter PDF (one page tells nothing).
MIN_PAGES = 3

#: A page number and nothing else, as :func:`shape` writes it (``#``, ``- # -``, ``page #``, ``# of #``): running
#: wherever it stands at a page's edge, even on a single page.
PAGE_NUMBER = re.compile(r"^(?:page |p\. )?[-–—]? ?#(?: ?[-–—])?(?: (?:of|/|sur|de) #)?$")


def drop_running_lines(pages: list[str]) -> tuple[list[str], list[str]]:
    """The pages without their running lines, and the running lines (first seen of each)."""
    edges = [edge_lines(text) for text in pages]
    counts: dict[str, int] = {}
    for found in edges:
        for key in {shape(line) for _, line in found}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, min(len(pages), max(MIN_PAGES, math.ceil(len(pages) / 2))))
    running = {key for key, count in counts.items() if key and (count >= needed or PAGE_NUMBER.match(key))}
    kept, dropped = [], {}
    for text, found in zip(pages, edges):
        lines = text.split("\n")
        drop = {index for index, line in found if shape(line) in running}
        for index in sorted(drop):
            dropped.setdefault(shape(lines[index]), lines[index].strip())
        kept.append("\n".join(line for index, line in enumerate(lines) if index not in drop).strip("\n"))
    return kept, list(dropped.values())


def edge_lines(text: str) -> list[tuple[int, str]]:
    """The first and last :data:`EDGE` non-blank lines of a page, with their indices."""
    numbered = [(index, line) for index, line in enumerate(text.split("\n")) if line.strip()]
    chosen = numbered[:EDGE] + numbered[-EDGE:]
    return sorted(set(chosen))


def shape(line: str) -> str:
    """A line with its numbers made ``#`` and its spaces single, lower case: what pages share."""
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()
