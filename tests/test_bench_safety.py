"""The benchmarks never migrate, fill or empty a database they did not create (bench.safety)."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from psycopg import sql

from bench import fill, safety
from bench.run import create_database, ensure_database
from bench.safety import MARK, MARK_TABLE, USE, NotABenchDatabase, check_database, decide

ROOT = Path(__file__).resolve().parent.parent


def test_a_marked_database_is_used_and_an_empty_one_marked():
    assert decide("bench", {MARK_TABLE, "articles_entry"}) == USE
    assert decide("bench", set()) == MARK


def test_a_database_with_tables_and_no_mark_is_refused_with_the_way_out():
    with pytest.raises(NotABenchDatabase) as refused:
        decide("prod", {"articles_entry", "auth_user"})
    message = str(refused.value)
    assert "Refusing to use database 'prod'" in message
    assert "2 tables: articles_entry, auth_user" in message
    assert "BENCH_DATABASE_URL" in message and "BENCH_ADOPT_DATABASE=1" in message


def test_only_an_explicit_adoption_marks_a_database_that_holds_tables():
    assert decide("old-bench", {"articles_entry"}, adopt=True) == MARK


def production_like(path: Path) -> Path:
    """An SQLite file holding a press review that is not the benchmarks'."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE articles_entry (id INTEGER PRIMARY KEY, title TEXT)")
        db.execute("INSERT INTO articles_entry (title) VALUES ('a real entry')")
        db.commit()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_sqlite_database_is_marked_once_then_used(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    assert check_database(url, adopt=False) == MARK
    assert check_database(url, adopt=False) == USE
    with closing(sqlite3.connect(tmp_path / "bench.sqlite3")) as db:
        (how,) = db.execute(f"SELECT how FROM {MARK_TABLE}").fetchone()
    assert how == "found empty by the pressreview benchmarks"


def test_an_unmarked_sqlite_database_with_data_is_refused_untouched(tmp_path):
    path = production_like(tmp_path / "prod.sqlite3")
    before = digest(path)
    with pytest.raises(NotABenchDatabase):
        check_database(f"sqlite:///{path}", adopt=False)
    with pytest.raises(SystemExit, match="bench: Refusing to use database"):
        ensure_database(f"sqlite:///{path}")
    assert digest(path) == before


def test_the_page_benchmark_stops_before_migrating_a_database_it_did_not_create(tmp_path):
    path = production_like(tmp_path / "prod.sqlite3")
    before = digest(path)
    environment = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    environment |= {"BENCH_DATABASE_URL": f"sqlite:///{path}", "BENCH_ADOPT_DATABASE": ""}
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--repeat", "1"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "bench: Refusing to use database" in result.stderr
    assert "(1 table: articles_entry)" in result.stderr
    assert digest(path) == before


@pytest.mark.django_db
def test_the_fill_refuses_to_empty_a_database_without_the_mark():
    """The test database was not created by the benchmarks: its users stay."""
    get_user_model().objects.create(username="real-user")
    with pytest.raises(NotABenchDatabase, match="Refusing to delete or fill data"):
        fill.wipe()
    with pytest.raises(NotABenchDatabase):
        fill.fill(fill.Sizes(links=10, tags=5, sources=2, authors=1))
    assert get_user_model().objects.filter(username="real-user").exists()


@pytest.mark.django_db
def test_the_fill_empties_a_marked_database():
    get_user_model().objects.create(username="bench-author")
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute(f"CREATE TABLE {MARK_TABLE} (marked_at VARCHAR(40), how TEXT)")
    safety.require_mark()
    fill.wipe()
    assert not get_user_model().objects.exists()


@pytest.fixture
def postgresql_server():
    """Connection keywords of the PostgreSQL server the tests run on, and a URL maker."""
    if connection.vendor != "postgresql":
        pytest.skip("creates and drops PostgreSQL databases")
    params = connection.settings_dict
    user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    server = {"host": host, "port": port, "user": params["USER"] or None}
    server["password"] = params["PASSWORD"] or None
    created = []

    def url_of(name: str) -> str:
        created.append(name)
        return f"postgres://{user}@{host}:{port}/{name}"

    yield server, url_of
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        for name in created:
            statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(statement.format(sql.Identifier(name)))


def test_a_postgresql_database_the_bench_creates_is_marked(postgresql_server):
    server, url_of = postgresql_server
    name = f"{connection.settings_dict['NAME']}_bench_new"
    url = url_of(name)
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    ensure_database(url)
    assert create_database(url) is False  # there now
    with psycopg.connect(dbname=name, **server) as db:
        (how,) = db.execute(f"SELECT how FROM {MARK_TABLE}").fetchone()
    assert how == "created by the pressreview benchmarks"
    assert check_database(url, adopt=False) == USE


def test_a_postgresql_database_with_data_and_no_mark_is_refused_untouched(postgresql_server):
    server, url_of = postgresql_server
    name = f"{connection.settings_dict['NAME']}_bench_foreign"
    url = url_of(name)
    create_database(url)
    with psycopg.connect(dbname=name, autocommit=True, **server) as db:
        db.execute("CREATE TABLE IF NOT EXISTS auth_user (id serial PRIMARY KEY, name text)")
        db.execute("INSERT INTO auth_user (name) VALUES ('an activist')")
    with pytest.raises(SystemExit, match="Refusing to use database"):
        ensure_database(url)
    with psycopg.connect(dbname=name, **server) as db:
        tables = safety.table_names(db, "postgresql")
        (users,) = db.execute("SELECT count(*) FROM auth_user").fetchone()
    assert tables == {"auth_user"} and users == 1
