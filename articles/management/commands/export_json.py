from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from articles.importers.backup import export_backup


class Command(BaseCommand):
    help = _(
        "Export everything (users without passwords, sources, tags, campaigns, press links, "
        "campaign posts) to a JSON file that import_json reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the file to write (“-” for standard output)"))

    def handle(self, *args, **options):
        path = options["file"]
        if path == "-":
            counts = export_backup(self.stdout._out)
        else:
            try:
                with open(path, "w", encoding="utf-8", newline="\n") as out:
                    counts = export_backup(out)
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from None
        parts = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stderr.write(f"Exported {parts}.")
