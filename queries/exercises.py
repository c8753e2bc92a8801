"""Each competency question as an exercise: grade a student's answer, draw hints from the query.

**Grading.** The student's query and the catalogue's run on the same store, with
the same parameters bound; both answers are SPARQL JSON. They are compared on
the catalogue's columns, by value, ignoring row order, duplicates, and the
names and order of columns:

1. A column of the catalogue's answer that is unbound in every row is not asked for.
2. Each asked column is matched to the student's column that holds the most
   similar set of values (Jaccard index of the two sets; ties go to the column of
   the same name, then to the student's order). Each student column matches at
   most one asked column; a student column that shares no value with an asked
   column matches it only by name. Extra student columns are ignored.
3. The rows of both answers are projected on the matched columns and compared as
   sets: catalogue rows the student lacks are *missing*, the student's others
   *extra*. The answer is right when every asked column is matched and there is
   no missing and no extra row.

Terms are equal when their kind, value, language (case ignored) and datatype are
(``xsd:string`` is a plain literal); any blank node equals any other, since their
labels differ from one run to the next. An ASK is right when the booleans are.

>>> iri = lambda v: {"type": "uri", "value": "http://e/" + v}
>>> answer = {"head": {"vars": ["a", "n"]}, "results": {"bindings": [
...     {"a": iri("x"), "n": {"type": "literal", "value": "X"}}, {"a": iri("y")}]}}
>>> student = {"head": {"vars": ["thing"]}, "results": {"bindings": [{"thing": iri("y")}, {"thing": iri("z")}]}}
>>> graded = grade(answer, student)
>>> graded["correct"], graded["columns"], len(graded["missing"]), len(graded["extra"])
(False, [{'answer': 'a', 'student': 'thing'}, {'answer': 'n', 'student': None}], 1, 1)
>>> grade(answer, {"head": {"vars": ["n", "s"]}, "results": {"bindings": [
...     {"s": iri("y")}, {"s": iri("x"), "n": {"type": "literal", "value": "X"}}]}})["correct"]
True

**Hints** name the classes and properties the catalogue's query uses, read from
its parsed algebra (never written by hand): the objects of ``rdf:type`` patterns,
and every other IRI in a predicate position, property paths included.
"""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, URIRef
from rdflib.paths import Path
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term_key(term: dict | None) -> tuple | None:
    """A SPARQL JSON term as a comparable value."""
    if term is None:
        return None
    kind = term.get("type")
    if kind == "bnode":
        return ("bnode",)
    if kind in ("literal", "typed-literal"):
        datatype = term.get("datatype")
        return ("literal", term["value"], (term.get("xml:lang") or "").lower(), None if datatype == XSD_STRING else datatype)
    return ("uri", term["value"])


def columns_of(data: dict) -> tuple[list[str], list[dict]]:
    return list(data.get("head", {}).get("vars", [])), list(data.get("results", {}).get("bindings", []))


def match_columns(answer: dict, student: dict) -> list[tuple[str, str | None]]:
    """Each asked column of the answer with the student's column that matches it (rules 1 and 2)."""
    a_vars, a_rows = columns_of(answer)
    s_vars, s_rows = columns_of(student)
    asked = [v for v in a_vars if any(v in row for row in a_rows)] if a_rows else a_vars
    values = lambda rows, v: {term_key(r[v]) for r in rows if v in r}  # noqa: E731
    a_sets = {v: values(a_rows, v) for v in asked}
    s_sets = {v: values(s_rows, v) for v in s_vars}
    pairs = []
    for i, a in enumerate(asked):
        for j, s in enumerate(s_vars):
            union = a_sets[a] | s_sets[s]
            score = len(a_sets[a] & s_sets[s]) / len(union) if union else 0.0
            if score > 0 or a == s:
                pairs.append((-score, a != s, j, i, a, s))
    matched: dict[str, str] = {}
    taken: set[str] = set()
    for *_, a, s in sorted(pairs):
        if a not in matched and s not in taken:
            matched[a] = s
            taken.add(s)
    return [(a, matched.get(a)) for a in asked]


