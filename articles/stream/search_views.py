"""The search page: a thin view over :mod:`articles.stream.search`."""

from urllib.parse import urlencode

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from tags.parser import tag_key

from .search import (
    SearchTooLong,
    narrowing_tags,
    parse_query,
    resolve_tags,
    search,
    search_page,
)


def search_view(request):
    text = request.GET.get("q", "").strip()
    query = parse_query(text)
    within_keys = list(dict.fromkeys(tag_key(spec) for spec in request.GET.getlist("tag")))
    within_keys = [key for key in within_keys if key]
    within, unknown = resolve_tags(within_keys)
    context = {"q": text, "query": query, "within": within, "unknown_tags": unknown}
    if query.is_empty and not within_keys:
        return render(request, "search/search.html", context)
    results = search(query, within_tags=within)
    if unknown:
        results.documents = results.documents.none()
        results.candidates = results.candidates.none()
    try:
        page = search_page(results, request.GET.get("page"))
    except InvalidPage:
        raise Http404(_("No such page.")) from None
    except SearchTooLong:
        context["too_long"] = True
        return render(request, "search/search.html", context)
    current = within + results.tags
    narrow = narrowing_tags(page.object_list, current)
    within_slugs = [tag.slug for tag in within]
    context |= {
        "page": page,
        "results": results,
        "unknown_tags": unknown + results.unknown_tags,
        "narrow": [
            (tag, "?" + urlencode({"q": f"{text} #{tag.slug}".strip(), "tag": within_slugs}, True))
            for tag, _count in narrow
        ],
    }
    return render(request, "search/search.html", context)
