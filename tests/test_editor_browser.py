"""The editor in headless Debian chromium: a contributor posts a link fetched from a local page."""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from articles.models import Entry, PressLink

from .browsing import BROWSER_TESTS, screenshot
from .factories import make_contributor, make_link

pytestmark = BROWSER_TESTS
PASSWORD = "une phrase de passe longue"


@pytest.fixture
def page(browser, live_server, transactional_db):
    make_contributor("camille", password=PASSWORD)
    context = browser.new_context(viewport={"width": 1000, "height": 1400}, locale="fr-FR")
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def log_in(page, next_path):
    page.goto(page.base_url + next_path)
    assert "/accounts/login/" in page.url  # anonymous: the login page first
    page.fill("#id_username", "camille")
    page.fill("#id_password", PASSWORD)
    page.click(".account-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + r"$"))


def test_contributor_posts_a_fetched_link_with_excerpts_tags_and_preview(page, pages):
    from playwright.sync_api import expect

    make_link(tags="#Amazon #travail")
    make_link(tags="#Amazon")
    make_link(tags="#Amazonie")
    log_in(page, reverse("link_new"))

    url_field = page.locator("#id_url")
    url_field.fill(pages.url("/article"))
    url_field.dispatch_event("paste")
    expect(page.locator("#id_title")).to_have_value("Les entrepôts automatisés sous surveillance")
    expect(page.locator("#id_publication")).to_have_value("La Gazette du Rhône")
    expect(page.locator("#id_article_date")).to_have_value("2024-03-05")
    expect(page.locator("#id_commentary")).to_have_value("Par Jeanne Martin.")
    first = page.locator("[data-excerpt] textarea").first
    expect(first).to_have_value("Une enquête sur les cadences & la santé au travail.")

    page.click("[data-add-excerpt]")
    page.locator("[data-excerpt] textarea").nth(1).fill("Les cadences ont doublé en deux ans.")
    # Move the new excerpt above the suggested one.
    page.locator("[data-excerpt]").nth(1).locator(".move-up").click()
    expect(page.locator("[data-excerpt] textarea").first).to_have_value(
        "Les cadences ont doublé en deux ans."
    )

    tags = page.locator("#id_hashtags")
    tags.click()
    tags.press_sequentially("#ama", delay=30)
    suggestions = page.locator("[data-suggestions] li")
    expect(suggestions.first).to_have_text(re.compile(r"^#Amazon\s+2$"))
    expect(suggestions).to_have_count(2)
    tags.press("ArrowDown")
    tags.press("Enter")
    expect(tags).to_have_value("#Amazon ")
    tags.press_sequentially("#logistique", delay=10)

    commentary = page.locator("#id_commentary")
    commentary.fill("Par Jeanne Martin.\n\nÀ lire **absolument**. #travail")
    preview = page.locator("[data-preview-for=id_commentary] .preview-body")
    expect(preview.locator("strong")).to_have_text("absolument")
    expect(preview.locator("a[href='/tags/travail/']")).to_be_visible()
    screenshot(page, "editor.png")

    page.click("button[name=action][value=publish]")
    page.wait_for_url(re.compile(r"/links/\d+/$"))
    link = PressLink.objects.get(title="Les entrepôts automatisés sous surveillance")
    assert link.status == Entry.Status.PUBLISHED and link.author.username == "camille"
    assert [e.text for e in link.excerpts.all()] == [
        "Les cadences ont doublé en deux ans.",
        "Une enquête sur les cadences & la santé au travail.",
    ]

    page.goto(page.base_url + "/")
    entry = page.locator("article.entry", has_text="Les entrepôts automatisés sous surveillance")
    expect(entry).to_have_count(1)
    expect(entry.locator("blockquote.excerpt").first).to_contain_text("Les cadences ont doublé")
    screenshot(page, "stream-after-editor.png")
    entry.locator("ul.tags a[rel=tag]", has_text="logistique").click()
    page.wait_for_url(re.compile(r"/tags/"))
    assert unquote(page.url).endswith("/tags/logistique/")
    expect(page.locator("article.entry", has_text="Les entrepôts automatisés")).to_have_count(1)
    page.goto(page.base_url + "/tags/amazon/")
    expect(page.locator("article.entry", has_text="Les entrepôts automatisés")).to_have_count(1)


def test_a_refused_fetch_leaves_the_form_usable(page, settings):
    from playwright.sync_api import expect

    settings.FETCH_ALLOW_PRIVATE_FOR_TESTS = False
    log_in(page, reverse("link_new"))
    page.fill("#id_url", "http://127.0.0.1:9/secret")
    page.click("[data-fetch-button]")
    expect(page.locator("[data-fetch-status] .error")).to_contain_text("127.0.0.1")
    page.fill("#id_title", "Titre saisi à la main")
    page.locator("[data-excerpt] textarea").first.fill("Un passage.")
    page.click("button[name=action][value=draft]")
    page.wait_for_url(re.compile(r"/links/\d+/edit/$"))
    assert PressLink.objects.get().title == "Titre saisi à la main"


def test_bookmarklet_opens_the_editor_with_the_page_title_and_selection(page, pages):
    from playwright.sync_api import expect

    log_in(page, reverse("profile"))
    code = page.locator("a.bookmarklet").get_attribute("href")
    assert code.startswith("javascript:")
    page.goto(pages.url("/article"))
    page.evaluate(
        """() => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector("article p"));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    with page.context.expect_page() as opened:
        page.evaluate(code.removeprefix("javascript:"))
    editor = opened.value
    editor.wait_for_load_state()
    assert editor.url.startswith(page.base_url + reverse("link_new"))
    expect(editor.locator("#id_url")).to_have_value(pages.url("/article"))
    expect(editor.locator("#id_title")).to_have_value("Titre HTML – La Gazette")
    expect(editor.locator("[data-excerpt] textarea").first).to_have_value(
        "Premier paragraphe de l'article."
    )
    # The page is fetched on opening: empty fields are filled, the person's are kept.
    expect(editor.locator("#id_publication")).to_have_value("La Gazette du Rhône")


def test_campaign_post_cites_a_press_link_picked_by_search(page):
    from playwright.sync_api import expect

    from articles.models import Campaign, CampaignPost

    campaign = Campaign.objects.create(name="Stop Amazon", slug="stop-amazon")
    link = make_link(title="Les cadences infernales des entrepôts")
    log_in(page, reverse("post_new"))
    page.select_option("#id_campaign", str(campaign.pk))
    page.fill("#id_episode", "4")
    page.fill("#id_title", "Épisode 4 : rien à cacher ?")
    page.fill("#id_body", "Les entrepôts [rouge]surveillent[/rouge] tout [1].")
    expect(page.locator("[data-preview-for=id_body] mark")).to_have_text("surveillent")
    source = page.locator("[data-source]").first
    source.locator("[data-link-search]").fill("cadences")
    source.locator("[data-link-results] button").first.click()
    expect(source.locator("input[name$=-label]")).to_have_value(
        re.compile(r"^Les cadences infernales des entrepôts")
    )
    expect(source.locator("input[name$=-url]")).to_have_value(link.url)
    # The preview now cites the picked source: [1] links to the item.
    expect(page.locator("[data-preview-for=id_body] a[href='#source-1']")).to_be_visible()
    screenshot(page, "post-editor.png")
    page.click("button[name=action][value=publish]")
    page.wait_for_url(re.compile(r"/campaigns/stop-amazon/4/$"))
    post = CampaignPost.objects.get()
    assert post.sources.get().press_link == link
    screenshot(page, "campaign-post-after-editor.png")
