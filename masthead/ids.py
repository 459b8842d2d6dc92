"""Ids a row can have: a primary key is a signed 64-bit integer, and numbering starts at 1.

Any other number in an address or a body names nothing. It is answered as "not found" without asking the database,
which would refuse it outright (SQLite cannot even bind an integer past 64 bits).
"""

import re

from django.urls import register_converter

MAX_ID = 2**63 - 1


def storable(value):
    return isinstance(value, int) and 0 < value <= MAX_ID


def row_or_none(queryset, pk):
    """The row of `queryset` with this id, or None; an id no row can have is not sent to the database at all."""
    return queryset.filter(pk=pk).first() if storable(pk) else None


def row_id_from(text):
    """The id a piece of text names, or None. ASCII digits only: str.isdigit() also takes "²" and "٣", which int()
    refuses or reads as another number."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{1,19}", text):
        return None
    number = int(text)
    return number if storable(number) else None


class RowIdConverter:
    """`<row_id:name>` in an address: a number a row can have, or no match at all (a 404 before any view runs)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not storable(number):
            raise ValueError(value)  # Django then tries the next pattern, and answers 404 when none matches
        return number

    def to_url(self, value):
        return str(value)


register_converter(RowIdConverter, "row_id")
