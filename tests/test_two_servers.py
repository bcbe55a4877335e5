"""Two gunicorn servers on one PostgreSQL and one Redis: what one changes, the other shows.

Each test reads every affected page on server B (keeping its ETag), makes one kind of change
through server A as an editor would (the editor, the tag manage page, the import page run by
a worker process), then asks B again, sending the old ETag: every answer must be a 200 with
the new content (never a 304, never an old page, feed, search result, tag statistic or tag
index). Runs on
PostgreSQL with Redis reachable (tests.servers); skipped elsewhere, with the reason.
"""

import pytest
from django.conf import settings
from django.test import Client

from articles.models import Entry, PressLink
from jobs.models import ImportJob
from tests import servers
from tests.factories import make_editor, make_link
from tests.servers import Page, check
from tests.test_permissions import link_form
from tests.workers import run_worker_batch


@pytest.fixture(scope="module")
def started(django_db_setup):
    """Servers A and B on the test database and a shared Redis, for the whole module."""
    reason = servers.skip_reason(settings.DATABASES["default"])
    if reason:
        pytest.skip(reason)
    with servers.running_servers(settings.DATABASES["default"]) as pair:
        yield pair


@pytest.fixture
def two(started, transactional_db):
    """Servers A and B, on committed data (emptied after each test) and an empty cache."""
    servers.redis_client().flushdb()
    for server in started:
        server.cookies.clear()
    return started


@pytest.fixture
def editor(two):
    """An editor logged in on server A (a session row both servers read)."""
    user = make_editor("editrice")
    client = Client()
    client.force_login(user)
    two[0].cookies["sessionid"] = client.cookies["sessionid"].value
    return user


@pytest.fixture
def world(editor):
    first = make_link(
        title="Entrepots de Bellerive",
        url="https://www.lemonde.fr/eco/bellerive.html",
        tags="#alpha #beta",
        excerpts=("Les quais tournent jour et nuit.",),
        author=editor,
    )
    second = make_link(
        title="Greve chez Amazon",
        url="https://www.liberation.fr/social/greve.html",
        tags="#alpha #gamma",
        excerpts=("Les salaries arretent le travail.",),
        author=editor,
    )
    return first, second


STREAMS = [
    "/",
    "/tags/alpha/",
    "/tags/beta/",
    "/tags/gamma/",
    "/tags/alpha+beta/",
    "/tags/alpha+gamma/",
    "/sources/lemonde.fr/",
    "/feed/atom/",
    "/tags/alpha/feed/atom/",
    "/tags/alpha+beta/feed/atom/",
    "/tags/",
]


def search(word: str) -> str:
    return f"/search/?q={word}"


def expect_saved(answer):
    assert answer.status == 302, (answer.status, answer.data.decode()[:2000])


# -- the changes ----------------------------------------------------------------------------


def new_link_form(**changes):
    values = link_form(
        PressLink(url="https://www.lemonde.fr/eco/zeppelins.html"),
        title="Zeppelins frigorifiques",
        version="",
        hashtags="#alpha #beta #gamma",
        action="publish",
    )
    values["excerpts-0-text"] = "Un passage sur les dirigeables cargos."
    values.update(changes)
    return values


def test_a_new_link_shows_on_the_other_server(two, world):
    a, _b = two
    new = "Zeppelins frigorifiques"
    urls = [*STREAMS, search("dirigeables")]
    pages = [
        Page("/", has=(new,)),
        Page("/tags/alpha/", has=(new,), total=3, related={"beta": 2, "gamma": 2}),
        Page("/tags/alpha+beta/", has=(new,), total=2, related={"gamma": 1}),
        Page("/tags/alpha+gamma/", has=(new,), total=2, related={"beta": 1}),
        Page("/tags/gamma/", has=(new,), total=2, related={"alpha": 2, "beta": 1}),
        Page("/sources/lemonde.fr/", has=(new,)),
        Page("/feed/atom/", has=(new,)),
        Page("/tags/alpha/feed/atom/", has=(new,)),
        Page("/tags/alpha+beta/feed/atom/", has=(new,)),
        Page(search("dirigeables"), has=(new,)),
        Page("/tags/", index={"alpha": 3, "beta": 2, "gamma": 2}),
    ]
    check(two, urls, lambda: expect_saved(a.post("/links/new/", new_link_form())), pages)


def test_an_edit_shows_on_the_other_server(two, world):
    a, _b = two
    first, _second = world
    old, new = "Entrepots de Bellerive", "Hangars de Quintessence"
    form = link_form(
        first,
        title=new,
        hashtags="#alpha #epsilon",
        action="publish",
        **{"excerpts-0-text": "Un passage nouveau sur les hangars."},
    )
    edit = f"/links/{first.pk}/edit/"
    urls = [*STREAMS, search("quais"), search("hangars")]
    pages = [
        Page("/", has=(new, "hangars"), lacks=(old, "quais tournent")),
        Page("/tags/alpha/", has=(new,), lacks=(old,), related={"beta": 0, "epsilon": 1}),
        Page("/tags/beta/", lacks=(old, new)),
        Page("/tags/alpha+beta/", lacks=(old, new)),
        Page("/sources/lemonde.fr/", has=(new,), lacks=(old,)),
        Page("/feed/atom/", has=(new,), lacks=(old,)),
        Page("/tags/alpha/feed/atom/", has=(new,), lacks=(old,)),
        Page(search("quais"), lacks=(old, new)),
        Page(search("hangars"), has=(new,)),
        Page("/tags/", index={"alpha": 2, "beta": 0, "epsilon": 1}),
    ]
    check(two, urls, lambda: expect_saved(a.post(edit, form)), pages)


def test_publish_then_unpublish_shows_on_the_other_server(two, world, editor):
    a, _b = two
    draft = make_link(
        title="Brouillon des docks",
        url="https://www.lemonde.fr/eco/docks.html",
        tags="#alpha #beta #gamma",
        excerpts=("Un passage sur les docks flottants.",),
        author=editor,
        status=Entry.Status.DRAFT,
    )
    title = draft.title
    edit = f"/links/{draft.pk}/edit/"
    urls = [*STREAMS, search("flottants")]

    def save(action):
        link = PressLink.objects.get(pk=draft.pk)
        form = link_form(link, title=title, hashtags="#alpha #beta #gamma", action=action)
        form["excerpts-0-text"] = "Un passage sur les docks flottants."
        expect_saved(a.post(edit, form))

    def pages(shown: bool, count: int):
        where = "has" if shown else "lacks"
        return [
            Page("/", **{where: (title,)}),
            Page("/tags/alpha/", **{where: (title,)}, total=count, related={"beta": count - 1}),
            Page("/tags/beta/", **{where: (title,)}, total=count - 1),
            Page(
                "/tags/alpha+beta/",
                **{where: (title,)},
                total=count - 1,
                related={"gamma": count - 2},
            ),
            Page("/sources/lemonde.fr/", **{where: (title,)}),
            Page("/feed/atom/", **{where: (title,)}),
            Page("/tags/alpha/feed/atom/", **{where: (title,)}),
            Page("/tags/alpha+beta/feed/atom/", **{where: (title,)}),
            Page(search("flottants"), **{where: (title,)}),
            Page("/tags/", index={"alpha": count, "beta": count - 1}),
        ]

    check(two, urls, lambda: save("publish"), pages(True, 3))
    check(two, urls, lambda: save("draft"), pages(False, 2))


def test_a_deletion_shows_on_the_other_server(two, world):
    a, _b = two
    first, _second = world
    title = first.title
    url = f"/links/{first.pk}/delete/"
    urls = [*STREAMS, search("quais")]
    pages = [
        Page("/", lacks=(title,)),
        Page("/tags/alpha/", lacks=(title,), total=1, related={"beta": 0, "gamma": 1}),
        Page("/tags/beta/", lacks=(title,)),
        Page("/tags/alpha+beta/", lacks=(title,)),
        Page("/sources/lemonde.fr/", lacks=(title,)),
        Page("/feed/atom/", lacks=(title,)),
        Page("/tags/alpha/feed/atom/", lacks=(title,)),
        Page(search("quais"), lacks=(title,)),
        Page("/tags/", index={"alpha": 1, "beta": 0, "gamma": 1}),
    ]
    check(two, urls, lambda: expect_saved(a.post(url, {})), pages)


