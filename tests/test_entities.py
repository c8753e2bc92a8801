"""Entities typed as what they are, on the built corpus: persons, organisations, sectors,
speakers of verbatims and quotations, interviewees, and figures with qualifier, year and source.

Each test checks a pattern a researcher would check over the whole graph (a new
instance of a known defect is caught), after making sure there is something to check.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from cxkg.loaders.speakers import plural_key
from cxkg.loaders.terms import slug
from cxkg.ontology.files import VOCABULARIES_DIR
from cxkg.ontology.labels import fold
from cxkg.queries.catalogue import load_catalogue
from cxkg.queries.run import run_catalogue_query

PREFIXES = """PREFIX cx: <https://w3id.org/cxkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
CELLS = json.loads((VOCABULARIES_DIR / "interview-cells.json").read_text(encoding="utf-8"))
NAMES = json.loads((VOCABULARIES_DIR / "names.json").read_text(encoding="utf-8"))
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def select(store, sparql: str) -> list[dict[str, str]]:
    solutions = store.query(PREFIXES + sparql)
    names = [str(v) for v in solutions.variables]
    return [{n: (row[n].value if n in row else None) for n in names} for row in solutions.rows]


def tail(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


# --- persons, organisations, sectors -----------------------------------------------------------------


def test_no_person_is_named_as_a_sector_an_organisation_or_a_non_author_word(store):
    persons = select(store, "SELECT DISTINCT ?p ?name WHERE { ?p a foaf:Person { ?p foaf:name ?name } UNION { ?p rdfs:label ?name } }")
    assert persons
    organisations = {fold(r["name"]) for r in select(store, """SELECT DISTINCT ?name WHERE {
        ?o a org:Organization { ?o rdfs:label ?name } UNION { ?o foaf:name ?name } UNION { ?o skos:altLabel ?name } }""")}
    assert organisations
    sectors = {fold(s) for s in CELLS["sectors"]} | {fold(r["name"]) for r in select(
        store, "SELECT DISTINCT ?name WHERE { ?s a cx:Sector ; rdfs:label ?name }")}
    words = {fold(w) for w in NAMES["not_authors"]}
    wrong = [(r["p"], r["name"]) for r in persons if fold(r["name"]) in organisations | sectors | words]
    assert wrong == []


def test_no_organisation_is_a_sector(store):
    names = select(store, "SELECT DISTINCT ?o ?name WHERE { ?o a org:Organization ; rdfs:label ?name }")
    assert names
    sectors = {fold(s) for s in CELLS["sectors"]}
    assert [(r["o"], r["name"]) for r in names if fold(r["name"]) in sectors] == []


def test_no_resource_is_both_a_person_and_an_organisation(store):
    assert select(store, "SELECT ?x WHERE { ?x a foaf:Person } LIMIT 1")
    assert select(store, "SELECT ?x WHERE { ?x a org:Organization } LIMIT 1")
    both = select(store, "SELECT DISTINCT ?x WHERE { ?x a foaf:Person , org:Organization }")
    assert both == []


def test_one_iri_per_person(store):
    """Two person IRIs never share a name, and a person's IRI is its family name's slug."""
    persons = select(store, """SELECT DISTINCT ?p ?name ?family WHERE {
        ?p a foaf:Person ; foaf:name ?name . OPTIONAL { ?p foaf:familyName ?family } }""")
    assert persons
    by_name = defaultdict(set)
    for r in persons:
        by_name[fold(r["name"])].add(r["p"])
    assert {n: sorted(p) for n, p in by_name.items() if len(p) > 1} == {}
    minted = [r for r in persons if "/person/" in r["p"]]
    assert minted and all(r["family"] for r in minted)
    assert [(r["p"], r["family"]) for r in minted if tail(r["p"]) != slug(r["family"])] == []
    pairs = [r["name"] for r in persons if re.search(r"\s(?:et|&|and)\s", r["name"])]
    assert pairs == []  # a pair of authors is two persons


def test_sectors_are_typed_resources_used_by_every_respondent(store):
    respondents = select(store, "SELECT DISTINCT ?r WHERE { ?r a cx:Respondent }")
    assert respondents
    uses = select(store, "SELECT DISTINCT ?who ?sector WHERE { ?who cx:sector ?sector }")
    assert uses and all(r["sector"].startswith("https://") for r in uses)
    typed = {r["s"] for r in select(store, """SELECT DISTINCT ?s WHERE {
        ?s a cx:Sector ; rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "fr")) }""")}
    assert {r["sector"] for r in uses} <= typed
    with_sector = {r["who"] for r in uses}
    assert [r["r"] for r in respondents if r["r"] not in with_sector] == []


def test_words_that_name_no_one_author_nothing(store):
    creators = select(store, """SELECT DISTINCT ?work ?name WHERE {
        ?work dcterms:creator ?a . { ?a foaf:name ?name } UNION { ?a rdfs:label ?name } }""")
    assert creators
    words = {fold(w) for w in NAMES["not_authors"]}
    assert [(r["work"], r["name"]) for r in creators if fold(r["name"]) in words] == []


# --- speakers of verbatims -------------------------------------------------------------------------


def attributions(store) -> list[dict[str, str]]:
    """Each verbatim with its speaker and the attribution that names it (the evidence's quote)."""
    return select(store, """SELECT DISTINCT ?verbatim ?speaker ?said WHERE {
        ?verbatim a cx:Verbatim ; cx:spokenBy ?speaker .
        ?statement rdf:subject ?verbatim ; rdf:predicate cx:spokenBy ; rdf:object ?speaker .
        ?annotation oa:hasBody ?statement ; oa:hasTarget/oa:hasSelector/oa:exact ?said }""")


def test_every_verbatim_has_a_speaker_who_is_an_agent(store):
    verbatims = {r["v"] for r in select(store, "SELECT DISTINCT ?v WHERE { ?v a cx:Verbatim }")}
    assert verbatims
    spoken = {r["v"]: r["a"] for r in select(store, "SELECT DISTINCT ?v ?a WHERE { ?v a cx:Verbatim ; cx:spokenBy ?a . ?a a prov:Agent }")}
    assert sorted(verbatims - set(spoken)) == []


def test_a_speaker_with_a_row_is_the_respondent_of_that_row(store):
    rows = select(store, """SELECT DISTINCT ?speaker ?row ?document WHERE {
        ?v a cx:Verbatim ; cx:spokenBy ?speaker ; dcterms:isPartOf ?document . ?speaker cx:rank ?row }""")
    assert rows
    assert [r for r in rows if r["speaker"] != f"{r['document']}/respondent/{r['row']}"] == []
    pointed = [r for r in attributions(store) if re.fullmatch(r"\W*\d+\W*", r["said"])]
    assert pointed  # "[20]" points to a row of the table of interviews
    assert [r for r in pointed if tail(r["speaker"]) != "".join(ch for ch in r["said"] if ch.isdigit())
            or "/respondent/" not in r["speaker"]] == []


def test_no_function_or_job_title_is_only_digits(store):
    titles = select(store, """SELECT DISTINCT ?who ?title WHERE {
        VALUES ?p { cx:function schema:jobTitle cx:speakerFunction } ?who ?p ?title }""")
    assert titles
    assert [r for r in titles if re.fullmatch(r"\W*\d+\W*", r["title"])] == []


def test_the_same_attribution_gives_the_same_speaker(store):
    found = attributions(store)
    assert found
    speakers = defaultdict(set)
    for r in found:
        speakers[fold(r["said"].strip("[]. "))].add(r["speaker"])
    assert {said: sorted(s) for said, s in speakers.items() if len(s) > 1} == {}


def test_a_speaker_whom_one_row_matches_is_that_respondent(store):
    """A speaker described by the attribution has a function no single row of the table gives
    (with the same sector, where the attribution names one)."""
    respondents = select(store, "SELECT ?r ?function ?sector WHERE { ?r a cx:Respondent ; cx:function ?function ; cx:sector ?sector }")
    assert respondents
    minted = select(store, """SELECT DISTINCT ?speaker ?function ?sector WHERE {
        ?v a cx:Verbatim ; cx:spokenBy ?speaker . ?speaker schema:jobTitle ?function
        FILTER NOT EXISTS { ?speaker a cx:Respondent } OPTIONAL { ?speaker cx:sector ?sector } }""")
    assert minted
    for speaker in minted:
        rows = {r["r"] for r in respondents if fold(r["function"]) == fold(speaker["function"])
                and (speaker["sector"] is None or speaker["sector"] == r["sector"])}
        assert len(rows) != 1, f"{speaker['speaker']} is the respondent {rows}"


def test_speakers_keep_what_the_attribution_gives(store):
    """An organisation named in an attribution is the speaker's organisation, never a sector."""
    found = attributions(store)
    assert found
    organisations = {fold(r["name"]): r["o"] for r in select(store, """SELECT DISTINCT ?o ?name WHERE {
        ?o a org:Organization { ?o rdfs:label ?name } UNION { ?o skos:altLabel ?name } }""")}
    sectors = {plural_key(s) for s in CELLS["sectors"]}
    members = {(r["s"], r["o"]) for r in select(store, "SELECT ?s ?o WHERE { ?s org:memberOf ?o }")}
    in_sector = {(r["s"], plural_key(r["l"])) for r in select(store, "SELECT ?s ?l WHERE { ?s cx:sector/rdfs:label ?l }")}
    checked = 0
    for r in found:
        for part in [p.strip() for p in r["said"].strip("[]. ").split(",")][1:]:
            if fold(part) in organisations:
                assert (r["speaker"], organisations[fold(part)]) in members, r
                checked += 1
            elif plural_key(part) in sectors:
                assert (r["speaker"], plural_key(part)) in in_sector, r
                checked += 1
    assert checked


def test_cq10_says_who_spoke_with_row_and_sector(store):
    catalogue = load_catalogue()
    checked = 0
    for n in range(1, 8):
        solutions = run_catalogue_query(catalogue["cq10"], {"capability": f"C{n}"}, store)
        names = [str(v) for v in solutions.variables]
        assert {"function", "organisation", "text", "speaker", "sector", "description", "row"} <= set(names)
        for row in solutions.rows:
            speaker = row["speaker"].value
            if "/respondent/" in speaker:
                assert "row" in row and row["row"].value == tail(speaker)
                assert "sector" in row
                checked += 1
    assert checked


# --- quotations and interviews -----------------------------------------------------------------------


def test_quotations_are_spoken_by_persons_or_organisations(store):
    spoken = select(store, """SELECT DISTINCT ?q ?who ?person ?org WHERE {
        ?q a schema:Quotation ; cx:spokenBy ?who .
        BIND(EXISTS { ?who a foaf:Person } AS ?person) BIND(EXISTS { ?who a org:Organization } AS ?org) }""")
    assert spoken
    assert [r for r in spoken if (r["person"] == "true") == (r["org"] == "true")] == []
    credited = select(store, "SELECT DISTINCT ?q WHERE { ?q a schema:Quotation ; dcterms:description ?d FILTER(REGEX(?d, '[A-Z]\\\\.? ?[A-Z][a-z]+ \\\\((19|20)[0-9]{2}\\\\)')) }")
    assert credited and {r["q"] for r in credited} <= {r["q"] for r in spoken}


def test_an_interviewee_is_a_person_with_a_role_not_an_author(store, corpus_texts):
    announced = {d: m for d, text in corpus_texts.items()
                 for m in re.findall(r"(?:avons|ai) interviewé ((?:[A-ZÀ-Þ][\w’'-]+ ?){1,4}),", text)}
    assert announced
    interviewees = select(store, """SELECT DISTINCT ?doc ?id ?p ?name ?role WHERE {
        ?doc dcterms:identifier ?id ; cx:interviewee ?p . ?p a foaf:Person ; foaf:name ?name ; schema:jobTitle ?role }""")
    assert {(r["id"], r["name"]) for r in interviewees} >= {(d, n.strip()) for d, n in announced.items()}
    creators = {(r["doc"], r["c"]) for r in select(store, "SELECT ?doc ?c WHERE { ?doc cx:interviewee ?p ; dcterms:creator ?c }")}
    assert [r for r in interviewees if (r["doc"], r["p"]) in creators] == []


def test_a_front_matter_author_is_the_creator(store, corpus_texts):
    authors = {d: m.group(1).strip() for d, text in corpus_texts.items()
               if (m := re.search(r"\A---\n(?:.*\n)*?author:[ \t]*(\S[^\n]*)\n(?:.*\n)*?---", text))}
    assert authors
    creators = select(store, """SELECT ?id ?name WHERE { ?doc dcterms:identifier ?id ; dcterms:creator ?c .
        { ?c foaf:nick ?name } UNION { ?c foaf:name ?name } }""")
    assert {(d, a) for d, a in authors.items()} <= {(r["id"], r["name"]) for r in creators}


# --- figures -----------------------------------------------------------------------------------------


def figures(store) -> list[dict[str, str]]:
    return select(store, """SELECT ?f ?sentence ?quantity ?qualifier ?year ?source ?id WHERE {
        ?f a cx:Figure ; rdfs:comment ?sentence ; cx:quantity ?quantity ; dcterms:isPartOf/dcterms:identifier ?id .
        OPTIONAL { ?f cx:qualifier ?qualifier } OPTIONAL { ?f cx:year ?year } OPTIONAL { ?f dcterms:source ?source } }""")


def test_every_figure_with_a_qualifier_word_has_its_qualifier(store):
    found = figures(store)
    assert found
    labels = select(store, """SELECT ?q ?label WHERE { ?q a cx:Qualifier {
        ?q skos:prefLabel ?label } UNION { ?q skos:altLabel ?label } FILTER(LANGMATCHES(LANG(?label), "fr")) }""")
    assert labels
    qualified = 0
    for figure in found:
        before = fold(figure["sentence"][: figure["sentence"].find(figure["quantity"])])
        said = {r["q"] for r in labels if re.search(rf"\b{re.escape(fold(r['label']))}\s*$", before)}
        if said:
            qualified += 1
            assert figure["qualifier"] in said, figure
    assert qualified


def credit_below(text: str, end: int) -> bool:
    """Whether a credit line "Name (year)" stands under the paragraph that ends after ``end``,
    past blank lines and short caption lines."""
    blank = re.compile(r"\n[ \t\u00a0]*\n").search(text, end)
    for line in (text[blank.end():] if blank else "").split("\n"):
        if not line.strip():
            continue
        if re.match(r"\s*[A-ZÀ-Þ][^\n]{0,60}\((?:19|20)\d{2}\)", line):
            return True
        if len(line.split()) > 10 or re.search(r"[.!?:;]\s*$", line):
            return False
    return False


def test_every_figure_whose_sentence_or_credit_gives_a_year_or_source_has_it(store, corpus_texts):
    found = figures(store)
    assert found
    places = {(r["f"], int(r["start"]), int(r["end"])) for r in select(store, """SELECT ?f ?start ?end WHERE {
        ?f a cx:Figure ; rdfs:comment ?sentence .
        ?statement rdf:subject ?f ; rdf:predicate rdfs:comment ; rdf:object ?sentence .
        ?annotation oa:hasBody ?statement ; oa:hasTarget/oa:hasSelector ?at .
        ?at oa:start ?start ; oa:end ?end }""")}
    assert places
    ends = {f: end for f, _, end in places}
    credited = 0
    for figure in found:
        sentence = figure["sentence"]
        if YEAR.search(sentence):
            assert figure["year"], figure
        if re.search(r"\b(?:selon|d['’]après|source\s*:)", sentence, re.I):
            assert figure["source"], figure
        if credit_below(corpus_texts[figure["id"]], ends[figure["f"]]):
            credited += 1
            assert figure["year"] and figure["source"], figure
    assert credited
    typed = select(store, """SELECT ?source WHERE { ?f a cx:Figure ; dcterms:source ?source
        FILTER NOT EXISTS { ?source a ?kind VALUES ?kind { org:Organization fabio:Expression foaf:Person } } }""")
    assert typed == []
