#!/usr/bin/env python3
"""api_daemon.py — the API end to end against the real `attobgp server` (issue 6): commands
through the control socket (a direct Unix-socket client, and `attobgp cli -s SOCKET`) with a
real BGP session on loopback, each change checked on the peer's side of the wire.

  1. commands and answers (a server started with --no-save; its control socket 0600, a
     second server on it refused before it connects to anyone): `peer * routes add` and the
     index it answers, ExaBGP 6's `routes add route ...`, `routes list`, `routes remove SPEC`
     and `routes remove index HEX` (the peer sees the withdraw), the legacy `announce route`,
     `withdraw route`, `neighbor IP announce ...`, `show neighbor summary`, `peer list`,
     `rib show out`; `peer create` (the new peer is connected to and gets its routes),
     `announce index` / `withdraw index` to it, `peer delete` (Cease); `group` applied
     packed together, or not at all when one of its commands is bad; bad commands answered
     {"error": ...} naming what was wrong (`attobgp cli` exits 1), with the routes and the
     peer's RIB unchanged; the file untouched (--no-save), no backup made.
  2. persistence (a server started from a file, saving): `routes add` x 60 pipelined, each
     answer arriving when the file already holds its route, then 5,000 in bursts (saves of
     several export chunks, changes arriving during a save: group commit); `routes remove`
     (SPEC and index), `peer create`, `peer delete` likewise; NAME.backup; SIGHUP reloads the
     saved file and sends nothing; SIGTERM, a new server on the same file: the same `routes
     list` (routes and indexes), the peers get them again; `daemon shutdown` stops it.
  3. a slow disk (strace delays fsync, when strace works): the answer waits for the save, and
     meanwhile the change is on the wire and another connection's `routes list` is answered.
  4. a save that fails (NAME.backup a symbolic link, which storage refuses; the directory
     replaced by a file; a read-only directory when not root): an error answer naming the
     problem, the file intact; with two files, the change whose save failed is written by
     the next successful save, even when that one is for the other file.
Prints TAP. Loopback only, every wait bounded.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from bgp_peer import ATTOBGP, NOTIFICATION, UPDATE, Tap, keepalive  # noqa: E402
from live_server import Control, Daemon, Listener, check_daemons  # noqa: E402
from server_peer import is_eor_v4, v4_update  # noqa: E402

t = Tap()
ASAN = "asan" in os.environ.get("ATTOBGP_BUILD", "")
SLOW = 3 if ASAN else 1


def index4(prefix):
    """The store's index of an IPv4 unicast prefix: AFI 1, SAFI 1, length, the address."""
    net, length = prefix.split("/")
    return "0101%02x%s" % (int(length), socket.inet_aton(net).hex())


def neighbor(addr, peer_as=65002, routes=(), extra=""):
    return """neighbor %s {
	router-id 10.0.0.1;
	local-address 127.0.0.1;
	local-as 65001;
	peer-as %d;
	hold-time 90;
	family { ipv4 unicast; }
%s	static {
%s	}
}
""" % (addr, peer_as, extra, "".join("\t\troute %s;\n" % r for r in routes))


class Wire:
    """What one peer receives: UPDATEs as (withdrawn, announced, attributes), in order."""

    def __init__(self, peer):
        self.peer = peer
        self.updates = []
        self.notifications = []
        self.last_ka = time.monotonic()

    def _keepalive(self):
        if time.monotonic() - self.last_ka > 10:
            self.peer.send(keepalive())
            self.last_ka = time.monotonic()

    def wait(self, pred, timeout=5.0):
        """UPDATEs received from now until pred(them) holds (or the timeout): the list."""
        new = []
        deadline = time.monotonic() + timeout * SLOW
        while not pred(new):
            self._keepalive()
            left = deadline - time.monotonic()
            if left <= 0:
                break
            m = self.peer.recv(min(left, 1.0))
            if m is None:
                continue
            if m[0] == UPDATE and not is_eor_v4(m[1]):
                u = v4_update(m[1])
                new.append(u)
                self.updates.append(u)
            elif m[0] == NOTIFICATION:
                self.notifications.append(m[1])
        return new

    def quiet(self, seconds=0.5):
        """Everything received in the next seconds (for 'nothing arrives')."""
        return self.wait(lambda ups: False, seconds / SLOW)

    def table(self, timeout=5.0):
        """The initial table, up to End-of-RIB: {prefix: attributes}."""
        got = {}
        deadline = time.monotonic() + timeout * SLOW
        while time.monotonic() < deadline:
            m = self.peer.recv(max(0.0, deadline - time.monotonic()))
            if m is None:
                break
            if m[0] != UPDATE:
                continue
            if is_eor_v4(m[1]):
                return got
            w, a, attrs = v4_update(m[1])
            for p in w:
                got.pop(p, None)
            for p in a:
                got[p] = attrs
        return None


def announced(ups):
    return {p: a for w, ann, a in ups for p in ann}


def withdrawn(ups):
    return {p for w, ann, a in ups for p in w}


def has(*prefixes):
    return lambda ups: set(prefixes) <= set(announced(ups))


def gone(*prefixes):
    return lambda ups: set(prefixes) <= withdrawn(ups)


