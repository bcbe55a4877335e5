"""Search on the configured database (the suite runs on SQLite and on PostgreSQL)."""

import pytest
from django.db import connection

from articles.models import Entry, Excerpt
from articles.stream.search import search, search_page
from articles.stream.tag_views import change_tag
from articles.writes import delete_entries, entries_changed
from articles.writes.documents import reindex_all
from search.models import SearchDocument
from search.query import parse_query
from tags.models import Tag
from tests.factories import make_link, make_post, retag

pytestmark = pytest.mark.django_db


def found(text, **kwargs):
    """Titles of the published entries matching ``text``, best first."""
    results = search(parse_query(text), **kwargs)
    return [Entry.objects.get(pk=pk).title for pk in results.documents.values_list("pk", flat=True)]


@pytest.fixture
def review():
    make_link(
        title="La santé des salariés en entrepôt",
        url="https://www.lemonde.fr/a/1",
        excerpts=["Les syndicats dénoncent les cadences."],
        tags="#Amazon #travail",
    )
    make_link(
        title="Grève chez un transporteur",
        url="https://www.liberation.fr/a/2",
        excerpts=["Le droit de retrait a été exercé par les chauffeurs."],
        commentary="Le syndicat appelle à la grève.",
        tags="#travail #logistique",
    )
    make_link(
        title="Warehouse workers and heat",
        url="https://www.theguardian.com/a/3",
        excerpts=["Retrait du droit de grève, disent-ils."],
        tags="#Amazon #climat",
    )
    make_post(title="Épisode sur la logistique", tags="#logistique")


def test_words_match_without_regard_to_accents_or_case(review):
    assert found("SANTE") == ["La santé des salariés en entrepôt"]
    assert found("entrepot salaries") == ["La santé des salariés en entrepôt"]
    assert found("épisode") == ["Épisode sur la logistique"]


def test_all_words_must_match(review):
    assert found("grève chauffeurs") == ["Grève chez un transporteur"]
    assert found("santé chauffeurs") == []


def test_exact_phrase_needs_the_words_in_order(review):
    assert found('"droit de retrait"') == ["Grève chez un transporteur"]
    assert sorted(found("droit retrait")) == [
        "Grève chez un transporteur",
        "Warehouse workers and heat",
    ]


def test_excluded_words_and_phrases(review):
    assert found("grève -chauffeurs") == ["Warehouse workers and heat"]
    assert found('grève -"droit de grève"') == ["Grève chez un transporteur"]


def test_hash_restricts_to_a_tag_and_minus_hash_excludes_it(review):
    assert sorted(found("#travail")) == [
        "Grève chez un transporteur",
        "La santé des salariés en entrepôt",
    ]
    assert found("#travail #amazon") == ["La santé des salariés en entrepôt"]
    assert found("grève #amazon") == ["Warehouse workers and heat"]
    assert found("grève -#amazon") == ["Grève chez un transporteur"]


def test_a_hash_naming_no_tag_finds_nothing_and_says_so(review):
    results = search(parse_query("grève #nosuchtag"))
    assert results.unknown_tags == ["nosuchtag"]
    assert list(results.documents) == []


def test_source_restricts_to_a_publication(review):
    assert found("source:lemonde.fr") == ["La santé des salariés en entrepôt"]
    assert found("grève source:www.liberation.fr") == ["Grève chez un transporteur"]
    assert found("grève source:lemonde.fr") == []


def test_source_names_and_tags_are_searched_as_text(review):
    assert found("guardian") == ["Warehouse workers and heat"]
    assert found("climat") == ["Warehouse workers and heat"]


def test_within_tags_restricts_like_a_tag_page(review):
    logistique = Tag.objects.get(slug="logistique")
    assert sorted(found("", within_tags=[logistique])) == [
        "Grève chez un transporteur",
        "Épisode sur la logistique",
    ]
    assert found("grève", within_tags=[logistique]) == ["Grève chez un transporteur"]


def test_title_matches_rank_above_body_matches():
    make_link(title="Une note", excerpts=["Il y est question de logistique, en passant."])
    make_link(title="Logistique : le grand dossier", excerpts=["Rien d'autre."])
    assert found("logistique") == ["Logistique : le grand dossier", "Une note"]


