"""Stock moves as OpenCart makes them on status changes, each applied exactly once without transactions.

A move is recorded in the same statement as the stock change: on MySQL/MariaDB one multi-table
UPDATE changes the quantity and advances the journal's `step`; on SQLite (no multi-table UPDATE)
the two statements share a transaction. A retry continues from `step`, so no move is made twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Integer, Table, Update, bindparam, case, select, update

from jetcart.store.errors import OrderWriteInProgress
from jetcart.store.schema.live import StoreSchema


@dataclass(frozen=True, order=True)
class StockMove:
    table: str  # "product" or "product_option_value"
    target_id: int
    quantity: int


def plan_moves(conn: Connection, schema: StoreSchema, order_id: int) -> list[StockMove]:
    """What OpenCart subtracts for an order: each line's product (and 4.x master) and each chosen option value.

    Built from the order's own rows, summed per target and sorted, so every attempt plans the same list;
    whether a target has subtract = 1 is decided when the move is applied, as OpenCart does.
    """
    op, oo = schema["order_product"], schema["order_option"]
    cols = [op.c.order_product_id, op.c.product_id, op.c.quantity]
    if "master_id" in op.c:
        cols.append(op.c.master_id)
    lines = conn.execute(select(*cols).where(op.c.order_id == order_id)).all()
    values: dict[int, list[int]] = {line.order_product_id: [] for line in lines}
    options = conn.execute(
        select(oo.c.order_product_id, oo.c.product_option_value_id).where(
            oo.c.order_id == order_id, oo.c.product_option_value_id > 0
        )
    ).all()
    for opt in options:
        if opt.order_product_id in values:
            values[opt.order_product_id].append(opt.product_option_value_id)
    return moves_of(
        (line.product_id, getattr(line, "master_id", 0) or 0, line.quantity, values[line.order_product_id])
        for line in lines
    )


def moves_of(lines: Iterable[tuple[int, int, int, Iterable[int]]]) -> list[StockMove]:
    """The moves of order lines given as (product_id, master_id, quantity, chosen option value ids > 0): what
    `plan_moves` reads back from the order's rows, so a write that has just written those rows can skip the read."""
    totals: dict[tuple[str, int], int] = {}
    for product_id, master_id, quantity, value_ids in lines:
        totals[("product", product_id)] = totals.get(("product", product_id), 0) + quantity
        if master_id and master_id != product_id:
            totals[("product", master_id)] = totals.get(("product", master_id), 0) + quantity
        for value_id in value_ids:
            key = ("product_option_value", value_id)
            totals[key] = totals.get(key, 0) + quantity
    return sorted(StockMove(table, target, qty) for (table, target), qty in totals.items() if qty)


def apply_moves(
    conn: Connection, schema: StoreSchema, *, key: str, attempt: str, moves: list[StockMove], start: int, sign: int,
    state: str, entering: tuple[str, dict] | None = None, leaving: dict | None = None,
) -> None:
    """Applies moves[start:] (sign -1 takes stock, +1 puts it back), advancing the journal step with each, while the
    journal is in `state`. `entering` = (the state the journal is still in, more journal values): the first move
    also moves the journal from that state into `state`; `leaving`: journal values the last move also writes (the
    next state). Either way each move and its journal change stay one statement (SQLite: one transaction)."""
    journal = schema.journal
    last = len(moves) - 1
    for step in range(start, len(moves)):
        move = moves[step]
        expected = entering[0] if entering and step == start else state
        values = {"step": step + 1}
        if expected != state:
            values.update(entering[1], state=state)
        if leaving and step == last:
            values.update(leaving)
        if conn.dialect.name == "sqlite":
            applied = _apply_in_transaction(conn, schema, move, sign, _guard(journal, key, attempt, step, expected),
                                            values)
        else:
            applied = conn.execute(_move_statement(schema, move.table, tuple(sorted(values))), {
                "b_delta": sign * move.quantity, "b_target": move.target_id, "b_key": key, "b_step": step,
                "b_attempt": attempt, "b_expected": expected, **{f"v_{name}": value for name, value in values.items()},
            }).rowcount > 0
        if not applied:
            _skip_or_stop(conn, journal, key, attempt, step, expected, _guard(journal, key, attempt, step, expected),
                          values)


def _guard(journal: Table, key: str, attempt: str, step: int, state: str) -> tuple:
    return (journal.c.marketplace_order_id == key, journal.c.step == step, journal.c.attempt == attempt,
            journal.c.state == state)


def _move_statement(schema: StoreSchema, table: str, names: tuple[str, ...]) -> Update:
    """MySQL/MariaDB: one multi-table UPDATE changes the stock (where subtract = 1) and the journal's `names`
    together; built once per store, table and set of journal columns."""

    def build() -> Update:
        target, journal = schema[table], schema.journal
        delta = case((target.c.subtract == 1, bindparam("b_delta", type_=Integer)), else_=0)
        return (
            update(target)
            .values({target.c.quantity: target.c.quantity + delta,
                     **{journal.c[name]: bindparam(f"v_{name}") for name in names}})
            .where(target.c[f"{table}_id"] == bindparam("b_target"),
                   journal.c.marketplace_order_id == bindparam("b_key"), journal.c.step == bindparam("b_step"),
                   journal.c.attempt == bindparam("b_attempt"), journal.c.state == bindparam("b_expected"))
        )

    return schema.statement(("move", table, names), build)


def _apply_in_transaction(conn: Connection, schema: StoreSchema, move: StockMove, sign: int, guard: tuple,
                          values: dict) -> bool:
    target: Table = schema[move.table]
    delta = case((target.c.subtract == 1, sign * move.quantity), else_=0)
    conn.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        claimed = conn.execute(update(schema.journal).values(values).where(*guard)).rowcount
        changed = conn.execute(update(target).values(quantity=target.c.quantity + delta).where(
            target.c[f"{move.table}_id"] == move.target_id))
        if not claimed or not changed.rowcount:
            conn.exec_driver_sql("ROLLBACK")
            return False
    except BaseException:
        conn.exec_driver_sql("ROLLBACK")
        raise
    conn.exec_driver_sql("COMMIT")
    return True


def _skip_or_stop(conn, journal, key, attempt, step, expected, guard, values) -> None:
    """A move matched nothing: its target was deleted (skip it: only the journal moves on), or another attempt took
    over (stop)."""
    row = conn.execute(select(journal.c.attempt, journal.c.step, journal.c.state).where(
        journal.c.marketplace_order_id == key)).first()
    skipped = (row is not None and (row.attempt, row.step, row.state) == (attempt, step, expected)
               and conn.execute(update(journal).values(values).where(*guard)).rowcount)
    if skipped:
        return
    raise OrderWriteInProgress(f"marketplace order {key}: another attempt took over the write")
