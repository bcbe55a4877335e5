"""Filling the benchmark database with press links shaped like real use.

Rows are generated in Python from a fixed seed, then written in bulk:
``bulk_create`` where the ids are needed back (authors, sources, tags, entries),
``COPY`` on PostgreSQL (``executemany`` elsewhere) for the rest, including the
``PressLink`` half of each entry, which ``bulk_create`` cannot write for
multi-table inheritance. Everything is written in one transaction.
"""

import functools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction

from articles.markup import render_markup
from articles.models import Campaign, CampaignPost, Entry, Excerpt, PostSource, PressLink, Source
from articles.normalize import normalize_url
from articles.stream import changes
from bench.safety import require_mark
from tags import counts
from tags.models import Tag, TaggedEntry
from tags.parser import tag_key

BATCH = 5000
SEED = 20240501
YEARS = 5


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind the database holds."""

    links: int
    tags: int
    sources: int
    authors: int = 20


FULL = Sizes(links=100_000, tags=5_000, sources=300)
QUICK = Sizes(links=10_000, tags=1_000, sources=60)

# Share of entries carrying each of the most common tags, in rank order.
# fmt: off
HEAD_TAGS = {
    "Amazon": 0.70, "travail": 0.40, "logistique": 0.20, "Etats-Unis": 0.17, "syndicats": 0.15,
    "France": 0.12, "santé": 0.10, "GAFAM": 0.09, "fiscalité": 0.08, "entrepôts": 0.07,
    "Union_européenne": 0.06, "climat": 0.05,
}
# fmt: on
# Mean draws of rarer tags per entry (~3.8 once truncated and deduplicated), on top of
# the ~2.2 common ones: ~6 tags per entry.
TAIL_MEAN = 4.4
# Share of entries with one of their tags also marked as a theme.
THEME_SHARE = 0.04

_TEXT = """
amazon entrepôt salariés grève syndicat cadences livraison colis plateforme
commerce emploi travail sous-traitance intérim chauffeur logistique numérique
données cloud impôts fiscalité optimisation europe commission concurrence amende
marché librairie livre édition vente prix dumping géant monopole antitrust
algorithme surveillance badge productivité accident santé sécurité inspection
tribunal justice procès avocat plainte enquête rapport sénat assemblée député
ministre gouvernement loi règlement directive bruxelles washington seattle bezos
milliardaire fortune action bourse bénéfices chiffre affaires croissance ville
région emploi chômage implantation projet permis béton terres agricoles climat
carbone émissions camion avion fret entrepôts artificialisation collectif
riverains mobilisation manifestation pétition élus maire conseil municipal vote
"""
WORDS = list(dict.fromkeys(_TEXT.split()))

# fmt: off
BIG_SOURCES = [
    ("Le Monde", "lemonde.fr"), ("Libération", "liberation.fr"), ("Mediapart", "mediapart.fr"),
    ("The Guardian", "theguardian.com"), ("Le Figaro", "lefigaro.fr"), ("Reuters", "reuters.com"),
    ("The New York Times", "nytimes.com"), ("Les Échos", "lesechos.fr"),
    ("France Info", "francetvinfo.fr"), ("Reporterre", "reporterre.net"),
]
# fmt: on


def zipf_cum_weights(count: int, offset: float = 1.0) -> list[float]:
    """Cumulative weights of ``count`` ranks, rank ``r`` weighing ``1 / (r + offset)``."""
    return list(accumulate(1 / (rank + offset) for rank in range(count)))


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def paragraph(rng: random.Random, length: int = 400) -> str:
    """Sentences of random words, ``length`` characters or a sentence more (~450 by default)."""
    text = ""
    while len(text) < length:
        text += sentence(rng, rng.randint(8, 16)) + " "
    return text.strip()


def insert_rows(model, field_names: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write ``rows`` (values in ``field_names`` order) straight into ``model``'s table."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in field_names)
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(field_names))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def wipe() -> None:
    """Empty every table the fill writes (and the ones that point at them), in a database
    the benchmarks marked as their own (:func:`bench.safety.require_mark`)."""
    require_mark()
    models = [TaggedEntry, Excerpt, PostSource, CampaignPost, PressLink, Entry]
    models += [Tag, Source, Campaign, LogEntry, get_user_model()]
    tables = [model._meta.db_table for model in models]
    sql = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    connection.ops.execute_sql_flush(sql)


def make_authors(sizes: Sizes) -> list[int]:
    User = get_user_model()
    users = [
        User(username=f"author{n:02d}", first_name="Author", last_name=f"N°{n}", password="!")
        for n in range(sizes.authors)
    ]
    return [user.pk for user in User.objects.bulk_create(users)]


def make_sources(sizes: Sizes) -> list[int]:
    """Sources in size order: the first ones get most links."""
    named = BIG_SOURCES[: sizes.sources]
    tlds = ("fr", "com", "org", "net", "info", "be", "ch")
    for n in range(len(named), sizes.sources):
        word = WORDS[n % len(WORDS)]
        named.append((f"{word.capitalize()} {n}", f"{word}-{n}.{tlds[n % len(tlds)]}"))
    sources = [
        Source(name=name, domain=domain, home_url=f"https://{domain}/") for name, domain in named
    ]
    return [source.pk for source in Source.objects.bulk_create(sources, batch_size=BATCH)]


def tag_names(count: int, rng: random.Random) -> list[str]:
    """``count`` tag spellings with distinct keys, the common ones first."""
    names = list(HEAD_TAGS)[:count]
    keys = {tag_key(name) for name in names}
    pairs = [(a, b) for a in WORDS for b in WORDS if a != b]
    rng.shuffle(pairs)
    for n, (first, second) in enumerate(pairs):
        if len(names) >= count:
            break
        name = f"{first.capitalize() if n % 3 == 0 else first}_{second}"
        if tag_key(name) not in keys:
            keys.add(tag_key(name))
            names.append(name)
    return names


def make_tags(sizes: Sizes, rng: random.Random) -> list[int]:
    tags = []
    for n, name in enumerate(tag_names(sizes.tags, rng)):
        labels = {"fr": name, "en": f"{name}_EN"} if n % 40 == 39 else {}
        tags.append(Tag(name=name, slug=tag_key(name), labels=labels))
    return [tag.pk for tag in Tag.objects.bulk_create(tags, batch_size=BATCH)]


def make_entries(sizes: Sizes, authors: list[int], rng: random.Random) -> list[Entry]:
    """Published entries, oldest first, at distinct times over the last years."""
    span = YEARS * 365 * 24 * 3600
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=span)
    seconds = sorted(rng.sample(range(span), sizes.links))
    weights = zipf_cum_weights(len(authors), offset=1.5)
    who = rng.choices(authors, cum_weights=weights, k=sizes.links)
    entries = [
        Entry(
            kind=Entry.Kind.LINK,
            status=Entry.Status.PUBLISHED,
            published_at=start + timedelta(seconds=second),
            author_id=author,
        )
        for second, author in zip(seconds, who, strict=True)
    ]
    return Entry.objects.bulk_create(entries, batch_size=BATCH)


COMMENTARIES = [paragraph(random.Random(n), 60 + n % 240) for n in range(1000)]


@functools.cache
def rendered(text: str) -> str:
    """The stored HTML of ``text``, rendered once per distinct text (the texts come from pools)."""
    return str(render_markup(text)) if text else ""


def link_row(entry: Entry, source: tuple[int, str] | None, rng: random.Random) -> dict:
    """The ``PressLink`` values of ``entry``, by field name."""
    day = entry.published_at
    domain = source[1] if source else f"blog{entry.pk % 997}.example.net"
    title = sentence(rng, rng.randint(6, 14))[:-1]
    slug = "-".join(title.lower().split()[:6])
    url = f"https://www.{domain}/{day:%Y/%m/%d}/{slug}-{entry.pk}"
    commentary = rng.choice(COMMENTARIES) if rng.random() < 0.5 else ""
    return {
        "entry_ptr": entry.pk,
        "url": url,
        "normalized_url": normalize_url(url),
        "title": title,
        "source": source[0] if source else None,
        "commentary": commentary,
        "commentary_html": rendered(commentary),
        "image_url": f"https://img.{domain}/{entry.pk}.jpg" if rng.random() < 0.3 else "",
        # ISO text: what both COPY and SQLite's DateField storage read.
        "article_date": (day - timedelta(days=rng.randint(0, 3))).date().isoformat(),
    }


def insert_links(entries: list[Entry], sources: list[int], rng: random.Random) -> None:
    """The press-link half of ``entries``; sources skewed, 2% of links without one."""
    domains = dict(Source.objects.filter(pk__in=sources).values_list("pk", "domain"))
    weights = zipf_cum_weights(len(sources))
    picked = rng.choices(sources, cum_weights=weights, k=len(entries))
    fields = [field.name for field in PressLink._meta.local_concrete_fields]
    rows = (
        link_row(entry, (pk, domains[pk]) if rng.random() >= 0.02 else None, rng)
        for entry, pk in zip(entries, picked, strict=True)
    )
    insert_rows(PressLink, fields, ([row[name] for name in fields] for row in rows))


def insert_excerpts(entries: list[Entry], rng: random.Random) -> int:
    """One to three ~450-character excerpts per link, from a pool of texts."""
    pool = [paragraph(rng) for _ in range(5000)]
    rows = [
        (entry.pk, position, text, rendered(text))
        for entry in entries
        for position in range(rng.randint(1, 3))
        for text in [rng.choice(pool)]
    ]
    insert_rows(Excerpt, ("link", "position", "text", "html"), rows)
    return len(rows)


def entry_tags(rng: random.Random, tail: list[int], tail_weights: list[float]) -> list[int]:
    """Tag ranks of one entry: each common tag at its rate, then a Zipf-like draw of rare ones."""
    ranks = [rank for rank, share in enumerate(HEAD_TAGS.values()) if rng.random() < share]
    drawn = rng.choices(tail, cum_weights=tail_weights, k=int(rng.expovariate(1 / TAIL_MEAN)))
    ranks = list(dict.fromkeys(ranks + drawn))
    rng.shuffle(ranks)
    return ranks


def insert_taggings(entries: list[Entry], tags: list[int], rng: random.Random) -> int:
    """Taggings of ``entries``: ~6 per entry, a few tags on most entries, most tags rare."""
    head = min(len(HEAD_TAGS), len(tags))
    tail = list(range(head, len(tags)))
    tail_weights = zipf_cum_weights(len(tail), offset=10)
    rows = []
    for entry in entries:
        ranks = entry_tags(rng, tail, tail_weights)
        theme = rng.randrange(len(ranks)) if ranks and rng.random() < THEME_SHARE else -1
        rows += [
            (tags[rank], entry.pk, position, True, position == theme)
            for position, rank in enumerate(ranks)
        ]
    fields = ("tag", "content_object", "position", "as_tag", "as_theme")
    insert_rows(TaggedEntry, fields, rows)
    return len(rows)


def row_sizes() -> Sizes:
    """The sizes the database holds now."""
    return Sizes(
        links=PressLink.objects.count(),
        tags=Tag.objects.count(),
        sources=Source.objects.count(),
        authors=get_user_model().objects.count(),
    )


def is_filled(sizes: Sizes) -> bool:
    return row_sizes() == sizes and Excerpt.objects.exists() and TaggedEntry.objects.exists()


def analyze() -> None:
    """Fresh planner statistics (and visibility map) after the bulk load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


@transaction.atomic
def fill(sizes: Sizes, seed: int = SEED) -> None:
    """Replace the database's content with ``sizes`` rows of generated press review."""
    rng = random.Random(seed)
    wipe()
    authors = make_authors(sizes)
    sources = make_sources(sizes)
    tags = make_tags(sizes, rng)
    entries = make_entries(sizes, authors, rng)
    insert_links(entries, sources, rng)
    insert_excerpts(entries, rng)
    insert_taggings(entries, tags, rng)
    counts.rebuild()  # rows written in bulk send no signal
    changes.bump()
