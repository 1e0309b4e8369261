"""Loading many rows at once with PostgreSQL's COPY, for the demo data at Seoul's scale: a million
reservations load in seconds, where bulk_create spends minutes building model instances and INSERTs."""

import io
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange, DateTimeTZRange
from django.utils import timezone

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, DateTimeTZRange | DateRange):
        return f"[{_text(value.lower)},{_text(value.upper)})"
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, list | tuple):
        inner = ",".join('"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in value)
        return ("{" + inner + "}").translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


def copy_rows(model, rows, chunk=50_000):
    """COPY `rows` (dicts by attribute name, e.g. `facility_id`) into the model's table; a column a row
    leaves out takes the field's default (`auto_now_add` fields: now). Returns how many rows were loaded.
    No model instance is made and no signal is sent."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    now = timezone.now()
    defaults = {
        f.attname: now if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False) else f.get_default()
        for f in fields
    }
    # A callable default (a token, say) is called for each row, as saving each row would.
    per_row = [f for f in fields if f.has_default() and callable(f.default) and f.default is not timezone.now]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    total, buffer, pending = 0, io.StringIO(), 0
    with connection.cursor() as cursor:
        for row in rows:
            for field in per_row:
                if field.attname not in row:
                    row[field.attname] = field.default()
            buffer.write("\t".join(_text(row.get(f.attname, defaults[f.attname])) for f in fields))
            buffer.write("\n")
            pending += 1
            if pending >= chunk:
                buffer.seek(0)
                cursor.copy_expert(sql, buffer)
                total, buffer, pending = total + pending, io.StringIO(), 0
        if pending:
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)
            total += pending
    return total


@contextmanager
def indexes_set_aside(model):
    """Drop the table's indexes, exclusion constraints and foreign keys for a big load and make them
    again after it, in the same transaction: building an index once over a million rows takes seconds,
    keeping it up to date row by row (a GiST index above all) takes many minutes. Every constraint is
    checked again when it is made, so the loaded rows are held to the same rules."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check may wait on a dropped key
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('x', 'f')",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = %s::regclass AND NOT indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = pg_index.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        quoted = connection.ops.quote_name(table)
        for name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