def nh(attrs):
    v = attrs.get(3)
    return socket.inet_ntoa(v) if v else None


def u32(attrs, code):
    v = attrs.get(code)
    return int.from_bytes(v, "big") if v else None


def cli(sock, *words):
    r = subprocess.run([ATTOBGP, "cli", "-s", sock, *words], capture_output=True, text=True, timeout=30)
    return r.returncode, r.stdout, r.stderr


def listed(answer):
    """routes list's answer as {index: route}."""
    if not isinstance(answer, list):
        return {"not a list": repr(answer)}
    return {e.get("index"): e.get("route") for e in answer}


def is_error(a, *words):
    """An {"error": TEXT} answer whose text names every word."""
    return isinstance(a, dict) and set(a) == {"error"} and all(w in a["error"] for w in words)


def workdir(tag):
    return tempfile.mkdtemp(prefix="attobgp-%s-" % tag)


def rmtree(d):
    for root, dirs, _ in os.walk(d):
        for x in dirs:
            os.chmod(os.path.join(root, x), 0o755)
    os.chmod(d, 0o755)
    shutil.rmtree(d, ignore_errors=True)


# ---------------------------------------------------------------------------- 1. commands

def test_commands():
    work = workdir("api-cmds")
    conf = os.path.join(work, "cmds.conf")
    a_listen = Listener("127.0.0.1")
    b_listen = Listener("127.0.0.2", a_listen.port)
    text = neighbor("127.0.0.1", routes=["10.9.0.0/16 next-hop 192.0.2.1"])
    with open(conf, "w") as f:
        f.write(text)
    srv = Daemon(conf, env={"exabgp_tcp_port": str(a_listen.port)}, args=("--no-save",))
    try:
        commands(srv, conf, text, a_listen, b_listen)
    finally:
        a_listen.close()
        b_listen.close()
        t.eq(srv.stop(), 0, "commands: the server exits 0 on SIGTERM")
        rmtree(work)


