"""Importing a seenthis text export: the parser on the seed, then the command."""

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.importers.seenthis import is_tag_line, parse_seenthis
from articles.models import Entry, PressLink, Source
from tags.models import Tag, TaggedEntry
from tests.factories import make_link, make_user


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the site's default language is French)."""
    with translation.override("en"):
        yield


RGPD_FR = "Règlement_Général_sur_la_Protection_des_Données_(RGPD)"


def tagging(link):
    """``(tags, themes)`` of a stored link, names in order."""
    rows = list(TaggedEntry.objects.filter(content_object=link).select_related("tag"))
    rows.sort(key=lambda row: row.position)
    return [r.tag.name for r in rows if r.as_tag], [r.tag.name for r in rows if r.as_theme]


def parse_seenthis_text(text):
    return list(parse_seenthis(enumerate(text.splitlines(), start=1)))


def parsed_tags(entry):
    return (
        [tag.name for tag in entry.tags if tag.as_tag],
        [tag.name for tag in entry.tags if tag.as_theme],
    )


# -- the parser ------------------------------------------------------------------


def test_one_entry_per_bullet(seed_stream):
    entries = parse_seenthis_text(seed_stream)
    bullets = [line for line in seed_stream.splitlines() if line.lstrip().startswith("•")]
    assert len(entries) == len(bullets) == 24
    assert [entry.title for entry in entries] == [b.strip().lstrip("•").strip() for b in bullets]


def test_first_entry_field_by_field(seed_stream):
    entry = parse_seenthis_text(seed_stream)[0]
    assert entry.line == 1
    assert entry.title.startswith("Les «\xa0dark stores\xa0», ces supermarchés sans clients")
    assert entry.url == (
        "https://www.lemonde.fr/economie/article/2021/03/17/"
        "dark-store-plongee-dans-un-supermarche-de-l-ombre_6073393_3234.html"
    )
    assert len(entry.excerpts) == 5
    assert entry.excerpts[0].startswith("Ils ont la fonctionnalité d’un entrepôt")
    assert entry.excerpts[1] == "Par Cécile Prudhomme"
    # Two lines of one paragraph stay one excerpt, line break kept.
    assert entry.excerpts[2].count("\n") == 1
    assert entry.excerpts[4].startswith("Mais dans ce magasin, il n’y a aucun client")
    assert parsed_tags(entry) == (
        ["E-commerce", "Amazon", "Monoprix", "Logistique", "Nouvelle_domesticité"],
        [],
    )
    assert entry.image_url == ""


def test_entry_without_url_is_kept_without_url(seed_stream):
    entry = parse_seenthis_text(seed_stream)[1]
    assert entry.title.startswith("Good morning. We explain why the union election")
    assert entry.url == ""
    assert entry.excerpts[0] == "The meaning of Bessemer"
    assert parsed_tags(entry) == (["Amazon", "Syndicats", "Etats-Unis"], [])


def test_trailing_image_url(seed_stream):
    entry = parse_seenthis_text(seed_stream)[2]
    assert entry.url.startswith("https://www.theguardian.com/technology/2021/mar/11/")
    assert entry.image_url.startswith("https://i.guim.co.uk/img/media/eb75d228")
    assert entry.image_url.endswith("/master/4227.jpg")
    assert len(entry.excerpts) == 1
    assert all("i.guim.co.uk" not in text for text in entry.excerpts)


def test_cut_tag_list_and_theme_lines(seed_stream):
    entry = parse_seenthis_text(seed_stream)[4]  # Doctolib : le chiffrement...
    tags, themes = parsed_tags(entry)
    assert tags == [
        "Amazon", "Doctolib", "cryptage", "données", "CloudComputing",
        "AmazonWebServices-AWS", "santé", "COVID-19",
    ]  # fmt: skip
    assert themes == ["santé", "Conseild'État-FR"]
    assert not any(
        text.startswith("#") or text.endswith("#COVID-19 (...)") for text in entry.excerpts
    )


def test_multilingual_tag_and_theme(seed_stream):
    entry = next(e for e in parse_seenthis_text(seed_stream) if e.title.startswith("Vaccins"))
    rgpd = next(tag for tag in entry.tags if tag.name == RGPD_FR)
    assert rgpd.as_tag and rgpd.as_theme
    assert rgpd.labels["en"] == "General_Data_Protection_Regulation_(GDPR)"
    assert set(rgpd.labels) == {"fr", "en", "nl"}


