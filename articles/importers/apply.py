"""The one write path of every importer: press links upserted in batches.

A link is found by its normalised URL (a link without URL by its title); what
the file carries replaces what is stored, what it does not carry (``None`` in
:class:`~.base.ParsedLink`) is kept. A row is written only when a value
differs, so importing a file twice changes nothing, not even ``updated_at``.

The tags the file types become the entry's ``tag_line``; everything derived (stored
HTML, the entry's tags, counts, search index, stream version) is then done by the write
service (:class:`articles.writes.EntryChanges`, a batch at a time), as for any writer.
Queries do not grow with the file: per batch, one query finds the stored links, one
their excerpts, one the sources, and bulk writes store the new rows.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import TEXT_LIMITS, Entry, Excerpt, PressLink, Source
from articles.normalize import normalize_domain, normalize_url
from articles.sources import KNOWN_PUBLICATIONS
from articles.writes import BATCH, EntryChanges
from articles.writes.texts import tag_line_of

from .base import ParsedLink, Summary

MAX_URL = 2000


def _same(link: PressLink, name: str, value) -> bool:
    """Whether ``link.name`` is ``value``; foreign keys compared by id, without a query."""
    if name in ("source", "author"):
        return getattr(link, f"{name}_id") == (value.pk if value is not None else None)
    return getattr(link, name) == value


def _domain(parsed: ParsedLink) -> str:
    if parsed.source is not None:
        return parsed.source
    return normalize_domain(parsed.url) if parsed.url else ""


def _refused(parsed: ParsedLink) -> str | None:
    """Why ``parsed`` is refused (a text longer than its field takes), or None."""
    if parsed.url and len(parsed.url) > MAX_URL:
        return _("URL longer than 2,000 characters")
    limit = TEXT_LIMITS["commentary"]
    if parsed.commentary and len(parsed.commentary) > limit:
        return _("commentary longer than %(max)d characters") % {"max": limit}
    limit = TEXT_LIMITS["excerpt"]
    if any(len(text) > limit for text in parsed.excerpts or ()):
        return _("excerpt longer than %(max)d characters") % {"max": limit}
    return None


def create_links(links: list[PressLink]) -> None:
    """Save new press links: Django's ``bulk_create`` refuses an inherited model, so the
    entry rows in bulk, then each link's own row alone, as ``loaddata`` does."""
    parents = []
    for link in links:
        link.kind = Entry.Kind.LINK
        link.normalized_url = normalize_url(link.url) if link.url else None
        if link.status == Entry.Status.PUBLISHED and link.published_at is None:
            link.published_at = timezone.now()
        parents.append(
            Entry(kind=link.kind, author=link.author, status=link.status,
                  published_at=link.published_at, tag_line=link.tag_line)
        )  # fmt: skip
    Entry.objects.bulk_create(parents, batch_size=BATCH)
    for link, parent in zip(links, parents, strict=True):
        link.id = link.entry_ptr_id = parent.pk
        link.created_at, link.updated_at = parent.created_at, parent.updated_at
        link.save_base(raw=True, force_insert=True)


def write_links(parsed_links, summary: Summary, author=None, users: dict | None = None) -> None:
    """Upsert each of ``parsed_links``; ``users`` caches authors by username."""
    writer = LinkWriter(summary, author, users)
    for parsed in parsed_links:
        writer.add(parsed)
    writer.flush()
    writer.changes.close()


