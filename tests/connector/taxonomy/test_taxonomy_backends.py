"""The taxonomy import's bulk upserts on the connector databases jetcart supports besides SQLite: imported twice
and changed in between on MariaDB and PostgreSQL, every row is written once and the second import's values win."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.fakes.mapping import write_taxonomy

ROOT = Path(__file__).resolve().parents[3]

IMPORT_TWICE = """
import json, sys
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from jetcart.connector.models import JetAttribute, JetCategory
from jetcart.connector.taxonomy import categories as taxonomy
folder = Path(sys.argv[1])
taxonomy.import_taxonomy_from_files(path=folder)
rows = (folder / "categories.csv").read_text().replace("3-D Puzzles", "3D Puzzles")
(folder / "categories.csv").write_text(rows)
run = taxonomy.import_taxonomy_from_files(path=folder)
print(json.dumps({"status": run.status, "counts": taxonomy.taxonomy_counts(),
                  "leaf": [JetCategory.objects.get(pk=8000195).name, JetCategory.objects.get(pk=8000195).path,
                           JetCategory.objects.get(pk=8000195).is_leaf],
                  "units": JetAttribute.objects.get(pk=45).units}))
"""


def _mariadb_url(request) -> str:
    server = request.getfixturevalue("mariadb_server")
    return server.url(server.create_database("taxonomy"))


def _postgres_url(request) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    from tests.fixtures.services import postgres_url

    server = make_url(postgres_url())
    name = f"jetcart_taxonomy_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = psycopg.connect(host=server.host, port=server.port or 5432, user=server.username or "postgres",
                            password=server.password or None, dbname=server.database or "postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    request.addfinalizer(drop)
    return server.set(drivername="postgresql", database=name).render_as_string(hide_password=False)


@pytest.mark.slow
@pytest.mark.parametrize("backend", [pytest.param("mariadb", marks=pytest.mark.mariadb),
                                     pytest.param("postgres", marks=pytest.mark.postgres)])
def test_importing_the_taxonomy_twice_writes_each_row_once_on(backend, request, tmp_path):
    url = _mariadb_url(request) if backend == "mariadb" else _postgres_url(request)
    folder = write_taxonomy(tmp_path / "tax")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JETCART_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DJANGO_SETTINGS_MODULE": "jetcart.site.settings", "JETCART_DATABASE_URL": url,
                "JETCART_DATA_DIR": str(tmp_path / "data"), "JETCART_SECRET_KEY": "taxonomy-" + uuid.uuid4().hex,
                "JETCART_LOG_LEVEL": "WARNING"})
    done = subprocess.run([sys.executable, "-c", IMPORT_TWICE, str(folder)], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == "done"
    assert result["counts"] == {"categories": 5, "attributes": 4, "attribute_values": 4, "category_attributes": 5}
    assert result["leaf"] == ["3D Puzzles", "Toys & Games > Puzzles > 3D Puzzles", True]
    assert result["units"] == ["CM", "IN"]
