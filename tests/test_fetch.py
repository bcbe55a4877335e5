"""The page fetcher: refused addresses, redirects, limits, and metadata read from pages."""

import socket
import time
from datetime import date

import pytest
from django.utils import translation

from articles.editor import fetch
from articles.editor.fetch import (
    FetchError,
    FetchRefused,
    fetch_metadata,
    fetch_page,
    refusal_reason,
)

from .pages_server import PagesServer


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def refusing(settings):
    """The production policy: no loopback either."""
    settings.FETCH_ALLOW_PRIVATE_FOR_TESTS = False
    return settings


@pytest.fixture
def server(settings):
    """A page server on 127.0.0.2, the only loopback address the fetcher may reach."""
    settings.FETCH_ALLOW_PRIVATE_FOR_TESTS = ["127.0.0.2"]
    with PagesServer("127.0.0.2") as pages:
        yield pages


@pytest.fixture
def trap():
    """A server on 127.0.0.1 that must never be reached."""
    with PagesServer("127.0.0.1") as pages:
        yield pages


def fake_dns(monkeypatch, table):
    """Resolve the names of ``table`` to its addresses; count the look-ups."""
    calls = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in table:
            calls.append(host)
            answers = table[host]
            if isinstance(answers[0], list):  # one answer per look-up
                answers = answers.pop(0)
            family = {True: socket.AF_INET6, False: socket.AF_INET}
            return [(family[":" in a], socket.SOCK_STREAM, 6, "", (a, port)) for a in answers]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.254", "private"),
    ("192.168.1.1", "private"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("::ffff:127.0.0.1", "IPv4-mapped"),
    ("::ffff:10.0.0.1", "IPv4-mapped"),
    ("::ffff:93.184.216.34", "IPv4-mapped"),
    ("64:ff9b::7f00:1", "embedding an IPv4"),
    ("::127.0.0.1", "embedding an IPv4"),
    ("2002:7f00:1::1", "embedding an IPv4"),
    ("100.64.0.1", "not a public"),
    ("192.0.2.10", "private"),
    ("198.18.0.1", "private"),
]


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_every_non_public_range_is_refused(refusing, address, kind):
    reason = refusal_reason(address)
    assert reason is not None and kind in reason and address in reason


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(refusing, address):
    assert refusal_reason(address) is None


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_literal_address_urls_are_refused_before_connecting(refusing, address, kind):
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(FetchRefused) as refused:
        fetch_metadata(f"http://{host}/admin")
    assert kind in refused.value.reason


def test_loopback_is_refused_with_the_test_setting_off(refusing, trap):
    with pytest.raises(FetchRefused, match="loopback"):
        fetch_metadata(trap.url("/article"))
    with pytest.raises(FetchRefused, match="loopback"):
        fetch_metadata(trap.url("/article", host="localhost"))
    assert trap.hits == []


def test_test_setting_true_allows_loopback_only(settings):
    settings.FETCH_ALLOW_PRIVATE_FOR_TESTS = True
    assert refusal_reason("127.0.0.1") is None
    assert refusal_reason("::1") is None
    assert "private" in refusal_reason("10.0.0.1")
    assert "link-local" in refusal_reason("169.254.169.254")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/file",
        "file:///etc/passwd",
        "gopher://example.org/",
        "javascript:alert(1)",
        "data:text/html,<p>hi</p>",
        "//example.org/a",
        "http:///nohost",
        "http://user:secret@example.org/",
        "http://example.org:99999/",
    ],
)
def test_only_plain_http_and_https_urls_are_fetched(refusing, url):
    with pytest.raises(FetchRefused):
        fetch_metadata(url)


def test_a_name_is_refused_when_any_of_its_addresses_is_private(refusing, monkeypatch):
    fake_dns(monkeypatch, {"mixed.example": ["93.184.216.34", "10.0.0.7"]})
    with pytest.raises(FetchRefused, match=r"10\.0\.0\.7 is a private address"):
        fetch_metadata("https://mixed.example/article")


def test_metadata_are_read_from_a_local_page(server):
    found = fetch_metadata(server.url("/article"))
    assert found["title"] == "Les entrepôts automatisés sous surveillance"
    assert found["description"] == "Une enquête sur les cadences & la santé au travail."
    assert found["publication"] == "La Gazette du Rhône"
    assert found["author"] == "Jeanne Martin"
    assert found["date"] == date(2024, 3, 5)
    assert found["image"] == server.url("/images/entrepot.jpg")
    assert found["url"] == server.url("/article")
    assert found["truncated"] is False


