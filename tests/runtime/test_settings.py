"""Settings come from the environment; production refuses to start without its secrets (STYLE.md §7).

Whole-settings behaviour is checked in a subprocess, because settings are read
once per process and this one's are the tests'.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from socialgov.env import database_config, envbool, envint, envlist

BASE_DIR = Path(settings.BASE_DIR)
# Everything the settings read that a developer's or CI's shell may have set.
SETTINGS_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SOCIALGOV_VAR_DIR",
    "SQLITE_TEST_NAME",
    "CELERY_TASK_ALWAYS_EAGER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "DJANGO_SETTINGS_MODULE",
    "AUDIT_SIGNING_KEY",
    "AUDIT_SIGNING_KEY_FILE",
    "TRUSTED_PROXIES",
    "DATABASE_CONN_MAX_AGE",
)
PRODUCTION_KEY = secrets.token_urlsafe(64)


def run_django(args: list[str], tmp_path: Path, **environ: str) -> subprocess.CompletedProcess:
    """Run python with a clean settings environment plus `environ`, in the project directory."""
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update({"SOCIALGOV_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "socialgov.settings"})
    env.update(environ)
    return subprocess.run([sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


PRINT_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "broker": settings.CELERY_BROKER_URL,
    "options": settings.CELERY_BROKER_TRANSPORT_OPTIONS, "debug": settings.DEBUG,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER, "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
}))
"""


def print_settings(tmp_path, **environ) -> dict:
    result = run_django(["-c", PRINT_SETTINGS], tmp_path, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# DATABASE_URL


def test_postgres_url_parses_to_postgresql():
    config = database_config("postgres://socialgov:s3cret@db.internal:5433/socialgov")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("socialgov", "socialgov", "s3cret")
    assert (config["HOST"], config["PORT"]) == ("db.internal", 5433)
    assert config["CONN_MAX_AGE"] == 0 and config["CONN_HEALTH_CHECKS"] is False


def test_postgresql_scheme_and_persistent_connections_are_health_checked():
    config = database_config("postgresql://postgres@127.0.0.1/sg", conn_max_age=60)
    assert config["ENGINE"] == "django.db.backends.postgresql" and config["NAME"] == "sg"
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True


def test_sqlite_url_with_absolute_path_parses_to_that_file():
    config = database_config("sqlite:////srv/socialgov/db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/socialgov/db.sqlite3"
    # Writers queue for the lock at BEGIN instead of failing with "database is locked".
    assert config["OPTIONS"] == {"transaction_mode": "IMMEDIATE", "timeout": 20}
    assert config["TEST"] == {"NAME": None}


def test_sqlite_test_database_can_be_a_file():
    config = database_config("sqlite:////srv/db.sqlite3", sqlite_test_name="/tmp/test.sqlite3")
    assert config["TEST"] == {"NAME": "/tmp/test.sqlite3"}


@pytest.mark.parametrize("url", ["mysql://root@127.0.0.1/socialgov", "oracle://u:p@h/db"])
def test_databases_other_than_sqlite_and_postgresql_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match="SQLite.*PostgreSQL"):
        database_config(url)


def test_url_with_unknown_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_config("nosuchdb://localhost/x")


# Typed readers


def test_envbool_reads_the_usual_spellings_and_refuses_others(monkeypatch):
    for value, expected in [("1", True), ("yes", True), ("ON", True), ("0", False), ("false", False), ("", True)]:
        monkeypatch.setenv("SG_FLAG", value)
        assert envbool("SG_FLAG", True) is expected
    monkeypatch.setenv("SG_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SG_FLAG"):
        envbool("SG_FLAG", True)


def test_envint_and_envlist(monkeypatch):
    monkeypatch.setenv("SG_NUMBER", "15")
    monkeypatch.setenv("SG_HOSTS", " a.example.org, b.example.org ,")
    assert envint("SG_NUMBER", 1) == 15
    assert envlist("SG_HOSTS", []) == ["a.example.org", "b.example.org"]
    monkeypatch.setenv("SG_NUMBER", "fifteen")
    with pytest.raises(ImproperlyConfigured, match="SG_NUMBER"):
        envint("SG_NUMBER", 1)


# The settings as a whole


def test_nothing_set_runs_embedded_sqlite_and_filesystem_broker(tmp_path):
    found = print_settings(tmp_path)
    var = tmp_path / "var"
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(var / "socialgov.sqlite3")
    assert found["broker"] == "filesystem://localhost//"
    assert found["options"]["data_folder_in"] == str(var / "celery" / "queue")
    assert (var / "celery" / "queue").is_dir() and (var / "celery" / "processed").is_dir()
    assert found["debug"] is True and found["eager"] is False


def test_database_and_redis_urls_switch_to_postgresql_and_redis(tmp_path):
    found = print_settings(
        tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/socialgov", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert (found["engine"], found["name"]) == ("django.db.backends.postgresql", "socialgov")
    assert found["broker"] == "redis://127.0.0.1:6379/0"
    assert not (tmp_path / "var" / "celery").exists()


def test_production_keeps_health_checked_connections_by_default(tmp_path):
    """Issue 18.2: a new connection per request halved the short API answers; production keeps them."""
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "socialgov.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/socialgov",
    }
    found = print_settings(tmp_path, **production)
    assert (found["conn_max_age"], found["health_checks"]) == (600, True)
    found = print_settings(tmp_path, **production, DATABASE_CONN_MAX_AGE="0")
    assert (found["conn_max_age"], found["health_checks"]) == (0, False)
    found = print_settings(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/socialgov")
    assert found["conn_max_age"] == 0  # development: one per request


@pytest.mark.parametrize("key", [None, "", "too-short-for-production", "dev-only-not-secret-socialgov"])
def test_production_refuses_a_missing_or_weak_secret_key(tmp_path, key):
    environ = {"DEBUG": "0", "ALLOWED_HOSTS": "socialgov.example.org"}
    if key is not None:
        environ["SECRET_KEY"] = key
    result = run_django(["-c", "import django; django.setup()"], tmp_path, **environ)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    key = tmp_path / "audit-signing-key.pem"
    key.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DEBUG="0",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="socialgov.example.org",
        AUDIT_SIGNING_KEY_FILE=str(key),
        SOCIALGOV_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNINGS" not in output


def test_check_deploy_warns_until_the_audit_signing_key_is_set(tmp_path):
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DEBUG="0",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="socialgov.example.org",
    )
    assert result.returncode != 0
    assert "audits.W001" in result.stdout + result.stderr
