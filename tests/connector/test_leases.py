"""The one lease primitive: a row is held by one worker, a dead worker's lease expires, and a worker that lost its
lease changes nothing (the outbox, order import, return store-writes and jobs all rely on this)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from jetcart.connector import leases
from jetcart.connector.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)
LENGTH = timedelta(minutes=2)


@pytest.fixture
def row():
    message = OutboxMessage.objects.create(key="ack:L1", kind="ack", subject="L1", payload={})
    return OutboxMessage.objects.filter(pk=message.pk)


def test_should_let_one_worker_hold_a_row_until_its_lease_expires(row):
    first = leases.claim(row, field="lease_until", length=LENGTH)
    assert first is not None
    assert leases.claim(row, field="lease_until", length=LENGTH) is None  # held
    row.update(lease_until=timezone.now() - timedelta(seconds=1))  # the first worker died; its lease ran out
    second = leases.claim(row, field="lease_until", length=LENGTH)
    assert second is not None


def test_should_change_nothing_for_a_worker_that_lost_its_lease(row):
    first = leases.claim(row, field="lease_until", length=LENGTH)
    row.update(lease_until=timezone.now() - timedelta(seconds=1))
    second = leases.claim(row, field="lease_until", length=LENGTH)
    assert not first.write(last_error="written by the worker that lost the row")
    assert first.lost and not first.renew()
    assert row.get().last_error == ""
    assert second.release(last_error="done")
    assert row.values_list("lease_until", "last_error").get() == (None, "done")
    assert leases.claim(row, field="lease_until", length=LENGTH) is not None  # free again


def test_should_renew_each_time_to_a_later_expiry_and_stamp_touched_fields(row):
    lease = leases.claim(row, field="lease_until", length=LENGTH, touched=("updated_at",))
    before = row.get()
    assert lease.renew() and lease.renew()
    after = row.get()
    assert after.lease_until > before.lease_until and after.updated_at >= before.updated_at


def test_should_keep_a_lease_alive_with_a_heartbeat_longer_than_its_length(row):
    lease = leases.claim(row, field="lease_until", length=timedelta(seconds=0.6))
    with leases.Heartbeat(lease, every=0.2, label="test") as beat:
        time.sleep(1.5)  # well past the lease's length: only the heartbeat keeps it
        assert leases.claim(row, field="lease_until", length=LENGTH) is None
    assert not beat.lost and lease.release()
