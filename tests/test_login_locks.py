"""Failed log-ins lock an account name and an address (django-axes, in the database).

A lock says when to try again (HTTP 429), ends after the cool-off, and an editor can lift
it at once; a contributor cannot.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import lockout

from .factories import make_contributor, make_editor, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-Pass!"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Dozens of log-ins per test: a fast hasher keeps them cheap (not what is tested)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, address="127.0.0.1"):
    return [log_in(client, username, "wrong", address) for _ in range(times)]


def test_the_limit_is_the_configured_one():
    limit, cool_off = settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME
    assert (limit, cool_off) == (5, timedelta(minutes=15))


def test_five_wrong_passwords_lock_the_account_with_a_page_saying_when(client):
    make_user("hana", password=PASSWORD)
    answers = fail(client, "hana", 5)
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    locked = answers[-1]
    assert "accounts/locked_out.html" in [template.name for template in locked.templates]
    page = locked.content.decode()
    assert "Connexion bloquée pour un moment" in page  # French by default
    assert "Réessayez dans 15\xa0minutes" in page
    until = timezone.localtime(timezone.now() + timedelta(minutes=15))
    assert f"(à {until:%H:%M})" in page or f"(à {until + timedelta(minutes=1):%H:%M})" in page
    assert 850 <= int(locked["Retry-After"]) <= 900


def test_the_right_password_is_refused_while_locked(client):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 5)
    answer = log_in(client, "hana", PASSWORD)
    assert answer.status_code == 429
    assert not logged_in(client)
    # Failures while locked do not push the end of the lock further.
    assert AccessAttempt.objects.get().failures_since_start == 5


def test_the_page_is_in_english_for_an_english_reader(client):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 5)
    answer = client.post(
        reverse("login"),
        {"username": "hana", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 429
    assert "Try again in 15\xa0minutes (at " in answer.content.decode()


def test_the_lock_ends_after_the_cool_off(client):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 5)
    assert log_in(client, "hana", PASSWORD).status_code == 429
    # Sixteen minutes later (the failures are dated back, as time would have passed).
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    answer = log_in(client, "hana", PASSWORD)
    assert answer.status_code == 302
    assert logged_in(client)


def test_the_lock_holds_until_the_last_second_of_the_cool_off(client):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    answer = log_in(client, "hana", PASSWORD)
    assert answer.status_code == 429
    assert "Réessayez dans 1\xa0minute " in answer.content.decode()


def test_an_account_is_locked_from_every_address_and_every_browser(client):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 5, address="203.0.113.7")
    elsewhere = Client()  # another browser (no shared session), from another address
    assert log_in(elsewhere, "hana", PASSWORD, address="198.51.100.9").status_code == 429
    assert not logged_in(elsewhere)


def test_an_address_is_locked_whatever_account_names_it_tries(client):
    make_user("hana", password=PASSWORD)
    make_user("yuki", password=PASSWORD)
    for name in ("alice", "bob", "carol", "dave", "erin"):  # one wrong password each
        log_in(client, name, "wrong", address="203.0.113.7")
    other_browser = Client()
    answer = log_in(other_browser, "hana", PASSWORD, address="203.0.113.7")
    assert answer.status_code == 429
    assert not logged_in(other_browser)
    # Everyone else logs in as usual, and the log-in page still works.
    assert client.get(reverse("login")).status_code == 200
    assert log_in(Client(), "yuki", PASSWORD, address="198.51.100.9").status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_locked_not_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("hana", password=PASSWORD)

    def via_proxy(username, password, forwarded):
        return client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for name in ("alice", "bob", "carol", "dave", "erin"):
        via_proxy(name, "wrong", "203.0.113.7")
    # A forged left-most address does not escape the lock...
    assert via_proxy("hana", PASSWORD, "1.2.3.4, 203.0.113.7").status_code == 429
    # ...and the other readers behind the same proxy are not locked.
    assert via_proxy("hana", PASSWORD, "198.51.100.9").status_code == 302


def test_fewer_failures_than_the_limit_lock_nothing(client):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 4)
    assert log_in(client, "hana", PASSWORD).status_code == 302


def test_the_admin_log_in_is_locked_too(client):
    make_user("boss", password=PASSWORD, is_staff=True, is_superuser=True)
    fail(client, "boss", 5)
    answer = client.post(
        reverse("admin:login"), {"username": "boss", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert answer.status_code == 429


# --- Editors lift locks -----------------------------------------------------------------


def test_current_locks_lists_the_locked_account_and_address(client):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 5, address="203.0.113.7")
    found = {(lock.kind, lock.value, lock.failures) for lock in lockout.current_locks()}
    assert found == {("username", "hana", 5), ("ip_address", "203.0.113.7", 5)}


def test_an_editor_lifts_a_lock_and_the_person_logs_in_at_once(client):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 5)
    editor = Client()
    editor.force_login(make_editor())
    page = editor.get(reverse("login_locks"))
    assert page.status_code == 200
    assert "<code>hana</code>" in page.content.decode()
    lifted = editor.post(reverse("login_locks"), {"kind": "username", "value": "hana"})
    assert lifted.status_code == 302
    # The address of those failures is still locked: hana logs in from another one.
    assert log_in(client, "hana", PASSWORD, address="198.51.100.9").status_code == 302
    editor.post(reverse("login_locks"), {"kind": "ip_address", "value": "127.0.0.1"})
    assert lockout.current_locks() == []
    assert log_in(Client(), "hana", PASSWORD).status_code == 302


def test_the_locks_page_says_when_nothing_is_locked(client):
    client.force_login(make_editor())
    assert "Aucune connexion n’est bloquée." in client.get(reverse("login_locks")).content.decode()


def test_a_contributor_cannot_see_or_lift_locks(client):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 5)
    contributor = Client()
    contributor.force_login(make_contributor())
    assert contributor.get(reverse("login_locks")).status_code == 403
    answer = contributor.post(reverse("login_locks"), {"kind": "username", "value": "hana"})
    assert answer.status_code == 403
    assert log_in(client, "hana", PASSWORD).status_code == 429


def test_anonymous_readers_are_sent_to_log_in(client):
    answer = client.get(reverse("login_locks"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "ip_address", "value": "not-an-address"},
        {"kind": "ip_address", "value": ""},
        {"kind": "username", "value": ""},
        {"kind": "username", "value": "a\x00b"},
        {"kind": "user_agent", "value": "curl"},
        {},
    ],
)
def test_lifting_something_that_is_not_a_lock_is_refused_clearly(client, data):
    make_user("hana", password=PASSWORD)
    fail(client, "hana", 5)
    editor = Client()
    editor.force_login(make_editor())
    answer = editor.post(reverse("login_locks"), data)
    assert answer.status_code == 400
    assert AccessAttempt.objects.count() == 1  # nothing was forgotten


def test_lift_never_forgets_everything():
    with pytest.raises(ValueError, match="no address"):
        lockout.lift("username", "")


def test_the_profile_links_editors_to_the_locks(client):
    client.force_login(make_editor())
    assert reverse("login_locks") in client.get(reverse("profile")).content.decode()
    client.force_login(make_contributor())
    assert reverse("login_locks") not in client.get(reverse("profile")).content.decode()


@pytest.mark.parametrize(
    ("body", "first", "sixth"),
    [
        # Refused before any log-in is tried (a NUL by the middleware): nothing is counted.
        ("username=a%00b&password=wrong", 400, 400),
        ("password=wrong", 200, 200),
        # Tried and counted (the address is locked at the fifth), never a server error.
        ("username=" + "x" * 300 + "&password=wrong", 200, 429),  # longer than axes stores
        ("username=%FF%FE&password=wrong", 200, 429),  # not UTF-8
    ],
)
def test_hostile_account_names_get_the_form_or_the_lock_never_an_error(client, body, first, sixth):
    answers = [
        client.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")
        for _ in range(6)
    ]
    assert {answer.status_code for answer in answers[:4]} == {first}
    assert answers[-1].status_code == sixth


def test_a_long_account_name_is_locked_by_its_stored_beginning(client):
    make_user("hana", password=PASSWORD)
    fail(client, "y" * 300, 5, address="203.0.113.7")
    assert [lock.value for lock in lockout.locks("username")] == ["y" * 255]
