"""The hashtag parser: every tag form of the seeds, and where tags start and end."""

import re

import pytest

from tags.parser import find_hashtags, merge_hashtags, tag_key, tags_in, write_hashtag

RGPD_FR = "Règlement_Général_sur_la_Protection_des_Données_(RGPD)"
RGPD_EN = "General_Data_Protection_Regulation_(GDPR)"


def names(text):
    return [tag.name for tag in find_hashtags(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#Amazon #travail", ["Amazon", "travail"]),
        ("#santé #écologie #émotions", ["santé", "écologie", "émotions"]),
        ("#Etats-Unis #COVID-19 #In-Q-Tel", ["Etats-Unis", "COVID-19", "In-Q-Tel"]),
        ("#Conseild'État-FR", ["Conseild'État-FR"]),
        ("#Etat_dans_l_Etat #Nouvelle_domesticité", ["Etat_dans_l_Etat", "Nouvelle_domesticité"]),
        (
            "#AmazonWebServices-AWS #vidéo-surveillance",
            ["AmazonWebServices-AWS", "vidéo-surveillance"],
        ),
        ("Le groupe #Casino, dont le siège", ["Casino"]),
        ("des populations d’#Amazonie.", ["Amazonie"]),
        ("(#justice) et «#viande»", ["justice", "viande"]),
        ("#fin!", ["fin"]),
        ("#tag-", ["tag"]),
        ("#a'", ["a"]),
    ],
)
def test_tag_ends_at_space_or_punctuation_that_cannot_end_a_tag(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/page#section",
        "&#39; and &#x27;",
        "# A Markdown heading",
        "number #1 and #2021",
        "###triple",
        "word#inside",
        "#",
        "C# and F#",
    ],
)
def test_not_a_tag(text):
    assert find_hashtags(text) == []


def test_theme_is_marked():
    [tag] = find_hashtags("##santé")
    assert (tag.name, tag.is_theme) == ("santé", True)


def test_multilingual_tag_has_a_label_per_language():
    text = f"#[fr]{RGPD_FR}[en]{RGPD_EN}[nl]{RGPD_EN} #données"
    tag, other = find_hashtags(text)
    assert tag.name == RGPD_FR
    assert tag.labels == {"fr": RGPD_FR, "en": RGPD_EN, "nl": RGPD_EN}
    assert text[tag.start : tag.end] == f"#[fr]{RGPD_FR}[en]{RGPD_EN}[nl]{RGPD_EN}"
    assert other.name == "données"


def test_multilingual_label_drops_closing_punctuation_but_keeps_balanced_parentheses():
    [tag] = find_hashtags("(voir #[fr]Santé_(OMS)[en]Health_(WHO)).")
    assert tag.labels == {"fr": "Santé_(OMS)", "en": "Health_(WHO)"}


def test_spans_cover_the_hashtag():
    text = "Le groupe #Casino, et ##santé."
    spans = [text[tag.start : tag.end] for tag in find_hashtags(text)]
    assert spans == ["#Casino", "##santé"]


def test_identity_folds_case_keeps_accents_and_reads_parentheses_as_underscores():
    assert tag_key("Amazon") == tag_key("AMAZON") == tag_key("#amazon")
    assert tag_key("SANTÉ") == tag_key("santé") != tag_key("sante")
    assert tag_key(RGPD_FR) == tag_key("Règlement_Général_sur_la_Protection_des_Données__RGPD_")
    assert tag_key("l’État") == tag_key("l'état")


def test_merge_keeps_first_spelling_and_combines_tag_and_theme():
    merged = merge_hashtags(find_hashtags("#Amazon #santé #amazon ##Santé ##CNIL"))
    assert [(t.name, t.as_tag, t.as_theme) for t in merged] == [
        ("Amazon", True, False),
        ("santé", True, True),
        ("CNIL", False, True),
    ]


def test_tags_in_reads_several_texts_in_order():
    merged = tags_in("#Amazon #travail", "Un texte sur le #travail et la #logistique.", "")
    assert [t.name for t in merged] == ["Amazon", "travail", "logistique"]


@pytest.mark.parametrize(
    ("name", "labels", "theme"),
    [
        ("Amazon", {}, False),
        ("santé", {}, True),
        ("Conseild'État-FR", {}, True),
        (RGPD_FR, {"fr": RGPD_FR, "en": RGPD_EN}, False),
    ],
)
def test_written_hashtag_reads_back(name, labels, theme):
    [tag] = find_hashtags(write_hashtag(name, labels, theme))
    assert (tag.name, tag.labels, tag.is_theme) == (name, labels, theme)


def _seed_tag_lines(stream: str) -> list[str]:
    return [line.strip() for line in stream.splitlines() if line.strip().startswith("#")]


def test_every_token_of_every_seed_tag_line_is_a_tag(seed_stream):
    lines = _seed_tag_lines(seed_stream)
    assert len(lines) > 30
    for line in lines:
        tokens = [token for token in line.split() if token != "(...)"]
        found = find_hashtags(line)
        assert len(found) == len(tokens), line
        for token, tag in zip(tokens, found, strict=True):
            assert line[tag.start : tag.end] == token


def test_seed_theme_lines_and_multilingual_tag(seed_stream):
    merged = {tag.key: tag for tag in tags_in(seed_stream)}
    assert merged[tag_key("santé")].as_theme
    assert merged[tag_key("Conseild'État-FR")].as_theme
    assert not merged[tag_key("Conseild'État-FR")].as_tag
    rgpd = merged[tag_key(RGPD_FR)]
    assert rgpd.as_tag and rgpd.as_theme  # "_(RGPD)" tag and "__RGPD_" theme are one tag
    assert rgpd.labels["en"] == RGPD_EN
    assert merged[tag_key("Casino")].as_tag  # inline in an excerpt
    assert tag_key("...") not in merged


def test_seed_inline_hashtags(seed_stream):
    casino = next(line for line in seed_stream.splitlines() if "Le groupe #Casino" in line)
    assert names(casino)[:4] == ["Casino", "justice", "Amazonie", "viande"]
    assert not re.search(r"#\s", " ".join(names(casino)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#Règlement_(RGPD) suite", ["Règlement_(RGPD)"]),
        ("(#justice)", ["justice"]),
        ("#Loi_(travail)-2016.", ["Loi_(travail)-2016"]),
        ("#a(b", ["a"]),
    ],
)
def test_plain_tag_keeps_glued_balanced_parentheses(text, expected):
    assert names(text) == expected
