"""The Content-Security-Policy in headless Debian chromium: every page, the editor and the admin
work under it, and the browser reports no violation.

Violations are caught twice: the console (chromium logs each refusal there) and a
``securitypolicyviolation`` listener added before any page script runs.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Campaign
from jobs.imports import start_import
from tests.browsing import BROWSER_TESTS
from tests.factories import BASE_TIME, make_contributor, make_link, make_post

pytestmark = BROWSER_TESTS
PASSWORD = "une phrase de passe longue"
# The smallest PNG: a press link's picture, served by Playwright in place of another site.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`
    + ` (${event.sourceFile}:${event.lineNumber})`);
});
"""


class Watched:
    """A page whose console messages, violations and script errors are kept (its popups' too)."""

    def __init__(self, context, base_url):
        self.page = context.new_page()
        self.base_url = base_url
        self.console = []
        self.errors = []
        context.on("console", lambda message: self.console.append(message.text))
        context.on("weberror", lambda error: self.errors.append(str(error.error)))

    def visit(self, path):
        response = self.page.goto(self.base_url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        self.settle()
        return response

    def settle(self):
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("() => new Promise((done) => setTimeout(done, 50))")

    def violations(self):
        return [
            text
            for text in self.console
            if "CSP violation" in text or "Content Security Policy" in text
        ]

    def assert_clean(self, where=""):
        self.settle()
        assert self.violations() == [], where
        assert self.errors == [], where


@pytest.fixture
def review(transactional_db):
    """Entries of every kind, a tag over several months (its timeline), pictures elsewhere."""
    campaign = Campaign.objects.create(name="Stop Amazon", slug="stop-amazon")
    author = make_contributor("alice", first_name="Alice")
    links = [
        make_link(
            title=f"Les entrepôts, épisode {month}",
            url=f"https://www.lemonde.fr/eco/entrepots-{month}.html",
            commentary="Notre avis #travail ![graphique](http://images.example/chart.png)",
            tags="#Amazon #travail ##santé",
            image_url="https://images.example/photo.png",
            author=author,
            published_at=BASE_TIME + timedelta(days=31 * month),
        )
        for month in range(4)
    ]
    make_post(
        campaign=campaign,
        episode=4,
        tags="#Amazon",
        author=author,
        sources=[("Le Monde", links[0].url, links[0])],
    )
    return links


@pytest.fixture
def context(browser, live_server, review):
    context = browser.new_context(viewport={"width": 1000, "height": 1400}, locale="fr-FR")
    context.add_init_script(LISTENER)
    context.route(
        re.compile(r"^https?://images\.example/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=PNG),
    )
    context.base_url = live_server.url
    yield context
    context.close()


def log_in(watched, username):
    watched.visit(reverse("login"))
    watched.page.fill("#id_username", username)
    watched.page.fill("#id_password", PASSWORD)
    watched.page.click(".account-form button[type=submit]")
    watched.page.wait_for_url(re.compile(r"/$"))
    watched.assert_clean("login")


def test_the_watch_sees_a_violation(context):
    """The detector itself: an inline script is refused, and the test would see it."""
    watched = Watched(context, context.base_url)
    watched.visit("/")
    watched.page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.ran = true"; document.body.append(s); }"""
    )
    watched.settle()
    assert watched.page.evaluate("() => window.ran === undefined")
    assert any("script-src" in text for text in watched.violations())


def test_every_public_page_shows_no_violation(context, review):
    from playwright.sync_api import expect

    link = review[0]
    watched = Watched(context, context.base_url)
    paths = [
        "/",
        f"/links/{link.pk}/",
        "/tags/amazon/",
        "/tags/amazon+travail/",
        "/sources/lemonde.fr/",
        "/authors/alice/",
        "/campaigns/stop-amazon/",
        "/campaigns/stop-amazon/4/",
        "/search/?q=entrepôts",
        "/tags/",
        "/sources/",
        "/campaigns/",
        "/accounts/login/",
        "/accounts/password/reset/",
    ]
    for path in paths:
        watched.visit(path)
        watched.assert_clean(path)
    assert watched.visit("/no-such-page/").status == 404
    watched.assert_clean("404")

    # What the policy lets in: pictures of other sites, the server-drawn timeline.
    watched.visit("/tags/amazon/")
    expect(watched.page.locator("svg.timeline")).to_be_visible()
    picture = watched.page.locator("img.entry-image").first
    picture.scroll_into_view_if_needed()
    expect(picture).to_have_js_property("naturalWidth", 1)
    markup_image = watched.page.locator("img[src='http://images.example/chart.png']").first
    markup_image.scroll_into_view_if_needed()
    expect(markup_image).to_have_js_property("naturalWidth", 1)
    # The language switch: a form posted to this site, then a redirect.
    watched.page.locator("form.language-switch button[value=en]").click()
    watched.page.wait_for_load_state()
    expect(watched.page.locator("nav.site-nav")).to_contain_text("Stream")
    watched.assert_clean("language switch")


def test_the_editor_works_under_the_policy(context, review):
    from playwright.sync_api import expect

    make_contributor("camille", password=PASSWORD)
    watched = Watched(context, context.base_url)
    page = watched.page
    log_in(watched, "camille")

    watched.visit(reverse("link_new"))
    page.fill("#id_url", "https://www.example.org/article")
    page.fill("#id_title", "Un titre")
    page.click("[data-add-excerpt]")
    expect(page.locator("[data-excerpt] textarea")).to_have_count(2)
    page.locator("[data-excerpt] textarea").nth(1).fill("Un second passage.")
    tags = page.locator("#id_hashtags")
    tags.click()
    tags.press_sequentially("#ama", delay=30)
    expect(page.locator("[data-suggestions] li").first).to_have_text(re.compile(r"^#Amazon"))
    page.locator("#id_commentary").fill("À lire **absolument**. #travail")
    preview = page.locator("[data-preview-for=id_commentary] .preview-body")
    expect(preview.locator("strong")).to_have_text("absolument")
    watched.assert_clean("press link editor")

    watched.visit(reverse("post_new"))
    page.fill("#id_body", "Les entrepôts [rouge]surveillent[/rouge] tout.")
    expect(page.locator("[data-preview-for=id_body] mark")).to_have_text("surveillent")
    watched.assert_clean("post editor")

    # The bookmarklet is a javascript: link the person drags away; showing it is no violation.
    watched.visit(reverse("profile"))
    bookmarklet = page.locator("a.bookmarklet")
    expect(bookmarklet).to_be_visible()
    assert bookmarklet.get_attribute("href").startswith("javascript:")
    watched.assert_clean("profile")


def test_editor_pages_and_the_admin_work_under_the_policy(context, review):
    from playwright.sync_api import expect

    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", PASSWORD)
    job = start_import(owner=boss, kind="seenthis", filename="a.txt", data=b"")  # queued
    link = review[0]
    watched = Watched(context, context.base_url)
    page = watched.page
    log_in(watched, "boss")

    for path in ["/import/", f"/import/jobs/{job.pk}/", "/tags/amazon/manage/"]:
        assert watched.visit(path).status == 200, path
        watched.assert_clean(path)

    watched.visit("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    watched.assert_clean("admin index")

    watched.visit("/admin/articles/presslink/")
    page.locator("#action-toggle").check()  # actions.js selects every row
    expect(page.locator(".action-counter")).to_contain_text("4")
    page.fill("#searchbar", "épisode 2")
    page.press("#searchbar", "Enter")
    page.wait_for_load_state()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    watched.assert_clean("admin changelist")

    watched.visit(f"/admin/articles/presslink/{link.pk}/change/")
    rows = page.locator(".inline-related.dynamic-excerpts, tr.form-row.dynamic-excerpts")
    before = rows.count()
    page.locator(".add-row a").first.click()  # inlines.js adds an excerpt form
    expect(rows).to_have_count(before + 1)
    page.locator(".datetimeshortcuts a", has_text=re.compile("Aujourd|Today")).first.click()
    expect(page.locator("#id_published_at_0")).not_to_have_value(
        link.published_at.strftime("%d/%m/%Y")
    )
    clock = page.locator(".datetimeshortcuts a[id^=clocklink]").first
    number = clock.get_attribute("id").removeprefix("clocklink")
    clock.click()  # DateTimeShortcuts.js opens the time picker
    expect(page.locator(f"#clockbox{number}")).to_be_visible()
    # RelatedObjectLookups.js: the raw id's lookup popup picks the source.
    page.fill("#id_source", "")
    with page.expect_popup() as opened:
        page.click("#lookup_id_source")
    popup = opened.value
    popup.wait_for_load_state()
    popup.locator("#result_list tbody a").first.click()
    expect(page.locator("#id_source")).to_have_value(str(link.source_id))
    watched.assert_clean("admin change form")

    watched.visit("/admin/articles/campaign/add/")
    page.locator("#id_name").press_sequentially("Stop Amazon 2")  # prepopulate.js: the slug
    expect(page.locator("#id_slug")).to_have_value("stop-amazon-2")
    watched.assert_clean("admin campaign form")
