"""A private Virtuoso Open Source 7 instance, for the tests and the benchmark.

The Debian package's own service neither starts in a container nor has its
``dba`` password set, and a shared instance would mix other data with ours.
So each user gets an instance of its own: the package's ``virtuoso.ini``
copied into a folder, its database files moved there, both ports bound to
127.0.0.1, the ``dba`` password set with ``USER_SET_PASSWORD`` (``SET PASSWORD``
mis-parses some passwords), and ``ResultSetMaxRows`` raised so that Virtuoso
never cuts a result silently below the service's own limit.

>>> v = Virtuoso("/tmp/cxkg-virtuoso", port=21111, http_port=28890, password="s3cret")
>>> v.sparql_url, v.graph_crud_url
('http://127.0.0.1:28890/sparql', 'http://127.0.0.1:28890/sparql-graph-crud-auth')
>>> v.env()["CXKG_STORE_USER"]
'dba'
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from cxkg.config import Settings
from cxkg.store.remote_http import Endpoints
from cxkg.store.virtuoso_install import VirtuosoUnavailable, install, write_ini

USER = "dba"
__all__ = ["Virtuoso", "VirtuosoError", "VirtuosoUnavailable", "free_port"]


class VirtuosoError(RuntimeError):
    """The instance did not start, stop, or run a statement."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quote_sql(text: str) -> str:
    """A SQL string (quotes doubled; a ``%`` as ``chr(37)``).

    isql reads ``%2F`` in a statement as the byte it escapes, so a graph IRI
    holding a percent-escape would be loaded under another IRI.

    >>> quote_sql("it's")
    "'it''s'"
    >>> quote_sql("urn:a%2Fb")
    "concat('urn:a', chr(37), '2Fb')"
    """
    parts = ["'" + part.replace("'", "''") + "'" for part in text.split("%")]
    return parts[0] if len(parts) == 1 else "concat(" + ", chr(37), ".join(parts) + ")"


