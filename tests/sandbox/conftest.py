"""Per-test Jet sessions for the sandbox contract tests (one shared sandbox process, a fresh merchant each)."""

import pytest

from tests.sandbox.helpers import JetSession


@pytest.fixture
def jet(sandbox_server, jet_merchant):
    session = JetSession(sandbox_server, jet_merchant)
    yield session
    session.close()
