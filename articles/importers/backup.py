"""The complete JSON backup: everything a collective needs to leave with its review.

Users (without passwords or permissions), sources, tags with their labels,
campaigns, press links (excerpts, tags, themes) and campaign posts (numbered
sources). Rows are named by natural keys (username, domain, tag name, campaign
slug, URL), never by database ids; derived fields (normalised URL, stored HTML,
search index) are left out. The output is deterministic: keys sorted, rows in
the order of their natural keys, so export, import into an empty database,
export again gives the same bytes.
"""

import json
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from articles.models import Campaign, CampaignPost, Excerpt, PostSource, PressLink, Source
from tags.models import Tag, TaggedEntry

FORMAT = "pressreview-backup"
VERSION = 1
CHUNK = 1000


def _when(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def link_ref(link: PressLink) -> dict:
    """How a press link is named in a backup: its URL, or its title when it has none."""
    return {"url": link.url} if link.url else {"title": link.title}


def _entry_fields(entry) -> dict:
    # The entry's tags in their order: listed among its tags, as a theme, or both.
    rows = sorted(entry.tagged_items.all(), key=lambda row: (row.position, row.pk))
    return {
        "author": entry.author.username,
        "status": entry.status,
        "published_at": _when(entry.published_at),
        "created_at": _when(entry.created_at),
        "updated_at": _when(entry.updated_at),
        "tag_line": entry.tag_line,
        "tags": [{"name": row.tag.name, "tag": row.as_tag, "theme": row.as_theme} for row in rows],
    }


def _link(link: PressLink) -> dict:
    return {
        **_entry_fields(link),
        "url": link.url,
        "title": link.title,
        "source": link.source.domain if link.source else None,
        "commentary": link.commentary,
        "image_url": link.image_url,
        "article_date": link.article_date.isoformat() if link.article_date else None,
        "excerpts": [excerpt.text for excerpt in link.excerpts.all()],
    }


def _post(post: CampaignPost) -> dict:
    return {
        **_entry_fields(post),
        "campaign": post.campaign.slug,
        "episode": post.episode,
        "title": post.title,
        "lead": post.lead,
        "body": post.body,
        "sources": [
            {
                "number": source.number,
                "label": source.label,
                "url": source.url,
                "link": link_ref(source.press_link) if source.press_link else None,
            }
            for source in post.sources.all()
        ],
    }


_TAGGINGS = Prefetch("tagged_items", queryset=TaggedEntry.objects.select_related("tag"))


def links_in_order():
    """Press links by URL, then those without URL by title, fetched a chunk at a time."""
    keys = sorted(
        PressLink.objects.values_list("normalized_url", "title", "pk"),
        key=lambda row: (row[0] is None, row[0] or "", row[1], row[2]),
    )
    ids = [pk for _url, _title, pk in keys]
    related = PressLink.objects.select_related("author", "source").prefetch_related(
        Prefetch("excerpts", queryset=Excerpt.objects.order_by("position", "pk")), _TAGGINGS
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = related.in_bulk(chunk)
        for pk in chunk:
            yield found[pk]


def _rows(name: str):
    """The rows of one top-level list, in natural-key order."""
    if name == "users":
        fields = ("username", "first_name", "last_name", "email", "is_active", "date_joined")
        for user in get_user_model().objects.order_by("username").values(*fields):
            yield {**user, "date_joined": _when(user["date_joined"])}
    elif name == "sources":
        sources = Source.objects.values("domain", "name", "home_url")
        yield from sorted(sources, key=lambda source: source["domain"])
    elif name == "tags":
        for tag in sorted(Tag.objects.all(), key=lambda t: t.slug):
            yield {"name": tag.name, "labels": tag.labels}
    elif name == "campaigns":
        campaigns = Campaign.objects.values("slug", "name", "description")
        yield from sorted(campaigns, key=lambda campaign: campaign["slug"])
    elif name == "links":
        yield from map(_link, links_in_order())
    elif name == "posts":
        posts = CampaignPost.objects.select_related("author", "campaign").prefetch_related(
            _TAGGINGS,
            Prefetch(
                "sources",
                queryset=PostSource.objects.select_related("press_link").order_by("number"),
            ),
        )
        yield from map(_post, sorted(posts, key=lambda p: (p.campaign.slug, p.episode)))


LISTS = ("campaigns", "links", "posts", "sources", "tags", "users")


def export_backup(out) -> dict[str, int]:
    """Write the backup to the text stream ``out``; how many rows of each list it holds."""
    counts = {}
    out.write("{\n")
    for name in LISTS:
        out.write(f' "{name}": [')
        count = 0
        for row in _rows(name):
            out.write(",\n  " if count else "\n  ")
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True))
            count += 1
        out.write("\n ],\n" if count else "],\n")
        counts[name] = count
    out.write(f' "format": "{FORMAT}",\n "version": {VERSION}\n}}\n')
    return counts
