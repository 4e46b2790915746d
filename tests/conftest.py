"""Test-suite wiring: shared fixtures live in tests/fixtures/, one module per part."""

pytest_plugins = [
    "tests.fixtures.web",
    "tests.fixtures.sandbox",
    "tests.fixtures.stores",
]
