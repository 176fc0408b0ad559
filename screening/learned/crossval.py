"""Choosing each code's calibration and threshold by leave-one-batch-out cross-validation (issue 13): for every
shipped group (one writer's batch), train on the others, screen the left-out group with the detectors and read it
with the model; then, over all the left-out readings together, fit per code the sigmoid that turns the model's
margin into a probability (Platt scaling) and choose the threshold that gives the best F1 of "a detector found it,
or the model's probability reaches the threshold". The frozen batch takes no part.

    python -m screening.learned.crossval   # writes thresholds.json and ../corpus/CROSS_VALIDATION.md
"""

import json
from datetime import UTC, datetime

import numpy as np

from . import corpus, evaluate
from .build import THRESHOLDS, document, train

GRID = [round(0.05 + 0.025 * step, 3) for step in range(37)]  # 0.05 .. 0.95
REPORT = corpus.CORPUS_DIR / "CROSS_VALIDATION.md"


def readings(groups: list[str]) -> tuple[list, list, list, list]:
    """Expected codes, detector-only codes, the model's margins ({code: margin}) and the group of every left-out
    draft."""
    expected, detected, margins, held = [], [], [], []
    for group in groups:
        model = train([draft for other in groups if other != group for draft in corpus.load(other)])
        drafts = corpus.load(group)
        expected += [draft.expect for draft in drafts]
        detected += evaluate.screen_group(drafts, group, None)
        margins += [
            dict(zip(model.codes, model.score(document(draft.text, draft.category)).margins.tolist(), strict=True))
            for draft in drafts
        ]
        held += [group] * len(drafts)
    return expected, detected, margins, held


def calibrate(expected, margins) -> dict[str, list[float]]:
    """{code: [slope, intercept]}: the sigmoid of the left-out margins that best predicts the labels."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - training only

    fitted = {}
    for code in evaluate.CODES:
        x = np.array([[read[code]] for read in margins])
        y = np.array([code in wanted for wanted in expected], dtype=int)
        regression = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000).fit(x, y)
        fitted[code] = [round(float(regression.coef_[0][0]), 6), round(float(regression.intercept_[0]), 6)]
    return fitted


def probabilities_of(margins, fitted: dict[str, list[float]]) -> list[dict[str, float]]:
    return [
        {code: 1.0 / (1.0 + np.exp(-(fitted[code][0] * margin + fitted[code][1]))) for code, margin in read.items()}
        for read in margins
    ]


def decide(detected, probabilities, chosen: dict[str, float]) -> list[set[str]]:
    return [
        found | {code for code, p in read.items() if p >= chosen.get(code, 1.01)}
        for found, read in zip(detected, probabilities, strict=True)
    ]


def choose(expected, detected, probabilities) -> dict[str, float]:
    chosen = {}
    for code in evaluate.CODES:
        best = (-1.0, 0.5)
        for threshold in GRID:
            tp = fp = fn = 0
            for wanted, found, read in zip(expected, detected, probabilities, strict=True):
                hit = code in found or read[code] >= threshold
                tp += hit and code in wanted
                fp += hit and code not in wanted
                fn += (not hit) and code in wanted
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            # Ties go to the threshold nearest 0.5: no evidence for a bolder one.
            if f1 > best[0] + 1e-9 or (abs(f1 - best[0]) <= 1e-9 and abs(threshold - 0.5) < abs(best[1] - 0.5)):
                best = (f1, threshold)
        chosen[code] = best[1]
    return chosen


def main() -> None:
    groups = corpus.available()
    expected, detected, margins, held = readings(groups)
    fitted = calibrate(expected, margins)
    probabilities = probabilities_of(margins, fitted)
    chosen = choose(expected, detected, probabilities)
    THRESHOLDS.write_text(json.dumps({"groups": groups, "thresholds": chosen, "calibration": fitted}, indent=1) + "\n")
    lines = [
        f"# Cross-validation, leave one batch out ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Groups: {', '.join(groups)} (the frozen {corpus.FROZEN} takes no part). The model: a linear SVM "
        "per code (screening/learned/model.py), its margins calibrated by a sigmoid fitted on the pooled "
        "left-out margins. Thresholds chosen on the pooled left-out readings (best F1 of detectors or "
        "model): " + ", ".join(f"{code} {value}" for code, value in chosen.items()),
        "",
        "Each group below is scored by a model that never saw it, with the pooled thresholds.",
        "",
    ]
    decided = decide(detected, probabilities, chosen)
    pooled = evaluate.table(expected, decided)
    detectors_only = evaluate.table(expected, detected)
    blocks = [
        ("All left-out drafts, detectors and learned layer", pooled),
        ("All left-out drafts, detectors only", detectors_only),
    ]
    for group in groups:
        picked = [index for index, name in enumerate(held) if name == group]
        blocks.append(
            (f"Left out: {group}", evaluate.table([expected[i] for i in picked], [decided[i] for i in picked]))
        )
    for title, result in blocks:
        text = evaluate.render(title, result)
        print(text + "\n")
        lines += ["```", text, "```", ""]
    REPORT.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
