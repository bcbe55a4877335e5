"""The import page of the web UI: upload a file, read the summary; download the exports."""

import io
import tempfile

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.db import DatabaseError
from django.http import FileResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from .backup import export_backup, links_in_order
from .base import ImportFormatError
from .bookmarks import write_bookmarks
from .services import KINDS, run_import

PERMISSION = "articles.change_source"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of file"), choices=list(KINDS.items()))
    file = forms.FileField(label=gettext_lazy("File"))
    folders_as_tags = forms.BooleanField(
        label=gettext_lazy("Bookmarks: take the folders as tags"), required=False
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check everything, save nothing"), required=False
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if uploaded.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest accepted is %(limit)s.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
            )
        return uploaded


def import_file(form: ImportForm, author):
    """Run the import of a valid form: ``(summary, None)`` or ``(None, error message)``."""
    data = form.cleaned_data
    uploaded = data["file"]
    uploaded.seek(0)
    try:
        summary = run_import(
            data["kind"],
            uploaded,
            author=author,
            dry_run=data["dry_run"],
            folders_as_tags=data["folders_as_tags"],
        )
    except ImportFormatError as error:
        return None, _("%(file)s, %(error)s. Nothing was imported.") % {
            "file": uploaded.name,
            "error": error,
        }
    except DatabaseError as error:
        return None, _("%(file)s could not be saved (%(error)s). Nothing was imported.") % {
            "file": uploaded.name,
            "error": error,
        }
    return summary, None


@login_required
@permission_required(PERMISSION, raise_exception=True)
def import_page(request):
    summary = error = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            summary, error = import_file(form, request.user)
            if summary is not None:
                form = ImportForm(initial={"kind": form.cleaned_data["kind"]})
    else:
        form = ImportForm()
    context = {
        "form": form,
        "summary": summary,
        "error": error,
        "max_size": settings.IMPORT_MAX_UPLOAD_BYTES,
    }
    if summary is not None:
        context["skipped"] = summary.skipped_by_reason()
        for outcome in ("created", "updated", "unchanged"):
            context[outcome] = summary.describe(outcome)
    return render(request, "articles/import.html", context, status=400 if error else 200)


def _download(write, filename: str) -> FileResponse:
    """The file ``write`` makes (held in memory up to 8 MB, then on disk), as an attachment."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+b")  # noqa: SIM115
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="\n")
    write(text)
    text.flush()
    text.detach()
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename)


@require_GET
@login_required
@permission_required(PERMISSION, raise_exception=True)
def export_json(request):
    return _download(export_backup, "pressreview-backup.json")


@require_GET
@login_required
@permission_required(PERMISSION, raise_exception=True)
def export_bookmarks(request):
    def write(out):
        write_bookmarks(out, (link for link in links_in_order() if link.url))

    return _download(write, "pressreview-bookmarks.html")
