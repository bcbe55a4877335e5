"""``manage.py reindex [--background]``: the search app's command, plus ``--background``.

The ``jobs`` app comes before ``search`` in ``INSTALLED_APPS``, so this command is the one
``manage.py reindex`` runs; without ``--background`` it is the search app's own.
"""

from search.management.commands import reindex


class Command(reindex.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--background",
            action="store_true",
            help="enqueue the work as a task for a worker (manage.py db_worker) and return",
        )

    def handle(self, *args, background=False, **options):
        if not background:
            return super().handle(*args, **options)
        from jobs.tasks import reindex as reindex_task

        result = reindex_task.enqueue()
        self.stdout.write(f"Enqueued as task {result.id}; a worker runs it (db_worker).")
