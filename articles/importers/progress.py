"""A one-line progress bar on a terminal (and nothing elsewhere)."""

import time
from typing import TextIO

WIDTH = 30


class ProgressBar:
    """Call with the bytes done; redraws at most ten times a second. :meth:`close` at the end."""

    def __init__(self, stream: TextIO, total: int | None, label: str = "Importing"):
        self.stream = stream
        self.total = total or 0
        self.label = label
        self.last = 0.0
        self.drawn = False

    @classmethod
    def for_terminal(cls, stream: TextIO, total: int | None, label: str = "Importing"):
        """A bar when ``stream`` is a terminal, else None."""
        isatty = getattr(stream, "isatty", None)
        return cls(stream, total, label) if isatty and isatty() else None

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < self.total:
            return
        self.last = now
        self.drawn = True
        if self.total:
            share = min(done / self.total, 1.0)
            filled = int(share * WIDTH)
            bar = "#" * filled + "-" * (WIDTH - filled)
            text = f"\r{self.label} [{bar}] {share:4.0%} {done / 1e6:.1f}/{self.total / 1e6:.1f} MB"
        else:
            text = f"\r{self.label} {done / 1e6:.1f} MB"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
