"""/api/queries: the query catalogue and its runs."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("catalogue", __name__)
