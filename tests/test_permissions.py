"""The permission matrix: every write URL × anonymous, no role, contributor (owner), other
contributor, editor. Anonymous requests get the login page; a refused request changes nothing."""

import pytest
from django.urls import reverse

from articles.editor.links import version_of
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


def entry_requests(kind, form, **new_changes):
    """The six write requests on one kind of entry ("link", "post"): new, edit and delete,
    each as its form (GET) and as sent (POST)."""

    def new(w):
        return reverse(f"{kind}_new")

    def of_entry(view):
        return lambda w: reverse(f"{kind}_{view}", args=[w[kind].pk])

    return [
        (f"new {kind} form", "get", new, None, EVERYONE_WITH_A_ROLE),
        (f"new {kind}", "post", new, lambda w: form(w[kind], **new_changes), EVERYONE_WITH_A_ROLE),
        (f"edit {kind} form", "get", of_entry("edit"), None, OWNER_OR_EDITOR),
        (f"edit {kind}", "post", of_entry("edit"), lambda w: form(w[kind]), OWNER_OR_EDITOR),
        (f"delete {kind} form", "get", of_entry("delete"), None, OWNER_OR_EDITOR),
        (f"delete {kind}", "post", of_entry("delete"), lambda w: {}, OWNER_OR_EDITOR),
    ]


# (name, method, url, data, expected per persona)
REQUESTS = [
    (
        "preview",
        "post",
        lambda w: reverse("editor_preview"),
        lambda w: {"text": "*x*"},
        EVERYONE_WITH_A_ROLE,
    ),
    *entry_requests("link", link_form, url="https://new.example/a", version=""),
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
    *entry_requests("post", post_form, episode="99", version=""),
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
