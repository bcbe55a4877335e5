"""What the import and export commands share: options, progress bar, summary, errors."""

import os
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.importers.base import ImportFormatError
from articles.importers.services import run_import

BAR_WIDTH = 30


class ProgressBar:
    """Call with the bytes done; redraws at most ten times a second. :meth:`close` at the end."""

    def __init__(self, stream, total: int):
        self.stream = stream
        self.total = total
        self.last = 0.0  # when last drawn

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < self.total:
            return
        self.last = now
        if self.total:
            share = min(done / self.total, 1.0)
            filled = int(share * BAR_WIDTH)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            text = f"\rImporting [{bar}] {share:4.0%} {done / 1e6:.1f}/{self.total / 1e6:.1f} MB"
        else:
            text = f"\rImporting {done / 1e6:.1f} MB"
        self.stream.write(text, style_func=str, ending="")  # not coloured as an error
        self.stream.flush()

    def close(self) -> None:
        if self.last:
            self.stream.write("")
            self.stream.flush()


def summary_lines(summary) -> list[str]:
    """The summary as lines of text (the job page shows the same)."""
    lines = [
        _("Created: %(rows)s.") % {"rows": summary.describe("created")},
        _("Updated: %(rows)s.") % {"rows": summary.describe("updated")},
        _("Unchanged: %(rows)s.") % {"rows": summary.describe("unchanged")},
        _("Skipped: %(count)d.") % {"count": len(summary.skipped)},
    ]
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

    def handle(self, *args, **options):
        author = None
        if self.needs_author:
            author = get_user_model().objects.filter(username=options["author"]).first()
            if author is None:
                raise CommandError(_("no user named %(name)s") % {"name": options["author"]})
        try:
            handle = open(options["file"], "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror}") from None
        with handle:
            terminal = self.stderr
            bar = ProgressBar(terminal, os.fstat(handle.fileno()).st_size)
            try:
                summary = run_import(
                    self.kind,
                    handle,
                    author=author,
                    dry_run=options["dry_run"],
                    folders_as_tags=options.get("folders_as_tags", False),
                    progress=bar if terminal.isatty() else None,
                    jobs=options["jobs"],
                )
            except ImportFormatError as error:
                raise CommandError(
                    _("%(file)s, %(error)s. Nothing was imported.")
                    % {"file": options["file"], "error": error}
                ) from None
            finally:
                bar.close()
        for line in summary_lines(summary):
            self.stdout.write(line)


class ExportCommand(BaseCommand):
    """Writes ``export(out)`` to a file or to standard output; what it returns is reported."""

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the file to write (“-” for standard output)"))

    def handle(self, *args, file, **options):
        if file == "-":
            self.stdout.ending = ""  # the export writes its own line ends
            done = self.export(self.stdout)
        else:
            try:
                with open(file, "w", encoding="utf-8", newline="\n") as out:
                    done = self.export(out)
            except OSError as error:
                raise CommandError(f"{file}: {error.strerror}") from None
        self.stderr.write(f"Exported {done}.")
