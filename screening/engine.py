"""The screener: a department's rules, compiled once and cached, run over a draft (DESIGN.md "Screening").

Screening is on the typing path, so everything that depends only on the
department is compiled ahead of the text: the built-in word lists (one
Aho-Corasick automaton shared by every department), the department's own added
terms and exceptions, its active hold terms and its public contacts. The
compilation is cached per process and keyed by the department's RuleBook token,
which every change to a rule or a hold replaces in the same transaction, and by
the department row's own `updated_at` (public contacts, policy pack): the first
screening after a change compiles afresh, so a released hold stops matching at once.

After the deterministic detectors, the learned layer (screening.learned, issue 13) reads the draft for the
judgement codes; it adds a finding for a code the detectors did not find when its probability reaches the
threshold chosen by cross-validation. Every result says its source: a pattern, a word list (built-in or the
department's), a hold term, or the learned layer.
"""

import re
import threading
from dataclasses import dataclass, replace
from functools import cache

from .choices import Code, FindingSource, Severity
from .detectors import Context, Document, Finding, registry
from .detectors.investigation import HoldMatcher
from .detectors.lexicon import Lexicon, normalise
from .detectors.privacy import normalise_phone
from .learned.concepts import CONCEPTS

EXCERPT_LIMIT = 200

# Where a finding came from (issue 13.2), so a supervisor knows how to weigh it.
PATTERN, WORD_LIST, HOLD_TERM, LEARNED = (
    FindingSource.PATTERN.value,
    FindingSource.WORD_LIST.value,
    FindingSource.HOLD_TERM.value,
    FindingSource.LEARNED.value,
)
# Detectors that recognise a shape (a number, a date, an address) rather than words from a list.
PATTERN_DETECTORS = frozenset(
    {
        "privacy.ssn",
        "privacy.date_of_birth",
        "privacy.phone",
        "privacy.email",
        "privacy.home_address",
        "privacy.card_number",
        "privacy.drivers_license",
    }
)
LEARNED_DETECTOR = "learned"


def source_of(detector: str) -> str:
    if detector.endswith(".hold_term"):
        return HOLD_TERM
    if detector.startswith(LEARNED_DETECTOR):
        return LEARNED
    if detector in PATTERN_DETECTORS:
        return PATTERN
    return WORD_LIST


@dataclass(frozen=True)
class Rule:
    """One screening rule as the department applies it (3xx.5)."""

    code: str
    name: str
    citation: str
    severity: str
    enabled: bool
    terms: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """A finding as the screener reports it: the rule, the department's citation, the span and the message."""

    code: str
    rule: str
    citation: str
    severity: str
    start: int
    end: int
    excerpt: str
    message: str
    detector: str
    hold_id: int | None = None
    evidence: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return source_of(self.detector)

    @property
    def identity(self) -> tuple:
        return (self.code, self.detector, self.start, self.end, self.severity, self.excerpt)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "rule": self.rule,
            "citation": self.citation,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": self.message,
            "source": self.source,
            "evidence": list(self.evidence),
        }


def rules_for(department, settings=None) -> list[Rule]:
    """The department's eight rules: name and citation from its policy pack, the chief's settings over the
    pack's defaults (on, block)."""
    if settings is None:
        from .models import RuleSetting

        settings = {setting.code: setting for setting in RuleSetting.objects.filter(department=department)}
    pack = {entry.get("code"): entry for entry in department.policy.get("prohibited", [])}
    rules = []
    for code in Code.values:
        entry = pack.get(code, {})
        setting = settings.get(code)
        rules.append(
            Rule(
                code=code,
                name=entry.get("name") or Code(code).label,
                citation=department.cite(f"prohibited.{code}") or entry.get("citation", ""),
                severity=setting.severity if setting else entry.get("severity", Severity.BLOCK),
                enabled=setting.enabled if setting else entry.get("enabled", True),
                terms=tuple(setting.terms if setting else entry.get("terms", ())),
                exceptions=tuple(setting.exceptions if setting else entry.get("exceptions", ())),
            )
        )
    return rules


@cache
def builtin_lexicon() -> Lexicon:
    """The detectors' word lists and the policy's concepts (the learned layer's features; no detector reads
    them), one automaton, one pass over a draft."""
    tagged: dict[str, list[str]] = {tag: list(phrases) for tag, phrases in CONCEPTS.items()}
    for module in registry():
        for tag, phrases in module.LEXICON.items():
            tagged.setdefault(tag, []).extend(phrases)
    return Lexicon(tagged)


