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

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        counts = rerender_all(batch_size=batch_size)
        parts = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Rendered again: {parts}."))
