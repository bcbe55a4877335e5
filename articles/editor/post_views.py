"""The campaign-post editor and the press-link picker of its sources list (thin views)."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import can_create

from ..admin import warn_missing_references
from ..ids import parse_id
from ..models import CampaignPost, Entry
from . import posts as editing_posts
from .flow import EntryEditor, Refused, contributor_required, entry_to_edit
from .forms import CampaignPostForm, source_formset


def _store_post(request, post, form, formset, publish):
    try:
        saved = editing_posts.save_campaign_post(
            form.entry_data(editing_posts.PostData, sources=formset.sources(), publish=publish),
            user=request.user,
            post=post,
            version=form.cleaned_data["version"],
        )
    except editing_posts.EpisodeTaken:
        message = _("This campaign already has a post with this episode number.")
        raise Refused("episode", message) from None
    warn_missing_references(request, saved)
    return saved


POSTS = EntryEditor(
    template="articles/editor/post_form.html",
    entry_name="post",
    edit_view="post_edit",
    form_class=CampaignPostForm,
    formset=source_formset,
    store=_store_post,
)


@contributor_required
def post_new(request):
    if not can_create(request.user, "campaignpost"):
        raise PermissionDenied
    if request.method == "POST":
        return POSTS.save(request, None)
    initial = {}
    campaign = parse_id(request.GET.get("campaign", ""))
    if campaign is not None:
        initial["campaign"] = campaign
        last = CampaignPost.objects.filter(campaign_id=campaign).order_by("-episode").first()
        initial["episode"] = last.episode + 1 if last else 1
    return POSTS.page(request, CampaignPostForm(initial=initial), source_formset())


@contributor_required
def post_edit(request, pk):
    post = entry_to_edit(request, CampaignPost.objects.select_related("campaign", "author"), pk)
    if request.method == "POST":
        return POSTS.save(request, post)
    form = CampaignPostForm(initial=POSTS.initial(post))
    sources = post.sources.select_related("press_link").order_by("number")
    return POSTS.page(request, form, source_formset(sources=sources), post)


@contributor_required
def post_delete(request, pk):
    return POSTS.delete(request, get_object_or_404(CampaignPost, pk=pk))


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
