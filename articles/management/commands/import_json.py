from django.utils.translation import gettext_lazy as _

from ._importing import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import a JSON backup written by export_json. What is stored already is updated, "
        "never duplicated; a file with an error imports nothing."
    )
    kind = "json"
    needs_author = False
