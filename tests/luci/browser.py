"""Headless Chromium driven over the DevTools protocol, and the server the pages talk to.

Theory of operation
-------------------
``Chromium`` starts ``chromium --headless --remote-debugging-pipe``: the browser reads
DevTools commands as NUL-terminated JSON on its fd 3 and answers on its fd 4 (no port, no
websocket, only the standard library). A shell maps two pipes onto those numbers, so nothing
runs between fork and exec in this (threaded) process (bash, as dash refuses fds above 9).
``call`` sends one command and reads until its answer, keeping the events it passes in
``events``; every read is bounded by a deadline, and an exited browser is an error naming its
stderr.

``Server`` serves the page files (``/luci-static/resources`` from files/www), the harness
(``/harness``, the LuCI stand-in) and ``/ubus``: a POST of ``{object, method, params}``
answered from ``Server.objects`` (a dict the test changes between polls) after checking the
rpcd ACL of luci-proto-pyqmi, as rpcd would; a call the ACL does not grant is refused and
recorded in ``denied``. Every call is recorded in ``calls``.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import os
import select
import subprocess
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
WWW = REPO / "files/www"
HARNESS = Path(__file__).resolve().parent / "harness"
ACL = REPO / "files/usr/share/rpcd/acl.d/luci-proto-pyqmi.json"

TYPES = {".js": "text/javascript", ".html": "text/html", ".css": "text/css"}


class BrowserError(RuntimeError):
    """The browser exited, did not answer in time, or answered a command with an error."""


def acl_grants(obj: str, method: str) -> bool:
    grants = json.loads(ACL.read_text())["luci-proto-pyqmi"]["read"]["ubus"]
    return any(fnmatch.fnmatchcase(obj, pat) and method in ms for pat, ms in grants.items())


class Server:
    """The page files and a canned ``/ubus``, on 127.0.0.1 at a free port."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.objects: dict[str, Callable[[dict[str, Any]], Any]] = {}
        self.config = config
        self.calls: list[tuple[str, str]] = []
        self.denied: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def send(self, code: int, body: bytes, kind: str) -> None:
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == "/harness-config":
                    return self.send(200, json.dumps(server.config).encode(), "application/json")
                if path.startswith("/harness/"):
                    file = HARNESS / path.removeprefix("/harness/")
                elif path.startswith("/luci-static/"):
                    file = WWW / path.lstrip("/")
                else:
                    return self.send(404, b"not found", "text/plain")
                resolved = file.resolve()
                if not resolved.is_file() or not (
                    resolved.is_relative_to(WWW) or resolved.is_relative_to(HARNESS)
                ):
                    return self.send(404, b"not found", "text/plain")
                self.send(200, resolved.read_bytes(), TYPES.get(resolved.suffix, "text/plain"))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                request = json.loads(self.rfile.read(length) or b"{}")
                obj, method = str(request.get("object")), str(request.get("method"))
                server.calls.append((obj, method))
                if not acl_grants(obj, method):
                    server.denied.append((obj, method))
                    reply: dict[str, Any] = {"error": "Access denied"}
                elif f"{obj}.{method}" not in server.objects:
                    reply = {"error": "Object not found"}
                else:
                    reply = {"result": server.objects[f"{obj}.{method}"](request.get("params"))}
                self.send(200, json.dumps(reply).encode(), "application/json")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class Chromium:
    """One headless browser with one page, attached in flat session mode."""

    def __init__(self, binary: str, profile: Path, timeout: float = 15.0) -> None:
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        self._next = 0
        self._buffer = b""
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        args = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--hide-scrollbars",
            "--mute-audio", "--force-device-scale-factor=1", "--remote-debugging-pipe",
            f"--user-data-dir={profile}", "about:blank",
        ]  # fmt: skip
        script = f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w}'
        self.stderr_path = profile / "chromium.stderr"
        with open(self.stderr_path, "wb") as stderr:
            self.proc = subprocess.Popen(
                ["/bin/bash", "-c", script, binary, *args],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                pass_fds=(to_browser_r, from_browser_w),
            )  # fmt: skip
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.session: str | None = None

    def _stderr(self) -> str:
        try:
            return self.stderr_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"no answer from chromium in time; stderr: {self._stderr()}")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError(f"chromium exited; stderr: {self._stderr()}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = True,
        timeout: float | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Send one command and return its result (events met on the way go to ``events``)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        """The first event ``method`` (already seen, or the next to come), within a bound."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))

    def open_page(self, width: int, height: int) -> None:
        # The first answer waits for the browser to start: on a loaded machine that is slow.
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False, timeout=45)
        attached = self.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
            session=False,
        )  # fmt: skip
        self.session = attached["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.resize(width, height)

    def resize(self, width: int, height: int) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def navigate(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (a promise is awaited), or BrowserError."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"{expression[:80]}: {details.get('exception', details)}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click (pressed and released) at the middle of the element."""
        box = self.evaluate(
            f"(function() {{ var e = document.querySelector({json.dumps(selector)});"
            " if (!e) return null; e.scrollIntoView({block: 'center'});"
            " var r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        if box is None:
            raise BrowserError(f"nothing to click at {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
            )

    def type_into(self, selector: str, text: str) -> None:
        """Click the field, select what it holds and type ``text`` over it."""
        self.click(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).select()")
        self.call("Input.insertText", {"text": text})

    def screenshot(self, path: Path, selector: str = "body") -> None:
        """A PNG of the page, the viewport grown to the element's height."""
        height = self.evaluate(
            f"Math.ceil(document.querySelector({json.dumps(selector)}).scrollHeight) + 40"
        )
        self.resize(1024, max(300, min(int(height), 4000)))
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.call("Browser.close", session=False, timeout=5)
        except (BrowserError, OSError):
            pass
        finally:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
            os.close(self._to_browser)
            os.close(self._from_browser)
