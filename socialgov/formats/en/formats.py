"""One date and time format everywhere (issue 14.8): pages, messages and the reminders' text alike, in the
department's time zone (settings.TIME_ZONE): "Dec 7, 2026" and "Dec 7, 2026 15:04". Templates write `|date`
and `|date:"DATETIME_FORMAT"`, Python `date_format(value)` and `date_format(value, "DATETIME_FORMAT")`."""

DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y H:i"
SHORT_DATE_FORMAT = "M j, Y"
SHORT_DATETIME_FORMAT = "M j, Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "M j"
YEAR_MONTH_FORMAT = "M Y"