def grade(answer: dict, student: dict) -> dict:
    """Compare the student's SPARQL JSON answer with the catalogue's (the module's rules).

    Returns ``correct``, the ``columns`` matched (``answer`` -> ``student`` or ``None``),
    the ``missing`` and ``extra`` rows (SPARQL JSON bindings keyed by the answer's
    column names), and the row counts.
    """
    if "boolean" in answer or "boolean" in student:
        same = answer.get("boolean") == student.get("boolean") and "boolean" in student and "boolean" in answer
        return {"correct": same, "kind": "boolean", "expected": answer.get("boolean"), "given": student.get("boolean"),
                "columns": [], "missing": [], "extra": [], "expected_rows": 0, "student_rows": 0}
    pairs = match_columns(answer, student)
    _, a_rows = columns_of(answer)
    _, s_rows = columns_of(student)

    def project(rows, side):
        found: dict[tuple, dict] = {}
        for row in rows:
            keep = {a: row.get(a if side == "answer" else s) for a, s in pairs if (a if side == "answer" else s)}
            keep = {k: v for k, v in keep.items() if v is not None}
            key = tuple(term_key(keep.get(a)) for a, _ in pairs)
            found.setdefault(key, keep)
        return found

    expected, given = project(a_rows, "answer"), project(s_rows, "student")
    missing = [row for key, row in expected.items() if key not in given]
    extra = [row for key, row in given.items() if key not in expected]
    unmatched = [a for a, s in pairs if s is None]
    return {
        "correct": not missing and not extra and not unmatched,
        "kind": "solutions",
        "columns": [{"answer": a, "student": s} for a, s in pairs],
        "missing": missing,
        "extra": extra,
        "expected_rows": len(expected),
        "student_rows": len(given),
    }


def iris_in(node, found: Counter, role: str | None = None) -> None:
    """Collect (role, IRI) from an rdflib algebra node: classes and properties of triple patterns."""
    if isinstance(node, CompValue):
        for key, value in node.items():
            if key == "triples" and isinstance(value, list):
                for s, p, o in value:
                    if p == RDF.type and isinstance(o, URIRef):
                        found[("class", str(o))] += 1
                    elif isinstance(p, URIRef):
                        found[("property", str(p))] += 1
                    elif isinstance(p, Path):
                        for iri in path_iris(p):
                            found[("property", iri)] += 1
            else:
                iris_in(value, found)
    elif isinstance(node, (list, tuple, set)):
        for item in node:
            iris_in(item, found)
    elif isinstance(node, dict):
        for item in node.values():
            iris_in(item, found)


def path_iris(path) -> list[str]:
    """The IRIs of a property path (sequences, alternatives, inverses, repetitions)."""
    if isinstance(path, URIRef):
        return [str(path)]
    parts = []
    for attr in ("args", "arg", "path"):
        value = getattr(path, attr, None)
        if isinstance(value, (list, tuple)):
            for item in value:
                parts += path_iris(item)
        elif value is not None:
            parts += path_iris(value)
    return parts


def hints(sparql: str) -> dict[str, list[str]]:
    """The classes and properties a query uses, each list sorted.

    >>> hints("PREFIX s: <http://e/> SELECT ?x WHERE { ?x a s:C ; s:p/^s:q ?y . FILTER NOT EXISTS { ?y s:r ?z } }")
    {'classes': ['http://e/C'], 'properties': ['http://e/p', 'http://e/q', 'http://e/r']}
    """
    found: Counter = Counter()
    try:
        algebra = translateQuery(parseQuery(sparql)).algebra
    except Exception:  # a query rdflib cannot read gives no hint rather than an error
        return {"classes": [], "properties": []}
    iris_in(algebra, found)
    return {"classes": sorted(iri for kind, iri in found if kind == "class"),
            "properties": sorted(iri for kind, iri in found if kind == "property")}


def projected(sparql: str) -> list[str] | None:
    """The variables a SELECT projects (``None`` when rdflib cannot tell), to bind parameters.

    >>> projected("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a")
    ['a', 'n']
    """
    try:
        algebra = translateQuery(parseQuery(sparql)).algebra
    except Exception:
        return None
    return [str(v) for v in algebra.get("PV", [])] if algebra.name == "SelectQuery" else []
