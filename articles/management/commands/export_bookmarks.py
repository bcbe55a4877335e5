from django.utils.translation import gettext_lazy as _

from articles.importers.bookmarks import write_bookmarks

from ._importing import ExportCommand


class Command(ExportCommand):
    help = _(
        "Export the press links as a Netscape bookmark file (for browsers, Pinboard, Shaarli, "
        "linkding). Links without URL are left out."
    )

    def export(self, out) -> str:
        return f"{write_bookmarks(out)} bookmarks"
