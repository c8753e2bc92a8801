"""/ontology: documentation of every class and property."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ontology_page", __name__)
