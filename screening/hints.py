"""How to fix what the screener finds: one short hint per kind of finding (issue 14.5), shown beside the finding and
its citation on the saved draft and the post page. A detector's own hint first, else its rule's (3xx.5(a)-(f))."""

from .choices import Code

BY_DETECTOR = {
    "privacy.phone": "Say whose number it is; remove it unless it is the department's own public line.",
    "privacy.email": "Remove the address unless it is the department's own public one.",
    "privacy.home_address": "Give the block or the cross streets, not a house number.",
    "privacy.date_of_birth": "Remove the date of birth; an age range is enough.",
    "privacy.dob_cue": "Remove the date of birth; an age range is enough.",
    "privacy.juvenile": "Remove the name of the juvenile and anything that identifies them.",
    "privacy.juvenile_cue": "Remove the name of the juvenile and anything that identifies them.",
    "privacy.sexual_assault_victim": "Remove anything that identifies the victim.",
    "privacy.sa_cue": "Remove anything that identifies the victim.",
    "privacy.ssn": "Remove the Social Security number.",
    "privacy.ssn_cue": "Remove the Social Security number.",
    "privacy.drivers_license": "Remove the driver's license number.",
    "privacy.dl_cue": "Remove the driver's license number.",
    "privacy.card_number": "Remove the card number.",
    "privacy.medical": "Remove the medical details about a named person.",
    "investigation.hold_term": "Remove the held detail of the open case (a supervisor placed the hold).",
    "investigation.evidence": "Leave out evidence details until the case is closed.",
    "investigation.forensic": "Leave out forensic details until the case is closed.",
    "investigation.technique": "Leave out how the investigation is done.",
    "investigation.agent": "Do not name the investigating officer or agent.",
    "safety.position": "Leave out where officers are or will be.",
    "safety.positions": "Leave out where officers are or will be.",
    "safety.staffing": "Leave out staffing levels and shift gaps.",
    "safety.staffing_soft": "Leave out staffing levels and shift gaps.",
    "safety.undercover": "Do not identify undercover officers or operations.",
    "safety.member_home": "Remove where a member lives.",
    "prejudicial.guilt": 'Say "arrested" or "charged", not that the person did it.',
    "prejudicial.certainty": 'Say "arrested" or "charged", not that the person did it.',
    "prejudicial.confession": "Leave out any confession or statement.",
    "prejudicial.epithet": "Describe the person neutrally.",
    "prejudicial.label": "Describe the person neutrally.",
    "political.candidate": "Remove the candidate or endorsement; the department takes no side.",
    "political.measure": "Remove the position on the ballot measure; the department takes no side.",
    "political.party": "Remove the party reference; the department takes no side.",
    "commercial.promo": "Remove the promotion of a business or product.",
    "commercial.promotion": "Remove the promotion of a business or product.",
}

BY_CODE = {
    Code.ABUSIVE: "Remove the abusive, discriminatory or explicit wording.",
    Code.PRIVACY: "Remove the personal information, or say whose it is and why it is public.",
    Code.INVESTIGATION: "Leave out details of an open investigation.",
    Code.SAFETY: "Leave out what could endanger members or the public.",
    Code.PREJUDICIAL: "State only the charges and facts on record.",
    Code.POLITICAL: "Remove the political position; the department takes no side.",
    Code.COMMERCIAL: "Remove the commercial promotion.",
    Code.PERSONAL: "Keep to the department's business; remove the personal content.",
}


def hint_for(finding) -> str:
    """The fix for a finding (a screener Result or a saved Flag)."""
    return BY_DETECTOR.get(getattr(finding, "detector", ""), "") or BY_CODE.get(getattr(finding, "code", ""), "")
