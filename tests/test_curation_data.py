"""The project's curated data: concept scheme, concepts, organisations, editorial
alignments (ontology/data/) and the readings of the corpus (ontology/readings/).

Checks that every file parses, that each concept is well formed (one prefLabel per
language, an English definition, in the scheme), that labels do not collide, that
every resource the alignments and readings name is declared, and that every reading's
quote is found in its document once the text is cleaned the way the readings are
written (white space folded, line-break hyphenation repaired).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, SKOS

from cxkg.ontology.files import ONTOLOGY_DIR
from cxkg.ontology.files import DATA_DIR, READINGS_DIR


CX = Namespace("https://w3id.org/cxkg/ontology#")
BASE = "https://w3id.org/cxkg/id/"
SCHEME = URIRef(BASE + "scheme")
AGENT = URIRef(BASE + "agent/cxkg")
CONCEPT = BASE + "concept/"


# --- loading -------------------------------------------------------------------------


def data_files() -> list[Path]:
    return sorted(DATA_DIR.rglob("*.ttl"))


def reading_files() -> list[Path]:
    return sorted(READINGS_DIR.glob("*.ttl"))


@lru_cache(maxsize=None)
def parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@lru_cache(maxsize=1)
def data_graph() -> Graph:
    g = Graph()
    for f in data_files():
        g += parse(f)
    return g


def concepts(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)}


def local(iri: URIRef) -> str:
    return str(iri).replace(BASE, "")


# --- cleaning, as the readings' quotes are written ----------------------------------------

#: a word cut by a hyphen at the end of a line (blank lines may follow)
LINE_HYPHEN = re.compile(r"(\w+)-[ \t\u00a0\u202f]*\r?\n\s*(\w+)")
SPACE = re.compile(r"[\s\u00a0\u202f]+")


def corpus_vocabulary(texts: dict[str, str]) -> frozenset[str]:
    """The words of the corpus, leaving out the fragments of line-break hyphenation."""
    words: set[str] = set()
    for text in texts.values():
        words.update(w.lower() for w in re.findall(r"\w+", LINE_HYPHEN.sub(" ", text)))
    return frozenset(words)


def clean(text: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Fold white space and repair hyphenation at line breaks.

    A hyphenated line break is a cut word ("concur-\\nrentiel" -> "concurrentiel") when
    the joined word occurs elsewhere in the corpus, or when the second part starts in
    lower case and the first part is not a word of its own; otherwise it is a real
    compound and keeps its hyphen ("expérience-\\nsatisfaction" ->
    "expérience-satisfaction").

    >>> clean("un avantage concur-\\nrentiel", frozenset({"concurrentiel"}))
    'un avantage concurrentiel'
    >>> clean("« expérience-\\nsatisfaction »", frozenset({"expérience", "satisfaction"}))
    '« expérience-satisfaction »'
    >>> clean("a\\u00a0 b\\t\\n c")
    'a b c'
    """

    def join(m: re.Match) -> str:
        first, second = m.group(1), m.group(2)
        if (first + second).lower() in vocabulary:
            return first + second
        if second[:1].islower() and first.lower() not in vocabulary:
            return first + second
        return f"{first}-{second}"

    return SPACE.sub(" ", LINE_HYPHEN.sub(join, text)).strip()


