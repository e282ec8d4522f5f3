"""Fixtures for every test: the user's own settings, state and data are never read or written."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_state(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Writes keep displaced versions in a journal, and the standup record, under the user's
    state folder; the samples' writable copy lives in the data folder: point both at folders
    of the test's own, so that no test touches the real home."""
    # Beside tmp_path, not in it: tests that list tmp_path must not find the journal there.
    state = tmp_path_factory.mktemp("xdg-state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return state


@pytest.fixture(autouse=True)
def _own_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh, empty ``$XDG_CONFIG_HOME``: a theme saved on this machine changes no screen."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder
