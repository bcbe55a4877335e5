"""The seed campaign post, entered as a CampaignPost with 15 sources, on its page."""

import re

import pytest
from bleach._vendor import html5lib

from articles.models import CampaignPost
from articles.writes import entries_changed
from articles.writes.texts import missing_references
from tests.seed_post import CITED_LINKS, enter_seed_post

pytestmark = pytest.mark.django_db

FACEBOOK = "https://www.facebook.com/events/3838455566188842/?active_tab=about"


def parse(html: str):
    return html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_seed_post_page_shows_highlights_references_emoji_and_call_to_action(client, campaign_post):
    post = enter_seed_post(campaign_post)
    assert missing_references(post) == []
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    page = parse(response.content.decode())
    [body] = [e for e in page.iter("div") if e.get("class") == "post-body"]

    passages = re.findall(r"\[rouge\](.*?)\[/rouge\]", campaign_post, re.DOTALL)
    marks = [m for m in body.iter("mark") if m.get("class") == "hl hl-rouge"]
    assert len(marks) == len(passages) == 3
    assert [squeezed("".join(m.itertext())) for m in marks] == [squeezed(p) for p in passages]

    references = [a for a in body.iter("a") if a.get("class") == "ref"]
    assert sorted({int(a.get("href").removeprefix("#source-")) for a in references}) == list(
        range(1, 16)
    )
    items = {li.get("id"): li for li in page.iter("li") if (li.get("id") or "").startswith("so")}
    assert sorted(items) == sorted(f"source-{n}" for n in range(1, 16))
    for number, item in ((n, items[f"source-{n}"]) for n in range(1, 16)):
        backrefs = [a.get("href") for a in item.iter("a") if a.get("class") == "backref"]
        assert backrefs == [f"#ref-{number}"]  # and the first citation has that id
        assert any(a.get("id") == f"ref-{number}" for a in references)

    for number in CITED_LINKS:  # a source pointing at a press link shows it, escaped
        text = "".join(items[f"source-{number}"].itertext())
        assert f"Article cité {number} <b>gras</b>" in text and "(Le Monde)" in text
        hrefs = [a.get("href") for a in items[f"source-{number}"].iter("a")]
        assert hrefs[0].startswith("/links/")

    text = "".join(body.itertext())
    for emoji in ["⛔️", "❓", "✊"]:
        assert text.count(emoji) + post.title.count(emoji) == campaign_post.count(emoji)
    assert "[personnelles sur internet]" in text  # brackets that are no reference stay
    [call] = [a for a in body.iter("a") if a.get("href") == FACEBOOK]
    assert call.text == FACEBOOK and call.get("rel") == "nofollow noopener ugc"
    [title] = [h for h in page.iter("h1") if h.get("class") == "post-title"]
    assert title.text == post.title  # the title is text, brackets and emoji as typed


def test_seed_post_tags_are_the_tag_field_ones(campaign_post):
    post = enter_seed_post(campaign_post)
    names = [t.tag.name for t in post.tagged_items.order_by("position").select_related("tag")]
    assert names == ["Amazon", "surveillance"]  # the seed writes no hashtag of its own


def test_removing_a_source_unlinks_its_references(campaign_post):
    post = enter_seed_post(campaign_post)
    post.sources.get(number=7).delete()
    entries_changed([post.pk])
    post = CampaignPost.objects.get(pk=post.pk)
    assert 'href="#source-7"' not in post.body_html and "[7]" in post.body_html
    assert missing_references(post) == [7]
