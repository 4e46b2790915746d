"""Large mapping CSV imports: in the background with visible progress, checked whole before any row is applied
(one refused row changes nothing), applied in short transactions that leave the database to others between
chunks, resumable after a cut-off, and refused above the size limit."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.mapping import large_import as mapping_import
from jetcart.connector.mapping.large_import import MappingFileTooLarge, create_import, run_import
from jetcart.connector.models import CategoryMapping, MappingImport, OptionMapping, OptionValueMapping
from jetcart.connector.taxonomy.categories import import_taxonomy_from_files
from jetcart.site.cli import main
from jetcart.store.models import Category
from tests.fakes.mapping import write_taxonomy
from tests.fakes.store import FakeStore

CATEGORIES = 200
HEADER = "kind,store_id,store_name,jet_id,jet_value\n"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A store with many categories, the taxonomy imported, and small limits so a few hundred rows are 'large'."""
    monkeypatch.setattr(mapping_import, "BACKGROUND_ROWS", 50)
    monkeypatch.setattr(mapping_import, "CHUNK_ROWS", 20)
    monkeypatch.setattr(mapping_import, "PAUSE_SECONDS", 0)
    fake = FakeStore()
    for i in range(CATEGORIES):
        fake.category_rows[1000 + i] = Category(1000 + i, 0, f"Shelf {i}", (f"Shelf {i}",), True)
    with override_gateways(store=fake):
        import_taxonomy_from_files(path=write_taxonomy(tmp_path / "tax"))
        yield fake


def mapping_file(*, bad_last_row: bool = False) -> str:
    # Option values come first in the file and their option last: applying sorts them, checking must too.
    rows = ["option_value,101,Color: Red,13,Red", "option_value,102,Color: Blue,13,Blue"]
    rows += [f"category,{1000 + i},Shelf {i},8000195," for i in range(CATEGORIES)]
    rows.append("option,13,Color,119,")
    if bad_last_row:
        rows.append("category,99999,Nowhere,8000195,")
    return HEADER + "\n".join(rows) + "\n"


@pytest.mark.django_db
def test_a_large_file_is_imported_in_the_background_with_progress(admin_client, store):
    upload = SimpleUploadedFile("mappings.csv", mapping_file().encode(), content_type="text/csv")
    answer = admin_client.post("/jet/category-mapping/import/", {"file": upload})
    record = MappingImport.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/jet/category-mapping/imports/{record.pk}/"
    page = admin_client.get(answer["Location"]).content.decode()
    assert 'data-status="done"' in page and f"Imported {CATEGORIES + 3} mapping rows." in page
    assert record.total_rows == record.checked_rows == record.applied_rows == CATEGORIES + 3
    assert record.csv_text == ""  # the file is not kept once imported
    assert CategoryMapping.objects.count() == CATEGORIES
    assert OptionMapping.objects.get().jet_attribute_id == 119
    assert dict(OptionValueMapping.objects.values_list("store_option_value_id", "jet_value")) == {101: "Red",
                                                                                                 102: "Blue"}


@pytest.mark.django_db
def test_one_refused_row_changes_nothing(admin_client, store):
    upload = SimpleUploadedFile("mappings.csv", mapping_file(bad_last_row=True).encode(), content_type="text/csv")
    location = admin_client.post("/jet/category-mapping/import/", {"file": upload})["Location"]
    record = MappingImport.objects.get()
    assert record.status == "failed" and record.applied_rows == 0 and record.checked_rows == CATEGORIES + 4
    assert not CategoryMapping.objects.exists() and not OptionMapping.objects.exists()
    page = admin_client.get(location).content.decode()
    assert "Nothing was imported: 1 row(s) were refused." in page
    assert f"line {CATEGORIES + 5}: category: The store has no category with ID 99999." in page


