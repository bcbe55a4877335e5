from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from tags import counts, management
from tags.manage_forms import LabelsForm, MergeForm, RenameForm, ThemeForm
from tags.parser import tag_key
from tags.services import UnknownTag, resolve_keys, tags_from_path

from ..writes import entries_changed
from . import changes, conditional
from . import queries as stream
from . import tag_stats as stats
from .fragments import reader_variant
from .tag_svg import timeline_svg

INDEX_SECONDS = 24 * 3600


class TagIndex:
    """The cloud and the alphabetical index of ``/tags/``, computed when first read: the
    template caches them under the stream version, so a cached page runs no query."""

    @cached_property
    def tags(self):
        return list(stream.tags_with_counts())

    @cached_property
    def cloud(self):
        return stats.cloud(self.tags)

    @cached_property
    def index(self):
        return stats.alphabetical(self.tags)


def tag_list(request):
    version = changes.current()

    def build():
        context = {
            "tag_index": TagIndex(),
            "version": f"{version[0]}:{version[1]}" if version else "",
            # Without a stream version (its row deleted), nothing is kept: 0 seconds.
            "index_seconds": INDEX_SECONDS if version else 0,
        }
        return render(request, "tags/tag_list.html", context)

    return conditional.respond(request, conditional.stream_state(version), build)


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
        page = stream.page_of(
            entries,
            request.GET.get("page"),
            reader_variant(request),
            counter=lambda: counts.entries_with_all(tags),
        )
    except InvalidPage:
        raise Http404(_("No such page.")) from None
    widen = [(tag, [other for other in tags if other != tag]) for tag in tags]

    def build():
        names = " + ".join(f"#{tag.label()}" for tag in tags)
        related, months = stats.tag_stats(entries, tags, page.paginator.version)
        title = _("Entries per month: %(tags)s") % {"tags": names}
        context = {
            "tags": tags,
            "page": page,
            "widen": widen,
            "narrow": (stream.narrowing_tags(page.revisions, tags) if page.ids else []),
            "related": related,
            # A combination's related tags come from its most recent entries only.
            "related_window": (
                stats.RECENT_WINDOW
                if len(tags) > 1 and page.paginator.count > stats.RECENT_WINDOW
                else None
            ),
            "timeline": timeline_svg(months, title),
        }
        return render(request, "tags/tag_detail.html", context)

    state = conditional.page_state(page, [(tag.name, tag.labels) for tag in tags])
    return conditional.respond(request, state, build)


# Each action: its form, the change it makes and the field holding the change's argument.
FORMS = {
    "rename": (RenameForm, management.rename_tag, "name"),
    "merge": (MergeForm, management.merge_tags, "target"),
    "labels": (LabelsForm, management.set_labels, "labels"),
    "theme": (ThemeForm, management.set_theme, "is_theme"),
}


def _forms(tag, action=None, data=None):
    """The four forms of the page; the one of ``action`` bound to ``data``."""
    options = {
        "rename": {"initial": {"name": tag.name}},
        "merge": {"tag": tag},
        "labels": {"tag": tag},
        "theme": {"initial": {"is_theme": tag.is_theme}},
    }
    return {
        name: form_class(data if name == action else None, prefix=name, **options[name])
        for name, (form_class, _change, _field) in FORMS.items()
    }


@transaction.atomic
def change_tag(tag, action: str, data: dict):
    """Apply one management ``action`` to ``tag``, then the change to its entries."""
    entry_ids = management.entries_of(tag)
    _form, change, field = FORMS[action]
    tag = change(tag, data[field])
    entries_changed(entry_ids, texts=False)
    return tag


def tag_manage(request, spec):
    """Rename, merge, labels, theme: for editors (``tags.change_tag``)."""
    if not request.user.has_perm("tags.change_tag"):
        raise PermissionDenied
    tags, _missing = resolve_keys([tag_key(spec)])
    if not tags:
        raise Http404(_("No tag %(tag)s.") % {"tag": spec})
    tag = tags[0]
    if tag.slug != spec:
        return redirect("tag_manage", tag.slug, permanent=True)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = _forms(tag, action, request.POST)
    if action in FORMS and forms[action].is_valid():
        try:
            tag = change_tag(tag, action, forms[action].cleaned_data)
        except management.TagError as error:
            forms[action].add_error(None, str(error))
        else:
            messages.success(request, _("Tag #%(name)s saved.") % {"name": tag.name})
            return redirect("tag_manage", tag.slug)
    status = 400 if action else 200
    if request.method == "POST" and action not in FORMS:
        messages.error(request, _("Unknown action."))
    return render(request, "tags/tag_manage.html", {"tag": tag, "forms": forms}, status=status)
