"""/dumps: the whole dataset in every RDF format."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("dumps", __name__)
