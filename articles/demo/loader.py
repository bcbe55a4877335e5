"""The demo press review shipped in ``articles/demo/*.toml``, loaded idempotently.

Every row is found by its natural key (username, domain, normalised URL,
campaign slug, episode, source number) and written only when a value differs,
so loading twice changes nothing, not even an ``updated_at``.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import Campaign, CampaignPost, Entry, Excerpt, PostSource, PressLink, Source
from ..normalize import normalize_domain, normalize_url
from ..writes import campaign_changed, entries_changed
from ..writes.texts import tag_line_of

DEMO_DIR = Path(__file__).resolve().parent


@dataclass
class LoadSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    entries: list[int] = field(default_factory=list)  # every entry of the demo

    def count(self, kind: str, created: bool | None) -> None:
        if created is not None:
            (self.created if created else self.updated)[kind] += 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _read(directory: Path, pattern: str) -> dict:
    merged: dict[str, list] = {}
    for path in sorted(directory.glob(pattern)):
        with path.open("rb") as handle:
            for key, value in tomllib.load(handle).items():
                if isinstance(value, list):
                    merged.setdefault(key, []).extend(value)
                else:
                    merged[key] = value
    return merged


def upsert(model, lookup: dict, values: dict):
    """``(object, created)``; ``created`` is None when nothing had to change."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, None
    for name in changed:
        setattr(obj, name, values[name])
    obj.save()
    return obj, False


def _set_excerpts(link: PressLink, texts: list[str]) -> bool:
    current = list(link.excerpts.order_by("position", "pk").values_list("text", flat=True))
    if current == texts:
        return False
    link.excerpts.all().delete()
    for position, text in enumerate(texts):
        Excerpt.objects.create(link=link, position=position, text=text)
    return True


def _load_link(data: dict, users, sources, summary: LoadSummary) -> None:
    url = data.get("url", "")
    source = sources.get(normalize_domain(url)) if url else None
    day = data.get("article_date")
    values = {
        "url": url,
        "title": data["title"],
        "source": source,
        "commentary": data.get("commentary", "").strip(),
        "image_url": data.get("image", ""),
        "article_date": date.fromisoformat(day) if day else None,
        "author": users[data["author"]],
        "status": Entry.Status.PUBLISHED,
        "published_at": datetime.fromisoformat(data["published"]),
        "tag_line": tag_line_of(data.get("tags", "")),
    }
    if url:
        lookup = {"normalized_url": normalize_url(url)}
    else:
        lookup = {"normalized_url": None, "title": values.pop("title")}
    link, created = upsert(PressLink, lookup, values)
    excerpts = [text.strip() for text in data.get("excerpts", [])]
    touched = _set_excerpts(link, excerpts)
    summary.count("press links", created if created is not None or not touched else False)
    summary.entries.append(link.pk)


def _load_campaign(data: dict, users, summary: LoadSummary) -> None:
    info = data["campaign"]
    campaign, created = upsert(
        Campaign,
        {"slug": info["slug"]},
        {"name": info["name"], "description": info.get("description", "").strip()},
    )
    summary.count("campaigns", created)
    if created is not None:
        campaign_changed(campaign)
    for post_data in data.get("post", []):
        post, created = upsert(
            CampaignPost,
            {"campaign": campaign, "episode": post_data["episode"]},
            {
                "title": post_data["title"],
                "lead": post_data.get("lead", "").strip(),
                "body": post_data.get("body", "").strip(),
                "author": users[post_data["author"]],
                "status": Entry.Status.PUBLISHED,
                "published_at": datetime.fromisoformat(post_data["published"]),
                "tag_line": tag_line_of(post_data.get("tags", "")),
            },
        )
        touched = False
        for source in post_data.get("sources", []):
            url = source.get("url", "")
            link = (
                PressLink.objects.filter(normalized_url=normalize_url(url)).first() if url else None
            )
            _, source_created = upsert(
                PostSource,
                {"post": post, "number": source["number"]},
                {"label": source["label"], "url": url, "press_link": link},
            )
            summary.count("numbered sources", source_created)
            touched = touched or source_created is not None
        summary.count("campaign posts", created if created is not None or not touched else False)
        summary.entries.append(post.pk)


@transaction.atomic
def load_demo(directory: Path = DEMO_DIR) -> LoadSummary:
    """Load (or bring up to date) the demo content; returns what was created or updated."""
    summary = LoadSummary()
    User = get_user_model()
    users = {}
    for data in _read(directory, "users.toml").get("user", []):
        user, created = upsert(
            User,
            {"username": data["username"]},
            {"first_name": data.get("first_name", ""), "last_name": data.get("last_name", "")},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[user.username] = user
        summary.count("users", created)
    sources = {}
    for data in _read(directory, "sources.toml").get("source", []):
        domain = normalize_domain(data["domain"])
        source, created = upsert(
            Source,
            {"domain": domain},
            {"name": data["name"], "home_url": data.get("home_url", f"https://{domain}/")},
        )
        sources[domain] = source
        summary.count("sources", created)
    for data in _read(directory, "links-*.toml").get("link", []):
        _load_link(data, users, sources, summary)
    campaign = _read(directory, "campaign.toml")
    if campaign:
        _load_campaign(campaign, users, summary)
    if summary.changed:  # a new text, or a new name of a source or an author
        entries_changed(summary.entries)
    return summary
