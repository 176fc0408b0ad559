"""The app as bench/api_throughput.py serves it with gunicorn: the project's settings and URLs, plus one bare
view to compare against (a query and a JSON answer through the same middleware)."""
