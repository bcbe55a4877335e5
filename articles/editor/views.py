"""The activists' editor: thin views over :mod:`articles.editor.links` and ``posts``.

Every view needs a login (anonymous requests get the login page); a logged-in person
without a role, or a contributor touching someone else's entry, gets 403.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.bookmarklet import bookmarklet_for
from accounts.lockout import LIFT_PERMISSION
from accounts.ratelimits import USER, json_answer, rate_limited, text_answer
from accounts.roles import can_create, is_editor
from tags.suggest import suggest_tags

from ..admin import warn_missing_references
from ..ids import parse_id
from ..markup import render_markup
from ..markup.typography import text_language
from ..models import TEXT_LIMITS, CampaignPost, Entry, PressLink
from ..normalize import http_url
from ..permissions import can_edit, can_see, visible_drafts
from . import links as editing
from . import posts as editing_posts
from .fetch import FetchError, fetch_metadata
from .flow import EntryEditor, Refused, contributor_required, entry_to_edit
from .forms import MAX_SOURCES, CampaignPostForm, PressLinkForm, excerpt_formset, source_formset

PREVIEW_LIMIT = max(TEXT_LIMITS.values())  # the longest text a field takes
NO_ADDRESS = gettext_lazy("Enter a web address starting with http:// or https://.")


def duplicate_info(user, link: PressLink | None) -> dict | None:
    """What the editor may say to ``user`` of an entry already holding a URL.

    A published entry, or a draft ``user`` may open (their own; any, for an editor), is
    named with its title, author and address; another person's draft is not named at all:
    ``{"message", "url"}``, plus ``title`` and ``author`` when named.
    """
    if link is None:
        return None
    if not can_see(user, link):
        return {"message": _("A link with this address already exists."), "url": ""}
    title, author = link.title, link.author.get_username()
    message = _("This article is already in the press review: “%(title)s”, posted by %(author)s.")
    url = reverse("link_edit", args=[link.pk]) if can_edit(user, link) else link.get_absolute_url()
    return {
        "message": message % {"title": title, "author": author},
        "title": title,
        "author": author,
        "url": url,
    }


def prefill(initial: dict, excerpts: list[str], metadata: dict) -> None:
    """Fill the fields still empty from fetched ``metadata`` (the person edits them after)."""
    for name, key in [("title", "title"), ("publication", "publication"), ("image_url", "image")]:
        if not initial.get(name) and metadata.get(key):
            initial[name] = metadata[key]
    if not initial.get("article_date") and metadata.get("date"):
        initial["article_date"] = metadata["date"]
    if not initial.get("commentary") and metadata.get("author"):
        initial["commentary"] = _("By %(author)s.") % {"author": metadata["author"]}
    if not excerpts and metadata.get("description"):
        excerpts.append(metadata["description"])


def _store_link(request, link, form, formset, publish):
    try:
        return editing.save_press_link(
            form.entry_data(editing.LinkData, excerpts=formset.texts(), publish=publish),
            user=request.user,
            link=link,
            version=form.cleaned_data["version"],
        )
    except editing.DuplicateLink as duplicate:
        info = duplicate_info(request.user, duplicate.existing)
        raise Refused("url", _("This article is already stored."), duplicate=info) from None


LINKS = EntryEditor(
    template="articles/editor/link_form.html",
    entry_name="link",
    edit_view="link_edit",
    form_class=PressLinkForm,
    formset=excerpt_formset,
    store=_store_link,
)


def typed_url(text: str) -> str:
    """The http(s) address typed (``https://`` added if missing); "" if none or too long."""
    text = text.strip()
    if text and "://" not in text:
        text = f"https://{text}"  # "lemonde.fr/..." typed without its scheme
    return http_url(text) if len(text) <= 2000 else ""


def look_up(user, url: str, exclude_pk) -> tuple[dict | None, dict | None, str | None]:
    """``(duplicate, metadata, error)`` of ``url``, fetched only when no link has it yet."""
    existing = editing.find_duplicate(url, exclude_pk=exclude_pk)
    if existing is not None:
        return duplicate_info(user, existing), None, None
    try:
        return None, fetch_metadata(url), None
    except FetchError as error:
        return None, None, error.reason


def _fetch_into_form(request, link):
    """Without script: the "Fetch the page" button posts the form; fill its empty fields."""
    data = request.POST
    initial = {name: data.get(name, "") for name in PressLinkForm.base_fields}
    excerpts = []
    total = data.get("excerpts-TOTAL_FORMS", "0")
    for index in range(min(int(total) if total.isdecimal() else 0, 50)):
        text = data.get(f"excerpts-{index}-text", "").strip()
        if text and not data.get(f"excerpts-{index}-DELETE"):
            excerpts.append(text)
    context = {"duplicate": None, "fetch_error": NO_ADDRESS}
    if url := typed_url(initial["url"]):
        duplicate, metadata, error = look_up(request.user, url, link.pk if link else None)
        context = {"duplicate": duplicate, "fetch_error": error, "fetched": metadata is not None}
        if metadata is not None:
            prefill(initial, excerpts, metadata)
    form, formset = PressLinkForm(initial=initial), excerpt_formset(texts=excerpts)
    return LINKS.page(request, form, formset, link, **context)


def _posted_link(request, link):
    """The "Fetch the page" button (without script) fills the form; the others save it."""
    if request.POST.get("action") == "fetch":
        return _fetch_into_form(request, link)
    return LINKS.save(request, link)


@contributor_required
def link_new(request):
    if not can_create(request.user, "presslink"):
        raise PermissionDenied
    if request.method == "POST":
        return _posted_link(request, None)
    url = http_url(request.GET.get("url", "")[:2000])
    initial = {"url": url, "title": request.GET.get("title", "").strip()[:500]}
    excerpt = request.GET.get("excerpt", "").strip()
    excerpts = [excerpt] if excerpt else []
    duplicate = duplicate_info(request.user, editing.find_duplicate(url))
    form, formset = PressLinkForm(initial=initial), excerpt_formset(texts=excerpts)
    autofetch = bool(url) and duplicate is None
    return LINKS.page(request, form, formset, duplicate=duplicate, autofetch=autofetch)


@contributor_required
def link_edit(request, pk):
    link = entry_to_edit(request, PressLink.objects.select_related("source", "author"), pk)
    if request.method == "POST":
        return _posted_link(request, link)
    texts = [excerpt.text for excerpt in link.excerpts.order_by("position", "pk")]
    initial = {**LINKS.initial(link), "publication": link.source.name if link.source else ""}
    return LINKS.page(request, PressLinkForm(initial=initial), excerpt_formset(texts=texts), link)


@contributor_required
def link_delete(request, pk):
    return LINKS.delete(request, get_object_or_404(PressLink, pk=pk))


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


@require_POST
@contributor_required
@rate_limited(("editor_fetch", USER), answer=json_answer)
def fetch_page_metadata(request):
    """JSON for the editor's script: the page's metadata, or why they could not be read."""
    url = typed_url(request.POST.get("url", ""))
    if not url:
        return JsonResponse({"ok": False, "error": str(NO_ADDRESS)})
    exclude = parse_id(request.POST.get("exclude", ""))
    duplicate, metadata, error = look_up(request.user, url, exclude)
    answer = {"ok": error is None, "url": url, "duplicate": duplicate}
    if error is not None:
        answer["error"] = error
    if metadata is not None:
        initial, excerpts = {}, []
        prefill(initial, excerpts, metadata)
        if initial.get("article_date"):
            initial["article_date"] = initial["article_date"].isoformat()
        answer["fields"] = initial
        answer["excerpt"] = excerpts[0] if excerpts else ""
    return JsonResponse(answer)


@require_POST
@contributor_required
@rate_limited(("editor_preview", USER), answer=text_answer)
def preview(request):
    """The HTML of a text as the pages will show it (same pipeline), as a fragment."""
    text = request.POST.get("text", "")
    if len(text) > PREVIEW_LIMIT:
        return HttpResponseBadRequest(_("This text is too long to preview."))
    # A campaign post's text cites its numbered sources: ``sources`` is how many it has.
    count = request.POST.get("sources", "")
    sources = range(1, min(int(count), MAX_SOURCES) + 1) if count.isdecimal() else None
    # The typography of the text's language, as the stored HTML has it (not the reader's).
    return HttpResponse(render_markup(text, sources=sources, language=text_language(text)))


@require_GET
@contributor_required
def tag_autocomplete(request):
    """Existing tags starting with what is typed, most used first (JSON)."""
    suggestions = suggest_tags(request.GET.get("q", "")[:100])
    return JsonResponse(
        {"tags": [{"name": tag.name, "label": tag.label(), "count": n} for tag, n in suggestions]}
    )


@login_required
def profile(request):
    """The activist's desk: drafts, the bookmarklet, links to the editors."""
    drafts = visible_drafts(request.user).select_related(
        "author", "presslink", "campaignpost__campaign"
    )[:100]
    return render(
        request,
        "accounts/profile.html",
        {
            "drafts": drafts,
            "is_editor": is_editor(request.user),
            "bookmarklet": bookmarklet_for(request),
            "may_lift_locks": request.user.has_perm(LIFT_PERMISSION),
        },
    )
