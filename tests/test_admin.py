"""The Django admin: every model listed with search and filters; tags typed as hashtags."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import PressLink
from tags.services import hashtag_line
from tests.factories import make_link, make_post

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "articles/source",
    "articles/presslink",
    "articles/excerpt",
    "articles/campaign",
    "articles/campaignpost",
    "articles/postsource",
    "tags/tag",
    "tags/taggedentry",
]


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-Secret-1")
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelist_searches_and_filters(admin_client, model):
    link = make_link(tags="#Amazon ##santé")
    make_post(sources=[("cited", link.url, link)])
    response = admin_client.get(f"/admin/{model}/", {"q": "a"})
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.search_fields
    assert changelist.has_filters or model == "tags/tag"


def test_admin_edits_tags_as_hashtags(admin_client):
    link = make_link(title="Entrepôts", tags="#Amazon ##santé")
    url = f"/admin/articles/presslink/{link.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    assert form.initial["hashtags"] == "#Amazon ##santé"
    data = {
        "url": link.url,
        "title": "Entrepôts",
        "source": link.source_id,
        "commentary": "",
        "image_url": "",
        "article_date": "",
        "author": link.author_id,
        "status": "published",
        "published_at_0": "2026-01-02",
        "published_at_1": "10:00:00",
        "hashtags": "#amazon #Travail ##santé ##[fr]Données[en]Data",
        "excerpts-TOTAL_FORMS": "0",
        "excerpts-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert hashtag_line(PressLink.objects.get(pk=link.pk)) == (
        "#Amazon #Travail ##santé ##[fr]Données[en]Data"
    )


def test_admin_rejects_text_that_is_not_hashtags_and_changes_nothing(admin_client):
    link = make_link(title="Entrepôts", tags="#Amazon")
    url = f"/admin/articles/presslink/{link.pk}/change/"
    data = {
        "url": link.url,
        "title": "Changed title",
        "author": link.author_id,
        "status": "published",
        "published_at_0": "2026-01-02",
        "published_at_1": "10:00:00",
        "hashtags": "Amazon, travail",
        "excerpts-TOTAL_FORMS": "0",
        "excerpts-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "hashtags" in response.context["adminform"].form.errors
    link.refresh_from_db()
    assert link.title == "Entrepôts"
    assert hashtag_line(link) == "#Amazon"


def test_deleting_excerpts_in_bulk_renews_their_links_in_a_fixed_number_of_queries(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Excerpt

    def delete_in_bulk(count: int) -> int:
        links = [make_link(excerpts=["Gone #gone", "Kept"], tags="#kept") for _ in range(count)]
        gone = list(Excerpt.objects.filter(text__startswith="Gone").values_list("pk", flat=True))
        data = {"action": "delete_selected", "post": "yes", "_selected_action": gone}
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.post("/admin/articles/excerpt/", data).status_code == 302
        for link in links:
            assert hashtag_line(link) == "#kept"  # the deleted excerpt's hashtag went with it
            assert list(link.excerpts.values_list("text", flat=True)) == ["Kept"]
        return len(queries.captured_queries)

    delete_in_bulk(1)  # first: Django's own caches (content types of the admin log) fill
    assert delete_in_bulk(1) == delete_in_bulk(4)
