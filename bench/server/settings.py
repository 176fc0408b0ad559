"""socialgov's own settings (production with DEBUG=0, as bench/api_throughput.py runs it), with the bare view."""

from socialgov.settings import *  # noqa: F403

ROOT_URLCONF = "server.urls"
