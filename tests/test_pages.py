"""Reading pages: the stream, entries, tags (AND), sources, authors, campaigns, 404s."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import override_settings

from articles.models import Entry
from tests.factories import BASE_TIME, make_link, make_post, make_user

pytestmark = pytest.mark.django_db


class EntryTitles(HTMLParser):
    """The texts of the ``h2.entry-title`` headings of a page, in order."""

    def __init__(self):
        super().__init__()
        self.titles, self.inside = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "h2" and ("class", "entry-title") in attrs:
            self.inside = True
            self.titles.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.titles[-1] += data


def titles(response):
    parser = EntryTitles()
    parser.feed(response.content.decode())
    return [title.strip() for title in parser.titles]


def test_stream_is_newest_first_with_links_and_posts_together(client):
    old = make_link(title="Old link", published_at=BASE_TIME)
    post = make_post(title="Episode in between")
    post.published_at = BASE_TIME + timedelta(days=1)
    post.save()
    new = make_link(title="New link", published_at=BASE_TIME + timedelta(days=2))
    response = client.get("/")
    assert response.status_code == 200
    assert titles(response) == [new.title, post.title, old.title]
    html = response.content.decode()
    assert html.index("New link") < html.index("Episode in between") < html.index("Old link")


def test_stream_entry_shows_title_link_url_excerpts_commentary_tags_and_image(client):
    make_link(
        title="Les entrepôts",
        url="https://www.lemonde.fr/eco/entrepots.html",
        excerpts=["Premier passage.", "Second passage."],
        commentary="Notre avis.",
        tags="#Amazon ##santé",
        image_url="https://img.example/a.jpg",
    )
    html = client.get("/").content.decode()
    link = '<a href="https://www.lemonde.fr/eco/entrepots.html" rel="nofollow noopener ugc">'
    assert f"{link}Les entrepôts</a>" in html
    assert html.count('<blockquote class="excerpt">') == 2
    assert "Notre avis." in html
    assert 'href="/tags/amazon/" rel="tag">#Amazon</a>' in html
    assert '<ul class="themes"' in html and "##santé" in html
    assert 'src="https://img.example/a.jpg"' in html
    assert ">Le Monde</a>" in html


def test_drafts_are_not_shown(client):
    make_link(title="Published")
    make_link(title="Secret draft", status=Entry.Status.DRAFT)
    response = client.get("/")
    assert titles(response) == ["Published"]
    assert "Secret draft" not in response.content.decode()


def test_long_tag_list_is_cut_with_an_opener(client):
    make_link(tags=" ".join(f"#t{n:02d}" for n in range(14)))
    html = client.get("/").content.decode()
    assert "<summary" in html and "(...)</summary>" in html
    shown, folded = html.split("(...)</summary>")
    assert "#t11" in shown and "#t12" not in shown
    assert "#t12" in folded and "#t13" in folded


def test_a_short_tag_list_has_no_opener(client):
    make_link(tags="#Amazon #travail")
    assert "(...)" not in client.get("/").content.decode()


@override_settings(STREAM_PAGE_SIZE=30)
def test_stream_is_paginated_by_thirty(client):
    author = make_user()
    for n in range(31):
        make_link(title=f"L{n:02d}", author=author, published_at=BASE_TIME + timedelta(hours=n))
    first = client.get("/")
    assert len(titles(first)) == 30
    assert titles(first)[0] == "L30"
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/?page=2")
    assert titles(second) == ["L00"]
    assert 'href="?page=1"' in second.content.decode()


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "99999999999999999999"])
def test_a_page_number_that_is_not_a_page_is_a_404(client, page):
    make_link()
    response = client.get(f"/?page={page}")
    assert response.status_code == 404
    assert "Introuvable" in response.content.decode()


def test_empty_stream_first_page_is_fine(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Rien" in response.content.decode()


def test_tag_page_lists_entries_with_that_tag(client):
    make_link(title="A", tags="#Amazon #travail")
    make_link(title="B", tags="#travail")
    make_link(title="C", tags="#Amazon")
    response = client.get("/tags/amazon/")
    assert response.status_code == 200
    assert titles(response) == ["C", "A"]


def test_tag_page_url_is_case_insensitive_and_redirects_to_the_canonical_one(client):
    make_link(tags="#Santé")
    response = client.get("/tags/SANTÉ/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/tags/sant%C3%A9/?page=1"
    assert client.get("/tags/santé/").status_code == 200


def test_two_tags_give_the_entries_carrying_both(client):
    make_link(title="both", tags="#Amazon #travail #santé")
    make_link(title="amazon only", tags="#Amazon")
    make_link(title="travail only", tags="#travail")
    response = client.get("/tags/amazon+travail/")
    assert titles(response) == ["both"]
    assert titles(client.get("/tags/amazon+travail+santé/")) == ["both"]
    assert titles(client.get("/tags/travail+amazon/")) == ["both"]


def test_tag_page_offers_to_narrow_and_widen(client):
    make_link(tags="#Amazon #travail #santé")
    make_link(tags="#Amazon #travail")
    html = client.get("/tags/amazon/").content.decode()
    assert 'href="/tags/amazon+travail/"' in html
    assert 'href="/tags/amazon+sant%C3%A9/"' in html
    html = client.get("/tags/amazon+travail/").content.decode()
    assert 'class="drop-tag" href="/tags/travail/"' in html
    assert 'class="drop-tag" href="/tags/amazon/"' in html
    assert 'href="/tags/amazon+travail+sant%C3%A9/"' in html


def test_repeated_tag_in_path_is_folded(client):
    make_link(tags="#Amazon")
    response = client.get("/tags/amazon+Amazon/")
    assert response.status_code == 301
    assert response["Location"] == "/tags/amazon/"


@pytest.mark.parametrize(
    "path",
    [
        "/tags/nosuchtag/",
        "/tags/amazon+nosuchtag/",
        "/tags/+/",
        "/sources/nosuch.example/",
        "/authors/nobody/",
        "/campaigns/nosuch/",
        "/campaigns/nosuch/1/",
        "/links/999999/",
        "/tags/amazon/?page=7",
    ],
)
def test_unknown_things_are_a_real_404_page(client, path):
    make_link(tags="#Amazon")
    response = client.get(path)
    assert response.status_code == 404
    assert '<h1 class="page-title">Introuvable</h1>' in response.content.decode()


def test_tag_list_counts_published_entries(client):
    make_link(tags="#Amazon #travail")
    make_link(tags="#Amazon")
    make_link(tags="#hidden", status=Entry.Status.DRAFT)
    response = client.get("/tags/")
    counts = {tag.name: tag.count for tag in response.context["tag_index"].tags}
    assert counts == {"Amazon": 2, "travail": 1}


def test_tag_list_without_a_stream_version_is_never_kept(client):
    from articles.models import StreamState

    make_link(tags="#Amazon")
    StreamState.objects.all().delete()  # as after a flush: no version to key the cache on
    assert "#travail" not in client.get("/tags/").content.decode()
    make_link(tags="#travail")
    StreamState.objects.all().delete()
    assert 'href="/tags/travail/"' in client.get("/tags/").content.decode()


def test_tag_list_is_rendered_again_after_a_change(client, django_assert_max_num_queries):
    make_link(tags="#Amazon")
    assert "#travail" not in client.get("/tags/").content.decode()
    with django_assert_max_num_queries(1):  # the stream version: the index comes from the cache
        assert client.get("/tags/").status_code == 200
    make_link(tags="#Amazon #travail")
    html = client.get("/tags/").content.decode()
    assert 'href="/tags/travail/"' in html and "#travail" in html


def test_source_pages(client):
    make_link(title="LM1", url="https://www.lemonde.fr/a")
    make_link(title="LM2", url="https://lemonde.fr/b")
    make_link(title="G", url="https://www.theguardian.com/c")
    listing = client.get("/sources/")
    assert {s.name: s.count for s in listing.context["sources"]} == {
        "Le Monde": 2,
        "The Guardian": 1,
    }
    assert titles(client.get("/sources/lemonde.fr/")) == ["LM2", "LM1"]


def test_author_page(client):
    alice = make_user("alice", first_name="Alice", last_name="Martin")
    make_link(title="by alice", author=alice)
    make_link(title="by someone else")
    response = client.get("/authors/alice/")
    assert titles(response) == ["by alice"]
    assert "Alice Martin" in response.content.decode()


def test_link_page_and_campaign_citing_it(client):
    link = make_link(title="Cited article", tags="#Amazon")
    post = make_post(title="Episode 4", sources=[("Label", link.url, link)])
    response = client.get(f"/links/{link.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cited article" in html
    assert post.get_absolute_url() in html


def test_campaign_and_post_pages(client):
    link = make_link(title="Stored article", url="https://www.lemonde.fr/x")
    post = make_post(
        title="Épisode 1",
        tags="#Amazon",
        sources=[("Stored", link.url, link), ("Elsewhere", "https://example.org/r", None)],
    )
    campaign = client.get(post.campaign.get_absolute_url())
    assert titles(campaign) == ["Épisode 1"]
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="source-1"' in html and 'id="source-2"' in html
    assert f'href="/links/{link.pk}/">Stored article</a>' in html
    assert "(Le Monde)" in html
    assert 'href="https://example.org/r" rel="nofollow noopener ugc">Elsewhere</a>' in html


def test_unsafe_urls_are_never_links(client):
    make_link(url="javascript:alert(1)", title="Bad", image_url="javascript:alert(2)")
    html = client.get("/").content.decode()
    assert "javascript:" not in html


def test_user_text_is_escaped(client):
    make_link(
        title="<script>alert(1)</script>",
        excerpts=["<img src=x onerror=alert(1)>"],
        commentary="<b>bold</b>",
    )
    html = client.get("/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html


def test_english_is_available(client):
    make_link(tags="#[fr]Santé[en]Health")
    french = client.get("/").content.decode()
    assert "#Santé" in french and ">Flux<" in french
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert "#Health" in english and ">Stream<" in english
    assert '<html lang="en">' in english
