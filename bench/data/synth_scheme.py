"""The synthetic concept scheme: concepts, hierarchies and relations (editorial graph).

Concepts are individuals of the ontology's classes and ``skos:Concept``\\ s with
one French and one English preferred label, definitions in both languages, and
``skos:broader`` links; relations follow the ontology's domains and ranges.
What the build's reasoning would add (superclass types, inverses, transitive
closures) goes into the inferred graph.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from cxkg.bench.data.nquads import Sink, integer, lit
from cxkg.bench.data.words import HEADS, definition, label
from cxkg.namespaces import DEFAULT_BASE, PREFIXES

CX, SKOS, RDF = PREFIXES["cx"], PREFIXES["skos"], PREFIXES["rdf"]
OWL, RDFS, PROV = PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["prov"]
TYPE = RDF + "type"
SCHEME = DEFAULT_BASE + "scheme"

#: Concepts of each class per 10k triples of the graph.
PER_10K: dict[str, int] = {
    "SpecializedCapability": 3, "CrossFunctionalCapability": 2, "ArchitecturalCapability": 1,
    "DynamicCapability": 2, "Practice": 5, "Discipline": 2, "UserExperience": 2,
    "CustomerExperience": 2, "BrandExperience": 2, "EmployeeExperience": 1,
    "ExperienceDimension": 4, "Stakeholder": 4, "ExperienceLevel": 2, "ExperienceGap": 1,
    "Challenge": 3, "Outcome": 2, "Asset": 2, "Theory": 1, "Touchpoint": 4, "DigitalChannel": 3,
    "PhysicalChannel": 2, "ChannelStrategy": 1, "CustomerJourney": 1, "JourneyElement": 1,
    "Persona": 1, "JourneySuccessCriterion": 3, "Method": 1, "SteeringTool": 1, "BrandValue": 3,
    "Indicator": 4, "StrategicPriority": 3, "CustomerNeed": 1, "Strategy": 1,
    "ImplementationProgramme": 1, "Technology": 3,
}
#: Classes whose first concept is the notion the others are narrower than.
NOTION_CLASSES = ("BrandValue", "Indicator", "JourneySuccessCriterion", "StrategicPriority", "Challenge")
#: Superclasses the inferred graph types instances with.
SUPER = {
    "SpecializedCapability": "Capability", "CrossFunctionalCapability": "Capability",
    "ArchitecturalCapability": "Capability", "DynamicCapability": "Capability",
    "Discipline": "Practice", "UserExperience": "Experience", "CustomerExperience": "Experience",
    "BrandExperience": "Experience", "EmployeeExperience": "Experience",
    "ExperienceDimension": "Experience", "DigitalChannel": "Channel", "PhysicalChannel": "Channel",
    "Persona": "JourneyElement", "SteeringTool": "Method",
}
CAPABILITIES = ("SpecializedCapability", "CrossFunctionalCapability", "ArchitecturalCapability", "DynamicCapability")


@dataclass
class Scheme:
    """What the documents need to know of the concepts."""

    by_class: dict[str, list[str]] = field(default_factory=dict)
    fr_label: dict[str, str] = field(default_factory=dict)
    notation: dict[str, str] = field(default_factory=dict)
    inferred: list[tuple[str, str, str]] = field(default_factory=list)

    def members(self, *classes: str) -> list[str]:
        return [iri for c in classes for iri in self.by_class.get(c, [])]

    @property
    def capabilities(self) -> list[str]:
        return self.members(*CAPABILITIES)

    @property
    def studied(self) -> list[str]:
        """Capabilities without notation: those the cited works study (Homburg's)."""
        return [c for c in self.capabilities if c not in self.notation]

    @property
    def all(self) -> list[str]:
        return [iri for members in self.by_class.values() for iri in members]


def write_scheme(sink: Sink, graph: str, rng: random.Random, scale: float) -> Scheme:
    """Write every concept with its labels, definitions and hierarchy."""
    scheme = Scheme()
    sink.add(SCHEME, TYPE, SKOS + "ConceptScheme", graph)
    for cls, per in PER_10K.items():
        count = max(1, round(per * scale)) + (1 if cls in NOTION_CLASSES else 0)
        scheme.by_class[cls] = []
        for n in range(count):
            scheme.by_class[cls].append(write_concept(sink, graph, rng, scheme, cls, n))
    notate(sink, graph, scheme)
    return scheme


def write_concept(sink: Sink, graph: str, rng: random.Random, scheme: Scheme, cls: str, n: int) -> str:
    fr, en = label(cls, n)
    iri = f"{DEFAULT_BASE}concept/{cls.lower()}-{n}"
    scheme.fr_label[iri] = fr
    for kind in (CX + cls, SKOS + "Concept", OWL + "NamedIndividual"):
        sink.add(iri, TYPE, kind, graph)
    sink.add(iri, SKOS + "inScheme", SCHEME, graph)
    sink.add(iri, SKOS + "prefLabel", lit(fr, lang="fr"), graph)
    sink.add(iri, SKOS + "prefLabel", lit(en, lang="en"), graph)
    def_fr, def_en = definition(rng, fr, en)
    sink.add(iri, SKOS + "definition", lit(def_fr, lang="fr"), graph)
    sink.add(iri, SKOS + "definition", lit(def_en, lang="en"), graph)
    if n % 3 == 1:
        sink.add(iri, SKOS + "altLabel", lit(f"{HEADS[cls][1]} #{n}", lang="en"), graph)
    earlier = scheme.by_class.get(cls, [])
    parent = earlier[0] if cls in NOTION_CLASSES and n else (rng.choice(earlier) if earlier and rng.random() < 0.4 else None)
    if parent is None:
        sink.add(iri, SKOS + "topConceptOf", SCHEME, graph)
        sink.add(SCHEME, SKOS + "hasTopConcept", iri, graph)
    else:
        sink.add(iri, SKOS + "broader", parent, graph)
        sink.add(parent, SKOS + "narrower", iri, graph)
        scheme.inferred.append((iri, SKOS + "broaderTransitive", parent))
    if cls in SUPER:
        scheme.inferred.append((iri, TYPE, CX + SUPER[cls]))
    return iri


def notate(sink: Sink, graph: str, scheme: Scheme) -> None:
    """Every other capability is one of the study's, numbered C1, C2, ..."""
    for i, capability in enumerate(scheme.capabilities[::2], start=1):
        scheme.notation[capability] = f"C{i}"
        sink.add(capability, SKOS + "notation", lit(f"C{i}"), graph)


def relate(sink: Sink, graph: str, rng: random.Random, s: Scheme) -> None:
    """The relations between concepts, by the ontology's domains and ranges."""
    practices = s.members("Practice", "Discipline")
    add = lambda a, p, b: sink.add(a, CX + p, b, graph)  # noqa: E731
    for i, capability in enumerate(s.capabilities):
        hub = rng.random() < 0.3 and capability not in aligned(s)
        targets = {practices[i % len(practices)]} | ({practices[0]} if hub else set())
        for practice in sorted(targets):
            add(capability, "supports", practice)
            s.inferred.append((practice, CX + "supportedBy", capability))
        add(capability, "exploits", rng.choice(s.by_class["Asset"]))
    bundling = (("CrossFunctionalCapability", "SpecializedCapability"), ("ArchitecturalCapability", "CrossFunctionalCapability"))
    for bundler, bundled in bundling:
        for capability in s.by_class[bundler]:
            for other in rng.sample(s.by_class[bundled], min(2, len(s.by_class[bundled]))):
                add(capability, "bundles", other)
    relate_experiences(add, rng, s)
    for rank, dimension in enumerate(s.by_class["ExperienceDimension"], start=1):
        add(dimension, "heldBy", rng.choice(s.by_class["Stakeholder"]))
        sink.add(dimension, CX + "rank", integer(rank), graph)
        add(dimension, "dimensionOf", s.by_class["CustomerExperience"][0])
    for rank, challenge in enumerate(s.by_class["Challenge"][1:], start=1):
        sink.add(challenge, CX + "rank", integer(rank), graph)
        add(challenge, "challengeOf", rng.choice(practices))
    for value in s.by_class["BrandValue"][1:]:
        for guided in rng.sample(s.members("CustomerExperience", "EmployeeExperience"), 2):
            add(value, "guides", guided)
        add(value, "rootedIn", rng.choice(s.by_class["Asset"]))
    for touchpoint in s.by_class["Touchpoint"]:
        add(touchpoint, "usesChannel", rng.choice(s.members("DigitalChannel", "PhysicalChannel")))
    for indicator in s.by_class["Indicator"][1:]:
        add(indicator, "measures", rng.choice(s.members("CustomerExperience", "BrandExperience")))
    for technology in s.by_class["Technology"]:
        add(technology, "serves", rng.choice(s.all))
        other = rng.choice(s.by_class["Technology"])
        if other != technology:
            add(technology, "encompasses", other)
    relate_editorial(sink, graph, s)


def relate_experiences(add, rng: random.Random, s: Scheme) -> None:
    """UX falls within CX within BX, group by group; who handles each kind."""
    ux, cx_, bx = (s.by_class[c] for c in ("UserExperience", "CustomerExperience", "BrandExperience"))
    for user, customer, brand in zip(ux, cx_, bx):
        for a, b in ((user, customer), (customer, brand)):
            add(a, "fallsWithin", b)
            s.inferred.append((b, CX + "frames", a))
        s.inferred.append((user, CX + "fallsWithin", brand))
        s.inferred.append((brand, CX + "frames", user))
    disciplines = s.by_class["Discipline"]
    for kind in ux + cx_ + bx + s.by_class["EmployeeExperience"]:
        practice = rng.choice(disciplines)
        add(kind, "handledBy", practice)
        s.inferred.append((practice, CX + "handles", kind))
        add(kind, "concerns", rng.choice(s.members("Touchpoint", "Asset", "Outcome")))
    for employee in s.by_class["EmployeeExperience"]:
        add(employee, "influences", cx_[0])


def aligned(s: Scheme) -> list[str]:
    """The capabilities the project aligns with the first practice (about eight)."""
    return s.studied[:: max(1, len(s.studied) // 8)]


def relate_editorial(sink: Sink, graph: str, s: Scheme) -> None:
    """The project's alignments, reified with their rationale (cx:EditorialStatement)."""
    practices = s.members("Practice", "Discipline")
    for i, capability in enumerate(aligned(s)):
        if s.capabilities.index(capability) % len(practices) == 0:
            continue  # already its practice: no duplicate quad
        statement = f"{DEFAULT_BASE}statement/editorial-{i}"
        sink.add(capability, CX + "supports", practices[0], graph)
        for kind in (RDF + "Statement", CX + "EditorialStatement"):
            sink.add(statement, TYPE, kind, graph)
        sink.add(statement, RDF + "subject", capability, graph)
        sink.add(statement, RDF + "predicate", CX + "supports", graph)
        sink.add(statement, RDF + "object", practices[0], graph)
        sink.add(statement, CX + "rationale", lit("Alignement décidé par le projet.", lang="fr"), graph)
        sink.add(statement, PROV + "wasAttributedTo", f"{DEFAULT_BASE}agent/cxkg", graph)


def write_inferred(sink: Sink, graph: str, scheme: Scheme) -> None:
    for s, p, o in dict.fromkeys(scheme.inferred):
        sink.add(s, p, o, graph)
