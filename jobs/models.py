"""An import run by a worker: the uploaded file, its state, its progress and its summary.

The file is kept in the database (not on the local disk): the worker that runs the job may
be on another server than the one that took the upload.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    kind = models.CharField(max_length=20)
    filename = models.CharField(max_length=255)
    dry_run = models.BooleanField(default=False)
    folders_as_tags = models.BooleanField(default=False)
    # The language of the upload: reasons and errors are written in it.
    language = models.CharField(max_length=10, default="fr")
    # The file's bytes until the job ends (emptied then: the summary is what stays).
    data = models.BinaryField(default=b"")
    size = models.PositiveBigIntegerField(default=0)
    total_lines = models.PositiveIntegerField(default=0)
    lines_read = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    summary = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written every few seconds by the worker running the job (its own connection).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
