"""The seed campaign post in headless Debian chromium: highlights, references, call to action."""

from tests.browsing import BROWSER_TESTS, screenshot
from tests.seed_post import enter_seed_post

pytestmark = BROWSER_TESTS

FACEBOOK = "https://www.facebook.com/events/3838455566188842/?active_tab=about"


def test_seed_campaign_post_in_a_browser(browser, live_server, transactional_db, campaign_post):
    post = enter_seed_post(campaign_post)
    context = browser.new_context(viewport={"width": 1000, "height": 1400}, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server.url + post.get_absolute_url())
        marks = page.locator(".post-body mark.hl-rouge")
        assert marks.count() == 3
        colour = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # styled, visibly
        assert page.locator(".post-body a.ref").count() >= 15
        screenshot(page, "campaign-post.png")
        assert page.locator(f'.post-body a[href="{FACEBOOK}"]').is_visible()
        page.locator('.post-body a.ref[href="#source-6"]').first.click()
        assert page.locator("li#source-6").evaluate("li => li.matches(':target')")
        screenshot(page, "campaign-post-sources.png")
        page.locator("li#source-6 a.backref").click()
        assert page.locator("#ref-6").evaluate("a => a.matches(':target')")
        assert "✊" in page.locator(".post-body").inner_text()
    finally:
        context.close()
