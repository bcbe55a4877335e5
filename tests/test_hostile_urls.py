"""No URL gives a 500: every pattern of the site (the admin left out) with hostile path
segments, query parameters and form fields, as anonymous, contributor and editor, on the
database the suite runs on (SQLite or PostgreSQL)."""

import pytest
from django.core.signals import got_request_exception
from django.test import Client

from articles.ids import parse_id
from pressreview.middleware import hostile_input

from .factories import make_contributor, make_editor, make_link, make_post
from .hostile_requests import (
    CONTROL_FORM,
    HOSTILE_FORM,
    HOSTILE_QUERIES,
    HOSTILE_SEGMENTS,
    NUL_FORM,
    POSTED_SEGMENTS,
    fill,
    routes,
)

pytestmark = pytest.mark.django_db

ACCEPTED = {200, 201, 204, 301, 302, 303, 304, 307, 308, 400, 403, 404, 405}


@pytest.fixture
def valid_values():
    """A value of each path parameter that names something existing."""
    writer = make_contributor("writer")
    link = make_link(author=writer, tags="#Amazon #Climat", url="https://www.lemonde.fr/a/1")
    make_link(author=writer, status="draft", url="https://www.lemonde.fr/draft")
    post = make_post(author=writer, tags="#Amazon")
    return {
        "pk": str(link.pk),
        "slug": post.campaign.slug,
        "episode": str(post.episode),
        "domain": link.source.domain,
        "username": writer.username,
        "spec": "amazon",
        "section": "authors",
        "uidb64": "MQ",
        "token": "set-password",
    }


def hostile_paths(valid_values, segments=HOSTILE_SEGMENTS):
    """Every route with valid values, then with each parameter in turn made hostile."""
    for route, name, parameters in routes():
        yield name, fill(route, valid_values)
        for _converter, parameter in parameters:
            for segment in segments:
                yield name, fill(route, valid_values | {parameter: segment})


def test_the_walk_covers_every_part_of_the_site():
    names = {name for _route, name, _parameters in routes()}
    expected = {"home", "link_detail", "tag_feed_atom", "author_feed_rss", "sitemap_section"}
    expected |= {"link_new", "editor_fetch", "tag_autocomplete", "link_search", "tag_manage"}
    expected |= {"set_language", "login", "password_reset_confirm", "import", "export_json"}
    assert expected <= names
    assert not any(route.startswith("admin/") for route, _name, _parameters in routes())


class Walk:
    """Requests of one person, and the ones that were not answered as they should be."""

    def __init__(self, user):
        self.user = user
        self.client = Client(raise_request_exception=False)
        self.failures = []
        self.count = 0
        self.error = None
        if user is not None:
            self.client.force_login(user)
        got_request_exception.connect(self.record)

    def record(self, sender, request=None, **kwargs):
        import sys

        self.error = repr(sys.exc_info()[1])[:200]

    def send(self, method: str, path: str, data=None):
        self.error = None
        self.count += 1
        response = getattr(self.client, method)(path, data or {})
        if response.status_code not in ACCEPTED or self.error:
            shown = path if len(path) < 120 else path[:100] + f"...({len(path)} chars)"
            fields = f" ({', '.join(data)})" if data else ""
            self.failures.append(
                f"{method.upper()} {shown}{fields}: {response.status_code} {self.error or ''}"
            )
        if self.user is not None and "_auth_user_id" not in self.client.session:
            self.client.force_login(self.user)  # a logout was walked: log in again
        return response

    def close(self):
        got_request_exception.disconnect(self.record)


@pytest.mark.parametrize("persona", ["anonymous", "contributor", "editor"])
def test_no_url_gives_a_500(persona, valid_values):
    user = {"anonymous": None, "contributor": make_contributor, "editor": make_editor}[persona]
    walk = Walk(user and user())
    try:
        for _name, path in hostile_paths(valid_values):
            walk.send("get", path)
        if persona != "editor":  # an editor's writes would change the world walked
            # A path is resolved the same way whatever the method: a few segments suffice.
            for _name, path in hostile_paths(valid_values, POSTED_SEGMENTS):
                walk.send("post", path, HOSTILE_FORM)
        for route, _name, _parameters in routes():
            path = fill(route, valid_values)
            for query in HOSTILE_QUERIES:
                walk.send("get", f"{path}?{query}")
            if persona != "editor":
                walk.send("post", path, CONTROL_FORM)
                walk.send("post", path, NUL_FORM)
    finally:
        walk.close()
    assert walk.count > 1000
    assert not walk.failures, f"{len(walk.failures)} of {walk.count}:\n" + "\n".join(walk.failures)