def test_drafts_are_never_found():
    make_link(title="Brouillon secret", status=Entry.Status.DRAFT)
    assert found("secret") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming is PostgreSQL's")
def test_french_stemming_on_postgresql():
    make_link(title="Les syndicats manifestent", excerpts=["Les salariés ont voté."])
    assert found("syndicat") == ["Les syndicats manifestent"]
    assert found("salarié") == ["Les syndicats manifestent"]


def test_index_follows_every_change_a_writer_reports():
    """Each write below is followed by entries_changed, as every writer does."""
    link = make_link(title="Premier titre", excerpts=["Un passage."])
    assert found("premier") == ["Premier titre"]
    link.title = "Autre titre"
    link.save()
    assert found("autre") == []  # not yet reported: nothing watches the rows
    entries_changed([link.pk])
    assert found("premier") == [] and found("autre") == ["Autre titre"]
    excerpt = link.excerpts.get()
    excerpt.text = "Un passage sur la biodiversité."
    excerpt.save()
    entries_changed([link.pk])
    assert found("biodiversite") == ["Autre titre"]
    excerpt.delete()
    entries_changed([link.pk])
    assert found("biodiversite") == []
    Excerpt.objects.create(link=link, text="Les néonicotinoïdes.")
    entries_changed([link.pk])
    assert found("neonicotinoides") == ["Autre titre"]
    retag(link, "#abeilles")
    assert found("abeilles") == ["Autre titre"]
    tag = Tag.objects.get(slug="abeilles")
    change_tag(tag, "labels", {"labels": {"fr": "abeilles", "en": "bees"}})
    assert found("bees") == ["Autre titre"]
    link.status = Entry.Status.DRAFT
    link.save()
    entries_changed([link.pk])
    assert found("autre") == []
    delete_entries([link.pk])
    assert not SearchDocument.objects.exists()


def test_reindex_all_rebuilds_a_lost_index(review):
    SearchDocument.objects.all().delete()
    assert found("santé") == []
    assert reindex_all() == 4
    assert found("santé") == ["La santé des salariés en entrepôt"]


def test_search_page_highlights_matches_and_escapes_the_text():
    make_link(
        title="<script>alert(1)</script> La santé & le travail",
        excerpts=["Un <b>passage</b> sur la santé au travail."],
    )
    page = search_page(search(parse_query("sante")), 1)
    [result] = page.object_list
    assert "<mark>santé</mark>" in result.title_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.title_html
    assert "<script>" not in result.title_html and "&amp;" in result.title_html
    # SQLite shows the tags of the text escaped, PostgreSQL's ts_headline drops them.
    assert "<b>" not in result.passage_html and "passage" in result.passage_html
    assert "<mark>santé</mark>" in result.passage_html


def test_texts_cannot_carry_marks_of_their_own():
    make_link(title="Faux \ue000marquage\ue001 et santé")
    [result] = search_page(search(parse_query("santé")), 1).object_list
    assert result.title_html.count("<mark>") == 1


def test_search_page_is_paginated_in_rank_order(settings):
    settings.SEARCH_PAGE_SIZE = 2
    for n in range(5):
        make_link(title=f"Colis {n}")
    results = search(parse_query("colis"))
    first, last = search_page(results, 1), search_page(results, 3)
    assert first.paginator.count == 5 and first.paginator.num_pages == 3
    assert len(first.object_list) == 2 and len(last.object_list) == 1
    assert first.object_list[0].title == "Colis 4"  # same rank: newest first


def test_only_the_newest_matches_are_ranked_when_there_are_too_many(monkeypatch):
    from articles.stream import search as services

    monkeypatch.setattr(services, "MAX_RESULTS", 3)
    for n in range(5):
        make_link(title=f"Colis {n}" if n else "Colis colis colis, le grand dossier des colis")
    results = search(parse_query("colis"))
    page = search_page(results, 1)
    assert page.paginator.count == 3 and page.more
    assert [entry.title for entry in page.object_list] == ["Colis 4", "Colis 3", "Colis 2"]
    dossier = search_page(search(parse_query("colis dossier")), 1)
    assert [entry.title for entry in dossier.object_list]
