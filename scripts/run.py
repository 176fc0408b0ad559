"""Run socialgov's three processes together: the web server, a Celery worker and Celery beat.

`make run` calls this after migrating and seeding. Each process runs in its own
process group, so Ctrl-C reaches only this supervisor, which then stops all
three (web first, the worker last) and waits for them. If any one of them exits
by itself, the others are stopped too and the supervisor exits with a non-zero
status, so nothing is left running half-started. Should the supervisor itself be
killed outright, Linux sends each process SIGTERM (PR_SET_PDEATHSIG).

Usage: python scripts/run.py [--addr 127.0.0.1:8000] [--banner FILE]
"""

import argparse
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_DEADLINE = 15.0  # seconds the processes have to shut down before they are killed
START_DEADLINE = 60.0  # seconds the web server has to answer

_print_lock = threading.Lock()
_output_open = True


def say(name: str, line: str) -> None:
    """Print one line; never fail: a closed terminal or pipe must not stop the shutdown."""
    global _output_open
    with _print_lock:
        if not _output_open:
            return
        try:
            sys.stdout.write(f"{name:>6} | {line}\n")
            sys.stdout.flush()
        except (BrokenPipeError, OSError):
            _output_open = False


def _die_with_parent():
    """Runs in the child before exec: SIGTERM it if the supervisor dies without stopping it."""
    if sys.platform.startswith("linux"):
        _PRCTL(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


_PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


class Child:
    def __init__(self, name: str, argv: list[str], *, stop_whole_group: bool):
        self.name = name
        self.argv = argv
        # The Celery worker alone gets the stop signal on its own: its warm shutdown finishes the
        # task in hand and stops its pool; a signal to its pool processes would kill that task.
        self.stop_whole_group = stop_whole_group
        self.process: subprocess.Popen | None = None
        self.pump: threading.Thread | None = None

    def start(self, env: dict) -> None:
        self.process = subprocess.Popen(
            self.argv,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            bufsize=1,
            # Its own process group: the terminal's Ctrl-C goes to the supervisor only, which
            # stops each child once and in order (a second SIGINT would cold-stop the worker).
            process_group=0,
            preexec_fn=_die_with_parent,
        )

    def start_pump(self) -> None:
        self.pump = threading.Thread(target=self._pump, name=f"pump-{self.name}", daemon=True)
        self.pump.start()

    def _pump(self) -> None:
        # Keep reading even when nothing can be printed, so the child never blocks on a full pipe.
        for line in self.process.stdout:
            say(self.name, line.rstrip("\n"))

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if not self.running():
            return
        say("run", f"stopping {self.name}")
        with contextlib.suppress(ProcessLookupError):
            if self.stop_whole_group:
                os.killpg(self.pid, signal.SIGTERM)
            else:
                os.kill(self.pid, signal.SIGTERM)

    def kill_group(self) -> None:
        # Whatever is left in its process group (pool processes), or all of it when time is up.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)


def answers(addr: str) -> bool:
    host, _, port = addr.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=0.5):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default=os.environ.get("ADDR", "127.0.0.1:8000"))
    parser.add_argument("--banner", help="a file to print once the web server answers (the demo logins)")
    args = parser.parse_args()

    if answers(args.addr):
        say(
            "run",
            f"{args.addr} is already in use: stop what runs there, or choose another address "
            f"with `make run ADDR=127.0.0.1:8001`.",
        )
        return 1

    python = sys.executable
    celery = str(Path(sys.executable).parent / "celery")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # The point of `make run` is a real worker: an inherited setting must not make tasks run inline.
    env["CELERY_TASK_ALWAYS_EAGER"] = "0"
    children = [
        # No autoreloader: it would leave its server process behind if its parent were killed, and
        # the worker does not reload either. After changing code, Ctrl-C and `make run` again.
        Child("web", [python, "manage.py", "runserver", "--noreload", args.addr], stop_whole_group=True),
        Child(
            "beat",
            [
                celery,
                "-A",
                "socialgov",
                "beat",
                "--loglevel",
                "INFO",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
            ],
            stop_whole_group=True,
        ),
        Child(
            "worker",
            [celery, "-A", "socialgov", "worker", "--loglevel", "INFO", "--concurrency", "2"],
            stop_whole_group=False,
        ),
    ]

    stopping = threading.Event()
    asked = []

    def on_signal(signum, _frame):
        asked.append(signum)
        if len(asked) > 1:
            # Asked again: stop waiting for a graceful shutdown.
            for child in children:
                if child.process is not None:
                    child.kill_group()
        stopping.set()

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)

    status = 0
    try:
        # Every child starts before any output thread does: preexec_fn runs between fork and exec,
        # which is only safe while this process has a single thread.
        for child in children:
            child.start(env)
        for child in children:
            child.start_pump()
            say("run", f"started {child.name} (pid {child.pid}): {' '.join(child.argv[1:])}")

        deadline = time.monotonic() + START_DEADLINE
        while not stopping.is_set() and all(child.running() for child in children):
            if answers(args.addr):
                if args.banner and Path(args.banner).is_file():
                    for line in Path(args.banner).read_text().splitlines():
                        say("run", line)
                say("run", f"socialgov is running at http://{args.addr}/ with a Celery worker and beat.")
                say("run", "Ctrl-C stops all three.")
                break
            if time.monotonic() > deadline:
                say("run", f"the web server did not answer on {args.addr} within {START_DEADLINE:.0f}s")
                status = 1
                stopping.set()
            stopping.wait(0.2)

        while not stopping.is_set():
            for child in children:
                code = child.process.poll()
                if code is not None:
                    say("run", f"{child.name} exited with status {code}; stopping the others")
                    status = code or 1
                    stopping.set()
                    break
            stopping.wait(0.5)
    finally:
        # Web first (no new requests), then beat (no new scheduled work), then the worker.
        for child in children:
            if child.process is not None:
                child.stop()
        deadline = time.monotonic() + STOP_DEADLINE
        for child in children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say("run", f"{child.name} did not stop within {STOP_DEADLINE:.0f}s; killing it")
            child.kill_group()
            child.process.wait()
            if child.pump is not None:
                child.pump.join(timeout=2)
        say("run", "stopped")
    return status


if __name__ == "__main__":
    sys.exit(main())
