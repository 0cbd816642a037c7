"""Django set up for the benchmarks that render pages through the test client.

The pages render as in the tests: plain static files (no manifest to build) and request logs left
out; the settings are the installation's own otherwise. Import this module before Django's:

    import page_setup
    page_setup.setup("postgres://postgres@127.0.0.1:5432/luoshi_load")
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(default_database_url: str) -> None:
    """Set Django up on `DATABASE_URL`, or `default_database_url` when it is not set."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("LUOSHI_TESTING", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DATABASE_URL", default_database_url)

    import django

    django.setup()
