"""Reading pages: thin views over :mod:`articles.stream.queries`."""

from functools import partial

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ..models import Campaign, CampaignPost, Entry, Source
from . import conditional
from . import queries as stream
from .fragments import reader_variant


def _stream_page(request, entries):
    try:
        return stream.page_of(entries, request.GET.get("page"), reader_variant(request))
    except InvalidPage:
        raise Http404(_("No such page.")) from None


def _list_page(request, page, template, context, *shown):
    """The list page ``template``, or a 304 when the reader's copy shows the same entries."""
    state = conditional.page_state(page, *shown)
    return conditional.respond(request, state, lambda: render(request, template, context))


def home(request):
    page = _stream_page(request, stream.published())
    return _list_page(request, page, "articles/home.html", {"page": page})


def link_detail(request, pk):
    entries = stream.for_display(stream.published().filter(kind=Entry.Kind.LINK, pk=pk))
    entry = get_object_or_404(entries)
    cited_by = (
        CampaignPost.objects.filter(sources__press_link_id=pk, status=Entry.Status.PUBLISHED)
        .select_related("campaign")
        .distinct()
    )
    return render(request, "articles/link_detail.html", {"entry": entry, "cited_by": cited_by})


def _index_page(request, template, context):
    """An index (tags, sources, campaigns), or a 304 while the stream's version is the same."""
    build = partial(render, request, template, context)
    return conditional.respond(request, conditional.current_state, build)


def campaign_list(request):
    return _index_page(request, "articles/campaign_list.html", {"campaigns": stream.campaigns()})


def campaign_detail(request, slug):
    campaign = get_object_or_404(Campaign, slug=slug)
    page = _stream_page(request, stream.published().filter(campaignpost__campaign=campaign))
    context = {"campaign": campaign, "page": page}
    shown = (campaign.name, campaign.description)
    return _list_page(request, page, "articles/campaign_detail.html", context, *shown)


def post_detail(request, slug, episode):
    entries = stream.published().filter(
        campaignpost__campaign__slug=slug, campaignpost__episode=episode
    )
    entry = get_object_or_404(stream.for_display(entries, sources=True))
    context = {"entry": entry, "post": entry.campaignpost}
    return render(request, "articles/post_detail.html", context)


def source_list(request):
    context = {"sources": stream.sources_with_counts()}
    return _index_page(request, "articles/source_list.html", context)


def source_detail(request, domain):
    source = get_object_or_404(Source, domain=domain.lower())
    page = _stream_page(request, stream.published().filter(presslink__source=source))
    context = {"source": source, "page": page}
    shown = (source.name, source.home_url)
    return _list_page(request, page, "articles/source_detail.html", context, *shown)


def author_detail(request, username):
    author = get_object_or_404(stream.authors(), username=username)
    page = _stream_page(request, stream.published().filter(author=author))
    context = {"author": author, "page": page}
    return _list_page(request, page, "articles/author_detail.html", context, author.get_full_name())
