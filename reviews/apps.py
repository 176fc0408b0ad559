from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """The annual review (3xx.6). Its tables keep the audits app label (audits/models/reviews.py): they were
    made there, and moving them is a migration of its own (docs/architecture.md); this app holds everything
    that compiles, exports and decides a review, which reads every lower app."""

    name = "reviews"
    verbose_name = "Annual reviews"
