"""Row ids in addresses and parameters: digits that fit a database's 64-bit integer.

A longer run of digits is no row of the site; turned into a Python ``int`` and sent to the
database, it fails there ("bigint out of range" on PostgreSQL, an ``OverflowError`` on
SQLite). The ``<id:...>`` path converter makes such an address a 404 before any query,
:func:`parse_id` reads an id from a query parameter or a form field the same way.
"""

MAX_ID = 2**63 - 1


def parse_id(text: str) -> int | None:
    """The id written in ``text`` (ASCII digits only), or None when it is not one."""
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


class IdConverter:
    """``<id:pk>``: a positive id of at most 19 digits, within a signed 64-bit integer."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"not an id: {value}")
        return number

    def to_url(self, value) -> str:
        return str(value)
