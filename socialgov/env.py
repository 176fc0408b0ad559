"""Small typed readers for settings that come from the environment (STYLE.md §7)."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SUPPORTED_DATABASE_ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


def database_config(url: str, *, conn_max_age: int = 0, sqlite_test_name: str = "") -> dict:
    """Django's DATABASES["default"] for a DATABASE_URL (postgres://..., sqlite:////abs/path.sqlite3).

    SQLite gets IMMEDIATE transactions: they take the write lock at BEGIN, so two
    processes (the web server and the Celery worker) writing audit events queue up
    instead of failing with "database is locked". `sqlite_test_name` names a file
    for the test database, so that a worker subprocess in the tests can see it.
    """
    try:
        # A pooled connection can die with its server: check it before reusing it.
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age != 0)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL socialgov can use: {error}") from None
    if config["ENGINE"] not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL names {config['ENGINE']}; socialgov runs on SQLite (sqlite:////path) "
            "or PostgreSQL (postgres://user@host:5432/name)."
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {})
        config["OPTIONS"].update({"transaction_mode": "IMMEDIATE", "timeout": 20})
        config["TEST"] = {"NAME": sqlite_test_name or None}
    return config
