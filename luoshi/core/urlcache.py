"""`cached_reverse`: Django's `reverse()` kept per process for the addresses every page writes.

`reverse()` walks the URL patterns and checks the candidate against its regular expression on
every call: 30 µs for the navigation's 13 links, 70 µs for a task's address, which the ledger
writes 25 times a page (issue 15: a tenth of the ledger page's time). An address depends only on
the view, its arguments, the script prefix and the URL configuration, so each view's address is
kept as a template, per prefix and configuration, and its integer arguments are written into it.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# An argument no address holds otherwise: reversed in place of the real ones, then replaced.
_PLACEHOLDER = 918_273_645
_templates: dict[tuple[str, int, str, object, object, str | None], str | None] = {}
# Past this many templates (views × prefixes × configurations) the memory is emptied and refilled.
CACHED_ADDRESSES = 1024


def cached_reverse(viewname: str, *args: int) -> str:
    """`reverse(viewname, args=args)` for a view taking integer arguments (or none)."""
    template = _kept_template(viewname, len(args))
    if template is None or not all(type(arg) is int and arg >= 0 for arg in args):
        return reverse(viewname, args=args)
    return template.format(*args)


def address_template(viewname: str, placeholder: str) -> str:
    """The address of a view taking one integer, with `placeholder` where the integer goes: for a
    page's script or rows that write many such addresses ("/ledger/tasks/{id}/")."""
    template = _kept_template(viewname, 1)
    if template is None:
        raise ValueError(f"{viewname}: no address template")
    return template.format(placeholder)


def _kept_template(viewname: str, count: int) -> str | None:
    # The language too: an address may carry it (i18n_patterns), though none here does.
    key = (viewname, count, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF, get_language())
    try:
        return _templates[key]
    except KeyError:
        template = _template(viewname, count)
        if len(_templates) >= CACHED_ADDRESSES:
            _templates.clear()
        _templates[key] = template
        return template


def _template(viewname: str, count: int) -> str | None:
    """The address with `{0}`, `{1}`… where the arguments go; None when the placeholders cannot be
    told apart from the rest of the address, or when a converter writes an integer otherwise than
    as its digits (then every call reverses)."""
    placeholders = [str(_PLACEHOLDER + i) for i in range(count)]
    small = list(range(7, 7 + count))
    try:
        address = reverse(viewname, args=[_PLACEHOLDER + i for i in range(count)])
        expected = reverse(viewname, args=small)
    except NoReverseMatch:  # a pattern that refuses the placeholder, or no such view
        return None
    if "{" in address or "}" in address or any(address.count(p) != 1 for p in placeholders):
        return None
    for i, placeholder in enumerate(placeholders):
        address = address.replace(placeholder, f"{{{i}}}")
    return address if address.format(*small) == expected else None
