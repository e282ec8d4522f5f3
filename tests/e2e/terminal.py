"""A program in a real terminal: tmux runs it, a test types keys and reads the screen.

Each test gets its own tmux server (``-L`` with a unique socket name and an empty config), so
nothing of the user's tmux setup leaks in and killing the server in the finalizer cleans up every
pane. The pane stays after the program exits (``remain-on-exit``), so a test can read how it ended:
its exit status and whatever it printed last.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

#: The size the product promises to be readable at.
WIDTH, HEIGHT = 80, 24
#: The longest a screen may take to show what a test waits for (the app starts in ~1-2 s).
TIMEOUT = 10.0
POLL = 0.05

TMUX_CONFIG = """\
set -g remain-on-exit on
set -g status off
set -s escape-time 0
set -g history-limit 2000
"""

TMUX = shutil.which("tmux")


def roadmap_command() -> list[str]:
    """The installed ``roadmap-tui``: the one beside this Python, else on PATH, else ``-m``."""
    beside = Path(sys.executable).parent / "roadmap-tui"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("roadmap-tui")
    if found:
        return [found]
    return [sys.executable, "-m", "roadmap_tui"]


@dataclass
class Terminal:
    """One program running in a detached tmux pane of ``WIDTH`` x ``HEIGHT`` cells."""

    socket: str
    session: str
    env: dict[str, str]

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-u", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.env,
            check=False,
            timeout=TIMEOUT,
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def screen(self) -> str:
        """What the terminal shows now, one line per row, trailing blanks trimmed."""
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def everything(self) -> str:
        """The screen and the scrollback: what a user sees after the program has exited."""
        return self.tmux("capture-pane", "-p", "-S", "-", "-t", self.session)

    def wait_for(
        self, condition: Callable[[str], bool], what: str, timeout: float = TIMEOUT
    ) -> str:
        """Poll the screen until ``condition(screen)`` holds; fail showing the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if self.exit_status() is not None:
                pytest.fail(f"the app exited while waiting for {what}:\n{self.everything()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} on screen after {timeout} s; the screen was:\n{screen}")
            time.sleep(POLL)

    def wait_for_text(self, *texts: str, timeout: float = TIMEOUT) -> str:
        return self.wait_for(
            lambda screen: all(text in screen for text in texts),
            " and ".join(repr(text) for text in texts),
            timeout,
        )

    def holds(self, condition: Callable[[str], bool], what: str, seconds: float) -> str:
        """Check ``condition`` on every screen for ``seconds``: for what must not change back."""
        deadline = time.monotonic() + seconds
        while True:
            screen = self.screen()
            assert condition(screen), f"{what} did not hold; the screen was:\n{screen}"
            if time.monotonic() > deadline:
                return screen
            time.sleep(POLL)

    def press(self, *keys: str) -> None:
        """Send tmux key names (``Space``, ``Enter``, ``q`` …), one key each."""
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)

    def exit_status(self) -> int | None:
        """The program's exit status once it has exited (-signal if killed), else None."""
        fields = "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}"
        shown = self.tmux("display-message", "-p", "-t", self.session, fields)
        dead, status, signal = shown.strip().split(":")
        if dead != "1":
            return None
        return int(status) if status else -int(signal or 0)

    def quit(self, timeout: float = TIMEOUT) -> str:
        """Press ``q``, wait for the program to exit with status 0; return what it left."""
        self.press("q")
        deadline = time.monotonic() + timeout
        while (status := self.exit_status()) is None:
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not exit after q; the screen was:\n{self.screen()}")
            time.sleep(POLL)
        left = self.everything()
        assert "Traceback" not in left, left
        assert status == 0, f"exit status {status}:\n{left}"
        return left


@dataclass
class Launcher:
    """Starts ``roadmap-tui`` in tmux; the fixture's finalizer kills every server it started."""

    tmp_path: Path
    started: list[Terminal]

    def __call__(
        self, args: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None
    ) -> Terminal:
        socket = f"roadmap-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        session = f"rt-{uuid.uuid4().hex[:8]}"
        config = self.tmp_path / f"{socket}.conf"
        config.write_text(TMUX_CONFIG, encoding="utf-8")
        environment = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        environment.update(env or {})
        terminal = Terminal(socket, session, environment)
        self.started.append(terminal)
        command = "exec " + shlex.join([*roadmap_command(), *args])
        terminal.tmux(
            "-f",
            str(config),
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-c",
            str(cwd),
            command,
        )
        return terminal
