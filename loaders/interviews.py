"""Interviews a document reports: who was interviewed, in what role.

A post that publishes an interview says so in its own words: "Nous avons
interviewé Arnaud Vincent, notre responsable des opérations", "entretien avec
Marie Durand, directrice marketing chez Acme", "an interview with Jane Doe, CX
lead". The person is the document's interviewee, not its author; the role
after the comma is their job title (the possessive "notre", "our" left out),
and "chez"/"at" names their organisation. Front matter is text like any other:
its description and introduction are read too.

>>> from cxkg.loaders.normalize import Normalized
>>> text = "Nous avons interviewé Arnaud Vincent, notre\\n  responsable des opérations Suisse. Il dit"
>>> (i,) = find_interviewees(Normalized(text, tuple(range(len(text) + 1))))
>>> i.name.value, i.role.value, i.organisation
('Arnaud Vincent', 'responsable des opérations Suisse', None)
"""

from __future__ import annotations

import re

from cxkg.loaders.normalize import Normalized
from cxkg.loaders.records import Interviewee, Span
from cxkg.loaders.sentences import passage

#: A person's name: an optional title or initials, then one to four capitalised words.
NAME = r"(?:(?:M|Mme|Mlle|Dr|Pr|Mr|Mrs|Ms)\.?\s+)?[A-ZÀ-Þ][\w’'-]*\.?(?:[ \t]+(?:de |van |von |du |le )?[A-ZÀ-Þ][\w’'-]+){0,3}"
#: What announces an interview, before the name.
_LEADS = (
    r"(?:nous\s+avons|j['’]ai|on\s+a|avons)\s+(?:interviewé|interrogé|rencontré)e?s?",
    r"(?:interview|entretien|entrevue|échange)\s+(?:exclusive?\s+)?(?:avec|de|d['’]|with)",
    r"(?:we|I)\s+(?:have\s+)?interviewed",
    r"(?:an?\s+)?interview\s+with",
)
#: A role runs to the end of its clause; it may continue on the next line, not past a blank one.
_ROLE = r"(?P<role>(?:[^.;:!?,()\n]|\n(?![ \t]*\n))+)"
_PATTERN = re.compile(rf"\b(?:{'|'.join(_LEADS)})\s+(?P<name>{NAME})(?:\s*,\s*{_ROLE})?", re.I)
_POSSESSIVE = re.compile(r"(?:notre|nos|leur|leurs|son|sa|ses|votre|our|their|his|her|its)\s+", re.I)
_ARTICLE = re.compile(r"(?:le|la|les|l['’]|un|une|the|a|an)\s*", re.I)
_AT = re.compile(r"\s+(?:chez|at|@)\s+(?=[A-ZÀ-Þ])")


def find_interviewees(normalized: Normalized) -> list[Interviewee]:
    """The interviewees a text announces, in text order.

    :param normalized: the cleaned text (lines kept or folded).
    """
    text = normalized.text
    found: list[Interviewee] = []
    for m in _PATTERN.finditer(text):
        name_start, name_end = m.span("name")
        if not re.match(r"[A-ZÀ-Þ]", text[name_start:name_end]):
            continue  # re.I lets a lower-case word through: a name is capitalised
        role = organisation = None
        end = name_end
        if m.group("role") and m.group("role").strip():
            start, stop = m.span("role")
            head = _POSSESSIVE.match(text, start) or _ARTICLE.match(text, start)
            start = head.end() if head else start
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            at = _AT.search(text, start, stop)
            if at:
                organisation = passage(normalized, at.end(), stop)
                stop = at.start()
            role = passage(normalized, start, stop) if stop > start else None
            end = m.end("role")
        span = normalized.span(m.start(), end)
        found.append(Interviewee(passage(normalized, name_start, name_end), role, organisation, Span(span.start, span.end)))
    return found