@pytest.mark.django_db(transaction=True)
def test_between_chunks_the_database_is_free_for_others(store):
    path = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":
        pytest.skip("the lock this checks is SQLite's")
    record = create_import(mapping_file())
    writes = []

    def another_writer(current: MappingImport) -> None:
        assert not connection.in_atomic_block  # no transaction held open across chunks
        other = sqlite3.connect(path, timeout=0.5)  # the app's busy timeout is 30 s: 0.5 s shows no one holds it
        other.execute("CREATE TABLE IF NOT EXISTS probe (x)")
        other.execute("INSERT INTO probe VALUES (?)", (current.checked_rows + current.applied_rows,))
        other.commit()
        other.close()
        writes.append(current.status)

    finished = run_import(record.pk, progress=another_writer)
    assert finished.status == "done"
    chunks = -(-(CATEGORIES + 3) // mapping_import.CHUNK_ROWS)
    assert writes.count("checking") >= chunks and writes.count("applying") >= chunks
    assert CategoryMapping.objects.count() == CATEGORIES


@pytest.mark.django_db(transaction=True)
def test_a_writer_waiting_for_the_database_is_never_starved(store, monkeypatch):
    """Another process writing all along (a login, a job) gets in within its busy timeout every time."""
    if connection.vendor != "sqlite":
        pytest.skip("the lock this checks is SQLite's")
    monkeypatch.setattr(mapping_import, "CHUNK_ROWS", 10_000)  # chunks end by time only
    monkeypatch.setattr(mapping_import, "CHUNK_SECONDS", 0.05)
    monkeypatch.setattr(mapping_import, "PAUSE_SECONDS", 0.15)
    path = connection.settings_dict["NAME"]
    record = create_import(mapping_file())
    outcomes: list[str] = []
    done = threading.Event()

    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE IF NOT EXISTS probe (x)")
    setup.commit()
    setup.close()

    def writer() -> None:
        other = sqlite3.connect(path, timeout=1.0)
        while not done.is_set():
            try:
                other.execute("INSERT INTO probe VALUES (1)")
                other.commit()
                outcomes.append("ok")
            except sqlite3.OperationalError as exc:
                outcomes.append(str(exc))
            time.sleep(0.02)
        other.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert run_import(record.pk).status == "done"
    finally:
        done.set()
        thread.join()
    assert outcomes and set(outcomes) == {"ok"}


@pytest.mark.django_db(transaction=True)
def test_an_import_cut_off_while_applying_resumes_after_its_last_chunk(store):
    record = create_import(mapping_file())

    class Killed(BaseException):
        pass

    def die_after_two_chunks(current: MappingImport) -> None:
        if current.status == "applying" and current.applied_rows >= 2 * mapping_import.CHUNK_ROWS:
            raise Killed

    with pytest.raises(Killed):
        run_import(record.pk, progress=die_after_two_chunks)
    record.refresh_from_db()
    assert record.status == "applying" and record.applied_rows == 2 * mapping_import.CHUNK_ROWS
    assert CategoryMapping.objects.count() == 2 * mapping_import.CHUNK_ROWS  # exactly the committed chunks
    assert run_import(record.pk).status == "done"
    assert CategoryMapping.objects.count() == CATEGORIES and OptionValueMapping.objects.count() == 2


@pytest.mark.django_db
def test_a_file_above_the_size_limit_is_refused(admin_client, store, monkeypatch):
    monkeypatch.setattr(mapping_import, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(MappingFileTooLarge):
        create_import(mapping_file())
    upload = SimpleUploadedFile("mappings.csv", mapping_file().encode(), content_type="text/csv")
    page = admin_client.post("/jet/category-mapping/import/", {"file": upload}, follow=True).content.decode()
    assert "can be imported at once. Split it into several files." in page
    assert not MappingImport.objects.exists() and not CategoryMapping.objects.exists()


@pytest.mark.django_db
def test_the_command_imports_a_large_file_in_short_transactions(store, tmp_path, capsys):
    path = tmp_path / "mappings.csv"
    path.write_text(mapping_file())
    assert main(["mapping", "import", str(path)]) == 0
    assert f"imported {CATEGORIES + 3} mapping rows" in capsys.readouterr().out
    assert MappingImport.objects.get().status == "done" and CategoryMapping.objects.count() == CATEGORIES
    path.write_text(mapping_file(bad_last_row=True))
    assert main(["mapping", "import", str(path)]) == 1
    assert "The store has no category with ID 99999." in capsys.readouterr().err
