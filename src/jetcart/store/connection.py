"""Engines for store databases, set up the way OpenCart's own driver sets its connections."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Engine, create_engine, event

# OpenCart's mysqli driver relaxes the server's strict mode on every connection (opencart-db.md §3).
OPENCART_SQL_MODE = "NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION"


def normalise_url(url: str) -> str:
    """mysql:// and mariadb:// become mysql+pymysql:// with charset utf8mb4; sqlite URLs pass unchanged."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme.startswith("sqlite"):
        return url
    if scheme in {"mysql", "mariadb", "mariadb+pymysql"}:
        scheme = "mysql+pymysql"
    query = dict(parse_qsl(parts.query))
    query.setdefault("charset", "utf8mb4")
    return urlunsplit((scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def make_engine(url: str, **kwargs) -> Engine:
    """An autocommit engine: 3.x tables are MyISAM, so no statement relies on a transaction."""
    url = normalise_url(url)
    # Stock moves are multi-table UPDATEs whose tables are related through their WHERE guards only.
    kwargs.setdefault("enable_from_linting", False)
    if url.startswith("sqlite"):
        engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_recycle", 3600)
    engine = create_engine(url, isolation_level="AUTOCOMMIT", **kwargs)

    @event.listens_for(engine, "connect")
    def _opencart_session(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET SESSION sql_mode = '{OPENCART_SQL_MODE}'")
        cursor.close()

    return engine
