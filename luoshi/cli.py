"""The `luoshi` console script: Django's management commands under one name.

`luoshi demo`, `luoshi ingest PATH…`, `luoshi extract PATH --json`, `luoshi eval`, `luoshi tick`,
and every Django command (`luoshi migrate`, `luoshi createsuperuser`, …).
Configuration errors (a bad DATABASE_URL, say) print one line and exit non-zero.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["luoshi", *args])
    except ImproperlyConfigured as exc:
        print(f"luoshi: 配置错误 / configuration error: {exc}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"luoshi: 无法连接数据库 / cannot reach the database ({first_line}). "
              "Check DATABASE_URL and that the server is running.", file=sys.stderr)
        return 2
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
