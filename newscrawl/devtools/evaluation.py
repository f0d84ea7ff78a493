"""Shingle-based scoring of extracted article text (as in the article-extraction-benchmark).

Both texts are cut into word tokens and then into overlapping 4-word shingles; per page,
precision and recall are the shares of predicted and of true shingles that match (as
multisets).  Precision is averaged only over pages with a non-empty prediction, recall over
all pages, and F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 4


def tokenize(text: str | None) -> list[str]:
    """Word tokens (runs of Unicode word characters)."""
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of overlapping n-word shingles; a text shorter than n gives one short shingle."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


@dataclass(frozen=True)
class PageScore:
    precision: float | None  # None when the prediction is empty
    recall: float


def score_page(predicted: str | None, truth: str | None, n: int = SHINGLE_SIZE) -> PageScore:
    """Shingle precision and recall of one prediction against its ground truth."""
    pred = shingles(predicted, n)
    true = shingles(truth, n)
    matched = sum((pred & true).values())
    n_pred = sum(pred.values())
    n_true = sum(true.values())
    precision = matched / n_pred if n_pred else None
    recall = matched / n_true if n_true else (1.0 if not n_pred else 0.0)
    return PageScore(precision, recall)


@dataclass(frozen=True)
class Summary:
    f1: float
    precision: float
    recall: float
    pages: int


def summarize(scores: Iterable[PageScore]) -> Summary:
    """Average precision (non-empty predictions only) and recall; F1 of the two averages."""
    scores = list(scores)
    precisions = [s.precision for s in scores if s.precision is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(s.recall for s in scores) / len(scores) if scores else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Summary(f1, precision, recall, len(scores))
