"""Throttling in headless Debian chromium: the editor shows its limits, a lock its page."""

import re
import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from .browsing import BROWSER_TESTS
from .factories import make_contributor

pytestmark = BROWSER_TESTS
PASSWORD = "une phrase de passe longue"


@pytest.fixture
def page(browser, live_server, transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_contributor("camille", password=PASSWORD)
    context = browser.new_context(viewport={"width": 1000, "height": 1400}, locale="fr-FR")
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def log_in(page, password=PASSWORD):
    page.goto(page.base_url + reverse("login"))
    page.fill("#id_username", "camille")
    page.fill("#id_password", password)
    page.click(".account-form button[type=submit]")


def test_the_editor_shows_when_its_preview_and_fetch_are_limited(page, settings, monkeypatch):
    from playwright.sync_api import expect

    # The limits count in fixed windows of time: none ends during the test.
    now = time.time()
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: now))

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "editor_preview": "2/m", "editor_fetch": "1/m"}
    settings.FETCH_ALLOW_PRIVATE_FOR_TESTS = False
    log_in(page)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(page.base_url + reverse("link_new"))
    preview = page.locator("[data-preview-for=id_commentary] .preview-body")
    for text in ("*un*", "*deux*"):
        page.fill("#id_commentary", text)
        expect(preview.locator("em")).to_have_text(text.strip("*"))
    page.fill("#id_commentary", "*trois*")
    expect(preview.locator(".error")).to_contain_text("Trop d’aperçus : attendez")
    expect(preview.locator("em")).to_have_count(0)

    status = page.locator("[data-fetch-status]")
    page.fill("#id_url", "http://127.0.0.1:9/un")
    page.click("[data-fetch-button]")
    expect(status.locator(".error")).to_contain_text("127.0.0.1")
    page.fill("#id_url", "http://127.0.0.1:9/deux")
    page.click("[data-fetch-button]")
    expect(status.locator(".error")).to_contain_text("Trop de demandes : attendez")
    # The form itself still works.
    expect(page.locator("#id_title")).to_be_editable()


def test_a_locked_out_person_sees_when_to_try_again(page):
    from playwright.sync_api import expect

    for _ in range(5):
        log_in(page, "mauvais")
    expect(page.locator("h1")).to_have_text("Connexion bloquée pour un moment")
    expect(page.locator(".try-again")).to_contain_text("Réessayez dans 15")
    log_in(page)  # the right password, while locked
    expect(page.locator(".try-again")).to_be_visible()
    assert "/accounts/login/" in page.url