class Screener:
    """A department's rules, word lists, hold terms and public contacts, compiled."""

    def __init__(self, rules: list[Rule], holds=(), public_phones=(), public_emails=(), learned=None):
        self.rules = {rule.code: rule for rule in rules}
        self.learned = learned
        self.detectors = [module for module in registry() if self.rules[module.CODE].enabled]
        tagged = {}
        for rule in rules:
            if rule.terms:
                tagged[f"{rule.code}.custom"] = list(rule.terms)
            if rule.exceptions:
                tagged[f"{rule.code}.exception"] = list(rule.exceptions)
        self.custom = Lexicon(tagged) if tagged else None
        self.holds = HoldMatcher(holds) if self.rules[Code.INVESTIGATION].enabled else None
        emails = frozenset(email.strip().lower() for email in public_emails if email)
        self.context = Context(
            public_phones=frozenset(normalise_phone(phone) for phone in public_phones if phone),
            public_emails=emails,
            public_email_domains=frozenset(email.partition("@")[2] for email in emails if "@" in email),
        )

    def screen(self, text: str, category: str = "") -> list[Result]:
        doc = Document(text, category, self.context)
        doc.hits = builtin_lexicon().scan(doc)
        custom = self.custom.scan(doc) if self.custom else {}
        findings: list[Finding] = []
        for module in self.detectors:
            findings.extend(module.detect(doc))
        for tag, hits in custom.items():
            code, _, kind = tag.partition(".")
            if kind == "custom" and self.rules[code].enabled:
                findings.extend(
                    Finding(
                        code,
                        f"{code}.department_term",
                        hit.start,
                        hit.end,
                        "A term on the department's list for this rule",
                    )
                    for hit in hits
                )
        if self.holds is not None:
            findings.extend(self.holds.find(doc))
        exceptions = {tag.partition(".")[0]: hits for tag, hits in custom.items() if tag.endswith(".exception")}
        findings = _tidy(findings, exceptions)
        if self.learned is not None:
            findings = sorted(
                [*findings, *self._learned(doc, {finding.code for finding in findings})],
                key=lambda f: (f.start, -f.end, f.code),
            )
        return [self._result(doc, finding) for finding in findings]

    def _learned(self, doc: Document, found: set[str]) -> list[Finding]:
        """The learned layer's findings for the codes no pattern, word list or hold term found (3xx.5(a)-(f))."""
        scored = self.learned.score(doc)
        findings = []
        for code, probability in scored.probabilities.items():
            rule = self.rules.get(code)
            if code in found or rule is None or not rule.enabled:
                continue
            if probability < self.learned.thresholds.get(code, 0.5):
                continue
            (start, end), words = self.learned.explain(doc, scored, code)
            quoted = ", ".join(f"\u201c{word}\u201d" for word in words)
            description = f"Learned layer ({probability:.0%}): reads as {Code(code).label.lower()}" + (
                f"; the words that weighed most: {quoted}" if quoted else ""
            )
            findings.append(Finding(code, LEARNED_DETECTOR, start, end, description, evidence=tuple(words)))
        return findings

    def _result(self, doc: Document, finding: Finding) -> Result:
        rule = self.rules[finding.code]
        excerpt = doc.text[finding.start : finding.end]
        if len(excerpt) > EXCERPT_LIMIT:
            excerpt = excerpt[: EXCERPT_LIMIT - 1] + "\u2026"
        citation = f" ({rule.citation})" if rule.citation else ""
        # A learned finding informs and never blocks on its own: on drafts nobody trained on its precision is
        # well below what stopping an approval needs (screening/corpus/FROZEN.md); the approver weighs it (3xx.5).
        severity = Severity.WARN if finding.detector == LEARNED_DETECTOR else rule.severity
        return Result(
            code=finding.code,
            rule=rule.name,
            citation=rule.citation,
            severity=severity,
            start=finding.start,
            end=finding.end,
            excerpt=excerpt,
            message=f"{finding.description}{citation}",
            detector=finding.detector,
            hold_id=finding.hold_id,
            evidence=finding.evidence,
        )


def _tidy(findings: list[Finding], exceptions: dict) -> list[Finding]:
    """One finding per span: drop exact repeats, findings inside a longer one of the same code and findings
    the department has excepted, join overlapping findings of one detector; order by position."""
    ordered = sorted(set(findings), key=lambda f: (f.start, -f.end, f.code, f.detector))
    kept: list[Finding] = []
    for finding in ordered:
        if finding.end <= finding.start:
            continue
        if any(hit.start < finding.end and finding.start < hit.end for hit in exceptions.get(finding.code, ())):
            continue
        if any(
            other.code == finding.code and other.start <= finding.start and finding.end <= other.end for other in kept
        ):
            continue
        for index, other in enumerate(kept):
            if (other.code, other.detector, other.hold_id) == (
                finding.code,
                finding.detector,
                finding.hold_id,
            ) and finding.start < other.end:
                kept[index] = replace(other, end=finding.end)
                break
        else:
            kept.append(finding)
    return kept


# -- the per-process cache -------------------------------------------------------------------------------------
_compiled: dict[int, tuple[tuple, Screener]] = {}
_lock = threading.Lock()


def _key(department) -> tuple:
    """What the compiled screener must still match: the rule book's token (one indexed read per screening, written
    as SQL because building it through the ORM cost more than running it on the typing path) and the department's
    own fields."""
    from django.db import connection  # noqa: PLC0415 - the engine also runs without Django (the model's build)

    from .models import RuleBook

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {RuleBook._meta.db_table} WHERE department_id = %s", [department.pk])
        row = cursor.fetchone()
    token = row[0] if row else None
    return (
        token,
        department.updated_at,
        tuple(department.public_phone_numbers or ()),
        tuple(department.public_emails or ()),
        department.policy.get("citations", {}).get("prohibited", ""),
    )


def compile_screener(department) -> Screener:
    from .learned.build import loaded  # build imports this module (its Screener and word lists)
    from .models import CaseHold

    holds = CaseHold.objects.active().filter(department=department).values_list("id", "case_number", "terms")
    return Screener(
        rules_for(department),
        holds=list(holds),
        public_phones=department.public_phone_numbers or (),
        public_emails=department.public_emails or (),
        learned=loaded(),
    )


def screener_for(department) -> Screener:
    """The department's compiled screener, rebuilt when its rules, holds or contacts have changed."""
    key = _key(department)
    cached = _compiled.get(department.pk)
    if cached is not None and cached[0] == key:
        return cached[1]
    screener = compile_screener(department)
    with _lock:
        _compiled[department.pk] = (key, screener)
    return screener


def forget(department_id: int | None = None) -> None:
    """Drop compiled screeners (all, or one department's); the next screening compiles afresh."""
    with _lock:
        if department_id is None:
            _compiled.clear()
        else:
            _compiled.pop(department_id, None)


def valid_term(term: str) -> bool:
    return len(re.sub(r"\s", "", normalise(term))) >= 2
