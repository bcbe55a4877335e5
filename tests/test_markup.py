"""articles.markup: Markdown, hashtags, highlights and source references."""

import pytest
from django.utils.safestring import SafeString

from articles.markup import missing_references, references_in, render_markup
from tests.markup_helpers import NBSP, NOFOLLOW, en, fr, parse, ref_link, tag_link

# --- Markdown --------------------------------------------------------------------------------


def test_returns_safe_string():
    assert isinstance(render_markup("x"), SafeString)
    assert render_markup("") == "" and isinstance(render_markup(""), SafeString)


def test_paragraphs_and_single_newlines_as_line_breaks():
    assert en("Ligne un\nLigne deux\n\nAutre") == "<p>Ligne un<br>\nLigne deux</p>\n<p>Autre</p>"


def test_emphasis():
    assert en("*a* **b** _c_ ***d***") == (
        "<p><em>a</em> <strong>b</strong> <em>c</em> <strong><em>d</em></strong></p>"
    )


def test_sane_lists():
    assert en("1. un\n2. deux\n\n- a\n- b") == (
        "<ol>\n<li>un</li>\n<li>deux</li>\n</ol>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    )
    assert en("3. trois\n4. quatre") == '<ol start="3">\n<li>trois</li>\n<li>quatre</li>\n</ol>'


def test_blockquote():
    assert en("> cité\n> suite") == "<blockquote>\n<p>cité<br>\nsuite</p>\n</blockquote>"


def test_markdown_link_leaves_the_site_with_nofollow():
    assert en("[Le Monde](https://www.lemonde.fr/)") == (
        f'<p><a href="https://www.lemonde.fr/" {NOFOLLOW}>Le Monde</a></p>'
    )


def test_footnotes_with_a_backlink_title_in_the_language():
    expected = (
        '<p>Texte<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>\n'
        '<div class="footnote">\n<hr>\n<ol>\n<li id="fn:1">\n<p>{note}&#160;'
        '<a class="footnote-backref" href="#fnref:1" title="{title}">&#8617;</a></p>\n'
        "</li>\n</ol>\n</div>"
    )
    assert fr("Texte[^1].\n\n[^1]: La note.") == expected.format(
        note="La note.", title="Revenir à l’appel de note 1"
    )
    assert en("Texte[^1].\n\n[^1]: The note.") == expected.format(
        note="The note.", title="Back to footnote 1 in the text"
    )


def test_no_headings_at_all():
    assert en("# Titre\n## Sous-titre") == "<p># Titre<br>\n## Sous-titre</p>"
    assert en("Titre\n=====\n\nAutre\n-----") == "<p>Titre<br>\n=====</p>\n<p>Autre</p>\n<hr>"


# --- Hashtags --------------------------------------------------------------------------------


def test_tag_line_gives_two_links_and_no_heading():
    output = fr("#Amazon #travail")
    assert output == f"<p>{tag_link('amazon', 'Amazon')} {tag_link('travail', 'travail')}</p>"
    assert "<h1" not in output
    assert [element.tag for element in parse(output).iter() if element.tag == "a"] == ["a", "a"]


def test_tag_line_after_text():
    assert fr("Texte\n#Amazon #travail") == (
        f"<p>Texte<br>\n{tag_link('amazon', 'Amazon')} {tag_link('travail', 'travail')}</p>"
    )


def test_hashtag_link_shape():
    assert tag_link("santé", "santé") == (
        '<a class="hashtag" href="/tags/sant%C3%A9/" rel="tag">#santé</a>'
    )


def test_theme_and_multilingual_hashtags():
    text = "##santé et #[fr]Règlement_(RGPD)[en]Regulation_(GDPR)"
    rgpd = "règlement__rgpd_"
    assert en(text) == (
        f"<p>{tag_link('santé', 'santé')} et {tag_link(rgpd, 'Regulation_(GDPR)')}</p>"
    )
    assert tag_link(rgpd, "Règlement_(RGPD)") in fr(text)


def test_hashtag_ends_at_punctuation():
    assert en("Le groupe #Casino, dont") == f"<p>Le groupe {tag_link('casino', 'Casino')}, dont</p>"


def test_no_hashtag_inside_urls():
    assert en("https://x.org/page#top et https://x.org/(#tag) et [x](#tag)") == (
        f'<p><a href="https://x.org/page#top" {NOFOLLOW}>https://x.org/page#top</a> et '
        f'<a href="https://x.org/(#tag)" {NOFOLLOW}>https://x.org/(#tag)</a> et '
        '<a href="#tag">x</a></p>'
    )


def test_no_hashtag_inside_code():
    assert en("`#tag` et\n\n    #code\n\nfin") == (
        "<p><code>#tag</code> et</p>\n<pre><code>#code\n</code></pre>\n<p>fin</p>"
    )


def test_no_hashtag_link_inside_a_link():
    assert en("[#tag](https://x.org)") == f'<p><a href="https://x.org" {NOFOLLOW}>#tag</a></p>'


def test_hashtag_without_a_page_stays_text():
    assert en("#[fr]a/b #[fr]a+b #ok") == f"<p>#[fr]a/b #[fr]a+b {tag_link('ok', 'ok')}</p>"


def test_hashtag_in_footnote_highlight_and_emphasis():
    output = en("x[^1] [rouge]#Amazon[/rouge] **#Casino**\n\n[^1]: #travail")
    assert f'<mark class="hl hl-rouge">{tag_link("amazon", "Amazon")}</mark>' in output
    assert f"<strong>{tag_link('casino', 'Casino')}</strong>" in output
    assert f"<p>{tag_link('travail', 'travail')}&#160;" in output


# --- Highlights ------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", ["rouge", "vert", "bleu", "orange"])
def test_highlight_colours(colour):
    assert en(f"[{colour}]x[/{colour}]") == f'<p><mark class="hl hl-{colour}">x</mark></p>'


def test_markdown_inside_a_highlight():
    assert en("[vert]*x* [lien](https://x.org) [1][/vert]", sources={1: "s"}) == (
        '<p><mark class="hl hl-vert"><em>x</em> '
        f'<a href="https://x.org" {NOFOLLOW}>lien</a> {ref_link(1)}</mark></p>'
    )


def test_nested_highlights():
    assert en("[rouge]a [vert]b[/vert] c[/rouge]") == (
        '<p><mark class="hl hl-rouge">a <mark class="hl hl-vert">b</mark> c</mark></p>'
    )


@pytest.mark.parametrize(
    "text",
    [
        "[rouge]abc",
        "abc[/rouge]",
        "[rouge]a[vert]b[/rouge]c[/vert]",
        "[rouge]a[/vert]b[/rouge]",
        "[rouge][/rouge]",
        "[violet]x[/violet]",
    ],
)
def test_unclosed_crossed_or_unknown_highlight_stays_text(text):
    assert en(text) == f"<p>{text}</p>"


def test_highlight_does_not_cross_paragraphs():
    assert en("[rouge]a\n\nb[/rouge]") == "<p>[rouge]a</p>\n<p>b[/rouge]</p>"


def test_highlight_inside_code_stays_code():
    assert en("`[rouge]x[/rouge]` [ROUGE]y[/Rouge]") == (
        '<p><code>[rouge]x[/rouge]</code> <mark class="hl hl-rouge">y</mark></p>'
    )


# --- Source references -----------------------------------------------------------------------


def test_references_link_to_their_source_with_unique_ids():
    assert en("Voir [1], [2] et [1] puis [1] et [3].", sources={1: "a", 2: "b"}) == (
        f"<p>Voir {ref_link(1)}, {ref_link(2)} et {ref_link(1, 'ref-1-2')} puis "
        f"{ref_link(1, 'ref-1-3')} et [3].</p>"
    )


def test_sources_as_a_set_or_with_string_keys():
    assert en("[1] [2]", sources={1, 2}) == f"<p>{ref_link(1)} {ref_link(2)}</p>"
    assert en("[1] [2]", sources={"1": "x", "2": ""}) == f"<p>{ref_link(1)} [2]</p>"


def test_references_without_sources_stay_text():
    assert en("Voir [1] et [2].") == "<p>Voir [1] et [2].</p>"
    assert en("Voir [1] et [2].", sources={}) == "<p>Voir [1] et [2].</p>"


def test_references_do_not_clash_with_markdown():
    sources = {1: "a", 2: "b"}
    assert en("[1](https://x.org)", sources=sources) == (
        f'<p><a href="https://x.org" {NOFOLLOW}>1</a></p>'
    )
    assert en("[voir [1]](https://x.org)", sources=sources) == (
        f'<p><a href="https://x.org" {NOFOLLOW}>voir [1]</a></p>'
    )
    assert en("`[1]` et \\[1]", sources=sources) == "<p><code>[1]</code> et [1]</p>"
    footnote = en("x[^1]\n\n[^1]: note", sources=sources)
    assert 'href="#fn:1"' in footnote and "#source-1" not in footnote
    assert en("[1][2]", sources=sources) == f"<p>{ref_link(1)}{ref_link(2)}</p>"


def test_references_of_the_seed_nested_in_brackets(campaign_post):
    output = fr(campaign_post, sources={n: f"source {n}" for n in range(1, 16)})
    assert f"[«{NBSP}données santé{NBSP}» en Angleterre ou France{NBSP}{ref_link(6)}," in output
    assert f"revendeurs{NBSP}»{NBSP}{ref_link(9)}], ou même revendues{NBSP}{ref_link(10)}" in output


def test_references_in():
    text = "[2] puis [1] et [2], `[3]`, [4](https://x.org), [^5], [voir [6]](https://x.org) [7]"
    assert references_in(text) == [1, 2, 7]
    assert references_in("") == []


def test_missing_references():
    text = "Voir [1], [2], [5] et [1]."
    assert missing_references(text, {1: "a", 2: ""}) == [2, 5]
    assert missing_references(text, {1, 2, 5}) == []
    assert missing_references(text, None) == [1, 2, 5]