def commands(srv, conf, text, a_listen, b_listen):
    peer = a_listen.session(hold=90)
    if not t.ok(peer is not None and srv.wait_socket(), "commands: the session is up, the control socket open",
                srv.log_text()[-1500:]):
        return
    a = Wire(peer)
    t.eq(sorted(a.table() or {}), ["10.9.0.0/16"], "the configured route, then End-of-RIB")
    t.eq(oct(os.stat(srv.sock).st_mode & 0o777), "0o600", "the control socket is mode 0600")

    # a second server on the same socket is refused, before it opens any BGP connection
    second = Daemon(conf, env={"exabgp_tcp_port": str(a_listen.port)}, args=("--no-save",), expect_exit=1)
    try:
        code = second.proc.wait(10 * SLOW)
    except subprocess.TimeoutExpired:
        code = None
    second.stop()
    t.ok(code == 1 and second.wait_log("another server is running on %s" % srv.sock, 2) is not None,
         "a second server on the live socket: exit 1, saying why", "exit %r\n%s" % (code, second.log_text()[-800:]))
    extra = a_listen.accept(0.5)
    t.ok(extra is None, "... and it never connected to the peer")
    if extra:
        extra.close()
    ctl = Control(srv.sock)

    # routes add, both forms
    ans = ctl.ask("peer * routes add 10.0.0.0/24 next-hop 1.2.3.4")
    t.eq(ans, {"index": "0101180a000000", "route": "10.0.0.0/24 next-hop 1.2.3.4"},
         "peer * routes add: the store's index and the route")
    ups = a.wait(has("10.0.0.0/24"))
    t.eq(nh(announced(ups).get("10.0.0.0/24", {})), "1.2.3.4", "... and the peer receives it, next-hop 1.2.3.4")
    ans = ctl.ask("routes add route 10.0.1.0/24 next-hop 1.2.3.4 med 5")
    t.eq(ans, {"index": "0101180a000100", "route": "10.0.1.0/24 next-hop 1.2.3.4 med 5"},
         "ExaBGP 6's `routes add route ...`")
    ups = a.wait(has("10.0.1.0/24"))
    t.eq(u32(announced(ups).get("10.0.1.0/24", {}), 4), 5, "... the peer receives it with MED 5")

    # routes list, through attobgp cli
    rc, out, err = cli(srv.sock, "routes", "list")
    want = [{"index": "0101100a090000", "route": "10.9.0.0/16 next-hop 192.0.2.1"},
            {"index": "0101180a000000", "route": "10.0.0.0/24 next-hop 1.2.3.4"},
            {"index": "0101180a000100", "route": "10.0.1.0/24 next-hop 1.2.3.4 med 5"}]
    try:
        got = json.loads(out)
    except ValueError:
        got = out
    t.ok(rc == 0 and isinstance(got, list) and sorted(got, key=str) == sorted(want, key=str),
         "attobgp cli routes list: the configured route and the two added, with their indexes", "%r %r" % (out, err))
    rc, out, err = cli(srv.sock, "routes", "add", "10.0.0.0/99", "next-hop", "1.2.3.4")
    t.ok(rc == 1 and out.startswith('{"error":') and "10.0.0.0/99" in out, "attobgp cli: an error answer, exit 1",
         "%r %r %r" % (rc, out, err))

    # routes remove, by SPEC and by index
    ans = ctl.ask("routes remove 10.0.0.0/24")
    t.eq(ans, {"removed": True, "index": "0101180a000000"}, "routes remove SPEC")
    ups = a.wait(gone("10.0.0.0/24"))
    t.eq(withdrawn(ups), {"10.0.0.0/24"}, "... the peer sees the withdraw")
    ans = ctl.ask("peer * routes remove index 0101180a000100")
    t.eq(ans, {"removed": True, "index": "0101180a000100"}, "routes remove index HEX")
    ups = a.wait(gone("10.0.1.0/24"))
    t.eq(withdrawn(ups), {"10.0.1.0/24"}, "... the peer sees the withdraw")
    ans = ctl.ask("routes remove index 0101180a000100")
    t.eq(ans, {"removed": False, "index": "0101180a000100"}, "removing it again: removed false")
    t.eq(a.quiet(), [], "... and nothing is sent")

    # the legacy commands
    t.eq(ctl.ask("announce route 10.0.2.0/24 next-hop 1.1.1.1"), {"answer": "done"}, "legacy announce route: done")
    t.ok("10.0.2.0/24" in announced(a.wait(has("10.0.2.0/24"))), "... the peer receives it")
    t.eq(ctl.ask("withdraw route 10.0.2.0/24"), {"answer": "done"}, "legacy withdraw route: done")
    t.eq(withdrawn(a.wait(gone("10.0.2.0/24"))), {"10.0.2.0/24"}, "... the peer sees the withdraw")
    ans = ctl.ask("neighbor 127.0.0.1 announce route 10.0.3.0/24 next-hop 1.1.1.1 community 65000:1")
    t.eq(ans, {"answer": "done"}, "neighbor IP announce route ...: done")
    ups = a.wait(has("10.0.3.0/24"))
    t.eq(announced(ups).get("10.0.3.0/24", {}).get(8), bytes.fromhex("fde80001"),
         "... the peer receives it with community 65000:1")

    # what the server shows
    ans = ctl.ask("show neighbor summary")
    t.ok(isinstance(ans, list) and len(ans) == 1 and ans[0].get("peer-address") == "127.0.0.1"
         and ans[0].get("state") == "up", "show neighbor summary: the peer, up", repr(ans))
    ans = ctl.ask("peer list")
    t.ok(isinstance(ans, list) and [(p.get("peer-address"), p.get("state")) for p in ans] ==
         [("127.0.0.1", "ESTABLISHED")], "peer list: the peer, ESTABLISHED", repr(ans))
    ans = ctl.ask("rib show out")
    shown = sorted(r.get("prefix") for r in (ans or {}).get("127.0.0.1", {}).get("routes", [])) \
        if isinstance(ans, dict) else ans
    t.eq(shown, ["10.0.3.0/24", "10.9.0.0/16"], "rib show out: what the peer holds")

    # a dynamic peer
    ans = ctl.ask("peer create 127.0.0.2 local-as 65001 peer-as 65003 local-address 127.0.0.1 router-id 10.0.0.1 "
                  "family-allowed ipv4-unicast")
    t.eq(ans, {"answer": "done"}, "peer create: done")
    bpeer = b_listen.session(asn=65003, router_id="10.0.0.3", hold=90)
    t.ok(bpeer is not None, "... the new peer is connected to, the session establishes", srv.log_text()[-800:])
    if bpeer is None:
        return
    b = Wire(bpeer)
    t.eq(b.table(), {}, "... its table is empty (End-of-RIB)")
    ans = ctl.ask("peer list")
    t.eq(sorted((p.get("peer-address"), p.get("peer-as")) for p in ans or []),
         [("127.0.0.1", 65002), ("127.0.0.2", 65003)], "peer list: both")
    ans = ctl.ask("peer 127.0.0.2 routes add 10.2.0.0/24 next-hop 1.2.3.5")
    t.eq(ans, {"index": "0101180a020000", "route": "10.2.0.0/24 next-hop 1.2.3.5"}, "peer NEW routes add")
    t.ok("10.2.0.0/24" in announced(b.wait(has("10.2.0.0/24"))), "... the new peer receives it")
    t.eq(a.quiet(), [], "... the first peer does not")

    # announce index / withdraw index: a route of the first peer, to the second
    ans = ctl.ask("peer 127.0.0.2 announce index %s" % index4("10.0.3.0/24"))
    t.eq(ans, {"answer": "done"}, "announce index HEX (the first peer's route, to the new one): done")
    ups = b.wait(has("10.0.3.0/24"))
    t.eq(announced(ups).get("10.0.3.0/24", {}).get(8), bytes.fromhex("fde80001"),
         "... the new peer receives the route the store holds under it, community and all")
    ans = ctl.ask("peer 127.0.0.2 withdraw index %s" % index4("10.0.3.0/24"))
    t.eq(ans, {"answer": "done"}, "withdraw index HEX: done")
    t.eq(withdrawn(b.wait(gone("10.0.3.0/24"))), {"10.0.3.0/24"}, "... the new peer sees the withdraw")
    t.eq(a.quiet(), [], "... the first peer keeps its route")
    ans = ctl.ask("announce index %s" % index4("10.0.77.0/24"))
    t.ok(is_error(ans, "no route has index", index4("10.0.77.0/24")), "announce index of no route: an error naming it",
         repr(ans))

    # group: packed together, or nothing
    ans = ctl.ask("peer 127.0.0.1 group announce route 10.3.0.0/24 next-hop 1.1.1.9 ; "
                  "announce route 10.3.1.0/24 next-hop 1.1.1.9 ; announce route 10.3.2.0/24 next-hop 1.1.1.9")
    t.eq(ans, {"answer": "done"}, "group of three announces: done")
    ups = a.wait(has("10.3.0.0/24", "10.3.1.0/24", "10.3.2.0/24"))
    t.ok(len(ups) == 1 and sorted(ups[0][1]) == ["10.3.0.0/24", "10.3.1.0/24", "10.3.2.0/24"],
         "... the peer receives them packed together, in one UPDATE", repr(ups))
    before = listed(ctl.ask("routes list"))
    rib_before = ctl.ask("rib show out")
    bad_groups = [
        ("group announce route 10.4.0.0/24 next-hop 1.1.1.1 ; announce route 10.4.1.0/33 next-hop 1.1.1.1",
         ("10.4.1.0/33",), "a group with a bad prefix"),
        ("group announce route 10.4.0.0/24 next-hop 1.1.1.1 ; announce ipv6 unicast 2001:db8::/32 next-hop 2001:db8::1",
         ("ipv6 unicast",), "a group with a route no peer can carry"),
        ("group withdraw route 10.3.0.0/24 ; announce route 10.4.0.0/24 next-hop 1.1.1.1 med zero",
         ("zero",), "a group with a bad attribute after a good withdraw"),
    ]
    for cmd, words, name in bad_groups:
        ans = ctl.ask(cmd)
        t.ok(is_error(ans, *words), "%s: an error naming %s" % (name, ", ".join(words)), repr(ans))

    # bad commands
    long_line = "announce route 10.5.0.0/24 next-hop 1.1.1.1 community [ %s ]" % " ".join(["65000:1"] * 40000)
    bad = [
        ("bogus", ("bogus",)),
        ("routes add 10.5.0.0/33 next-hop 1.2.3.4", ("10.5.0.0/33",)),
        ("routes add 10.5.0.0/24 next-hop 1.2.3.4 med abc", ("abc",)),
        ("routes add 10.5.0.0/24 next-hop", ("next-hop",)),
        ("routes remove index 01zz", ("01zz",)),
        ("routes add ipv6 unicast 2001:db8::/32 next-hop 2001:db8::1", ("ipv6 unicast",)),
        ("peer 10.99.0.1 routes add 10.5.0.0/24 next-hop 1.2.3.4", ("no peer matches",)),
        ("neighbor 10.99.0.1 announce route 10.5.0.0/24 next-hop 1.2.3.4", ("no peer matches",)),
        ("peer create 127.0.0.2 local-as 65001 peer-as 65003", ("127.0.0.2", "exists")),
        ("peer create 300.0.0.1 local-as 65001 peer-as 65003", ("300.0.0.1",)),
        ("peer create 127.0.0.5 local-as 65001", ("peer-as",)),
        ("peer delete 10.99.0.1", ("no peer matches",)),
        ("withdraw index", ("index",)),
        (long_line, ("longer than",)),
    ]
    for cmd, words in bad:
        ans = ctl.ask(cmd)
        t.ok(is_error(ans, *words), "%s: an error naming %s" % (cmd[:60], ", ".join(words)), repr(ans)[:300])
    t.eq(a.quiet() + b.quiet(0.1), [], "after the bad groups and commands: nothing sent to the peers")
    t.eq(listed(ctl.ask("routes list")), before, "... routes list unchanged")
    t.eq(ctl.ask("rib show out"), rib_before, "... the peers' Adj-RIB-Out unchanged")
    t.eq(sorted(p.get("peer-address") for p in ctl.ask("peer list") or []), ["127.0.0.1", "127.0.0.2"],
         "... the peers unchanged")

    # peer delete
    ans = ctl.ask("peer delete 127.0.0.2")
    t.eq(ans, {"answer": "done"}, "peer delete: done")
    m = bpeer.expect(NOTIFICATION, 5 * SLOW)
    t.ok(m is not None and m[1][:2] == b"\x06\x03", "... the deleted peer gets Cease / Peer De-configured",
         repr(m and m[1]))
    t.eq([p.get("peer-address") for p in ctl.ask("peer list") or []], ["127.0.0.1"], "... peer list: the first only")
    bpeer.close()
    ctl.close()
    peer.close()
    with open(conf) as f:
        t.eq(f.read(), text, "--no-save: the file is untouched")
    t.ok(not os.path.exists(conf + ".backup"), "--no-save: no backup made")


