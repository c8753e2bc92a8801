"""The HTML query page of ``/sparql``."""

from __future__ import annotations

from flask import render_template


def sparql_page(text: str, answer) -> str:
    return render_template("sparql.html", text=text, answer=answer)