def normalise_label(label: str) -> str:
    """Case-, accent-, apostrophe- and hyphen-insensitive form of a label."""
    s = unicodedata.normalize("NFKD", label.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("‘", "'")
    return re.sub(r"[\s\-]+", " ", s).strip()


# --- the files ------------------------------------------------------------------------------


def test_file_lists_are_not_empty():
    assert data_files(), f"no Turtle file under {DATA_DIR}"
    assert reading_files(), f"no Turtle file under {READINGS_DIR}"
    assert (DATA_DIR / "scheme.ttl").exists()
    assert (DATA_DIR / "alignments.ttl").exists()
    assert (DATA_DIR / "organisations.ttl").exists()
    assert list((DATA_DIR / "concepts").glob("*.ttl"))


@pytest.mark.parametrize("path", data_files() + reading_files(), ids=lambda p: p.name)
def test_file_parses(path):
    assert len(parse(path)) > 0, f"{path.name} holds no triple"


def test_reading_files_are_named_after_corpus_documents(corpus_texts):
    assert reading_files(), f"no reading under {READINGS_DIR}"
    unknown = [p.name for p in reading_files() if p.stem not in corpus_texts]
    assert not unknown, f"reading files naming no corpus document: {unknown}"


# --- the scheme and its concepts ---------------------------------------------------------------


def test_scheme_and_agent():
    g = data_graph()
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in g
    titles = {t.language for t in g.objects(SCHEME, URIRef("http://purl.org/dc/terms/title"))}
    assert {"fr", "en"} <= titles
    assert (SCHEME, URIRef("http://purl.org/dc/terms/creator"), AGENT) in g
    assert (AGENT, RDF.type, PROV.Organization) in g


def test_every_concept_is_well_formed():
    g = data_graph()
    problems = []
    for c in sorted(concepts(g)):
        name = local(c)
        if not str(c).startswith(CONCEPT):
            problems.append(f"{c}: concept outside {CONCEPT}")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(c)[len(CONCEPT):]):
            problems.append(f"{name}: slug is not lowercase ascii with hyphens")
        if (c, SKOS.inScheme, SCHEME) not in g:
            problems.append(f"{name}: not in the scheme")
        if (c, RDF.type, OWL.NamedIndividual) not in g:
            problems.append(f"{name}: not an owl:NamedIndividual")
        for lang in ("fr", "en"):
            labels = [l for l in g.objects(c, SKOS.prefLabel) if l.language == lang]
            if len(labels) != 1:
                problems.append(f"{name}: {len(labels)} prefLabel @{lang}")
        other = [l for l in g.objects(c, SKOS.prefLabel) if l.language not in ("fr", "en")]
        if other:
            problems.append(f"{name}: prefLabel without fr/en tag: {other}")
        definitions = list(g.objects(c, SKOS.definition))
        if not any(d.language == "en" for d in definitions):
            problems.append(f"{name}: no English definition")
        for d in definitions:
            if d.language == "fr" and (c, CX.editorialDefinition, d) not in g:
                problems.append(f"{name}: French definition in data not marked cx:editorialDefinition "
                                "(a source's definition belongs to the readings)")
    assert not problems, "\n".join(problems)


def test_no_two_concepts_share_a_preflabel_in_a_language():
    g = data_graph()
    seen: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for c in concepts(g):
        for l in g.objects(c, SKOS.prefLabel):
            seen[(normalise_label(str(l)), l.language)].add(c)
    shared = {k: sorted(local(c) for c in v) for k, v in seen.items() if len(v) > 1}
    assert not shared, f"prefLabels shared by several concepts: {shared}"


def test_no_label_is_shared_by_two_concepts():
    """A label (pref or alt, any language) must name one concept only: mentions resolve by label."""
    g = data_graph()
    seen: dict[str, set[URIRef]] = defaultdict(set)
    for c in concepts(g):
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for l in g.objects(c, p):
                seen[normalise_label(str(l))].add(c)
    shared = {k: sorted(local(c) for c in v) for k, v in seen.items() if len(v) > 1}
    assert not shared, f"labels shared by several concepts: {shared}"


def test_notations_are_c1_to_c7():
    g = data_graph()
    notations = {str(n): c for c, n in g.subject_objects(SKOS.notation) if c in concepts(g)}
    assert sorted(notations) == [f"C{i}" for i in range(1, 8)]
    for n, c in notations.items():
        assert local(c).startswith(f"concept/{n.lower()}-"), (n, c)
        assert (c, RDF.type, CX.SpecializedCapability) in g, c


def test_hierarchy_is_consistent():
    g = data_graph()
    cs = concepts(g)
    problems = []
    for s, o in g.subject_objects(SKOS.broader):
        if o not in cs:
            problems.append(f"{local(s)} broader undeclared {o}")
        if (o, SKOS.narrower, s) not in g:
            problems.append(f"{local(o)} lacks narrower {local(s)}")
    for s, o in g.subject_objects(SKOS.narrower):
        if o not in cs:
            problems.append(f"{local(s)} narrower undeclared {o}")
        if (o, SKOS.broader, s) not in g:
            problems.append(f"{local(o)} lacks broader {local(s)}")
    tops = set(g.objects(SCHEME, SKOS.hasTopConcept))
    for c in cs:
        is_top = (c, SKOS.topConceptOf, SCHEME) in g
        if is_top != (c in tops):
            problems.append(f"{local(c)}: topConceptOf and hasTopConcept disagree")
        if is_top and (c, SKOS.broader, None) in g:
            problems.append(f"{local(c)}: top concept with a broader concept")
        if not is_top and (c, SKOS.broader, None) not in g:
            problems.append(f"{local(c)}: neither a top concept nor under a broader one")
    assert not problems, "\n".join(problems)


