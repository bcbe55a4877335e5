"""Reading a JSON backup back: checking every row, then upserting it by natural key."""

import json
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from articles.demo.loader import upsert
from articles.models import (
    TEXT_LIMITS,
    Campaign,
    CampaignPost,
    Entry,
    PostSource,
    PressLink,
    Source,
)
from articles.normalize import http_url, normalize_domain, normalize_url
from articles.writes import campaign_changed, entries_changed
from articles.writes.texts import tag_line_of
from tags.models import Tag
from tags.parser import MAX_TAG_LENGTH, EntryTag, tag_key, tags_in

from .apply import write_links
from .backup import FORMAT, VERSION
from .base import ImportFormatError, ParsedLink, Summary, read_lines

STATUSES = {choice.value for choice in Entry.Status}
OUTCOMES = {True: "created", False: "updated", None: "unchanged"}  # upsert's ``created``


def read_json(stream):
    """The decoded JSON of ``stream``; a syntax error names its line."""
    text = "\n".join(line for _number, line in read_lines(stream))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        if text.lstrip().startswith("<"):
            message = _("this is HTML, not a JSON backup")
        elif not text.strip():
            message = _("the file is empty")
        elif error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            last = text.rstrip().count("\n") + 1
            raise ImportFormatError(last, _("the file ends too early: it was cut short")) from None
        else:
            message = _("not valid JSON: %(error)s (column %(column)d)") % {
                "error": error.msg,
                "column": error.colno,
            }
        raise ImportFormatError(error.lineno, message) from None


