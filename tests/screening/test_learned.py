"""The learned layer (issue 13.1, 13.2): the model `make model` builds reproduces its recorded scores, is built on
first use when absent, and every finding says its code, the words that drove it, its citation and its source."""

import json

import numpy as np
import pytest

from screening import services
from screening.choices import Code
from screening.learned import build
from screening.learned.model import LearnedModel

from .conftest import OAKLEY_CITATIONS, make_screener


def test_the_built_model_reproduces_its_recorded_scores(tmp_path, monkeypatch):
    """A fresh build from the shipped corpus gives the scores recorded in scores.json (committed): the model is
    what the corpus and the code make it, nothing else. `loaded()` builds it because none is there."""
    monkeypatch.setenv("SOCIALGOV_SCREENING_MODEL_DIR", str(tmp_path / "model"))
    model = build.loaded()
    assert (tmp_path / "model" / "model.json").exists()
    recorded = json.loads(build.SCORES.read_text())
    assert recorded["fingerprint"] == model.meta["fingerprint"] == build.fingerprint(), (
        "the corpus or the model changed: run `make model-thresholds` and commit thresholds.json and scores.json"
    )
    scores = build.score_recorded(model)
    assert scores.keys() == recorded["scores"].keys()
    for draft, probabilities in recorded["scores"].items():
        for code, probability in probabilities.items():
            assert scores[draft][code] == pytest.approx(probability, abs=1e-5), (draft, code)
    assert set(model.thresholds) == set(Code.values)


def _tiny_model(threshold: float = 0.5) -> LearnedModel:
    """A model with three words that weigh towards "personal": what the engine does with any model."""
    codes = list(Code.values)
    vocabulary = {"w|sunburnt": 0, "w|cabo": 1, "w|margaritas": 2}
    weights = np.zeros((3, len(codes)))
    weights[:, codes.index("personal")] = [4.0, 3.0, 2.0]
    return LearnedModel(
        codes, vocabulary, np.ones(3), weights, np.full(len(codes), -2.0), {code: threshold for code in codes}
    )


def test_a_learned_finding_names_the_words_that_drove_it_its_citation_and_its_source():
    screener = make_screener(learned=_tiny_model())
    text = "Lobby hours are the same this week. Back from Cabo, sunburnt and full of margaritas! Stay safe."
    [result] = screener.screen(text)
    assert result.code == "personal"
    assert result.source == "learned" and result.detector == "learned"
    assert result.evidence[:2] == ("sunburnt", "Cabo")
    assert result.citation == "§322.5(f)" and result.message.endswith("(§322.5(f))")
    assert "Learned layer" in result.message and "sunburnt" in result.message
    assert result.excerpt.startswith("Back from Cabo")  # the sentence that weighed most, not the whole post
    assert result.as_dict()["source"] == "learned" and result.as_dict()["evidence"][0] == "sunburnt"


def test_the_learned_layer_adds_nothing_under_its_threshold_or_for_a_rule_switched_off():
    text = "Back from Cabo, sunburnt."
    assert make_screener(learned=_tiny_model(threshold=0.999)).screen(text) == []
    assert make_screener(learned=_tiny_model(), personal={"enabled": False}).screen(text) == []


def test_the_learned_layer_does_not_repeat_a_code_a_detector_found():
    results = make_screener(learned=_tiny_model()).screen("My wife and I are back from Cabo, sunburnt.")
    assert [(result.code, result.source) for result in results] == [("personal", "word list")]


def test_every_finding_says_where_it_came_from():
    screener = make_screener(holds=[(1, "24-01509", ["Dario Fenwick"])], commercial={"terms": ("Acme Alarms",)})
    text = "Call the owner at 925-555-0187. Dario Fenwick was seen near the store. Acme Alarms installs systems."
    sources = {result.code: result.source for result in screener.screen(text)}
    assert sources == {"privacy": "pattern", "investigation": "hold term", "commercial": "word list"}


@pytest.mark.django_db
def test_the_api_and_the_stored_findings_carry_source_and_evidence(department, chief, client):
    results = services.screen_text(department, "Call the owner at 925-555-0187 tonight.")
    assert [(result.code, result.source) for result in results] == [("privacy", "pattern")]
    client.force_login(chief)
    answer = client.post(
        "/api/v1/screen/", {"text": "Call the owner at 925-555-0187 tonight."}, content_type="application/json"
    )
    assert answer.status_code == 200
    [flag] = answer.json()["flags"]
    assert flag["source"] == "pattern" and flag["evidence"] == [] and flag["citation"]


def test_each_finding_of_every_source_carries_its_code_words_citation_and_source():
    """Issue 13 acceptance: a pattern, a built-in word list, the department's word list, a hold term and the
    learned layer each say the code, the span (and for the learned layer the words) that drove the finding, the
    department's section and where the finding came from."""
    screener = make_screener(
        holds=[(1, "24-01509", ["Dario Fenwick"])], learned=_tiny_model(), commercial={"terms": ("Acme Alarms",)}
    )
    text = (
        "Call the owner at 925-555-0187. Dario Fenwick was seen near the store. Acme Alarms installs systems. "
        "Vote YES on Measure S! Back from Cabo, sunburnt and full of margaritas."
    )
    results = screener.screen(text)
    assert {result.source for result in results} == {"pattern", "hold term", "word list", "learned"}
    assert {result.detector for result in results} >= {"commercial.department_term", "learned"}
    for result in results:
        assert result.code in Code.values
        assert 0 <= result.start < result.end <= len(text) and result.excerpt == text[result.start : result.end]
        assert result.citation == OAKLEY_CITATIONS[result.code] and result.message.endswith(f"({result.citation})")
        described = result.as_dict()
        assert (
            described["code"],
            described["start"],
            described["end"],
            described["citation"],
            described["source"],
        ) == (result.code, result.start, result.end, result.citation, result.source)
        if result.source == "learned":
            assert result.evidence and all(word in text for word in result.evidence)
            assert all(word in result.message for word in result.evidence)
