"""Key phrases of a measure and their BM25 weight against a set of candidate tasks.

Text is segmented with jieba (search mode, so 跨境电商 also yields 跨境 and 电商); stop words
— the verbs and fillers every measure uses (推动, 加快, 进一步, 工作) — single characters, numbers
and unit names are dropped. The candidates are indexed once with bm25s (BM25, sparse matrices
in numpy); each draft is then one query against the index.

jieba loads its dictionary once per process, lazily (about 1 s).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Sequence
from math import log
from types import ModuleType
from typing import Final

import numpy as np
import numpy.typing as npt

_lock = threading.Lock()
_ready: ModuleType | None = None

WORD: Final = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]*[a-z\u3400-\u4dbf\u4e00-\u9fff][0-9a-z\u3400-\u4dbf\u4e00-\u9fff]*")
UNIT_LIKE: Final = re.compile(r".+(?:局|委|厅|署|办|委员会|办公室|管委会|分行)$")

# Words that every measure uses and that say nothing about its subject.
STOP_WORDS: Final = frozenset(
    """
    推动 推进 加快 加强 加大 支持 鼓励 引导 完善 建立 健全 建设 提升 提高 开展 实施 落实 积极 进一步
    深入 深化 全面 有序 稳步 持续 不断 大力 着力 重点 主要 工作 相关 有关 各类 各项 以及 等等 方面
    围绕 按照 依据 根据 对应 承接 细化 分解 贯彻 政策 措施 举措 任务 方案 计划 要求 国家 全市 全区
    年底 年底前 底前 以前 之前 完成 牵头 单位 责任 配合 负责 部门 做好 抓好 用好 形成 打造 构建
    发挥 作用 机制 体系 水平 能力 力度 领域 重要 有效 进行 实现 促进 保障 管理 发展 推广 组织
    企业 规模 时间 一批 若干 每年 当年 年度 力争 确保 争取 基本 初步 逐步 加速 优化 探索 研究 制定 出台 用足 落地
    """.split()
)


def _jieba() -> ModuleType:
    global _ready
    if _ready is None:
        with _lock:
            if _ready is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _ready = jieba
    return _ready


def is_key_word(word: str) -> bool:
    """Whether a segmented word may carry a measure's subject: two characters or more, not a
    number, not a stop word, not a unit's name."""
    return len(word) >= 2 and WORD.fullmatch(word) is not None and word not in STOP_WORDS and not UNIT_LIKE.match(word)


def key_words(text: str) -> list[str]:
    """jieba's search-mode words of `text` that are key words, lower-cased, in order, repeats kept."""
    if not text.strip():
        return []
    return [w for w in (str(t).strip().lower() for t in _jieba().cut_for_search(text)) if is_key_word(w)]


def precise_words(text: str) -> list[str]:
    """jieba's precise-mode words of `text`, lower-cased, in order (for showing shared phrases)."""
    if not text.strip():
        return []
    return [str(t).strip().lower() for t in _jieba().lcut(text)]


class PhraseIndex:
    """The candidates' key words, indexed for BM25 scoring.

    `scores(query)` gives one float per candidate; `idf(word)` the rarity of a word among the
    candidates (ln of N over the number holding it, plus one), used to rank shared phrases.
    """

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        import bm25s  # imported here: it pulls in numpy's full import, about 0.1 s

        # bm25s sets its own logger to DEBUG when imported, so its "Building index from tokens"
        # reached the log on every ingest; warnings and errors still do.
        logging.getLogger("bm25s").setLevel(logging.WARNING)

        self._size = len(documents)
        self._sets = [frozenset(doc) for doc in documents]
        frequency: Counter[str] = Counter()
        for words in self._sets:
            frequency.update(words)
        self._frequency = frequency
        self._retriever = bm25s.BM25()
        if self._size:
            # bm25s needs at least one token per document; an empty one gets a placeholder.
            self._retriever.index([list(doc) or [""] for doc in documents], show_progress=False)

    def __len__(self) -> int:
        return self._size

    def words_of(self, index: int) -> frozenset[str]:
        """The key words of candidate `index`."""
        return self._sets[index]

    def idf(self, word: str) -> float:
        """ln(N / df) + 1 among the candidates; 0 for a word none of them holds."""
        held = self._frequency.get(word, 0)
        return log(self._size / held) + 1.0 if held else 0.0

    def scores(self, query: Sequence[str]) -> npt.NDArray[np.float32]:
        """BM25 score of each candidate for the query words (zeros when no word is known)."""
        known = list(dict.fromkeys(word for word in query if word in self._frequency))
        if not known or not self._size:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)


def shared_phrases(draft_words: Sequence[str], candidate: frozenset[str], index: PhraseIndex) -> list[str]:
    """The phrases of the draft whose words the candidate holds, rarest first.

    Consecutive shared words of the draft (precise mode) are joined, so 保税 + 维修 show as
    保税维修. A phrase is kept when it holds at least one key word.
    """
    runs: list[list[str]] = []
    current: list[str] = []
    for word in draft_words:
        if word in candidate and is_key_word(word):
            current.append(word)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    weighted: dict[str, float] = {}
    for run in runs:
        phrase = "".join(run)
        weight = sum(index.idf(word) for word in run)
        weighted[phrase] = max(weighted.get(phrase, 0.0), weight)
    return sorted(weighted, key=lambda phrase: (-weighted[phrase], phrase))
