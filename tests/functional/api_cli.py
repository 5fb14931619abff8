#!/usr/bin/env python3
"""`attobgp cli` against a test server (tests/tools/api_server: the API over the fake backend,
on a real control socket) until `attobgp server` exists.

  1. one-shot commands: the answer printed, exit status 0 / 1 (error answer) / 2 (no server);
  2. commands from a pipe, one a line;
  3. the socket found through exabgp.api.socketpath;
  4. interactive, on a pseudo-terminal: TAB completion of command words, history, pretty output;
  5. a second server on a live socket is refused; `daemon shutdown` stops the server, whose
     helper hears "shutdown", and the socket path is removed.
Prints TAP.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = os.environ.get("ATTOBGP_BUILD", "build")
ATTOBGP = os.environ.get("ATTOBGP", str(ROOT / BUILD / "attobgp"))
SERVER = str(ROOT / BUILD / "tests" / "tools" / "api_server")

count = 0
failed = 0


def ok(cond: bool, name: str, detail: str = "") -> None:
    global count, failed
    count += 1
    print(f"{'ok' if cond else 'not ok'} {count} - {name}")
    if not cond:
        failed += 1
        for line in detail.splitlines():
            print(f"#   {line}")
    sys.stdout.flush()


def cli(sock: str | None, *args: str, stdin: str | None = None, env: dict | None = None):
    cmd = [ATTOBGP, "cli"] + (["-s", sock] if sock else []) + list(args)
    r = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=30, env=env)
    return r.returncode, r.stdout, r.stderr


def start_server(sock: str, *extra: str) -> subprocess.Popen:
    p = subprocess.Popen([SERVER, *extra, sock], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if line.strip() != "ready":
        raise RuntimeError(f"api_server did not start: {line} {p.stderr.read()}")
    return p


def pty_session(sock: str, keys: list[bytes]) -> str:
    """Run `attobgp cli` on a pseudo-terminal, type keys one group at a time, return the screen text."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["HOME"] = os.path.dirname(sock)
        os.environ["TERM"] = "dumb"
        os.execv(ATTOBGP, [ATTOBGP, "cli", "-s", sock])
    out = b""

    def drain(wait: float) -> None:
        nonlocal out
        end = time.time() + wait
        while time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                out += chunk

    drain(0.5)
    for k in keys:
        os.write(fd, k)
        drain(0.4)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    return out.decode(errors="replace")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="api_cli.") as tmp:
        sock = os.path.join(tmp, "attobgp.sock")
        helper_out = os.path.join(tmp, "helper.out")
        server = start_server(sock, "--helper", "watcher", f"exec cat > {helper_out}")

        rc, out, err = cli(sock, "peer", "*", "routes", "add", "10.0.0.0/24", "next-hop", "1.2.3.4")
        ok(rc == 0 and out == '{"index": "0101180a000000", "route": "10.0.0.0/24 next-hop 1.2.3.4"}\n',
           "one-shot: routes add answers the index", f"{rc} {out} {err}")
        rc, out, _ = cli(sock, "routes list")
        ok(rc == 0 and out == '[{"index": "0101180a000000", "route": "10.0.0.0/24 next-hop 1.2.3.4"}]\n',
           "one-shot: a legacy-style command in one argument", out)
        rc, out, _ = cli(sock, "neighbor", "10.0.0.9", "announce", "route", "1.0.0.0/8", "next-hop", "1.1.1.1")
        ok(rc == 1 and out.startswith('{"error": "no peer matches 10.0.0.9"}'), "an error answer: exit status 1", out)
        rc, out, err = cli(os.path.join(tmp, "nothing.sock"), "version")
        ok(rc == 2 and "no server on" in err, "no server: exit status 2", err)

        rc, out, _ = cli(sock, stdin="version\n\nshow neighbor summary\nbogus\nroutes remove index 0101180a000000\n")
        lines = out.splitlines()
        ok(rc == 1 and len(lines) == 4 and '"application": "exabgp"' in lines[0] and '"peer-address": "10.0.0.1"' in lines[1]
           and lines[2].startswith('{"error": ') and lines[3] == '{"removed": true, "index": "0101180a000000"}',
           "commands from a pipe, one answer a line (exit status: the worst)", out)

        env = dict(os.environ, exabgp_api_socketpath=sock)
        rc, out, _ = cli(None, "system", "api", "version", env=env)
        ok(rc == 0 and out == '{"api_version": 6, "description": "json-only"}\n', "the socket from exabgp.api.socketpath", out)

        screen = pty_session(sock, [b"rou\t", b"li\t", b"\r", b"\x1b[A", b"\r", b"announce r\t", b"\x15", b"exit\r"])
        ok("routes list" in screen, "interactive: TAB completes 'rou' and 'li' to 'routes list'", screen)
        ok(screen.count("[]") >= 2, "interactive: the command is answered, and again from history (up arrow)", screen)
        ok("announce route" in screen, "interactive: 'announce r' completes to 'announce route'", screen)
        hist = Path(tmp, ".attobgp_history")
        ok(hist.exists() and "routes\\040list" in hist.read_text(errors="replace"), "interactive: history is saved",
           f"{os.listdir(tmp)} {hist.read_text(errors='replace') if hist.exists() else ''}")

        second = subprocess.run([SERVER, sock], capture_output=True, text=True, timeout=10)
        ok(second.returncode == 1 and "another server is running on" in second.stderr,
           "a second server on a live socket is refused", second.stderr)

        rc, out, _ = cli(sock, "daemon", "shutdown")
        ok(rc == 0 and out == '{"status": "shutdown in progress"}\n', "daemon shutdown is answered", out)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        ok(server.returncode == 0, f"... and the server stops (status {server.returncode})")
        ok(not os.path.exists(sock), "... removing its socket")
        heard = Path(helper_out).read_text() if os.path.exists(helper_out) else ""
        ok('"type": "notification", "notification": "shutdown" }' in heard, "its helper heard the shutdown notification", heard)
    print(f"1..{count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
