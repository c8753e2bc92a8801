"""/api/concepts: concepts as JSON-LD."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("concepts", __name__)
