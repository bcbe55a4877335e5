"""Rate limits (django-ratelimit, in the default cache): password-reset requests per address
and per e-mail address, the editor's fetch and preview per user; and the cache they count
in is shared (Redis) when CACHE_URL says so."""

import threading
import time
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.ratelimits import USER, retry_context, seconds_left
from pressreview.cache_url import parse_cache_url

from .factories import make_contributor, make_user

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/3"  # this branch's own Redis database, for tests


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    """django-ratelimit counts in fixed windows of time: the clock it reads stands still
    during a test, so no window ends halfway through a run of requests."""
    now = time.time()
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: now))


def reset_request(client, email, address="127.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_the_limits_are_in_the_settings(settings):
    assert settings.RATE_LIMITS == {
        "password_reset_address": "5/h",
        "password_reset_email": "5/h",
        "editor_fetch": "30/m",
        "editor_preview": "120/m",
    }


# --- Password reset ---------------------------------------------------------------------


def test_a_sixth_reset_request_for_one_email_is_refused_with_when_to_try_again(client):
    make_user("ines", email="ines@example.org", password="s3cret-Pass!")
    # From five addresses: the e-mail address is counted, whoever asks.
    for n in range(5):
        assert reset_request(client, "ines@example.org", f"203.0.113.{n}").status_code == 302
    answer = reset_request(client, "  INES@example.org ", "198.51.100.1")
    assert answer.status_code == 429
    page = answer.content.decode()
    assert "Trop de demandes de nouveau mot de passe" in page
    assert "Réessayez dans " in page
    assert 0 < int(answer["Retry-After"]) <= 3600 + 60
    assert len(mail.outbox) == 5  # the refused request sent nothing


def test_a_sixth_reset_request_from_one_address_is_refused(client):
    for n in range(5):
        assert reset_request(client, f"someone{n}@example.org").status_code == 302
    assert reset_request(client, "someone-else@example.org").status_code == 429
    # Another address, another e-mail address: not limited.
    assert reset_request(client, "other@example.org", "198.51.100.1").status_code == 302


def test_showing_the_reset_form_is_not_counted(client):
    for _ in range(10):
        assert client.get(reverse("password_reset")).status_code == 200
    assert reset_request(client, "someone@example.org").status_code == 302


def test_the_limited_page_is_translated(client):
    for n in range(5):
        reset_request(client, f"someone{n}@example.org")
    answer = client.post(
        reverse("password_reset"), {"email": "x@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 429
    assert "Too many password-reset requests" in answer.content.decode()
    assert "Try again in " in answer.content.decode()


def test_the_wait_is_said_in_whole_minutes_rounded_up():
    assert retry_context(1)["wait"] == "1\xa0minute"
    assert retry_context(61)["wait"] == "2\xa0minutes"
    assert retry_context(3600)["wait"] == "1\xa0hour"


# --- The editor's fetch and preview -----------------------------------------------------


def test_fetch_is_limited_per_user_with_a_json_reason(client):
    client.force_login(make_contributor())
    url = reverse("editor_fetch")
    for _ in range(30):
        answer = client.post(url, {"url": "not an address"})
        assert answer.status_code == 200 and answer.json()["ok"] is False
    limited = client.post(url, {"url": "not an address"})
    assert limited.status_code == 429
    assert limited.json()["ok"] is False
    assert limited.json()["error"].startswith("Trop de demandes : attendez ")
    assert 0 < limited.json()["retry_after"] <= 60
    # Another contributor is not limited by the first one's use.
    other = Client()
    other.force_login(make_contributor())
    assert other.post(url, {"url": "not an address"}).status_code == 200


def test_preview_is_limited_per_user_with_a_plain_text_reason(client):
    client.force_login(make_contributor())
    url = reverse("editor_preview")
    for _ in range(120):
        assert client.post(url, {"text": "*a*"}).status_code == 200
    limited = client.post(url, {"text": "*a*"})
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith("text/plain")
    assert limited.content.decode().startswith("Trop d’aperçus : attendez ")
    other = Client()
    other.force_login(make_contributor())
    assert other.post(url, {"text": "*a*"}).status_code == 200


def test_anonymous_requests_are_sent_to_log_in_not_counted(client):
    for _ in range(35):
        assert client.post(reverse("editor_fetch"), {"url": "x"}).status_code == 302


def test_limits_can_be_turned_off(client, settings):
    settings.RATELIMIT_ENABLE = False
    for n in range(7):
        assert reset_request(client, f"someone{n}@example.org").status_code == 302


# --- The cache is shared ----------------------------------------------------------------


@pytest.fixture
def redis_cache(settings):
    """The default cache on this branch's Redis database, emptied (skipped without Redis)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    settings.CACHES = {"default": parse_cache_url(REDIS_URL)}
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def in_another_worker(work):
    """Run ``work()`` in a new thread: Django gives it its own cache connection."""
    result = {}

    def run():
        result["cache"] = caches["default"]
        result["value"] = work()
        caches["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["cache"], result["value"]


def test_a_limit_counted_by_one_worker_holds_in_another(redis_cache):
    request = RequestFactory().post("/editor/fetch/")
    request.user = SimpleNamespace(pk=4242, is_authenticated=True)
    for _ in range(30):
        assert seconds_left(request, [("editor_fetch", USER)], "POST") is None
    other_cache, wait = in_another_worker(
        lambda: seconds_left(request, [("editor_fetch", USER)], "POST")
    )
    assert other_cache is not redis_cache  # two connections to one Redis
    assert wait is not None and 0 < wait <= 60
    # Another user, in the other worker too, is not limited.
    request.user = SimpleNamespace(pk=4343, is_authenticated=True)
    _, wait = in_another_worker(lambda: seconds_left(request, [("editor_fetch", USER)], "POST"))
    assert wait is None


def test_two_cache_connections_see_one_counter(redis_cache):
    from django.core.cache.backends.redis import RedisCache

    config = parse_cache_url(REDIS_URL)
    first = RedisCache(config["LOCATION"], {"OPTIONS": config["OPTIONS"]})
    second = RedisCache(config["LOCATION"], {"OPTIONS": config["OPTIONS"]})
    first.add("shared-counter", 0)
    first.incr("shared-counter")
    second.incr("shared-counter")
    assert first.get("shared-counter") == second.get("shared-counter") == 2


def test_password_reset_limit_holds_with_the_redis_cache(client, redis_cache):
    for n in range(5):
        assert reset_request(client, f"someone{n}@example.org").status_code == 302
    assert reset_request(client, "someone-else@example.org").status_code == 429