def test_organisations_are_not_concepts():
    g = data_graph()
    ORG = Namespace("http://www.w3.org/ns/org#")
    orgs = set(g.subjects(RDF.type, ORG.Organization))
    assert len(orgs) >= 11
    for o in orgs:
        assert str(o).startswith(BASE + "organisation/"), o
        assert (o, RDF.type, SKOS.Concept) not in g, o
        assert g.value(o, SKOS.prefLabel) is not None, o


def test_every_known_sector_is_a_sector_with_french_and_english_labels():
    """The sector values the table reader knows (a plural variant is the same sector) are
    cx:Sector resources named by their slug, labelled in French and English."""
    import json

    from cxkg.loaders.speakers import sector_name
    from cxkg.loaders.terms import slug
    from cxkg.ontology.files import VOCABULARIES_DIR

    known = json.loads((VOCABULARIES_DIR / "interview-cells.json").read_text(encoding="utf-8"))["sectors"]
    assert known
    g = data_graph()
    problems = []
    for value in known:
        sector = URIRef(BASE + "sector/" + slug(sector_name(value, known)))
        if (sector, RDF.type, CX.Sector) not in g:
            problems.append(f"{value}: no cx:Sector {local(sector)}")
        for lang in ("fr", "en"):
            if len([l for l in g.objects(sector, SKOS.prefLabel) if l.language == lang]) != 1:
                problems.append(f"{local(sector)}: not one prefLabel @{lang}")
        if (sector, SKOS.prefLabel, Literal(sector_name(value, known), lang="fr")) not in g:
            problems.append(f"{local(sector)}: its French prefLabel is not the value the tables write")
    assert not problems, "\n".join(problems)


def test_qualifiers_form_their_own_scheme():
    g = data_graph()
    qualifiers = set(g.subjects(RDF.type, CX.Qualifier))
    assert len(qualifiers) >= 5
    scheme = URIRef(BASE + "qualifiers")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    for q in qualifiers:
        assert str(q).startswith(BASE + "qualifier/") and (q, SKOS.inScheme, scheme) in g, q
        assert (q, RDF.type, SKOS.Concept) not in g, f"{q}: a qualifier is no domain concept"
        for lang in ("fr", "en"):
            assert len([l for l in g.objects(q, SKOS.prefLabel) if l.language == lang]) == 1, (q, lang)
            assert any(d.language == lang for d in g.objects(q, SKOS.definition)), (q, lang)


# --- what alignments and readings refer to -------------------------------------------------------


def declared() -> set[URIRef]:
    g = data_graph()
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}


def referenced(g: Graph) -> set[URIRef]:
    """IRIs under the resource base used as subject or object (also inside reifications)."""
    found = set()
    for s, p, o in g:
        for term in (s, o):
            if isinstance(term, URIRef) and str(term).startswith(BASE):
                found.add(term)
    return found


def test_alignments_and_readings_name_declared_resources():
    known = declared() | {SCHEME}
    problems = []
    alignments = DATA_DIR / "alignments.ttl"
    for f in [alignments] + reading_files():
        for iri in sorted(referenced(parse(f)) - known):
            if f == alignments and str(iri).startswith(BASE + "alignment/"):
                continue  # the editorial statements themselves
            problems.append(f"{f.name}: {iri} is not declared in ontology/data")
    assert not problems, "\n".join(problems)


def test_the_data_uses_only_terms_the_ontology_declares():
    """cx.ttl is the one list of cx: terms (documented at /ontology): data may use no other."""
    declared = {str(s)[len(str(CX)):] for s in parse(ONTOLOGY_DIR / "cx.ttl").subjects() if str(s).startswith(str(CX))}
    assert declared, "cx.ttl declares no cx: term"
    listed = declared | {"occurrence"}  # reading-file annotation, alongside cx:quote
    problems = []
    for f in data_files() + reading_files():
        for triple in parse(f):
            for term in triple:
                if isinstance(term, URIRef) and str(term).startswith(str(CX)):
                    name = str(term)[len(str(CX)):]
                    if name not in listed:
                        problems.append(f"{f.name}: cx:{name} is not declared in cx.ttl")
    assert not problems, "\n".join(sorted(set(problems)))


