"""Accounts: the two roles, their permissions, the role checks, log in/out, passwords."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import roles
from articles import permissions
from articles.models import Entry

from .factories import make_contributor, make_editor, make_link, make_post, make_user

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_migration_creates_both_roles_with_their_permissions():
    contributor = codenames("contributor")
    expected = {
        f"articles.{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("presslink", "excerpt", "campaignpost", "postsource")
    }
    assert contributor == expected
    editor = codenames("editor")
    every = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(
            content_type__app_label__in=["articles", "tags"]
        ).values_list("content_type__app_label", "codename")
    }
    # Editors also see and lift log-in locks (accounts.lockout).
    assert editor == every | {"axes.view_accessattempt", "axes.delete_accessattempt"}
    assert {"tags.change_tag", "articles.change_source", "articles.change_campaign"} <= editor


def test_other_apps_can_test_editor_permissions():
    editor, contributor = make_editor(), make_contributor()
    for perm in ("tags.change_tag", "articles.change_source"):
        assert editor.has_perm(perm)
        assert not contributor.has_perm(perm)
    assert roles.is_editor(editor) and not roles.is_editor(contributor)
    assert roles.is_contributor(contributor) and roles.is_contributor(editor)
    assert not roles.is_contributor(make_user())


def test_syncing_roles_again_changes_nothing():
    before = codenames("editor"), codenames("contributor")
    roles.sync_roles(Group, Permission)
    assert (codenames("editor"), codenames("contributor")) == before
    assert Group.objects.filter(name__in=["editor", "contributor"]).count() == 2


@pytest.mark.parametrize("make_entry", [make_link, make_post])
def test_who_may_edit_and_delete_an_entry(make_entry):
    owner, other, editor = make_contributor(), make_contributor(), make_editor()
    entry = make_entry(author=owner)
    no_role = make_user()
    inactive = make_editor(is_active=False)
    for check in (permissions.can_edit, permissions.can_delete):
        assert check(owner, entry)
        assert check(editor, entry)
        assert not check(other, entry)
        assert not check(AnonymousUser(), entry)
        assert not check(inactive, entry)
        # An author without a role (left the collective) no longer edits.
        assert not check(no_role, make_entry(author=no_role))


def test_drafts_are_seen_by_their_author_and_editors_only():
    owner, other, editor = make_contributor(), make_contributor(), make_editor()
    draft = make_link(author=owner, status=Entry.Status.DRAFT)
    published = make_link(author=other)
    assert permissions.can_see(owner, draft) and permissions.can_see(editor, draft)
    assert not permissions.can_see(other, draft) and not permissions.can_see(AnonymousUser(), draft)
    assert permissions.can_see(AnonymousUser(), published)
    assert list(permissions.visible_drafts(owner)) == [Entry.objects.get(pk=draft.pk)]
    assert list(permissions.visible_drafts(other)) == []
    assert list(permissions.visible_drafts(editor)) == [Entry.objects.get(pk=draft.pk)]
    assert list(permissions.visible_drafts(AnonymousUser())) == []


def test_createeditor_creates_an_editor_without_a_password_prompt():
    call_command("createeditor", "camille", "--email", "camille@example.org", "--noinput")
    user = Group.objects.get(name="editor").user_set.get()
    assert user.username == "camille" and user.email == "camille@example.org"
    assert user.is_staff and not user.has_usable_password()
    assert roles.is_editor(user)


def test_createeditor_promotes_an_existing_account_and_asks_no_password(monkeypatch):
    user = make_contributor("dominique", password="s3cret-Pass!")
    monkeypatch.setattr("getpass.getpass", lambda prompt: pytest.fail("asked a password"))
    call_command("createeditor", "dominique")
    user.refresh_from_db()
    assert user.check_password("s3cret-Pass!")
    assert roles.is_editor(type(user).objects.get(pk=user.pk))


def test_createeditor_asks_a_valid_password_twice(monkeypatch):
    answers = iter(["123", "123", "une phrase de passe longue", "une phrase de passe longue"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    call_command("createeditor", "eden", stderr=open("/dev/null", "w"))  # noqa: SIM115
    user = Group.objects.get(name="editor").user_set.get(username="eden")
    assert user.check_password("une phrase de passe longue")


def test_createeditor_can_make_a_contributor():
    call_command("createeditor", "farid", "--contributor", "--noinput")
    user = Group.objects.get(name="contributor").user_set.get(username="farid")
    assert not user.is_staff and not roles.is_editor(user) and roles.is_contributor(user)


def test_createeditor_without_roles_is_a_clear_error():
    Group.objects.all().delete()
    with pytest.raises(CommandError, match="migrate"):
        call_command("createeditor", "gael", "--noinput")


def test_login_and_logout(client):
    make_contributor("hana", password="s3cret-Pass!")
    page = client.get(reverse("login"))
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content
    bad = client.post(reverse("login"), {"username": "hana", "password": "wrong"})
    assert bad.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(
        reverse("login"), {"username": "hana", "password": "s3cret-Pass!", "next": "/tags/"}
    )
    assert response.status_code == 302 and response["Location"] == "/tags/"
    home = client.get("/")
    assert b"hana" in home.content
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_profile_needs_a_login(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_profile_lists_own_drafts(client):
    owner = make_contributor()
    make_link(author=owner, status=Entry.Status.DRAFT, title="Mon brouillon")
    make_link(author=make_contributor(), status=Entry.Status.DRAFT, title="Pas le mien")
    client.force_login(owner)
    page = client.get(reverse("profile")).content.decode()
    assert "Mon brouillon" in page and "Pas le mien" not in page
    client.force_login(make_editor())
    page = client.get(reverse("profile")).content.decode()
    assert "Mon brouillon" in page and "Pas le mien" in page


def test_password_change(client):
    user = make_contributor(password="s3cret-Pass!")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "s3cret-Pass!",
            "new_password1": "une autre phrase longue",
            "new_password2": "une autre phrase longue",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("une autre phrase longue")


def test_password_reset_by_email(client):
    user = make_contributor(email="ines@example.org", password="s3cret-Pass!")
    response = client.post(reverse("password_reset"), {"email": "ines@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "nouvelle phrase longue", "new_password2": "nouvelle phrase longue"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nouvelle phrase longue")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_offers_the_bookmarklet_for_this_site(client, settings):
    settings.ALLOWED_HOSTS = ["revue.example"]
    client.force_login(make_contributor())
    page = client.get(reverse("profile"), HTTP_HOST="revue.example")
    assert page.status_code == 200
    code = page.context["bookmarklet"]
    assert code.startswith("javascript:")
    assert '"http://revue.example/links/new/"' in code
    assert "encodeURIComponent(location.href)" in code and "getSelection" in code


def test_bookmarklet_quotes_a_hostile_host_as_a_javascript_string():
    from accounts.bookmarklet import bookmarklet

    code = bookmarklet("https://x.example/links/new/?a='\"</a>")
    assert "'https://x.example" not in code
    assert '"https://x.example/links/new/?a=\'\\"</a>"' in code
