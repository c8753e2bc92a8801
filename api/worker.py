"""The gunicorn worker of ``cxkg serve``: gevent, with pipes that stay blocking.

A gevent worker holds each connection in a greenlet, so clients that send a
request slowly, or never finish it, cost a few kilobytes each and hold no
thread a query needs (with threads, 64 half-open connections stopped the
service). gevent patches ``subprocess`` and ``select``: the query processes'
``poll(timeout)`` then waits without blocking the other greenlets, and the
time limit still holds.

One setting matters: by default gevent makes a child's pipes non-blocking,
and :mod:`cxkg.store.processes` reads its answers with
``multiprocessing.connection``, which expects blocking pipes (a large answer
then fails half read with ``EAGAIN``). gevent's ``thread`` file objects keep
pipes blocking; the readiness wait stays cooperative. This must be set before
gevent's file objects are first imported, hence at the top of this module.
"""

from __future__ import annotations

import gevent

gevent.config.fileobject = "thread"

from gunicorn.workers.ggevent import GeventWorker  # noqa: E402  (after the setting above)


class QueryWorker(GeventWorker):
    """gunicorn's gevent worker, with gevent configured for the query processes."""
