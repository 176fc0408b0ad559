from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/new/", views.review_appoint, name="review-appoint"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/engagement/", views.review_import, name="review-import"),
    path("reviews/<int:pk>/acknowledge/", views.review_acknowledge, name="review-acknowledge"),
    path("reviews/<int:pk>/return/", views.review_return, name="review-return"),
    path("reviews/<int:pk>/report.pdf", views.review_export, {"kind": "pdf"}, name="review-pdf"),
    path("reviews/<int:pk>/report.csv", views.review_export, {"kind": "csv"}, name="review-csv"),
]
