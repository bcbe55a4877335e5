from django.utils.translation import gettext_lazy as _

from ._importing import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import browser bookmarks (Netscape HTML from Firefox, Chrome, Pinboard, Shaarli, "
        "linkding) as press links. Running it twice changes nothing."
    )
    kind = "bookmarks"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--folders-as-tags",
            action="store_true",
            help=_("tag each bookmark with the names of the folders it is in"),
        )
