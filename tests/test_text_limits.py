"""Every writer refuses a text longer than its field's limit (articles.models.TEXT_LIMITS).

At its limit a text renders in well under a second, whatever it holds
(tests/test_markup_bounds.py): the limits are what keeps rendering bounded.
"""

import io
import json

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from articles.editor.forms import CampaignPostForm, ExcerptForm, PressLinkForm
from articles.importers.base import ImportFormatError
from articles.importers.services import run_import
from articles.models import TEXT_LIMITS, Campaign, CampaignPost, Excerpt, PressLink
from tests.factories import make_contributor, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def over(field: str) -> str:
    return "x" * (TEXT_LIMITS[field] + 1)


def at(field: str) -> str:
    return "x" * TEXT_LIMITS[field]


def test_the_models_declare_the_limits():
    fields = {
        "excerpt": Excerpt._meta.get_field("text"),
        "commentary": PressLink._meta.get_field("commentary"),
        "campaign post lead": CampaignPost._meta.get_field("lead"),
        "campaign post body": CampaignPost._meta.get_field("body"),
        "campaign description": Campaign._meta.get_field("description"),
    }
    assert set(fields) == set(TEXT_LIMITS)
    for name, field in fields.items():
        assert field.max_length == TEXT_LIMITS[name]


@pytest.mark.parametrize(
    ("form_class", "field", "limit"),
    [
        (ExcerptForm, "text", "excerpt"),
        (PressLinkForm, "commentary", "commentary"),
        (CampaignPostForm, "lead", "campaign post lead"),
        (CampaignPostForm, "body", "campaign post body"),
    ],
)
def test_editor_forms_refuse_a_longer_text(form_class, field, limit):
    assert field not in form_class(data={field: at(limit)}).errors
    errors = form_class(data={field: over(limit)}).errors
    assert str(TEXT_LIMITS[limit]) in errors[field][0].replace(",", "")


def test_the_admin_form_refuses_a_longer_description():
    admin = site._registry[Campaign]
    request = RequestFactory().get("/")
    request.user = make_user("root", is_superuser=True, is_staff=True)
    form_class = admin.get_form(request)
    data = {"name": "Stop", "slug": "stop"}
    assert form_class(data={**data, "description": at("campaign description")}).is_valid()
    form = form_class(data={**data, "description": over("campaign description")})
    assert "description" in form.errors


def test_the_preview_refuses_more_than_the_longest_field(client):
    client.force_login(make_contributor("alice"))
    url = reverse("editor_preview")
    longest = max(TEXT_LIMITS.values())
    assert client.post(url, {"text": "x" * longest}).status_code == 200
    response = client.post(url, {"text": "x" * (longest + 1)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and b"too long" in response.content


def seenthis(excerpt: str = "Cité.", commentary: str = "") -> bytes:
    entry = "• Article\n    https://example.org/a\n\n    {excerpt}\n\n    #Amazon\n\n".format
    second = "• Other\n    https://example.org/b\n\n    Fine.\n\n"
    return (entry(excerpt=excerpt) + commentary + second).encode()


def test_an_import_skips_an_entry_with_a_longer_excerpt_and_says_why():
    alice = make_user("alice")
    summary = run_import("seenthis", io.BytesIO(seenthis(over("excerpt"))), author=alice)
    assert [reason for reason, _lines in summary.skipped_by_reason()] == [
        f"excerpt longer than {TEXT_LIMITS['excerpt']} characters"
    ]
    assert list(PressLink.objects.values_list("url", flat=True)) == ["https://example.org/b"]


def test_a_backup_with_a_longer_body_changes_nothing():
    make_user("alice")
    Campaign.objects.create(name="Stop", slug="stop")
    post = {"campaign": "stop", "episode": 1, "title": "T", "author": "alice"}
    post |= {"status": "published", "body": over("campaign post body")}
    data = {"format": "pressreview-backup", "version": 1, "posts": [post]}
    with pytest.raises(ImportFormatError) as caught:
        run_import("json", io.BytesIO(json.dumps(data).encode()))
    assert f"longer than {TEXT_LIMITS['campaign post body']} characters" in caught.value.message
    assert not CampaignPost.objects.exists()