def test_a_tag_rename_shows_on_the_other_server(two, world):
    a, _b = two
    first, _second = world
    urls = [*STREAMS, "/tags/bravo/", "/tags/alpha+bravo/", search("Bravo")]
    pages = [
        Page("/", has=("#Bravo",), lacks=("#beta",)),
        Page("/tags/beta/", status=301),
        Page("/tags/bravo/", has=(first.title,), total=1, related={"alpha": 1}),
        Page("/tags/alpha/", related={"Bravo": 1, "beta": 0, "gamma": 1}),
        Page("/tags/alpha+bravo/", has=(first.title,), total=1),
        Page("/tags/alpha+gamma/", lacks=("#beta",)),
        Page("/sources/lemonde.fr/", has=("#Bravo",), lacks=("#beta",)),
        Page("/feed/atom/", has=("Bravo",), lacks=('"beta"',)),
        Page("/tags/alpha/feed/atom/", has=("Bravo",), lacks=('"beta"',)),
        Page(search("Bravo"), has=(first.title,)),
        Page("/tags/", index={"Bravo": 1, "beta": 0}),
    ]
    form = {"action": "rename", "rename-name": "Bravo"}
    check(two, urls, lambda: expect_saved(a.post("/tags/beta/manage/", form)), pages)


def test_a_tag_merge_shows_on_the_other_server(two, world):
    a, _b = two
    first, second = world
    urls = [*STREAMS, search("gamma")]
    pages = [
        Page("/", has=("#beta",), lacks=("#gamma",)),
        Page("/tags/gamma/", status=301),
        Page("/tags/beta/", has=(first.title, second.title), total=2, related={"alpha": 2}),
        Page("/tags/alpha/", related={"beta": 2, "gamma": 0}),
        Page("/tags/alpha+beta/", has=(first.title, second.title), total=2),
        Page("/tags/alpha+gamma/", status=301),
        Page("/feed/atom/", lacks=('"gamma"',)),
        Page("/tags/alpha/feed/atom/", lacks=('"gamma"',)),
        Page(search("gamma"), lacks=(second.title,)),
        Page("/tags/", index={"beta": 2, "gamma": 0}),
    ]
    form = {"action": "merge", "merge-target": "#beta"}
    check(two, urls, lambda: expect_saved(a.post("/tags/gamma/manage/", form)), pages)


def test_a_tag_label_shows_on_the_other_server(two, world):
    a, _b = two
    urls = [*STREAMS, search("quais")]
    pages = [
        Page("/", has=("#AlphaEN",)),
        Page("/feed/atom/", has=("AlphaEN",)),
        Page("/tags/alpha/feed/atom/", has=("AlphaEN",)),
        Page(search("quais"), has=("#AlphaEN",)),
        Page("/tags/alpha/", has=("AlphaEN",)),
        Page("/tags/beta/", related={"AlphaEN": 1}),
        Page("/tags/alpha+beta/", has=("AlphaEN",)),
        Page("/sources/lemonde.fr/", has=("#AlphaEN",)),
        Page("/tags/", index={"AlphaEN": 2}),
    ]
    form = {"action": "labels", "labels-label_en": "AlphaEN"}
    check(two, urls, lambda: expect_saved(a.post("/tags/alpha/manage/", form)), pages)


IMPORTED = (
    "• Zeppelins de Bellerive\n"
    "https://www.lemonde.fr/eco/zeppelins-importes.html\n"
    "\n"
    "Les quais de chargement accueillent des dirigeables.\n"
    "\n"
    "#alpha #froid\n"
)


def test_an_import_shows_on_the_other_server(two, world):
    a, _b = two
    title = "Zeppelins de Bellerive"
    urls = [*STREAMS, "/tags/froid/", "/tags/alpha+froid/", search("dirigeables")]
    pages = [
        Page("/", has=(title,)),
        Page("/tags/alpha/", has=(title,), total=3, related={"froid": 1, "beta": 1}),
        Page("/tags/froid/", has=(title,), total=1, related={"alpha": 1}),
        Page("/tags/alpha+froid/", has=(title,), total=1),
        Page("/sources/lemonde.fr/", has=(title,)),
        Page("/feed/atom/", has=(title,)),
        Page("/tags/alpha/feed/atom/", has=(title,)),
        Page(search("dirigeables"), has=(title,)),
        Page("/tags/", index={"alpha": 3, "froid": 1}),
    ]

    def upload():
        fields = {"kind": "seenthis", "file": ("stream.txt", IMPORTED.encode(), "text/plain")}
        answer = a.post("/import/", fields)
        assert answer.status == 302 and answer.headers["Location"].startswith("/import/jobs/")
        run_worker_batch()  # a worker process: it reads the upload from the database
        assert ImportJob.objects.get().state == "done"

    check(two, urls, upload, pages)
