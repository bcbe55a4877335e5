"""Bulk writing for the importers: rows inserted many at a time, sources and tags cached.

``bulk_create`` neither renders stored HTML nor sends the signals that bump the stream
version, and it refuses multi-table inheritance: what ``save()`` would do is done here
for whole batches, and :func:`articles.stream.changes.note_change` is called by the writer.
"""

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from django.db import connection, connections
from django.utils import timezone

from articles.models import Entry, PressLink, Source
from articles.normalize import normalize_url
from articles.sources import KNOWN_PUBLICATIONS
from tags.models import Tag
from tags.parser import EntryTag

from .base import Summary

BATCH = 500


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

    Does for both tables at once what ``save()`` does for one link: kind, normalised
    URL, publication date, and the stored HTML of the commentary.
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
                  published_at=link.published_at, tag_line=link.tag_line)
        )  # fmt: skip
    rendered = render_all("commentary", [link.commentary for link in links])
    for link, html in zip(links, rendered, strict=True):
        link.commentary_html = html
    Entry.objects.bulk_create(parents, batch_size=BATCH)
    for link, parent in zip(links, parents, strict=True):
        link.id = link.entry_ptr_id = parent.pk
        link.created_at, link.updated_at = parent.created_at, parent.updated_at
        link._state.adding = False
        link._state.db = parent._state.db
    own = ("entry_ptr", "url", "normalized_url", "title", "source", "commentary",
           "commentary_html", "image_url", "article_date")  # fmt: skip
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


# -- rendering in worker processes -----------------------------------------------------

_pool = None
# Below this many texts in a batch, sending them to workers costs more than it saves.
PARALLEL_FROM = 100


def _render_excerpt(text: str) -> str:
    from articles.models import Excerpt

    excerpt = Excerpt(text=text)
    excerpt.render()
    return excerpt.html


def _render_commentary(text: str) -> str:
    link = PressLink(commentary=text)
    link.render()
    return link.commentary_html


def _start_worker(parent: int) -> None:
    """In a forked rendering worker: let go of the parent's database sockets, die with it.

    A fork shares the parent's open connection (in the middle of the import's transaction).
    Were the parent killed, a worker still holding that socket would keep the session open
    "idle in transaction", its row locks blocking every save on the site. The worker never
    uses the database: each socket is pointed at /dev/null (the descriptor stays taken, so
    nothing else reuses its number; no message is sent on the parent's session), and the
    worker ends itself when its parent is gone.
    """
    null = os.open(os.devnull, os.O_RDWR)
    for alias in connections:
        handle = getattr(connections[alias], "connection", None)
        fileno = getattr(handle, "fileno", None)
        if fileno is not None:
            os.dup2(null, fileno())
    os.close(null)

    def watch_parent() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch_parent, daemon=True).start()


@contextmanager
def rendering_workers(jobs: int):
    """Render stored HTML in ``jobs`` forked processes while the block runs (1: in-process).

    Rendering is pure (text in, HTML out): the workers never touch the database (see
    :func:`_start_worker`). Commands use it; a web request renders in its own process.
    """
    global _pool
    if jobs <= 1 or _pool is not None or "fork" not in multiprocessing.get_all_start_methods():
        yield
        return
    _pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    try:
        yield
    finally:
        pool, _pool = _pool, None
        pool.shutdown(cancel_futures=True)


def render_all(kind: str, texts: list[str]) -> list[str]:
    """The stored HTML of each excerpt (``kind="excerpt"``) or commentary of ``texts``."""
    return render_later(kind, texts)()


def render_later(kind: str, texts: list[str]) -> Callable[[], list[str]]:
    """:func:`render_all`, started now in the workers (if any); call the result to get it.

    The caller goes on with other work while the workers render.
    """
    render = _render_excerpt if kind == "excerpt" else _render_commentary
    if _pool is None or len(texts) < PARALLEL_FROM:
        return lambda: [render(text) if text else "" for text in texts]
    results = _pool.map(render, texts, chunksize=32)  # submitted at once
    return lambda: list(results)
