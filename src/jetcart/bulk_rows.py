"""The one bulk-row writer of jetcart's Django apps (connector and sandbox): multi-row INSERT, UPDATE and
upsert in one executemany per batch, each column converted once per batch instead of the ORM's per-object SQL
building (Django's bulk_create prepares every value through several method calls, and bulk_update builds a
CASE per row and field: ~10x the cost at 200k listings or 300k sandbox SKUs).

Rows come as model instances (`insert_rows`, `update_rows`, the sandbox's bulk files) or as plain values
(`insert_values`, `update_values`, `upsert_values`: the connector's listings, runs, snapshot and taxonomy).
Imports only Django.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from operator import attrgetter
from types import NoneType
from typing import Any

import orjson
from django.db import connections, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    F,
    Field,
    IntegerField,
    JSONField,
    Model,
    TextField,
)
from django.db.models.constants import OnConflict
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

DATABASE = "sandbox"  # the default database of the instance-based writers (the sandbox's bulk files)
Column = Callable[[list], list]  # one column's values of a batch → its query parameters


def _converter(field: Field, connection) -> Column:
    """How a column's values go into query parameters, with the field's own conversion minus its per-value
    overhead: JSON text by orjson where the backend takes plain text; strings, booleans and integers as
    they are (and None) in text, boolean and integer columns, and finite decimals in decimal columns, where the
    backend adapts none (Django passes them through or only copies them); each distinct None, integer or
    aware datetime converted once (a batch repeats the same merchant id and few moments); anything else
    by the field itself."""
    def prepare(value):
        return field.get_db_prep_save(value, connection)

    if isinstance(field, JSONField) and connection.vendor in ("sqlite", "mysql"):
        dumps = orjson.dumps
        return lambda values: [None if v is None else "[]" if v == [] else dumps(v).decode() for v in values]
    ops = type(connection.ops)
    kind = _plain_kind(field, ops)
    if kind is not None:
        plain = {kind, type(None)}  # None is NULL in every backend, as the field's own preparation gives it

        def as_they_are(values):
            types = set(map(type, values))
            if types <= plain or (kind is str and all(t is NoneType or issubclass(t, str) for t in types)):
                return values  # a str subclass (a TextChoices member) is what CharField's preparation returns
            return [v if type(v) is kind or v is None else prepare(v) for v in values]

        return as_they_are
    if isinstance(field, DecimalField) and ops.adapt_decimalfield_value is BaseDatabaseOperations.adapt_decimalfield_value:
        return lambda values: [v if type(v) is Decimal and v.is_finite() else prepare(v) for v in values]

    def remembered(values):
        try:
            distinct = set(values)
        except TypeError:  # an unhashable value
            return [prepare(v) for v in values]
        if not all(map(_rememberable, distinct)):
            return [prepare(v) for v in values]
        converted = {v: prepare(v) for v in distinct}
        return list(map(converted.__getitem__, values))

    return remembered


def _plain_kind(field: Field, ops: type) -> type | None:
    """The Python type the backend takes as it is in this column (str, bool, int), or None."""
    if isinstance(field, CharField | TextField):
        return str
    if isinstance(field, BooleanField):
        return bool
    if isinstance(field, IntegerField) and ops.adapt_integerfield_value is BaseDatabaseOperations.adapt_integerfield_value:
        return int
    return None


def _rememberable(value) -> bool:
    kind = type(value)
    return kind is int or value is None or (kind is datetime and value.tzinfo is not None)


def _reader(field: Field) -> Callable[[Model], Any]:
    """The value an INSERT stores: the attribute itself unless the field sets it on save (auto_now…)."""
    plain = type(field).pre_save in (Field.pre_save, DateField.pre_save, DateTimeField.pre_save)
    if plain and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False):
        return attrgetter(field.attname)
    return lambda obj: field.pre_save(obj, True)


def _params(objs: Sequence[Model], columns: list[tuple[Callable[[Model], Any], Column]]) -> list[tuple]:
    """The rows' parameters, converted column by column (one pass of C-level reads per column)."""
    return list(zip(*(convert(list(map(read, objs))) for read, convert in columns), strict=True))


