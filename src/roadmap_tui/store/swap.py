"""Putting new bytes in a file's place without overwriting what another program just saved.

The writer checks a file, then replaces it; another program that saves in between would lose its
save. No file that a process holds open for writing is replaced: that is looked at right before
the replace, and again after it. On Linux the replace is an atomic *exchange* (``renameat2``
with ``RENAME_EXCHANGE``): the new file and the old one swap names in one step, so the version
that was displaced is still at hand under the temporary name and is compared with the version
that was checked. If they differ (another program saved between the check and the swap), or
another process still holds the displaced file open for writing, the two are swapped back and
the write is tried again or refused; a version that cannot be put back is kept in the journal,
read once no process writes it any more. Elsewhere, or on a file system without the exchange,
the check is made right before an ``os.replace``: a window of microseconds stays open there.

A file with more than one hard link is written in place (the same inode, so every name sees the
new content) after the same checks; that write is not atomic, which is why the journal keeps
the version it displaces first. Extended attributes are copied to the new file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import platform
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import cast

from roadmap_tui.store import journal

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: ``renameat2``'s system call number, for a C library that does not wrap it.
_SYSCALL = {"x86_64": 316, "aarch64": 276, "riscv64": 276, "i686": 353, "armv7l": 382}
#: ``FS_IOC_GETFLAGS`` and the append-only and immutable flags it reports.
_GETFLAGS = 0x80086601 if sys.maxsize > 2**32 else 0x80046601
_APPEND_ONLY, _IMMUTABLE = 0x20, 0x10


class SwapError(Exception):
    """The file could not be written; ``reason`` says why, in words for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _load_exchange() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
        function.argtypes += [ctypes.c_uint]
        function.restype = ctypes.c_int
        return cast("Callable[..., int]", function)
    number = _SYSCALL.get(platform.machine())
    if number is None:
        return None
    syscall = libc.syscall
    syscall.restype = ctypes.c_long

    def by_number(*args: object) -> int:
        return int(syscall(ctypes.c_long(number), *args))

    return by_number


_EXCHANGE = _load_exchange()
#: Set once the file system of a folder turned the exchange down (EINVAL/ENOSYS): by folder.
_NO_EXCHANGE: set[int] = set()


