"""The one write path of every importer: press links upserted in batches.

A link is found by its normalised URL (a link without URL by its title); what
the file carries replaces what is stored, what it does not carry (``None`` in
:class:`~.base.ParsedLink`) is kept. A row is written only when a value
differs, so importing a file twice changes nothing, not even ``updated_at``.

Queries do not grow with the file: per batch, one query finds the stored links,
one their excerpts, one their tags, one the sources, one or two the tags; new
links cost their two INSERTs (multi-table inheritance cannot be bulk-created).
"""

from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Entry, Excerpt, PressLink, Source
from articles.normalize import normalize_domain, normalize_url
from articles.sources import KNOWN_PUBLICATIONS
from tags.models import Tag, TaggedEntry
from tags.parser import EntryTag

from .base import ParsedLink, Summary

BATCH = 500
MAX_URL = 2000
LINKS = "press links"


def after_save(entries: list[Entry]) -> None:
    """Hook run on every entry an import created or changed.

    HOOK (issue 3): once ``articles/rendering.py`` is merged, call
    ``sync_entry(entry)`` here for each entry, so imported entries get their
    stored HTML like entries saved from the editor.
    """


def _same(link: PressLink, name: str, value) -> bool:
    """Whether ``link.name`` is ``value``; foreign keys compared by id, without a query."""
    if name in ("source", "author"):
        return getattr(link, f"{name}_id") == (value.pk if value is not None else None)
    return getattr(link, name) == value


