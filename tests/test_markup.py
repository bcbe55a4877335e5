"""articles.markup: Markdown with hashtags, highlights, source references and French spacing."""

import re
import threading
from pathlib import Path

import pytest
from bleach._vendor import html5lib  # the HTML5 parser bleach itself uses
from bleach.sanitizer import Cleaner
from django.urls import reverse
from django.utils.safestring import SafeString

from articles import markup
from articles.markup import missing_references, references_in, render_markup

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
NOFOLLOW = 'rel="nofollow noopener ugc"'
NNBSP, NBSP = "\u202f", "\u00a0"


def en(text: str, **options) -> str:
    return str(render_markup(text, language="en", **options))


def fr(text: str, **options) -> str:
    return str(render_markup(text, language="fr", **options))


def tag_link(key: str, label: str) -> str:
    href = reverse("tag_detail", args=[key])
    return f'<a class="hashtag" href="{href}" rel="tag">#{label}</a>'


def ref_link(number: int, anchor_id: str | None = None) -> str:
    anchor_id = anchor_id or f"ref-{number}"
    return f'<a class="ref" href="#source-{number}" id="{anchor_id}">[{number}]</a>'


def parse(output: str):
    return html5lib.parseFragment(output, treebuilder="etree", namespaceHTMLElements=False)


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


# --- Bare URLs -------------------------------------------------------------------------------


def test_bare_urls_become_links_without_the_punctuation_around_them():
    wiki = "https://fr.wikipedia.org/wiki/Amazon_(entreprise)"
    assert en(f"(voir {wiki}), et https://x.org/a_b_c.") == (
        f'<p>(voir <a href="{wiki}" {NOFOLLOW}>{wiki}</a>), et '
        f'<a href="https://x.org/a_b_c" {NOFOLLOW}>https://x.org/a_b_c</a>.</p>'
    )


def test_angle_bracket_autolink():
    assert (
        en("<https://x.org/a>")
        == f'<p><a href="https://x.org/a" {NOFOLLOW}>https://x.org/a</a></p>'
    )


def test_quoted_url_is_linked_but_not_inside_raw_html():
    assert en('Voir "https://x.org". <a href="https://z.org" title="https://w.org">z</a>') == (
        f'<p>Voir "<a href="https://x.org" {NOFOLLOW}>https://x.org</a>". '
        f'<a href="https://z.org" {NOFOLLOW} title="https://w.org">z</a></p>'
    )


def test_only_http_urls_are_linked():
    assert en("www.x.org, javascript:alert(1), ftp://x.org") == (
        "<p>www.x.org, javascript:alert(1), ftp://x.org</p>"
    )


def test_url_in_a_link_text_is_not_linked_again():
    assert en("[https://a.org](https://b.org)") == (
        f'<p><a href="https://b.org" {NOFOLLOW}>https://a.org</a></p>'
    )


# --- French typography -----------------------------------------------------------------------


def test_french_spacing():
    text = "Pourquoi? Parce que ! Note: voir ; « citation » et «glué», quoi ?! (merci !)"
    assert fr(text) == (
        f"<p>Pourquoi{NNBSP}? Parce que{NNBSP}! Note{NBSP}: voir{NNBSP}; "
        f"«{NBSP}citation{NBSP}» et «{NBSP}glué{NBSP}», quoi{NNBSP}?! (merci{NNBSP}!)</p>"
    )


def test_french_spacing_leaves_times_ratios_and_smileys():
    assert fr("à 12:30, ratio 3:1 :) ;)") == "<p>à 12:30, ratio 3:1 :) ;)</p>"


def test_french_spacing_never_inside_urls_or_code():
    assert fr("Voir: https://x.org/?q=a:b&c=d !") == (
        f'<p>Voir{NBSP}: <a href="https://x.org/?q=a:b&amp;c=d" {NOFOLLOW}>'
        f"https://x.org/?q=a:b&amp;c=d</a>{NNBSP}!</p>"
    )
    assert fr("`a ? b` et\n\n    code ; ici") == (
        "<p><code>a ? b</code> et</p>\n<pre><code>code ; ici\n</code></pre>"
    )
    assert fr("[Qui ?](https://x.org/?a)") == (
        f'<p><a href="https://x.org/?a" {NOFOLLOW}>Qui{NNBSP}?</a></p>'
    )


def test_french_spacing_keeps_the_authors_no_break_spaces():
    assert fr(f"Déjà{NBSP}? ok{NBSP}!") == f"<p>Déjà{NBSP}? ok{NBSP}!</p>"


def test_french_spacing_only_for_french():
    assert en("Pourquoi? « x »") == "<p>Pourquoi? « x »</p>"
    assert str(render_markup("Pourquoi?", language="fr-ca")) == f"<p>Pourquoi{NNBSP}?</p>"


def test_emoji_and_seed_characters_pass_through():
    text = f"⛔️ Stop ❓ ✊ « guillemets » l’apostrophe{NBSP}!"
    output = en(text)
    assert output == f"<p>{text}</p>"
    for character in ["⛔️", "❓", "✊", "«", "»", "’", NBSP]:
        assert character in fr(text)


