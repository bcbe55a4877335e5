"""The search page: a thin view over :mod:`articles.stream.search`."""

import hashlib
from urllib.parse import urlencode

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from search.query import parse_query
from tags.parser import tag_key
from tags.services import resolve_keys

from .pagination import cached
from .search import SearchTooLong, narrowing_tags, search, search_page


def search_view(request):
    text = request.GET.get("q", "").strip()
    query = parse_query(text)
    within_keys = [key for key in dict.fromkeys(map(tag_key, request.GET.getlist("tag"))) if key]
    within, unknown = resolve_keys(within_keys)
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
    within_slugs = [tag.slug for tag in within]

    def results_html() -> str:
        entries = list(page.object_list)
        narrow = [
            (tag, "?" + urlencode({"q": f"{text} #{tag.slug}".strip(), "tag": within_slugs}, True))
            for tag, _count in narrowing_tags(entries, within + results.tags)
        ]
        context = {"entries": entries, "narrow": narrow}
        return render_to_string("search/_results.html", context, request)

    # The same search at the same stream version shows the same results, whoever reads.
    key = page.cache_key and f"{page.cache_key}:{get_language()}:{text}:{within_slugs}"
    context |= {
        "page": page,
        "results": results,
        "unknown_tags": unknown + results.unknown_tags,
        "results_html": cached(key and hashed(key), results_html),
    }
    return render(request, "search/search.html", context)


def hashed(key: str) -> str:
    return "search-html:" + hashlib.sha256(key.encode()).hexdigest()[:32]