def test_editorial_statements():
    g = parse(DATA_DIR / "alignments.ttl")
    statements = set(g.subjects(RDF.type, CX.EditorialStatement))
    assert statements
    problems = []
    for st in statements:
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        if None in (s, p, o):
            problems.append(f"{local(st)}: incomplete reification")
            continue
        if (s, p, o) not in g:
            problems.append(f"{local(st)}: the decided triple itself is not stated")
        if not any(r.language == "en" for r in g.objects(st, CX.rationale)):
            problems.append(f"{local(st)}: no English rationale")
        if (st, PROV.wasAttributedTo, AGENT) not in g:
            problems.append(f"{local(st)}: not attributed to the project")
    for s, o in g.subject_objects(CX.supports):
        if not any(
            g.value(st, RDF.subject) == s and g.value(st, RDF.object) == o for st in statements
        ):
            problems.append(f"{local(s)} supports {local(o)} without an editorial statement")
    assert not problems, "\n".join(problems)


def test_editorial_alignment_of_capabilities_and_practices():
    g = parse(DATA_DIR / "alignments.ttl")
    c = lambda slug: URIRef(CONCEPT + slug)  # noqa: E731
    supports = {(local(s), local(o)) for s, o in g.subject_objects(CX.supports)}
    expected = {
        ("c1-customer-experience-analysis-capability", "touchpoint-adaptation"),
        ("c2-customer-journey-strategizing-capability", "touchpoint-prioritization"),
        ("c3-new-customer-journey-deployment-capability", "touchpoint-journey-design"),
        ("c4-journey-control-capability", "touchpoint-journey-monitoring"),
        ("c5-horizontal-dissemination-capability", "touchpoint-journey-design"),
        ("c7-graphic-journey-design-capability", "touchpoint-journey-design"),
        ("c7-graphic-journey-design-capability", "touchpoint-adaptation"),
        ("touchpoint-journey-design-capability", "touchpoint-journey-design"),
        ("touchpoint-prioritization-capability", "touchpoint-prioritization"),
        ("touchpoint-journey-monitoring-capability", "touchpoint-journey-monitoring"),
        ("touchpoint-adaptation-capability", "touchpoint-adaptation"),
    }
    assert supports == {(f"concept/{a}", f"concept/{b}") for a, b in expected}
    assert (
        c("touchpoint-journey-design-capability"),
        SKOS.related,
        c("c5-horizontal-dissemination-capability"),
    ) in g


# --- readings -------------------------------------------------------------------------------------


def readings(g: Graph):
    for st in g.subjects(CX.quote, None):
        yield st


def test_readings_are_complete_statements():
    problems = []
    for f in reading_files():
        g = parse(f)
        for st in readings(g):
            if (st, RDF.type, RDF.Statement) not in g:
                problems.append(f"{f.name}: a quote on something that is not an rdf:Statement")
            for p in (RDF.subject, RDF.predicate, RDF.object):
                if len(list(g.objects(st, p))) != 1:
                    problems.append(f"{f.name}: statement with {len(list(g.objects(st, p)))} {p}")
            if len(list(g.objects(st, CX.quote))) != 1:
                problems.append(f"{f.name}: statement with several quotes")
            if g.value(st, RDF.predicate) == RDF.type and not isinstance(g.value(st, RDF.object), URIRef):
                problems.append(f"{f.name}: rdf:type reading whose object is not a class IRI")
        for st in g.subjects(RDF.type, RDF.Statement):
            if g.value(st, CX.quote) is None:
                problems.append(f"{f.name}: statement without cx:quote")
    assert not problems, "\n".join(problems)


def test_reading_quotes_are_found_in_their_documents(corpus_dir, corpus_texts):
    assert reading_files(), f"no reading under {READINGS_DIR}"
    vocabulary = corpus_vocabulary(corpus_texts)
    problems = []
    for f in reading_files():
        if f.stem not in corpus_texts:
            problems.append(f"{f.name}: no document {f.stem}.txt in {corpus_dir}")
            continue
        text = clean(corpus_texts[f.stem], vocabulary)
        g = parse(f)
        for st in readings(g):
            quote = str(g.value(st, CX.quote))
            count = text.count(quote)
            occurrence = g.value(st, CX.occurrence)
            if count == 0:
                problems.append(f"{f.name}: quote not found: {quote!r}")
            elif count > 1 and occurrence is None:
                problems.append(f"{f.name}: quote found {count} times, give cx:occurrence: {quote!r}")
            elif occurrence is not None and not 1 <= int(occurrence) <= count:
                problems.append(f"{f.name}: cx:occurrence {occurrence} but {count} found: {quote!r}")
            obj = g.value(st, RDF.object)
            if g.value(st, RDF.predicate) == SKOS.definition:
                if not (isinstance(obj, Literal) and obj.language == "fr"):
                    problems.append(f"{f.name}: definition reading without a French literal: {obj!r}")
                elif str(obj) not in text:
                    problems.append(f"{f.name}: definition not found in the document: {str(obj)!r}")
    assert not problems, "\n".join(problems)


