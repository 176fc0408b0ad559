"""How much free text each field takes (issue 17.5): one place for the limits every model, form and serializer
uses, so that a 1 MB note is a 400 naming the field, never a row in the database or the audit trail. The
README's "Text limits" lists them; the API's schema carries them as maxLength."""

# A reason, a note, a justification: what one person writes to explain one decision.
NOTE = 5_000
# A description, findings, a summary, a guideline, a captured comment: a page or two.
TEXT = 50_000
# A post's text (the longest platform allows 63,206 characters; Facebook).
POST = 100_000
