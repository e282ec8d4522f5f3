"""The dashboard in a browser: textual-serve, with a page that needs nothing from the internet.

textual-serve's own page loads its font from Google Fonts and writes every link with the address
the server was started on. Here the page (``app_index.html`` beside this module) takes the font
from the server itself, and links are made from the address the browser used, so the page works
offline, through an ssh tunnel on another port and from a LAN address alike.

Browsers let any web page open a WebSocket to localhost, and a DNS-rebinding site can reach it
under a name of its own: so a request that comes from another page (its ``Origin`` is not the
address it was sent to) is refused, and a server on a loopback address answers only to the
names of this machine (``localhost``, ``127.0.0.1``, ``[::1]``), whatever the port.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

TEMPLATES = Path(__file__).resolve().parent


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (localhost, 127.x, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _hostname(host: str) -> str:
    """The name in a ``Host`` header or an origin's netloc, without port and brackets."""
    return (urlsplit(f"//{host}").hostname or "").lower()


def foreign(request: web.Request, loopback: bool) -> str | None:
    """Why ``request`` must be refused (another page's, or a name not this machine's), or None."""
    host = request.host
    if loopback and not is_loopback(_hostname(host)):
        return f"this server answers only to this machine's names, not {host!r}"
    origin = request.headers.get("Origin")
    if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
        return "a page from another origin may not use this server"
    return None


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class PlanServer(Server):
    """A textual-serve server with the offline page, links relative to the request, and no
    requests from other pages or under foreign names."""

    def __init__(self, command: str, *, host: str, port: int, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.loopback = is_loopback(host)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()

        @web.middleware
        async def same_origin(request: web.Request, handler: Handler) -> web.StreamResponse:
            why = foreign(request, self.loopback)
            if why is not None:
                raise web.HTTPForbidden(text=why)
            return await handler(request)

        app.middlewares.append(same_origin)
        return app

    async def on_startup(self, app: web.Application) -> None:
        # The command line already said where it serves; textual-serve's logo would repeat it.
        return None

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        router = request.app.router
        base = f"{request.scheme}://{request.host}"
        socket = ("wss" if request.scheme == "https" else "ws") + f"://{request.host}"
        static = str(router["static"].url_for(filename="/")).rstrip("/") + "/"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": socket + str(router["websocket"].url_for()),
            "config": {"static": {"url": base + static}},
            "application": {"name": self.title},
        }