@dataclass
class Virtuoso:
    """One private instance: its folder, its ports, its ``dba`` password.

    :param folder: where the ini file, the database and the log go.
    :param port: the SQL port (``isql-vt``); :param http_port: the HTTP port.
    :param max_rows: Virtuoso's ``ResultSetMaxRows`` (its default, 10000, cuts silently).
    :param buffers: ``NumberOfBuffers`` (8 kB pages in memory); ``None``: the package's.
    """

    folder: Path | str
    port: int
    http_port: int
    password: str = "dba"
    max_rows: int = 1_000_000
    buffers: int | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        self.ini, self.database = self.folder / "virtuoso.ini", self.folder / "db"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        """The anonymous, read-only SPARQL endpoint."""
        return f"{self.base_url}/sparql"

    @property
    def update_url(self) -> str:
        """The SPARQL endpoint that takes updates (HTTP digest, :attr:`auth`)."""
        return f"{self.base_url}/sparql-auth"

    @property
    def graph_crud_url(self) -> str:
        """The Graph Store Protocol endpoint (HTTP digest, :attr:`auth`)."""
        return f"{self.base_url}/sparql-graph-crud-auth"

    @property
    def auth(self) -> tuple[str, str]:
        return USER, self.password

    def env(self) -> dict[str, str]:
        """The environment that points ``cxkg`` commands at this instance."""
        return {"CXKG_STORE": self.sparql_url, "CXKG_STORE_USER": USER, "CXKG_STORE_PASSWORD": self.password}

    def settings(self, base: Settings | None = None) -> Settings:
        """``base`` (or the defaults) with this instance as the store."""
        return replace(base or Settings(), store=self.sparql_url, store_user=USER, store_password=self.password)

    def endpoints(self) -> Endpoints:
        """Query, update and Graph Store Protocol endpoints, signed in as ``dba``."""
        return Endpoints(self.sparql_url, self.update_url, self.graph_crud_url, USER, self.password)

    def install_if_missing(self) -> float:
        """Install the Debian package unless it is there; the seconds it took.

        :raises VirtuosoUnavailable: when it is missing and this is not root, or apt-get fails.
        """
        seconds = install()
        if seconds:
            self.timings["install"] = seconds
        return seconds

    def configure(self) -> None:
        """Write this instance's ini file: its folder, its ports, its limits."""
        self.database.mkdir(parents=True, exist_ok=True)
        write_ini(self.ini, self.ini_values())

    def ini_values(self) -> dict[tuple[str, str], object]:
        """What this instance changes in the package's ini file, by (section, key)."""
        db = self.database
        files = {"DatabaseFile": "virtuoso.db", "ErrorLogFile": "virtuoso.log", "LockFile": "virtuoso.lck",
                 "TransactionFile": "virtuoso.trx", "xa_persistent_file": "virtuoso.pxa"}
        values: dict[tuple[str, str], object] = {("Database", k): db / name for k, name in files.items()}
        values[("TempDatabase", "DatabaseFile")] = db / "virtuoso-temp.db"
        values[("TempDatabase", "TransactionFile")] = db / "virtuoso-temp.trx"
        values[("Parameters", "ServerPort")] = f"127.0.0.1:{self.port}"
        values[("Parameters", "DirsAllowed")] = f"., {self.folder}, /usr/share/virtuoso-opensource-7/vad"
        values[("HTTPServer", "ServerPort")] = f"127.0.0.1:{self.http_port}"
        values[("URIQA", "DefaultHost")] = f"127.0.0.1:{self.http_port}"
        values[("SPARQL", "ResultSetMaxRows")] = self.max_rows
        # The cost estimator refuses joins over reified statements (cq12) it guesses at
        # twenty minutes that run in under a second; the real bound is the execution time.
        values[("SPARQL", "MaxQueryCostEstimationTime")] = 36000
        values[("SPARQL", "MaxQueryExecutionTime")] = 120
        if self.buffers:
            values[("Parameters", "NumberOfBuffers")] = self.buffers
            values[("Parameters", "MaxDirtyBuffers")] = self.buffers * 3 // 4
        return values

    def start(self, wait: float = 60) -> float:
        """Start the server and set the password; the seconds until it answered.

        :raises VirtuosoError: when it exits or does not answer within ``wait`` s.
        """
        started = time.perf_counter()
        fresh = not (self.database / "virtuoso.db").exists()
        self.configure()
        log = open(self.folder / "server.log", "ab")
        self.process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(self.ini)],
                                        cwd=self.database, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        log.close()
        password = "dba" if fresh else self.password
        self._wait_until_up(password, started + wait)
        if password != self.password:
            self.sql(f"USER_SET_PASSWORD({quote_sql(USER)}, {quote_sql(self.password)})", password)
        self.timings["start"] = time.perf_counter() - started
        return self.timings["start"]

    def _wait_until_up(self, password: str, deadline: float) -> None:
        """Wait for the SQL port (opened last, once the server is online), then log in."""
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise VirtuosoError(f"virtuoso-t exited with {self.process.returncode}: {self.log_tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                time.sleep(0.05)
                continue
            self.sql("status()", password)
            return
        raise VirtuosoError(f"Virtuoso did not answer on port {self.port}: {self.log_tail()}")

    def sql(self, statement: str, password: str | None = None) -> str:
        """Run one SQL statement with ``isql-vt``; its output.

        :raises VirtuosoError: when it fails (``isql-vt`` exits 0 even then).
        """
        command = ["isql-vt", f"127.0.0.1:{self.port}", USER, password or self.password, f"EXEC={statement};"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output or "Connected to" not in output:
            raise VirtuosoError(f"isql-vt {statement[:80]!r} failed: {output[-1000:]}")
        return output

    def load(self, graph: str, data: bytes | str | Path, content_type: str = "text/turtle") -> float:
        """Replace ``graph`` by ``data`` (Turtle, N-Triples...) with a GSP ``PUT``; the seconds it took."""
        body = Path(data).read_bytes() if isinstance(data, Path) else data
        body = body.encode("utf-8") if isinstance(body, str) else body
        started = time.perf_counter()
        self.endpoints().put(graph, body, content_type)
        self.timings[f"load {graph}"] = time.perf_counter() - started
        return self.timings[f"load {graph}"]

    def bulk_load(self, path: Path, graph: str) -> float:
        """Load a large file with Virtuoso's bulk loader (adds to ``graph``); the seconds it took.

        :raises VirtuosoError: when the loader reports an error for the file.
        """
        folder = self.folder / "load"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(path, folder / path.name)
        started = time.perf_counter()
        self.sql(f"ld_dir({quote_sql(str(folder))}, {quote_sql(path.name)}, {quote_sql(graph)})")
        self.sql("rdf_loader_run()")
        self.sql("checkpoint")
        errors = self.sql("SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL")
        if "0 Rows." not in errors:
            raise VirtuosoError(f"the bulk loader failed: {errors[-1000:]}")
        self.timings[f"bulk load {graph}"] = time.perf_counter() - started
        return self.timings[f"bulk load {graph}"]

    def stop(self, wait: float = 30) -> float:
        """Shut the server down cleanly (killed past ``wait`` s); the seconds it took."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        started = time.perf_counter()
        try:
            self.sql("shutdown()")
        except (VirtuosoError, subprocess.TimeoutExpired):
            pass  # the connection drops as the server goes down
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.timings["stop"] = time.perf_counter() - started
        return self.timings["stop"]

    def log_tail(self, characters: int = 2000) -> str:
        """The end of the server's log, for error messages."""
        log = self.folder / "server.log"
        return log.read_text(errors="replace")[-characters:] if log.exists() else ""

    def __enter__(self) -> "Virtuoso":
        self.install_if_missing()
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
