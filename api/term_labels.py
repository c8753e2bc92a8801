"""Names, in French and English, of the outside vocabulary's terms that pages show.

The graph types each corpus document with a FaBiO class (``fabio:ConferencePaper``),
whose labels are not in the graph; a page names the kind of document with these.

>>> kind_label("http://purl.org/spar/fabio/ConferencePaper")
{'en': 'Conference paper', 'fr': 'Article de colloque'}
>>> kind_label("http://example.org/Other") is None
True
"""

from __future__ import annotations

from cxkg.namespaces import FABIO

#: FaBiO classes of documents (those ``loaders/map_documents.py`` gives) -> labels.
DOCUMENT_KINDS = {
    FABIO.ConferencePaper: {"en": "Conference paper", "fr": "Article de colloque"},
    FABIO.JournalArticle: {"en": "Journal article", "fr": "Article de revue"},
    FABIO.MagazineArticle: {"en": "Magazine article", "fr": "Article de magazine"},
    FABIO.NewspaperArticle: {"en": "Newspaper article", "fr": "Article de presse"},
    FABIO.Book: {"en": "Book", "fr": "Livre"},
    FABIO.BookChapter: {"en": "Book chapter", "fr": "Chapitre d'ouvrage"},
    FABIO.BlogPost: {"en": "Blog post", "fr": "Billet de blog"},
    FABIO.WebPage: {"en": "Web page", "fr": "Page web"},
    FABIO.ReportDocument: {"en": "Report", "fr": "Rapport"},
    FABIO.Thesis: {"en": "Thesis", "fr": "Thèse"},
}
LABELS = {str(iri): labels for iri, labels in DOCUMENT_KINDS.items()}


def kind_label(iri: str | None) -> dict | None:
    """The labels of a document's FaBiO class, or ``None`` when there are none."""
    return LABELS.get(iri) if iri else None


def with_kind_label(document: dict) -> dict:
    """A document (from :mod:`cxkg.queries.lookup`) with ``type_label`` for the page."""
    return {**document, "type_label": kind_label(document.get("type"))}
