from django.core.management.base import BaseCommand

from articles.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo press review (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        summary = load_demo()
        if not summary.changed:
            self.stdout.write("Demo content already loaded: nothing changed.")
            return
        for label, bucket in (("created", summary.created), ("updated", summary.updated)):
            if bucket:
                parts = ", ".join(f"{count} {kind}" for kind, count in sorted(bucket.items()))
                self.stdout.write(self.style.SUCCESS(f"{label.capitalize()}: {parts}."))
