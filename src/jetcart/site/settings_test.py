"""Settings for the test suite: a fresh data folder per run, jobs run inline."""

import os
import tempfile

os.environ.setdefault("JETCART_DATA_DIR", tempfile.mkdtemp(prefix="jetcart-test-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

from jetcart.site.settings import *  # noqa: E402,F403
from jetcart.site.settings import DATA_DIR, DATABASES, HUEY  # noqa: E402

for _alias, _db in DATABASES.items():
    if _db["ENGINE"].endswith("sqlite3"):
        # A file, not memory, so that the live server's threads share the test database.
        _db["TEST"] = {"NAME": str(DATA_DIR / f"test_{_alias}.sqlite3")}

HUEY.immediate = True
JETCART_SANDBOX_MOUNT = True  # the connector's tests call the sandbox mounted at /jet/api/ of the live server
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
