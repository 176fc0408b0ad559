"""Building the learned layer's model from the shipped corpus (`make model`), and loading it.

The model is built into VAR_DIR/screening-model/, never committed. It records a fingerprint of what it was built
from (the corpus files, the thresholds, the feature and model code); `loaded()` builds it on first use when it is
absent or its fingerprint is not the current one, so a fresh clone and a changed corpus both just work.

    python -m screening.learned.build            # build (what `make model` runs)
    python -m screening.learned.build --record   # build and record its scores in scores.json (committed)
"""

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

from .. import engine
from ..choices import Code
from ..detectors import Document
from . import corpus
from .model import LearnedModel, fit

HERE = Path(__file__).resolve().parent
THRESHOLDS = HERE / "thresholds.json"
SCORES = HERE / "scores.json"
RECORDED_PER_GROUP = 12
_lock = threading.Lock()
_loaded: dict[str, LearnedModel] = {}


def var_dir() -> Path:
    try:
        from django.conf import settings  # noqa: PLC0415 - the build also runs without Django configured

        if settings.configured:
            return Path(settings.VAR_DIR)
    except ImportError:  # pragma: no cover
        pass
    return Path(os.environ.get("SOCIALGOV_VAR_DIR", HERE.parent.parent / "var"))


def model_dir() -> Path:
    """VAR_DIR/screening-model, or SOCIALGOV_SCREENING_MODEL_DIR (the benchmark reads the model `make model` built)."""
    return Path(os.environ.get("SOCIALGOV_SCREENING_MODEL_DIR") or var_dir() / "screening-model")


def thresholds() -> dict[str, float]:
    return json.loads(THRESHOLDS.read_text())["thresholds"] if THRESHOLDS.exists() else {}


def calibration() -> dict[str, list[float]]:
    """{code: [slope, intercept]}: the sigmoid that turns a margin into a probability, fitted by cross-validation."""
    return json.loads(THRESHOLDS.read_text()).get("calibration", {}) if THRESHOLDS.exists() else {}


def fingerprint() -> str:
    digest = hashlib.sha256()
    paths = [corpus.CORPUS_DIR / corpus.GROUPS[group][0] for group in corpus.available()]
    paths += [THRESHOLDS, HERE / "features.py", HERE / "concepts.py", HERE / "model.py", HERE / "build.py"]
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def document(text: str, category: str = "") -> Document:
    """A draft read the way the screener reads it, with the built-in word lists scanned."""
    doc = Document(text, category)
    doc.hits = engine.builtin_lexicon().scan(doc)
    return doc


def train(
    drafts: list[corpus.Draft], chosen: dict[str, float] | None = None, calibrated: dict[str, list[float]] | None = None
) -> LearnedModel:
    return fit(
        [document(draft.text, draft.category) for draft in drafts],
        [draft.expect for draft in drafts],
        list(Code.values),
        thresholds=chosen,
        calibration=calibrated,
    )


def build(directory: Path | None = None) -> LearnedModel:
    """Train on every shipped draft but the frozen set's and save the model (atomically) into `directory`."""
    directory = directory or model_dir()
    model = train(corpus.training_drafts(), thresholds(), calibration())
    model.meta["fingerprint"] = fingerprint()
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".screening-model-", dir=directory.parent))
    model.save(staging)
    if directory.exists():
        shutil.rmtree(directory, ignore_errors=True)
    os.replace(staging, directory)
    return model


def _current(directory: Path) -> LearnedModel | None:
    try:
        model = LearnedModel.load(directory)
    except (OSError, ValueError, KeyError):
        return None
    return model if model.meta.get("fingerprint") == fingerprint() else None


def loaded() -> LearnedModel:
    """The built model, built first if it is absent or stale (one process builds, the others wait for it)."""
    directory = model_dir()
    key = str(directory)
    with _lock:
        model = _loaded.get(key)
        if model is not None and model.meta.get("fingerprint") == fingerprint():
            return model
        model = _current(directory)
        if model is None:
            directory.parent.mkdir(parents=True, exist_ok=True)
            with open(directory.parent / ".screening-model.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                model = _current(directory) or build(directory)
        _loaded[key] = model
        return model


def recorded_drafts() -> list[corpus.Draft]:
    return [draft for group in corpus.available() for draft in corpus.load(group)[:RECORDED_PER_GROUP]]


def score_recorded(model: LearnedModel) -> dict[str, dict[str, float]]:
    return {
        draft.id: {
            code: round(probability, 6)
            for code, probability in model.score(document(draft.text, draft.category)).probabilities.items()
        }
        for draft in recorded_drafts()
    }


def record(model: LearnedModel) -> None:
    SCORES.write_text(
        json.dumps(
            {"fingerprint": model.meta["fingerprint"], "scores": score_recorded(model)}, indent=1, sort_keys=True
        )
        + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="store_true", help="write the built model's scores to scores.json")
    options = parser.parse_args()
    model = build()
    print(
        f"Built the screening model in {model_dir()}: {len(model.vocabulary)} features, "
        f"{model.meta['drafts']} drafts, fingerprint {model.meta['fingerprint']}"
    )
    if options.record:
        record(model)
        print(f"Recorded its scores in {SCORES}")


if __name__ == "__main__":
    main()
