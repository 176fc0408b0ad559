"""The learned layer's model: one linear support-vector machine per code over `features.extract` (balanced
classes), its margin turned into a probability by the sigmoid cross-validation fitted (Platt scaling on the
left-out drafts' margins, thresholds.json), with tf-idf weights computed here so screening a draft needs no
scikit-learn at all, only a look-up of each feature's weights. The calibration is folded into the weights and the
bias, so a draft's probability is still sigmoid(weights . features + bias).

Chosen by leave-one-batch-out cross-validation over the training groups (screening/corpus/CROSS_VALIDATION.md):
the linear SVM (C 0.5) over logistic regression (C 2 and 10) and over their average.

A model is saved as numbers and words (an .npz of weights and a JSON of features, codes and thresholds), built
from the corpus by `make model`; nothing in it is pickled code.
"""

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..detectors import Document
from .features import extract, is_cue, weight_of, word_grams, words_of

MIN_DOCUMENT_FREQUENCY = 2
DEFAULT_C = 0.5


@dataclass
class Scored:
    """A draft as the model read it: the probability per code and its features, kept for `explain`."""

    probabilities: dict[str, float]
    margins: np.ndarray = field(repr=False)
    indices: np.ndarray = field(repr=False)
    values: np.ndarray = field(repr=False)
    counts: np.ndarray = field(repr=False)


@dataclass
class LearnedModel:
    codes: list[str]
    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray  # (features, codes)
    bias: np.ndarray  # (codes,)
    thresholds: dict[str, float]
    meta: dict = field(default_factory=dict)

    # -- reading a draft -----------------------------------------------------------------------------------------
    def vectorise(self, counts: Counter) -> tuple[dict[int, float], dict[int, int]]:
        values, tallies, norm = {}, {}, 0.0
        vocabulary, idf = self.vocabulary, self.idf
        cues = []
        for feature, count in counts.items():
            index = vocabulary.get(feature)
            if index is None:
                continue
            if is_cue(feature):
                cues.append(index)
                continue
            value = (1.0 + math.log(count)) * idf[index]
            values[index] = value
            tallies[index] = count
            norm += value * value
        if norm:
            scale = 1.0 / math.sqrt(norm)
            values = {index: value * scale for index, value in values.items()}
        for index in cues:
            values[index] = idf[index]  # a cue's fixed weight (features.weight_of)
            tallies[index] = 1
        return values, tallies

    def _word_indices(self, word: str) -> tuple[int, ...]:
        """The model's feature numbers for one word's own grams, kept per word: drafts repeat their words."""
        cache = self.__dict__.setdefault("_words", {})
        indices = cache.get(word)
        if indices is None:
            vocabulary = self.vocabulary
            indices = tuple(vocabulary[gram] for gram in word_grams(word) if gram in vocabulary)
            if len(cache) < 200_000:
                cache[word] = indices
        return indices

    def _word_array(self, word: str) -> np.ndarray:
        cache = self.__dict__.setdefault("_arrays", {})
        array = cache.get(word)
        if array is None:
            array = np.fromiter(self._word_indices(word), dtype=np.int64)
            if len(cache) < 200_000:
                cache[word] = array
        return array

    def _counts(self, doc: Document) -> tuple[np.ndarray, np.ndarray]:
        """`features.extract` counted straight into feature numbers (the same features, faster): each distinct
        word's grams once, times the word's count."""
        words = words_of(doc)
        vocabulary = self.vocabulary
        per_word = Counter(words)
        arrays = [self._word_array(word) for word in per_word]
        tallies = np.repeat(
            np.fromiter(per_word.values(), dtype=np.float64, count=len(per_word)), [array.size for array in arrays]
        )
        extra: Counter = Counter()
        for (first, second), count in Counter(zip(words, words[1:], strict=False)).items():
            index = vocabulary.get(f"b|{first} {second}")
            if index is not None:
                extra[index] += count
        for tag, hits in doc.hits.items():
            index = vocabulary.get(f"q|{tag}") if hits else None
            if index is not None:
                extra[index] += 1
        every = np.concatenate([*arrays, np.fromiter(extra.keys(), dtype=np.int64, count=len(extra))])
        weights = np.concatenate([tallies, np.fromiter(extra.values(), dtype=np.float64, count=len(extra))])
        indices, inverse = np.unique(every, return_inverse=True)
        return indices, np.bincount(inverse, weights=weights, minlength=len(indices))

    @property
    def _is_cue(self) -> np.ndarray:
        cues = self.__dict__.get("_cues")
        if cues is None:
            cues = np.zeros(len(self.vocabulary), dtype=bool)
            cues[[index for feature, index in self.vocabulary.items() if feature.startswith("q|")]] = True
            self.__dict__["_cues"] = cues
        return cues

    def score(self, doc: Document) -> Scored:
        indices, counts = self._counts(doc)
        cue = self._is_cue[indices]
        values = (1.0 + np.log(counts)) * self.idf[indices]
        values[cue] = 0.0
        norm = math.sqrt(float(values @ values))
        if norm:
            values /= norm
        values[cue] = self.idf[indices[cue]]  # a cue's fixed weight (features.weight_of)
        margins = values @ self.weights[indices] + self.bias if len(indices) else self.bias.copy()
        probabilities = 1.0 / (1.0 + np.exp(-margins))
        return Scored(dict(zip(self.codes, probabilities.tolist(), strict=True)), margins, indices, values, counts)

    def explain(self, doc: Document, scored: Scored, code: str, top: int = 5) -> tuple[tuple[int, int], list[str]]:
        """The sentence that weighed most towards `code` and the words in the draft that weighed most: each word
        carries its own grams' weight and half of each word pair it is in, per occurrence."""
        column = self.codes.index(code)
        shares = scored.values * self.weights[scored.indices, column] / scored.counts
        contribution = dict(zip(scored.indices.tolist(), shares.tolist(), strict=True))
        words = words_of(doc)
        per_token = [sum(contribution.get(index, 0.0) for index in self._word_indices(word)) for word in words]
        vocabulary = self.vocabulary
        for position in range(len(words) - 1):
            index = vocabulary.get(f"b|{words[position]} {words[position + 1]}")
            if index is not None and index in contribution:
                half = 0.5 * contribution[index]
                per_token[position] += half
                per_token[position + 1] += half
        if not per_token:
            return (0, len(doc.text)), []
        sentences: dict[int, float] = {}
        for position, total in enumerate(per_token):
            if total > 0:
                index = doc.sentence_index(doc.token_spans[position][0])
                sentences[index] = sentences.get(index, 0.0) + total
        best = max(sentences, key=sentences.get) if sentences else 0
        ranked = sorted(range(len(per_token)), key=lambda position: -per_token[position])
        chosen: list[str] = []
        for position in ranked:
            if per_token[position] <= 0 or len(chosen) == top:
                break
            start, end = doc.token_spans[position]
            word = doc.text[start:end]
            if word.lower() not in {seen.lower() for seen in chosen}:
                chosen.append(word)
        return doc.sentences[best], chosen

    # -- saving and loading ----------------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        features = [None] * len(self.vocabulary)
        for feature, index in self.vocabulary.items():
            features[index] = feature
        np.savez(directory / "weights.npz", idf=self.idf, weights=self.weights, bias=self.bias)
        (directory / "model.json").write_text(
            json.dumps(
                {"codes": self.codes, "features": features, "thresholds": self.thresholds, "meta": self.meta},
                ensure_ascii=False,
            )
        )

    @classmethod
    def load(cls, directory: Path) -> "LearnedModel":
        described = json.loads((directory / "model.json").read_text())
        with np.load(directory / "weights.npz") as arrays:
            idf, weights, bias = arrays["idf"], np.ascontiguousarray(arrays["weights"]), arrays["bias"]
        vocabulary = {feature: index for index, feature in enumerate(described["features"])}
        return cls(described["codes"], vocabulary, idf, weights, bias, described["thresholds"], described["meta"])