# --- The seed campaign post ------------------------------------------------------------------


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_seed_campaign_post(campaign_post):
    output = fr(campaign_post, sources={n: f"source {n}" for n in range(1, 16)})
    root = parse(output)

    passages = re.findall(r"\[rouge\](.*?)\[/rouge\]", campaign_post, re.DOTALL)
    marks = list(root.iter("mark"))
    assert len(passages) == 3 and len(marks) == len(passages)
    assert all(mark.get("class") == "hl hl-rouge" for mark in marks)
    assert [_squeezed("".join(mark.itertext())) for mark in marks] == [
        _squeezed(passage) for passage in passages
    ]
    assert "[rouge]" not in output and "[/rouge]" not in output

    references = [a for a in root.iter("a") if a.get("class") == "ref"]
    assert sorted({a.get("href") for a in references}) == sorted(
        f"#source-{n}" for n in range(1, 16)
    )
    ids = [a.get("id") for a in root.iter() if a.get("id")]
    assert len(ids) == len(set(ids))

    for emoji in ["⛔️", "❓", "✊"]:
        assert output.count(emoji) == campaign_post.count(emoji)

    facebook = "https://www.facebook.com/events/3838455566188842/?active_tab=about"
    [link] = [a for a in root.iter("a") if a.get("href") == facebook]
    assert link.text == facebook
    assert link.get("rel") == "nofollow noopener ugc"


def test_seed_campaign_post_without_sources_keeps_its_references(campaign_post):
    output = fr(campaign_post)
    assert "#source-" not in output
    assert "[15]" in output
    assert missing_references(campaign_post, dict.fromkeys(range(1, 13), "s")) == [13, 14, 15]


# --- Sanitising ------------------------------------------------------------------------------


def test_allowed_raw_html_passes():
    assert en("<del>x</del> <ins>y</ins> <s>z</s> <sub>1</sub> <sup>2</sup> <span>s</span>") == (
        "<p><del>x</del> <ins>y</ins> <s>z</s> <sub>1</sub> <sup>2</sup> <span>s</span></p>"
    )


def test_other_html_is_shown_as_text():
    assert fr("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert en("a <iframe src=x></iframe> b") == "<p>a &lt;iframe src=x&gt;&lt;/iframe&gt; b</p>"


def test_classes_ids_and_rel_are_ours_only():
    text = (
        '<span class="evil">x</span> <a id="login" href="/links/3/">y</a> '
        '<a href="https://x.org" rel="me" target="_blank">z</a> <mark class="hl hl-vert">m</mark>'
    )
    assert en(text) == (
        '<p><span>x</span> <a href="/links/3/">y</a> '
        f'<a href="https://x.org" {NOFOLLOW}>z</a> <mark class="hl hl-vert">m</mark></p>'
    )


@pytest.mark.parametrize(
    ("href", "rel"),
    [
        ("/tags/amazon/", None),
        ("#source-2", None),
        ("/links/3/", None),
        ("https://x.org/", "nofollow noopener ugc"),
        ("mailto:a@x.org", "nofollow noopener ugc"),
        ("//evil.example/", "nofollow noopener ugc"),
        ("/\\evil.example/", "nofollow noopener ugc"),
    ],
)
def test_rel_of_links(href, rel):
    [link] = parse(en(f"[x]({href})")).iter("a")
    assert link.get("rel") == rel


def test_images_only_from_http():
    assert en(
        '![a](https://x.org/i.png "t") ![b](/static/i.png) ![c](data:image/png;base64,AA)'
    ) == ('<p><img alt="a" src="https://x.org/i.png" title="t"> <img alt="b"> <img alt="c"></p>')


def test_one_cleaner_built_once():
    assert isinstance(markup.CLEANER, Cleaner)
    assert markup.CLEANER.protocols == markup.ALLOWED_PROTOCOLS == {"http", "https", "mailto"}


# --- One Markdown per thread -----------------------------------------------------------------


def test_nothing_leaks_from_one_render_to_the_next():
    assert "https://a.org" in en("[x][a] #Amazon x[^1]\n\n[a]: https://a.org\n[^1]: note")
    assert en("[x][a] y[^1]") == "<p>[x][a] y[^1]</p>"


def test_one_markdown_per_thread_reused():
    first, second = markup._markdown(), markup._markdown()
    assert first[0] is second[0]
    other = []
    thread = threading.Thread(target=lambda: other.append(markup._markdown()[0]))
    thread.start()
    thread.join()
    assert other[0] is not first[0]


def test_threads_render_like_one_thread(campaign_post):
    texts = [campaign_post, "#Amazon [1] [rouge]x[/rouge]", "Pourquoi? https://x.org/ !"] * 4
    expected = [fr(text, sources={1, 2, 3}) for text in texts]
    results: dict[int, list[str]] = {}

    def work(worker: int) -> None:
        results[worker] = [fr(text, sources={1, 2, 3}) for text in texts * 3]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected * 3 for result in results.values())
