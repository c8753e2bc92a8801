"""/api/documents: corpus documents as JSON-LD."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("documents", __name__)
