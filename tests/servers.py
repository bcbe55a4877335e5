"""Two real gunicorn servers on one PostgreSQL test database and one Redis, for the tests.

:func:`skip_reason` says why they cannot run here (no PostgreSQL, no Redis, no gunicorn);
:func:`running_servers` starts both, waits until each answers, and always stops them.
:class:`AppServer` speaks plain HTTP to one of them (urllib3), as a browser would: session
cookie, CSRF cookie and form token, ``If-None-Match``. :func:`check` reads pages on B, makes a
change, and lists B's stale answers against what each :class:`Page` must show.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import quote

import urllib3

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/7")
START_SECONDS = 30  # both servers answer within this, or the test fails
STOP_SECONDS = 10  # after SIGINT (gunicorn's quick shutdown), then SIGKILL
REQUEST_TIMEOUT = urllib3.Timeout(connect=5, read=30)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def skip_reason(database: dict) -> str | None:
    """Why two servers cannot run on this machine, or None."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return (
            "two servers need PostgreSQL (set DATABASE_URL=postgres://…): "
            "they share the test database, which SQLite's in-memory one cannot be"
        )
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return f"gunicorn is not installed for {sys.executable}"
    try:
        redis_client().ping()
    except Exception as error:  # any failure to reach it means: not here
        return f"Redis at {REDIS_URL} does not answer ({error.__class__.__name__}: {error})"
    return None


def redis_client():
    import redis

    return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)


