"""Writing an output file (an export) whole or not at all.

The bytes go to a temporary file in the target's folder, are synced, then renamed over the
target: a reader never sees half a page, and a failed run leaves the old file as it was.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` in one rename (a new file gets mode 0644 less umask).

    Raises:
        OSError: when the folder cannot be written; ``target`` is then untouched.
    """
    target = target.resolve() if target.is_symlink() else target
    folder = target.parent
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
            try:
                mode = target.stat().st_mode & 0o7777
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.fchmod(file.fileno(), mode)
        os.replace(temp, target)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temp)
