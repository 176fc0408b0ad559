"""Browser pages for records retention (3xx.7; general policy IV.A.7): series and schedules, legal holds,
disposition batches with approve and reject, the retention report with its exports, and records requests.

Every view asks retention.permissions (the custodian and the chief only: 403), fetches through
retention.permissions.visible (another department's: 404) and changes nothing itself: the services
do, and their errors come back as form errors, the 403 page or the 409 page.


One module per capability: schedules, holds, batches, reports (and their exports), requests, posts."""
