"""A database connection the server dropped is replaced before a request uses it.

Requests go through Django's WSGI handler itself (not the test client, which keeps the
connection checks of the request cycle off), on the thread that owns the persistent
connection; another connection then ends that one's server process, as a database
restart or an idle timeout would.
"""

from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

from .factories import make_link

server_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="only a database server (PostgreSQL) can drop a connection; SQLite is a file",
)


def get(path: str) -> int:
    """The status of a GET of ``path``, through the whole request cycle."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "127.0.0.1"}
    setup_testing_defaults(environ)
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()  # request_finished: the connection is kept (CONN_MAX_AGE) or closed
    return int(statuses[0].split()[0])


def backend_pid() -> int | None:
    """The server process of the persistent connection (None: no connection is open)."""
    return connection.connection.info.backend_pid if connection.connection else None


def terminate(pid: int) -> None:
    """End server process ``pid`` from another connection."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()


@pytest.fixture
def persistent(monkeypatch):
    """The default connection kept between requests, with health checks as configured."""
    make_link(title="Kept connection")
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.close()
    yield
    connection.close()


def test_the_settings_ask_for_health_checks():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@server_only
@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_server_dropped_the_connection_is_answered(persistent):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert get("/") == 200
    dropped = backend_pid()
    assert dropped is not None, "the connection was not kept after the request"
    terminate(dropped)
    assert get("/") == 200
    assert backend_pid() not in (None, dropped)


@server_only
@pytest.mark.django_db(transaction=True)
def test_without_health_checks_the_same_request_fails(persistent, monkeypatch):
    """What the setting prevents: the check above would fail without it."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    assert get("/") == 200
    terminate(backend_pid())
    assert get("/") == 500
    assert get("/") == 200  # the broken connection was closed at the end of that request


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a setting of SQLite's own")
@pytest.mark.django_db
def test_a_sqlite_connection_caches_up_to_256_mb_of_pages():
    """SQLite's default 2 MB page cache makes a 20,000-entry import 84 s instead of 53 s."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -262144  # KiB