# ---------------------------------------------------------------------------- 2. persistence

def file_has(path, needle):
    with open(path) as f:
        return needle in f.read()


def test_persistence():
    work = workdir("api-persist")
    conf = os.path.join(work, "persist.conf")
    a_listen = Listener("127.0.0.1")
    b_listen = Listener("127.0.0.2", a_listen.port)
    text = neighbor("127.0.0.1", routes=["10.9.0.0/16 next-hop 192.0.2.1"])
    with open(conf, "w") as f:
        f.write(text)
    env = {"exabgp_tcp_port": str(a_listen.port)}
    srv = Daemon(conf, env=env)
    try:
        expect = persistence_changes(srv, conf, a_listen, b_listen)
        code = srv.stop()
        t.eq(code, 0, "the server exits 0 on SIGTERM")
        if expect is not None:
            srv2 = Daemon(conf, env=env)
            persistence_restart(srv2, conf, expect, a_listen, b_listen)
            t.eq(srv2.stop(), 0, "the restarted server exits 0")
    finally:
        a_listen.close()
        b_listen.close()
        rmtree(work)


N_ADD = 60
N_BULK = 5000


def persistence_changes(srv, conf, a_listen, b_listen):
    peer = a_listen.session(hold=90)
    if not t.ok(peer is not None and srv.wait_socket(), "persistence: the session is up, the control socket open",
                srv.log_text()[-1500:]):
        return None
    a = Wire(peer)
    a.table()
    ctl = Control(srv.sock)

    # N routes add, pipelined: each answer comes when the file already holds its route
    prefixes = ["10.1.%d.0/24" % i for i in range(N_ADD)]
    ctl.send(["routes add %s next-hop 1.2.3.4 med %d" % (p, i) for i, p in enumerate(prefixes)])
    late, answers = [], []
    for i, p in enumerate(prefixes):
        ans = ctl.answer(10 * SLOW)
        answers.append(ans)
        if ans is None:
            break
        if not file_has(conf, "route %s " % p):
            late.append(p)
    t.ok(answers == [{"index": index4(p), "route": "%s next-hop 1.2.3.4 med %d" % (p, i)}
                     for i, p in enumerate(prefixes)], "%d routes add pipelined: each answered with its index" % N_ADD,
         repr([x for x in answers if not isinstance(x, dict) or "error" in x][:3]))
    t.ok(not late, "... and each answer came when the file on disk already held its route", repr(late[:5]))
    ups = a.wait(has(*prefixes), 10)
    t.ok(set(prefixes) <= set(announced(ups)), "... the peer receives them all")

    # many more, pipelined: saves of more than one export chunk (1000 routes), changes
    # arriving while a save is under way (group commit)
    bulk = ["11.%d.%d.0/24" % (i >> 8, i & 255) for i in range(N_BULK)]
    t0 = time.monotonic()
    mark = len(srv.logs)

    def feed():  # in bursts, so that some arrive while a save is being written
        for k in range(0, N_BULK, 250):
            ctl.send(["routes add %s next-hop 1.2.3.6" % p for p in bulk[k:k + 250]])
            time.sleep(0.01)
    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    bad, late = [], []
    for i, p in enumerate(bulk):
        ans = ctl.answer(30 * SLOW)
        if ans != {"index": index4(p), "route": "%s next-hop 1.2.3.6" % p}:
            bad.append((p, ans))
            if ans is None:
                break
        if i % 100 == 99 and not file_has(conf, "route %s " % p):
            late.append(p)
    took = time.monotonic() - t0
    feeder.join(5)
    with srv.lock:
        saves = sum("configuration file(s) saved" in line for _, line in srv.logs[mark:])
    t.ok(not bad, "%d more routes add pipelined: every answer right (%.2f s, %d saves: group commit)" % (
        N_BULK, took, saves), repr(bad[:3]))
    t.ok(not late, "... each (one in 100 checked) answered when the file held it", repr(late[:3]))
    ups = a.wait(has(*bulk), 20)
    t.eq(len(set(bulk) & set(announced(ups))), N_BULK, "... the peer receives them all")
    prefixes += bulk

    # routes remove, SPEC and index
    ans = ctl.ask("routes remove %s" % prefixes[0])
    t.ok(ans == {"removed": True, "index": index4(prefixes[0])} and not file_has(conf, "route %s " % prefixes[0]),
         "routes remove SPEC: answered when the file no longer holds it", repr(ans))
    ans = ctl.ask("routes remove index %s" % index4(prefixes[1]))
    t.ok(ans == {"removed": True, "index": index4(prefixes[1])} and not file_has(conf, "route %s " % prefixes[1]),
         "routes remove index: answered when the file no longer holds it", repr(ans))
    t.eq(withdrawn(a.wait(gone(*prefixes[:2]))), set(prefixes[:2]), "... the peer sees both withdraws")

    # peer create, its route, and a peer created then deleted
    ans = ctl.ask("peer create 127.0.0.2 local-as 65001 peer-as 65003 local-address 127.0.0.1 router-id 10.0.0.1")
    t.ok(ans == {"answer": "done"} and file_has(conf, "neighbor 127.0.0.2"),
         "peer create: answered when the file holds the new neighbour", repr(ans))
    bpeer = b_listen.session(asn=65003, router_id="10.0.0.3", hold=90)
    t.ok(bpeer is not None, "... it is connected to")
    ans = ctl.ask("peer 127.0.0.2 routes add 10.2.0.0/24 next-hop 1.2.3.5")
    t.ok(ans == {"index": index4("10.2.0.0/24"), "route": "10.2.0.0/24 next-hop 1.2.3.5"}
         and file_has(conf, "route 10.2.0.0/24 next-hop 1.2.3.5"), "a route of the new peer is saved too", repr(ans))
    if bpeer:
        b = Wire(bpeer)
        t.ok("10.2.0.0/24" in announced(b.wait(has("10.2.0.0/24"))), "... and the new peer receives it")
    ans = ctl.ask("peer create 127.0.0.3 local-as 65001 peer-as 65004")
    t.ok(ans == {"answer": "done"} and file_has(conf, "neighbor 127.0.0.3"), "peer create of a third peer: saved",
         repr(ans))
    ans = ctl.ask("peer delete 127.0.0.3")
    t.ok(ans == {"answer": "done"} and not file_has(conf, "neighbor 127.0.0.3"),
         "peer delete: answered when the file no longer holds it", repr(ans))

    # the backup: the file as it was before the last save
    backup = conf + ".backup"
    t.ok(os.path.exists(backup) and file_has(backup, "neighbor 127.0.0.3"),
         "NAME.backup exists and holds the text before the last save")

    rl = listed(ctl.ask("routes list"))
    want = {index4("10.9.0.0/16"): "10.9.0.0/16 next-hop 192.0.2.1",
            index4("10.2.0.0/24"): "10.2.0.0/24 next-hop 1.2.3.5"}
    want.update({index4(p): "%s next-hop 1.2.3.4 med %d" % (p, i) for i, p in enumerate(prefixes[:N_ADD]) if i >= 2})
    want.update({index4(p): "%s next-hop 1.2.3.6" % p for p in prefixes[N_ADD:]})
    t.eq(rl, want, "routes list: what was added, less what was removed")

    # a reload of the file the API wrote changes nothing
    mark = len(srv.logs)
    srv.signal(signal.SIGHUP)
    t.ok(srv.wait_log("reload", 5 * SLOW, mark) is not None, "SIGHUP: the saved file is reloaded",
         srv.log_text()[-800:])
    quiet_a = a.quiet(1.0)
    quiet_b = b.quiet(0.2) if bpeer else []
    t.ok(quiet_a == [] and quiet_b == [] and not a.notifications and not (bpeer and b.notifications),
         "... nothing is sent, no session is reset", repr((quiet_a[:3], quiet_b[:3], a.notifications)))
    t.eq(listed(ctl.ask("routes list")), want, "... routes list unchanged")
    ctl.close()
    peer.close()
    if bpeer:
        bpeer.close()
    return want


