"""Ids a row can have: a primary key is a signed 64-bit integer, and numbering starts at 1.

Any other number in an address or a body names nothing. It is answered as "not found" without asking the database,
which would refuse it outright (SQLite cannot even bind an integer past 64 bits).
"""

MAX_ID = 2**63 - 1


def storable(value):
    return isinstance(value, int) and 0 < value <= MAX_ID
