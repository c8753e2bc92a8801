"""Pass a remote store's SPARQL JSON answer on as it arrives, within the limits.

Reading Virtuoso's JSON into terms and writing it again costs twice what
Virtuoso takes to answer a 5,000-row query; most of the answer is already
what the client asked for. Virtuoso writes one solution per line, so the
bytes are passed on in blocks that end at a line, each block counted and
mended with a few byte replacements that make it the embedded store's JSON:
``typed-literal`` becomes ``literal`` (SPARQL 1.1 has no other), an
``xsd:string`` datatype is left out, booleans written ``1``/``0`` are given
their canonical form, and blank nodes lose Virtuoso's ``nodeID://`` scheme.
A literal's own quotes and line breaks are escaped in JSON, so none of these
patterns, nor a line break, can occur inside a value.

>>> block = (b'\\n    { "x": { "type": "bnode", "value": "nodeID://b7" }\\t, '
...          b'"y": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "2" }},')
>>> mended(block).decode()
'\\n    { "x": { "type": "bnode", "value": "b7" }\\t, "y": { "type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "2" }},'
>>> rows_in(block)
1
"""

from __future__ import annotations

from typing import Iterator

from cxkg.store.engine import TooLarge, size_text
from cxkg.store.remote_results import CUT

#: How Virtuoso opens each solution of a SPARQL JSON answer.
ROW = b'\n    { "'
XSD = b"http://www.w3.org/2001/XMLSchema#"
#: Byte replacements that turn Virtuoso's SPARQL JSON into the embedded store's, in order.
MENDS = (
    (b'"type": "typed-literal", "datatype": "' + XSD + b'string", ', b'"type": "literal", '),
    (b'"type": "typed-literal"', b'"type": "literal"'),
    (b'"datatype": "' + XSD + b'boolean", "value": "1"', b'"datatype": "' + XSD + b'boolean", "value": "true"'),
    (b'"datatype": "' + XSD + b'boolean", "value": "0"', b'"datatype": "' + XSD + b'boolean", "value": "false"'),
    (b'"type": "bnode", "value": "nodeID://', b'"type": "bnode", "value": "'),
)
#: Bytes read from the store at a time.
CHUNK = 64 * 1024


def mended(block: bytes) -> bytes:
    """``block`` of Virtuoso's JSON written as the embedded store writes it."""
    for old, new in MENDS:
        if old in block:
            block = block.replace(old, new)
    return block


def rows_in(block: bytes) -> int:
    """Solutions that start in ``block`` (a block that ends at a line break)."""
    return block.count(ROW)


def check_head(headers, limit: int | None, result_bytes: int | None) -> None:
    """Refuse, before a byte is passed on, an answer the store says is past a limit.

    Virtuoso is asked for at most ``limit`` + 1 rows and says in ``X-SPARQL-MaxRows``
    when it reached that many; it sends its ``Content-Length``.

    :raises TooLarge: as the embedded store does, for too many rows or bytes.
    """
    if limit is not None and headers.get(CUT):
        raise TooLarge(f"the result has more than {limit} rows; the limit is {limit}")
    length = headers.get("Content-Length")
    if result_bytes is not None and length and int(length) > result_bytes:
        raise TooLarge(f"the answer is larger than the limit of {size_text(result_bytes)} (CXKG_RESULT_BYTES)")


def passed_on(response, limit: int | None, result_bytes: int | None) -> Iterator[bytes]:
    """The answer's bytes, mended, in blocks that end at a line.

    Rows and bytes are counted as they pass; should the store send more than
    the limits despite its headers, the answer stops there with
    :class:`TooLarge` (the client sees a cut answer, never a whole-looking one).
    """
    rows = size = 0
    carry = b""
    try:
        while True:
            chunk = response.read(CHUNK)
            if not chunk:
                break
            carry += chunk
            end = carry.rfind(b"\n")
            if end < 0:
                continue
            block, carry = carry[:end], carry[end:]
            rows, size = count(block, rows, size, limit, result_bytes)
            yield mended(block)
        if carry:
            count(carry, rows, size, limit, result_bytes)
            yield mended(carry)
    finally:
        response.close()


def count(block: bytes, rows: int, size: int, limit: int | None, result_bytes: int | None) -> tuple[int, int]:
    """Rows and bytes so far, ``block`` included.

    :raises TooLarge: past either limit.
    """
    rows, size = rows + rows_in(block), size + len(block)
    if limit is not None and rows > limit:
        raise TooLarge(f"the result has more than {limit} rows; the limit is {limit}")
    if result_bytes is not None and size > result_bytes:
        raise TooLarge(f"the answer is larger than the limit of {size_text(result_bytes)} (CXKG_RESULT_BYTES)")
    return rows, size
