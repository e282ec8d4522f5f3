"""``roadmap-tui serve`` before it listens: what it prints, and the app command it will run."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_tui.cli import main
from roadmap_tui.web import PlanServer, is_loopback


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[PlanServer]:
    """The servers ``serve`` would start; they are recorded instead of listening."""
    from roadmap_tui.cli import serve

    servers: list[PlanServer] = []
    monkeypatch.setattr(PlanServer, "serve", lambda self, debug=False: servers.append(self))
    # Nor do they probe the port first: 8000 may be taken on the machine running the tests.
    monkeypatch.setattr(serve, "_check_free", lambda host, port: None)
    return servers


def _plan(tmp_path: Path) -> Path:
    path = tmp_path / "p.toml"
    path.write_text('[plan]\nname = "P"\n', encoding="utf-8")
    return path


def test_localhost_by_default_read_only_and_no_warning(
    tmp_path: Path, started: list[PlanServer]
) -> None:
    result = CliRunner().invoke(main, ["serve", str(_plan(tmp_path))])
    assert result.exit_code == 0
    assert "Serving 1 plan file (read-only) at http://127.0.0.1:8000/" in result.stdout
    assert result.stderr == ""
    (server,) = started
    assert (server.host, server.port) == ("127.0.0.1", 8000)
    words = shlex.split(server.command)
    assert words[-4:] == ["open", "--locked", "--", str(tmp_path / "p.toml")]


def test_another_address_warns_that_anyone_can_see_and_writable_unlocks(
    tmp_path: Path, started: list[PlanServer]
) -> None:
    args = ["serve", str(_plan(tmp_path)), "--host", "0.0.0.0", "--port", "9001", "--writable"]
    args += ["--theme", "roadmap-high-contrast", "--present"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "(writable)" in result.stdout
    assert "anyone who can reach this machine on port 9001 can see these plans and change them" in (
        result.stderr
    )
    words = shlex.split(started[0].command)
    assert "--locked" not in words
    assert words[4:7] == ["--theme", "roadmap-high-contrast", "--present"]


def test_no_plans_fails_before_listening(tmp_path: Path, started: list[PlanServer]) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "missing.toml")])
    assert result.exit_code == 1
    assert "missing.toml: no such file or folder" in result.stderr
    assert started == []


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("localhost", True), ("127.0.0.1", True), ("::1", True), ("0.0.0.0", False), ("lan", False)],
)
def test_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_open_passes_theme_present_and_locked_to_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The options ``serve`` hands to ``open`` reach the app (it is built, not run, here)."""
    from roadmap_tui.app import RoadmapApp

    built: list[RoadmapApp] = []
    monkeypatch.setattr(RoadmapApp, "run", lambda self, *a, **k: built.append(self))
    args = ["open", "--locked", "--theme", "roadmap-high-contrast", "--present"]
    result = CliRunner().invoke(main, [*args, "--", str(_plan(tmp_path))])
    assert result.exit_code == 0, result.output
    (app,) = built
    assert app.locked and app.read_only and app.present_at_start
    assert app.theme == "roadmap-high-contrast"


def test_a_busy_port_fails_before_anything_says_serving(tmp_path: Path) -> None:
    import socket

    plan = tmp_path / "plan.toml"
    plan.write_text('[plan]\nname = "P"\n', encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(plan), "--port", str(port)])
    assert result.exit_code == 1
    assert "Serving" not in result.stdout
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
