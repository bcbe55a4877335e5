from django.utils.translation import gettext_lazy as _

from articles.importers.backup import export_backup

from ._importing import ExportCommand


class Command(ExportCommand):
    help = _(
        "Export everything (users without passwords, sources, tags, campaigns, press links, "
        "campaign posts) to a JSON file that import_json reads back."
    )

    def export(self, out) -> str:
        return ", ".join(f"{count} {name}" for name, count in export_backup(out).items())
