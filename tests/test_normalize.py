import pytest

from articles.models import Source
from articles.normalize import http_url, normalize_domain, normalize_url
from articles.sources import source_for_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.lemonde.fr/a/b.html", "lemonde.fr"),
        ("https://lemonde.fr/", "lemonde.fr"),
        ("HTTPS://WWW.LeMonde.FR:443/x", "lemonde.fr"),
        ("https://m.theguardian.com/uk", "theguardian.com"),
        ("https://korii.slate.fr/et-caetera", "korii.slate.fr"),
        ("https://onezero.medium.com/x", "onezero.medium.com"),
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("www.mediapart.fr", "mediapart.fr"),
        ("https://xn--caf-dma.example/", "café.example"),
    ],
)
def test_normalize_domain(url, expected):
    assert normalize_domain(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG/Path", "https://example.org/Path"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org/a/#comments", "https://example.org/a"),
        ("https://example.org/", "https://example.org"),
        ("https://example.org", "https://example.org"),
        ("https://example.org/a?utm_source=x&id=3&fbclid=y", "https://example.org/a?id=3"),
        ("https://example.org/a?gclid=1&xtor=RSS-3", "https://example.org/a"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?b=2&a=1"),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", ""),
        (" JaVaScRiPt:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("//example.org/a", ""),
        ("https:///nohost", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_http_url_only_lets_web_links_through(value, expected):
    assert http_url(value) == expected


@pytest.mark.django_db
def test_source_is_found_by_domain_and_named_when_known():
    one = source_for_url("https://www.lemonde.fr/economie/a.html")
    two = source_for_url("https://lemonde.fr/pixels/b.html")
    assert one == two
    assert one.name == "Le Monde"
    assert one.domain == "lemonde.fr"
    unknown = source_for_url("https://gazette-du-rhone.example/x")
    assert unknown.name == "gazette-du-rhone.example"
    assert Source.objects.count() == 2
    assert source_for_url("") is None
