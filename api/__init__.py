"""The web service: SPARQL endpoint, query catalogue, REST API, linked data, pages.

Built by :func:`create_app` (the Flask application-factory pattern); each
blueprint is one module with one job. The service reads the graph only
through the store it is given, and knows nothing of how the graph was built.
"""

from __future__ import annotations

from importlib import import_module

from flask import Flask

from cxkg.api.public_url import PublicURL
from cxkg.config import Settings


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application.

    :param test_config: Flask settings that override the environment, e.g.
        ``{"CXKG": Settings(store="/tmp/store")}`` or ``{"TESTING": True}``.

    Absolute URLs follow ``Settings.public_url`` when it is set (``cxkg serve``
    always sets it), never the request's ``Host``; bodies are limited to
    ``Settings.body_limit``; every GET is tagged and may be answered 304
    (:mod:`cxkg.api.conditional`); answers are gzipped when the client
    accepts it (:mod:`cxkg.api.compression`).
    """
    app = Flask(__name__)
    app.config.from_mapping(CXKG=Settings.from_env())
    if test_config:
        app.config.update(test_config)
    settings: Settings = app.config["CXKG"]
    app.config["MAX_CONTENT_LENGTH"] = settings.body_limit
    if settings.public_url:
        app.wsgi_app = PublicURL(app.wsgi_app, settings.public_url)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from cxkg.api import body, compression, conditional, cors, errors, headers, templating

    errors.init_app(app)
    body.init_app(app)
    headers.init_app(app)
    cors.init_app(app)
    templating.init_app(app)
    compression.init_app(app)  # after_request hooks run last-registered first:
    conditional.init_app(app)  # an answer is tagged, then compressed
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    return app


#: The modules of the service, one blueprint each.
BLUEPRINTS = (
    "sparql", "void", "catalogue", "concepts", "documents", "openapi",
    "dereference", "ontology_page", "dumps", "home", "browse", "teaching", "health", "exercises",
)


def blueprints() -> list:
    """Every blueprint of the service, imported when the app is built."""
    return [import_module(f"{__name__}.{name}").bp for name in BLUEPRINTS]
