"""Stored HTML: rendered on save from any path, synced per entry, rebuilt by ``rerender``."""

import pytest
from django.core.management import call_command
from django.utils.safestring import SafeString

from articles.models import Campaign, CampaignPost, Excerpt, PostSource, PressLink
from articles.writes import campaign_changed, entries_changed
from articles.writes.texts import missing_references
from tests.factories import make_link, make_post, retag, save_entry

pytestmark = pytest.mark.django_db


def tag_names(entry):
    taggings = entry.tagged_items.order_by("position").select_related("tag")
    return [tagging.tag.name for tagging in taggings]


def test_a_reported_change_renders_the_html_again():
    link = make_link(excerpts=["Un [rouge]passage[/rouge]."], commentary="Notre *avis*.")
    excerpt = link.excerpts.get()
    assert excerpt.html == '<p>Un <mark class="hl hl-rouge">passage</mark>.</p>'
    assert link.commentary_html == "<p>Notre <em>avis</em>.</p>"
    excerpt.text = "Autre **passage**."
    excerpt.save()
    link.commentary = "Autre avis."
    link.save(update_fields=["commentary"])
    assert PressLink.objects.get(pk=link.pk).commentary_html == "<p>Notre <em>avis</em>.</p>"
    entries_changed([link.pk])  # what every writer calls after saving
    assert Excerpt.objects.get(pk=excerpt.pk).html == "<p>Autre <strong>passage</strong>.</p>"
    assert PressLink.objects.get(pk=link.pk).commentary_html == "<p>Autre avis.</p>"


def test_stored_html_is_read_back_as_safe_html_and_titles_stay_text():
    link = make_link(title="<b>Titre</b>", commentary="Un avis.")
    stored = PressLink.objects.get(pk=link.pk)
    assert isinstance(stored.commentary_html, SafeString)
    assert not isinstance(stored.title, SafeString)


def test_campaign_description_and_post_lead_are_rendered():
    campaign = Campaign.objects.create(name="Stop", slug="stop", description="Une *campagne*.")
    campaign_changed(campaign)
    assert campaign.description_html == "<p>Une <em>campagne</em>.</p>"
    post = make_post(campaign=campaign)
    assert CampaignPost.objects.get(pk=post.pk).lead_html == "<p>A short lead.</p>"


def test_post_references_follow_its_sources():
    post = make_post()  # its body cites [1], and it has no source yet
    assert 'href="#source-1"' not in CampaignPost.objects.get(pk=post.pk).body_html
    assert missing_references(post) == [1]
    source = PostSource.objects.create(post=post, number=1, label="Un article")
    entries_changed([post.pk])
    body = CampaignPost.objects.get(pk=post.pk).body_html
    assert '<a class="ref" href="#source-1" id="ref-1">[1]</a>' in body
    assert missing_references(post) == []
    source.delete()
    entries_changed([post.pk])
    assert 'href="#source-1"' not in CampaignPost.objects.get(pk=post.pk).body_html


def test_entries_changed_renders_excerpts_created_in_bulk(django_assert_max_num_queries):
    link = make_link(excerpts=[])
    Excerpt.objects.bulk_create([Excerpt(link=link, position=0, text="En *vrac* #Casino")])
    assert Excerpt.objects.get(link=link).html == ""
    entries_changed([link.pk])
    html = Excerpt.objects.get(link=link).html
    assert "<em>vrac</em>" in html and 'href="/tags/casino/"' in html
    assert tag_names(link) == ["Casino"]
    before = Excerpt.objects.get(link=link)
    entries_changed([link.pk])  # nothing left to do: no row is written again
    assert Excerpt.objects.get(link=link).html == before.html


def test_entry_tags_are_typed_tags_then_text_hashtags():
    link = make_link(tags="#Amazon", commentary="Le groupe #Casino, encore.")
    assert tag_names(link) == ["Amazon", "Casino"]
    link.commentary = "Plus de hashtag."
    link.save()
    retag(link)
    assert tag_names(link) == ["Amazon"]  # gone from the text: gone from the tags


def test_a_hashtag_also_typed_in_the_tag_field_stays_when_the_text_drops_it():
    link = make_link(tags="#Casino", commentary="Le groupe #Casino.")
    link.commentary = "Le groupe."
    link.save()
    retag(link)
    assert tag_names(link) == ["Casino"]
    retag(link, "")  # the tag field emptied
    assert tag_names(link) == []


def test_rerender_command_rebuilds_every_stored_html(capsys):
    link = make_link(excerpts=["Un *passage*."], commentary="Un *avis*.")
    post = make_post()
    Campaign.objects.update(description="*Tous*", description_html="")
    Excerpt.objects.update(html="stale")
    PressLink.objects.update(commentary_html="stale")
    CampaignPost.objects.update(body_html="stale")
    call_command("rerender", batch_size=1)
    output = capsys.readouterr().out
    assert "1 campaigns, 1 excerpts, 1 press links, 1 campaign posts" in output
    assert Excerpt.objects.get(link=link).html == "<p>Un <em>passage</em>.</p>"
    assert PressLink.objects.get(pk=link.pk).commentary_html == "<p>Un <em>avis</em>.</p>"
    assert CampaignPost.objects.get(pk=post.pk).body_html == "<p>A long body citing [1].</p>"
    assert Campaign.objects.get().description_html == "<p><em>Tous</em></p>"
    call_command("rerender")
    assert "0 campaigns, 0 excerpts, 0 press links, 0 campaign posts" in capsys.readouterr().out


