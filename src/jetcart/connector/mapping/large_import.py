"""Large mapping CSV imports in short transactions, so the rest of jetcart keeps working while one runs.

All or nothing is kept by checking every row before applying any: each chunk of rows is applied inside a
transaction that is then rolled back, so a check holds the database for a moment only. When no row was refused,
the rows are applied chunk by chunk, each chunk committed together with the import's progress, so an import cut
off (a worker killed) resumes after its last committed chunk. A row that passed the check but is refused while
applying (the taxonomy or the store changed in between) stops the import and says which rows were applied;
applying the same file again is harmless.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jetcart.connector.mapping import store_catalog
from jetcart.connector.mapping.csv_transfer import RowError, apply_row, parse_rows
from jetcart.connector.models import MappingImport

MAX_IMPORT_BYTES = 20 * 1024 * 1024  # about 800,000 rows; a mapping file of a large store is a few MB
BACKGROUND_ROWS = 2_000  # larger files are imported in the background, in short transactions
CHUNK_ROWS = 250  # at most this many rows per transaction …
CHUNK_SECONDS = 0.3  # … and a transaction ends once it has held the database this long
# Between transactions the import waits this long: SQLite's busy handler lets a waiting writer (a login, a job)
# retry only every ~100 ms, so an import that began its next transaction at once would starve it.
PAUSE_SECONDS = 0.15
ERRORS_KEPT = 200

Status = MappingImport.Status
Progress = Callable[[MappingImport], None]


class MappingFileTooLarge(ValueError):
    """The file is above MAX_IMPORT_BYTES."""


class _RollBack(Exception):
    """Undoes a chunk applied only to check it."""


def create_import(text: str, *, file_name: str = "", user: str = "") -> MappingImport:
    """Records an import to run (refuses a file above the size limit); counts its data rows."""
    size = len(text.encode("utf-8"))
    if size > MAX_IMPORT_BYTES:
        raise MappingFileTooLarge(f"The file is {size / 1_048_576:.1f} MB; at most {MAX_IMPORT_BYTES // 1_048_576} MB "
                                  "can be imported at once. Split it into several files.")
    rows, _ = parse_rows(text)
    return MappingImport.objects.create(file_name=file_name[:255], csv_text=text, total_rows=len(rows),
                                        created_by=user[:150])


def is_large(text: str) -> bool:
    """Whether a file is imported in the background (counting lines is a cheap bound on rows)."""
    return text.count("\n") > BACKGROUND_ROWS


def _save(record: MappingImport, **fields) -> None:
    for name, value in fields.items():
        setattr(record, name, value)
    record.save(update_fields=[*fields, "updated_at"])


def _fail(record: MappingImport, errors: list[RowError], *, prefix: str = "") -> MappingImport:
    errors = sorted(errors, key=lambda e: e.line)
    lines = ([prefix] if prefix else []) + [str(e) for e in errors[:ERRORS_KEPT]]
    _save(record, status=Status.FAILED, error_count=len(errors), errors="\n".join(lines), csv_text="",
          finished_at=timezone.now())
    return record


def _check_chunk(rows: list[tuple[int, dict[str, str]]], start: int,
                 option_rows: dict[str, list[tuple[int, dict[str, str]]]]) -> tuple[int, list[RowError]]:
    """Applies rows from start (until CHUNK_ROWS or CHUNK_SECONDS) and rolls them back; where it stopped and the
    rows it refused. Option values are checked against the option mappings the file itself makes (applied first,
    in the same rolled-back transaction)."""
    candidates = rows[start:start + CHUNK_ROWS]
    needed = {(row.get("jet_id") or "").strip() for _, row in candidates
              if (row.get("kind") or "").strip() == "option_value"}
    errors: list[RowError] = []
    end = start
    try:
        with transaction.atomic():
            deadline = time.monotonic() + CHUNK_SECONDS
            for option_id in sorted(needed):
                for line, row in option_rows.get(option_id, []):
                    apply_row(line, row)  # its own refusal is reported when its own chunk is checked
            for line, row in candidates:
                error = apply_row(line, row)
                if error:
                    errors.append(error)
                end += 1
                if time.monotonic() > deadline:
                    break
            raise _RollBack
    except _RollBack:
        pass
    return end, errors


def _apply_chunk(record: MappingImport, rows: list[tuple[int, dict[str, str]]]) -> RowError | None:
    """Applies rows after the last applied one (until CHUNK_ROWS or CHUNK_SECONDS), committed with the count; the
    refused row, if one was (then the chunk is undone)."""
    start = record.applied_rows
    with transaction.atomic():
        deadline = time.monotonic() + CHUNK_SECONDS
        done = 0
        for line, row in rows[start:start + CHUNK_ROWS]:
            error = apply_row(line, row)
            if error:
                transaction.set_rollback(True)
                return error
            done += 1
            if time.monotonic() > deadline:
                break
        MappingImport.objects.filter(pk=record.pk).update(applied_rows=F("applied_rows") + done,
                                                          updated_at=timezone.now())
    record.refresh_from_db()
    return None


def run_import(import_id: int, progress: Progress | None = None) -> MappingImport:
    """Checks then applies one recorded import; resumes one cut off while applying. Returns it finished."""
    with store_catalog.reusing_categories():
        return _run_import(import_id, progress)


def _run_import(import_id: int, progress: Progress | None) -> MappingImport:
    record = MappingImport.objects.get(pk=import_id)
    if record.finished:
        return record
    rows, header_error = parse_rows(record.csv_text)
    if header_error:
        return _fail(record, [header_error])
    if record.status != Status.APPLYING:
        _save(record, status=Status.CHECKING, total_rows=len(rows), checked_rows=0)
        option_rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
        for line, row in rows:
            if (row.get("kind") or "").strip() == "option":
                option_rows.setdefault((row.get("store_id") or "").strip(), []).append((line, row))
        errors: list[RowError] = []
        position = 0
        while position < len(rows):
            position, refused = _check_chunk(rows, position, option_rows)
            errors += refused
            _save(record, checked_rows=position)
            if progress:
                progress(record)
            time.sleep(PAUSE_SECONDS)
        if errors:
            return _fail(record, errors, prefix=f"Nothing was imported: {len(errors)} row(s) were refused.")
        _save(record, status=Status.APPLYING, applied_rows=0)
    while record.applied_rows < len(rows):
        error = _apply_chunk(record, rows)
        if error:
            record.refresh_from_db()
            return _fail(record, [error], prefix=(
                f"Stopped after applying {record.applied_rows} of {len(rows)} rows: this row was refused although "
                "it passed the check (the taxonomy or the store changed meanwhile). The rows applied are kept; "
                "fix the row and import the file again (applying a row twice is harmless)."))
        if progress:
            progress(record)
        time.sleep(PAUSE_SECONDS)
    _save(record, status=Status.DONE, csv_text="", finished_at=timezone.now())
    return record
