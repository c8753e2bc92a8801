"""Synthetic corpus documents: structure, citations, field evidence and annotations.

Each document is one named graph, as in the real build: its book structure
(chapters, sections with titles, pages and the concepts they treat), the works
it cites, its respondents, verbatims and figures, and mostly ``oa:Annotation``\\ s:
concept mentions (``oa:identifying``) and the evidence of reified statements
(``cx:evidencing``), each with a text-quote and a text-position selector.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from cxkg.bench.data.nquads import XSD, Sink, integer, lit
from cxkg.bench.data.synth_scheme import CX, RDF, RDFS, TYPE, Scheme
from cxkg.bench.data.words import COMPANY_TYPES, FAMILIES, FUNCTIONS, SECTORS, UNITS, sentence
from cxkg.namespaces import DEFAULT_BASE, PREFIXES

OA, DCT, FABIO, DOCO = PREFIXES["oa"], PREFIXES["dcterms"], PREFIXES["fabio"], PREFIXES["doco"]
CITO, FOAF, ORG, PRISM = PREFIXES["cito"], PREFIXES["foaf"], PREFIXES["org"], PREFIXES["prism"]
PROV, SCHEMA = PREFIXES["prov"], PREFIXES["schema"]
AGENT = DEFAULT_BASE + "agent/cxkg-loaders"
KINDS = ("ResearchPaper", "Book", "BlogPost")
CHAPTERS, SECTIONS = 4, 4


@dataclass
class Doc:
    """One document being written: where its text offsets stand."""

    n: int
    graph: str
    iri: str
    identifier: str
    sections: list[str] = field(default_factory=list)
    offset: int = 0
    made: int = 0
    asserted: set = field(default_factory=set)

    def mint(self, kind: str) -> str:
        self.made += 1
        return f"{DEFAULT_BASE}{kind}/{self.n}-{self.made}"


def skewed(rng: random.Random, pool: list[str]) -> str:
    """A pool item, the first ones far more often (as mentions are in a corpus)."""
    return pool[int(len(pool) * rng.random() ** 2)]


def write_document(sink: Sink, rng: random.Random, s: Scheme, n: int, end: int, mentionable: list[str]) -> Doc:
    """Write document ``n``; annotations fill its graph up to ``end`` triples in all."""
    identifier = f"{n:03d}_synthetic{n:08x}"
    doc = Doc(n, f"{DEFAULT_BASE}graph/document/{identifier}", f"{DEFAULT_BASE}document/{identifier}", identifier)
    add = lambda a, p, b: sink.add(a, p, b, doc.graph)  # noqa: E731
    add(doc.iri, TYPE, FABIO + KINDS[n % len(KINDS)])
    add(doc.iri, DCT + "identifier", lit(identifier))
    add(doc.iri, DCT + "title", lit(f"Document de synthèse {n}", lang="fr"))
    add(doc.iri, RDFS + "label", lit(f"Document de synthèse {n}", lang="fr"))
    add(doc.iri, DCT + "language", lit("fr"))
    add(doc.iri, DCT + "description", lit("Generated for the benchmark (bench/data/synth.py).", lang="en"))
    write_structure(add, rng, s, doc)
    write_citations(add, s, doc)
    write_field(add, rng, s, doc)
    spans = section_spans(end - sink.count)
    for i, (section, (start, stop)) in enumerate(zip(doc.sections, spans)):
        number = lit(f"{i // SECTIONS + 1}.{i % SECTIONS + 1}")
        state(sink, doc, section, FABIO + "hasSequenceIdentifier", number, start, stop, assert_=False)
    unit = 0
    while sink.count < end - 20:
        write_unit(sink, rng, s, doc, unit, mentionable)
        unit += 1
    return doc


def section_spans(budget: int) -> list[tuple[int, int]]:
    """Text ranges of the sections, from the text length the budget will give."""
    length = max(1, budget // 20) * 200
    step = length // (CHAPTERS * SECTIONS)
    spans = [(i * step, (i + 1) * step) for i in range(CHAPTERS * SECTIONS)]
    spans[-1] = (spans[-1][0], 10**9)
    return spans


def write_structure(add, rng: random.Random, s: Scheme, doc: Doc) -> None:
    """Chapters and sections with titles and pages; each section treats a concept."""
    treated = s.members("Indicator", "JourneySuccessCriterion", "StrategicPriority", "Challenge")
    page = 1
    for c in range(1, CHAPTERS + 1):
        chapter = f"{doc.iri}/chapter/{c}"
        for p, o in ((TYPE, DOCO + "Chapter"), (DCT + "isPartOf", doc.iri), (FABIO + "hasSequenceIdentifier", lit(str(c))),
                     (DCT + "title", lit(f"Chapitre {c}", lang="fr")), (RDFS + "label", lit(f"Chapitre {c}", lang="fr")),
                     (PRISM + "startingPage", lit(str(page)))):
            add(chapter, p, o)
        add(doc.iri, DCT + "hasPart", chapter)
        for k in range(1, SECTIONS + 1):
            section = f"{chapter}/section/{c}.{k}"
            concept = skewed(rng, treated)
            title = f"{c}.{k} {s.fr_label[concept]}"
            for p, o in ((TYPE, DOCO + "Section"), (DCT + "isPartOf", chapter), (FABIO + "hasSequenceIdentifier", lit(f"{c}.{k}")),
                         (DCT + "title", lit(title, lang="fr")), (RDFS + "label", lit(title, lang="fr")),
                         (PRISM + "startingPage", lit(str(page))), (CX + "treats", concept)):
                add(section, p, o)
                doc.asserted.add((section, p, o))
            add(chapter, DCT + "hasPart", section)
            doc.sections.append(section)
            page += rng.randint(2, 9)


def write_citations(add, s: Scheme, doc: Doc) -> None:
    """Ten works cited per document, drawn from a pool that documents share."""
    pool = max(12, 8 * (doc.n + 1))
    studied = s.studied
    for i in dict.fromkeys((doc.n * 3 + j * 7) % pool for j in range(10)):
        family = FAMILIES[i % len(FAMILIES)]
        year = 1990 + i % 33
        work, person = f"{DEFAULT_BASE}work/{family.lower()}-{year}-{i}", f"{DEFAULT_BASE}person/{family.lower()}-{i}"
        add(doc.iri, CITO + "cites", work)
        add(work, TYPE, FABIO + "Expression")
        add(work, DCT + "bibliographicCitation", lit(f"{family}, A. ({year}). Customer experience, {i}."))
        add(work, DCT + "issued", lit(str(year), datatype=XSD + "gYear"))
        add(work, DCT + "creator", person)
        add(person, TYPE, FOAF + "Person")
        add(person, FOAF + "name", lit(f"A. {family}"))
        add(person, FOAF + "familyName", lit(family))
        if studied and i % 2 == 0:
            add(work, CX + "studies", studied[(i // 2) % len(studied)])


def write_field(add, rng: random.Random, s: Scheme, doc: Doc) -> None:
    """Respondents, verbatims (with their organisations) and figures."""
    sectors = set()
    for r in range(1, 7):
        respondent, name = f"{doc.iri}/respondent/{r}", rng.choice(SECTORS)
        sector = f"{DEFAULT_BASE}sector/{name.lower().replace(' ', '-')}"
        for p, o in ((TYPE, CX + "Respondent"), (TYPE, FOAF + "Person"), (CX + "function", lit(rng.choice(FUNCTIONS), lang="fr")),
                     (CX + "companyType", lit(rng.choice(COMPANY_TYPES), lang="fr")), (CX + "sector", sector),
                     (CX + "confidential", lit("true" if r % 3 == 0 else "false", datatype=XSD + "boolean")),
                     (CX + "interviewedFor", doc.iri), (CX + "rank", integer(r))):
            add(respondent, p, o)
        if sector not in sectors:
            sectors.add(sector)
            add(sector, TYPE, CX + "Sector")
            add(sector, RDFS + "label", lit(name, lang="fr"))
    notated = sorted(s.notation, key=lambda c: int(s.notation[c][1:]))
    illustrated = notated + s.by_class["StrategicPriority"][1:]
    organisations = set()
    for v in range(1, 11):
        verbatim, org = f"{doc.iri}/verbatim/{v}", f"{DEFAULT_BASE}organisation/org-{(doc.n + v) % (3 * doc.n + 8)}"
        speaker = f"{doc.iri}/speaker/{v}"
        for p, o in ((TYPE, CX + "Verbatim"), (CX + "text", lit(sentence(rng, 24), lang="fr")),
                     (CX + "spokenBy", speaker), (CX + "illustrates", skewed(rng, illustrated))):
            add(verbatim, p, o)
        for p, o in ((TYPE, FOAF + "Person"), (TYPE, PROV + "Agent"),
                     (SCHEMA + "jobTitle", lit(rng.choice(FUNCTIONS), lang="fr")), (ORG + "memberOf", org)):
            add(speaker, p, o)
        if org not in organisations:
            organisations.add(org)
            add(org, TYPE, ORG + "Organization")
            add(org, RDFS + "label", lit(f"Organisation {org.rsplit('-', 1)[1]}"))
            if org.endswith("0") or org.endswith("5"):
                add(org, TYPE, CX + "ExperienceChampion")
    for f in range(1, 6):
        figure = f"{doc.iri}/figure/{f}"
        for p, o in ((TYPE, CX + "Figure"), (CX + "value", lit(f"{rng.randint(1, 99)}.5", datatype=XSD + "decimal")),
                     (CX + "unit", lit(rng.choice(UNITS))), (CX + "year", lit(str(2010 + f), datatype=XSD + "gYear")),
                     (CX + "quantity", lit(f"{f * 7} %", lang="fr"))):
            add(figure, p, o)


def write_unit(sink: Sink, rng: random.Random, s: Scheme, doc: Doc, unit: int, mentionable: list[str]) -> None:
    """One step of the text: a mention, a section that treats a concept, or a statement."""
    start = doc.offset
    doc.offset += rng.randint(40, 360)
    kind = unit % 5
    concept = skewed(rng, mentionable)
    if kind < 3:
        annotate(sink, doc, concept, OA + "identifying", s.fr_label[concept], start)
        return
    section = doc.sections[min(len(doc.sections) - 1, (unit // 5) % len(doc.sections))]
    if kind == 3:
        annotate(sink, doc, concept, OA + "identifying", s.fr_label[concept], start)
        state(sink, doc, section, CX + "treats", concept, start)
        return
    criteria = s.by_class["JourneySuccessCriterion"][1:]
    choice = (unit // 5) % 3
    if choice == 0 and criteria:
        state(sink, doc, skewed(rng, criteria), CX + "criterionOf", s.by_class["CustomerJourney"][0], start)
    elif choice == 1:
        state(sink, doc, concept, SKOS_DEFINITION, lit(sentence(rng), lang="fr"), start)
    else:
        state(sink, doc, section, PRISM + "startingPage", lit(str(rng.randint(1, 300))), start)


SKOS_DEFINITION = PREFIXES["skos"] + "definition"
AUTHOR, ASSERTS = DEFAULT_BASE + "role/author", DEFAULT_BASE + "modality/asserts"


def state(sink: Sink, doc: Doc, s: str, p: str, o: str, start: int, end: int | None = None, assert_: bool = True) -> None:
    """A statement the document makes: the triple, its reification, who says it, its evidence.

    A statement the document asserts is attributed to it (role author, modality
    asserts), as most are in the corpus; a section's entry is not.
    """
    add = lambda a, b, c: sink.add(a, b, c, doc.graph)  # noqa: E731
    if assert_ and (s, p, o) not in doc.asserted:
        doc.asserted.add((s, p, o))
        add(s, p, o)
    statement = doc.mint("statement")
    add(statement, TYPE, RDF + "Statement")
    add(statement, RDF + "subject", s)
    add(statement, RDF + "predicate", p)
    add(statement, RDF + "object", o)
    if assert_:
        add(statement, CX + "saidBy", doc.iri)
        add(statement, CX + "attributionRole", AUTHOR)
        add(statement, CX + "modality", ASSERTS)
    annotate(sink, doc, statement, CX + "evidencing", o[1:40] if o.startswith('"') else "passage", start, end)


def annotate(sink: Sink, doc: Doc, body: str, motivation: str, exact: str, start: int, end: int | None = None) -> None:
    """An oa:Annotation with a quote and a position selector on the document."""
    a = doc.mint("annotation")
    target, quote, position = a + "#target", a + "#quote", a + "#position"
    add = lambda x, p, o: sink.add(x, p, o, doc.graph)  # noqa: E731
    for p, o in ((TYPE, OA + "Annotation"), (OA + "motivatedBy", motivation), (OA + "hasBody", body),
                 (OA + "hasTarget", target), (DCT + "creator", AGENT)):
        add(a, p, o)
    for p, o in ((TYPE, OA + "SpecificResource"), (OA + "hasSource", doc.iri), (OA + "hasSelector", quote), (OA + "hasSelector", position)):
        add(target, p, o)
    for p, o in ((TYPE, OA + "TextQuoteSelector"), (OA + "exact", lit(exact)), (OA + "prefix", lit("… ")), (OA + "suffix", lit(" …"))):
        add(quote, p, o)
    add(position, TYPE, OA + "TextPositionSelector")
    add(position, OA + "start", integer(start))
    add(position, OA + "end", integer(end if end is not None else start + len(exact)))
