"""Row lookups that requests make all the time, with their SQL compiled once per database connection."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Model
from django.db.transaction import TransactionManagementError

DATABASE = "sandbox"
M = TypeVar("M", bound=Model)


class Lookup(Generic[M]):
    """`Model.objects.filter(a=…, b=…).first()` over columns that identify at most one row (so no ORDER BY),
    optionally `select_for_update()`. Building an ORM query costs about 0.15 ms of CPU; running the
    compiled SQL again costs a tenth of that. Values pass through each field's own conversion, rows
    through the backend's converters, exactly as the ORM would."""

    def __init__(self, model: type[M], *columns: str, lock: bool = False):
        self.model, self.columns, self.lock = model, columns, lock
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._compiling = threading.Lock()

    def _markers(self) -> list[Any]:
        """Stand-ins for the values, recognisable among the compiled query's parameters."""
        markers: list[Any] = []
        for index, name in enumerate(self.columns):
            kind = self.model._meta.get_field(name).get_internal_type()
            markers.append(f"\x00lookup-{index}" if kind in ("CharField", "TextField") else -(2**40) - index)
        return markers

    def _compile(self, connection) -> tuple:
        markers = self._markers()
        query = self.model._default_manager.using(DATABASE).filter(**dict(zip(self.columns, markers, strict=True)))
        if self.lock:
            query = query.select_for_update()
        compiler = query.order_by()[:1].query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        if sorted(map(str, params)) != sorted(map(str, markers)):
            raise ValueError(f"{self.model.__name__} lookup on {self.columns}: unexpected parameters {params!r}")
        order = [markers.index(p) for p in params]
        names = [column.target.attname for column, _, _ in compiler.select]
        if names != [f.attname for f in self.model._meta.concrete_fields]:
            raise ValueError(f"{self.model.__name__} lookup: the query does not select every column")
        fields = [self.model._meta.get_field(name) for name in self.columns]
        prepare: list[Callable[[Any], Any]] = [
            (lambda value, f=f: f.get_db_prep_value(value, connection, prepared=False)) for f in fields]
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        compiled = (sql, order, prepare, names, compiler, converters)
        with self._compiling:
            self._compiled[connection] = compiled
        return compiled

    def first(self, *values: Any) -> M | None:
        connection = connections[DATABASE]
        compiled = self._compiled.get(connection) or self._compile(connection)
        sql, order, prepare, names, compiler, converters = compiled
        if self.lock and connection.features.has_select_for_update and connection.get_autocommit():
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        prepared = [convert(value) for convert, value in zip(prepare, values, strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(sql, [prepared[index] for index in order])
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = next(iter(compiler.apply_converters([row], converters)))
        return self.model.from_db(DATABASE, names, row)
