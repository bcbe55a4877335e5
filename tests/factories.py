"""Small helpers to make rows for tests (plain functions, no magic)."""

from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Campaign, CampaignPost, Entry, Excerpt, PostSource, PressLink
from articles.sources import source_for_url
from articles.writes import entries_changed
from articles.writes.texts import tag_line_of

_serial = count(1)
BASE_TIME = timezone.now().replace(microsecond=0) - timedelta(days=365)


def make_user(username=None, **fields):
    username = username or f"activist{next(_serial)}"
    return get_user_model().objects.create_user(username=username, **fields)


def make_contributor(username=None, **fields):
    from accounts.roles import CONTRIBUTOR, give_role

    user = make_user(username, **fields)
    give_role(user, CONTRIBUTOR)
    return user


def make_editor(username=None, **fields):
    from accounts.roles import EDITOR, give_role

    user = make_user(username, **fields)
    give_role(user, EDITOR)
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
        tag_line=tag_line_of(tags),
    )
    for position, text in enumerate(excerpts):
        Excerpt.objects.create(link=link, position=position, text=text)
    entries_changed([link.pk])
    link.refresh_from_db()
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
        tag_line=tag_line_of(tags),
    )
    for number, (label, url, link) in enumerate(sources, start=1):
        PostSource.objects.create(post=post, number=number, label=label, url=url, press_link=link)
    entries_changed([post.pk])
    post.refresh_from_db()
    return post


def retag(entry, typed=None):
    """What every writer does after saving ``entry``: store the tags typed in its tag field
    (``typed``, if given), then :func:`articles.writes.entries_changed`."""
    if typed is not None:
        entry.tag_line = tag_line_of(typed)
        type(entry).objects.filter(pk=entry.pk).update(tag_line=entry.tag_line)
    entries_changed([entry.pk])
    entry.refresh_from_db()


def save_entry(entry):
    """Save ``entry`` as a writer does: the row, then :func:`articles.writes.entries_changed`."""
    entry.save()
    entries_changed([entry.pk])
    entry.refresh_from_db()


def save_tag(tag):
    """Save ``tag`` (a label, a theme) as a writer does, then its entries as changed."""
    from tags.management import entries_of

    tag.save()
    entries_changed(entries_of(tag), texts=False)
