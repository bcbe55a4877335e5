"""The exports of the web UI (the import page is the jobs app's)."""

import io
import tempfile

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from .backup import export_backup
from .bookmarks import write_bookmarks

PERMISSION = "articles.change_source"


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
    return _download(write_bookmarks, "pressreview-bookmarks.html")
