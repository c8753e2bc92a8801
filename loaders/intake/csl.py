"""CSL-JSON items of new documents: read one from a file or a front matter, check its fields.

The kinds of the fields checked, and the item types, are data
(``ontology/vocabularies/csl.json``); other fields pass as they are. A field of
the wrong kind is an error that names the file and the field.

>>> item = front_matter_item({"title": "Essai", "author": ["Lemon, Katherine N.", "Peter C. Verhoef"],
...                           "date": "2016-11", "doi": "10.1509/jm.15.0420"}, Path("a.md"))
>>> item["author"], item["issued"], item["DOI"]
([{'family': 'Lemon', 'given': 'Katherine N.'}, {'family': 'Verhoef', 'given': 'Peter C.'}], {'date-parts': [[2016, 11]]}, '10.1509/jm.15.0420')
>>> safe_identifier("Étude Homburg et al. (2017).pdf")
'etude-homburg-et-al-2017-pdf'
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from bibtexparser.middlewares.names import InvalidNameError, NameParts, parse_single_name_into_parts

from cxkg.loaders.corpus import CorpusError
from cxkg.ontology.files import VOCABULARIES_DIR

#: Front matter keys -> CSL-JSON fields (keys as bloggers and static-site generators write them).
FRONT_MATTER_FIELDS = {
    "title": "title", "author": "author", "authors": "author", "date": "issued", "issued": "issued",
    "year": "issued", "container-title": "container-title", "journal": "container-title",
    "doi": "DOI", "DOI": "DOI", "url": "URL", "URL": "URL", "canonicalUrl": "URL",
    "language": "language", "lang": "language", "id": "id", "type": "type",
    "publisher": "publisher", "volume": "volume", "issue": "issue", "page": "page",
}

#: The longest identifier: it becomes part of IRIs and file names.
IDENTIFIER_LENGTH = 64

_DATE = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?")


@lru_cache(maxsize=1)
def csl_vocabulary() -> dict:
    """The CSL types, field kinds and BibTeX mappings (``ontology/vocabularies/csl.json``)."""
    return json.loads((VOCABULARIES_DIR / "csl.json").read_text(encoding="utf-8"))


def read_csl_file(path: Path) -> dict:
    """The one CSL-JSON item of ``path`` (an object, or a list holding one object), checked.

    :raises CorpusError: not JSON, not one object, a field of the wrong kind.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, OSError) as error:
        raise CorpusError(f"{path}: cannot read the metadata ({error})") from None
    except json.JSONDecodeError as error:
        raise CorpusError(f"{path}, line {error.lineno}: not valid JSON ({error.msg})") from None
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: expected one CSL-JSON item (an object, or a list of one object)")
    return checked(data, path)


def checked(item: dict, path: Path) -> dict:
    """``item`` with each known field checked against its kind (dates' parts made numbers)."""
    kinds = csl_vocabulary()["fields"]
    item = dict(item)
    for key, value in item.items():
        kind = kinds.get(key)
        problem = CHECKS[kind](value) if kind else None
        if problem:
            raise CorpusError(f"{path}: field {key!r} {problem}, not {json.dumps(value, default=str)[:80]}")
        if kind == "date" and "date-parts" in value:
            item[key] = {**value, "date-parts": [[int(p) for p in parts] for parts in value["date-parts"]]}
    if "type" in item and item["type"] not in csl_vocabulary()["types"]:
        raise CorpusError(f"{path}: field 'type' must be a CSL item type (article-journal, book, chapter, "
                          f"paper-conference, report, thesis, webpage...), not {item['type']!r}")
    return item


def check_string(value) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def check_number_or_string(value) -> str | None:
    ok = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
    return None if ok else "must be a number or a string"


def check_object(value) -> str | None:
    return None if isinstance(value, dict) else "must be an object"


def check_names(value) -> str | None:
    parts = ("family", "given", "literal", "dropping-particle", "non-dropping-particle", "suffix")
    if not isinstance(value, list) or not all(isinstance(name, dict) for name in value):
        return 'must be a list of names ({"family": ..., "given": ...} or {"literal": ...})'
    for name in value:
        if not (name.get("family") or name.get("literal")) or any(
                not isinstance(name[key], str) for key in parts if key in name):
            return 'must be a list of names, each with a string "family" or "literal"'
    return None


