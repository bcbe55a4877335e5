"""Atom and RSS feeds of every stream: valid XML, the right entries, full items, stable ids."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from articles.feeds import subjects
from articles.feeds import views as feeds
from articles.models import Campaign, Entry, PressLink
from articles.writes import entries_changed
from tags.models import Tag
from tests.factories import BASE_TIME, make_link, make_post, make_user

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def review():
    """Two authors, a source, a campaign and tags, entries of every kind, and a draft."""
    alice = make_user("alice", first_name="Alice", last_name="Martin")
    bob = make_user("bob")
    campaign = Campaign.objects.create(name="Stop Amazon", slug="stop-amazon")
    first = make_link(
        title="Les entrepôts & leurs cadences",
        url="https://www.lemonde.fr/eco/entrepots.html",
        excerpts=["Premier passage <script>alert(1)</script>.", "Second passage."],
        commentary="Notre avis #travail.",
        tags="#Amazon #travail ##santé",
        image_url="https://img.example/a.jpg",
        author=alice,
    )
    second = make_link(title="Un autre article", tags="#Amazon", author=bob)
    make_link(url="https://reporterre.net/x", title="Hors sujet", tags="#climat", author=bob)
    post = make_post(
        campaign=campaign,
        episode=4,
        title="Épisode 4",
        tags="#Amazon #travail",
        author=alice,
        sources=[("Le Monde", first.url, first), ("Ailleurs", "https://ailleurs.example/", None)],
    )
    draft = make_link(title="Brouillon secret", tags="#Amazon #travail", author=alice)
    draft.status = Entry.Status.DRAFT
    draft.save()
    return {"first": first, "second": second, "post": post, "draft": draft}


def expected(entries):
    return [entry.pk for entry in entries.order_by("-published_at", "-id")]


FEEDS = {
    "stream": ("/feed/", lambda: Entry.objects.filter(status="published")),
    "tag": ("/tags/amazon/feed/", lambda: Entry.objects.filter(tags__slug="amazon")),
    "tags": (
        "/tags/amazon+travail/feed/",
        lambda: Entry.objects.filter(tags__slug="amazon").filter(tags__slug="travail"),
    ),
    "source": (
        "/sources/lemonde.fr/feed/",
        lambda: Entry.objects.filter(presslink__source__domain="lemonde.fr"),
    ),
    "campaign": ("/campaigns/stop-amazon/feed/", lambda: Entry.objects.filter(kind="post")),
    "author": ("/authors/alice/feed/", lambda: Entry.objects.filter(author__username="alice")),
}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    ET.fromstring(response.content)  # strict XML: raises on any well-formedness error
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def raw_content(response) -> dict[str, str]:
    """Item title -> its HTML as written in the feed (feedparser would sanitise it)."""
    root = ET.fromstring(response.content)
    atom = root.findall(f"{ATOM}entry")
    if atom:
        return {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}content") for e in atom}
    return {i.findtext("title"): i.findtext("description") for i in root.iter("item")}


@pytest.mark.parametrize("format", ["atom", "rss"])
@pytest.mark.parametrize("name", FEEDS)
def test_every_feed_parses_and_lists_its_published_entries_newest_first(
    client, review, name, format
):
    prefix, entries = FEEDS[name]
    response, parsed = parse(client, f"{prefix}{format}/")
    wanted = expected(entries().filter(status="published").distinct())
    assert wanted, "the fixture gives every feed entries"
    assert [entry.id for entry in parsed.entries] == [
        feeds.entry_id(Entry.objects.get(pk=pk)) for pk in wanted
    ]
    assert parsed.version == ("atom10" if format == "atom" else "rss20")
    assert response["Content-Type"].startswith(
        "application/atom+xml" if format == "atom" else "application/rss+xml"
    )
    assert "Brouillon secret" not in response.content.decode()
    assert parsed.feed.links[0].href.startswith("http://testserver/")


@pytest.mark.parametrize("format", ["atom", "rss"])
def test_a_link_item_has_everything_of_the_entry(client, review, format):
    link = review["first"]
    response, parsed = parse(client, f"/authors/alice/feed/{format}/")
    item = next(item for item in parsed.entries if item.title == link.title)
    assert item.link == f"http://testserver/links/{link.pk}/"
    assert item.id == feeds.entry_id(link)
    assert item.author == "Alice Martin"
    assert [tag.term for tag in item.tags] == ["Amazon", "travail", "santé"]
    assert item.published_parsed[:6] == link.published_at.utctimetuple()[:6]
    html = raw_content(response)[link.title]
    assert html.count('<blockquote class="excerpt">') == 2
    assert "Premier passage &lt;script&gt;alert(1)&lt;/script&gt;." in html
    assert "<script>" not in html
    assert 'Notre avis <a class="hashtag" href="http://testserver/tags/travail/"' in html
    assert '<a href="https://www.lemonde.fr/eco/entrepots.html" rel="nofollow' in html
    assert 'class="entry-source" href="http://testserver/sources/lemonde.fr/">Le Monde</a>' in html
    assert 'src="https://img.example/a.jpg"' in html
    assert '<a href="http://testserver/tags/amazon/" rel="tag">#Amazon</a>' in html
    assert '<a href="http://testserver/authors/alice/">Alice Martin</a>' in html


def test_a_post_item_has_its_campaign_body_and_numbered_sources_with_absolute_links(client, review):
    post, link = review["post"], review["first"]
    response, parsed = parse(client, "/campaigns/stop-amazon/feed/atom/")
    (item,) = parsed.entries
    assert item.link == "http://testserver/campaigns/stop-amazon/4/"
    html = raw_content(response)[post.title]
    assert '<a href="http://testserver/campaigns/stop-amazon/">Stop Amazon</a>' in html
    assert "<p>A short lead.</p>" in html
    ref = '<a class="ref" href="http://testserver/campaigns/stop-amazon/4/#source-1"'
    assert f"A long body citing {ref}" in html
    title = link.title.replace("&", "&amp;")
    cited = f'<a href="http://testserver/links/{link.pk}/">{title}</a>'
    assert f'{cited} <span class="source-name">(Le Monde)</span>' in html
    assert '<li id="source-2" value="2">' in html
    assert '<a href="https://ailleurs.example/" rel="nofollow noopener ugc">Ailleurs</a>' in html
    assert 'href="http://testserver/campaigns/stop-amazon/4/#ref-1"' in html
    assert post.title == item.title


@pytest.mark.parametrize("name", ["first", "post"])
def test_an_item_shows_its_entry_as_the_entry_page_does_with_absolute_links(client, review, name):
    entry = review[name]
    page = client.get(entry.get_absolute_url()).content.decode()
    start = page.index(f'id="entry-{entry.pk}"')
    article = page[page.rindex("<article", 0, start) : page.index("</article>", start) + 10]
    response, _ = parse(client, "/authors/alice/feed/rss/")
    base = "http://testserver"
    shown = feeds.absolute_links(article, base, base + entry.get_absolute_url())
    assert raw_content(response)[entry.title].strip() == shown
    assert 'href="/' not in shown and 'src="/' not in shown


def test_the_id_of_an_item_never_changes_when_its_entry_is_edited(client, review):
    link = review["second"]
    before = feeds.entry_id(link)
    assert before == (
        f"tag:pressreview.example,{link.created_at.date().isoformat()}:entry-{link.pk}"
    )
    link.title = "A new title"
    link.url = "https://www.lemonde.fr/moved"
    link.published_at = link.published_at + timedelta(days=3)
    link.save()
    _, parsed = parse(client, "/feed/atom/")
    item = next(item for item in parsed.entries if item.title == "A new title")
    assert item.id == before
    assert item.link == f"http://testserver/links/{link.pk}/"


@override_settings(PRESSREVIEW_SITE_NAME="Revue Stop Amazon")
def test_feed_titles_name_the_site_and_the_stream(client, review):
    assert parse(client, "/feed/atom/")[1].feed.title == "Revue Stop Amazon"
    _, parsed = parse(client, "/tags/amazon+travail/feed/rss/")
    assert parsed.feed.title == "#Amazon + #travail · Revue Stop Amazon"
    assert parsed.feed.link == "http://testserver/tags/amazon+travail/"
    assert parse(client, "/sources/lemonde.fr/feed/atom/")[1].feed.title.startswith("Le Monde")


@override_settings(FEED_SIZE=50)
def test_a_feed_holds_the_50_newest_entries(client):
    author = make_user()
    for n in range(52):
        make_link(title=f"L{n:02d}", author=author, published_at=BASE_TIME + timedelta(hours=n))
    _, parsed = parse(client, "/feed/rss/")
    assert [item.title for item in parsed.entries] == [f"L{n:02d}" for n in range(51, 1, -1)]


def test_tag_labels_and_interface_follow_the_reader_language(client):
    make_link(tags="#[fr]Santé[en]Health #Amazon")
    url = f"/tags/{Tag.objects.get(name='Santé').slug}/feed/atom/"
    french = parse(client, url)[1]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en"
    english = feedparser.parse(english.content)
    assert [tag.term for tag in french.entries[0].tags] == ["Santé", "Amazon"]
    assert [tag.term for tag in english.entries[0].tags] == ["Health", "Amazon"]
    assert english.feed.title.startswith("#Health")
    assert french.feed.language == "fr" and english.feed.language == "en"
    assert french.feed.subtitle == "Les dernières entrées marquées #Santé."
    assert english.feed.subtitle == "The latest entries tagged #Health."


@pytest.mark.parametrize(
    "url",
    [
        "/tags/nosuchtag/feed/atom/",
        "/tags/amazon+nosuchtag/feed/rss/",
        "/tags/+/feed/atom/",
        "/sources/nowhere.example/feed/atom/",
        "/campaigns/nothing/feed/rss/",
        "/authors/nobody/feed/atom/",
        "/feed/json/",
    ],
)
def test_a_feed_of_something_unknown_is_a_404(client, review, url):
    assert client.get(url).status_code == 404


def test_an_inactive_author_has_no_feed(client, review):
    get_user_model().objects.filter(username="bob").update(is_active=False)
    assert client.get("/authors/bob/feed/atom/").status_code == 404


def test_a_tag_feed_redirects_to_its_canonical_address(client, review):
    response = client.get("/tags/AMAZON+travail+amazon/feed/rss/")
    assert response.status_code == 301
    assert response["Location"] == "/tags/amazon+travail/feed/rss/"
    response = client.get("/sources/LeMonde.fr/feed/atom/")
    assert response["Location"] == "/sources/lemonde.fr/feed/atom/"


def test_characters_xml_cannot_carry_are_dropped_not_a_500(client):
    make_link(title="Bell\x07 and\x0b tab", excerpts=["form\x0cfeed"], tags="#Amazon")
    _, parsed = parse(client, "/tags/amazon/feed/atom/")
    assert parsed.entries[0].title == "Bell and tab"
    assert "formfeed" in parsed.entries[0].content[0].value


def test_a_feed_runs_the_same_queries_for_1_and_50_entries(client, django_assert_num_queries):
    author = make_user()
    make_link(author=author, tags="#Amazon #t1 #t2", excerpts=["a", "b"])
    make_post(author=author, tags="#Amazon", sources=[("x", "https://x.example/", None)])
    # tag, stream version, ids, entries, taggings, excerpts, sources
    with django_assert_num_queries(7) as few:
        client.get("/tags/amazon/feed/atom/")
    for n in range(48):
        make_link(author=make_user(), tags=f"#Amazon #t{n}", excerpts=["a", "b", "c"])
    with django_assert_num_queries(7) as many:
        response = client.get("/tags/amazon/feed/atom/")
    assert len(feedparser.parse(response.content).entries) == 50
    assert len(few.captured_queries) == len(many.captured_queries)
    with django_assert_num_queries(2):  # tag, stream version: built once per version
        again = client.get("/tags/amazon/feed/atom/")
    assert again.content == response.content


def test_a_feed_kept_in_the_cache_is_rebuilt_after_any_change(client):
    link = make_link(title="Before", tags="#Amazon")
    assert b"Before" in client.get("/tags/amazon/feed/rss/").content
    excerpt = link.excerpts.get()
    excerpt.text = "An edited excerpt"  # the entry itself is not saved
    excerpt.save()
    entries_changed([link.pk])
    assert b"An edited excerpt" in client.get("/tags/amazon/feed/rss/").content
    elsewhere = client.get("/tags/amazon/feed/rss/", HTTP_HOST="localhost").content.decode()
    assert f"<link>http://localhost/links/{link.pk}/</link>" in elsewhere  # not testserver's


# Plain functions, without HTTP.


def test_absolute_links_only_touches_site_relative_and_same_page_addresses():
    html = (
        '<a href="/tags/x/">x</a><a href="//cdn.example/y">y</a><img src="/i.png"> href="/z"'
        '<a class="ref" href="#source-1">[1]</a><a href="https://a.example/#top">a</a>'
    )
    assert feeds.absolute_links(html, "https://r.example", "https://r.example/p/") == (
        '<a href="https://r.example/tags/x/">x</a><a href="//cdn.example/y">y</a>'
        '<img src="https://r.example/i.png"> href="/z"'
        '<a class="ref" href="https://r.example/p/#source-1">[1]</a>'
        '<a href="https://a.example/#top">a</a>'
    )


def test_subjects_name_their_stream_or_raise_no_such_stream(review):
    subject = subjects.for_tags("Travail+AMAZON")
    assert subject.args == ("travail+amazon",)
    assert subject.page_url == "/tags/travail+amazon/"
    assert sorted(subjects.newest(subject)) == sorted(
        Entry.objects.filter(status="published", tags__slug="travail").values_list("pk", flat=True)
    )
    with pytest.raises(subjects.NoSuchStream):
        subjects.for_tags("nosuchtag")
    with pytest.raises(subjects.NoSuchStream):
        subjects.for_source("nowhere.example")
    assert subjects.for_source("LEMONDE.FR").args == ("lemonde.fr",)
    assert subjects.newest(subjects.whole_stream(), 2) == [
        e.pk for e in Entry.objects.filter(status="published").order_by("-published_at", "-id")[:2]
    ]
    assert PressLink.objects.filter(pk=review["draft"].pk, status="draft").exists()
