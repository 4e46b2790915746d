"""Upgrading keeps the cron URLs working: migration 0013 replaces the stored token by its hash."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jetcart.connector.operations.cron_token import token_hash

BEFORE = [("connector", "0012_ui_forms_product_dimensions")]
AFTER = [("connector", "0013_rel_security")]


@pytest.mark.django_db(transaction=True)
def test_the_token_in_use_keeps_working_after_the_upgrade(client):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    old_apps.get_model("connector", "JetConfiguration").objects.create(pk=1, cron_token="token-from-cron-tab")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from jetcart.connector.models import JetConfiguration

    stored = JetConfiguration.objects.values().get()
    assert stored["cron_token_hash"] == token_hash("token-from-cron-tab")
    assert "token-from-cron-tab" not in str(stored)
    assert client.get("/cron/purge-log/?token=token-from-cron-tab").status_code == 200
