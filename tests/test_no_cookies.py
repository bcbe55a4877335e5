"""Anonymous readers get no cookie: every public page and feed can be kept by a shared cache.

Logged-in pages and the login form keep their CSRF token and cookie; the language switch
works without one.
"""

import pytest
from django.conf import settings
from django.utils.cache import cc_delim_re

from articles.models import Campaign
from tests.factories import make_contributor, make_link, make_post, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "une phrase de passe longue"


@pytest.fixture
def review():
    """A link of every kind of public page: tags, a source, an author, a campaign post."""
    alice = make_user("alice", first_name="Alice", last_name="Martin")
    link = make_link(
        title="Les entrepôts et leurs cadences",
        url="https://www.lemonde.fr/eco/entrepots.html",
        commentary="Notre avis #travail.",
        tags="#Amazon #travail",
        image_url="https://img.example/a.jpg",
        author=alice,
    )
    make_post(
        campaign=Campaign.objects.create(name="Stop Amazon", slug="stop-amazon"),
        episode=4,
        tags="#Amazon",
        author=alice,
        sources=[("Le Monde", link.url, link)],
    )
    return link


def public_pages(link) -> list[str]:
    return [
        "/",
        "/?page=1",
        f"/links/{link.pk}/",
        "/tags/",
        "/tags/amazon/",
        "/tags/amazon+travail/",
        "/sources/",
        "/sources/lemonde.fr/",
        "/authors/alice/",
        "/campaigns/",
        "/campaigns/stop-amazon/",
        "/campaigns/stop-amazon/4/",
        "/search/",
        "/search/?q=entrepôts",
        "/search/?q=entrepôts&tag=amazon",
    ]


FEEDS = [
    "/feed/atom/",
    "/feed/rss/",
    "/tags/amazon/feed/atom/",
    "/tags/amazon+travail/feed/rss/",
    "/sources/lemonde.fr/feed/atom/",
    "/sources/lemonde.fr/feed/rss/",
    "/campaigns/stop-amazon/feed/atom/",
    "/campaigns/stop-amazon/feed/rss/",
    "/authors/alice/feed/atom/",
    "/authors/alice/feed/rss/",
]
OTHER_PUBLIC = [
    "/robots.txt",
    "/sitemap.xml",
    *(f"/sitemap-{section}.xml" for section in ("pages", "entries", "tags", "sources")),
    *(f"/sitemap-{section}.xml" for section in ("campaigns", "authors")),
]
NOT_FOUND = ["/no-such-page/", "/links/999999/", "/tags/nothing-here/", "/campaigns/none/"]


def vary(response) -> set[str]:
    return {value.lower() for value in cc_delim_re.split(response.get("Vary", "")) if value}


def test_every_public_page_feed_and_404_sets_no_cookie(client, review):
    answered = {}
    for path in public_pages(review) + FEEDS + OTHER_PUBLIC + NOT_FOUND:
        response = client.get(path)
        answered[path] = response.status_code
        assert not response.has_header("Set-Cookie"), path
        assert not response.cookies, (path, response.cookies)
    assert all(answered[path] == 200 for path in public_pages(review) + FEEDS + OTHER_PUBLIC)
    assert all(answered[path] == 404 for path in NOT_FOUND)
    assert not client.cookies  # nothing was kept between the requests either


def test_pages_still_vary_on_the_language_and_on_cookies(client, review):
    """A shared cache must keep one copy per language and none for a logged-in person."""
    for path in public_pages(review) + FEEDS + ["/sitemap.xml", "/no-such-page/"]:
        response = client.get(path)
        assert {"accept-language", "cookie"} <= vary(response), path


def test_anonymous_pages_carry_no_csrf_token(client, review):
    for path in public_pages(review):
        assert b"csrfmiddlewaretoken" not in client.get(path).content, path


def test_a_reader_with_a_language_cookie_gets_no_other_cookie(client, review):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for path in public_pages(review) + FEEDS:
        response = client.get(path)
        assert not response.cookies, path
    assert ">Stream<" in client.get("/").content.decode()


def test_the_language_switch_works_without_a_csrf_token(review):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    assert ">Flux<" in browser.get("/").content.decode()
    response = browser.post("/i18n/setlang/", {"language": "en", "next": "/tags/amazon/"})
    assert response.status_code == 302 and response["Location"] == "/tags/amazon/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert set(response.cookies) == {settings.LANGUAGE_COOKIE_NAME}
    english = browser.get("/").content.decode()
    assert ">Stream<" in english and '<html lang="en">' in english
    back = browser.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert back.status_code == 302
    assert ">Flux<" in browser.get("/").content.decode()


def test_the_language_switch_never_redirects_to_another_site(review):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_login_form_keeps_its_csrf_token_and_cookie(review):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.get("/accounts/login/")
    assert b"csrfmiddlewaretoken" in response.content
    assert settings.CSRF_COOKIE_NAME in response.cookies
    make_contributor("camille", password=PASSWORD)
    refused = browser.post("/accounts/login/", {"username": "camille", "password": PASSWORD})
    assert refused.status_code == 403  # no token: refused


def test_logged_in_pages_keep_csrf(review):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_contributor("camille", password=PASSWORD))
    response = browser.get("/")
    assert b"csrfmiddlewaretoken" in response.content  # the logout form
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert browser.post("/accounts/logout/").status_code == 403


def test_the_language_switch_shrugs_off_bad_input(client):
    unknown = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert unknown.status_code == 302 and not unknown.cookies
    nul = client.post("/i18n/setlang/", {"language": "en\x00", "next": "/\x00"})
    assert nul.status_code == 400 and not nul.cookies  # pressreview.middleware
    assert client.get("/i18n/setlang/?language=en").status_code in {204, 302}
    assert not client.cookies
