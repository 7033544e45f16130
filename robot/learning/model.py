"""The history as the decision reads it: a supplier and receiver's posted invoices, and the
PSP elements of the line texts nearest an invoice's, by a TF-IDF text model with nearest
neighbours (scikit-learn), trained on every line of the history."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from robot.domain.history import PairHistory, PostedBill, Suggestion
from robot.domain.identifiers import normalize_cvr
from robot.domain.plans import normalize_ean

NEIGHBOURS = 10  # line texts asked for each suggestion
MOST = 3  # PSP elements a suggestion names at most


class LearnedHistory:
    """A history (CPR-free invoices only) indexed by supplier and receiver, with a text model
    fitted on first use."""

    def __init__(self, bills: Sequence[PostedBill]) -> None:
        self._bills = tuple(sorted(bills, key=lambda b: (b.posted_at, b.invoice_number)))
        self._by_pair: dict[tuple[str, str], list[PostedBill]] = defaultdict(list)
        for bill in self._bills:
            self._by_pair[bill.pair].append(bill)
        self._texts: list[str] = []
        self._psps: list[str] = []
        for bill in self._bills:
            for line in bill.lines:
                if line.text.strip() and line.psp:
                    self._texts.append(line.text)
                    self._psps.append(line.psp)
        self._model: tuple[Any, Any] | None = None

    @property
    def bills(self) -> tuple[PostedBill, ...]:
        return self._bills

    def pair(self, supplier_cvr: str, receiver_ean: str) -> PairHistory:
        key = (normalize_cvr(supplier_cvr), normalize_ean(receiver_ean))
        return PairHistory(supplier_cvr, receiver_ean, tuple(self._by_pair.get(key, ())))

    def nearest(self, texts: Sequence[str]) -> tuple[Suggestion, ...]:
        query = " ".join(t for t in texts if t.strip())
        if not query or not self._texts:
            return ()
        vectorizer, index = self._fitted()
        found = min(NEIGHBOURS, len(self._texts))
        distances, rows = index.kneighbors(vectorizer.transform([query]), n_neighbors=found)
        near = [
            self._psps[row]
            for row, distance in zip(rows[0], distances[0], strict=True)
            if distance < 1.0  # cosine distance 1: nothing in common
        ]
        counts = Counter(near)
        return tuple(
            Suggestion(psp=psp, n=n, m=len(near), basis="texts")
            for psp, n in counts.most_common(MOST)
        )

    def _fitted(self) -> tuple[Any, Any]:
        if self._model is None:
            from sklearn.feature_extraction.text import TfidfVectorizer
            from sklearn.neighbors import NearestNeighbors

            # Character n-grams within words: Danish compounds (vinduespudsning, rengøring)
            # and abbreviations meet their neighbours where whole words would not.
            vectorizer = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1
            )
            matrix = vectorizer.fit_transform(self._texts)
            index = NearestNeighbors(metric="cosine", algorithm="brute").fit(matrix)
            self._model = (vectorizer, index)
        return self._model
