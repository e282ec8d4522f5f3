"""``roadmap-tui serve``: the dashboard in a browser, for a standup shared with people elsewhere.

Each browser tab gets its own copy of the app (textual-serve starts one process per visit).
Read-only unless ``--writable``; bound to this machine only unless ``--host`` says otherwise.
"""

from __future__ import annotations

import datetime as dt
import shlex
import socket
import sys
from pathlib import Path

import click

from roadmap_tui.cli import _fail, _theme, today_option


def _check_free(host: str, port: int) -> None:
    """Fail before saying "Serving" when the address cannot be listened on (a busy port)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as error:
        _fail(f"cannot listen on {host}:{port}: {error.strerror or error}")


def _url(host: str, port: int) -> str:
    """The address to open: this machine's name when bound to every interface."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{port}/"


def _app_command(paths: list[Path], writable: bool, today: dt.date | None, extra: list[str]) -> str:
    """The shell command textual-serve runs for each visitor: ``open`` on the same plans."""
    words = [sys.executable, "-m", "roadmap_tui", "open", *extra]
    if not writable:
        words.append("--locked")
    if today is not None:
        words += ["--today", today.isoformat()]
    words += ["--", *(str(path.resolve()) for path in paths)]
    return shlex.join(words)


@click.command("serve")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but localhost lets others on the network connect.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--writable",
    is_flag=True,
    help="Let the browser change plan files (default: every writing key refuses).",
)
@today_option
@click.option("--theme", callback=_theme, metavar="NAME", help="Theme for the served app.")
@click.option("--present", is_flag=True, help="Open each visit in presenter mode.")
def serve_command(
    paths: tuple[Path, ...],
    host: str,
    port: int,
    writable: bool,
    today: dt.date | None,
    theme: str | None,
    present: bool,
) -> None:
    """Serve the dashboard to a web browser (read-only unless --writable)."""
    from roadmap_tui.sources import resolve_sources
    from roadmap_tui.web import PlanServer, is_loopback

    sources = resolve_sources(list(paths), Path.cwd())
    if not sources.files:
        _fail(sources.message or "no plan files found")
    # Named paths as given; else what was found here (./plans or this folder). Sample plans
    # are copied afresh by each visitor's app, so nobody's edits reach the next visitor.
    chosen = list(paths) or ([] if sources.notice else sources.folders)
    _check_free(host, port)
    mode = "writable" if writable else "read-only"
    count = len(sources.files)
    click.echo(f"Serving {count} plan file{'s' * (count != 1)} ({mode}) at {_url(host, port)}")
    if not is_loopback(host):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine on port {port} "
            f"can see these plans{' and change them' if writable else ''}; there is no login.",
            err=True,
        )
    click.echo("Press Ctrl+C to stop.")
    extra = (["--theme", theme] if theme else []) + (["--present"] if present else [])
    server = PlanServer(
        _app_command(chosen, writable, today, extra), host=host, port=port, title="roadmap-tui"
    )
    try:
        server.serve()
    except OSError as error:
        _fail(f"cannot listen on {host}:{port}: {error.strerror or error}")
