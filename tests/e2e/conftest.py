"""End-to-end fixtures: the installed ``roadmap-tui`` in tmux, on a copy of the sample plans."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .sample import SAMPLE_PLANS
from .terminal import TMUX, Launcher


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: drives the installed app in a real terminal (tmux)")


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Launcher]:
    if TMUX is None:
        pytest.skip("tmux is not installed: the end-to-end tests drive the app in tmux")
    launcher = Launcher(tmp_path, [])
    yield launcher
    for terminal in launcher.started:
        # The server may already have gone away with its last session.
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            terminal.tmux("kill-server")


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A writable copy of the sample plans (and the schema they point to)."""
    folder = tmp_path / "plans"
    shutil.copytree(SAMPLE_PLANS, folder)
    return folder