def persistence_restart(srv, conf, want, a_listen, b_listen):
    peer = a_listen.session(hold=90)
    bpeer = b_listen.session(asn=65003, router_id="10.0.0.3", hold=90)
    t.ok(peer is not None and bpeer is not None and srv.wait_socket(),
         "restarted from the same file: both peers (the created one too) are connected to", srv.log_text()[-1500:])
    if peer is None or bpeer is None:
        return
    ctl = Control(srv.sock)
    t.eq(listed(ctl.ask("routes list")), want, "routes list after the restart: the same routes, the same indexes")
    got_a = Wire(peer).table(20) or {}
    want_a = {r.split()[0] for r in want.values()} - {"10.2.0.0/24"}
    t.eq(set(got_a), want_a, "the first peer receives its %d routes again" % len(want_a))
    t.eq(u32(got_a.get("10.1.7.0/24", {}), 4), 7, "... with their attributes (MED)")
    t.eq(set(Wire(bpeer).table() or {}), {"10.2.0.0/24"}, "the created peer receives its route again")
    t.eq(ctl.ask("peer delete 127.0.0.2"), {"answer": "done"}, "peer delete of the created peer after the restart")
    t.ok(not file_has(conf, "neighbor 127.0.0.2"), "... saved")

    # daemon shutdown through the socket: Cease to the peer, exit 0, the socket removed
    t.eq(ctl.ask("daemon shutdown"), {"status": "shutdown in progress"}, "daemon shutdown: answered")
    m = peer.expect(NOTIFICATION, 5 * SLOW)
    t.ok(m is not None and m[1][:2] == b"\x06\x02", "... the peer gets Cease / Administrative Shutdown")
    try:
        code = srv.proc.wait(10 * SLOW)
    except subprocess.TimeoutExpired:
        code = None
    t.eq(code, 0, "... the server exits 0")
    t.ok(not os.path.exists(srv.sock), "... and removes its socket")
    ctl.close()
    peer.close()
    bpeer.close()