class Row:
    """One object of a top-level list, with typed getters that name it in their errors."""

    def __init__(self, where: str, data):
        self.where = where
        if not isinstance(data, dict):
            self.fail(None, _("must be an object"))
        self.data = data

    def fail(self, key, problem):
        place = f"{self.where} “{key}”" if key else self.where
        raise ImportFormatError(None, f"{place}: {problem}")

    def get(self, key, kind, default=None):
        """``data[key]`` of type ``kind``; ``default`` when absent (missing if None)."""
        if key not in self.data or self.data[key] is None:
            if default is None:
                self.fail(key, _("missing"))
            return default
        value = self.data[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.fail(key, _("wrong type (%(type)s)") % {"type": type(value).__name__})
        return value

    def text(self, key, max_length=None):
        """A text, empty when absent."""
        value = self.get(key, str, "")
        if max_length and len(value) > max_length:
            self.fail(key, _("longer than %(max)d characters") % {"max": max_length})
        return value

    def url(self, key):
        value = self.text(key, 2000)
        if value and not http_url(value):
            self.fail(key, _("not an http(s) address"))
        return value

    def when(self, key):
        value = self.text(key)
        if not value:
            return None
        try:
            found = datetime.fromisoformat(value)
        except ValueError:
            self.fail(key, _("not a date and time"))
        if found.tzinfo is None:
            self.fail(key, _("a date and time needs its time zone"))
        return found

    def day(self, key):
        value = self.text(key)
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            self.fail(key, _("not a date"))

    def texts(self, key, max_length=None):
        value = self.get(key, list, [])
        if not all(isinstance(item, str) for item in value):
            self.fail(key, _("must be a list of texts"))
        if max_length and any(len(item) > max_length for item in value):
            self.fail(key, _("a text is longer than %(max)d characters") % {"max": max_length})
        return value


def rows(data: dict, name: str):
    found = data.get(name, [])
    if not isinstance(found, list):
        raise ImportFormatError(None, _("“%(name)s” must be a list") % {"name": name})
    for index, item in enumerate(found):
        yield Row(f"{name}[{index}]", item)


class Loader:
    def __init__(self, data: dict, summary: Summary, author):
        self.data = data
        self.summary = summary
        self.author = author
        self.users: dict = {}
        self.labels: dict[str, dict] = {}
        self.shown: set[int] = set()  # entries whose sources, campaign or texts changed

    def user(self, row: Row):
        username = row.text("author", 150)
        if username not in self.users:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                row.fail("author", _("no user “%(name)s”") % {"name": username})
            self.users[username] = user
        return self.users[username]

    def entry_tags(self, row: Row) -> list[EntryTag]:
        """The tags typed for the entry: its ``tag_line``, or else its list of tags."""
        if row.data.get("tag_line") is not None:
            return tags_in(row.text("tag_line"))
        merged: dict[str, EntryTag] = {}
        for index, item in enumerate(row.get("tags", list, [])):
            tag = Row(f"{row.where}.tags[{index}]", item)
            name = tag.text("name", MAX_TAG_LENGTH)
            key = tag_key(name)
            if not key:
                tag.fail("name", _("missing"))
            found = merged.setdefault(
                key, EntryTag(name, dict(self.labels.get(key, {})), as_tag=False, as_theme=False)
            )
            found.as_tag = found.as_tag or tag.get("tag", bool, True)
            found.as_theme = found.as_theme or tag.get("theme", bool, False)
        return list(merged.values())

    def entry_fields(self, row: Row) -> dict:
        status = row.text("status")
        if status not in STATUSES:
            row.fail("status", _("unknown status"))
        return {
            "status": status,
            "published_at": row.when("published_at"),
            "created_at": row.when("created_at"),
            "updated_at": row.when("updated_at"),
        }

    def load_users(self):
        User = get_user_model()
        fields = ("first_name", "last_name", "email")
        for row in rows(self.data, "users"):
            username = row.text("username", 150)
            values = {name: row.text(name, 254) for name in fields}
            values["is_active"] = row.get("is_active", bool, True)
            joined = row.when("date_joined")
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, **values)
                if joined:
                    user.date_joined = joined
                user.set_unusable_password()
                user.save()
                self.summary.count("users", "created")
            elif all(getattr(user, name) == value for name, value in values.items()):
                self.summary.count("users", "unchanged")
            else:
                reason = _("user already here, kept as it is: %(name)s") % {"name": username}
                self.summary.skip(None, reason)
            self.users[username] = user

    def load_simple(self):
        for row in rows(self.data, "sources"):
            domain = normalize_domain(row.text("domain", 253))
            if not domain:
                row.fail("domain", _("missing"))
            values = {"name": row.text("name", 200), "home_url": row.url("home_url")}
            source, created = upsert(Source, {"domain": domain}, values)
            self.summary.count("sources", OUTCOMES[created])
            if created is False:
                self.shown.update(source.links.values_list("pk", flat=True))
        for row in rows(self.data, "tags"):
            name = row.text("name", MAX_TAG_LENGTH)
            labels = row.get("labels", dict, {})
            if not all(isinstance(v, str) and len(v) <= MAX_TAG_LENGTH for v in labels.values()):
                row.fail("labels", _("labels must be texts"))
            self.labels[tag_key(name)] = labels
            tag = Tag.objects.filter(slug=tag_key(name)).first()
            if tag is None:
                Tag.objects.create(name=name, labels=labels)
                self.summary.count("tags", "created")
            elif any(lang not in tag.labels for lang in labels):
                tag.labels = {**labels, **tag.labels}
                tag.save(update_fields=["labels"])
                self.summary.count("tags", "updated")
            else:
                self.summary.count("tags", "unchanged")
        for row in rows(self.data, "campaigns"):
            description = row.text("description", TEXT_LIMITS["campaign description"])
            values = {"name": row.text("name", 200), "description": description}
            campaign, created = upsert(Campaign, {"slug": row.text("slug", 100)}, values)
            self.summary.count("campaigns", OUTCOMES[created])
            if created is not None:
                campaign_changed(campaign)

    def load_links(self):
        links = (
            ParsedLink(
                line=None,
                url=row.url("url"),
                source=normalize_domain(row.text("source", 253)),
                title=row.text("title", 500),
                excerpts=row.texts("excerpts", TEXT_LIMITS["excerpt"]),
                commentary=row.text("commentary", TEXT_LIMITS["commentary"]),
                tags=self.entry_tags(row),
                image_url=row.url("image_url"),
                article_date=row.day("article_date"),
                author=self.user(row).username,
                exact_dates=True,
                **self.entry_fields(row),
            )
            for row in rows(self.data, "links")
        )
        write_links(links, self.summary, self.author, self.users)

    def load_posts(self):
        for row in rows(self.data, "posts"):
            slug = row.text("campaign", 100)
            campaign = Campaign.objects.filter(slug=slug).first()
            if campaign is None:
                row.fail("campaign", _("no campaign “%(slug)s”") % {"slug": slug})
            fields = self.entry_fields(row)
            dates = {k: fields.pop(k) for k in ("created_at", "updated_at") if fields[k]}
            values = {
                "title": row.text("title", 500),
                "lead": row.text("lead", TEXT_LIMITS["campaign post lead"]),
                "body": row.text("body", TEXT_LIMITS["campaign post body"]),
                "author": self.user(row),
                "tag_line": tag_line_of(self.entry_tags(row)),
                **fields,
            }
            episode = row.get("episode", int)
            post, created = upsert(CampaignPost, {"campaign": campaign, "episode": episode}, values)
            touched = self.load_post_sources(post, row) or created is not None
            if touched:
                self.shown.add(post.pk)
            if dates and (touched or any(getattr(post, k) != v for k, v in dates.items())):
                Entry.objects.filter(pk=post.pk).update(**dates)
                touched = True
            outcome = "created" if created else "updated" if touched else "unchanged"
            self.summary.count("campaign posts", outcome)

    def load_post_sources(self, post: CampaignPost, row: Row) -> bool:
        touched = False
        numbers = []
        for index, item in enumerate(row.get("sources", list, [])):
            source = Row(f"{row.where}.sources[{index}]", item)
            number = source.get("number", int)
            numbers.append(number)
            ref = source.get("link", dict, {})
            link = None
            if ref.get("url"):
                link = PressLink.objects.filter(normalized_url=normalize_url(ref["url"])).first()
            elif ref.get("title"):
                link = PressLink.objects.filter(normalized_url=None, title=ref["title"]).first()
            values = {"label": source.text("label", 500), "url": source.url("url")}
            _obj, created = upsert(
                PostSource, {"post": post, "number": number}, {**values, "press_link": link}
            )
            touched = touched or created is not None
        extra = post.sources.exclude(number__in=numbers)
        return bool(extra.delete()[0]) or touched

    def load(self):
        self.load_users()
        self.load_simple()
        self.load_links()
        self.load_posts()
        if self.shown:
            entries_changed(self.shown)


def import_backup(stream, summary: Summary, author=None) -> None:
    """Read a backup from the binary ``stream`` and upsert everything it holds."""
    data = read_json(stream)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFormatError(
            1,
            _("not a pressreview backup (its “format” must be “%(format)s”)") % {"format": FORMAT},
        )
    if data.get("version") != VERSION:
        raise ImportFormatError(
            None,
            _("backup version %(found)s cannot be read (this version reads %(version)s)")
            % {"found": data.get("version"), "version": VERSION},
        )
    Loader(data, summary, author).load()
