"""Word lists for synthetic labels and texts, French beside English.

Labels are made of a head word and a qualifier, numbered, so that each is unique
and still reads like the corpus's vocabulary.
"""

from __future__ import annotations

import random

#: (French, English) head words by ontology class (local name).
HEADS: dict[str, tuple[str, str]] = {
    "SpecializedCapability": ("capacité spécialisée", "specialized capability"),
    "CrossFunctionalCapability": ("capacité omni-fonctionnelle", "cross-functional capability"),
    "ArchitecturalCapability": ("capacité architecturale", "architectural capability"),
    "DynamicCapability": ("capacité dynamique", "dynamic capability"),
    "Practice": ("pratique", "practice"),
    "Discipline": ("discipline", "discipline"),
    "UserExperience": ("expérience utilisateur", "user experience"),
    "CustomerExperience": ("expérience client", "customer experience"),
    "BrandExperience": ("expérience de marque", "brand experience"),
    "EmployeeExperience": ("expérience collaborateur", "employee experience"),
    "ExperienceDimension": ("expérience", "experience"),
    "Stakeholder": ("partie prenante", "stakeholder"),
    "ExperienceLevel": ("niveau", "level"),
    "ExperienceGap": ("écart", "gap"),
    "Challenge": ("défi", "challenge"),
    "Outcome": ("résultat", "outcome"),
    "Asset": ("actif", "asset"),
    "Theory": ("théorie", "theory"),
    "Touchpoint": ("point de contact", "touchpoint"),
    "DigitalChannel": ("canal numérique", "digital channel"),
    "PhysicalChannel": ("canal physique", "physical channel"),
    "ChannelStrategy": ("stratégie de canal", "channel strategy"),
    "CustomerJourney": ("parcours client", "customer journey"),
    "JourneyElement": ("élément de parcours", "journey element"),
    "Persona": ("persona", "persona"),
    "JourneySuccessCriterion": ("critère de réussite", "success criterion"),
    "Method": ("méthode", "method"),
    "SteeringTool": ("outil de pilotage", "steering tool"),
    "BrandValue": ("valeur de marque", "brand value"),
    "Indicator": ("indicateur", "indicator"),
    "StrategicPriority": ("priorité stratégique", "strategic priority"),
    "CustomerNeed": ("besoin client", "customer need"),
    "Strategy": ("stratégie", "strategy"),
    "ImplementationProgramme": ("programme de mise en œuvre", "implementation programme"),
    "Technology": ("technologie", "technology"),
}

QUALIFIERS: list[tuple[str, str]] = [
    ("omnicanal", "omnichannel"), ("relationnel", "relational"), ("numérique", "digital"),
    ("sensoriel", "sensory"), ("durable", "lasting"), ("fluide", "seamless"),
    ("personnalisé", "personalised"), ("collaboratif", "collaborative"), ("mesuré", "measured"),
    ("émotionnel", "emotional"), ("stratégique", "strategic"), ("opérationnel", "operational"),
]

SENTENCE_FR = [
    "Les entreprises cherchent à améliorer l'expérience vécue par leurs clients",
    "Le parcours client traverse plusieurs points de contact et canaux",
    "La marque s'exprime à travers la publicité et le bouche-à-oreille",
    "Les collaborateurs portent la promesse expérientielle au quotidien",
    "Le pilotage repose sur des indicateurs partagés par les équipes",
]
SECTORS = ["banque", "assurance", "distribution", "télécommunications", "énergie", "transport"]
COMPANY_TYPES = ["grande entreprise", "entreprise de taille intermédiaire", "PME"]
FUNCTIONS = ["directeur marketing", "responsable expérience client", "chef de projet digital", "directrice relation client"]
FAMILIES = ["Morgan", "Homburg", "Lemon", "Verhoef", "Schmitt", "Pine", "Gilmore", "Filser", "Roederer", "Batat"]
UNITS = ["%", "millions", "euros", "points"]


def label(cls: str, n: int) -> tuple[str, str]:
    """The (French, English) preferred labels of concept ``n`` of class ``cls``."""
    fr, en = HEADS[cls]
    qfr, qen = QUALIFIERS[n % len(QUALIFIERS)]
    return f"{fr} {qfr} {n}", f"{qen} {en} {n}"


def definition(rng: random.Random, fr_label: str, en_label: str) -> tuple[str, str]:
    """A (French, English) definition that names the concept."""
    sentence = rng.choice(SENTENCE_FR)
    return (f"{fr_label.capitalize()} : notion telle que « {sentence.lower()} ».",
            f"{en_label.capitalize()}: a notion of customer-experience management, in our words.")


def sentence(rng: random.Random, words: int = 14) -> str:
    """A French sentence of about ``words`` words, for verbatims and quotes."""
    text = " ; ".join(rng.sample(SENTENCE_FR, 2))
    return " ".join(text.split()[:words]) + "."
