"""Time of the editor's requests on the 100,000-link database, and of the page fetcher.

Usage: ``.venv/bin/python bench/editor.py [--quick] [--repeat 20]``

Uses ``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/pressreview_bench``),
filled by :mod:`bench.fill` like ``bench/run.py``. Measured in-process with Django's test
client, logged in as an editor, ``DEBUG`` off: tag autocomplete, press-link search, the
duplicate check of the fetch endpoint, the editor pages, saving a link (create and edit,
rolled back), and :func:`articles.editor.fetch.fetch_metadata` on a page and on a 3 MB page served
by a local server (read up to the 2 MB limit).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Rollback(Exception):
    pass


def timed(function, repeat: int) -> dict:
    function()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(times), "max_ms": max(times)}


def run(repeat: int) -> list[tuple[str, dict]]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from accounts.roles import EDITOR, give_role
    from articles.editor.fetch import fetch_metadata
    from articles.editor.links import LinkData, save_press_link, version_of
    from articles.models import PressLink
    from tags.parser import tags_in
    from tests.pages_server import PagesServer

    # An author of the filled database, made an editor (a new account would change the
    # row counts bench/fill.py checks, and force a refill).
    editor = get_user_model().objects.order_by("pk").first()
    give_role(editor, EDITOR)
    editor = get_user_model().objects.get(pk=editor.pk)
    client = Client()
    client.force_login(editor)
    link = PressLink.objects.order_by("-id").first()

    def get(path, **params):
        def call():
            response = client.get(path, params)
            assert response.status_code == 200, (path, response.status_code)

        return call

    def post(path, **data):
        def call():
            response = client.post(path, data)
            assert response.status_code == 200, (path, response.status_code)

        return call

    def save(edit: bool):
        def call():
            data = LinkData(
                url="https://bench.example/article/1" if not edit else link.url,
                title="Un titre",
                commentary="Un commentaire #Amazon",
                excerpts=["Un passage.", "Un autre #travail."],
                hashtags=tags_in("#logistique"),
                publish=True,
            )
            try:
                with transaction.atomic():
                    target = link if edit else None
                    version = version_of(link) if edit else None
                    save_press_link(data, user=editor, link=target, version=version)
                    raise Rollback
            except Rollback:
                pass

        return call

    cases = [
        ("autocomplete ?q=a", get(reverse("tag_autocomplete"), q="a")),
        ("autocomplete ?q=amaz", get(reverse("tag_autocomplete"), q="amaz")),
        ("link search ?q=le", get(reverse("link_search"), q="le")),
        ("link search ?q=two words", get(reverse("link_search"), q="la loi")),
        ("link search, a word found nowhere", get(reverse("link_search"), q="zzqx")),
        ("fetch endpoint, stored URL", post(reverse("editor_fetch"), url=link.url)),
        ("new link page", get(reverse("link_new"))),
        ("edit link page", get(reverse("link_edit", args=[link.pk]))),
        ("save a new link (rolled back)", save(edit=False)),
        ("save an edit (rolled back)", save(edit=True)),
    ]
    results = [(name, timed(function, repeat)) for name, function in cases]
    settings.FETCH_ALLOW_PRIVATE_FOR_TESTS = ["127.0.0.1"]
    with PagesServer("127.0.0.1") as pages:
        fetch_repeat = max(3, repeat // 4)
        for name, path in [
            ("fetch_metadata, article", "/article"),
            ("fetch_metadata, 3 MB", "/big"),
        ]:
            url = pages.url(path)
            results.append((name, timed(lambda url=url: fetch_metadata(url), fetch_repeat)))
    return results


def tolerate_unrendered_fill(fill) -> None:
    """Let :mod:`bench.fill` fill tables that have stored-HTML columns it does not write yet.

    Those columns get "" (the editor's figures do not read them); once ``bench/fill.py``
    writes them, its values win and this changes nothing.
    """
    from articles.fields import StoredHTMLField

    link_row, insert_rows = fill.link_row, fill.insert_rows

    def html_names(model, given):
        return [
            field.name
            for field in model._meta.local_concrete_fields
            if isinstance(field, StoredHTMLField) and field.name not in given
        ]

    def with_html(model, field_names, rows):
        missing = html_names(model, field_names)
        if not missing:
            return insert_rows(model, field_names, rows)
        padded = ([*row, *[""] * len(missing)] for row in rows)
        return insert_rows(model, [*field_names, *missing], padded)

    def link_row_with_html(*args, **kwargs):
        return {"commentary_html": "", **link_row(*args, **kwargs)}

    fill.insert_rows, fill.link_row = with_html, link_row_with_html


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the 10,000-link database")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from bench.run import ensure_filled, open_database

    open_database()
    from bench import fill
    from bench.report import database_info

    tolerate_unrendered_fill(fill)
    ensure_filled(fill.QUICK if args.quick else fill.FULL, refill=False)
    info = database_info()
    print(f"\nEditor on {info['vendor']}, {link_count()} press links, {args.repeat} runs each")
    print(f"{'request':<36} {'median ms':>10} {'max ms':>10}")
    for name, figures in run(args.repeat):
        print(f"{name:<36} {figures['median_ms']:>10.1f} {figures['max_ms']:>10.1f}")
    return 0


def link_count() -> str:
    from articles.models import PressLink

    return f"{PressLink.objects.count():,}"


if __name__ == "__main__":
    sys.exit(main())
