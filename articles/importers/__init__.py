"""Bringing a press review in and out: seenthis text, Netscape bookmarks, JSON backup.

Parsers (:mod:`.seenthis`, :mod:`.bookmarks`, :mod:`.backup`) are pure: they read a
file and yield :class:`~.base.ParsedLink` objects or raise
:class:`~.base.ImportFormatError` naming the line. :mod:`.apply` is the one place
that writes entries; :mod:`.services` runs a whole import in one transaction.
"""
