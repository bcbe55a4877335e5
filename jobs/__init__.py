"""Background jobs: imports uploaded on the web, rerender and reindex (django-tasks)."""
