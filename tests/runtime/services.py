"""Private services a fault test may stop and start again (issue 19): a redis-server on a free port of its own,
and a TCP door in front of PostgreSQL that the test closes and opens. The shared servers on 5432 and 6379 are
never touched. Every wait is on a condition with a deadline (tests.celery_worker.wait_for)."""

import contextlib
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import kombu.pools
import redis

from socialgov.celery import app as celery_app
from tests.celery_worker import wait_for

START_SECONDS = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server on its own port and directory: `stop()` is a broker outage, `start()` its end."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        with contextlib.suppress(redis.RedisError):
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        return False

    def start(self) -> None:
        server = shutil.which("redis-server")
        assert server, "redis-server is not installed"
        self.process = subprocess.Popen(
            [
                server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_for(self.answers, timeout=START_SECONDS, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=START_SECONDS)
        wait_for(lambda: not self.answers(), timeout=START_SECONDS, what="redis-server to stop")


def use_broker(url: str) -> str:
    """Point this process's Celery app at `url` (dropping pooled connections); returns the URL it had."""
    was = celery_app.conf.broker_url
    if celery_app._pool is not None:
        with contextlib.suppress(Exception):
            celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu.pools.reset()  # kombu's own registry keeps producer pools by connection
    celery_app.conf.broker_url = url
    return was


class DatabaseDoor:
    """A TCP relay on a free port in front of the test's PostgreSQL. `close()` refuses new connections and cuts
    the open ones, as a stopped database server does; `open()` lets clients in again."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.lock = threading.Lock()

    def open(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            server = socket.create_connection(self.target)
            with self.lock:
                self.pairs.append((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        if self.listener:
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread, which lets the port go
            self.listener.close()
            self.listener = None
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for client, server in pairs:
            for end in (client, server):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
