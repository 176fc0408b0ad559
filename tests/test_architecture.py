"""The import graph between the project's top-level folders runs one way (docs/architecture.md).

Every top-level package (a folder with an `__init__.py`, apart from tests/, bench/ and scripts/) has a
place in LAYERS, bottom first. A module may import from its own folder and from folders below it; an
import of a folder above it (a back-edge) makes a cycle sooner or later, so it fails here. Imports inside
functions count too, and each needs a comment saying why it is not at the top of its module (on its own
line or the line above it): they hide cycles, so each one has to be a decision.

The walk reads the source with `ast`; migrations are left out (they name models by string).
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_APPS = {"tests", "bench", "scripts", "var", "docs", "templates"}

# Bottom first. docs/architecture.md says what each layer owns and why it sits where it does.
LAYERS = [
    "socialgov",  # shared web and API layer: settings, errors, the 409 page, the {% can %} registry, cell writer
    "audits",  # the hash-chained audit trail: every app records into it, so it sits under all of them
    "people",  # departments, members, roles, designees, training
    "notifications",  # in-app rows, claimed email delivery, running the reminder sources (socialgov.reminders)
    "posts",  # accounts, authorizations, posts, revisions, incidents, publication, removal
    "screening",  # the prohibited-content screener and its findings
    "approvals",  # submit, approve, request changes, reject, overrides, post requests, reports
    "platforms",  # connected channels (Bluesky) and capture: screens what it captures, registers its channel
    "conduct",  # acknowledgments, permission requests, personal-use reviews, background vetting (issue 15)
    "operations",
    "security",  # sign-in: second factors, lockout, sessions, API tokens (asks posts who commands an incident)
    "retention",  # record series, holds, dispositions, exports, public-records packages
    "reviews",  # the annual review (3xx.6): compiles every lower app's records
    "demo",  # the demo department and its year of activity (issue 20): drives every app's services
]

# Function-level imports without a comment, in files another change owns right now (the screening rework:
# screening/detectors/ and screening/engine.py). Intra-package only; they cannot hide a cycle between apps.
UNCOMMENTED_ALLOWED = {"screening/detectors/__init__.py", "screening/detectors/privacy.py", "screening/engine.py"}


def top_level_packages() -> list[str]:
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if path.is_dir()
        and (path / "__init__.py").exists()
        and path.name not in NOT_APPS
        and not path.name.startswith(".")
    )


def python_files(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def _function_imports(tree) -> set[int]:
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for child in ast.walk(node):
                if isinstance(child, ast.Import | ast.ImportFrom):
                    inside.add(id(child))
    return inside


def imports_of(path: Path):
    """(line, imported module, inside a function) for each absolute import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = _function_imports(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, id(node) in inside
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0:
                yield node.lineno, module, id(node) in inside
            else:
                yield node.lineno, "." * node.level + module, id(node) in inside


def edges():
    """{(from_package, to_package): [(file, line, module)]} between top-level packages."""
    packages = set(top_level_packages())
    found = defaultdict(list)
    for package in packages:
        for path in python_files(package):
            for line, module, _inside in imports_of(path):
                target = module.split(".")[0]
                if target in packages and target != package:
                    found[(package, target)].append((str(path.relative_to(ROOT)), line, module))
    return found


def test_every_top_level_package_has_a_layer():
    missing = [package for package in top_level_packages() if package not in LAYERS]
    assert not missing, f"place these folders in LAYERS (and docs/architecture.md): {missing}"


def test_no_import_reaches_up_a_layer():
    rank = {name: index for index, name in enumerate(LAYERS)}
    back = []
    for (source, target), sites in sorted(edges().items()):
        if rank[source] >= rank[target]:
            continue
        for file, line, module in sites:
            back.append(f"{file}:{line} imports {module} ({source} is below {target})")
    assert not back, "imports from a lower app into a higher one:\n" + "\n".join(back)


def test_no_cycle_between_top_level_packages():
    graph = defaultdict(set)
    for source, target in edges():
        graph[source].add(target)
    # Depth-first search for a cycle; the path is the message.
    state, path = {}, []

    def visit(node):
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            raise AssertionError("cycle between apps: " + " -> ".join(cycle))


def test_imports_inside_functions_say_why():
    silent = []
    for package in top_level_packages():
        for path in python_files(package):
            relative = str(path.relative_to(ROOT))
            if relative in UNCOMMENTED_ALLOWED:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            tree = ast.parse("\n".join(lines))
            inside = _function_imports(tree)
            for node in ast.walk(tree):
                if id(node) not in inside:
                    continue
                # The comment may sit on the import's line or above a run of imports.
                index = node.lineno - 1
                if "#" in lines[index]:
                    continue
                above = index - 1
                while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
                    above -= 1
                if above >= 0 and lines[above].strip().startswith("#"):
                    continue
                silent.append(f"{relative}:{node.lineno}: {lines[index].strip()}")
    assert not silent, "imports inside functions need a comment saying why:\n" + "\n".join(silent)


def test_only_notifications_sends_email():
    """One notification path (issue 11): every message is a Notification row emailed by notifications/."""
    senders = []
    for package in top_level_packages():
        if package == "notifications":
            continue
        for path in python_files(package):
            text = path.read_text(encoding="utf-8")
            if any(name in text for name in ("send_mail", "send_mass_mail", "EmailMessage", "mail_admins")):
                senders.append(str(path.relative_to(ROOT)))
    assert not senders, f"email is sent only through notifications.services.tell: {senders}"


def test_post_decisions_are_implemented_once_in_approvals():
    """Approve, request changes and reject exist once, in approvals.services (a module-level function taking
    the post); the browser views and the API call those functions, and nothing else decides a post."""
    decisions = {"approve", "request_changes", "reject"}
    defined = []
    for package in top_level_packages():
        for path in python_files(package):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if isinstance(node, ast.FunctionDef) and node.name in decisions:
                    arguments = {a.arg for a in node.args.args + node.args.kwonlyargs}
                    if "post" in arguments:
                        defined.append((str(path.relative_to(ROOT)), node.name))
    assert sorted(defined) == sorted(("approvals/services.py", name) for name in decisions)
    for caller in ("approvals/views.py", "approvals/api/views.py"):
        text = (ROOT / caller).read_text(encoding="utf-8")
        for name in decisions:
            assert f"services.{name}" in text, f"{caller} does not call approvals.services.{name}"
