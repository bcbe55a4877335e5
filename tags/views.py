from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from articles import stream

from . import stats
from .services import UnknownTag, tags_from_path
from .svg import timeline_svg


def tag_list(request):
    tags = list(stream.tags_with_counts())
    return render(request, "tags/tag_list.html", {"tags": tags, "cloud": stats.cloud(tags)})


def tag_detail(request, spec):
    try:
        tags = tags_from_path(spec)
    except UnknownTag as error:
        raise Http404(_("No tag %(tag)s.") % {"tag": error.args[0]}) from None
    canonical = "+".join(tag.slug for tag in tags)
    if canonical != spec:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(f"{request.path[: -len(spec) - 1]}{canonical}/{query}", permanent=True)
    entries = stream.with_all_tags(stream.published(), tags)
    try:
        page = stream.page_of(entries, request.GET.get("page"))
    except InvalidPage:
        raise Http404(_("No such page.")) from None
    widen = [(tag, [other for other in tags if other != tag]) for tag in tags]
    names = " + ".join(f"#{tag.label()}" for tag in tags)
    related, months = stats.tag_stats(entries, tags)
    return render(
        request,
        "tags/tag_detail.html",
        {
            "tags": tags,
            "page": page,
            "widen": widen,
            "narrow": stream.narrowing_tags(page.object_list, tags),
            "related": related,
            "timeline": timeline_svg(months, _("Entries per month: %(tags)s") % {"tags": names}),
        },
    )
