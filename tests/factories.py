"""Small helpers to make rows for tests (plain functions, no magic)."""

from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Campaign, CampaignPost, Entry, Excerpt, PostSource, PressLink
from articles.rendering import sync_entry
from articles.sources import source_for_url

_serial = count(1)
BASE_TIME = timezone.now().replace(microsecond=0) - timedelta(days=365)


def make_user(username=None, **fields):
    username = username or f"activist{next(_serial)}"
    return get_user_model().objects.create_user(username=username, **fields)


def make_contributor(username=None, **fields):
    from accounts.roles import make_contributor as give_role

    user = make_user(username, **fields)
    give_role(user)
    return user


def make_editor(username=None, **fields):
    from accounts.roles import make_editor as give_role

    user = make_user(username, **fields)
    give_role(user)
    return user


def make_link(
    *,
    title=None,
    url=None,
    tags="",
    excerpts=("A quoted passage.",),
    commentary="",
    author=None,
    status=Entry.Status.PUBLISHED,
    published_at=None,
    image_url="",
):
    serial = next(_serial)
    url = f"https://www.lemonde.fr/article/{serial}" if url is None else url
    link = PressLink.objects.create(
        url=url,
        title=title or f"Article {serial}",
        source=source_for_url(url) if url else None,
        commentary=commentary,
        image_url=image_url,
        author=author or make_user(),
        status=status,
        published_at=published_at or BASE_TIME + timedelta(minutes=serial),
    )
    for position, text in enumerate(excerpts):
        Excerpt.objects.create(link=link, position=position, text=text)
    sync_entry(link, tags)
    return link


def make_post(*, campaign=None, episode=None, title=None, tags="", author=None, sources=()):
    serial = next(_serial)
    campaign = campaign or Campaign.objects.create(name=f"Campaign {serial}", slug=f"c{serial}")
    post = CampaignPost.objects.create(
        campaign=campaign,
        episode=episode or serial,
        title=title or f"Episode {serial}",
        lead="A short lead.",
        body="A long body citing [1].",
        author=author or make_user(),
        status=Entry.Status.PUBLISHED,
        published_at=BASE_TIME + timedelta(minutes=serial),
    )
    for number, (label, url, link) in enumerate(sources, start=1):
        PostSource.objects.create(post=post, number=number, label=label, url=url, press_link=link)
    sync_entry(post, tags)
    return post
