"""``manage.py reindex``: rebuild the search index from the entries."""

import time

from django.core.management.base import BaseCommand

from articles.writes.documents import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index of every entry (after bulk loads or a restore)."

    def handle(self, *args, **options):
        start = time.perf_counter()

        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"{done:,}/{total:,}")

        count = reindex_all(progress=progress)
        seconds = time.perf_counter() - start
        self.stdout.write(f"Indexed {count:,} entries in {seconds:.1f} s.")
