"""The teaching browser: home page and search."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("pages", __name__)
