"""The dashboard in a browser: textual-serve, with a page that needs nothing from the internet.

textual-serve's own page loads its font from Google Fonts and writes every link with the address
the server was started on. Here the page (``app_index.html`` beside this module) takes the font
from the server itself, and links are made from the address the browser used, so the page works
offline, through an ssh tunnel on another port and from a LAN address alike.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

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


class PlanServer(Server):
    """A textual-serve server with the offline page and links relative to the request."""

    def __init__(self, command: str, *, host: str, port: int, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)

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
