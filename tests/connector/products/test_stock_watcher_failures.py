"""The worker's stock watcher, when every pass fails (a misconfigured store): the reason is logged once, in one line
for a setting's error, not a traceback every few seconds; and once more when passes work again."""

from __future__ import annotations

import logging
import time

import pytest

from jetcart.connector.jet_and_store import reset_gateways
from jetcart.connector.products import stock_capture

pytestmark = pytest.mark.django_db(transaction=True)


def watch(seconds: float) -> None:
    watcher = stock_capture.StockWatcher(interval=0.02).start()
    time.sleep(seconds)
    watcher.stop()


def failures(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == stock_capture.log.name and "a pass failed" in r.getMessage()]


def test_a_store_without_opencart_tables_is_logged_once_in_one_line(settings, tmp_path, caplog):
    settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX = f"sqlite:///{tmp_path / 'empty.sqlite3'}", "oc_"
    reset_gateways()
    caplog.set_level(logging.INFO, logger=stock_capture.log.name)
    try:
        watch(1.0)
    finally:
        reset_gateways()
    [record] = failures(caplog)
    assert record.exc_info is None and "no OpenCart tables with prefix 'oc_'" in record.getMessage()
    assert "\n" not in record.getMessage()


def test_an_unexpected_failure_keeps_its_traceback_once_and_recovery_is_logged(monkeypatch, caplog):
    calls = []

    def capture_once():
        calls.append(1)
        if len(calls) <= 10:
            raise ZeroDivisionError("a bug")

    monkeypatch.setattr(stock_capture, "capture_once", capture_once)
    caplog.set_level(logging.INFO, logger=stock_capture.log.name)
    watch(1.0)
    assert len(calls) > 11
    [record] = failures(caplog)
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError
    assert any(r.getMessage() == "stock watcher: passes work again" for r in caplog.records)
