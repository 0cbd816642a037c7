"""Chinese word segmentation for the public search: the same on SQLite and PostgreSQL.

Text is segmented at write time into space-separated tokens (jieba's search mode, plus every
pair of adjacent Chinese characters); a query is segmented the same way and each of its words
must match. jieba loads its dictionary once per process, lazily (about 1 s).

Two ways to ask "has this token", with the same answers:

- `LIKE '% token %'` on the lower-cased column (the trap: SQLite's LIKE ignores ASCII case and
  PostgreSQL's does not; lower-casing both sides removes the difference). It reads every row, so
  it serves small tables (the proposals' replies).
- an inverted index (`token_set`: every token, every character of a token, and the list entries;
  portal.models.SearchToken), asked with `token = %s` on a B-tree, so that a search costs the same
  with 100 or 100,000 published measures (issue 15). Equality is exact on both databases.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import Q

_lock = threading.Lock()
_ready = False

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][0-9a-z.%\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff+-]*")
LIST_SEPARATORS = re.compile(r"[,,、;;/|\s]+")


def _jieba():  # type: ignore[no-untyped-def]  # jieba ships no type hints
    global _ready
    import jieba

    if not _ready:
        with _lock:
            if not _ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _ready = True
    return jieba


def words(text: str) -> list[str]:
    """jieba's search-mode words of `text`, lower-cased, without spaces and punctuation."""
    if not text.strip():
        return []
    return [w for w in (t.strip().lower() for t in _jieba().cut_for_search(text)) if w and WORD.fullmatch(w)]


def bigrams(text: str) -> list[str]:
    """Every pair of adjacent Chinese characters within a run of Chinese text."""
    pairs: list[str] = []
    for run in CJK.findall(text):
        pairs.extend(run[i : i + 2] for i in range(len(run) - 1))
    return pairs


def index_text(parts: Iterable[str]) -> str:
    """The search column for some texts: unique tokens, space-separated, spaces at both ends."""
    seen: dict[str, None] = {}
    for part in parts:
        if not part:
            continue
        for token in [*words(part), *bigrams(part)]:
            seen.setdefault(token, None)
    return " " + " ".join(seen) + " " if seen else ""


def normalise_list(value: str) -> str:
    """"制造业、生物医药; 港口" → " 制造业 生物医药 港口 " (for exact matches of one entry)."""
    items = [v.strip().lower() for v in LIST_SEPARATORS.split(value or "") if v.strip()]
    return " " + " ".join(dict.fromkeys(items)) + " " if items else ""


def list_items(value: str) -> list[str]:
    return [v.strip() for v in LIST_SEPARATORS.split(value or "") if v.strip()]


@dataclass(frozen=True)
class Query:
    """A parsed search: the words a result must contain."""

    text: str
    terms: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.terms


def parse_query(text: str) -> Query:
    """Split the visitor's query into words (jieba's precise mode, so 海河实验室 stays one word)."""
    text = (text or "").strip()[:100]
    if not text:
        return Query("", ())
    terms = [w for w in (t.strip().lower() for t in _jieba().cut(text)) if w and WORD.fullmatch(w)]
    return Query(text, tuple(dict.fromkeys(terms)))


# "Has this token": the condition a row meets when its index holds `token`.
HasToken = Callable[[str], Q]

# Prefixes of the list entries in token_set; no word or pair holds a colon, so none collides.
INDUSTRY_PREFIX = "i:"
AREA_PREFIX = "a:"


def term_condition(term: str, field: str = "search_text", *, has_token: HasToken | None = None) -> Q:
    """The condition for one word: as a token; or, for longer Chinese words, all its character pairs
    (the text may have been segmented differently); a single character anywhere.

    Without `has_token`, LIKE over `field`; with it, that index (whose character entries answer
    the single character)."""
    if has_token is None:
        if len(term) == 1:
            return Q(**{f"{field}__contains": term})
        has_token = _like_token(field)
    exact = has_token(term)
    if len(term) > 2 and CJK.fullmatch(term):
        pairs = dict.fromkeys(bigrams(term))
        return exact | reduce(and_, (has_token(p) for p in pairs))
    return exact


def _like_token(field: str) -> HasToken:
    return lambda token: Q(**{f"{field}__contains": f" {token} "})


def query_condition(query: Query, field: str = "search_text", *, has_token: HasToken | None = None) -> Q:
    """Every word must match (AND); an empty query matches everything."""
    if query.empty:
        return Q()
    return reduce(and_, (term_condition(t, field, has_token=has_token) for t in query.terms))


def any_of(field: str, values: Iterable[str]) -> Q:
    values = [v for v in values if v]
    return reduce(or_, (Q(**{f"{field}__contains": f" {v.lower()} "}) for v in values)) if values else Q()


# The longest token kept in the index: a query is cut to 100 characters, so no longer one can match.
MAX_TOKEN = 100


def token_set(search_text: str, industries: str = "", areas: str = "") -> set[str]:
    """The index entries of one row, derived from its stored columns so that asking the index and
    the LIKE form give the same answers: every token of `search_text`, every character of those
    tokens (a one-character query matches anywhere, as LIKE '%x%' does), and each entry of the
    normalised lists under its prefix; an empty list is the bare prefix (applies to everyone)."""
    tokens = {t for t in search_text.split() if len(t) <= MAX_TOKEN}
    tokens |= {c for t in tokens for c in t}
    for prefix, listed in ((INDUSTRY_PREFIX, industries), (AREA_PREFIX, areas)):
        entries = listed.split()
        tokens |= {prefix + e for e in entries if len(prefix + e) <= MAX_TOKEN} if entries else {prefix}
    return tokens