def insert_rows(model, field_names: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT plain value tuples into ``model``'s table, many rows per statement.

    No model instances are built: this is what makes 150,000 taggings cheap.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(BATCH * 2, connection.ops.bulk_batch_size(fields, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            params = [
                field.get_db_prep_save(value, connection)
                for row in chunk
                for field, value in zip(fields, row, strict=True)
            ]
            cursor.execute(head + ", ".join([one] * len(chunk)), params)


def create_links(links: list[PressLink]) -> None:
    """Save new press links in bulk: their entry rows, then their own rows.

    ``bulk_create`` refuses multi-table inheritance; this does what ``save()``
    would (kind, normalised URL, publication date) for both tables at once.
    """
    if not links:
        return
    parents = []
    for link in links:
        link.kind = Entry.Kind.LINK
        link.normalized_url = normalize_url(link.url) if link.url else None
        if link.status == Entry.Status.PUBLISHED and link.published_at is None:
            link.published_at = timezone.now()
        parents.append(
            Entry(kind=link.kind, author=link.author, status=link.status,
                  published_at=link.published_at)
        )  # fmt: skip
    Entry.objects.bulk_create(parents, batch_size=BATCH)
    for link, parent in zip(links, parents, strict=True):
        link.id = link.entry_ptr_id = parent.pk
        link.created_at, link.updated_at = parent.created_at, parent.updated_at
        link._state.adding = False
        link._state.db = parent._state.db
    own = ("entry_ptr", "url", "normalized_url", "title", "source", "commentary", "image_url",
           "article_date")  # fmt: skip
    fields = [PressLink._meta.get_field(name) for name in own]
    insert_rows(PressLink, own, [tuple(getattr(link, f.attname) for f in fields) for link in links])


class SourceCache:
    """Sources by domain, created in bulk (named from KNOWN_PUBLICATIONS) when new."""

    def __init__(self):
        self.by_domain: dict[str, Source | None] = {}

    def resolve(self, domains: Iterable[str], summary: Summary) -> None:
        missing = {domain for domain in domains if domain and domain not in self.by_domain}
        if not missing:
            return
        for source in Source.objects.filter(domain__in=missing):
            self.by_domain[source.domain] = source
        new = [
            Source(domain=domain, name=KNOWN_PUBLICATIONS.get(domain, domain)[:200],
                   home_url=f"https://{domain}/")
            for domain in sorted(missing - self.by_domain.keys())
            if len(domain) <= 253
        ]  # fmt: skip
        if new:
            Source.objects.bulk_create(new)
            for source in Source.objects.filter(domain__in=[s.domain for s in new]):
                self.by_domain[source.domain] = source
                summary.count("sources", "created")

    def get(self, domain: str) -> Source | None:
        return self.by_domain.get(domain) if domain else None


def resolve_tags(entry_tags: Iterable[EntryTag], cache: dict[str, Tag]) -> None:
    """Put the stored tag of each parsed tag in ``cache`` (by key), creating new ones in bulk."""
    wanted: dict[str, EntryTag] = {}
    for parsed in entry_tags:
        if parsed.key in cache:
            tag = cache[parsed.key]
            if parsed.labels and any(lang not in tag.labels for lang in parsed.labels):
                tag.labels = {**parsed.labels, **tag.labels}
                tag.save(update_fields=["labels"])
        elif parsed.key in wanted:
            for lang, label in parsed.labels.items():
                wanted[parsed.key].labels.setdefault(lang, label)
        else:
            wanted[parsed.key] = EntryTag(parsed.name, dict(parsed.labels), True, False)
    if not wanted:
        return
    for tag in Tag.objects.filter(slug__in=list(wanted)):
        cache[tag.slug] = tag
        parsed = wanted.pop(tag.slug)
        if parsed.labels and any(lang not in tag.labels for lang in parsed.labels):
            tag.labels = {**parsed.labels, **tag.labels}
            tag.save(update_fields=["labels"])
    if wanted:
        Tag.objects.bulk_create(
            Tag(name=p.name, slug=key, labels=p.labels) for key, p in wanted.items()
        )
        for tag in Tag.objects.filter(slug__in=list(wanted)):
            cache[tag.slug] = tag


class LinkWriter:
    """Upserts :class:`ParsedLink` objects, a batch at a time; call :meth:`close` at the end."""

    def __init__(self, summary: Summary, author=None, users: dict | None = None):
        self.summary = summary
        self.author = author
        self.users = users if users is not None else {}
        self.sources = SourceCache()
        self.tags: dict[str, Tag] = {}
        self.seen: dict[object, int] = {}
        self.batch: list[tuple[object, ParsedLink, object]] = []
        self.now = timezone.now().replace(microsecond=0)
        self.undated = 0

    def add(self, parsed: ParsedLink) -> None:
        if parsed.url and len(parsed.url) > MAX_URL:
            self.summary.skip(parsed.line, _("URL longer than 2,000 characters"))
            return
        if parsed.image_url and len(parsed.image_url) > MAX_URL:
            self.summary.warn(parsed.line, _("image URL longer than 2,000 characters: dropped"))
            parsed.image_url = ""
        key = ("url", normalize_url(parsed.url)) if parsed.url else ("title", parsed.title)
        if key in self.seen:
            if self.seen[key] is None:
                reason = _("same article as an earlier entry: %(title)s") % {"title": parsed.title}
            else:
                reason = _("same article as the entry at line %(line)s") % {"line": self.seen[key]}
            self.summary.skip(parsed.line, reason)
            return
        self.seen[key] = parsed.line
        default = parsed.published_at
        if default is None and not parsed.exact_dates:
            # Files list the newest first: keep that order in the stream.
            default = self.now - timedelta(seconds=self.undated)
            self.undated += 1
        self.batch.append((key, parsed, default))
        if len(self.batch) >= BATCH:
            self.flush()

    def close(self) -> None:
        self.flush()

    # -- one batch ---------------------------------------------------------------

    def _stored(self, keys) -> dict:
        urls = [value for kind, value in keys if kind == "url"]
        titles = [value for kind, value in keys if kind == "title"]
        condition = Q(normalized_url__in=urls)
        if titles:
            condition |= Q(normalized_url=None, title__in=titles)
        found = {}
        for link in PressLink.objects.filter(condition).order_by("-pk"):
            key = ("url", link.normalized_url) if link.normalized_url else ("title", link.title)
            found[key] = link  # the oldest row wins when titles repeat
        return found

    def _author(self, parsed: ParsedLink):
        if parsed.author is None:
            return self.author
        if parsed.author not in self.users:
            user = get_user_model().objects.filter(username=parsed.author).first()
            self.users[parsed.author] = user or self.author
        return self.users[parsed.author]

    def flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        stored = self._stored([key for key, _parsed, _default in batch])
        ids = [link.pk for link in stored.values()]
        excerpts: dict[int, list[str]] = {}
        for link_id, text in (
            Excerpt.objects.filter(link_id__in=ids)
            .order_by("link_id", "position", "pk")
            .values_list("link_id", "text")
        ):
            excerpts.setdefault(link_id, []).append(text)
        taggings: dict[int, list] = {}
        for entry_id, slug, as_tag, as_theme in (
            TaggedEntry.objects.filter(content_object_id__in=ids)
            .order_by("content_object_id", "position", "pk")
            .values_list("content_object_id", "tag__slug", "as_tag", "as_theme")
        ):
            taggings.setdefault(entry_id, []).append((slug, as_tag, as_theme))
        domains = [self._domain(parsed) for _key, parsed, _default in batch]
        self.sources.resolve(domains, self.summary)
        resolve_tags((tag for _key, p, _default in batch for tag in p.tags or ()), self.tags)

        links = {}
        new_links = []
        for key, parsed, default in batch:
            link = stored.get(key)
            if link is None:
                link = self._new_link(parsed, default)
                new_links.append(link)
                links[key] = (link, link)
            else:
                links[key] = (link, self._update(link, parsed))
        create_links(new_links)

        new_excerpts: list[tuple] = []
        new_taggings: list[tuple] = []
        drop_excerpts: list[int] = []
        drop_taggings: list[int] = []
        touched: list[Entry] = []
        for key, parsed, _default in batch:
            link, changed = links[key]
            created = key not in stored
            if parsed.excerpts is not None and excerpts.get(link.pk, []) != parsed.excerpts:
                if not created:
                    drop_excerpts.append(link.pk)
                new_excerpts.extend((link.pk, n, text) for n, text in enumerate(parsed.excerpts))
                changed = link
            wanted = [(t.key, t.as_tag, t.as_theme) for t in parsed.tags or ()]
            if parsed.tags is not None and taggings.get(link.pk, []) != wanted:
                if not created:
                    drop_taggings.append(link.pk)
                new_taggings.extend(
                    (link.pk, self.tags[t.key].pk, n, t.as_tag, t.as_theme)
                    for n, t in enumerate(parsed.tags)
                )
                changed = link
            if self._restore_dates(link, parsed, force=changed is not None):
                changed = link
            if changed is not None:
                touched.append(link)
            outcome = "created" if created else "updated" if changed is not None else "unchanged"
            self.summary.count(LINKS, outcome)
        Excerpt.objects.filter(link_id__in=drop_excerpts).delete()
        TaggedEntry.objects.filter(content_object_id__in=drop_taggings).delete()
        insert_rows(Excerpt, ("link", "position", "text"), new_excerpts)
        insert_rows(
            TaggedEntry, ("content_object", "tag", "position", "as_tag", "as_theme"), new_taggings
        )
        after_save(touched)

    @staticmethod
    def _domain(parsed: ParsedLink) -> str:
        if parsed.source is not None:
            return parsed.source
        return normalize_domain(parsed.url) if parsed.url else ""

    def _values(self, parsed: ParsedLink) -> dict:
        """The fields of the link that the file gives."""
        domain = self._domain(parsed)
        values = {"url": parsed.url, "title": parsed.title, "status": parsed.status}
        values["source"] = self.sources.get(domain) if (parsed.url or parsed.source) else None
        for name in ("commentary", "image_url", "article_date"):
            if getattr(parsed, name) is not None:
                values[name] = getattr(parsed, name)
        if parsed.published_at is not None or parsed.exact_dates:
            values["published_at"] = parsed.published_at
        if parsed.author is not None:
            values["author"] = self._author(parsed)
        return values

    def _new_link(self, parsed: ParsedLink, default) -> PressLink:
        values = self._values(parsed)
        values.setdefault("author", self.author)
        values.setdefault("published_at", default)
        if values["author"] is None:
            raise ValueError("an import needs an author for new entries")
        return PressLink(**values)

    def _update(self, link: PressLink, parsed: ParsedLink) -> PressLink | None:
        """Save what the file changes in the link's own row; the link if it did, else None."""
        values = self._values(parsed)
        changed = [name for name, value in values.items() if not _same(link, name, value)]
        if not changed:
            return None
        for name in changed:
            setattr(link, name, values[name])
        link.save()
        return link

    def _restore_dates(self, link: PressLink, parsed: ParsedLink, force: bool) -> bool:
        """Creation and modification dates from the file (backup, bookmarks), when it has them.

        ``force`` when the row was just written (``auto_now`` moved them); True if updated.
        """
        dates = {}
        if parsed.created_at is not None:
            dates["created_at"] = parsed.created_at
        if parsed.updated_at is not None:
            dates["updated_at"] = parsed.updated_at
        if not dates or (not force and all(getattr(link, k) == v for k, v in dates.items())):
            return False
        Entry.objects.filter(pk=link.pk).update(**dates)
        for name, value in dates.items():
            setattr(link, name, value)
        return True
