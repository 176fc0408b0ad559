"""socialgov.polling: the tests' and benchmarks' one way to wait for another process."""

import time

from socialgov.polling import poll


def test_poll_returns_the_conditions_value_as_soon_as_it_holds():
    answers = iter([None, 0, "", "ready"])
    assert poll(lambda: next(answers), timeout=5) == "ready"


def test_poll_gives_up_at_the_deadline_having_asked_again_and_again():
    asked = []
    started = time.monotonic()
    assert poll(lambda: asked.append(1), timeout=0.3, interval=0.05) is None
    waited = time.monotonic() - started
    assert 0.3 <= waited < 1.0
    assert len(asked) >= 5
