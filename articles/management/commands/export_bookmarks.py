from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from articles.importers.backup import links_in_order
from articles.importers.bookmarks import write_bookmarks


class Command(BaseCommand):
    help = _(
        "Export the press links as a Netscape bookmark file (for browsers, Pinboard, Shaarli, "
        "linkding). Links without URL are left out."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the file to write (“-” for standard output)"))

    def handle(self, *args, **options):
        path = options["file"]
        links = (link for link in links_in_order() if link.url)
        if path == "-":
            count = write_bookmarks(self.stdout._out, links)
        else:
            try:
                with open(path, "w", encoding="utf-8", newline="\n") as out:
                    count = write_bookmarks(out, links)
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from None
        self.stderr.write(f"Exported {count} bookmarks.")