def _stamped(field: Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _value_params(fields: Sequence[Field], rows: Sequence[dict[str, Any]], connection) -> list[tuple]:
    """The statement parameters of rows given as {field attname: value}: a field not given takes its default,
    auto_now fields the time of the call; each column converted for the database in one pass."""
    now = timezone.now()
    given = set().union(*rows)
    columns = []
    for f in fields:
        default = now if _stamped(f) else f.get_default()
        convert = _converter(f, connection)
        if f.attname in given:
            columns.append(convert([row.get(f.attname, default) for row in rows]))
        else:  # the same default on every row, converted once
            columns.append(convert([default]) * len(rows))
    return list(zip(*columns, strict=True))


def insert_values(model: type[Model], rows: Sequence[dict[str, Any]], *, using: str = "default") -> None:
    """Inserts new rows given as {field attname: value}, without building model instances; a field not given
    takes its default, and auto_now fields the time of the call."""
    if not rows:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    params = _value_params(fields, rows, connection)
    names = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})",
                           params)


def upsert_values(model: type[Model], rows: Sequence[dict[str, Any]], *, unique: Sequence[str],
                  update: Sequence[str], using: str = "default") -> None:
    """Inserts rows given as {field attname: value} (a field not given takes its default; an automatic primary
    key is left to the database) or, where a row with the same `unique` fields exists, sets its `update` fields
    from the row: one executemany of the backend's INSERT … ON CONFLICT / ON DUPLICATE KEY UPDATE, the
    statement bulk_create(update_conflicts=True) writes."""
    if not rows:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, AutoFieldMixin))]
    params = _value_params(fields, rows, connection)
    names = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    suffix = connection.ops.on_conflict_suffix_sql(
        fields, OnConflict.UPDATE, [model._meta.get_field(name).column for name in update],
        [model._meta.get_field(name).column for name in unique])
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks}) {suffix}",
                           params)


def update_values(model: type[Model], key: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *,
                  using: str = "default") -> None:
    """Sets `columns` of many rows, each to its own values: rows of (value, …, key value), in one executemany."""
    if not rows:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in (*columns, key)]
    converted = [_converter(f, connection)(list(values)) for f, values in zip(fields, zip(*rows, strict=True),
                                                                              strict=True)]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields[:-1])
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(fields[-1].column)} = %s"
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.executemany(sql, list(zip(*converted, strict=True)))


def insert_rows(model: type[Model], objs: Sequence[Model], *, using: str = DATABASE) -> None:
    if not objs:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    params = _params(objs, [(_reader(f), _converter(f, connection)) for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_rows(model: type[Model], objs: Sequence[Model], field_names: Sequence[str], *,
                using: str = DATABASE) -> None:
    if not objs:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    pk = model._meta.pk
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
    columns = [(attrgetter(f.attname), _converter(f, connection)) for f in fields]
    params = _params(objs, [*columns, (attrgetter(pk.attname), _converter(pk, connection))])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_in(model: type[Model], key: str, keys: Sequence[Any], assignments: dict[str, Any], *,
              condition: str = "", using: str = "default") -> int:
    """`UPDATE … SET column = value, … WHERE key IN (keys) [AND condition]` in one statement; returns the rows
    changed. The keys (strings or integers) go into the query as they are: the ORM's `__in` prepares each one
    through several calls, more than the statement itself costs at a thousand keys. A value may be `F(name)`
    (another column of the row); `condition` is SQL over the table's columns."""
    if not keys:
        return 0
    connection = connections[using]
    quote = connection.ops.quote_name
    opts = model._meta
    sets, params = [], []
    for name, value in assignments.items():
        field = opts.get_field(name)
        if isinstance(value, F):
            sets.append(f"{quote(field.column)} = {quote(opts.get_field(value.name).column)}")
        else:
            sets.append(f"{quote(field.column)} = %s")
            params.append(field.get_db_prep_save(value, connection))
    sql = (f"UPDATE {quote(opts.db_table)} SET {', '.join(sets)} WHERE {quote(opts.get_field(key).column)} IN "
           f"({', '.join(['%s'] * len(keys))})" + (f" AND ({condition})" if condition else ""))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *keys])
        return cursor.rowcount


def keys_in(model: type[Model], key: str, keys: Sequence[Any], condition: str, *, using: str = "default") -> list:
    """The keys among `keys` whose rows meet `condition` (SQL over the table's columns), in one query with the
    keys passed as they are (see `update_in`)."""
    if not keys:
        return []
    connection = connections[using]
    quote = connection.ops.quote_name
    column = quote(model._meta.get_field(key).column)
    sql = (f"SELECT {column} FROM {quote(model._meta.db_table)} WHERE {column} IN "
           f"({', '.join(['%s'] * len(keys))}) AND ({condition})")
    with connection.cursor() as cursor:
        cursor.execute(sql, list(keys))
        return [row[0] for row in cursor.fetchall()]
