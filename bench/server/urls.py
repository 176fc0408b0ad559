"""socialgov's URLs and /bench/bare/: the framework's floor, one query answered as JSON."""

from django.db import connection
from django.http import JsonResponse
from django.urls import path

from socialgov.urls import urlpatterns as project_urls


def bare(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name FROM people_department ORDER BY id LIMIT 1")
        pk, name = cursor.fetchone()
    return JsonResponse({"id": pk, "name": name})


urlpatterns = [path("bench/bare/", bare), *project_urls]
