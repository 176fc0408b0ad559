"""The roles of DESIGN.md ("Who uses it"). Each role is a Django group."""

from django.db import models


class Role(models.TextChoices):
    CHIEF = "chief", "Chief of Police"
    PIO = "pio", "Public Information Officer"
    SUPERVISOR = "supervisor", "Supervisor"
    COMMANDER = "commander", "Incident Commander"
    CUSTODIAN = "custodian", "Records Custodian"
    REVIEWER = "reviewer", "Annual Reviewer"
    # Personal-use reviews (general policy V.B.1) are confidential to the chief, the reviewing supervisor and
    # internal affairs; background investigations (IV.D) to the chief and the background investigators.
    INTERNAL_AFFAIRS = "internal_affairs", "Internal Affairs"
    BACKGROUND = "background", "Background Investigator"
    # The commander who owns retention of records (3xx.7; the pack's retention_commander_title): signs off a
    # disposition batch before it is approved where the pack requires (issue 16.4).
    RETENTION_COMMANDER = "retention_commander", "Retention Commander"
    MEMBER = "member", "Member"


# Group names are the role labels; the key is what the API and code use.
GROUP_FOR_ROLE = {role.value: role.label for role in Role}
ROLE_FOR_GROUP = {label: key for key, label in GROUP_FOR_ROLE.items()}
