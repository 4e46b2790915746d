"""Fast batch reads for bulk-file processing: one SELECT per batch of keys, each column converted as the
ORM converts it, without the ORM's per-query compile and per-value call chain."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson
from django.db import connections
from django.db.models import CharField, JSONField, Model, TextField

from jetcart.batches import batches

DATABASE = "sandbox"
CHUNK = 2500  # keys per SELECT (SQLite takes at most 32,766 parameters)
Column = Callable[[tuple], list]  # one column's raw values → the values the ORM would give


def _converter(field, connection) -> Column | None:
    """The ORM's conversion of one column's raw values (backend converters, then the field's), or None when
    there is none. JSON text is decoded by orjson, which gives the same value as the json module for any
    text it accepts (anything else goes the ORM's way). Other converted columns hold immutable values
    (datetimes, decimals, booleans): each distinct raw value is converted once when the column holds
    values of one type other than float (equal values of one such type convert alike)."""
    column = field.get_col(field.model._meta.db_table)
    chain = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    if not chain:
        return None

    def convert(value):
        for step in chain:
            value = step(value, column, connection)
        return value

    if isinstance(field, JSONField) and field.decoder is None and chain == [field.from_db_value]:
        loads, error = orjson.loads, orjson.JSONDecodeError

        def decode(value):
            if type(value) is str:
                try:
                    return loads(value)
                except error:
                    pass
            return convert(value)

        return lambda values: list(map(decode, values))

    def once_each(values):
        distinct = set(values)
        if len(distinct) > len(values) // 2 or len(set(map(type, distinct))) != 1 or float in map(type, distinct):
            return list(map(convert, values))
        converted = {value: convert(value) for value in distinct}
        return list(map(converted.__getitem__, values))

    return once_each


class RowReader:
    """`model.objects.filter(<scope>=…, <key>__in=keys).values_list(*columns)` for many batches: the SQL is
    written once per batch size and values pass through the ORM's converters."""

    def __init__(self, model: type[Model], scope: str, key: str, columns: Sequence[str], *,
                 using: str = DATABASE):
        self.using = using
        connection = connections[using]
        quote = connection.ops.quote_name
        meta = model._meta
        self.columns = list(columns)
        fields = [meta.get_field(name) for name in self.columns]
        self.key_index = self.columns.index(key)
        self._head = (f"SELECT {', '.join(quote(f.column) for f in fields)} FROM {quote(meta.db_table)} "
                      f"WHERE {quote(meta.get_field(scope).column)} = %s AND {quote(meta.get_field(key).column)} IN ")
        self._scope_field, self._key_field = meta.get_field(scope), meta.get_field(key)
        self._converters = [(index, convert) for index, field in enumerate(fields)
                            if (convert := _converter(field, connection)) is not None]
        self._sql: dict[int, str] = {}

    def _key_params(self, keys: list, connection) -> list:
        if isinstance(self._key_field, CharField | TextField) and set(map(type, keys)) <= {str}:
            return keys  # what CharField.get_db_prep_value gives for strings
        return [self._key_field.get_db_prep_value(k, connection, prepared=False) for k in keys]

    def read(self, scope_value: Any, keys: Iterable[Any]) -> list[tuple]:
        """The rows (values in `columns` order) whose key is among `keys`, in the given scope."""
        keys = list(dict.fromkeys(keys))
        if len(keys) <= CHUNK:
            return self._read(scope_value, keys)
        return [row for part in batches(keys, CHUNK) for row in self._read(scope_value, part)]

    def _read(self, scope_value: Any, keys: list) -> list[tuple]:
        connection = connections[self.using]
        if not keys:
            return []
        sql = self._sql.get(len(keys))
        if sql is None:
            sql = self._sql[len(keys)] = self._head + "(" + ", ".join(["%s"] * len(keys)) + ")"
        params = [self._scope_field.get_db_prep_value(scope_value, connection, prepared=False),
                  *self._key_params(keys, connection)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            raw_rows = cursor.fetchall()
        if not raw_rows or not self._converters:
            return raw_rows
        values = list(zip(*raw_rows, strict=True))
        for index, convert in self._converters:
            values[index] = convert(values[index])
        return list(zip(*values, strict=True))
