"""Reading pages: thin views over :mod:`articles.stream`."""

from django.contrib.auth import get_user_model
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from . import stream
from .fragments import reader_variant
from .models import Campaign, CampaignPost, Entry, Source


def _stream_page(request, entries):
    try:
        return stream.page_of(entries, request.GET.get("page"), reader_variant(request))
    except InvalidPage:
        raise Http404(_("No such page.")) from None


def home(request):
    page = _stream_page(request, stream.published())
    return render(request, "articles/home.html", {"page": page})


def link_detail(request, pk):
    entries = stream.for_display(stream.published().filter(kind=Entry.Kind.LINK, pk=pk))
    entry = get_object_or_404(entries)
    cited_by = (
        CampaignPost.objects.filter(sources__press_link_id=pk, status=Entry.Status.PUBLISHED)
        .select_related("campaign")
        .distinct()
    )
    return render(request, "articles/link_detail.html", {"entry": entry, "cited_by": cited_by})


def campaign_list(request):
    return render(request, "articles/campaign_list.html", {"campaigns": stream.campaigns()})


def campaign_detail(request, slug):
    campaign = get_object_or_404(Campaign, slug=slug)
    page = _stream_page(request, stream.published().filter(campaignpost__campaign=campaign))
    return render(request, "articles/campaign_detail.html", {"campaign": campaign, "page": page})


def post_detail(request, slug, episode):
    entries = stream.for_display(
        stream.published().filter(campaignpost__campaign__slug=slug, campaignpost__episode=episode)
    )
    entry = get_object_or_404(entries)
    post = entry.campaignpost
    return render(
        request,
        "articles/post_detail.html",
        {"entry": entry, "post": post, "sources": stream.post_sources(post)},
    )


def source_list(request):
    return render(request, "articles/source_list.html", {"sources": stream.sources_with_counts()})


def source_detail(request, domain):
    source = get_object_or_404(Source, domain=domain.lower())
    page = _stream_page(request, stream.published().filter(presslink__source=source))
    return render(request, "articles/source_detail.html", {"source": source, "page": page})


def author_detail(request, username):
    author = get_object_or_404(get_user_model(), username=username, is_active=True)
    page = _stream_page(request, stream.published().filter(author=author))
    return render(request, "articles/author_detail.html", {"author": author, "page": page})