def check_date(value) -> str | None:
    shape = 'must be a date {"date-parts": [[year, month, day]]} (month and day optional)'
    if not isinstance(value, dict):
        return shape
    parts = value.get("date-parts")
    if parts is None:
        return None if isinstance(value.get("raw", value.get("literal")), str) else shape
    if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
        return shape
    for one in parts:
        if not isinstance(one, list) or not 1 <= len(one) <= 3 or not all(
                (isinstance(p, int) and not isinstance(p, bool)) or (isinstance(p, str) and p.isdigit()) for p in one):
            return shape
    return None


#: How each kind of field of ``csl.json`` is checked: a problem to say, or None.
CHECKS = {"string": check_string, "number-or-string": check_number_or_string, "names": check_names,
          "date": check_date, "object": check_object}


def front_matter_item(fields: dict, path: Path) -> dict:
    """The CSL-JSON item a Markdown front matter gives (keys of :data:`FRONT_MATTER_FIELDS`).

    :raises CorpusError: a date or an author that cannot be read.
    """
    item: dict = {}
    for key, target in FRONT_MATTER_FIELDS.items():
        value = fields.get(key)
        if value is None or target in item or value == "":
            continue
        if target == "author":
            item[target] = names_of(value, path, key)
        elif target == "issued":
            item[target] = date_of(value, path, key)
        elif csl_vocabulary()["fields"].get(target) == "string" and not isinstance(value, (dict, list)):
            item[target] = str(value)  # YAML reads `id: 2020` as a number, `date`-like text as a date
        else:
            item[target] = value
    return checked(item, path)


def names_of(value, path: Path, key: str = "author") -> list[dict]:
    """CSL names from strings (one, a list, or ``A and B``) or name objects as they are."""
    values = value if isinstance(value, list) else re.split(r"\s+and\s+|;", str(value))
    found = [name if isinstance(name, dict) else name_of(str(name), path, key) for name in values if name]
    return [name for name in found if name]


def name_of(text: str, path: Path, key: str = "author") -> dict:
    """One CSL name from ``Family, Given`` or ``Given Family`` (BibTeX's rules: a lower-case
    ``van der`` is a particle); one capitalised word (an organisation) is a ``literal`` name, and
    one lower-case word (a site's handle for its author, ``arv``) names no one: it gives ``{}``."""
    text = " ".join(text.split())
    if not text or (" " not in text and "," not in text and text.islower()):
        return {}
    if " " not in text and "," not in text:
        return {"literal": text}
    try:
        return csl_name(parse_single_name_into_parts(text))
    except InvalidNameError as error:
        raise CorpusError(f"{path}: cannot read {key} {text!r} as a name ({error})") from None


def csl_name(parts: NameParts) -> dict:
    """A BibTeX name's parts as a CSL name (``von`` is the non-dropping particle)."""
    name = {"family": " ".join(parts.last), "given": " ".join(parts.first),
            "non-dropping-particle": " ".join(parts.von), "suffix": " ".join(parts.jr)}
    return {key: value.replace("{", "").replace("}", "") for key, value in name.items() if value}


def date_of(value, path: Path, key: str = "date") -> dict:
    """A CSL date from a YAML date, a year, or ``YYYY[-MM[-DD]]`` (or with ``/``; a time after it is ignored)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return {"date-parts": [[value.year, value.month, value.day]]}
    found = _DATE.fullmatch(str(value).strip())
    if found is None:
        raise CorpusError(f"{path}: field {key!r} must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not {str(value)!r}")
    return {"date-parts": [[int(part) for part in found.groups() if part]]}


def safe_identifier(text: str) -> str:
    """The identifier ``text`` gives: accents dropped, lower case, every run of characters other
    than ``a-z``, ``0-9`` and ``_`` made one ``-``, no ``-`` or ``_`` at either end, at most
    :data:`IDENTIFIER_LENGTH` characters ('' if nothing is left). Safe in an IRI and a file name;
    the corpus's own identifiers (``000_065cf485da171822``) are left as they are."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9_]+", "-", text).strip("-_")[:IDENTIFIER_LENGTH].strip("-_")
