"""The pre-commit hooks run the checks `make lint` runs, with the same ruff (issue 11.8)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pre_commit_runs_ruff_check_and_format_with_the_pinned_ruff():
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    pinned = re.search(r'"ruff==([\d.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")).group(1)
    assert "repo: https://github.com/astral-sh/ruff-pre-commit" in config
    assert re.search(r"^\s+rev: v(\S+)$", config, re.M).group(1) == pinned
    hooks = re.findall(r"^\s+- id: (\S+)$", config, re.M)
    assert hooks == ["ruff-check", "ruff-format"]


def test_make_lint_runs_ruff_check_and_format_and_ci_runs_it_first():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check ." in lint and "ruff format --check" in lint
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "if ! make lint; then" in ci
    assert ci.index("if ! make lint; then") < ci.index("make test")
