"""The English catalogue covers every interface string, and the compiled file is loaded."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation_and_none_is_fuzzy() -> None:
    text = PO.read_text("utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    untranslated = [e for e in entries if re.search(r'^msgstr(?:\[\d\])? ""\s*$', e, re.M)
                    and not re.search(r'^msgstr(?:\[\d\])? ""\n"', e, re.M)]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_translates() -> None:
    with translation.override("en"):
        assert translation.gettext("任务台账") == "Ledger"
        assert translation.gettext("挂图作战") == "Battle map"