def exchange(first: Path, second: Path) -> bool:
    """Swap the names of two files atomically; False where that is not possible here.

    Raises:
        OSError: the swap was possible but failed (a file missing, permission denied).
    """
    if _EXCHANGE is None:
        return False
    device = os.stat(first.parent).st_dev
    if device in _NO_EXCHANGE:
        return False
    result = _EXCHANGE(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        _NO_EXCHANGE.add(device)
        return False
    raise OSError(code, os.strerror(code), str(first))


def exchange_available(folder: Path) -> bool:
    """Whether writes in ``folder`` can use the atomic exchange (as far as is known yet)."""
    with suppress(OSError):
        return _EXCHANGE is not None and os.stat(folder).st_dev not in _NO_EXCHANGE
    return False


def writers(paths: Iterable[Path]) -> list[str]:
    """Processes that hold one of ``paths`` open for writing: ``name (pid N)`` each.

    Linux only (``/proc``); elsewhere, or for processes of other users, nothing is known and
    nothing is listed. One pass over ``/proc/*/fd``: a few tens of milliseconds.
    """
    wanted = {str(path) for path in paths}
    wanted |= {f"{name} (deleted)" for name in wanted}
    found: list[str] = []
    try:
        entries = os.scandir("/proc")
    except OSError:
        return found
    with entries:
        for entry in entries:
            if not entry.name.isdigit():
                continue
            folder = f"/proc/{entry.name}/fd"
            try:
                handles = os.listdir(folder)
            except OSError:
                continue
            for handle in handles:
                try:
                    if os.readlink(f"{folder}/{handle}") not in wanted:
                        continue
                except OSError:
                    continue
                if _open_for_writing(entry.name, handle):
                    found.append(_process_name(entry.name))
                    break
    return found


def _open_for_writing(pid: str, handle: str) -> bool:
    try:
        with open(f"/proc/{pid}/fdinfo/{handle}", encoding="ascii") as info:
            for line in info:
                if line.startswith("flags:"):
                    return int(line.split()[1], 8) & os.O_ACCMODE in (os.O_WRONLY, os.O_RDWR)
    except (OSError, ValueError):
        pass
    return False


def _process_name(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as comm:
            name = comm.read().strip()
    except OSError:
        name = "a program"
    # A process name is outside text: keep only printable characters of it.
    name = "".join(char for char in name if char.isprintable())[:32] or "a program"
    return f"{name} (pid {pid})"


def refusal_for_folder(folder: Path) -> str | None:
    """Why no file can be created and renamed in ``folder``, if that is known beforehand.

    Checked before the temporary file is made: in an append-only folder it could never be
    removed again.
    """
    flags = _flags(folder)
    if flags & _IMMUTABLE:
        return f"the folder {folder.name} is immutable"
    if flags & _APPEND_ONLY:
        return f"the folder {folder.name} is append-only (files there cannot be replaced)"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder.name} is read-only"
    return None


def refusal_for_file(target: Path) -> str | None:
    """Why ``target`` itself cannot be rewritten (append-only or immutable), if it cannot."""
    flags = _flags(target)
    if flags & _IMMUTABLE:
        return f"{target.name} is immutable"
    if flags & _APPEND_ONLY:
        return f"{target.name} is append-only"
    return None


def _flags(path: Path) -> int:
    if not sys.platform.startswith("linux"):
        return 0
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return 0
    try:
        buffer = bytearray(8)
        fcntl.ioctl(handle, _GETFLAGS, buffer)
        return int.from_bytes(buffer[:4], sys.byteorder)
    except OSError:
        return 0
    finally:
        os.close(handle)


def copy_metadata(source: os.stat_result, target: Path, handle: int) -> None:
    """Give the open new file ``handle`` the old file's mode, owner and extended attributes."""
    os.fchmod(handle, stat.S_IMODE(source.st_mode))
    if (source.st_uid, source.st_gid) != (os.getuid(), os.getgid()):
        # Only root may give a file away; keeping the content matters more.
        with suppress(OSError):
            os.fchown(handle, source.st_uid, source.st_gid)
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(target)
    except OSError:
        return
    for name in names:
        # Some attributes only the kernel or root may set (security.*, trusted.*): best effort.
        with suppress(OSError):
            os.setxattr(handle, name, os.getxattr(target, name))


def read_all(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of ``path`` and its status, read through one handle."""
    with open(path, "rb") as file:
        return file.read(), os.fstat(file.fileno())


def write_in_place(target: Path, data: bytes, checked: bytes, inode: int) -> os.stat_result:
    """Overwrite ``target`` (the same inode, for hard links) if it still holds ``checked``.

    Raises:
        SwapError: the file changed since it was checked, or another program writes to it.
        OSError: it could not be written.
    """
    busy = writers([target])
    if busy:
        raise SwapError(f"{', '.join(busy)} has it open for writing")
    handle = os.open(target, os.O_RDWR)
    try:
        info = os.fstat(handle)
        current = b""
        while chunk := os.read(handle, 1 << 20):
            current += chunk
        if info.st_ino != inode or current != checked:
            raise SwapError("changed")
        os.lseek(handle, 0, os.SEEK_SET)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.ftruncate(handle, len(data))
        os.fsync(handle)
        return os.fstat(handle)
    finally:
        os.close(handle)


def settled(target: Path, data: bytes, info: os.stat_result, window: float) -> None:
    """Return once ``target`` has been still for ``window`` seconds and still holds ``data``.

    Still means: no process has it open for writing, and its size, times and bytes did not
    change across the window (the part of the window already past since its last change
    counts).

    Raises:
        SwapError: it is being written, or it changed during the window.
    """
    busy = writers([target])
    if busy:
        raise SwapError(f"{', '.join(busy)} is writing {target.name}")
    changed = max(info.st_mtime_ns, info.st_ctime_ns)
    wait = min(window, window - (time.time_ns() - changed) / 1e9)
    if wait <= 0:
        return
    time.sleep(wait)
    try:
        again, again_info = read_all(target)
    except OSError as error:
        raise SwapError(f"{target.name} is being replaced ({error.strerror})") from None
    if again != data or _motion(again_info) != _motion(info) or writers([target]):
        raise SwapError(f"{target.name} is being changed by another program")


def _motion(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def replace_checked(
    target: Path, data: bytes, checked: bytes, info: os.stat_result, summary: str
) -> os.stat_result | None:
    """Put ``data`` in the place of ``target`` if it still holds ``checked``; keep ``checked``.

    ``checked`` goes to the journal first (with ``summary``, what this write changes). Then the
    new bytes are written to a temporary file beside ``target`` and exchanged with it (see the
    module's docstring); a file with several hard links is written in place instead.

    Returns:
        The new file's status, or None when ``target`` no longer held ``checked`` (nothing was
        written and nothing kept: read it again and retry).

    Raises:
        SwapError: it cannot be written (the reason is for a person); nothing was written.
    """
    # The journal keeps ``checked`` while the new file is written beside the target: each
    # waits for the disk, and neither for the other. Nothing is put in place before it is kept.
    keeping = _keep_soon(target, checked, summary)
    try:
        if info.st_nlink > 1:
            keeping.result()
            written: os.stat_result | None = _in_place(target, data, checked, info)
        else:
            written = _by_rename(target, data, checked, info, summary, keeping.result)
    except BaseException:
        _forget(keeping)
        raise
    if written is None:
        _forget(keeping)
    return written


#: The thread that keeps displaced versions in the journal while a save writes its new file.
_KEEPER = ThreadPoolExecutor(1, thread_name_prefix="journal")


def _keep_soon(target: Path, data: bytes, summary: str) -> Future[journal.Version]:
    """``_keep`` on the journal's thread; on this one when no thread can start any more (the
    interpreter is exiting: a write under way still finishes, and still keeps what it
    displaces)."""
    try:
        return _KEEPER.submit(_keep, target, data, summary)
    except RuntimeError:
        kept: Future[journal.Version] = Future()
        kept.set_result(_keep(target, data, summary))
        return kept


def _forget(keeping: Future[journal.Version]) -> None:
    """Remove the version ``keeping`` kept (once it is), if it was kept."""
    try:
        version = keeping.result()
    except Exception:  # not kept: nothing to remove
        return
    journal.forget(version)


def _keep(target: Path, data: bytes, summary: str) -> journal.Version:
    try:
        return journal.keep(target, data, summary)
    except journal.JournalError as error:
        raise SwapError(error.reason) from None


def _in_place(
    target: Path, data: bytes, checked: bytes, info: os.stat_result
) -> os.stat_result | None:
    why = refusal_for_file(target)
    if why:
        raise SwapError(why)
    try:
        return write_in_place(target, data, checked, info.st_ino)
    except SwapError as error:
        if error.reason == "changed":
            return None
        raise
    except OSError as error:
        raise SwapError(f"cannot save {target.name}: {_reason(error)}") from None


def _by_rename(
    target: Path,
    data: bytes,
    checked: bytes,
    info: os.stat_result,
    summary: str,
    kept: Callable[[], object],
) -> os.stat_result | None:
    folder = target.parent
    why = refusal_for_folder(folder) or refusal_for_file(target)
    if why:
        raise SwapError(why)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise SwapError(f"cannot create a file in {folder.name}: {_reason(error)}") from None
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
            copy_metadata(info, target, file.fileno())
            written = os.fstat(file.fileno())  # a rename keeps the time: the new file's stamp
        kept()  # the displaced version is in the journal (else this raises: nothing is swapped)
        # As late as possible before the exchange: a file another program is writing is never
        # put aside (its next write would go to a file that is then removed).
        busy = writers([target])
        if busy:
            raise SwapError(f"{', '.join(busy)} is writing {target.name}")
        done = _exchanged(target, temp, data, checked, summary)
        if done is None:
            done = _replaced(target, temp, checked, info)
    except FileNotFoundError:
        raise SwapError(f"{target.name} was moved or deleted while it was being saved") from None
    except OSError as error:
        raise SwapError(f"cannot save {target.name}: {_reason(error)}") from None
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temp)
    if not done:
        return None
    _fsync_folder(folder)
    return written


def _exchanged(target: Path, temp: Path, data: bytes, checked: bytes, summary: str) -> bool | None:
    """Swap ``temp`` in; keep it only if what came out is ``checked`` and nobody writes it.

    None when the exchange is not available here.
    """
    if not exchange(temp, target):
        return None
    # Writers first, content second: a program that was writing the displaced file and has
    # just finished is not listed, but its last write is then in the content read after.
    busy = writers([temp])
    displaced, _ = read_all(temp)
    if displaced == checked and not busy:
        return True
    # Another program saved between the check and the swap: give its version back its place,
    # unless yet another save already took that place (then keep both, in the journal). Bytes
    # read while a program was writing them may be half of a save: what is kept is read again
    # once nobody writes it (``_keep_whole``), never taken from the reads above.
    by_another = f"saved by another program while {summary!r} was being saved"
    current, _ = read_all(target)
    if current == data and exchange(temp, target):
        back, _ = read_all(temp)
        if back != data:
            _keep_whole(target, temp, by_another)
    elif displaced != checked or busy:
        _keep_whole(target, temp, by_another)
    if busy:
        raise SwapError(f"{', '.join(busy)} is writing {target.name}")
    return False


#: How long a displaced file that another program still writes is waited for (seconds), so
#: that the journal keeps its finished content rather than half of it.
_WHOLE_WAIT = 2.0


def _keep_whole(target: Path, displaced: Path, summary: str) -> None:
    """Keep the content of ``displaced`` (a version of ``target`` put aside) in the journal,
    read once no process has it open for writing (or after ``_WHOLE_WAIT`` seconds)."""
    deadline = time.monotonic() + _WHOLE_WAIT
    busy = writers([displaced])
    while busy and time.monotonic() < deadline:
        time.sleep(0.02)
        busy = writers([displaced])
    content, _ = read_all(displaced)
    if busy:
        summary += f" (still being written by {', '.join(busy)})"
    _keep(target, content, summary)


def _replaced(target: Path, temp: Path, checked: bytes, info: os.stat_result) -> bool:
    """Without an atomic exchange: check as late as possible, then rename over."""
    busy = writers([target])
    if busy:
        raise SwapError(f"{', '.join(busy)} is writing {target.name}")
    current, now = read_all(target)
    if current != checked or now.st_ino != info.st_ino:
        return False
    os.replace(temp, target)
    return True


def create(target: Path, data: bytes) -> os.stat_result:
    """Write a new file ``target`` holding ``data``; never over a file that exists by then.

    Raises:
        SwapError: it could not be written, or a file of that name appeared meanwhile.
    """
    folder = target.parent
    why = refusal_for_folder(folder)
    if why:
        raise SwapError(why)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise SwapError(f"cannot create a file in {folder.name}: {_reason(error)}") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
            os.fchmod(file.fileno(), 0o644 & ~_umask())
            written = os.fstat(file.fileno())
        os.link(name, target)  # unlike a rename, a link never replaces a file
    except FileExistsError:
        raise SwapError(f"{target.name} was created by another program meanwhile") from None
    except OSError as error:
        raise SwapError(f"cannot save {target.name}: {_reason(error)}") from None
    finally:
        with suppress(FileNotFoundError):
            os.unlink(name)
    _fsync_folder(folder)
    return written


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; some systems cannot open or sync a folder, which is fine."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)


__all__ = [
    "SwapError",
    "copy_metadata",
    "create",
    "exchange",
    "exchange_available",
    "read_all",
    "refusal_for_file",
    "refusal_for_folder",
    "replace_checked",
    "settled",
    "write_in_place",
    "writers",
]
