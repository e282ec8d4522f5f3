"""Linux inotify, read on the asyncio event loop: folder events with no polling at all.

The kernel queues events on a file descriptor; ``loop.add_reader`` wakes the loop only when one
arrives, so a watcher that sees nothing costs nothing (watchfiles' Rust loop, by contrast, wakes
every ``step`` ms to look at its event set). Watches are on folders, never files: editors that save
by rename replace the file, and a watch on the old inode would go deaf.

Only what ``store.watcher`` needs is here: add a folder, get the names of entries that changed in
it, and a marker for a queue overflow (when the kernel dropped events, so anything may have
changed). Nothing here imports textual or rich.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import errno
import os
import struct
import sys
from collections.abc import Callable
from pathlib import Path

IN_MODIFY = 0x00000002
IN_ATTRIB = 0x00000004
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_Q_OVERFLOW = 0x00004000
IN_IGNORED = 0x00008000
IN_ONLYDIR = 0x01000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000

#: Every way a folder entry can come, go or change content. IN_ATTRIB catches ``touch`` and a
#: chmod that makes a file readable again.
FOLDER_MASK = (
    IN_MODIFY
    | IN_ATTRIB
    | IN_CLOSE_WRITE
    | IN_MOVED_FROM
    | IN_MOVED_TO
    | IN_CREATE
    | IN_DELETE
    | IN_DELETE_SELF
    | IN_MOVE_SELF
    | IN_ONLYDIR
)

_HEADER = struct.Struct("iIII")  # wd, mask, cookie, len (struct inotify_event)
#: What a read of the queue is given: room for a few hundred events with names.
_READ_SIZE = 64 * 1024

#: Passed to the callback in place of a path when the kernel's queue overflowed.
OVERFLOW = "<overflow>"


def available() -> bool:
    """Whether this platform has inotify (Linux with a C library that exports it)."""
    return sys.platform.startswith("linux") and _libc() is not None


_LIBC: ctypes.CDLL | None = None


def _libc() -> ctypes.CDLL | None:
    global _LIBC
    if _LIBC is None:
        name = ctypes.util.find_library("c") or "libc.so.6"
        try:
            lib = ctypes.CDLL(name, use_errno=True)
            lib.inotify_init1.argtypes = [ctypes.c_int]
            lib.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
            lib.inotify_rm_watch.argtypes = [ctypes.c_int, ctypes.c_int]
        except (OSError, AttributeError):
            return None
        _LIBC = lib
    return _LIBC


def _os_error(action: str, path: Path | None = None) -> OSError:
    code = ctypes.get_errno()
    if code == errno.ENOSPC:
        # The kernel's wording ("No space left on device") misleads: it is the watch limit.
        message = "the OS limit on file watches is reached (fs.inotify.max_user_watches)"
    elif code == errno.EMFILE:
        message = "the OS limit on inotify instances is reached (fs.inotify.max_user_instances)"
    else:
        message = os.strerror(code)
    where = f" {path}" if path is not None else ""
    return OSError(code, f"cannot {action}{where}: {message}")


class FolderWatch:
    """An inotify instance watching folders, calling ``on_event(path)`` on the event loop.

    ``path`` is the changed entry's full path as a string (folder + name), the folder itself for
    events about the folder, or ``OVERFLOW``. Use as a context manager, or ``close()``.
    """

    def __init__(self, on_event: Callable[[str], None]) -> None:
        lib = _libc()
        if lib is None:
            raise OSError(errno.ENOSYS, "inotify is not available on this platform")
        self._lib = lib
        self._on_event = on_event
        fd = lib.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            raise _os_error("start watching files")
        self._fd: int | None = fd
        self._folders: dict[int, str] = {}
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(fd, self._read)

    def add(self, folder: Path) -> None:
        """Watch ``folder`` (not recursively). Adding a folder twice is harmless."""
        if self._fd is None:
            raise OSError(errno.EBADF, "the watch is closed")
        wd = self._lib.inotify_add_watch(self._fd, os.fsencode(folder), FOLDER_MASK)
        if wd < 0:
            raise _os_error("watch", folder)
        self._folders[wd] = str(folder)

    @property
    def folders(self) -> set[str]:
        """The folders being watched."""
        return set(self._folders.values())

    def _read(self) -> None:
        if self._fd is None:
            return
        try:
            data = os.read(self._fd, _READ_SIZE)
        except BlockingIOError:
            return
        offset = 0
        while offset + _HEADER.size <= len(data):
            wd, mask, _cookie, length = _HEADER.unpack_from(data, offset)
            offset += _HEADER.size
            raw_name = data[offset : offset + length].rstrip(b"\0")
            offset += length
            if mask & IN_Q_OVERFLOW:
                self._on_event(OVERFLOW)
                continue
            folder = self._folders.get(wd)
            if folder is None:
                continue
            if mask & IN_IGNORED:
                # The folder is gone (deleted, or its file system unmounted).
                del self._folders[wd]
                self._on_event(folder)
                continue
            name = os.fsdecode(raw_name)
            self._on_event(os.path.join(folder, name) if name else folder)

    def close(self) -> None:
        """Stop watching; the descriptor is closed and the loop stops reading it."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        self._loop.remove_reader(fd)
        os.close(fd)

    def __enter__(self) -> FolderWatch:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
