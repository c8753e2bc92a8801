"""Who said a verbatim: its bracketed attribution read, and the interview row it points to.

A field study files each verbatim with a bracketed attribution that says what
the text gives of the speaker: a function and an organisation ("[Directeur
marketing, Intermarché]"), a function and a sector ("[Directeur de projet UX,
B2B]") or company type ("[directeur associé, conseil en expérience client]"),
or the number of a row of its table of interviews ("[20]"). A part is a sector
or a company type when the table's known values say so, an organisation when
the project knows it or it is written as a proper name; anything else is a
description. The speaker is the respondent of a row when the attribution
points to it, or when exactly one row agrees with everything the attribution
gives (function, sector, company type); otherwise the attribution describes a
speaker of its own.

>>> a = read_attribution("directeur associé, conseil en expérience client", ["GSA"], ["Conseil en expérience client"], lambda n: False)
>>> a.function, a.company_type, a.organisation
('directeur associé', 'conseil en expérience client', None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from cxkg.loaders.records import InterviewRow
from cxkg.ontology.labels import fold

#: A part written as a proper name: capitalised words (Carrefour, ADEO, Leroy Merlin).
PROPER_NAME = re.compile(r"^[A-ZÀ-Ý][\wÀ-ÿ'’&-]*(?: [A-ZÀ-Ý][\wÀ-ÿ'’&-]*)*$")


@dataclass(frozen=True)
class Attribution:
    """What a verbatim's attribution says of its speaker."""

    text: str
    function: str | None = None
    row: int | None = None  # the row of the table of interviews it points to ("[20]")
    sector: str | None = None  # as the known values write it
    company_type: str | None = None
    organisation: str | None = None
    description: str | None = None


def plural_key(value: str) -> str:
    """A value folded, each word without a final plural s: variants of one cell meet.

    >>> plural_key("Equipements B2B") == plural_key("Equipement B2B")
    True
    """
    return " ".join(re.sub(r"(?<=\w\w)[sx]$", "", word) for word in fold(value).split())


def known_value(text: str, known: Sequence[str]) -> str | None:
    """The first known value that ``text`` writes, up to case, accents and plural."""
    key = plural_key(text)
    return next((value for value in known if plural_key(value) == key), None)


def sector_name(text: str, known: Sequence[str]) -> str:
    """The name of a sector: the first known value it writes, else the text as written."""
    return known_value(text, known) or " ".join(text.split())


def read_attribution(text: str, sectors: Sequence[str], company_types: Sequence[str],
                     is_organisation: Callable[[str], bool]) -> Attribution:
    """The parts of a bracketed attribution, each for what it is.

    :param is_organisation: whether the project knows a name as an organisation.
    """
    body = " ".join(text.strip("[]. ").split())
    if body.isdigit():
        return Attribution(body, row=int(body))
    parts = [p.strip() for p in body.split(",") if p.strip()]
    if len(parts) == 1 and is_organisation(parts[0]):
        return Attribution(body, organisation=parts[0])
    found: dict[str, str] = {}
    described: list[str] = []
    for part in parts[1:]:
        if known_value(part, sectors) and "sector" not in found:
            found["sector"] = known_value(part, sectors) or part
        elif known_value(part, company_types) and "company_type" not in found:
            found["company_type"] = part
        elif (is_organisation(part) or PROPER_NAME.match(part)) and "organisation" not in found:
            found["organisation"] = part
        else:
            described.append(part)
    return Attribution(body, parts[0] if parts else None, None, found.get("sector"), found.get("company_type"),
                       found.get("organisation"), ", ".join(described) or None)


def _words(text: str) -> set[str]:
    return set(fold(text).split())


def _agrees(row: InterviewRow, attribution: Attribution, sectors: Sequence[str]) -> bool:
    """The row says nothing against the sector and company type the attribution gives."""
    if attribution.sector and plural_key(sector_name(row.sector.value, sectors)) != plural_key(attribution.sector):
        return False
    return not attribution.company_type or fold(row.company_type.value) == fold(attribution.company_type)


def speaking_row(attribution: Attribution, rows: Sequence[InterviewRow],
                 sectors: Sequence[str] = ()) -> InterviewRow | None:
    """The row of the table of interviews the attribution designates, if exactly one.

    A row is designated by its number, or by its function (the same words; failing
    that, the row's function with words of its own company type or sector, as in
    "Conseil consultant junior" for a junior consultant of a consultancy) when it
    agrees with the rest of the attribution.
    """
    if attribution.row is not None:
        return next((r for r in rows if r.number == attribution.row), None)
    if not attribution.function:
        return None
    wanted = fold(attribution.function)
    same = [r for r in rows if fold(r.function.value) == wanted and _agrees(r, attribution, sectors)]
    if not same:
        said = _words(attribution.function)
        same = [r for r in rows if _words(r.function.value) < said
                and said - _words(r.function.value) <= _words(f"{r.company_type.value} {r.sector.value}")
                and _agrees(r, attribution, sectors)]
    return same[0] if len(same) == 1 else None
