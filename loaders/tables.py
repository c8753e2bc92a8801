"""Rows of the tables of a research paper, read back from text where the cells were flattened.

PDF extraction leaves one cell per line (or several), cells of a row one after the
other, sometimes two on a line. Rows are found by the shapes that open or close
them, never by position: a capability name opening a row, a definition opening
with its own sentence start, a cell holding only citations, a notation
(``C1.``), a yes/no flag ending an interview row, « » quotations each followed by
a [bracketed attribution]. Each function reads one :class:`~cxkg.loaders.segment.Region`
of a text cleaned with its lines kept (``normalize.clean``).

>>> from cxkg.loaders.normalize import clean
>>> from cxkg.loaders.segment import Caption, Region
>>> n = clean("C1. Capacité de\\nveille\\nCapacité à observer.\\n", lambda w: False)
>>> cap = Caption("Tableau", "2", None, 0, 0)
>>> [(r.notation, r.name.value, r.definition.value) for r in notated_capability_rows(n, Region(cap, 0, len(n.text)))]
[('C1', 'Capacité de veille', 'Capacité à observer.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from cxkg.loaders.citations import cell_citations
from cxkg.loaders.normalize import Normalized, fold, read
from cxkg.loaders.records import CapabilityRow, InterviewRow, Span, Text, VerbatimRow
from cxkg.loaders.segment import Line, Region, lines

_QUOTE = re.compile(r"«(.*?)»(?:\s*\[([^\]]*)\])?", re.S)
_PUNCT = " \t\n.,;:"


def _rows(n: Normalized, region: Region) -> list[Line]:
    """The non-blank lines of a region."""
    return [r for r in lines(n, region.start, region.end) if not r.blank]


def _opens_lower(line: Line) -> bool:
    return line.text.strip()[:1].islower()


def capability_rows(n: Normalized, region: Region, row_start: str = r"Capacit[ée]\b",
                    definition_start: str = r"C[’']est\b") -> list[CapabilityRow]:
    """Rows name / definition / studying articles of a capability table.

    :param row_start: how a name cell opens (a line starting so opens a row).
    :param definition_start: how a definition cell opens.
    A row's articles are its last lines that hold nothing but citations.
    """
    rows = _rows(n, region)
    starts = [i for i, r in enumerate(rows) if re.match(row_start, r.text.strip())]
    out: list[CapabilityRow] = []
    for k, i in enumerate(starts):
        chunk = rows[i: starts[k + 1] if k + 1 < len(starts) else len(rows)]
        d = next((j for j, r in enumerate(chunk) if j and re.match(definition_start, r.text.strip())), None)
        if d is None:
            continue
        a = next((j for j in range(d + 1, len(chunk)) if cell_citations(n, chunk[j].start, chunk[-1].end)), len(chunk))
        studied = cell_citations(n, chunk[a].start, chunk[-1].end) if a < len(chunk) else ()
        out.append(CapabilityRow(region.caption.label, read(n, chunk[0].start, chunk[d - 1].end, _PUNCT),
                                 read(n, chunk[d].start, chunk[a - 1].end), None, studied or ()))
    return out


def notated_capability_rows(n: Normalized, region: Region, notation: str = r"C\d+") -> list[CapabilityRow]:
    """Rows ``C1. name`` / definition: the name runs on lowercase-initial lines, the definition follows.

    :param notation: the shape of a row's notation; a line opening with it (and a full stop) opens a row.
    """
    rows = _rows(n, region)
    head = re.compile(rf"\s*({notation})\.\s+(?=\S)")
    starts = [i for i, r in enumerate(rows) if head.match(r.text)]
    out: list[CapabilityRow] = []
    for k, i in enumerate(starts):
        chunk = rows[i: starts[k + 1] if k + 1 < len(starts) else len(rows)]
        d = next((j for j in range(1, len(chunk)) if not _opens_lower(chunk[j])), len(chunk))
        m = head.match(chunk[0].text)
        name = read(n, chunk[0].start + m.end(), chunk[d - 1].end, _PUNCT)
        definition = read(n, chunk[d].start, chunk[-1].end) if d < len(chunk) else Text("", Span(name.span.end, name.span.end))
        out.append(CapabilityRow(region.caption.label, name, definition, m.group(1)))
    return out


def _suffix(text: str, stop: int, known: Sequence[str]) -> tuple[int, int] | None:
    """The range of the longest known value that ``text[:stop]`` ends with, on a word boundary."""
    head = text[:stop].rstrip()
    low = head.casefold()
    for value in sorted((" ".join(v.split()) for v in known), key=len, reverse=True):
        v = value.casefold()
        if v and low.endswith(v) and (len(low) == len(v) or low[-len(v) - 1] == " "):
            return len(head) - len(v), len(head)
    return None


def split_cells(row: Normalized, sectors: Sequence[str], company_types: Sequence[str]) -> tuple[Text, Text, Text]:
    """Function, company type and sector of an interview row's folded text (flag excluded).

    The sector is the longest known sector the row ends with, the company type the
    longest known type before it; the function is what is left. A value not found is empty.

    >>> from cxkg.loaders.normalize import normalize
    >>> cells = split_cells(normalize("Directeur associé Conseil web Tous secteurs", lambda w: False),
    ...                     ["Tous secteurs"], ["Conseil web"])
    >>> [c.value for c in cells]
    ['Directeur associé', 'Conseil web', 'Tous secteurs']
    """
    end = len(row.text.rstrip())
    sector = _suffix(row.text, end, sectors) or (end, end)
    kind = _suffix(row.text, sector[0], company_types) or (sector[0], sector[0])
    return row.value(0, kind[0]), row.value(*kind), row.value(*sector)


def interview_rows(n: Normalized, region: Region, sectors: Sequence[str], company_types: Sequence[str],
                   flags: tuple[str, str] = ("oui", "non"), header_lines: int = 1) -> list[InterviewRow]:
    """Rows function / company type / sector / confidentiality of an interview table.

    A row ends with its yes/no flag; its cells have no delimiter, so the sector and
    company type are recognised among known values (longest first), from the end.

    :param sectors: the sector values the table may hold.
    :param company_types: the company-type values the table may hold.
    :param flags: the words for yes (confidential) and no, matched case-insensitively.
    :param header_lines: non-blank lines of the header row.
    """
    flag = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, flags))})\s*$", re.I)
    out: list[InterviewRow] = []
    start = None
    for r in _rows(n, region)[header_lines:]:
        start = r.start if start is None else start
        m = flag.search(r.text)
        if m is None:
            continue
        function, kind, sector = split_cells(fold(n.slice(start, r.start + m.start(1))), sectors, company_types)
        flag_end = n.span(r.start + m.start(1), r.start + m.end(1)).end
        out.append(InterviewRow(region.caption.label, len(out) + 1, function, kind, sector,
                                m.group(1).casefold() == flags[0].casefold(), Span(function.span.start, flag_end)))
        start = None
    return out


def _label(body: Normalized, start: int, end: int, notation: str) -> tuple[str | None, Text]:
    """The row label between two quotations, with its notation if it opens with one."""
    m = re.match(rf"[{_PUNCT}]*({notation})\b\.?", body.text[start:end])
    code = m.group(1) if m else None
    s = start + (m.end() if m else 0)
    while s < end and body.text[s] in _PUNCT:
        s += 1
    e = end
    while e > s and body.text[e - 1] in _PUNCT:
        e -= 1
    return code, body.value(s, e)


def verbatim_rows(n: Normalized, region: Region, notation: str = r"C\d+",
                  header: str = r"Verbatims?") -> list[VerbatimRow]:
    """One row per « » quotation, filed under the label (and notation) that precedes it.

    Text between two quotations (beyond punctuation) is a new label; a quotation
    right after another keeps the label. A [bracketed] text right after a quotation
    is its attribution.

    :param notation: the shape of a label's notation (``C3``).
    :param header: the header's last cell; the header runs to the line ending with it.
    """
    rows = _rows(n, region)
    h = next((r for r in rows if re.search(rf"(?<!\w)(?:{header})\s*$", r.text.strip())), None)
    body = fold(n.slice(h.end if h else region.start, region.end))
    out: list[VerbatimRow] = []
    code, about, previous = None, Text("", body.span(0, 0)), 0
    for q in _QUOTE.finditer(body.text):
        if body.text[previous:q.start()].strip(_PUNCT):
            code, about = _label(body, previous, q.start(), notation)
        attribution = body.value(q.start(2), q.end(2)) if q.group(2) is not None else None
        out.append(VerbatimRow(region.caption.label, about, body.value(q.start(1), q.end(1)), code, attribution))
        previous = q.end()
    return out


@dataclass(frozen=True)
class TableRows:
    """The rows of all the captioned tables of a document, by kind of table."""

    capabilities: tuple[CapabilityRow, ...] = ()
    interviews: tuple[InterviewRow, ...] = ()
    verbatims: tuple[VerbatimRow, ...] = ()


def table_kind(n: Normalized, region: Region, notation: str = r"C\d+",
               flags: tuple[str, str] = ("oui", "non")) -> str:
    """What a region holds, told by its shape: ``verbatims`` (« » quotations), ``interviews``
    (three or more lines ending with a yes/no flag), ``notated`` (two or more rows opening
    with a notation) or ``capabilities``.

    >>> from cxkg.loaders.normalize import clean
    >>> from cxkg.loaders.segment import Caption
    >>> n = clean("C1\\nAnalyse\\n« On observe » [directeur]\\n", lambda w: False)
    >>> table_kind(n, Region(Caption("Annexe", "2", None, 0, 0), 0, len(n.text)))
    'verbatims'
    """
    text = n.text[region.start:region.end]
    rows = _rows(n, region)
    if _QUOTE.search(text):
        return "verbatims"
    flag = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, flags))})\s*$", re.I)
    if sum(bool(flag.search(r.text)) for r in rows) >= 3:
        return "interviews"
    if sum(bool(re.match(rf"\s*(?:{notation})\.\s+\S", r.text)) for r in rows) >= 2:
        return "notated"
    return "capabilities"


def read_tables(n: Normalized, regions: Sequence[Region], sectors: Sequence[str] = (),
                company_types: Sequence[str] = ()) -> TableRows:
    """The rows of every region, each read by the extractor its shape calls for.

    :param regions: the document's table regions (``segment.table_regions``).
    :param sectors: known sector values, for interview tables.
    :param company_types: known company-type values, for interview tables.
    """
    caps: list[CapabilityRow] = []
    interviews: list[InterviewRow] = []
    verbatims: list[VerbatimRow] = []
    for region in regions:
        kind = table_kind(n, region)
        if kind == "verbatims":
            verbatims += verbatim_rows(n, region)
        elif kind == "interviews":
            interviews += interview_rows(n, region, sectors, company_types)
        elif kind == "notated":
            caps += notated_capability_rows(n, region)
        else:
            caps += capability_rows(n, region)
    return TableRows(tuple(caps), tuple(interviews), tuple(verbatims))
