"""What the import commands share: options, the progress bar, the summary, the errors."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.importers import ImportFormatError
from articles.importers.progress import ProgressBar
from articles.importers.services import file_size, run_import


def summary_lines(summary) -> list[str]:
    """The summary as lines of text (commands; the upload page shows the same)."""
    lines = [
        _("Created: %(rows)s.") % {"rows": summary.describe("created")},
        _("Updated: %(rows)s.") % {"rows": summary.describe("updated")},
        _("Unchanged: %(rows)s.") % {"rows": summary.describe("unchanged")},
    ]
    lines.append(_("Skipped: %(count)d.") % {"count": len(summary.skipped)})
    for reason, where in summary.skipped_by_reason():
        numbers = [str(line) for line in where if line is not None]
        shown = ", ".join(numbers[:20]) + (" …" if len(numbers) > 20 else "")
        lines.append(f"  - {reason}" + (f" ({_('lines')} {shown})" if numbers else ""))
    for line, message in summary.warnings[:50]:
        lines.append(
            _("Warning: %(message)s") % {"message": message} + (f" (line {line})" if line else "")
        )
    if summary.dry_run:
        lines.append(_("Dry run: nothing was saved."))
    return lines


class ImportCommand(BaseCommand):
    kind = ""
    needs_author = True

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the file to import"))
        if self.needs_author:
            parser.add_argument(
                "--author",
                required=True,
                help=_("username of the author of the new entries"),
            )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("read and check everything, save nothing")
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help=_("processes rendering the texts (default: one per CPU)"),
        )

    def get_author(self, options):
        if not self.needs_author:
            return None
        username = options["author"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("no user named %(name)s") % {"name": username})
        return user

    def extra(self, options) -> dict:
        return {}

    def handle(self, *args, **options):
        author = self.get_author(options)
        try:
            handle = open(options["file"], "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror}") from None
        with handle:
            bar = ProgressBar.for_terminal(self.stderr._out, file_size(handle))
            try:
                summary = run_import(
                    self.kind,
                    handle,
                    author=author,
                    dry_run=options["dry_run"],
                    progress=bar,
                    jobs=options["jobs"],
                    **self.extra(options),
                )
            except ImportFormatError as error:
                raise CommandError(
                    _("%(file)s, %(error)s. Nothing was imported.")
                    % {"file": options["file"], "error": error}
                ) from None
            finally:
                if bar is not None:
                    bar.close()
        for line in summary_lines(summary):
            self.stdout.write(line)
