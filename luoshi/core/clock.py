"""The business date: the day the product reasons about ("today" for evaluation, assessment,
forecasts and reminders).

An installation normally runs on the local date in its time zone. A demonstration, a
training copy or a replay of last year's data runs "as of" a fixed date instead, so that a
plan of 2024 read in 2026 is not all overdue. The business date is, first to last:

1. the setting `LUOSHI_BUSINESS_DATE` (from the environment variable of the same name), an
   ISO date; empty means unset;
2. the file named by the setting `LUOSHI_BUSINESS_DATE_FILE` (`<var dir>/business_date`),
   which `manage.py demo` writes so that `make run` needs no configuration; deleting the file
   turns it off;
3. otherwise none: `business_today()` is the local date.

While a business date is set, every page shows a banner saying so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

MSG_BAD_DATE = "LUOSHI_BUSINESS_DATE must be an ISO date such as 2024-10-31, not {value!r} (from {source})."


def _parse(value: str, source: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(MSG_BAD_DATE.format(value=value, source=source)) from exc


def _file() -> Path | None:
    name = getattr(settings, "LUOSHI_BUSINESS_DATE_FILE", None)
    return Path(name) if name else None


def business_date() -> date | None:
    """The installation-wide business date when one is set, else None.

    Raises ImproperlyConfigured when the setting or the file holds something that is not an
    ISO date (a typo must not silently move the whole installation back to today).
    """
    value = str(getattr(settings, "LUOSHI_BUSINESS_DATE", "") or "").strip()
    if value:
        return _parse(value, "setting")
    path = _file()
    if path is None:
        return None
    return _file_date(path)


# The file's date, read again only when the file changes: "today" is asked many times per request
# (evaluation, reminders, every page's banner), and a stat costs far less than open, read and
# parse. The key is what a rewrite changes (time to the nanosecond, size, inode), so a date written
# by `manage.py demo` in another process is seen at the next call; business_date_store() forgets
# the cached value itself, so a write and a read in one process never disagree.
_file_cache: dict[str, tuple[tuple[int, int, int], date | None]] = {}


def _file_date(path: Path) -> date | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    cached = _file_cache.get(str(path))
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    value = _parse(text, str(path.name)) if text else None
    _file_cache[str(path)] = (key, value)
    return value


def business_today() -> date:
    """Today for the product's reasoning: the business date when set, else the local date."""
    return business_date() or timezone.localdate()


def business_date_store(day: date | None) -> Path | None:
    """Persist `day` as the business date in the business-date file (None removes it);
    returns the file's path, or None when the installation has no such file configured."""
    path = _file()
    if path is None:
        return None
    _file_cache.pop(str(path), None)
    if day is None:
        path.unlink(missing_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(day.isoformat() + "\n", encoding="utf-8")
    return path
