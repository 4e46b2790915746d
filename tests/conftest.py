"""Test-suite wiring: shared fixtures live in tests/fixtures/, one module per part."""

from hypothesis import settings as hypothesis_settings

# Property tests assert rules, not speed: no per-example deadline (hypothesis' 200 ms fails them on a busy machine).
hypothesis_settings.register_profile("jetcart", deadline=None)
hypothesis_settings.load_profile("jetcart")

pytest_plugins = [
    "tests.fixtures.web",
    "tests.fixtures.sandbox",
    "tests.fixtures.stores",
]


# Fixtures that reach a service; a test using one (directly or as a parameter) carries the service's marker, so
# `-m "not mariadb"` (and `make test-fast`) leaves it out whatever file it is in.
_MARIADB_FIXTURES = {"mariadb_server", "empty_mariadb_store_url", "mariadb_demo_store", "opencart3_store",
                     "opencart4_store"}


def pytest_collection_modifyitems(items):
    import pytest

    for item in items:
        names = set(item.fixturenames)
        params = {str(value) for value in getattr(getattr(item, "callspec", None), "params", {}).values()}
        if names & _MARIADB_FIXTURES or params & (_MARIADB_FIXTURES | {"mariadb"}):
            item.add_marker(pytest.mark.mariadb)
        if "page" in names:
            item.add_marker(pytest.mark.browser)
