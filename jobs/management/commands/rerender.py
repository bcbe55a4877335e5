from django.core.management.base import BaseCommand, CommandError

from articles.writes.texts import rerender_all


class Command(BaseCommand):
    help = (
        "Render again every stored HTML (excerpts, commentary, campaign posts and descriptions)"
        " and derive every entry's tags again, after a change of the markup pipeline; prints"
        " how many rows changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction")
        parser.add_argument(
            "--background",
            action="store_true",
            help="enqueue the work as a task for a worker (manage.py db_worker) and return",
        )

    def handle(self, *args, batch_size, background, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if background:
            from jobs.tasks import rerender

            result = rerender.enqueue(batch_size=batch_size)
            self.stdout.write(f"Enqueued as task {result.id}; a worker runs it (db_worker).")
            return
        counts = rerender_all(batch_size=batch_size)
        parts = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Rendered again: {parts}."))