def test_inline_hashtags_stay_in_the_text(seed_stream):
    entry = next(e for e in parse_seenthis_text(seed_stream) if "groupe Casino" in e.title)
    assert entry.tags == []  # no tag line: its tags come from its text when it is saved
    assert entry.excerpts[0].startswith("Le groupe #Casino, dont le siège")


def test_tag_line_glued_to_a_paragraph(seed_stream):
    entry = next(e for e in parse_seenthis_text(seed_stream) if e.title.startswith("Vaccination"))
    assert entry.excerpts[-1].startswith("Également contacté, le ministère de la santé")
    assert "#Amazon" not in entry.excerpts[-1]
    assert parsed_tags(entry)[1] == ["santé", "CJUE"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("#Amazon #travail", True),
        ("#Amazon #COVID-19 (...)", True),
        ("##santé ##CJUE", True),
        ("Le groupe #Casino, dont", False),
        ("#Amazon est partout", False),
        ("(...)", False),
        ("https://example.org/#top", False),
    ],
)
def test_tag_line(line, expected):
    assert is_tag_line(line) is expected


def test_bullet_inside_an_excerpt_is_text():
    text = "• Title\n    https://example.org/a\n\n    A list:\n    • not an entry\n"
    [entry] = parse_seenthis_text(text)
    assert entry.excerpts == ["A list:\n• not an entry"]


# -- the command -----------------------------------------------------------------


@pytest.fixture
def seed_file(seed_stream, tmp_path):
    path = tmp_path / "stream.txt"
    path.write_text(seed_stream, encoding="utf-8")
    return path


def snapshot():
    """Every row the importer writes, all values."""
    from articles.models import Excerpt

    models = [Entry, PressLink, Excerpt, Source, Tag, TaggedEntry]
    rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in models}
    for table in ("Entry", "PressLink"):
        for row in rows[table]:
            row.pop("revision")  # counts the changes reported, not what they changed
    return rows


@pytest.mark.django_db
def test_import_seed_stores_entries_field_by_field(seed_file, capsys):
    alice = make_user("alice")
    call_command("import_seenthis", str(seed_file), author="alice")
    assert "Created: 24 press links" in capsys.readouterr().out
    assert PressLink.objects.count() == 24
    first = PressLink.objects.get(url__contains="dark-store-plongee")
    assert first.title.startswith("Les «\xa0dark stores\xa0»")
    assert first.source.domain == "lemonde.fr" and first.source.name == "Le Monde"
    assert first.author == alice and first.status == Entry.Status.PUBLISHED
    assert list(first.excerpts.values_list("text", flat=True))[1] == "Par Cécile Prudhomme"
    assert tagging(first) == (
        ["E-commerce", "Amazon", "Monoprix", "Logistique", "Nouvelle_domesticité"],
        [],
    )
    no_url = PressLink.objects.get(title__startswith="Good morning.")
    assert no_url.url == "" and no_url.normalized_url is None and no_url.source is None
    assert no_url.excerpts.count() == 23
    guardian = PressLink.objects.get(url__contains="amazon-delivery-drivers-bathroom-breaks")
    assert guardian.image_url.endswith("/master/4227.jpg")
    assert tagging(guardian) == (["Amazon", "GigEconomy", "syndicat", "travail"], [])
    doctolib = PressLink.objects.get(url__contains="doctolib-le-chiffrement")
    assert tagging(doctolib)[1] == ["santé", "Conseild'État-FR"]
    rgpd = Tag.objects.get(name=RGPD_FR)
    assert rgpd.labels["en"] == "General_Data_Protection_Regulation_(GDPR)"
    # The stream shows the file's order: its first entry is the newest.
    newest = PressLink.objects.order_by("-published_at", "-pk").first()
    assert newest == first


@pytest.mark.django_db
def test_every_tag_and_theme_of_the_file_is_imported(seed_file, seed_stream):
    from tags.parser import find_hashtags

    make_user("alice")
    call_command("import_seenthis", str(seed_file), author="alice")
    in_file = {tag.key for tag in find_hashtags(seed_stream)}
    assert set(TaggedEntry.objects.values_list("tag__slug", flat=True)) == in_file
    themes = {tag.key for tag in find_hashtags(seed_stream) if tag.is_theme}
    stored = TaggedEntry.objects.filter(as_theme=True).values_list("tag__slug", flat=True)
    assert set(stored) == themes and "santé" in themes
    casino = PressLink.objects.get(title__contains="groupe Casino")
    assert tagging(casino)[0][:2] == ["Casino", "justice"]
    assert casino.tag_line == ""


