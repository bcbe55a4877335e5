"""The demo stream in headless Debian chromium, driven by Playwright (no downloaded browser)."""

import pytest

from articles.demo.loader import load_demo
from tests.browsing import BROWSER_TESTS, screenshot

pytestmark = BROWSER_TESTS


@pytest.fixture
def page(browser, live_server, transactional_db):
    load_demo()
    context = browser.new_context(viewport={"width": 1000, "height": 1400}, locale="fr-FR")
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_stream_looks_like_seenthis_and_unfolds_long_tag_lists(page):
    page.goto(page.base_url + "/")
    screenshot(page, "stream.png")
    entries = page.locator("article.entry")
    assert entries.count() == 30
    first = entries.first
    assert first.locator("h2.entry-title a").is_visible()
    assert page.locator("article.entry-link .entry-url a").first.is_visible()
    assert page.locator("blockquote.excerpt").first.is_visible()

    folded_entry = page.locator("article.entry:has(li.more)").first
    hidden_tag = folded_entry.locator("ul.folded a").first
    assert not hidden_tag.is_visible()
    folded_entry.locator("summary", has_text="(...)").click()
    assert hidden_tag.is_visible()
    assert not folded_entry.locator("summary").is_visible()


def test_no_entry_overflows_its_card_and_tags_never_break_inside(page):
    page.goto(page.base_url + "/")
    for entry in page.locator("article.entry:has(li.more)").all():
        entry.locator("summary", has_text="(...)").click()
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll("article.entry")]
            .filter((card) => card.scrollWidth > card.clientWidth)
            .map((card) => card.id)"""
    )
    assert overflowing == []
    broken = page.evaluate(
        """() => [...document.querySelectorAll("a[rel=tag]")]
            .filter((link) => link.getClientRects().length > 1)
            .map((link) => link.textContent)"""
    )
    assert broken == []


def test_tag_link_opens_the_tag_stream_and_narrowing_adds_a_tag(page):
    page.goto(page.base_url + "/")
    tag_link = page.locator("article.entry ul.tags a[rel=tag]").first
    tag_text = tag_link.inner_text()
    tag_link.click()
    page.wait_for_load_state()
    assert page.locator("h1.page-title").inner_text() == tag_text
    screenshot(page, "tag.png")
    for entry in page.locator("article.entry").all():
        assert tag_text in entry.locator("ul.tags").first.text_content()
    page.locator("a.add-tag").first.click()
    page.wait_for_load_state()
    assert "+" in page.url
    assert page.locator("a.drop-tag").count() == 2
    assert page.locator("article.entry").count() >= 1


def test_language_switch_shows_english(page):
    page.goto(page.base_url + "/")
    assert page.locator("nav.site-nav").inner_text().startswith("Flux")
    page.locator("form.language-switch button[value=en]").click()
    page.wait_for_load_state()
    assert page.locator("nav.site-nav").inner_text().startswith("Stream")
    assert page.locator("html").get_attribute("lang") == "en"
