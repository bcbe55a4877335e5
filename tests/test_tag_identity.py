"""Stored tags: one tag per identity, first spelling shown, labels per language, themes."""

import pytest
from django.utils import translation

from tags.models import Tag, TaggedEntry
from tags.parser import tags_in
from tags.services import hashtag_line, set_tags, split_for_display
from tests.factories import make_link

pytestmark = pytest.mark.django_db

RGPD = "#[fr]Règlement_Général_(RGPD)[en]General_Regulation_(GDPR)"


def test_case_variants_are_one_tag_with_the_first_spelling():
    first = make_link(tags="#Amazon")
    second = make_link(tags="#amazon #AMAZON")
    assert Tag.objects.count() == 1
    tag = Tag.objects.get()
    assert tag.name == "Amazon"
    assert list(first.tags.all()) == list(second.tags.all()) == [tag]


def test_non_ascii_case_variants_are_one_tag():
    make_link(tags="#santé")
    make_link(tags="#SANTÉ #Santé")
    assert list(Tag.objects.values_list("name", flat=True)) == ["santé"]


def test_accents_and_punctuation_are_kept_and_distinct():
    make_link(tags="#santé #sante #Etats-Unis #Etat_dans_l_Etat #Conseild'État-FR")
    assert set(Tag.objects.values_list("name", flat=True)) == {
        "santé",
        "sante",
        "Etats-Unis",
        "Etat_dans_l_Etat",
        "Conseild'État-FR",
    }


def test_multilingual_tag_is_one_tag_shown_in_the_readers_language():
    make_link(tags=RGPD)
    tag = Tag.objects.get()
    with translation.override("fr"):
        assert tag.label() == "Règlement_Général_(RGPD)"
    with translation.override("en"):
        assert tag.label() == "General_Regulation_(GDPR)"
    with translation.override("de"):
        assert tag.label() == tag.name == "Règlement_Général_(RGPD)"


def test_plain_spelling_of_a_multilingual_tag_is_the_same_tag_and_labels_are_added():
    make_link(tags="#Règlement_Général_(RGPD)")
    make_link(tags=RGPD)
    tag = Tag.objects.get()
    assert tag.labels["en"] == "General_Regulation_(GDPR)"
    assert tag.tagged_entries.count() == 2


def test_theme_and_tag_of_the_same_name_are_one_tagging():
    link = make_link(tags="#Amazon #santé ##santé ##CNIL")
    taggings = list(TaggedEntry.objects.filter(content_object=link).select_related("tag"))
    assert [(t.tag.name, t.as_tag, t.as_theme) for t in taggings] == [
        ("Amazon", True, False),
        ("santé", True, True),
        ("CNIL", False, True),
    ]
    shown, folded, themes = split_for_display(taggings)
    assert [t.name for t in shown] == ["Amazon", "santé"]
    assert folded == []
    assert [t.name for t in themes] == ["santé", "CNIL"]


def test_more_than_twelve_tags_are_folded_in_written_order():
    names = [f"tag{n:02d}" for n in range(15)]
    link = make_link(tags=" ".join(f"#{name}" for name in names))
    shown, folded, _ = split_for_display(link.tagged_items.select_related("tag"))
    assert [t.name for t in shown] == names[:12]
    assert [t.name for t in folded] == names[12:]


def test_setting_the_same_tags_again_changes_nothing():
    link = make_link(tags="#Amazon ##santé")
    before = list(TaggedEntry.objects.values_list("pk", flat=True))
    assert set_tags({link.pk: tags_in("#amazon ##Santé")}) == []
    assert list(TaggedEntry.objects.values_list("pk", flat=True)) == before
    assert set_tags({link.pk: tags_in("#Amazon #travail")}) == [link.pk]
    assert hashtag_line(link) == "#Amazon #travail"


def test_hashtag_line_writes_tags_back():
    link = make_link(tags=f"#Amazon {RGPD} ##santé")
    line = hashtag_line(link)
    assert line == f"#Amazon {RGPD} ##santé"
    assert [t.key for t in tags_in(line)] == [t.key for t in tags_in(f"#Amazon {RGPD} ##santé")]
