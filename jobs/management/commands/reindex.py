import time

from django.core.management.base import BaseCommand

from articles.writes.documents import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index of every entry (after bulk loads or a restore)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--background",
            action="store_true",
            help="enqueue the work as a task for a worker (manage.py db_worker) and return",
        )

    def handle(self, *args, background=False, **options):
        if background:
            from jobs.tasks import reindex as reindex_task

            result = reindex_task.enqueue()
            self.stdout.write(f"Enqueued as task {result.id}; a worker runs it (db_worker).")
            return
        start = time.perf_counter()

        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"{done:,}/{total:,}")

        count = reindex_all(progress=progress)
        seconds = time.perf_counter() - start
        self.stdout.write(f"Indexed {count:,} entries in {seconds:.1f} s.")
