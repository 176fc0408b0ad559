"""axe-core in the browser journeys (issue 14 acceptance): each page a journey reaches is checked, and a serious or
critical violation fails the test, naming the rule, the page and the elements.

axe-core comes from the npm registry at the version the Makefile pins (`make axe`, a step of `make test`) and is
read from disk: nothing is fetched while the tests run. It is evaluated through the DevTools protocol, which the
page's Content-Security-Policy does not govern, so the page is checked with its real policy in force.
"""

from pathlib import Path

import pytest
from django.conf import settings

AXE = Path(settings.VAR_DIR) / "npm" / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("serious", "critical")
_source: list[str] = []


def _axe_source() -> str:
    if not _source:
        if not AXE.exists():
            pytest.fail(f"axe-core is not installed at {AXE}: `make axe` installs it from the npm registry")
        _source.append(AXE.read_text())
    return _source[0]


def check(page, label: str = "") -> None:
    """Run axe on the page as it is now; fail on a serious or critical violation."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(f"() => {{ {_axe_source()}\n }}")
        page.evaluate("() => { if (typeof axe === 'object') window.axe = axe; }")
    results = page.evaluate("""async () => {
        const found = await window.axe.run(document, {resultTypes: ["violations"]});
        return found.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
    }""")
    bad = [v for v in results if v["impact"] in FAILING]
    where = f"{label} {page.url} at {page.viewport_size['width']}px".strip()
    assert not bad, f"axe-core found on {where}:\n" + "\n".join(
        f"  {v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['nodes'])}" for v in bad
    )
