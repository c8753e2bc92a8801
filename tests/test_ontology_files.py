"""The ontology files: cx.ttl, shapes.ttl, the example data and the violation checks.

- cx.ttl parses (pyoxigraph, rdflib), documents every term, declares the core
  terms the code relies on, and is consistent for HermiT (via owlready2);
- shapes.ttl accepts examples/valid.ttl and rejects examples/invalid.ttl;
- every checks/*-violation.rq returns no row on the valid example and at least
  one row on the invalid one (each example loaded with the ontology, queried
  over the union of graphs).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cxkg.ontology.files import ONTOLOGY_DIR
from cxkg.ontology.files import ONTOLOGY_FILE, SHAPES_FILE

EXAMPLES = ONTOLOGY_DIR / "examples"
CHECKS = sorted((ONTOLOGY_DIR / "checks").glob("*-violation.rq"))

ONTOLOGY_IRI = rdflib.URIRef("https://w3id.org/cxkg/ontology")
CX = rdflib.Namespace("https://w3id.org/cxkg/ontology#")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")


def cx_terms(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    """Every cx: IRI the ontology declares as a class, property or individual."""
    return {
        s
        for kind in TERM_TYPES
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, rdflib.URIRef) and s.startswith(str(CX))
    }


def literals(graph: rdflib.Graph, subject, predicate, lang: str) -> list[rdflib.Literal]:
    return [o for o in graph.objects(subject, predicate) if isinstance(o, rdflib.Literal) and o.language == lang]


# --- cx.ttl -----------------------------------------------------------------------


def test_cx_ttl_parses_with_pyoxigraph() -> None:
    triples = list(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE))
    assert len(triples) > 500


def test_ontology_header(ontology: rdflib.Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == rdflib.URIRef("https://w3id.org/cxkg/ontology/0.1.0")
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    for lang in ("fr", "en"):
        assert literals(ontology, ONTOLOGY_IRI, dcterms.title, lang)
        assert literals(ontology, ONTOLOGY_IRI, dcterms.description, lang)
    assert ontology.value(ONTOLOGY_IRI, dcterms.license) is not None


def test_every_term_is_documented(ontology: rdflib.Graph) -> None:
    terms = cx_terms(ontology)
    assert len(terms) > 60
    problems = []
    for term in sorted(terms):
        for lang in ("fr", "en"):
            if not literals(ontology, term, RDFS.label, lang):
                problems.append(f"{term}: no rdfs:label@{lang}")
            if len(literals(ontology, term, SKOS.prefLabel, lang)) != 1:
                problems.append(f"{term}: not exactly one skos:prefLabel@{lang}")
            if not literals(ontology, term, SKOS.definition, lang):
                problems.append(f"{term}: no skos:definition@{lang}")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology:
            problems.append(f"{term}: no rdfs:isDefinedBy the ontology")
    assert problems == []


def test_properties_have_domain_or_range(ontology: rdflib.Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if str(prop).startswith(str(CX)):
                has = ontology.value(prop, RDFS.domain) is not None or ontology.value(prop, RDFS.range) is not None
                assert has, f"{prop} has neither rdfs:domain nor rdfs:range"


def test_the_core_terms_are_defined(ontology: rdflib.Graph) -> None:
    """The terms the loaders, the checks and the catalogue rely on are declared in cx.ttl."""
    defined = {str(term)[len(str(CX)):] for term in cx_terms(ontology)}
    assert defined, "cx.ttl declares no cx: term"
    core = {"Capability", "Practice", "Touchpoint", "Channel", "supports", "fallsWithin", "quote", "evidencing"}
    assert sorted(core - defined) == []
    assert (CX.evidencing, RDF.type, rdflib.URIRef("http://www.w3.org/ns/oa#Motivation")) in ontology


def test_property_characteristics(ontology: rdflib.Graph) -> None:
    assert (CX.fallsWithin, RDF.type, OWL.TransitiveProperty) in ontology
    assert (CX.leadsTo, RDF.type, OWL.TransitiveProperty) in ontology
    assert (CX.fallsWithin, OWL.inverseOf, CX.frames) in ontology
    assert (CX.supports, OWL.inverseOf, CX.supportedBy) in ontology
    assert (CX.handledBy, OWL.inverseOf, CX.handles) in ontology
    assert (CX.treats, RDFS.subPropertyOf, rdflib.URIRef("http://purl.org/dc/terms/subject")) in ontology
    assert (CX.DigitalChannel, OWL.disjointWith, CX.PhysicalChannel) in ontology
    members = {
        frozenset(Collection(ontology, ontology.value(axiom, OWL.members)))
        for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    }
    assert frozenset({CX.Touchpoint, CX.Channel, CX.Capability, CX.Practice}) in members
    for bundler, bundled in ((CX.CrossFunctionalCapability, CX.SpecializedCapability),
                             (CX.ArchitecturalCapability, CX.CrossFunctionalCapability)):
        restrictions = [r for r in ontology.objects(bundler, RDFS.subClassOf) if isinstance(r, rdflib.BNode)]
        assert any(
            ontology.value(r, OWL.onProperty) == CX.bundles and ontology.value(r, OWL.someValuesFrom) == bundled
            for r in restrictions
        ), f"{bundler} lacks 'bundles some {bundled}'"


def test_hermit_finds_the_ontology_consistent(ontology: rdflib.Graph, tmp_path: Path) -> None:
    import owlready2

    nt = tmp_path / "cx.nt"
    nt.write_text(ontology.serialize(format="nt"), encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load()
    with onto:
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)  # raises if inconsistent
    assert list(world.inconsistent_classes()) == []


# --- shapes.ttl ---------------------------------------------------------------------


def shacl(example: str) -> tuple[bool, set[str], str]:
    """Validate an example with the ontology; conformance, focus nodes (IRIs) and report."""
    import pyshacl
    from rdflib.namespace import SH

    data = rdflib.Graph()
    data.parse(ONTOLOGY_FILE, format="turtle")
    data.parse(EXAMPLES / example, format="turtle")
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    focus = {str(node) for node in results.objects(None, SH.focusNode) if isinstance(node, rdflib.URIRef)}
    return conforms, focus, text


def test_valid_example_conforms_to_the_shapes() -> None:
    conforms, _, text = shacl("valid.ttl")
    assert conforms, text


def test_invalid_example_violates_the_shapes() -> None:
    conforms, focus, _ = shacl("invalid.ttl")
    assert not conforms
    expected = [
        "concept/c2-strategizing-capability", "concept/touchpoint-prioritization", "concept/sms", "concept/chatbot",
        "annotation/no-body", "annotation/two-pages", "statement/editorial-no-rationale", "statement/editorial-not-asserted",
        "document/000_065cf485da171822/respondent/1", "document/000_065cf485da171822/verbatim/9",
        "document/003_646ce7bedf1c5126/figure/9", "document/001_db3e0ae5cb11ca84",
        "document/003_646ce7bedf1c5126", "work/body-2015",
    ]
    missing = [iri for iri in expected if "https://w3id.org/cxkg/id/" + iri not in focus]
    assert missing == [], f"no SHACL result about {missing}"


# --- checks/*-violation.rq ------------------------------------------------------------


def store_with(example: str) -> ox.Store:
    store = ox.Store()
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode("https://w3id.org/cxkg/id/graph/ontology"))
    store.load(path=str(EXAMPLES / example), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode("https://w3id.org/cxkg/id/graph/example"))
    return store


@pytest.fixture(scope="module")
def valid_store() -> ox.Store:
    return store_with("valid.ttl")


@pytest.fixture(scope="module")
def invalid_store() -> ox.Store:
    return store_with("invalid.ttl")


def test_there_are_violation_checks() -> None:
    assert len(CHECKS) >= 9


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_has_title_and_description(check: Path) -> None:
    lines = check.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# title: ")
    assert lines[1].startswith("# description: ")


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_finds_nothing_in_valid_example(check: Path, valid_store: ox.Store) -> None:
    rows = list(valid_store.query(check.read_text(encoding="utf-8"), use_default_graph_as_union=True))
    assert [row["message"].value for row in rows] == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_finds_violations_in_invalid_example(check: Path, invalid_store: ox.Store) -> None:
    solutions = invalid_store.query(check.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    assert {"focus", "message"} <= {v.value for v in solutions.variables}
    rows = list(solutions)
    assert rows, f"{check.name} found nothing in invalid.ttl"
    assert all(row["focus"] is not None and row["message"] is not None for row in rows)