@pytest.mark.parametrize(
    ("path", "data", "part"),
    [
        ("/tags/a\x00b/", {}, "path"),
        ("/tags/a\x1bb/", {}, "path"),
        ("/search/", {"q": "a\x00"}, "query"),
        ("/search/", {"tag\x07": "x"}, "query"),
    ],
)
def test_control_characters_are_found_where_they_are(rf, path, data, part):
    assert hostile_input(rf.get(path, data)) == part


def test_a_typed_text_keeps_its_control_characters_but_nul(rf):
    request = rf.post("/editor/preview/", {"text": "a\tb\r\nc\nd\x0ce\x0bf\x1b"})
    assert hostile_input(request) is None
    assert hostile_input(rf.get("/links/new/", {"excerpt": "a\x0cb"})) is None
    assert hostile_input(rf.post("/editor/preview/", {"text": "a\x00b"})) == "form"
    assert hostile_input(rf.post("/editor/preview/", {"te\x0cxt": "a"})) == "form"
    assert hostile_input(rf.get("/tags/a%09b/")) == "path"


@pytest.mark.django_db
def test_a_nul_in_a_header_is_refused_before_a_failed_login_stores_it(client):
    response = client.post(
        "/accounts/login/", {"username": "x", "password": "y"}, HTTP_USER_AGENT="a\x00b"
    )
    assert response.status_code == 400
    assert hostile_input(client.get("/").wsgi_request) is None  # tabs and text pass


def test_a_control_character_in_a_cookie_is_refused(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = client.get("/")
    assert response.status_code == 400
    assert "cookie" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/tags/%00/", "/search/?q=x&tag=%00", "/authors/%00/feed/atom/", "/?page=%00"]
)
def test_the_refusal_is_a_readable_page_in_the_readers_language(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "control character" in response.content.decode()
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "caractère de contrôle" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("9" * 30, None),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("٣", None),
        (" 1", None),
        ("", None),
    ],
)
def test_an_id_fits_the_database(text, expected):
    assert parse_id(text) == expected


def test_an_id_too_big_for_the_database_is_no_address(client, valid_values):
    assert client.get(f"/links/{valid_values['pk']}/").status_code == 200
    assert client.get("/links/9223372036854775808/").status_code == 404
    assert client.get(f"/links/{'9' * 30}/edit/").status_code == 404


@pytest.mark.parametrize("page", ["9" * 23, "9" * 5000, "-1", "0", "²", "1e3"])
@pytest.mark.parametrize("url", ["/", "/search/?q=amazon", "/tags/amazon/", "/sources/"])
def test_a_page_number_out_of_range_is_not_found(client, valid_values, url, page):
    separator = "&" if "?" in url else "?"
    expected = 200 if url == "/sources/" else 404
    assert client.get(f"{url}{separator}page={page}").status_code == expected


MULTIPART = "multipart/form-data; boundary=x"
MANY_FIELDS = "&".join(f"a{i}=1" for i in range(1200))


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'--x\r\nContent-Disposition: form-data; name="a\x00"\r\n\r\nv\r\n--x--\r\n', MULTIPART),
        (b"garbage", "multipart/form-data; boundary="),
        (MANY_FIELDS, "application/x-www-form-urlencoded"),
        ("q=%00", "application/x-www-form-urlencoded; charset=utf-16"),
    ],
)
def test_a_body_that_cannot_be_read_is_a_bad_request(body, content_type):
    client = Client(raise_request_exception=False)
    assert client.post("/search/", body, content_type=content_type).status_code == 400
    assert Client(raise_request_exception=False).get(f"/search/?{MANY_FIELDS}").status_code == 400
