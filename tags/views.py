from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from articles import stream
from articles.fragments import reader_variant

from .services import UnknownTag, tags_from_path


def tag_list(request):
    return render(request, "tags/tag_list.html", {"tags": stream.tags_with_counts()})


def tag_detail(request, spec):
    try:
        tags = tags_from_path(spec)
    except UnknownTag as error:
        raise Http404(_("No tag %(tag)s.") % {"tag": error.args[0]}) from None
    canonical = "+".join(tag.slug for tag in tags)
    if canonical != spec:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(f"{request.path[: -len(spec) - 1]}{canonical}/{query}", permanent=True)
    try:
        page = stream.page_of(
            stream.with_all_tags(stream.published(), tags),
            request.GET.get("page"),
            reader_variant(request),
        )
    except InvalidPage:
        raise Http404(_("No such page.")) from None
    widen = [(tag, [other for other in tags if other != tag]) for tag in tags]
    return render(
        request,
        "tags/tag_detail.html",
        {
            "tags": tags,
            "page": page,
            "widen": widen,
            "narrow": stream.narrowing_tags(page.ids, tags) if page.ids else [],
        },
    )
