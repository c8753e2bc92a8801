"""/id/...: dereferenceable IRIs."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("linked", __name__)
