"""The service's public base URL, the one place its own absolute URLs come from.

Every absolute URL the service writes (the service description, VoID, JSON-LD
``@id``\\ s, a 303 ``Location``) is built by ``url_for(_external=True)`` from
the WSGI environment. A request's ``Host`` header is the client's to choose, so
it must not reach that environment: :class:`PublicURL` sets the host, the scheme
and the path prefix from ``Settings.public_url`` before the application runs.

>>> app = PublicURL(lambda environ, start: [environ["HTTP_HOST"], environ["wsgi.url_scheme"], environ["SCRIPT_NAME"]],
...                 "https://kg.example.org/cxkg")
>>> app({"HTTP_HOST": "evil.example", "wsgi.url_scheme": "http", "SCRIPT_NAME": ""}, None)
['kg.example.org', 'https', '/cxkg']
>>> listen_url("127.0.0.1", 5000), listen_url("::1", 8080)
('http://127.0.0.1:5000', 'http://[::1]:8080')
"""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": "80", "https": "443"}


def listen_url(host: str, port: int) -> str:
    """The base URL of a server listening on ``host:port`` (IPv6 in brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class PublicURL:
    """WSGI middleware: requests look as if sent to ``base`` (scheme, host, path).

    :param app: the WSGI application to wrap.
    :param base: ``scheme://host[:port][/path]``, without a final slash.
    :raises ValueError: for a base that is not an absolute http(s) URL.
    """

    def __init__(self, app, base: str) -> None:
        parts = urlsplit(base)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError(f"the public URL must be an absolute http(s) URL, not {base!r}")
        self.app = app
        self.scheme, self.host, self.path = parts.scheme, parts.netloc, parts.path.rstrip("/")
        self.server = parts.hostname, str(parts.port or DEFAULT_PORTS[parts.scheme])

    def __call__(self, environ: dict, start_response):
        environ["HTTP_HOST"] = self.host
        environ["SERVER_NAME"], environ["SERVER_PORT"] = self.server
        environ["wsgi.url_scheme"] = self.scheme
        environ["SCRIPT_NAME"] = self.path
        environ.pop("HTTP_X_FORWARDED_HOST", None)
        return self.app(environ, start_response)
