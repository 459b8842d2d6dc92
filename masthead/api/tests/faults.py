"""A database that stops answering, for tests of what readers are told then.

The failure is made with Django's own hook on the connection (`execute_wrapper`): a statement is refused before it
reaches the database, with the error the database drivers raise for a held lock or a lost connection.
"""

from contextlib import contextmanager

from django.db import OperationalError, connection

# Transaction bookkeeping still goes through, so the test's own transaction survives the failure.
BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")


@contextmanager
def database_stops_answering(*, from_statement):
    """Every statement fails from the first one that starts with `from_statement` on: a lock held too long, then
    the connection gone. Yields the list of the statements refused."""
    refused = []

    def refuse(execute, sql, params, many, context):
        if refused or sql.lstrip().upper().startswith(from_statement):
            if not sql.lstrip().upper().startswith(BOOKKEEPING):
                refused.append(sql)
                raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield refused
