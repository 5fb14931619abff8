#!/usr/bin/env python3
"""A scripted BGP peer for ExaBGP's encoding suite (tests/exabgp-qa/qa/encoding/*.ci).

  qa_peer.py [--port P] [--ipv6] [--timeout S] [--pid-of FILE] [--ready FILE] CASE.ci

Listens on 127.0.0.1 (or ::1 with `option:bind:ipv6`), answers the speaker's OPEN with the
same OPEN (BGP identifier + 1, or the AS of `option:asn:N`) so every capability is
negotiated, replies KEEPALIVE to everything, and checks every UPDATE and ROUTE-REFRESH byte
for byte against the case's `raw:` lines: lines that share a sequence number may arrive in
any order, groups are consumed in increasing order, a letter before the number names the
TCP connection (A, then B after a reconnect). An End-of-RIB that is not expected is
tolerated; KEEPALIVEs are not checked. `notification:TEXT` steps make the peer send
Cease / Administrative Shutdown with that text; `signal:NAME` steps send the signal to the
process whose pid is in --pid-of. `open:inspect-open-message` checks the speaker's OPEN
against the case's OPEN raw line; `open:send-unknown-capability` adds capability 66 to our
OPEN; `update:send-default-route` makes the peer announce 0.0.0.0/32 (as ExaBGP's does); `open:send-unknown-message`
sends a message of unknown type after the OPEN. A ROUTE-REFRESH request (RFC 2918, subtype 0)
makes the peer send back every UPDATE it received on the session (End-of-RIB aside), in the
order they came, as ExaBGP's harness peer resends everything (tests/exabgp-qa/README.md):
the speaker gets its own routes as received ones (api-rr checks them in its JSON).

Prints what it receives and a final `successful` (exit 0) or the reason it failed (exit 1).
"""

from __future__ import annotations

import argparse
import os
import re
import selectors
import signal
import socket
import struct
import sys
import time

MARKER = b"\xff" * 16


def log(text: str) -> None:
    print(text, flush=True)


def hexs(data: bytes) -> str:
    return data.hex().upper()


def is_eor(message: bytes) -> bool:
    body = message[19:]
    if body == b"\x00\x00\x00\x00":
        return True
    if len(body) in (10, 11) and body[:2] == b"\x00\x00" and body[5] == 15:
        attr_len = body[6] if len(body) == 10 else struct.unpack("!H", body[6:8])[0]
        return attr_len == 3
    return False


class Case:
    def __init__(self, path: str):
        self.options: dict[str, str | bool] = {}
        # connection letter -> sequence -> [expectations]
        groups: dict[str, dict[int, list[str]]] = {}
        self.open_raw: str | None = None
        for line in open(path):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("option:"):
                _, key, *rest = line.split(":", 2)
                value = rest[0] if rest else True
                self.options[f"{key}:{value}" if key in ("open", "update", "bind") else key] = value
                continue
            m = re.match(r"^([A-Z]?)(\d+):(raw|notification|signal):(.*)$", line)
            if not m:
                continue  # cmd:, json: lines are for the codec tests
            conn, seq, kind, payload = m.group(1) or "A", int(m.group(2)), m.group(3), m.group(4)
            if kind == "raw":
                raw = payload.replace(":", "").upper()
                if raw[36:38] == "01":  # the OPEN the speaker must send
                    self.open_raw = raw
                    continue
                groups.setdefault(conn, {}).setdefault(seq, []).append(raw)
            else:
                groups.setdefault(conn, {}).setdefault(seq, []).append(f"{kind}:{payload}")
        self.sequences: list[list[str]] = []
        for conn in sorted(groups):
            for seq in sorted(groups[conn]):
                self.sequences.append(groups[conn][seq])

    def option(self, name: str) -> bool:
        return name in self.options