class LinkWriter:
    """Upserts :class:`ParsedLink` objects, a batch at a time (see :func:`write_links`)."""

    def __init__(self, summary: Summary, author, users: dict | None):
        self.summary = summary
        self.author = author
        self.users = users if users is not None else {}
        self.sources: dict[str, Source] = {}  # by domain
        self.seen: dict[object, int | None] = {}
        self.batch: list[tuple[object, ParsedLink, object]] = []
        self.now = timezone.now().replace(microsecond=0)
        self.undated = 0
        self.changes = EntryChanges()  # renders a batch while the next one is written

    def add(self, parsed: ParsedLink) -> None:
        refused = _refused(parsed)
        if refused:
            self.summary.skip(parsed.line, refused)
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

    def _resolve_sources(self, domains) -> None:
        """Fetch the batch's sources; create the missing ones (named from KNOWN_PUBLICATIONS)."""
        missing = {domain for domain in domains if domain and domain not in self.sources}
        if not missing:
            return
        for source in Source.objects.filter(domain__in=missing):
            self.sources[source.domain] = source
        new = [
            Source(domain=domain, name=KNOWN_PUBLICATIONS.get(domain, domain)[:200],
                   home_url=f"https://{domain}/")
            for domain in sorted(missing - self.sources.keys())
            if len(domain) <= 253
        ]  # fmt: skip
        if new:
            Source.objects.bulk_create(new, ignore_conflicts=True)  # another import may race
            for source in Source.objects.filter(domain__in=[s.domain for s in new]):
                self.sources[source.domain] = source
                self.summary.count("sources", "created")

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
        excerpts: dict[int, list[str]] = {}
        for link_id, text in (
            Excerpt.objects.filter(link_id__in=[link.pk for link in stored.values()])
            .order_by("link_id", "position", "pk")
            .values_list("link_id", "text")
        ):
            excerpts.setdefault(link_id, []).append(text)
        self._resolve_sources(_domain(parsed) for _key, parsed, _default in batch)
        new = {
            key: self._new_link(parsed, default)
            for key, parsed, default in batch
            if key not in stored
        }
        create_links(list(new.values()))

        new_excerpts: list[Excerpt] = []
        drop_excerpts: list[int] = []
        touched = []
        for key, parsed, _default in batch:
            created = key in new
            link = new[key] if created else stored[key]
            changed = created or self._update(link, parsed)
            if parsed.excerpts is not None and excerpts.get(link.pk, []) != parsed.excerpts:
                if not created:
                    drop_excerpts.append(link.pk)
                new_excerpts += [
                    Excerpt(link_id=link.pk, position=n, text=text)
                    for n, text in enumerate(parsed.excerpts)
                ]
                changed = True
            changed = self._restore_dates(link, parsed, force=changed) or changed
            if changed:
                touched.append(link.pk)
            outcome = "created" if created else "updated" if changed else "unchanged"
            self.summary.count("press links", outcome)
        Excerpt.objects.filter(link_id__in=drop_excerpts).delete()
        Excerpt.objects.bulk_create(new_excerpts, batch_size=BATCH)
        self.changes.add(touched)

    def _values(self, parsed: ParsedLink) -> dict:
        """The fields of the link that the file gives."""
        values = {"url": parsed.url, "title": parsed.title, "status": parsed.status}
        if parsed.tags is not None:
            values["tag_line"] = tag_line_of(parsed.tags)
        values["source"] = self.sources.get(_domain(parsed))
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

    def _update(self, link: PressLink, parsed: ParsedLink) -> bool:
        """Save what the file changes in the link's own row; whether it changed anything."""
        values = self._values(parsed)
        changed = [name for name, value in values.items() if not _same(link, name, value)]
        for name in changed:
            setattr(link, name, values[name])
        if changed:
            link.save()
        return bool(changed)

    def _restore_dates(self, link: PressLink, parsed: ParsedLink, force: bool) -> bool:
        """Creation and modification dates from the file (backup, bookmarks), when it has them.

        ``force`` when the row was just written (``auto_now`` moved them); True if updated.
        """
        names = ("created_at", "updated_at")
        dates = {name: getattr(parsed, name) for name in names if getattr(parsed, name)}
        if not dates or (not force and all(getattr(link, k) == v for k, v in dates.items())):
            return False
        Entry.objects.filter(pk=link.pk).update(**dates)
        for name, value in dates.items():
            setattr(link, name, value)
        return True
