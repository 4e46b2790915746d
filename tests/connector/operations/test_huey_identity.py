"""Tasks queued before an upgrade still run after it: each Huey task keeps the identity it was first queued under."""

from __future__ import annotations

from huey.contrib.djhuey import HUEY

import jetcart.connector.operations.tasks  # noqa: F401 - registers the tasks
import jetcart.connector.products.tasks  # noqa: F401
import jetcart.connector.taxonomy.tasks  # noqa: F401

QUEUED_NAMES = [
    "jetcart.connector.tasks_products.run_products_task",  # huey identity
    "jetcart.connector.tasks_products.refresh_snapshot_task",  # huey identity
    "jetcart.connector.taxonomy_tasks.jetcart.taxonomy.import",  # huey identity
    "jetcart.connector.jobs.tasks.jetcart.jobs.run_now",  # huey identity
    "jetcart.connector.jobs.tasks.jetcart.jobs.tick.purge-log",  # huey identity
]


def test_every_task_name_a_queue_may_hold_is_still_registered():
    for name in QUEUED_NAMES:
        assert HUEY._registry.string_to_task(name) is not None, name

