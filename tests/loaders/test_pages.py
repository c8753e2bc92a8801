"""A passage of a PDF says the printed page it starts on: ``prism:startingPage`` on its annotation's target.

The PDF is made here with fpdf2, read as ``cxkg add`` reads it and put through the
pipeline a build uses (:func:`cxkg.loaders.pipeline.document_quads`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from fpdf import FPDF

from cxkg.config import Settings
from cxkg.loaders.build import Stopwatch, Summary
from cxkg.loaders.intake import page_at, read_new_document
from cxkg.loaders.pipeline import document_quads, load_resources
from cxkg.namespaces import OA, PRISM

PAGES = [
    "Customer experience is the journey a customer takes with a firm over time, across the touchpoints "
    "of the purchase cycle.",
    "Firms renew the customer journey with customer experience management, and they measure the "
    "satisfaction of their customers after each interaction.",
    "The net promoter score asks customers whether they would recommend the firm to a friend.",
]
META = {"title": "Pages", "author": [{"family": "Lemon", "given": "Katherine N."}],
        "issued": {"date-parts": [[2016]]}, "language": "en"}


def make_pdf(path: Path, pages: list[str], first_label: int) -> Path:
    """A PDF with one paragraph per page, the first page numbered ``first_label``."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for number, text in enumerate(pages):
        pdf.add_page()
        if number == 0:
            pdf.set_page_label("D", None, first_label)
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """The PDF document (its pages printed 41 to 43) and its graph's quads."""
    folder = tmp_path_factory.mktemp("pages")
    (folder / "item.json").write_text(json.dumps(META), encoding="utf-8")
    document = read_new_document(make_pdf(folder / "paper.pdf", PAGES, first_label=41), meta=folder / "item.json")
    settings = Settings(corpus=folder, store=folder / "store")
    graph = ox.NamedNode(settings.document_graph(document.identifier))
    quads, _ = document_quads(document, load_resources(settings), graph, Stopwatch(lambda line: None, Summary()))
    return document, quads


def passages(quads) -> dict[ox.NamedNode, tuple[int, list[str]]]:
    """Each annotation target: the start of its passage and the page labels it carries."""
    selectors = {q.object: q.subject for q in quads if q.predicate.value == str(OA.hasSelector)}
    starts = {selectors[q.subject]: int(q.object.value) for q in quads
              if q.predicate.value == str(OA.start) and q.subject in selectors}
    pages: dict[ox.NamedNode, list[str]] = {target: [] for target in starts}
    for q in quads:
        if q.predicate.value == str(PRISM.startingPage) and q.subject in pages:
            pages[q.subject].append(q.object.value)
    return {target: (start, pages[target]) for target, start in starts.items()}


def test_a_passage_on_the_second_page_says_the_second_page(paged):
    document, quads = paged
    assert [page["label"] for page in document.meta["custom"]["pages"]] == ["41", "42", "43"]
    second = document.text.index("customer experience management")
    on_pages = {start: labels for start, labels in passages(quads).values()}
    assert on_pages[second] == ["42"]  # the concept mention on the second page
    assert any(labels == ["41"] for labels in on_pages.values())


def test_every_passage_says_the_page_of_its_start_and_only_that(paged):
    document, quads = paged
    found = passages(quads)
    assert found
    pages = document.meta["custom"]["pages"]
    for start, labels in found.values():
        assert labels == [page_at(pages, start)]
