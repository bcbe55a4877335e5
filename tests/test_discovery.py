"""How readers and crawlers find the review: feed links, sitemap, robots.txt, social previews."""

import re
import xml.etree.ElementTree as ET

import pytest

from articles.feeds import social
from articles.models import Campaign
from tests.factories import make_link, make_post, make_user

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def alternates(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<link rel="alternate" type="(application/[a-z+]+)" [^>]*href="([^"]+)"', html
    )


@pytest.fixture
def review():
    alice = make_user("alice", first_name="Alice")
    campaign = Campaign.objects.create(name="Stop", slug="stop")
    link = make_link(tags="#Amazon #travail", author=alice)
    post = make_post(campaign=campaign, episode=1, author=alice, tags="#Amazon")
    return {"link": link, "post": post}


@pytest.mark.parametrize(
    ("url", "own"),
    [
        ("/", None),
        ("/tags/", None),
        ("/tags/amazon+travail/", "/tags/amazon+travail/feed/"),
        ("/sources/lemonde.fr/", "/sources/lemonde.fr/feed/"),
        ("/campaigns/stop/", "/campaigns/stop/feed/"),
        ("/campaigns/stop/1/", "/campaigns/stop/feed/"),
        ("/authors/alice/", "/authors/alice/feed/"),
        ("/links/{link}/", None),
        ("/tags/nosuchtag/", None),
    ],
)
def test_every_page_links_its_feeds_and_the_whole_streams(client, review, url, own):
    response = client.get(url.format(link=review["link"].pk))
    html = response.content.decode()
    wanted = [own] if own else []
    wanted.append("/feed/")
    assert alternates(html) == [
        (kind, f"{prefix}{name}/")
        for prefix in wanted
        for kind, name in (("application/atom+xml", "atom"), ("application/rss+xml", "rss"))
    ]
    visible = html.split('<p class="feed-links">')[1].split("</p>")[0]
    assert f'href="{wanted[0]}atom/"' in visible and f'href="{wanted[0]}rss/"' in visible
    for _kind, href in alternates(html):
        assert client.get(href).status_code == 200


def test_sitemap_index_and_sections_list_what_anonymous_readers_can_open(client, review):
    draft = make_link(title="Draft", tags="#secret", status="draft")
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = [loc.text for loc in ET.fromstring(index.content).iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-entries.xml" in sections
    urls = set()
    for section in sections:
        response = client.get(section.removeprefix("http://testserver"))
        assert response.status_code == 200
        urls |= {loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")}
    base = "http://testserver"
    assert {
        f"{base}/",
        f"{base}/links/{review['link'].pk}/",
        f"{base}/campaigns/stop/1/",
        f"{base}/tags/amazon/",
        f"{base}/sources/lemonde.fr/",
        f"{base}/campaigns/stop/",
        f"{base}/authors/alice/",
    } <= urls
    assert f"{base}/links/{draft.pk}/" not in urls
    assert f"{base}/tags/secret/" not in urls


def test_a_sitemap_is_built_once_per_version_of_the_review(
    client, review, django_assert_num_queries
):
    first = client.get("/sitemap-entries.xml")
    with django_assert_num_queries(1):  # the stream version
        again = client.get("/sitemap-entries.xml")
    assert again.content == first.content
    assert again["X-Robots-Tag"] == first["X-Robots-Tag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert client.get("/sitemap-entries.xml", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
    link = make_link(title="New one")
    assert f"/links/{link.pk}/".encode() in client.get("/sitemap-entries.xml").content
    assert client.get("/sitemap-entries.xml?p=9").status_code == 404


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /import/" in lines


def meta(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([a-z:_]+)" content="([^"]*)">', html))


def test_a_link_page_previews_with_escaped_plain_text(client):
    link = make_link(
        title='Le "géant" & <b>ses</b> entrepôts',
        excerpts=["Premier   passage\n<script>alert('x')</script> " + "long " * 80, "Second"],
        image_url="https://img.example/a.jpg",
    )
    html = client.get(f"/links/{link.pk}/").content.decode()
    found = meta(html)
    assert found["og:title"] == "Le &quot;géant&quot; &amp; &lt;b&gt;ses&lt;/b&gt; entrepôts"
    description = found["og:description"]
    assert description.startswith("Premier passage &lt;script&gt;alert(&#x27;x&#x27;)")
    assert description.endswith("…") and "\n" not in description
    assert found["og:url"] == f"http://testserver/links/{link.pk}/"
    assert found["og:image"] == "https://img.example/a.jpg"
    assert found["twitter:card"] == "summary_large_image"
    assert "<script>" not in html


def test_a_preview_never_offers_a_non_http_image(client):
    link = make_link(image_url="javascript:alert(1)")
    found = meta(client.get(f"/links/{link.pk}/").content.decode())
    assert "og:image" not in found
    assert found["twitter:card"] == "summary"


def test_a_post_page_previews_with_its_lead(client, review):
    found = meta(client.get("/campaigns/stop/1/").content.decode())
    assert found["og:description"] == "A short lead."
    assert found["og:title"] == review["post"].title
    assert found["og:url"] == "http://testserver/campaigns/stop/1/"


def test_plain_text_collapses_white_space_and_cuts():
    assert social.plain_text(" a\n\n b\tc ") == "a b c"
    assert social.plain_text("word " * 100, 20) == "word word word word…"
