"""articles.markup: bare URLs, French typography, the seed post, sanitising, threads."""

import re
import threading

import pytest
from bleach.sanitizer import Cleaner

from articles import markup
from articles.markup import missing_references, render_markup
from tests.markup_helpers import NBSP, NNBSP, NOFOLLOW, en, fr, parse

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
    # A block of raw HTML is a paragraph like any other text (no raw HTML blocks).
    assert fr("<script>x</script>") == "<p>&lt;script&gt;x&lt;/script&gt;</p>"
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
