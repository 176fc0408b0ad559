"""The roles of DESIGN.md ("Who uses it"). Each role is a Django group."""

from django.db import models


class Role(models.TextChoices):
    CHIEF = "chief", "Chief of Police"
    PIO = "pio", "Public Information Officer"
    SUPERVISOR = "supervisor", "Supervisor"
    COMMANDER = "commander", "Incident Commander"
    CUSTODIAN = "custodian", "Records Custodian"
    REVIEWER = "reviewer", "Annual Reviewer"
    MEMBER = "member", "Member"


# Group names are the role labels; the key is what the API and code use.
GROUP_FOR_ROLE = {role.value: role.label for role in Role}
ROLE_FOR_GROUP = {label: key for key, label in GROUP_FOR_ROLE.items()}
