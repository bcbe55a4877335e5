"""Stored HTML and tags of entries, derived from what the person typed, a batch at a time.

An entry's tags are **the tags typed in its tag field** (:attr:`Entry.tag_line`) **followed
by the hashtags written in its texts**, duplicates merged. Removing a hashtag from a text
removes the tag, unless it is also typed in the tag field.

Rendering is pure (text in, HTML out). A long import renders in forked worker processes
(:func:`rendering_workers`); anything else renders in its own process.
"""

import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from django.db import connections
from django.db.models import Prefetch

from tags.parser import EntryTag, tags_in, write_hashtag
from tags.services import set_tags

from ..markup import missing_references as _missing_in_text
from ..markup import render_markup, tag_href
from ..markup.typography import text_language
from ..models import Campaign, CampaignPost, Entry, Excerpt, PostSource, PressLink

# Below this many entries in a batch, sending them to workers costs more than it saves.
PARALLEL_FROM = 40
_pool = None
# How ``rerender`` names the rows whose HTML it changed.
KINDS = {Campaign: "campaigns", Excerpt: "excerpts", PressLink: "press links",
         CampaignPost: "campaign posts"}  # fmt: skip


def tag_line_of(typed: str | Iterable[EntryTag]) -> str:
    """Tags typed in a tag field (text, or parsed by :class:`tags.forms.HashtagField`),
    written back as one canonical line of hashtags."""
    parsed = tags_in(typed) if isinstance(typed, str) else list(typed)
    return " ".join(
        write_hashtag(tag.name, tag.labels, theme=theme)
        for tag in parsed
        for theme, wanted in ((False, tag.as_tag), (True, tag.as_theme))
        if wanted
    )


def combined_tags(tag_line: str, *texts: str) -> list[EntryTag]:
    """An entry's tags: those of its ``tag_line``, then the hashtags of its ``texts``.

    A hashtag that no tag page can have (a ``/`` or ``+`` in it) stays text, and is no tag.
    """
    return [tag for tag in tags_in(tag_line, *texts) if tag_href(tag.key) is not None]


def missing_references(post: CampaignPost) -> list[int]:
    """The numbers ``[N]`` the post's lead and body cite that no source item has."""
    numbers = post.source_numbers()
    missing = set(_missing_in_text(post.lead, numbers)) | set(_missing_in_text(post.body, numbers))
    return sorted(missing)


def render_text(text: str, sources: frozenset[int] | None = None, language: str = "") -> str:
    """The stored HTML of one text (``language``: of the text itself when empty)."""
    if not text:
        return ""
    context = {"language": language or text_language(text)}
    if sources is not None:
        context["sources"] = set(sources)
    return render_markup(text, **context)


def _render_entry(job: tuple) -> tuple[list[str], list[EntryTag]]:
    """The HTML of an entry's texts and its tags, from ``(tag_line, [(text, sources,
    language), ...])``: pure, so that a worker process can do it."""
    tag_line, texts = job
    html = [render_text(*text) for text in texts]
    return html, combined_tags(tag_line, *(text for text, _sources, _language in texts))


def render_later(jobs: list[tuple]) -> Callable[[], list[tuple]]:
    """:func:`_render_entry` of each job, started now in the workers if any; call the
    result to get what they return (the caller works meanwhile)."""
    if _pool is None or len(jobs) < PARALLEL_FROM:
        return lambda: [_render_entry(job) for job in jobs]
    results = _pool.map(_render_entry, jobs, chunksize=16)  # all submitted at once
    return lambda: list(results)


class EntryTexts:
    """The texts of a batch of entries: their HTML being rendered, then stored with their tags.

    Made for a batch, it reads the entries and starts rendering; :meth:`store` writes what
    changed. A long job makes the next batch's before storing this one's, so the workers
    render while the main process writes.
    """

    def __init__(self, ids: list[int]):
        self.jobs: list[tuple] = []
        self.targets: list[tuple] = []  # per entry: its pk, then (row, html field) per text
        excerpts = Prefetch("excerpts", Excerpt.objects.order_by("position", "pk"))
        links = PressLink.objects.filter(pk__in=ids).prefetch_related(excerpts)
        for link in links.only("tag_line", "commentary", "commentary_html"):
            texts = [(link, "commentary_html", link.commentary, None, "")]
            texts += [(row, "html", row.text, None, "") for row in link.excerpts.all()]
            self.add(link, texts)
        sources = Prefetch("sources", PostSource.objects.only("post_id", "number"))
        for post in CampaignPost.objects.filter(pk__in=ids).prefetch_related(sources):
            numbers = frozenset(source.number for source in post.sources.all())
            language = text_language(post.body or post.lead)
            texts = [(post, "lead_html", post.lead, numbers, language),
                     (post, "body_html", post.body, numbers, language)]  # fmt: skip
            self.add(post, texts)
        self.rendered = render_later(self.jobs)

    def add(self, entry, texts: list[tuple]) -> None:
        """``texts``: ``(row, html field, text, sources, language)`` of each of its texts."""
        self.jobs.append((entry.tag_line, [text[2:] for text in texts]))
        self.targets.append((entry.pk, [text[:2] for text in texts]))

    def store(self, known_tags: dict | None = None) -> Counter:
        """Write the HTML that changed and the entries' tags; how many rows of each kind.

        ``known_tags``: stored tags by key, kept by the caller from one batch to the next.
        """
        changed: dict[type, tuple[set[str], dict[int, object]]] = {}
        wanted = {}
        for (pk, fields), (html, tags) in zip(self.targets, self.rendered(), strict=True):
            wanted[pk] = tags
            for (row, field), text_html in zip(fields, html, strict=True):
                if getattr(row, field) != text_html:
                    setattr(row, field, text_html)
                    names, rows = changed.setdefault(type(row), (set(), {}))
                    names.add(field)
                    rows[row.pk] = row
        for model, (fields, rows) in changed.items():
            if model is Excerpt:  # nothing points at an excerpt: written again, in bulk
                Excerpt.objects.filter(pk__in=list(rows)).delete()
                Excerpt.objects.bulk_create(rows.values(), batch_size=500)
                continue
            # One UPDATE a row: bulk_update's CASE expressions cost more to build (measured).
            for row in rows.values():
                model.objects.filter(pk=row.pk).update(**{f: getattr(row, f) for f in fields})
        set_tags(wanted, known_tags)
        return Counter({KINDS[model]: len(rows) for model, (_fields, rows) in changed.items()})


def render_campaign(campaign: Campaign) -> bool:
    """Store the HTML of the campaign's description; whether it changed."""
    html = render_text(campaign.description)
    if html == campaign.description_html:
        return False
    campaign.description_html = html
    Campaign.objects.filter(pk=campaign.pk).update(description_html=html)
    return True


def rerender_all(batch_size: int = 500, *, progress=None) -> Counter:
    """Render every stored HTML and derive every tag again, a transaction per batch; how many
    rows of each kind got a new HTML. ``progress(done, total)`` follows each batch."""
    from . import campaign_changed, entries_changed

    rendered = Counter(dict.fromkeys(KINDS.values(), 0))
    for campaign in Campaign.objects.all():
        rendered["campaigns"] += campaign_changed(campaign)
    ids = sorted(Entry.objects.values_list("pk", flat=True))  # press links and campaign posts
    for start in range(0, len(ids), batch_size):
        rendered.update(entries_changed(ids[start : start + batch_size]))
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    return rendered


# -- rendering in worker processes -----------------------------------------------------


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

    The workers never touch the database (see :func:`_start_worker`). Long jobs (imports,
    ``rerender``) use it; a web request renders in its own process.
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
