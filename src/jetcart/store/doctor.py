"""What `jetcart doctor` says about the store database."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect


def describe_store(url: str, prefix: str) -> str:
    """One line: reachable, and how many of the prefix's tables it holds."""
    engine = create_engine(url.replace("mysql://", "mysql+pymysql://", 1), pool_pre_ping=True)
    try:
        with engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t.startswith(prefix)]
    finally:
        engine.dispose()
    return f"connected, {len(tables)} table(s) with prefix {prefix!r}"
