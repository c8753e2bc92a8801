"""A BibTeX file with one entry -> a CSL-JSON item (bibtexparser 2).

LaTeX accents are decoded (``Jozi{\\'c}`` -> ``Jozić``), names are split by
BibTeX's rules (``van der Berg, Jan``: particle ``van der``; ``{World Health
Organization}``: a corporate author), page ranges take a plain hyphen, and the
entry types and fields map onto CSL-JSON as ``ontology/vocabularies/csl.json``
says. The entry's key is the item's ``id``.

>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "a.bib"
>>> _ = path.write_text("@article{lemon2016, title={Understanding Customer Experience}, "
...     "author={Lemon, Katherine N. and van Doorn, Jenny}, journal={Journal of Marketing}, "
...     "year={2016}, pages={69--96}}", encoding="utf-8")
>>> item = read_bibtex(path)
>>> item["type"], item["author"][1], item["issued"], item["page"]
('article-journal', {'family': 'Doorn', 'given': 'Jenny', 'non-dropping-particle': 'van'}, {'date-parts': [[2016]]}, '69-96')
"""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import NameParts
from pylatexenc.latex2text import LatexNodes2Text

from cxkg.loaders.corpus import CorpusError
from cxkg.loaders.intake.csl import checked, csl_name, csl_vocabulary, date_of

#: BibTeX month names and abbreviations -> month numbers.
MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def read_bibtex(path: Path) -> dict:
    """The CSL-JSON item of the one entry in ``path``.

    :raises CorpusError: not readable, a syntax error, no entry, several entries, a field of the wrong kind.
    """
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as error:
        raise CorpusError(f"{path}: cannot read the BibTeX file ({error})") from None
    # Names are split before LaTeX is decoded: the braces of {World Health Organization} keep it whole.
    library = bibtexparser.parse_string(source, append_middleware=[
        middlewares.SeparateCoAuthors(), middlewares.SplitNameParts(), middlewares.LatexDecodingMiddleware()])
    if library.failed_blocks:
        block = library.failed_blocks[0]
        reason = getattr(block.error, "abort_reason", None) or str(block.error).split(". Note:")[0]
        raise CorpusError(f"{path}, line {block.start_line + 1}: not valid BibTeX ({reason})")
    if len(library.entries) != 1:
        found = "no entry" if not library.entries else f"{len(library.entries)} entries"
        raise CorpusError(f"{path}: expected one BibTeX entry (@article{{key, ...}}), found {found}")
    return entry_item(library.entries[0], path)


def entry_item(entry, path: Path) -> dict:
    """A parsed BibTeX entry as a CSL-JSON item."""
    vocabulary = csl_vocabulary()
    fields = {key.lower(): value for key, value in entry.fields_dict.items()}
    item: dict = {"id": entry.key, "type": vocabulary["bibtex_types"].get(entry.entry_type.lower(), "document")}
    for key, target in vocabulary["bibtex_fields"].items():
        if key in fields and target not in item:
            item[target] = plain(fields[key].value)
    for key, target in vocabulary["bibtex_names"].items():
        if key in fields:
            # "and others" is BibTeX's "et al.": no one to name
            item[target] = [bibtex_name(parts) for parts in fields[key].value if parts.last != ["others"]]
    if "page" in item:
        item["page"] = re.sub(r"\s*(?:--|–|—)\s*", "-", item["page"])
    issued = issued_of(fields, path)
    if issued:
        item["issued"] = issued
    if "urldate" in fields:
        item["accessed"] = date_of(plain(fields["urldate"].value), path, "urldate")
    return checked(item, path)


def bibtex_name(parts: NameParts) -> dict:
    """A CSL name, LaTeX decoded; one braced last name alone is a corporate (``literal``) name."""
    decode = LatexNodes2Text().latex_to_text
    last = parts.last
    if not parts.first and not parts.von and len(last) == 1 and last[0].startswith("{") and last[0].endswith("}"):
        return {"literal": " ".join(decode(last[0]).split())}
    return csl_name(NameParts(*([decode(word) for word in words] for words in (parts.first, parts.von, last, parts.jr))))


def issued_of(fields: dict, path: Path) -> dict | None:
    """The CSL date of ``date`` (biblatex) or ``year`` with ``month``."""
    if "date" in fields:
        return date_of(plain(fields["date"].value), path, "date")
    if "year" not in fields:
        return None
    issued = date_of(plain(fields["year"].value), path, "year")
    month = plain(fields["month"].value).lower()[:3] if "month" in fields else ""
    number = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
    if number and len(issued["date-parts"][0]) == 1:
        issued["date-parts"][0].append(number)
    return issued


def plain(value) -> str:
    """A field's text without the braces that protect its case, spaces made single."""
    return " ".join(str(value).replace("{", "").replace("}", "").split())