def test_pages_show_the_stored_html(client):
    link = make_link(
        excerpts=["Un [rouge]passage[/rouge] <script>alert(1)</script>"],
        commentary="Notre **avis**.",
    )
    post = make_post(sources=[("Un article", link.url, link)])
    Campaign.objects.filter(pk=post.campaign_id).update(description_html="<p>stored</p>")
    html = client.get("/").content.decode()
    assert '<mark class="hl hl-rouge">passage</mark>' in html
    assert "<strong>avis</strong>" in html
    assert "<script>alert" not in html
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<a class="ref" href="#source-1" id="ref-1">[1]</a>' in html
    assert "<p>stored</p>" in client.get(post.campaign.get_absolute_url()).content.decode()


@pytest.fixture
def admin_client(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-Secret-1")
    client.force_login(admin)
    return client


def post_form(post, **changes):
    data = {
        "campaign": post.campaign_id,
        "episode": post.episode,
        "title": post.title,
        "lead": post.lead,
        "body": post.body,
        "author": post.author_id,
        "status": "published",
        "published_at_0": "2026-01-02",
        "published_at_1": "10:00:00",
        "hashtags": "",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_admin_warns_of_references_without_a_source_and_renders_with_sources(admin_client):
    link = make_link(title="Entrepôts")
    post = make_post(sources=[("Un article", link.url, link)])
    url = f"/admin/articles/campaignpost/{post.pk}/change/"
    data = post_form(post, body="Voir [1], [2] et [7]. #Amazon", hashtags="#Travail")
    response = admin_client.post(url, data, follow=True)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        "Les références [2], [7] n’ont pas d’entrée dans les sources : elles restent en texte."
    ]
    post = CampaignPost.objects.get(pk=post.pk)
    assert '<a class="ref" href="#source-1" id="ref-1">[1]</a>' in post.body_html
    assert "[2]" in post.body_html and 'href="#source-2"' not in post.body_html
    assert tag_names(post) == ["Travail", "Amazon"]
    form = admin_client.get(url).context["adminform"].form
    assert form.initial["hashtags"] == "#Travail"  # the text's hashtags are not typed tags


def test_admin_says_nothing_when_every_reference_has_its_source(admin_client):
    link = make_link(title="Entrepôts")
    post = make_post(sources=[("Un article", link.url, link)])
    url = f"/admin/articles/campaignpost/{post.pk}/change/"
    response = admin_client.post(url, post_form(post), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_a_hashtag_without_a_possible_tag_page_stays_text_and_is_no_tag(client):
    link = make_link(commentary="#[fr]a/b #[fr]c+d #ok", excerpts=[])
    assert tag_names(link) == ["ok"]
    assert "#[fr]a/b #[fr]c+d" in PressLink.objects.get(pk=link.pk).commentary_html
    assert client.get("/").status_code == 200


def test_french_spacing_only_for_french_texts():
    link = make_link(
        excerpts=["Pourquoi ? Parce que : voilà !", "Why? Because it is the law: they have to."]
    )
    french, english = link.excerpts.order_by("position")
    assert "Pourquoi\u202f?" in french.html and "que\u00a0:" in french.html
    assert "\u202f" not in english.html and "\u00a0" not in english.html


def test_excerpt_saved_alone_in_the_admin_tags_its_link(admin_client):
    link = make_link(excerpts=["Sans tag."])
    excerpt = link.excerpts.get()
    url = f"/admin/articles/excerpt/{excerpt.pk}/change/"
    data = {"link": link.pk, "position": 0, "text": "Avec #Amazon."}
    assert admin_client.post(url, data).status_code == 302
    assert 'href="/tags/amazon/"' in Excerpt.objects.get(pk=excerpt.pk).html
    assert tag_names(link) == ["Amazon"]


def test_cached_stream_pages_show_what_later_renders_changed(client):
    link = make_link(excerpts=[])
    post = make_post()
    post.lead = "Voir [1]."
    save_entry(post)
    assert "Voir [1]." in client.get("/").content.decode()  # anonymous: cached fragments
    PostSource.objects.create(post=post, number=1, label="Un article")
    entries_changed([post.pk])
    assert '<a class="ref" href="#source-1" id="ref-1">[1]</a>' in client.get("/").content.decode()
    Excerpt.objects.bulk_create([Excerpt(link=link, position=0, text="En *vrac*.")])
    entries_changed([link.pk])  # as every writer does after its writes
    assert "<em>vrac</em>" in client.get("/").content.decode()


def test_rerender_refuses_a_batch_size_below_one():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("rerender", batch_size=0)


def test_combined_tags_typed_first_then_texts_without_unpageable_ones():
    from articles.writes.texts import combined_tags

    tags = combined_tags("#Travail #[fr]a/b", "Le #Casino", "#[fr]c+d et #travail ##santé")
    assert [(tag.name, tag.as_tag, tag.as_theme) for tag in tags] == [
        ("Travail", True, False),
        ("Casino", True, False),
        ("santé", False, True),
    ]
