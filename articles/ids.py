"""Row ids in addresses and parameters: digits that fit a database's 64-bit integer.

A larger number would fail in the database ("bigint out of range", ``OverflowError``):
it is no id here, so that such an address is a 404 before any query.
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
