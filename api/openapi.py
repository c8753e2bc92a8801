"""/openapi.json: the OpenAPI 3 description of the REST API."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("openapi", __name__)