def fit(
    docs: list[Document],
    labels: list[frozenset],
    codes: list[str],
    c: float = DEFAULT_C,
    thresholds: dict[str, float] | None = None,
    calibration: dict[str, list[float]] | None = None,
) -> LearnedModel:
    """Train one linear SVM per code (balanced classes, L2) on the drafts' features; `calibration`
    ({code: [slope, intercept]}, from cross-validation) turns each margin into a probability."""
    from scipy.sparse import csr_matrix  # noqa: PLC0415 - training only; screening needs no scipy
    from sklearn.svm import LinearSVC  # noqa: PLC0415 - training only

    counted = [extract(doc) for doc in docs]
    frequency: Counter = Counter()
    for counts in counted:
        frequency.update(counts.keys())
    kept = sorted(feature for feature, df in frequency.items() if df >= MIN_DOCUMENT_FREQUENCY or is_cue(feature))
    vocabulary = {feature: index for index, feature in enumerate(kept)}
    total = len(docs)
    # A tf-idf feature's idf carries its family's weight; a cue's "idf" is its fixed weight.
    idf = np.array(
        [
            weight_of(feature) * (1.0 if is_cue(feature) else math.log((1 + total) / (1 + frequency[feature])) + 1.0)
            for feature in kept
        ]
    )
    model = LearnedModel(
        list(codes),
        vocabulary,
        idf,
        np.zeros((len(kept), len(codes))),
        np.zeros(len(codes)),
        dict(thresholds or {}),
        {"c": c, "drafts": total},
    )
    rows, columns, data = [], [], []
    for row, counts in enumerate(counted):
        values, _ = model.vectorise(counts)
        for index, value in values.items():
            rows.append(row)
            columns.append(index)
            data.append(value)
    matrix = csr_matrix((data, (rows, columns)), shape=(total, len(kept)))
    for column, code in enumerate(codes):
        target = np.array([code in label for label in labels], dtype=int)
        if target.sum() == 0:
            model.bias[column] = -20.0
            continue
        # liblinear's dual coordinate descent: deterministic with a fixed seed, fast on sparse n-grams.
        machine = LinearSVC(C=c, class_weight="balanced", max_iter=5000, tol=1e-4, random_state=0)
        machine.fit(matrix, target)
        slope, intercept = (calibration or {}).get(code, (1.0, 0.0))
        model.weights[:, column] = slope * machine.coef_[0]
        model.bias[column] = slope * machine.intercept_[0] + intercept
    return model
