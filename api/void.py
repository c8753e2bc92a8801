"""``/.well-known/void``: the VoID/DCAT description of the dataset."""

from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("void", __name__)


@bp.route("/.well-known/void")
def void() -> Response:
    return Response("", content_type="text/turtle")
