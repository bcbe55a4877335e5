from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Import jobs, read only (the file's bytes are not shown)."""

    list_display = ["filename", "owner", "kind", "state", "dry_run", "created_at", "finished_at"]
    list_filter = ["state", "kind", "dry_run"]
    search_fields = ["filename", "owner__username"]
    exclude = ["data"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data").select_related("owner")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