@pytest.mark.django_db
def test_imported_entries_are_what_the_editor_would_save(seed_file):
    """Stored HTML and tags written in bulk are those the editor's save gives one entry."""
    from articles.models import Excerpt
    from articles.writes import entries_changed

    make_user("alice")
    call_command("import_seenthis", str(seed_file), author="alice")
    doctolib = PressLink.objects.get(url__contains="doctolib-le-chiffrement")
    assert doctolib.tag_line.startswith("#Amazon #Doctolib") and "##santé" in doctolib.tag_line
    excerpt = Excerpt.objects.filter(link=doctolib).first()
    assert excerpt.html.startswith("<p>") and "Doctolib" in excerpt.html
    before = snapshot()
    for link in PressLink.objects.all():
        assert not entries_changed([link.pk]), link.title  # no HTML left to render again
    assert snapshot() == before


@pytest.mark.django_db
def test_second_import_changes_nothing(seed_file, capsys):
    make_user("alice")
    call_command("import_seenthis", str(seed_file), author="alice")
    before = snapshot()
    capsys.readouterr()
    call_command("import_seenthis", str(seed_file), author="alice")
    out = capsys.readouterr().out
    assert "Unchanged: 24 press links" in out and "Created: 0." in out
    assert snapshot() == before


@pytest.mark.django_db
def test_stored_url_is_updated_not_duplicated(seed_file):
    make_user("alice")
    old = make_link(
        url="https://www.lemonde.fr/economie/article/2021/03/17/"
        "dark-store-plongee-dans-un-supermarche-de-l-ombre_6073393_3234.html?utm_source=x",
        title="Old title",
        tags="#ancien",
    )
    call_command("import_seenthis", str(seed_file), author="alice")
    assert PressLink.objects.count() == 24
    old.refresh_from_db()
    assert old.title.startswith("Les «\xa0dark stores\xa0»")
    assert tagging(old)[0][0] == "E-commerce"
    assert old.author.username != "alice"  # the author of a stored link is kept


@pytest.mark.django_db
def test_dry_run_saves_nothing(seed_file, capsys):
    make_user("alice")
    call_command("import_seenthis", str(seed_file), author="alice", dry_run=True)
    assert "Created: 24 press links" in capsys.readouterr().out
    assert PressLink.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_entry_in_the_file_is_skipped_with_reason(tmp_path, capsys):
    make_user("alice")
    path = tmp_path / "dup.txt"
    path.write_text(
        "• One\n    https://example.org/a\n\n• Two\n    https://example.org/a?utm_source=x\n",
        encoding="utf-8",
    )
    call_command("import_seenthis", str(path), author="alice")
    out = capsys.readouterr().out
    assert "Skipped: 1." in out and "same article as the entry at line 1" in out
    assert list(PressLink.objects.values_list("title", flat=True)) == ["One"]


@pytest.mark.django_db
def test_rendering_in_worker_processes_gives_the_same_rows(seed_stream):
    import io

    from articles.importers.services import run_import
    from articles.models import Excerpt
    from articles.writes import texts as bulk

    alice = make_user("alice")
    assert sum(len(e.excerpts) for e in parse_seenthis_text(seed_stream)) >= bulk.PARALLEL_FROM
    run_import("seenthis", io.BytesIO(seed_stream.encode()), author=alice, jobs=2)
    parallel = list(Excerpt.objects.order_by("link__normalized_url", "position").values("html"))
    Entry.objects.all().delete()
    run_import("seenthis", io.BytesIO(seed_stream.encode()), author=alice, jobs=1)
    serial = list(Excerpt.objects.order_by("link__normalized_url", "position").values("html"))
    assert parallel == serial and len(serial) >= bulk.PARALLEL_FROM
    assert bulk._pool is None  # the workers are gone


@pytest.mark.django_db
def test_imported_entries_are_found_by_search_and_shown_on_the_stream(tmp_path, client):
    from articles.stream.search import search
    from search.query import parse_query

    make_user("alice")
    source = tmp_path / "export.txt"
    source.write_text(
        "• Les entrepôts frigorifiques de Bellerive\n"
        "https://www.lemonde.fr/economie/article/2026/11/02/entrepots-frigorifiques.html\n"
        "\n"
        "Les quais de chargement tournent jour et nuit.\n"
        "\n"
        "#logistique #froid\n",
        encoding="utf-8",
    )
    client.get("/")  # the stream's count and entries cached before the import
    call_command("import_seenthis", str(source), author="alice")
    results = search(parse_query("quais chargement"))
    assert [entry.title for entry in results.documents] == [
        "Les entrepôts frigorifiques de Bellerive"
    ]
    assert "Les entrepôts frigorifiques de Bellerive" in client.get("/").content.decode()
