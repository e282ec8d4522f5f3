"""The user's settings file: ``$XDG_CONFIG_HOME/roadmap-tui/config.toml`` (else ~/.config/…).

Only ``theme`` is kept there so far. Reading never fails the app: a file that does not parse
is reported and left as it is — it is never overwritten. Writing changes only the one key
(tomlkit keeps the rest of the file, comments included) and replaces the file whole.
Nothing here imports textual or rich.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from roadmap_tui.store.locate import syntax_problem
from roadmap_tui.store.output import write_atomic


def config_path() -> Path:
    """Where the settings live, following the XDG base directory rules."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    folder = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return folder / "roadmap-tui" / "config.toml"


class ConfigError(Exception):
    """The settings file could not be read or written; the message says where and why."""


@dataclass(frozen=True)
class Settings:
    """What the settings file says (None: not said)."""

    theme: str | None = None


def read_settings(path: Path | None = None) -> Settings:
    """The settings, or defaults when the file does not exist.

    Raises:
        ConfigError: the file exists but is not valid TOML or cannot be read.
    """
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return Settings()
    except tomllib.TOMLDecodeError as error:
        line, col, message = syntax_problem(text, str(error))
        raise ConfigError(f"{path}:{line}:{col}: {message}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    theme = data.get("theme")
    return Settings(theme=theme if isinstance(theme, str) else None)


def save_theme(name: str, path: Path | None = None) -> None:
    """Remember ``name`` as the theme, keeping everything else in the file as it was.

    Raises:
        ConfigError: the file does not parse (it is left untouched) or cannot be written.
    """
    # Only a theme being saved needs tomlkit: keep it out of start-up.
    import tomlkit

    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(f"{path}:{error.line}:{error.col}: not saved, {error}") from None
    if document.get("theme") == name:
        return
    document["theme"] = name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, tomlkit.dumps(document).encode("utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: not saved, {error.strerror or error}") from None
