"""One contract for every store: the embedded store, the query processes the
service reads through, and a remote SPARQL 1.1 store (Virtuoso) holding the
same graphs give the same typed answers to every query form, and ``cxkg query``
prints each form from either.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cxkg.store.embedded import OxigraphStore
from cxkg.store.interface import Boolean, Solutions, Triples
from cxkg.store.open import open_store, publish
from cxkg.store.processes import Sandbox

PREFIX = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
SELECT = PREFIX + "SELECT ?notation WHERE { ?c skos:notation ?notation } ORDER BY ?notation"
CONSTRUCT = PREFIX + "CONSTRUCT { ?c skos:notation ?n } WHERE { ?c skos:notation ?n FILTER(STRSTARTS(?n, 'C')) }"
ASK = PREFIX + "ASK { ?c skos:notation 'C1' }"


@pytest.fixture(scope="module")
def remote(built, virtuoso):
    """The corpus graph pushed to Virtuoso, as ``cxkg build --store URL`` leaves it."""
    settings = virtuoso.settings(built[0])
    remote = open_store(settings, timeout=30, limit=10000)
    publish(OxigraphStore.open(built[0].store, read_only=True), remote)
    return remote


@pytest.fixture(scope="module", params=["embedded", "processes", "remote"])
def any_store(request, built):
    if request.param == "embedded":
        yield OxigraphStore.open(built[0].store, read_only=True)
    elif request.param == "processes":
        with Sandbox(built[0].store, timeout=30, limit=10000, memory=built[0].query_memory) as sandbox:
            yield sandbox
    else:
        yield request.getfixturevalue("remote")


def notations(rows) -> list[str]:
    return sorted({row["notation"].value for row in rows})


def test_select_gives_solutions_with_their_variables(any_store):
    result = any_store.query(SELECT)
    assert isinstance(result, Solutions) and result.variables == ("notation",)
    assert {"C1", "C7"} <= set(notations(result.rows))
    assert notations(any_store.select(SELECT)) == notations(result.rows)


def test_construct_gives_triples(any_store):
    result = any_store.query(CONSTRUCT)
    assert isinstance(result, Triples) and result.triples
    assert {t.object.value for t in result.triples} >= {"C1", "C7"}
    assert all(isinstance(t, ox.Triple) for t in result.triples)


def test_ask_gives_a_boolean(any_store):
    result = any_store.query(ASK)
    assert isinstance(result, Boolean) and result.value is True and bool(result)
    assert any_store.query(ASK.replace("'C1'", "'C99'")).value is False


def test_select_refuses_other_forms(any_store):
    with pytest.raises(TypeError):
        any_store.select(ASK)


def test_every_store_gives_the_same_answers(built, remote):
    embedded = OxigraphStore.open(built[0].store, read_only=True)
    assert notations(embedded.select(SELECT)) == notations(remote.select(SELECT))
    assert set(embedded.query(CONSTRUCT).triples) == set(remote.query(CONSTRUCT).triples)


@pytest.mark.parametrize("form", ["select", "construct", "ask"])
def test_cxkg_query_prints_every_form_from_either_store(built, remote, virtuoso, cxkg, tmp_path, form):
    """Today a CONSTRUCT printed as a table ended in a traceback."""
    text = {"select": SELECT, "construct": CONSTRUCT, "ask": ASK}[form]
    source = tmp_path / f"{form}.rq"
    source.write_text(text, encoding="utf-8")
    printed = []
    for store in (built[0].store, virtuoso.sparql_url):
        done = cxkg("query", str(source), "--store", store)
        assert done.returncode == 0, done.stderr
        printed.append(done.stdout)
    assert printed[0] == printed[1]
    assert ("yes" if form == "ask" else "C1") in printed[0]
