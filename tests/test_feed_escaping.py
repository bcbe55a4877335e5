"""Every field of every feed is escaped as its format needs, whatever contributors type.

Texts with markup, entities, a CDATA end and quotes go into a source's name, a campaign's
name, a tag's labels, an author's name and entry titles. Every feed (stream, tag, source,
campaign, author; Atom and RSS 2.0) must parse as strict XML; its plain-text fields
(titles, Atom subtitle, author names, categories) must read back exactly as typed, and
its HTML fields (RSS descriptions, Atom content), read as HTML, must show the text and
hold none of its elements.
"""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from articles.models import Campaign
from tags.models import Tag

from .factories import make_contributor, make_link, make_post

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> &amp; ]]> \"q\" 'a' <b>bold</b> &lt;i&gt;"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
FEEDS = ["/feed/", "/tags/amazon/feed/", "/sources/hostile.example/feed/"]
FEEDS += ["/campaigns/evil/feed/", "/authors/evil/feed/"]


class HtmlReading(HTMLParser):
    """The elements and the text of an HTML fragment, as a browser would read them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.chunks = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def html_shows(html: str, text: str) -> bool:
    """Whether ``html`` shows ``text`` as text, with none of the elements written in it."""
    reading = HtmlReading(html)
    return text in reading.text and not {"script", "b", "i"} & set(reading.elements)


@pytest.fixture
def hostile_review():
    author = make_contributor("evil", first_name=HOSTILE)
    link = make_link(
        url="https://hostile.example/article",
        title=HOSTILE,
        tags="#Amazon",
        author=author,
        excerpts=["A quoted passage."],
    )
    link.source.name = HOSTILE
    link.source.save()
    tag = Tag.objects.get(slug="amazon")
    tag.labels = {"fr": HOSTILE, "en": HOSTILE}
    tag.save()
    campaign = Campaign.objects.create(name=HOSTILE, slug="evil")
    make_post(campaign=campaign, title=HOSTILE, tags="#Amazon", author=author)


def fetch(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)  # strict: any stray markup fails here


@pytest.mark.parametrize("feed", FEEDS)
def test_rss_fields_are_plain_text_or_escaped_html(client, hostile_review, feed):
    channel = fetch(client, f"{feed}rss/").find("channel")
    description = channel.findtext("description")
    if feed != "/feed/":  # the whole stream's title and description name no one
        assert HOSTILE in channel.findtext("title")
        assert html_shows(description, HOSTILE), description
    assert not HtmlReading(description).elements
    items = channel.findall("item")
    assert items
    for item in items:
        assert item.findtext("title") == HOSTILE
        assert item.findtext(f"{DC}creator") == HOSTILE
        assert HOSTILE in [category.text for category in item.findall("category")]
        assert html_shows(item.findtext("description"), HOSTILE)


@pytest.mark.parametrize("feed", FEEDS)
def test_atom_fields_are_plain_text_or_escaped_html(client, hostile_review, feed):
    root = fetch(client, f"{feed}atom/")
    if feed != "/feed/":
        assert HOSTILE in root.findtext(f"{ATOM}title")
        assert HOSTILE in root.findtext(f"{ATOM}subtitle")
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") == HOSTILE
        assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == HOSTILE
        terms = [category.get("term") for category in entry.findall(f"{ATOM}category")]
        assert HOSTILE in terms
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html"
        assert html_shows(content.text, HOSTILE)


def test_the_rss_description_of_a_source_is_the_escaped_name(client, hostile_review):
    """The leak the issue found: the typed publication name was read as HTML."""
    channel = fetch(client, "/sources/hostile.example/feed/rss/").find("channel")
    reading = HtmlReading(channel.findtext("description"))
    assert reading.elements == []
    assert HOSTILE in reading.text
