"""The campaign-post editor and the press-link picker of its sources list (thin views)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import can_create, can_delete, can_edit, is_editor

from . import editing, editing_posts
from .admin import warn_missing_references
from .editor_forms import CampaignPostForm, source_formset
from .editor_views import contributor_required, delete_page
from .models import CampaignPost, Entry


def _post_page(request, form, formset, post=None, **context):
    context.update(
        {
            "form": form,
            "formset": formset,
            "post": post,
            "can_delete": post is not None and can_delete(request.user, post),
            "is_editor": is_editor(request.user),
        }
    )
    return render(request, "articles/editor/post_form.html", context, status=context.get("status"))


def _save_post(request, post):
    data = request.POST.copy()
    form, formset = CampaignPostForm(data), source_formset(data)
    publish = request.POST.get("action") == "publish"
    if not (form.is_valid() and formset.is_valid()):
        return _post_page(request, form, formset, post, status=400)
    try:
        saved = editing_posts.save_campaign_post(
            form.post_data(formset.sources(), publish),
            user=request.user,
            post=post,
            version=form.cleaned_data["version"],
        )
    except editing_posts.EpisodeTaken:
        form.add_error("episode", _("This campaign already has a post with this episode number."))
        return _post_page(request, form, formset, post, status=409)
    except editing.EditConflict as conflict:
        data["version"] = conflict.version
        form, formset = CampaignPostForm(data), source_formset(data)
        return _post_page(request, form, formset, post, conflict=conflict, status=409)
    warn_missing_references(request, saved)
    if saved.status == Entry.Status.PUBLISHED:
        messages.success(request, _("Published."))
        return redirect(saved.get_absolute_url())
    messages.success(request, _("Draft saved."))
    return redirect("post_edit", saved.pk)


@contributor_required
def post_new(request):
    if not can_create(request.user, "campaignpost"):
        raise PermissionDenied
    if request.method == "POST":
        return _save_post(request, None)
    initial = {}
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        initial["campaign"] = int(campaign)
        last = CampaignPost.objects.filter(campaign_id=int(campaign)).order_by("-episode").first()
        initial["episode"] = last.episode + 1 if last else 1
    return _post_page(request, CampaignPostForm(initial=initial), source_formset())


@contributor_required
def post_edit(request, pk):
    post = get_object_or_404(CampaignPost.objects.select_related("campaign", "author"), pk=pk)
    if not can_edit(request.user, post):
        raise PermissionDenied
    if request.method == "POST":
        return _save_post(request, post)
    initial = {
        "campaign": post.campaign_id,
        "episode": post.episode,
        "title": post.title,
        "lead": post.lead,
        "body": post.body,
        "hashtags": post.tag_line,
        "version": editing.version_of(post),
    }
    sources = post.sources.select_related("press_link").order_by("number")
    return _post_page(
        request, CampaignPostForm(initial=initial), source_formset(sources=sources), post
    )


@contributor_required
def post_delete(request, pk):
    post = get_object_or_404(CampaignPost, pk=pk)
    return delete_page(request, post, reverse("post_edit", args=[pk]))


@require_GET
@contributor_required
def link_search(request):
    """Stored press links for the sources picker (JSON), newest first."""
    text = request.GET.get("q", "").strip()[:200]
    links = editing_posts.search_links(request.user, text) if text else []
    return JsonResponse(
        {
            "links": [
                {
                    "id": link.pk,
                    "title": link.title,
                    "url": link.url,
                    "source": link.source.name if link.source else "",
                    "draft": link.status == Entry.Status.DRAFT,
                }
                for link in links
            ]
        }
    )
