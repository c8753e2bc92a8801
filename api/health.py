"""``/health``: is the service up, and how are its queries confined.

For a monitor and for an operator checking a deployment: the kind of store,
how the query processes are cut off from the network (see
:mod:`cxkg.store.isolation`; ``none`` means only the guard stands between a
query and the network), and the limits every query runs under. Asking
starts a query process if none runs yet, so the answer is what queries get.

A remote store runs queries in its own server, which cxkg does not isolate:
its isolation is ``none``, and the limits it does not apply (memory, bytes)
are ``null``.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from cxkg.api.backend import get_store, settings
from cxkg.store.isolation import NONE

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> Response:
    """``{"status": "ok", "store", "writable", "query_isolation", "limits": {time, rows, bytes, memory}}``.

    :raises StoreError: (a 503) when the store cannot be opened.
    """
    s = settings()
    store = get_store()
    remote = s.remote
    return jsonify({
        "status": "ok",
        "store": "remote" if remote else "embedded",
        "writable": s.write_token is not None,
        "query_isolation": NONE if remote else store.isolation(),
        "limits": {
            "time": s.query_timeout,
            "rows": s.result_limit,
            "bytes": None if remote else s.result_bytes,
            "memory": None if remote else s.query_memory,
        },
    })
