"""/openapi.json: the OpenAPI 3 description of the service.

The description is data (``api/openapi.yaml``), kept beside the code it
describes; this module serves it as JSON with the server's own URL, so a
client generator or Swagger UI pointed at any deployment calls that one.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml
from flask import Blueprint, Response, jsonify, request

bp = Blueprint("openapi", __name__)

SPEC_FILE = Path(__file__).resolve().parent / "openapi.yaml"


@lru_cache(maxsize=1)
def spec() -> dict:
    """The OpenAPI document as written in ``openapi.yaml``."""
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi() -> Response:
    document = copy.deepcopy(spec())
    document["servers"] = [{"url": request.url_root.rstrip("/"), "description": "this server"}]
    return jsonify(document)
