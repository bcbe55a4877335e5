from django.utils.translation import gettext_lazy as _

from ._importing import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import a seenthis text export: one press link per “•” entry. Running it twice "
        "changes nothing; a file with an error imports nothing."
    )
    kind = "seenthis"
