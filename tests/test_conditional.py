"""Repeat requests cost nothing: every GET is tagged and answered 304 when
unchanged; answers are gzipped for clients that accept it; dumps have .gz twins.

The routes are walked as a reader would: from the home page and the listings,
following links, until every GET route of the service has been seen once.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import requests

#: Routes the walk does not need: static files (tagged by Flask itself) and the health probe.
NOT_WALKED = {"static", "health.health"}
#: Where the walk starts.
SEEDS = ["/", "/documents", "/compare", "/ontology", "/ontology.ttl", "/exercises", "/openapi.json", "/search?q=client",
         "/api/concepts", "/api/documents", "/api/works", "/api/concepts/search?q=client"]
#: A page and its JSON twin: where a link to one is found, the other is read too.
TWINS = [("/concept/", "/api/concepts/"), ("/document/", "/api/documents/"), ("/work/", "/api/works/"),
         ("/compare?", "/api/compare?"), ("/compare/alignment", "/api/compare/alignment")]
#: Routes whose answers are byte-for-byte the same on every request (gzip is compared on them).
STABLE = ["/", "/concepts", "/api/queries", "/api/concepts", "/api/queries/cq01", "/ontology.ttl",
          "/sparql?query=" + requests.utils.quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 2000")]
LINK = re.compile(r'href="([^"#]+)"|"(https?://[^"\s]+)"')


def get(url: str, **headers) -> requests.Response:
    """A GET that leaves the body as sent (no decompression) and redirects unfollowed."""
    answer = requests.get(url, headers={"Accept-Encoding": "identity", **headers}, allow_redirects=False,
                          timeout=120, stream=True)
    answer.raw_body = answer.raw.read(decode_content=False)
    return answer


@pytest.fixture(scope="module")
def walk(server, built) -> dict[str, str]:
    """One path (with its query) per GET route of the service: endpoint -> path.

    Links to a route not yet seen are followed first; a page's link also
    leads to its JSON twin under ``/api/``.
    """
    from cxkg.api import create_app

    settings, _ = built
    rules = create_app({"TESTING": True}).url_map
    adapter = rules.bind("127.0.0.1")
    wanted = {r.endpoint for r in rules.iter_rules() if "GET" in r.methods} - NOT_WALKED
    found: dict[str, str] = {}
    queue, seen = list(SEEDS), set()

    def endpoint_of(path: str) -> str | None:
        try:
            return adapter.match(urlsplit(path).path)[0]
        except Exception:
            return None

    while queue and wanted - set(found) and len(seen) < 300:
        path = queue.pop(0)
        endpoint = endpoint_of(path)
        if path in seen or endpoint is None:
            continue
        seen.add(path)
        answer = requests.get(server + path, timeout=120, allow_redirects=False)
        if answer.status_code not in (200, 303):
            continue
        found.setdefault(endpoint, path)
        links = [answer.headers.get("Location", "")] + [a or b for a, b in LINK.findall(answer.text[:400_000])]
        for link in map(html.unescape, links):
            if link.startswith(settings.base):
                link = "/id/" + link[len(settings.base):]
            elif link.startswith(server):
                link = link[len(server):]
            if not link.startswith("/") or link.startswith("//"):
                continue
            twins = [api + link[len(page):] for page, api in TWINS if link.startswith(page)]
            for candidate in [link, *twins]:
                if endpoint_of(candidate) not in found:
                    queue.insert(0, candidate)
    assert wanted - set(found) == set(), f"routes the walk did not reach: {sorted(wanted - set(found))}"
    return found


def test_every_get_is_tagged_and_a_repeat_is_answered_304(server, walk):
    assert walk
    for endpoint, path in walk.items():
        first = get(server + path)
        tag = first.headers.get("ETag")
        assert tag, (endpoint, path, first.status_code)
        again = get(server + path, **{"If-None-Match": tag})
        assert (again.status_code, again.raw_body) == (304, b""), (endpoint, path)
        assert again.headers["ETag"] == tag
        assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_if_none_match_compares_weakly_and_reads_lists_and_star(server):
    path = server + "/api/queries"
    tag = get(path).headers["ETag"]
    opaque = tag.removeprefix("W/")
    for held in (opaque, f'"other", {tag}', f'W/"x", {opaque}', "*"):
        assert get(path, **{"If-None-Match": held}).status_code == 304, held
    for held in ('"other"', 'W/"other", "more"'):
        assert get(path, **{"If-None-Match": held}).status_code == 200, held
    assert get(server + "/no/such/page", **{"If-None-Match": "*"}).status_code == 404


def test_the_tag_follows_what_varies_the_answer(server):
    query = server + "/sparql?query=" + requests.utils.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    tags = {get(query, Accept=media).headers["ETag"] for media in ("application/sparql-results+json", "text/csv")}
    tags |= {get(query + "%20OFFSET%201").headers["ETag"]}
    tags |= {get(server + "/concepts", **{"Accept-Language": lang}).headers["ETag"] for lang in ("fr", "en")}
    # the language a reader chose, which outweighs the browser's
    tags |= {get(server + "/concepts", Cookie="cxkg_lang=en", **{"Accept-Language": "fr"}).headers["ETag"]}
    tags |= {get(query, **{"Accept-Encoding": "gzip"}).headers["ETag"]}
    assert len(tags) == 7
    answer = get(query, Accept="text/csv", **{"If-None-Match": get(query).headers["ETag"]})
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("path", STABLE)
def test_gzip_decodes_to_the_identity_answer(server, path):
    plain = get(server + path)
    assert plain.status_code == 200 and len(plain.raw_body) > 1024
    assert get(server + path).raw_body == plain.raw_body, "the answer must be stable to compare"
    zipped = get(server + path, **{"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert len(zipped.raw_body) < len(plain.raw_body)
    assert gzip.decompress(zipped.raw_body) == plain.raw_body
    assert zipped.headers["ETag"].startswith("W/")  # weak: the same tag may stand for either coding
    assert get(server + path, **{"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]}).status_code == 304


def test_small_answers_and_errors_are_not_compressed(server):
    small = get(server + "/sparql?query=" + requests.utils.quote("ASK {}"), **{"Accept-Encoding": "gzip"})
    assert small.status_code == 200 and "Content-Encoding" not in small.headers
    broken = get(server + "/sparql?query=SELEC", **{"Accept-Encoding": "gzip"})
    assert broken.status_code == 400 and "Content-Encoding" not in broken.headers
    assert json.loads(broken.raw_body)["error"]["code"] == "syntax-error"
    assert broken.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("fmt", ["nt", "ttl", "nq"])
def test_gz_dumps_decompress_to_the_dumps(server, fmt):
    listing = requests.get(server + "/dumps/", timeout=60).json()["dumps"]
    assert listing
    entry = next(d for d in listing if d["format"] == fmt)
    raw, packed = get(entry["url"]), get(entry["gzip_url"])
    assert (raw.status_code, packed.status_code) == (200, 200)
    assert packed.headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in packed.headers
    assert raw.raw_body and gzip.decompress(packed.raw_body) == raw.raw_body
    assert len(packed.raw_body) < len(raw.raw_body) / 4
    assert get(entry["gzip_url"], **{"If-None-Match": packed.headers["ETag"]}).status_code == 304


def test_void_lists_the_gz_dumps(server):
    answer = requests.get(server + "/.well-known/void", headers={"Accept": "application/n-triples"}, timeout=120)
    dumps = {t.object.value for t in ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES)
             if t.predicate.value == "http://rdfs.org/ns/void#dataDump"}
    listed = requests.get(server + "/dumps/", timeout=60).json()["dumps"]
    assert listed and dumps == {d["url"] for d in listed} | {d["gzip_url"] for d in listed}


def test_a_rebuilt_store_gets_new_tags(built, start_server, tmp_path):
    """A rebuild swaps a new store folder into place: every tag changes, old ones get 200."""
    settings, _ = built
    store = tmp_path / "store"
    shutil.copytree(settings.store, store)
    base = start_server(str(store))
    paths = ["/api/queries", "/sparql?query=" + requests.utils.quote("ASK { ?s ?p ?o }")]
    before = [get(base + path).headers["ETag"] for path in paths]
    shutil.copytree(settings.store, tmp_path / "rebuilt")
    store.rename(tmp_path / "old")
    (tmp_path / "rebuilt").rename(store)
    for path, tag in zip(paths, before):
        answer = get(base + path, **{"If-None-Match": tag})
        assert answer.status_code == 200, path
        assert answer.headers["ETag"] != tag