# ---------------------------------------------------------------------------- 3. a slow disk

def strace_works():
    if shutil.which("strace") is None:
        return "strace is not installed (scripts/deps.sh test installs it)"
    r = subprocess.run(["strace", "-f", "-qq", "-o", "/dev/null", "-e", "inject=fsync:delay_exit=1000", "true"],
                       capture_output=True, text=True, timeout=10)
    if r.returncode != 0:
        return "strace cannot trace here: %s" % r.stderr.strip()[:200]
    return None


def test_slow_save():
    why = strace_works()
    if why:
        t.ok(True, "a slow disk # SKIP %s" % why)
        return
    work = workdir("api-slow")
    conf = os.path.join(work, "slow.conf")
    a_listen = Listener("127.0.0.1")
    with open(conf, "w") as f:
        f.write(neighbor("127.0.0.1"))
    delay = 0.4  # per fsync; a save makes four (backup, directory, text, directory)
    # LeakSanitizer cannot stop the world under ptrace: off for this run only
    env = {"exabgp_tcp_port": str(a_listen.port),
           "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0"}
    srv = Daemon(conf, env=env, wrap=("strace", "-f", "-qq", "-o", "/dev/null", "-e",
                                      "inject=fsync,fdatasync:delay_exit=%d" % int(delay * 1e6)))
    try:
        peer = a_listen.session(hold=90, timeout=10 * SLOW)
        if not t.ok(peer is not None and srv.wait_socket(10), "slow disk: session up", srv.log_text()[-1500:]):
            return
        a = Wire(peer)
        a.table()
        one, two = Control(srv.sock), Control(srv.sock)
        t0 = time.monotonic()
        one.send("routes add 10.6.0.0/24 next-hop 1.2.3.4")
        ups = a.wait(has("10.6.0.0/24"), 3)
        on_wire = time.monotonic() - t0
        listed_now = listed(two.ask("routes list", 3))
        other = time.monotonic() - t0
        ans = one.answer(20 * SLOW)
        took = time.monotonic() - t0
        t.eq(ans, {"index": index4("10.6.0.0/24"), "route": "10.6.0.0/24 next-hop 1.2.3.4"}, "slow disk: answered")
        t.ok(took >= 2 * delay and file_has(conf, "route 10.6.0.0/24 "),
             "the answer waited for the save (%.2f s, fsync delayed %.1f s each)" % (took, delay))
        t.ok("10.6.0.0/24" in announced(ups) and on_wire < took,
             "meanwhile the route was on the wire (after %.2f s)" % on_wire)
        t.ok(index4("10.6.0.0/24") in listed_now and other < took,
             "meanwhile another connection's routes list was answered, with it (after %.2f s)" % other)
        one.close()
        two.close()
        peer.close()
    finally:
        a_listen.close()
        t.eq(srv.stop(20), 0, "slow disk: the server exits 0")
        rmtree(work)