def test_competency_readings_are_present():
    """Spot checks of readings the competency questions rely on."""
    g = Graph()
    for f in reading_files():
        g += parse(f)

    def has(s, p, o):
        return any(
            g.value(st, RDF.subject) == s and g.value(st, RDF.predicate) == p and g.value(st, RDF.object) == o
            for st in g.subjects(RDF.type, RDF.Statement)
        )

    c = lambda slug: URIRef(CONCEPT + slug)  # noqa: E731
    org = lambda slug: URIRef(BASE + "organisation/" + slug)  # noqa: E731
    expected = [
        (c("user-experience"), CX.handledBy, c("design")),
        (c("customer-experience"), CX.handledBy, c("customer-relationship")),
        (c("brand-experience"), CX.handledBy, c("marketing")),
        (c("customer-experience"), CX.fallsWithin, c("brand-experience")),
        (c("user-experience"), CX.fallsWithin, c("customer-experience")),
        (c("wanted-experience"), CX.heldBy, c("leaders")),
        (c("proposed-experience"), CX.heldBy, c("organisation")),
        (c("expected-experience"), CX.heldBy, c("future-customers")),
        (c("lived-experience"), CX.heldBy, c("consumers")),
        (c("cem"), CX.encompasses, c("crm")),
        (c("journey-simplicity"), CX.criterionOf, c("successful-customer-journey")),
        (c("channel-consistency"), CX.criterionOf, c("successful-customer-journey")),
        (c("employee-experience"), CX.influences, c("customer-experience")),
    ]
    expected += [(c(v), CX.guides, c(e)) for v in ("conviviality", "simplicity", "authenticity")
                 for e in ("target-experience", "customer-experience", "employee-experience")]
    expected += [(org(o), RDF.type, CX.ExperienceChampion)
                 for o in ("nespresso", "starbucks", "amazon", "mercedes")]
    expected += [(c(k), RDF.type, CX.SpecializedCapability) for k in (
        "c1-customer-experience-analysis-capability", "c2-customer-journey-strategizing-capability",
        "c3-new-customer-journey-deployment-capability", "c4-journey-control-capability",
        "c5-horizontal-dissemination-capability", "c6-vertical-dissemination-capability",
        "c7-graphic-journey-design-capability")]
    missing = [f"{local(s)} {p.n3()} {local(o) if str(o).startswith(BASE) else o.n3()}"
               for s, p, o in expected if not has(s, p, o)]
    assert not missing, "missing readings:\n" + "\n".join(missing)
    ranks = {local(g.value(st, RDF.subject)): int(g.value(st, RDF.object))
             for st in g.subjects(RDF.predicate, CX.rank)
             if g.value(st, RDF.subject) in {c("define-target-experience"), c("deliver-target-experience"),
                                              c("measure-promise-lived-experience-gap")}}
    assert sorted(ranks.values()) == [1, 2, 3], ranks


# --- whose words: the checks that need no document, on the data alone ---------------------------


@pytest.mark.parametrize("check", ["coined-label-violation.rq", "editorial-definition-violation.rq"])
def test_the_data_says_whose_words_its_labels_and_definitions_are(check):
    """Coined labels are labels of their concept, each named by an editorial note; every
    definition in the data is marked cx:editorialDefinition (the checks run again on the
    built graph, and tests/test_labels.py compares the labels with the corpus)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(ONTOLOGY_DIR / "cx.ttl"), format=ox.RdfFormat.TURTLE)
    for f in data_files():
        store.load(path=str(f), format=ox.RdfFormat.TURTLE)
    assert any(True for _ in store.quads_for_pattern(None, ox.NamedNode(str(CX.coinedLabel)), None))
    query = (ONTOLOGY_DIR / "checks" / check).read_text(encoding="utf-8")
    messages = [row["message"].value for row in store.query(query)]
    assert not messages, "\n".join(messages)
