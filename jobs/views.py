"""The import page: upload a file, follow its job (progress, then its summary or error)."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.importers.services import KINDS
from articles.importers.web import PERMISSION

from .imports import job_context, recent_jobs, start_import, visible_job


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


@login_required
@permission_required(PERMISSION, raise_exception=True)
def import_page(request):
    """The form; a valid upload becomes a job, and the answer is its page (at once)."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_valid():  # never for the unbound form of a GET
        data = form.cleaned_data
        job = start_import(
            owner=request.user,
            kind=data["kind"],
            filename=data["file"].name or "",
            data=b"".join(data["file"].chunks()),
            dry_run=data["dry_run"],
            folders_as_tags=data["folders_as_tags"],
        )
        return redirect("import_job", pk=job.pk)
    context = {
        "form": form,
        "max_size": settings.IMPORT_MAX_UPLOAD_BYTES,
        "jobs": recent_jobs(request.user),
    }
    return render(request, "articles/import.html", context)


@require_GET
@never_cache
@login_required
def import_job(request, pk):
    """One import: its state and progress, then its summary or its error (uploader, staff)."""
    job = visible_job(request.user, pk)
    return render(request, "articles/import_job.html", job_context(job))