# ---------------------------------------------------------------------------- 4. failed saves

def test_failed_save():
    work = workdir("api-fail")
    one = os.path.join(work, "one.conf")
    two = os.path.join(work, "two.conf")
    a_listen = Listener("127.0.0.1")
    b_listen = Listener("127.0.0.2", a_listen.port)
    with open(one, "w") as f:
        f.write(neighbor("127.0.0.1"))
    with open(two, "w") as f:
        f.write(neighbor("127.0.0.2", peer_as=65003))
    env = {"exabgp_tcp_port": str(a_listen.port)}
    srv = Daemon(one, env=env, args=(two,))
    try:
        failed_save(srv, work, one, two, a_listen, b_listen)
    finally:
        a_listen.close()
        b_listen.close()
        t.eq(srv.stop(), 0, "failed saves: the server exits 0")
        rmtree(work)


def failed_save(srv, work, one, two, a_listen, b_listen):
    peer = a_listen.session(hold=90)
    bpeer = b_listen.session(asn=65003, router_id="10.0.0.3", hold=90)
    if not t.ok(peer and bpeer and srv.wait_socket(), "failed saves: a server on two files, both sessions up",
                srv.log_text()[-1500:]):
        return
    a, b = Wire(peer), Wire(bpeer)
    a.table()
    b.table()
    ctl = Control(srv.sock)

    # the backup name taken by a symbolic link: storage refuses to replace it
    victim = os.path.join(work, "victim")
    with open(victim, "w") as f:
        f.write("not to be written\n")
    os.symlink(victim, two + ".backup")
    before = open(two).read()
    ans = ctl.ask("peer 127.0.0.2 routes add 10.7.0.0/24 next-hop 1.2.3.4")
    t.ok(is_error(ans, "symbolic link", two + ".backup"), "a save that fails: an error answer naming the problem",
         repr(ans))
    t.eq(open(two).read(), before, "... the file is intact")
    t.eq(open(victim).read(), "not to be written\n", "... nothing written through the link")
    t.ok(srv.wait_log("saving the configuration failed", 2) is not None, "... and the failure is logged")
    t.ok("10.7.0.0/24" in announced(b.wait(has("10.7.0.0/24"))),
         "... the change stays in effect (the peer has the route), as persist.c says")
    os.unlink(two + ".backup")

    # a change to the other file: the next save writes the failed change too
    ans = ctl.ask("peer 127.0.0.1 routes add 10.8.0.0/24 next-hop 1.2.3.4")
    t.eq(ans, {"index": index4("10.8.0.0/24"), "route": "10.8.0.0/24 next-hop 1.2.3.4"},
         "the next change (to the other file) is saved")
    t.ok(file_has(one, "route 10.8.0.0/24 "), "... its file holds it")
    t.ok(file_has(two, "route 10.7.0.0/24 "), "... and the change whose save failed is written by that save",
         open(two).read())

    # the directory gone (a file in its place) when the save starts: no temporary file can
    # be made; once it is back, a change to the other file writes this one's too
    moved = work + ".moved"
    os.rename(work, moved)
    with open(work, "w") as f:
        f.write("in the way\n")
    ans = ctl.ask("peer 127.0.0.1 routes add 10.8.1.0/24 next-hop 1.2.3.4")
    os.unlink(work)
    os.rename(moved, work)
    t.ok(is_error(ans, "Not a directory"), "a save that cannot start: an error answer naming the problem", repr(ans))
    t.ok(not file_has(one, "route 10.8.1.0/24 "), "... the file is intact")
    ans = ctl.ask("peer 127.0.0.2 routes add 10.7.1.0/24 next-hop 1.2.3.4")
    t.eq(ans, {"index": index4("10.7.1.0/24"), "route": "10.7.1.0/24 next-hop 1.2.3.4"},
         "the next change (to the other file) is saved")
    t.ok(file_has(one, "route 10.8.1.0/24 ") and file_has(two, "route 10.7.1.0/24 "),
         "... and the change whose save could not start is written by that save", open(one).read())

    # a read-only directory (root writes anyway: skipped then)
    if os.geteuid() == 0:
        t.ok(True, "a read-only directory # SKIP root writes into it anyway")
    else:
        before = open(one).read()
        os.chmod(work, 0o555)
        ans = ctl.ask("peer 127.0.0.1 routes add 10.8.2.0/24 next-hop 1.2.3.4")
        os.chmod(work, 0o755)
        t.ok(is_error(ans, "Permission denied") and open(one).read() == before,
             "a read-only directory: an error answer, the file intact", repr(ans))
    ctl.close()
    peer.close()
    bpeer.close()


