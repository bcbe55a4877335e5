"""The permission matrix: every write URL × anonymous, no role, contributor (owner), other
contributor, editor. Anonymous requests get the login page; a refused request changes nothing."""

import pytest
from django.urls import reverse

from articles.editing import version_of
from articles.models import CampaignPost, PressLink

from .factories import make_contributor, make_editor, make_link, make_post, make_user

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "no_role", "owner", "other_contributor", "editor"]
OK, LOGIN, FORBIDDEN = "ok", "login", "forbidden"
EVERYONE_WITH_A_ROLE = {
    "anonymous": LOGIN,
    "no_role": FORBIDDEN,
    "owner": OK,
    "other_contributor": OK,
    "editor": OK,
}
OWNER_OR_EDITOR = {**EVERYONE_WITH_A_ROLE, "other_contributor": FORBIDDEN}
ANY_ACCOUNT = {**EVERYONE_WITH_A_ROLE, "no_role": OK}


@pytest.fixture
def world():
    owner = make_contributor("owner")
    link = make_link(author=owner, url="https://www.gazette.example/owned", tags="#Amazon")
    post = make_post(author=owner)
    users = {
        "anonymous": None,
        "no_role": make_user("norole"),
        "owner": owner,
        "other_contributor": make_contributor("other"),
        "editor": make_editor("editor"),
    }
    return {"users": users, "link": link, "post": post}


def link_form(link, **changes):
    values = {
        "url": link.url,
        "title": "Changed title",
        "publication": "",
        "article_date": "",
        "image_url": "",
        "commentary": "",
        "hashtags": "",
        "version": version_of(link),
        "action": "draft",
        "excerpts-TOTAL_FORMS": "1",
        "excerpts-INITIAL_FORMS": "0",
        "excerpts-MIN_NUM_FORMS": "0",
        "excerpts-MAX_NUM_FORMS": "50",
        "excerpts-0-text": "A passage.",
        "excerpts-0-ORDER": "1",
    }
    values.update(changes)
    return values


def post_form(post, **changes):
    values = {
        "campaign": str(post.campaign_id),
        "episode": str(post.episode),
        "title": "Changed title",
        "lead": "",
        "body": "",
        "hashtags": "",
        "version": version_of(post),
        "action": "draft",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "100",
    }
    values.update(changes)
    return values


# (name, method, url, data, expected per persona)
REQUESTS = [
    (
        "preview",
        "post",
        lambda w: reverse("editor_preview"),
        lambda w: {"text": "*x*"},
        EVERYONE_WITH_A_ROLE,
    ),
    ("new link form", "get", lambda w: reverse("link_new"), None, EVERYONE_WITH_A_ROLE),
    (
        "new link",
        "post",
        lambda w: reverse("link_new"),
        lambda w: link_form(w["link"], url="https://new.example/a", version=""),
        EVERYONE_WITH_A_ROLE,
    ),
    (
        "edit link form",
        "get",
        lambda w: reverse("link_edit", args=[w["link"].pk]),
        None,
        OWNER_OR_EDITOR,
    ),
    (
        "edit link",
        "post",
        lambda w: reverse("link_edit", args=[w["link"].pk]),
        lambda w: link_form(w["link"]),
        OWNER_OR_EDITOR,
    ),
    (
        "delete link form",
        "get",
        lambda w: reverse("link_delete", args=[w["link"].pk]),
        None,
        OWNER_OR_EDITOR,
    ),
    (
        "delete link",
        "post",
        lambda w: reverse("link_delete", args=[w["link"].pk]),
        lambda w: {},
        OWNER_OR_EDITOR,
    ),
    (
        "fetch",
        "post",
        lambda w: reverse("editor_fetch"),
        lambda w: {"url": w["link"].url},  # a stored URL: answered without fetching
        EVERYONE_WITH_A_ROLE,
    ),
    (
        "tag autocomplete",
        "get",
        lambda w: reverse("tag_autocomplete") + "?q=am",
        None,
        EVERYONE_WITH_A_ROLE,
    ),
    ("new post form", "get", lambda w: reverse("post_new"), None, EVERYONE_WITH_A_ROLE),
    (
        "new post",
        "post",
        lambda w: reverse("post_new"),
        lambda w: post_form(w["post"], episode="99", version=""),
        EVERYONE_WITH_A_ROLE,
    ),
    (
        "edit post form",
        "get",
        lambda w: reverse("post_edit", args=[w["post"].pk]),
        None,
        OWNER_OR_EDITOR,
    ),
    (
        "edit post",
        "post",
        lambda w: reverse("post_edit", args=[w["post"].pk]),
        lambda w: post_form(w["post"]),
        OWNER_OR_EDITOR,
    ),
    (
        "delete post form",
        "get",
        lambda w: reverse("post_delete", args=[w["post"].pk]),
        None,
        OWNER_OR_EDITOR,
    ),
    (
        "delete post",
        "post",
        lambda w: reverse("post_delete", args=[w["post"].pk]),
        lambda w: {},
        OWNER_OR_EDITOR,
    ),
    (
        "link search",
        "get",
        lambda w: reverse("link_search") + "?q=owned",
        None,
        EVERYONE_WITH_A_ROLE,
    ),
    ("profile", "get", lambda w: reverse("profile"), None, ANY_ACCOUNT),
    ("password change form", "get", lambda w: reverse("password_change"), None, ANY_ACCOUNT),
    (
        "password change",
        "post",
        lambda w: reverse("password_change"),
        lambda w: {"old_password": "wrong", "new_password1": "x", "new_password2": "x"},
        ANY_ACCOUNT,
    ),
]


def snapshot():
    return (
        sorted(PressLink.objects.values_list("pk", "title", "status")),
        sorted(CampaignPost.objects.values_list("pk", "title", "episode")),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), REQUESTS, ids=[r[0] for r in REQUESTS]
)
def test_permission_matrix(client, world, persona, name, method, url, data, expected):
    user = world["users"][persona]
    if user is not None:
        client.force_login(user)
    target = url(world)
    before = snapshot()
    response = client.get(target) if method == "get" else client.post(target, data(world))
    outcome = expected[persona]
    if outcome == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
        assert snapshot() == before
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
        assert snapshot() == before
    else:
        assert response.status_code in (200, 302), response.content[:2000]
        if method == "post" and name not in ("preview", "fetch", "password change"):
            assert snapshot() != before  # the allowed write took place
