"""The installation's identity is recorded once when several processes start together (a cron run, a click
and a worker): one wins, the others judge against its record, and nobody's writes to Jet are paused."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from jetcart.connector import clone_guard
from jetcart.connector.models import Installation
from jetcart.store.gateway import StoreGateway
from tests.fixtures.products_setup import demo_store

pytestmark = pytest.mark.django_db(transaction=True)


class _StoreReadTogether:
    """The store's capture, where every caller reads the installation id before any of them records one."""

    def __init__(self, capture, callers: int):
        self._capture, self._together = capture, threading.Barrier(callers, timeout=20)
        self._waited = threading.local()

    def __getattr__(self, name):
        return getattr(self._capture, name)

    def read_installation_id(self):
        value = self._capture.read_installation_id()
        if not getattr(self._waited, "done", False):  # a caller's first read only; its second read is after
            self._waited.done = True
            self._together.wait()
        return value


class _Gateway:
    def __init__(self, capture):
        self.capture = capture


def test_three_processes_starting_together_record_one_identity_and_pause_nothing(tmp_path):
    url, prefix = demo_store(tmp_path)
    store = StoreGateway.connect(url, prefix)
    store.capture.install()
    gateway = _Gateway(_StoreReadTogether(store.capture, 3))
    verdicts, errors = [], []

    def start():
        try:
            verdicts.append(clone_guard.evaluate(gateway))
        except Exception as exc:  # the failure this test exists for: a duplicate key on the first record
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert not gateway.capture._together.broken  # all three really read "no id yet" before anyone recorded
    assert [v.ok for v in verdicts] == [True, True, True], verdicts
    row = Installation.objects.get()
    assert not row.paused
    assert store.capture.read_installation_id() == row.installation_id  # the winner's id, not overwritten
    assert clone_guard.evaluate(_Gateway(store.capture)).ok
    store.close()


def test_an_integrity_error_that_is_no_lost_race_is_raised_once_not_retried_forever(tmp_path, monkeypatch):
    from django.db import IntegrityError

    url, prefix = demo_store(tmp_path)
    store = StoreGateway.connect(url, prefix)
    store.capture.install()
    attempts = []

    def broken_record(*args):
        attempts.append(args)
        raise IntegrityError("NOT NULL constraint failed: connector_installation.key_fingerprint")

    monkeypatch.setattr(clone_guard, "_record_first", broken_record)
    with pytest.raises(IntegrityError, match="NOT NULL"):
        clone_guard.evaluate(_Gateway(store.capture))
    assert len(attempts) == 2  # the first try and one re-evaluation, as after a lost race
    assert not Installation.objects.exists()
    store.close()