class Peer:
    def __init__(self, case: Case, args):
        self.case = case
        self.args = args
        self.pending: list[str] = []
        self.failed: str | None = None
        self.done = False

    def next_group(self) -> None:
        while not self.pending and self.case.sequences:
            self.pending = self.case.sequences.pop(0)

    def actions(self, sock: socket.socket) -> None:
        """Run the notification:/signal: steps now at the head of the expectations."""
        self.next_group()
        while self.pending and (self.pending[0].startswith("notification:") or self.pending[0].startswith("signal:")):
            step = self.pending.pop(0)
            if step.startswith("notification:"):
                text = step.split(":", 1)[1].encode()
                body = bytes([6, 2, len(text)]) + text
                sock.sendall(MARKER + struct.pack("!HB", 19 + len(body), 3) + body)
                log(f"sent notification: {text.decode()}")
            else:
                name = step.split(":", 1)[1]
                pid = self.speaker_pid()
                os.kill(pid, getattr(signal, name))
                log(f"sent {name} to {pid}")
            self.next_group()

    def speaker_pid(self) -> int:
        """The pid in --pid-of (the runner may write it just after starting the speaker)."""
        deadline = time.time() + 5
        while True:
            try:
                return int(open(self.args.pid_of).read().split()[0])
            except (OSError, ValueError, IndexError):
                if time.time() > deadline:
                    raise
                time.sleep(0.02)

    def completed(self) -> bool:
        self.next_group()
        return not self.pending and not self.case.sequences

    def check_update(self, message: str) -> bool:
        self.next_group()
        if message in self.pending:
            self.pending.remove(message)
            return True
        self.failed = "unexpected message"
        log(f"unexpected  {message}")
        for option in self.pending:
            log(f"expected    {option}")
        return False

    def answer_open(self, message: bytes) -> bytes:
        body = bytearray(message[19:])
        asn = self.case.options.get("asn")
        body[8] = (body[8] + 1) & 0xFF  # lowest octet of the BGP identifier
        if asn:
            asn = int(asn)
            body[1:3] = struct.pack("!H", asn if asn < 65536 else 23456)
            # and in the 4-octet AS capability, if any
            params, off = body[10:], 0
            while off + 2 <= len(params):
                ptype, plen = params[off], params[off + 1]
                if ptype == 2:
                    c = off + 2
                    while c + 2 <= off + 2 + plen:
                        code, clen = params[c], params[c + 1]
                        if code == 65 and clen == 4:
                            body[10 + c + 2:10 + c + 6] = struct.pack("!I", asn)
                        c += 2 + clen
                off += 2 + plen
        if self.case.option("open:send-unknown-capability"):
            content = b"loremipsum"
            param = bytes([2, len(content) + 2, 66, len(content)]) + content
            body[9] += len(param)
            body += param
        return MARKER + struct.pack("!HB", 19 + len(body), 1) + bytes(body)

    def session(self, sock: socket.socket, deadline: float) -> None:
        buf = b""
        opened = False
        received: list[bytes] = []  # the UPDATEs of this session, sent back on a ROUTE-REFRESH
        sock.settimeout(0.2)
        while time.time() < deadline and not self.done and not self.failed:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                chunk = b""
            if not chunk:
                log("connection closed by the speaker")
                return
            buf += chunk
            while len(buf) >= 19:
                length = struct.unpack("!H", buf[16:18])[0]
                if length < 19 or buf[:16] != MARKER:
                    self.failed = f"not a BGP message: {hexs(buf[:19])}"
                    return
                if len(buf) < length:
                    break
                message, buf = buf[:length], buf[length:]
                kind = message[18]
                if kind == 1 and not opened:
                    opened = True
                    log(f"open recv   {hexs(message)}")
                    if self.case.option("open:inspect-open-message") and self.case.open_raw:
                        if hexs(message) != self.case.open_raw:
                            self.failed = f"OPEN differs\n  want {self.case.open_raw}\n  got  {hexs(message)}"
                            return
                    answer = self.answer_open(message)
                    log(f"open sent   {hexs(answer)}")
                    sock.sendall(answer + MARKER + b"\x00\x13\x04")
                    if self.case.option("open:send-unknown-message"):
                        # the type ExaBGP's harness sends (its expected answer names "255")
                        sock.sendall(MARKER + b"\x00\x13\xff")
                    self.actions(sock)
                    if self.case.option("update:send-default-route"):
                        attrs = bytes.fromhex("40010100" "400200" "4003047F000001" "40050400000064")
                        # 0.0.0.0/32, as ExaBGP's qa peer sends it (api-check.run waits for that)
                        body = struct.pack("!HH", 0, len(attrs)) + attrs + b"\x20\x00\x00\x00\x00"
                        sock.sendall(MARKER + struct.pack("!HB", 19 + len(body), 2) + body)
                    if self.completed():
                        self.done = True
                    continue
                if kind == 4:
                    continue
                if kind == 3:
                    log(f"notification recv {hexs(message)}")
                    # a case may expect the speaker's NOTIFICATION (api-teardown): it counts
                    self.next_group()
                    if hexs(message) in self.pending:
                        self.pending.remove(hexs(message))
                        self.actions(sock)
                        if self.completed():
                            self.done = True
                            return
                    continue
                if kind == 5 and length == 23:
                    text = hexs(message)
                    log(f"refresh recv {text}")
                    self.next_group()
                    if self.completed():
                        self.failed = "a ROUTE-REFRESH after every expected message"
                        return
                    if not self.check_update(text):
                        return
                    if message[21] == 0:  # a request (not BoRR / EoRR): our Adj-RIB-Out again
                        for update in received:
                            sock.sendall(update)
                        log(f"refresh sent {len(received)} update(s) back")
                    self.actions(sock)
                    if self.completed():
                        self.done = True
                        return
                    continue
                if kind != 2:
                    log(f"message type {kind} recv {hexs(message)}")
                    continue
                sock.sendall(MARKER + b"\x00\x13\x04")
                text = hexs(message)
                log(f"update recv {text}")
                if not is_eor(message):
                    received.append(message)
                self.next_group()
                # an End-of-RIB nobody asked for is tolerated, as ExaBGP's harness does
                if is_eor(message) and text not in self.pending:
                    continue
                if self.completed():
                    self.failed = "an UPDATE after every expected one"
                    return
                if not self.check_update(text):
                    return
                self.actions(sock)
                if self.completed():
                    self.done = True
                    return

    def run(self) -> int:
        family = socket.AF_INET6 if self.case.option("bind:ipv6") else socket.AF_INET
        host = "::1" if family == socket.AF_INET6 else "127.0.0.1"
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, self.args.port))
        listener.listen(4)
        listener.settimeout(0.2)
        if self.args.ready:
            # the port we listen on (the kernel's choice with --port 0), written whole: the
            # harness reads it as soon as the file exists
            with open(self.args.ready + ".tmp", "w") as f:
                f.write(str(listener.getsockname()[1]))
            os.replace(self.args.ready + ".tmp", self.args.ready)
        deadline = time.time() + float(self.case.options.get("timeout", self.args.timeout))
        while time.time() < deadline and not self.done and not self.failed:
            try:
                sock, addr = listener.accept()
            except socket.timeout:
                continue
            log(f"new session from {addr[0]}")
            self.next_group()
            with sock:
                self.session(sock, deadline)
        if self.done:
            log("successful")
            return 0
        log(f"failed: {self.failed or 'timed out'}")
        for option in self.pending:
            log(f"still expected {option}")
        return 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=int(os.environ.get("exabgp_tcp_port", "1790")))
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--pid-of", help="file holding the speaker's pid (for signal: steps)")
    parser.add_argument("--ready", help="file written once the peer listens, holding its port (--port 0: any)")
    parser.add_argument("case")
    args = parser.parse_args()
    return Peer(Case(args.case), args).run()


if __name__ == "__main__":
    sys.exit(main())
