"""What a running import tells the others: lines read, and that its worker is alive.

The import is one transaction on the worker's connection: nothing it writes there is seen
before the end. :class:`Heartbeat` writes the job's progress from a thread of its own, hence
through a connection of its own (Django's connections are per thread), in autocommit.
"""

import contextlib
import io
import threading

from django.db import DatabaseError, connection
from django.utils import timezone

from .models import ImportJob

INTERVAL = 2.0  # seconds between two heartbeats


class LineCountingReader(io.RawIOBase):
    """The bytes of a file, read-only, counting the lines handed out so far."""

    def __init__(self, data: bytes):
        self._buffer = io.BytesIO(data)
        self.lines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        count = self._buffer.readinto(target)
        self.lines += bytes(memoryview(target)[:count]).count(b"\n")
        return count

    def readline(self, size: int | None = -1) -> bytes:
        line = self._buffer.readline(-1 if size is None else size)
        self.lines += line.count(b"\n")
        return line

    def read(self, size: int | None = -1) -> bytes:
        data = self._buffer.read(-1 if size is None else size)
        self.lines += data.count(b"\n")
        return data

    def tell(self) -> int:
        return self._buffer.tell()

    def rewind(self) -> None:
        """Back to the first byte, no line read (an import tried again)."""
        self._buffer.seek(0)
        self.lines = 0


class Heartbeat:
    """Every :data:`INTERVAL` seconds, write ``reader.lines`` and the time to the job's row."""

    def __init__(self, job_id, reader: LineCountingReader, interval: float = INTERVAL):
        self.job_id = job_id
        self.reader = reader
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="import-heartbeat", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                self.beat()
        finally:
            connection.close()  # this thread's own connection

    def beat(self) -> None:
        # SQLite lets one writer at a time, and the import is that writer until it ends:
        # there the next beat (or the end of the job) writes the progress.
        with contextlib.suppress(DatabaseError):
            ImportJob.objects.filter(pk=self.job_id, state=ImportJob.State.RUNNING).update(
                lines_read=self.reader.lines, heartbeat_at=timezone.now()
            )