def database_url(database: dict) -> str:
    """A ``postgres://`` address of the database Django's ``settings`` entry names."""
    user = quote(database.get("USER") or "", safe="")
    password = database.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    at = f"{credentials}@" if credentials else ""
    return f"postgres://{at}{host}:{port}/{quote(database['NAME'], safe='')}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """One gunicorn server (one worker) of the site, run as a subprocess."""

    def __init__(self, name: str, env: dict):
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "pressreview.wsgi:application",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.http = urllib3.PoolManager(timeout=REQUEST_TIMEOUT, retries=False)
        self.cookies: dict[str, str] = {}

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-4000:]

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} exited:\n{self.output()}")
            try:
                answer = self.http.request("GET", self.base + "/robots.txt", timeout=2)
            except urllib3.exceptions.HTTPError:
                time.sleep(0.1)
                continue
            if answer.status == 200:
                return
            raise RuntimeError(f"server {self.name} answered {answer.status}:\n{self.output()}")
        raise RuntimeError(f"server {self.name} did not answer in time:\n{self.output()}")

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(STOP_SECONDS)
        self.http.clear()
        self.log.close()

    # -- HTTP ------------------------------------------------------------------------

    def _headers(self, headers: dict | None) -> dict:
        sent = {"Accept-Language": "en", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        return sent

    def _keep_cookies(self, answer) -> None:
        for header in answer.headers.getlist("Set-Cookie"):
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path: str, **headers):
        answer = self.http.request(
            "GET", self.base + path, headers=self._headers(headers), redirect=False
        )
        self._keep_cookies(answer)
        return answer

    def post(self, path: str, fields: dict, *, form_page: str | None = None):
        """POST ``fields`` (a file is ``(name, bytes, type)``) with the CSRF token of a form
        page (``form_page``, by default ``path``) read first; no redirect followed."""
        page = self.get(form_page or path)
        assert page.status == 200, f"{self.name} GET {form_page or path}: {page.status}"
        token = TOKEN.search(page.data.decode()).group(1)
        fields = {"csrfmiddlewaretoken": token, **fields}
        multipart = any(isinstance(value, tuple) for value in fields.values())
        answer = self.http.request(
            "POST",
            self.base + path,
            fields=fields,
            headers=self._headers({"Referer": self.base + (form_page or path)}),
            encode_multipart=multipart,
            redirect=False,
        )
        self._keep_cookies(answer)
        return answer


@contextlib.contextmanager
def running_servers(database: dict, names=("A", "B")):
    """Servers on ``database`` and the Redis of :data:`REDIS_URL` (emptied first)."""
    redis_client().flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "CACHE_URL": REDIS_URL,
        "DEBUG": "1",
        # Closed after each request: nothing holds the test database when it is emptied.
        "CONN_MAX_AGE": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    servers = []
    try:
        for name in names:
            servers.append(AppServer(name, env))
        deadline = time.monotonic() + START_SECONDS
        for server in servers:
            server.wait_ready(deadline)
        yield servers
    finally:
        for server in servers:
            server.stop()


# -- what a page must show ------------------------------------------------------------------

COUNTED = re.compile(r'#([^<]+)</a> <span class="count"[^>]*>(\d+)</span>')
MARK = re.compile(r"</?mark>")  # search results highlight the words found
TOTAL = re.compile(r'class="page-subtitle">(\d+) entr')


def sections(html: str, marker: str) -> str:
    """The lists (``<ul>``) following each ``marker``, joined."""
    return "".join(part.split("</ul>", 1)[0] for part in html.split(marker)[1:])


@dataclass
class Page:
    """What B's next answer at ``url`` must show: texts present (``has``) and gone
    (``lacks``), the related tags' counts on a tag page (0: not listed), the number of
    entries of a stream page, the counts of the tag index (``/tags/``)."""

    url: str
    has: tuple = ()
    lacks: tuple = ()
    related: dict = field(default_factory=dict)
    total: int | None = None
    index: dict = field(default_factory=dict)
    status: int = 200

    def stale(self, answer) -> list[str]:
        """What is wrong with ``answer``: empty when it is current."""
        if answer.status != self.status:
            return [f"status {answer.status}, expected {self.status}"]
        if self.status != 200:
            return []
        html = unescape(MARK.sub("", answer.data.decode()))
        wrong = [f"lacks {text!r}" for text in self.has if text not in html]
        wrong += [f"still shows {text!r}" for text in self.lacks if text in html]
        lists = (('class="related-tags"', self.related), ("index-list", self.index))
        for marker, expected in lists:
            shown = {name: int(count) for name, count in COUNTED.findall(sections(html, marker))}
            for name, count in expected.items():
                if shown.get(name, 0) != count:
                    wrong.append(f"#{name} counted {shown.get(name, 0)}, expected {count}")
        if self.total is not None:
            found = TOTAL.search(html)
            total = int(found.group(1)) if found else None
            if total != self.total:
                wrong.append(f"{total} entries, expected {self.total}")
        return wrong


def read_all(server, urls) -> dict[str, str | None]:
    """Each url read on ``server`` (warming its caches): url -> ETag (None if none).

    Pages and feeds have one, which gets a 304 while nothing changes: so the 304 after a
    change, if any, is the server's decision, not a missing ETag.
    """
    etags = {}
    for url in urls:
        answer = server.get(url)
        assert answer.status in (200, 301, 302, 404), (url, answer.status)
        etags[url] = answer.headers.get("ETag")
        if answer.status == 200 and not url.startswith("/search/"):
            assert etags[url], f"{url} has no ETag"
            assert server.get(url, **{"If-None-Match": etags[url]}).status == 304, url
    return etags


def stale_answers(server, pages: list[Page], etags: dict) -> list[str]:
    """B's next answer at each page, revalidating with the ETag read before the change."""
    found = []
    for page in pages:
        headers = {"If-None-Match": etags[page.url]} if etags.get(page.url) else {}
        answer = server.get(page.url, **headers)
        if answer.status == 304:
            found.append(f"{page.url}: 304 for the ETag from before the change")
            continue
        found += [f"{page.url}: {problem}" for problem in page.stale(answer)]
    return found


def check(two, urls, change, pages):
    """Read ``urls`` on B, run ``change`` (through A), then B must answer ``pages`` fresh."""
    _a, b = two
    etags = read_all(b, urls)
    change()
    problems = stale_answers(b, pages, etags)
    assert not problems, "stale answers from server B:\n" + "\n".join(problems)