def test_redirect_to_127_0_0_1_is_refused_and_never_followed(server, trap):
    with pytest.raises(FetchRefused, match=r"127\.0\.0\.1 is a loopback address"):
        fetch_metadata(server.url(f"/redirect?to={trap.url('/article')}"))
    assert server.hits == [f"/redirect?to={trap.url('/article')}"]
    assert trap.hits == []


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/", "http://[::1]/", "file:///etc/passwd"],
)
def test_redirects_to_refused_targets_are_refused(server, target):
    with pytest.raises(FetchRefused):
        fetch_metadata(server.url(f"/redirect?to={target}"))


def test_redirect_to_a_name_resolving_to_a_private_address_is_refused(server, monkeypatch):
    fake_dns(monkeypatch, {"intranet.example": ["192.168.0.10"]})
    with pytest.raises(FetchRefused, match="private"):
        fetch_metadata(server.url("/redirect?to=http://intranet.example/"))


def test_five_redirects_are_followed_and_a_sixth_is_not(server):
    found = fetch_metadata(server.url("/chain/4"))  # 5 redirects
    assert found["title"] == "Les entrepôts automatisés sous surveillance"
    assert found["url"] == server.url("/article")
    with pytest.raises(FetchError, match="more than 5"):
        fetch_metadata(server.url("/chain/5"))


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(server, monkeypatch):
    # The first look-up answers the allowed address, a second one would answer 127.0.0.1:
    # the fetcher must resolve once and connect to what it checked (no DNS rebinding).
    calls = fake_dns(monkeypatch, {"news.example": [["127.0.0.2"], ["127.0.0.1"]]})
    found = fetch_metadata(f"http://news.example:{server.port}/host")
    assert found["title"] == f"host=news.example:{server.port}"
    assert calls == ["news.example"]


def test_at_most_the_byte_limit_is_read(server):
    page = fetch_page(server.url("/big"))
    assert len(page.body) == 2 * 1024 * 1024
    assert page.truncated is True
    found = fetch_metadata(server.url("/big"))
    assert found["title"] == "Les entrepôts automatisés sous surveillance"
    assert found["truncated"] is True


def test_the_total_time_is_bounded(server, settings):
    settings.FETCH_TIMEOUT = 1
    started = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch_metadata(server.url("/slow"))
    assert time.monotonic() - started < 1.5


def test_only_html_is_parsed(server):
    with pytest.raises(FetchError, match="not an HTML page"):
        fetch_metadata(server.url("/image.png"))


def test_error_statuses_are_reported(server):
    with pytest.raises(FetchError, match="404"):
        fetch_metadata(server.url("/missing"))


def test_declared_charset_is_used(server):
    assert fetch_metadata(server.url("/latin1"))["title"] == "Été brûlant"


def test_unknown_host_is_a_clear_error(refusing, monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(FetchError, match="not found") as error:
        fetch_metadata("https://no-such-host.example/")
    assert not isinstance(error.value, FetchRefused)


def test_plain_html_meta_are_read_without_opengraph():
    html = """<html><head><title>Un titre simple</title>
    <meta name="description" content="Le résumé.">
    <meta name="author" content="Paul Durand">
    <meta name="date" content="2023-11-02"></head><body><p>x</p></body></html>"""
    found = fetch.metadata_from_html(html, "https://journal.example/a")
    assert found["title"] == "Un titre simple"
    assert found["description"] == "Le résumé."
    assert found["author"] == "Paul Durand"
    assert found["date"] == date(2023, 11, 2)


def test_json_ld_is_read_and_unsafe_images_dropped():
    html = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Titre JSON-LD",
     "datePublished": "2022-01-31", "author": {"@type": "Person", "name": "Ana Lopez"},
     "publisher": {"@type": "Organization", "name": "El Diario"},
     "image": "javascript:alert(1)"}
    </script></head><body><p>x</p></body></html>"""
    found = fetch.metadata_from_html(html, "https://diario.example/a")
    assert found["title"] == "Titre JSON-LD"
    assert found["author"] == "Ana Lopez"
    assert found["publication"] == "El Diario"
    assert found["date"] == date(2022, 1, 31)
    assert found["image"] == ""
