import os
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def read_seed(name: str) -> str:
    """A seed document's text; the test is skipped when the seeds are not beside the repo."""
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed file {path} is not here")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def seed_stream() -> str:
    return read_seed("seenthis-stream.txt")


@pytest.fixture
def campaign_post() -> str:
    return read_seed("campaign-post.txt")


@pytest.fixture
def pages(settings):
    """A page server on 127.0.0.1, which the fetcher may reach for the test."""
    from tests.pages_server import PagesServer

    settings.FETCH_ALLOW_PRIVATE_FOR_TESTS = ["127.0.0.1"]
    with PagesServer("127.0.0.1") as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium, driven by Playwright, for the whole test session."""
    from tests.browsing import CHROMIUM, CHROMIUM_ARGS

    if CHROMIUM is None:
        pytest.skip("Debian chromium is not installed")
    # Playwright's sync API runs an event loop; the ORM calls of the test itself are fine.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty default cache, so rate-limit counts never leak."""
    from django.core.cache import cache

    cache.clear()
