"""What every template knows: the reader's language, and how an IRI becomes a link.

The language comes from ``?lang=fr|en``, then the cookie that remembers it,
then the browser's ``Accept-Language`` (with its q-values), then English.
"""

from __future__ import annotations

from flask import Flask, Response, request, url_for

from cxkg.api.links import href, short, web_link

LANGS = ("en", "fr")
COOKIE = "cxkg_lang"


def current_lang() -> str:
    """The reader's language: ``?lang=``, else the cookie, else ``Accept-Language``, else English."""
    for asked in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if asked in LANGS:
            return asked
    return request.accept_languages.best_match(LANGS, default=LANGS[0])


def pick(texts: dict | None, lang: str) -> str:
    """The text in ``lang``, else in the other language, else ``""``."""
    texts = texts or {}
    return texts.get(lang) or next((texts[k] for k in LANGS if texts.get(k)), "")


def lang_url(lang: str) -> str:
    """This page in another language (other query arguments kept)."""
    args = {k: v for k, v in request.args.items() if not k.startswith("_")}
    args["lang"] = lang
    return url_for(request.endpoint or "home.home", **(request.view_args or {}), **args)


def language() -> dict:
    """What every template knows of the language: ``lang``, ``t(en, fr)``, ``pick(dict)``."""
    lang = current_lang()
    return {
        "lang": lang,
        "other_lang": "fr" if lang == "en" else "en",
        "t": lambda en, fr: fr if lang == "fr" else en,
        "pick": lambda texts: pick(texts, lang),
        "lang_url": lang_url,
        "href": href,
        "short": short,
    }


def in_lang(texts: dict | None) -> str:
    """The text of a ``{fr, en}`` dict in the reader's language (a filter)."""
    return pick(texts, current_lang())


def remember_language(response: Response) -> Response:
    """Keep a language chosen with ``?lang=`` for the next pages (a page the
    browser already holds, answered 304, sets it too)."""
    asked = request.args.get("lang")
    if asked in LANGS and (response.mimetype == "text/html" or response.status_code == 304):
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    if response.mimetype == "text/html":  # the page's language may follow either
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def init_app(app: Flask) -> None:
    app.context_processor(language)
    app.add_template_filter(in_lang, "in_lang")
    app.add_template_filter(web_link, "web_link")
    app.after_request(remember_language)
