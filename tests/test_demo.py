"""The shipped demo content: big enough to browse, and loading it twice changes nothing."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from articles.models import Campaign, CampaignPost, Entry, Excerpt, PostSource, PressLink, Source
from tags.models import Tag, TaggedEntry

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every row of every table the loader writes, with all its values."""
    from django.contrib.auth import get_user_model

    models = [
        get_user_model(),
        Source,
        Entry,
        PressLink,
        Excerpt,
        Campaign,
        CampaignPost,
        PostSource,
        Tag,
        TaggedEntry,
    ]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def test_demo_content_is_big_enough_to_browse():
    call_command("load_demo", verbosity=0)
    links = PressLink.objects.filter(status=Entry.Status.PUBLISHED)
    assert links.count() >= 40
    assert Source.objects.filter(links__isnull=False).distinct().count() >= 10
    assert Tag.objects.count() >= 60
    assert Tag.objects.exclude(labels={}).count() >= 1
    assert TaggedEntry.objects.filter(as_theme=True).exists()
    campaign = Campaign.objects.annotate(n=Count("posts")).get(n__gte=2)
    posts = CampaignPost.objects.filter(campaign=campaign)
    assert posts.count() >= 2
    for post in posts:
        assert post.sources.count() >= 3
        assert post.sources.filter(press_link__isnull=False).exists()
    folded = (
        Entry.objects.annotate(n=Count("tagged_items", filter=Q(tagged_items__as_tag=True)))
        .filter(n__gt=12)
        .count()
    )
    assert folded >= 1


def test_loading_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = snapshot()
    assert "Created:" in capsys.readouterr().out
    call_command("load_demo")
    assert "nothing changed" in capsys.readouterr().out
    assert snapshot() == first


def test_loading_again_repairs_a_changed_entry(capsys):
    call_command("load_demo", verbosity=0)
    link = PressLink.objects.order_by("pk").first()
    original = (link.title, list(link.excerpts.values_list("text", flat=True)))
    link.title = "Edited"
    link.save()
    link.excerpts.all().delete()
    capsys.readouterr()
    call_command("load_demo")
    assert "Updated: 1 press links." in capsys.readouterr().out
    link.refresh_from_db()
    assert (link.title, list(link.excerpts.values_list("text", flat=True))) == original


def test_demo_pages_render(client):
    call_command("load_demo", verbosity=0)
    post = CampaignPost.objects.order_by("episode").first()
    tag = Tag.objects.exclude(labels={}).first()
    for path in [
        "/",
        "/?page=2",
        "/tags/",
        f"/tags/{tag.slug}/",
        "/sources/",
        "/campaigns/",
        post.campaign.get_absolute_url(),
        post.get_absolute_url(),
        PressLink.objects.first().get_absolute_url(),
    ]:
        assert client.get(path).status_code == 200, path
