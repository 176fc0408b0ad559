"""Background investigations (issue 15.5, general policy IV.D): a round's checklist is the same for every
candidate and refused once a candidate has started (409); each search is attested lawful with the checklist's
text; information considered has a validation status and source; the report shows the same checks for every
candidate; the records are the hiring roles' only."""

import pytest
from django.urls import reverse

from audits.models import AuditEvent
from conduct.models import VettingRound

pytestmark = pytest.mark.django_db

ATTESTATION = "I used only publicly available sources and no technique that violates existing law (IV.D)."
CHECKLIST = ["Search engines, by full name and aliases", "Public social media profiles", "News archives"]


@pytest.fixture
def round_(api, gpd):
    response = api.as_(gpd.background).post(
        "/api/v1/vetting-rounds/",
        {"name": "Police officer, spring 2027", "checklist": CHECKLIST, "attestation": ATTESTATION},
        format="json",
    )
    assert response.status_code == 201
    return response.json()


def add(api, gpd, round_, name):
    response = api.as_(gpd.background).post(
        f"/api/v1/vetting-rounds/{round_['id']}/candidates/", {"name": name}, format="json"
    )
    assert response.status_code == 201
    return response.json()


def search(api, gpd, candidate, check, lawful=True):
    return api.as_(gpd.background).post(
        f"/api/v1/vetting-candidates/{candidate['id']}/searches/",
        {"check": check, "method": "Google and Bing, full name in quotes", "lawful_attested": lawful},
        format="json",
    )


def test_the_checklist_changes_until_a_candidate_starts_then_is_refused(api, gpd, round_):
    first = add(api, gpd, round_, "Jordan Blake")
    changed = api.as_(gpd.background).patch(
        f"/api/v1/vetting-rounds/{round_['id']}/", {"checklist": CHECKLIST + ["Court records"]}, format="json"
    )
    assert changed.status_code == 200 and len(changed.json()["checklist"]) == 4  # nobody has started yet
    keys = [check["key"] for check in changed.json()["checklist"]]
    assert search(api, gpd, first, keys[0]).status_code == 201
    refused = api.as_(gpd.background).patch(
        f"/api/v1/vetting-rounds/{round_['id']}/", {"checklist": CHECKLIST}, format="json"
    )
    assert refused.status_code == 409
    assert len(VettingRound.objects.get(pk=round_["id"]).checklist) == 4
    assert AuditEvent.objects.filter(action="conduct.vetting.round.change").count() == 1


def test_every_search_is_attested_lawful_and_on_the_checklist(api, gpd, round_):
    candidate = add(api, gpd, round_, "Jordan Blake")
    key = round_["checklist"][0]["key"]
    unattested = search(api, gpd, candidate, key, lawful=False)
    assert unattested.status_code == 400 and "lawful_attested" in unattested.json()
    off_list = search(api, gpd, candidate, "dark-web")
    assert off_list.status_code == 400 and "check" in off_list.json()
    done = search(api, gpd, candidate, key).json()
    assert done["attestation"] == ATTESTATION and done["lawful_attested"] is True
    item = api.as_(gpd.background).post(
        f"/api/v1/vetting-candidates/{candidate['id']}/information/",
        {
            "summary": "Volunteer coach since 2019",
            "source": "https://news.example/coach",
            "validation": "validated",
            "search": done["id"],
        },
        format="json",
    )
    assert item.status_code == 201 and item.json()["validation"] == "validated"
    bad = api.as_(gpd.background).post(
        f"/api/v1/vetting-candidates/{candidate['id']}/information/",
        {"summary": "Rumour", "source": "forum", "validation": "probably"},
        format="json",
    )
    assert bad.status_code == 400 and "validation" in bad.json()


def test_the_report_shows_the_same_checks_for_every_candidate(api, client, gpd, round_):
    keys = [check["key"] for check in round_["checklist"]]
    candidates = [add(api, gpd, round_, name) for name in ("Jordan Blake", "Riley Chen")]
    for key in keys:
        search(api, gpd, candidates[0], key)
    search(api, gpd, candidates[1], keys[0])
    partial = api.as_(gpd.background).get(f"/api/v1/vetting-rounds/{round_['id']}/report/").json()
    assert partial["same_checks_for_every_candidate"] is False
    for key in keys[1:]:
        search(api, gpd, candidates[1], key)
    report = api.as_(gpd.background).get(f"/api/v1/vetting-rounds/{round_['id']}/report/").json()
    assert report["same_checks_for_every_candidate"] is True and report["every_candidate_complete"] is True
    assert [[check["key"] for check in c["checks"]] for c in report["candidates"]] == [keys, keys]
    client.force_login(gpd.chief)
    client.get("/")
    page = client.get(reverse("conduct:round", args=[round_["id"]])).content.decode()
    assert "Every candidate got the same checks." in page


def test_candidate_records_are_the_hiring_roles_only(api, gpd, round_, oakley_chief):
    candidate = add(api, gpd, round_, "Jordan Blake")
    for member in (gpd.chief, gpd.background):
        assert api.as_(member).get(f"/api/v1/vetting-candidates/{candidate['id']}/").status_code == 200
    for member in (gpd.supervisor, gpd.ia, gpd.designee, gpd.officer, oakley_chief):
        assert api.as_(member).get(f"/api/v1/vetting-candidates/{candidate['id']}/").status_code == 404
        assert api.as_(member).get(f"/api/v1/vetting-rounds/{round_['id']}/").status_code == 404
    assert (
        api.as_(gpd.supervisor)
        .post("/api/v1/vetting-rounds/", {"name": "x", "checklist": ["a"], "attestation": "y"}, format="json")
        .status_code
        == 403
    )


def test_a_round_needs_a_checklist_and_an_attestation(api, gpd):
    response = api.as_(gpd.background).post(
        "/api/v1/vetting-rounds/", {"name": "Dispatcher", "checklist": [], "attestation": ""}, format="json"
    )
    assert response.status_code == 400 and {"checklist", "attestation"} <= set(response.json())
    assert not VettingRound.objects.exists()
