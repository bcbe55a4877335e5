"""The /search/ page: form, results with highlighted passages, filters, pages, errors."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from search.models import SearchDocument
from tests.factories import make_link, make_user

pytestmark = pytest.mark.django_db


def test_empty_search_shows_the_form_and_the_syntax_only(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in html and "source:lemonde.fr" in html
    assert "page" not in response.context


def test_results_show_highlighted_titles_and_passages(client):
    make_link(
        title="Santé au travail",
        excerpts=["Un rapport sur la santé des salariés."],
        tags=" ".join(f"#t{n}" for n in range(9)) + " #Santé ##Conseild'État-FR",
    )
    make_link(title="Autre chose")
    response = client.get("/search/", {"q": "sante"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert "<mark>Santé</mark> au travail" in html
    assert "la <mark>santé</mark> des salariés" in html
    assert "Autre chose" not in html
    # The entry as the stream shows it, the passage instead of its texts.
    assert '<li><a href="/tags/t0/" rel="tag">#t0</a></li>' in html
    assert '<li><a href="/tags/t8/" rel="tag">#t8</a></li>' in html
    assert '<blockquote class="excerpt">' not in html
    theme_url = escape(reverse("tag_detail", args=["conseild'état-fr"]))
    assert f'<a href="{theme_url}" rel="tag">##Conseild&#x27;État-FR</a>' in html
    assert '<footer class="entry-meta">' in html


def test_hostile_query_and_text_are_escaped(client):
    make_link(title="<img src=x onerror=alert(1)> grève")
    hostile = client.get("/search/", {"q": '"><script>alert(1)</script>'})
    assert hostile.status_code == 200
    assert "<script>alert(1)" not in hostile.content.decode()
    assert 'value="&quot;&gt;&lt;script&gt;' in hostile.content.decode()
    response = client.get("/search/", {"q": "grève"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 1
    assert "<script>alert(1)" not in html and "<img" not in html
    assert "<mark>grève</mark>" in html


def test_pagination_keeps_the_query(client, settings):
    settings.SEARCH_PAGE_SIZE = 2
    for n in range(3):
        make_link(title=f"Colis {n}")
    html = client.get("/search/", {"q": "colis"}).content.decode()
    assert 'href="?q=colis&amp;page=2"' in html
    assert client.get("/search/", {"q": "colis", "page": 2}).context["page"].number == 2
    assert client.get("/search/", {"q": "colis", "page": 3}).status_code == 404
    assert client.get("/search/", {"q": "colis", "page": "x"}).status_code == 404


def test_unknown_tag_is_said_and_finds_nothing(client):
    make_link(title="Grève", tags="#travail")
    response = client.get("/search/", {"q": "grève #inconnu"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "#inconnu" in response.content.decode()
    response = client.get("/search/", {"q": "grève", "tag": "inconnu"})
    assert response.context["page"].paginator.count == 0


def test_search_within_a_tag_page(client):
    make_link(title="Grève logistique", tags="#logistique")
    make_link(title="Grève ailleurs", tags="#travail")
    tag_page = client.get("/tags/logistique/").content.decode()
    assert 'action="/search/"' in tag_page and 'name="tag" value="logistique"' in tag_page
    response = client.get("/search/", {"q": "grève", "tag": "Logistique"})
    titles = [entry.title for entry in response.context["page"].object_list]
    assert titles == ["Grève logistique"]


def test_results_offer_tags_to_narrow_by(client):
    make_link(title="Grève A", tags="#logistique #amazon")
    make_link(title="Grève B", tags="#travail")
    response = client.get("/search/", {"q": "grève"})
    urls = {tag.slug: url for tag, url in response.context["narrow"]}
    assert urls["logistique"] == "?q=gr%C3%A8ve+%23logistique"
    narrowed = client.get("/search/" + urls["logistique"])
    assert [entry.title for entry in narrowed.context["page"].object_list] == ["Grève A"]


def test_search_page_runs_the_same_queries_for_1_and_20_results(
    client, django_assert_max_num_queries
):
    def add(start, count):
        for n in range(start, start + count):
            make_link(title=f"Colis {n}", tags=f"#amazon #t{n}", excerpts=["a", "b colis"])

    add(0, 1)
    # tag, stream version, ids with their count (+ its time limit on PostgreSQL), entries,
    # taggings, excerpts, highlights
    limit = 7 + (connection.vendor == "postgresql")
    with django_assert_max_num_queries(limit) as one:
        assert client.get("/search/", {"q": "colis #amazon"}).status_code == 200
    add(1, 29)
    with django_assert_max_num_queries(limit) as thirty:
        response = client.get("/search/", {"q": "colis #amazon"})
    assert len(response.context["page"].object_list) == 20
    assert len(one.captured_queries) == len(thirty.captured_queries)


def test_a_search_repeated_at_the_same_version_reads_its_page_from_the_cache(
    client, django_assert_max_num_queries
):
    make_link(title="Colis perdus", tags="#amazon")
    first = client.get("/search/", {"q": "colis"}).content.decode()
    assert "perdus" in first
    with django_assert_max_num_queries(1):  # the version: ranked ids and results cached
        again = client.get("/search/", {"q": "colis"})
    assert again.content.decode() == first
    client.force_login(make_user())  # the same results for a logged-in reader
    assert "perdus" in client.get("/search/", {"q": "colis"}).content.decode()
    client.logout()
    make_link(title="Colis retrouvés", tags="#amazon")  # a new version: searched again
    response = client.get("/search/", {"q": "colis"})
    titles = [entry.presslink.title for entry in response.context["page"].object_list]
    assert titles == ["Colis retrouvés", "Colis perdus"]


def test_reindex_command_rebuilds_the_index():
    make_link(title="Un")
    make_link(title="Deux")
    SearchDocument.objects.all().delete()
    call_command("reindex", verbosity=0)
    assert SearchDocument.objects.count() == 2


def test_a_search_the_database_gives_up_on_asks_to_narrow_it(client, monkeypatch):
    from articles.stream import search as services

    def too_long(*args, **kwargs):
        raise services.SearchTooLong

    make_link(title="Grève")
    monkeypatch.setattr(services, "_page_ids", too_long)
    response = client.get("/search/", {"q": '"grève des salariés"'})
    assert response.status_code == 200 and response.context["too_long"]
    assert 'class="notice"' in response.content.decode()
