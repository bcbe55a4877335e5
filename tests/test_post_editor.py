"""The campaign-post editor: sources picked from stored links, episodes, conflicts, bad input."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.editor.links import EditConflict, version_of
from articles.editor.posts import (
    EpisodeTaken,
    PostData,
    SourceData,
    save_campaign_post,
    search_links,
)
from articles.models import Campaign, CampaignPost, Entry, PostSource
from tags.parser import tags_in
from tags.services import hashtag_line

from .factories import make_contributor, make_editor, make_link, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return Campaign.objects.create(name="Stop Amazon", slug="stop-amazon")


def post_data(campaign, **fields):
    values = {
        "campaign": campaign,
        "episode": 4,
        "title": "N’avez-vous vraiment rien à cacher ?",
        "lead": "Un épisode sur la surveillance. #Amazon",
        "body": "Les entrepôts [rouge]surveillent[/rouge] tout [1], même les pauses [2].",
        "hashtags": tags_in("#surveillance"),
    }
    values.update(fields)
    return PostData(**values)


def form_data(the_campaign, **changes):
    values = {
        "campaign": str(the_campaign.pk),
        "episode": "4",
        "title": "Épisode quatre",
        "lead": "Le chapeau.",
        "body": "Le corps [1].",
        "hashtags": "#surveillance",
        "version": "",
        "action": "publish",
        "sources-TOTAL_FORMS": "2",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "100",
        "sources-0-label": "Le rapport",
        "sources-0-url": "https://rapport.example/r.pdf",
        "sources-0-ORDER": "2",
        "sources-1-label": "L'article",
        "sources-1-url": "",
        "sources-1-ORDER": "1",
    }
    values.update(changes)
    return values


def test_saving_a_post_numbers_its_sources_and_tags_it(campaign):
    user = make_contributor()
    link = make_link(title="Les cadences")
    post = save_campaign_post(
        post_data(
            campaign,
            sources=[
                SourceData("Les cadences, Le Monde", link.url, link),
                SourceData("Un rapport"),
            ],
            publish=True,
        ),
        user=user,
    )
    assert post.status == Entry.Status.PUBLISHED and post.published_at is not None
    sources = list(post.sources.order_by("number"))
    assert [(s.number, s.label, s.press_link) for s in sources] == [
        (1, "Les cadences, Le Monde", link),
        (2, "Un rapport", None),
    ]
    assert hashtag_line(post) == "#surveillance #Amazon"


def test_an_episode_is_taken_once_per_campaign(campaign):
    user = make_contributor()
    save_campaign_post(post_data(campaign), user=user)
    with pytest.raises(EpisodeTaken):
        save_campaign_post(post_data(campaign, title="Autre"), user=user)
    assert CampaignPost.objects.count() == 1


def test_concurrent_post_edits_are_refused(campaign):
    owner = make_contributor()
    post = save_campaign_post(post_data(campaign), user=owner)
    opened = version_of(post)
    save_campaign_post(
        post_data(campaign, body="Corps revu."), user=make_editor(), post=post, version=opened
    )
    with translation.override("en"), pytest.raises(EditConflict) as conflict:
        save_campaign_post(
            post_data(campaign, title="Mon titre"), user=owner, post=post, version=opened
        )
    labels = {change.label for change in conflict.value.changes}
    assert labels == {"Title", "Body"}
    assert CampaignPost.objects.get(pk=post.pk).body == "Corps revu."


def test_link_search_finds_published_links_and_own_drafts_only():
    me, other = make_contributor(), make_contributor()
    published = make_link(title="Amazon et les cadences")
    mine = make_link(title="Amazon, brouillon à moi", author=me, status=Entry.Status.DRAFT)
    make_link(title="Amazon, brouillon d'un autre", author=other, status=Entry.Status.DRAFT)
    make_link(title="Autre sujet")
    found = set(search_links(me, "amazon"))
    assert {link.pk for link in found} == {published.pk, mine.pk}
    assert len(search_links(make_editor(), "AMAZON")) == 3
    assert [link.pk for link in search_links(me, "amazon cadences")] == [published.pk]


def test_post_editor_creates_a_post_through_http(client, campaign):
    user = make_contributor()
    client.force_login(user)
    link = make_link(title="L'article cité")
    data = form_data(campaign, **{"sources-1-press_link": str(link.pk)})
    response = client.post(reverse("post_new"), data)
    post = CampaignPost.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert [(s.number, s.label, s.press_link_id) for s in post.sources.all()] == [
        (1, "L'article", link.pk),
        (2, "Le rapport", None),
    ]
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Épisode quatre" in page and "Le rapport" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"episode": "0"}, "episode"),
        ({"episode": "quatre"}, "episode"),
        ({"title": ""}, "title"),
        ({"sources-0-url": "javascript:alert(1)"}, "sources-0-url"),
        ({"sources-0-label": ""}, "sources-0-label"),
        ({"campaign": "999999"}, "campaign"),
        ({"hashtags": "#" + "x" * 101}, "hashtags"),
    ],
)
def test_bad_post_input_is_refused_next_to_the_field(client, campaign, changes, field):
    client.force_login(make_contributor())
    response = client.post(reverse("post_new"), form_data(campaign, **changes))
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert CampaignPost.objects.count() == 0 and PostSource.objects.count() == 0


def test_taken_episode_is_reported_on_the_field(client, campaign):
    make_post(campaign=campaign, episode=4)
    client.force_login(make_contributor())
    response = client.post(reverse("post_new"), form_data(campaign))
    assert response.status_code == 409
    assert 'id="id_episode_error"' in response.content.decode()
    assert CampaignPost.objects.count() == 1


def test_citing_someone_elses_draft_is_forbidden(client, campaign):
    client.force_login(make_contributor())
    draft = make_link(author=make_contributor(), status=Entry.Status.DRAFT)
    data = form_data(campaign, **{"sources-0-press_link": str(draft.pk)})
    assert client.post(reverse("post_new"), data).status_code == 403
    assert CampaignPost.objects.count() == 0


def test_editing_a_post_prefills_sources_and_next_episode(client, campaign):
    owner = make_contributor()
    link = make_link(title="Lien cité")
    post = make_post(campaign=campaign, episode=2, author=owner, sources=[("Cité", link.url, link)])
    client.force_login(owner)
    page = client.get(reverse("post_edit", args=[post.pk]))
    formset = page.context["formset"]
    assert formset.forms[0].initial["press_link"] == link.pk
    assert "Lien cité" in page.content.decode()
    new = client.get(reverse("post_new"), {"campaign": campaign.pk})
    assert new.context["form"].initial["episode"] == 3


def test_link_search_endpoint_answers_json(client):
    client.force_login(make_contributor())
    make_link(title="Les <b>cadences</b>")
    answer = client.get(reverse("link_search"), {"q": "cadences"}).json()
    assert [link["title"] for link in answer["links"]] == ["Les <b>cadences</b>"]
    assert client.get(reverse("link_search"), {"q": ""}).json() == {"links": []}


def test_references_without_a_source_item_are_warned_about(client, campaign):
    client.force_login(make_contributor())
    data = form_data(campaign, body="Voir [1] et [7].", action="draft")
    response = client.post(reverse("post_new"), data, follow=True)
    warnings = [str(message) for message in response.context["messages"]]
    assert any("[7]" in message and "[1]" not in message for message in warnings), warnings
    assert CampaignPost.objects.get().body == "Voir [1] et [7]."
