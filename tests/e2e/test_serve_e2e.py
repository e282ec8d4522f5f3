"""``roadmap-tui serve``: the real server in a subprocess, its page over HTTP, its app over the
websocket a browser uses — and a writing key refused, the plan file untouched."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

pytestmark = pytest.mark.e2e

PLAN = """\
[plan]
name = "Shared standup"

[[milestones]]
id = "M1"
title = "Ship the beta"
due = 2025-03-01
status = "todo"
owner = "Ana"
"""
START_WITHIN = 30.0  # seconds: a busy machine starts the server and the app slowly


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """``serve`` on a free port over one plan; its base URL, the plan, and the process."""
    plan = tmp_path / "standup.toml"
    plan.write_text(PLAN, encoding="utf-8")
    port = _free_port()
    command = [sys.executable, "-m", "roadmap_tui", "serve", str(plan), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_WITHIN
        while True:
            assert process.poll() is None, process.communicate()
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        yield base, plan, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_page_is_served_and_needs_nothing_from_outside(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    base, _plan, _process = served
    with urllib.request.urlopen(base + "/", timeout=10) as response:
        assert response.status == 200
        page = response.read().decode("utf-8")
    links = re.findall(r'(?:href|src)="([^"]+)"|url\("([^"]+)"\)', page)
    urls = [a or b for a, b in links]
    assert urls, "the page links its script, style and font"
    assert all(url.startswith(base + "/static/") for url in urls), urls
    assert "googleapis" not in page
    assert f'data-session-websocket-url="ws://127.0.0.1:{base.rsplit(":", 1)[1]}/ws"' in page
    for url in urls:  # each of them is really there
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200


async def _screen_after(base: str, keys: list[tuple[str, str]]) -> bytes:
    """What the app sends a browser: wait for the dashboard, type each key, collect output."""
    ws_url = base.replace("http", "ws", 1) + "/ws?width=100&height=30"
    output = b""
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:

        async def collect(until: bytes, timeout: float) -> None:
            nonlocal output
            deadline = time.monotonic() + timeout
            while until not in output:
                left = deadline - time.monotonic()
                assert left > 0, f"no {until!r} from the served app"
                try:
                    message = await ws.receive(timeout=left)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    output += message.data

        await collect(b"Ship the beta", START_WITHIN)
        for key, answer in keys:
            await ws.send_str(json.dumps(["stdin", key]))
            await collect(answer.encode(), 10)
    return output


def test_a_writing_key_is_refused_and_l_does_not_unlock(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    base, plan, _process = served
    before = plan.read_bytes()
    keys = [(" ", "Read-only: nothing was changed."), ("L", "This shared dashboard is read-only.")]
    output = asyncio.run(_screen_after(base, keys))
    assert b"READ-ONLY" in output
    assert plan.read_bytes() == before


def test_other_pages_and_foreign_names_are_refused(
    served: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    """Any web page may open a WebSocket to localhost, and a DNS-rebinding site reaches it
    under its own name: neither may read the plans."""
    base, _plan, _process = served
    ws_url = base.replace("http", "ws", 1) + "/ws?width=80&height=24"

    async def handshake(origin: str) -> int:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(ws_url, headers={"Origin": origin}):
                    return 101
            except aiohttp.WSServerHandshakeError as error:
                return error.status

    assert asyncio.run(handshake("http://evil.example")) == 403
    assert asyncio.run(handshake(base)) == 101  # the page's own origin, as a browser sends it
    renamed = urllib.request.Request(base + "/", headers={"Host": "evil.example:8000"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(renamed, timeout=10)
    assert refused.value.code == 403
    assert b"dashboard" not in refused.value.read()