def test_reload_keeps_api_routes():
    """A reload replaces the file's routes, and only those: what a helper or a client
    announced through the API stays (ExaBGP: the previous configuration's changes are
    replaced by the new one's)."""
    work = workdir("api-reload")
    conf = os.path.join(work, "reload.conf")
    listen = Listener("127.0.0.1")
    with open(conf, "w") as f:
        f.write(neighbor("127.0.0.1", routes=["10.1.0.0/16 next-hop 192.0.2.1", "10.2.0.0/16 next-hop 192.0.2.1"]))
    srv = Daemon(conf, env={"exabgp_tcp_port": str(listen.port)}, args=("--no-save",))
    try:
        peer = listen.session(hold=90)
        if not t.ok(peer is not None and srv.wait_socket(), "reload: the session is up", srv.log_text()[-1500:]):
            return
        a = Wire(peer)
        t.eq(sorted(a.table() or {}), ["10.1.0.0/16", "10.2.0.0/16"], "reload: the file's two routes")
        ctl = Control(srv.sock)
        t.eq(ctl.ask("announce route 10.3.0.0/16 next-hop 192.0.2.3"), {"answer": "done"},
             "reload: a route announced through the API")
        a.wait(has("10.3.0.0/16"))
        t.eq(ctl.ask("peer * routes add 10.5.0.0/16 next-hop 192.0.2.5"),
             {"index": index4("10.5.0.0/16"), "route": "10.5.0.0/16 next-hop 192.0.2.5"},
             "reload: a route added with routes add (--no-save: the API's, not the file's)")
        a.wait(has("10.5.0.0/16"))
        with open(conf + ".new", "w") as f:
            f.write(neighbor("127.0.0.1", routes=["10.2.0.0/16 next-hop 192.0.2.9", "10.4.0.0/16 next-hop 192.0.2.1"]))
        os.replace(conf + ".new", conf)
        mark = len(srv.logs)
        srv.signal(signal.SIGHUP)
        t.ok(srv.wait_log("reloaded", 5 * SLOW, mark) is not None, "reload: SIGHUP reloads", srv.log_text()[-800:])
        ups = a.wait(lambda u: "10.1.0.0/16" in withdrawn(u) and {"10.2.0.0/16", "10.4.0.0/16"} <= set(announced(u)))
        ups += a.quiet(1.0)
        t.eq(sorted(withdrawn(ups)), ["10.1.0.0/16"], "... the route gone from the file is withdrawn, and only it")
        t.eq(sorted(announced(ups)), ["10.2.0.0/16", "10.4.0.0/16"], "... the changed and the new one announced")
        t.eq(nh(announced(ups).get("10.2.0.0/16", {})), "192.0.2.9", "... the changed one with its new next hop")
        ans = ctl.ask("rib show out")
        shown = sorted(r.get("prefix") for r in (ans or {}).get("127.0.0.1", {}).get("routes", [])) \
            if isinstance(ans, dict) else ans
        t.eq(shown, ["10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16", "10.5.0.0/16"],
             "... the API's routes stay in the Adj-RIB-Out")
        ctl.close()
        peer.close()
    finally:
        listen.close()
        t.eq(srv.stop(), 0, "reload: the server exits 0 on SIGTERM")
        rmtree(work)


def main():
    for test in (test_commands, test_reload_keeps_api_routes, test_persistence, test_slow_save, test_failed_save):
        try:
            test()
        except Exception as e:
            import traceback
            t.ok(False, "%s raised %r" % (test.__name__, e), traceback.format_exc())
    check_daemons(t)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
