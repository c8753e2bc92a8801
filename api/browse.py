"""The teaching browser: concept, document and work pages."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("browse", __name__)
