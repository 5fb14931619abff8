#!/usr/bin/env python3
"""api_stuck.py — a helper process that never reads, against the real `attobgp server`
(issue 6: "a helper that never reads while 100,000 routes arrive: sessions stay up,
keepalives on time"; ExaBGP's users lose whole sessions to this, its issues #1034, #1141,
#1168).

The server runs from a file (--no-save) with one neighbour (hold time 3 s: a KEEPALIVE
every 0.75-1 s) whose api block sends every received UPDATE, parsed, to the helper `stuck`,
and every UPDATE the server sends too. The helper does not read its stdin until the test lets it.
The peer sends 100,000 routes, one UPDATE each (100,000 events), while the test measures,
on the peer's side, the gaps between the server's KEEPALIVEs, and asks the control socket
for things (with `routes add` among them, whose UPDATEs are `send` events for the helper)
and times the answers. With attobgp.api.queue at 1 MiB the helper's queue overflows:
  - the session stays Established (no NOTIFICATION, no "session down"), every UPDATE was
    received by the server (its counters), every route it was asked to add reached the peer;
  - no KEEPALIVE gap is longer than the timer allows (1 s, plus slack);
  - the control socket answers all along (each answer well under a second);
  - the overflow is visible: a warning is logged when the helper starts losing events,
    `system queue-status` counts the dropped events and keeps the queue under its bound;
  - once the helper reads again, it gets the events queued before the loss, then an
    "overflow" notification with the number dropped (the same count), and the server logs
    that it told it.
Prints TAP. Loopback only, every wait bounded; the whole under 30 s (more under ASan).
"""
import json
import os
import shutil
import socket
import struct
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from bgp_peer import KEEPALIVE, NOTIFICATION, UPDATE, Tap, attr, keepalive, message  # noqa: E402
from live_server import Control, Daemon, Listener, check_daemons  # noqa: E402

t = Tap()
ROUTES = 100_000
QUEUE = 1 << 20
HOLD = 3
ASAN = "asan" in os.environ.get("ATTOBGP_BUILD", "")
# the KEEPALIVE timer is 75-100 % of hold/3 (RFC 4271 10 jitter): 1 s at most; the slack is
# for a loaded machine (and a sanitizer build), far below the hold time that would end it
GAP_MAX = 1.0 + (1.0 if ASAN else 0.6)
ANSWER_MAX = 2.0 if ASAN else 1.0
WINDOW = 6.0  # seconds of commands and keepalives measured from the start of the flood

HELPER = r'''import os, sys, time
go, out = sys.argv[1], sys.argv[2]
deadline = time.monotonic() + 120
while not os.path.exists(go) and time.monotonic() < deadline:
    time.sleep(0.02)
with open(out, "wb") as f:
    while True:
        data = os.read(0, 1 << 16)
        if not data:
            break
        f.write(data)
        f.flush()
'''

CONFIG = """process stuck {
	run %(python)s %(helper)s %(go)s %(out)s;
	encoder json;
}
neighbor 127.0.0.1 {
	router-id 10.0.0.1;
	local-address 127.0.0.1;
	local-as 65001;
	peer-as 65002;
	hold-time %(hold)d;
	family { ipv4 unicast; }
	api {
		processes [ stuck ];
		neighbor-changes;
		receive { parsed; update; }
		send { parsed; update; }
	}
}
"""


def route_update(i):
    """UPDATE for 10.x.y.0/24 (i-th), its own MED so that nothing packs them together."""
    a = attr(0x40, 1, b"\x00") + attr(0x40, 2, b"\x02\x01" + struct.pack("!I", 65002))
    a += attr(0x40, 3, socket.inet_aton("192.0.2.2")) + attr(0x80, 4, struct.pack("!I", i))
    nlri = bytes([24, 10 + (i >> 16), (i >> 8) & 255, i & 255])
    return message(UPDATE, b"\0\0" + struct.pack("!H", len(a)) + a + nlri)


class Reader(threading.Thread):
    """Everything the server sends the peer, with arrival times."""

    def __init__(self, peer):
        super().__init__(daemon=True)
        self.peer = peer
        self.stop = False
        self.keepalives = []
        self.updates = []
        self.notifications = []
        self.closed = False

    def run(self):
        while not self.stop:
            m = self.peer.recv(0.2)
            if m is None:
                if self.peer.sock is None:
                    break
                try:
                    self.peer.sock.getpeername()
                except OSError:
                    self.closed = True
                    break
                continue
            if m[0] == KEEPALIVE:
                self.keepalives.append(m[3])
            elif m[0] == UPDATE:
                self.updates.append(m[1])
            elif m[0] == NOTIFICATION:
                self.notifications.append(m[1])


def prefixes_of(body):
    wl = struct.unpack("!H", body[:2])[0]
    al = struct.unpack("!H", body[2 + wl:4 + wl])[0]
    nlri = body[4 + wl + al:]
    out = []
    while nlri:
        n = (nlri[0] + 7) // 8
        out.append("%s/%d" % (socket.inet_ntoa(nlri[1:1 + n] + b"\0" * (4 - n)), nlri[0]))
        nlri = nlri[1 + n:]
    return out


def main():
    work = tempfile.mkdtemp(prefix="attobgp-stuck-")
    helper = os.path.join(work, "stuck.py")
    with open(helper, "w") as f:
        f.write(HELPER)
    go, out = os.path.join(work, "go"), os.path.join(work, "helper.out")
    conf = os.path.join(work, "stuck.conf")
    listener = Listener()
    with open(conf, "w") as f:
        f.write(CONFIG % {"python": sys.executable, "helper": helper, "go": go, "out": out, "hold": HOLD})
    # --no-save: the answers' times are the loop's, not the disk's (api_daemon.py saves)
    srv = Daemon(conf, env={"exabgp_tcp_port": str(listener.port), "attobgp_api_queue": str(QUEUE)},
                 args=("--no-save",))
    try:
        run(srv, listener, go, out)
    finally:
        open(go, "w").close()  # a helper left waiting would outlive the test
        listener.close()
    check_daemons(t)
    shutil.rmtree(work, ignore_errors=True)
    return t.done()


def run(srv, listener, go, out):
    peer = listener.session(hold=HOLD)
    if not t.ok(peer is not None, "the session establishes (hold time %d s)" % HOLD, srv.log_text()[-1500:]):
        return
    if not t.ok(srv.wait_log("process stuck started", 5) is not None and srv.wait_socket(),
                "the helper is started, the control socket is open", srv.log_text()[-1500:]):
        return
    reader = Reader(peer)
    reader.start()
    ctl = Control(srv.sock)

    # the flood: 100,000 UPDATEs from the peer, KEEPALIVEs of ours between them
    payload = [route_update(i) for i in range(ROUTES)]
    sender_error = []

    lock = threading.Lock()
    sent_at = []
    done = threading.Event()

    def send_all():
        try:
            for k in range(0, ROUTES, 500):
                with lock:
                    peer.send(b"".join(payload[k:k + 500]))
        except (OSError, AttributeError) as e:
            sender_error.append(e)
        sent_at.append(time.monotonic())

    def keep_alive():  # ours, every 0.5 s, from the establishment to the end
        while not done.wait(0.5):
            try:
                with lock:
                    if done.is_set():
                        return
                    peer.send(keepalive())
            except (OSError, AttributeError):  # closed under it (a failed run)
                return

    started = time.monotonic()
    sender = threading.Thread(target=send_all, daemon=True)
    sender.start()
    ours = threading.Thread(target=keep_alive, daemon=True)
    ours.start()
    try:
        flood(srv, ctl, peer, reader, sender, started, sent_at, sender_error, go, out)
    finally:
        done.set()
        reader.stop = True
        reader.join(2)
        ours.join(2)
        ctl.close()
        peer.close()


def flood(srv, ctl, peer, reader, sender, started, sent_at, sender_error, go, out):

    # meanwhile: commands on the control socket, timed, routes added among them
    timings, failed, added = [], [], []
    dropping_logged = None
    k = 0
    while sender.is_alive() or time.monotonic() - started < WINDOW:
        k += 1
        if k % 3 == 0:
            cmd = "peer * routes add 172.16.%d.0/24 next-hop 192.0.2.1" % k
        else:
            cmd = ("peer list", "system queue-status")[k % 3 - 1]
        t0 = time.monotonic()
        a = ctl.ask(cmd, timeout=10)
        took = time.monotonic() - t0
        if a is None or "error" in (a if isinstance(a, dict) else {}):
            failed.append((cmd, a))
            if a is None:
                break  # not answering at all: the rest would only wait
        elif cmd.startswith("peer * routes add"):
            added.append("172.16.%d.0/24" % k)
        timings.append((cmd, took))
        if dropping_logged is None:
            i = srv.wait_log("process stuck is not reading", 0)
            dropping_logged = i
        time.sleep(0.1)
        if time.monotonic() - started > 40:
            break
    sender.join(30 if not failed else 0)
    took = sent_at[0] - started if sent_at else None
    if not t.ok(not sender_error and took is not None, "the peer sent %d UPDATEs (in %.2f s)" % (ROUTES, took or -1),
                "%r\n%s" % (sender_error, srv.log_text()[-1500:])):
        return  # the server stopped reading: the rest would only wait

    # every UPDATE reached the server: its counters
    deadline = time.monotonic() + (60 if ASAN else 20)
    received = None
    while time.monotonic() < deadline:
        a = ctl.ask("peer 127.0.0.1 show extensive", timeout=10)
        try:
            entry = a[0] if isinstance(a, list) else a
            received = entry["messages"]["received"]["update"]
        except (AttributeError, IndexError, KeyError, TypeError):
            received = None
        if received is not None and received >= ROUTES:
            break
        time.sleep(0.2)
    t.eq(received, ROUTES, "the server received every UPDATE (its counters)")
    # two more seconds of keepalives after the flood
    time.sleep(2)
    reader.stop = True
    reader.join(2)

    t.ok(not reader.notifications and not reader.closed and srv.wait_log("session down", 0) is None,
         "the session stayed up: no NOTIFICATION, no close, no 'session down'",
         "%r closed=%r\n%s" % (reader.notifications[:2], reader.closed, srv.log_text()[-1500:]))
    a = ctl.ask("peer list")
    t.ok(isinstance(a, list) and a and a[0].get("state") == "ESTABLISHED", "peer list: ESTABLISHED", repr(a))
    ka = reader.keepalives
    gaps = [b - a for a, b in zip(ka, ka[1:])]
    span = time.monotonic() - started
    t.ok(len(ka) >= int(span / 1.0) - 1 and gaps and max(gaps) <= GAP_MAX,
         "keepalives on time: %d in %.1f s, the longest gap %.2f s (at most %.1f)" % (
             len(ka), span, max(gaps) if gaps else -1, GAP_MAX), "gaps %r" % [round(g, 2) for g in gaps])
    t.ok(not failed, "every command on the control socket was answered without error (%d)" % k, repr(failed[:5]))
    longest = max(x[1] for x in timings) if timings else -1
    t.ok(0 <= longest <= ANSWER_MAX,
         "and promptly: the slowest answer took %.3f s (at most %.2f)" % (longest, ANSWER_MAX),
         repr([(c, round(x, 3)) for c, x in timings if x > ANSWER_MAX][:10]))
    got = {p for body in reader.updates for p in prefixes_of(body)}
    t.ok(added and set(added) <= got, "the %d routes added meanwhile reached the peer" % len(added),
         repr(sorted(set(added) - got)[:5]))

    # the overflow, visible
    t.ok(dropping_logged is not None or srv.wait_log("process stuck is not reading", 1) is not None,
         "the server logs that the helper is not reading and loses events", srv.log_text()[-1500:])
    q = ctl.ask("system queue-status")
    stuck = (q or {}).get("stuck", {}) if isinstance(q, dict) else {}
    dropped = stuck.get("dropped", 0)
    t.ok(dropped > 0 and stuck.get("bytes", QUEUE + 1) <= QUEUE,
         "system queue-status: %s events dropped, %s octets waiting (bound %d)" % (dropped, stuck.get("bytes"), QUEUE),
         repr(q))

    # the helper reads again: what it was sent before the loss, then how much it lost
    mark = len(srv.logs)
    open(go, "w").close()
    ctl.ask("system version")  # a turn of the loop with something to write
    told = srv.wait_log("process stuck caught up", 20, mark)
    t.ok(told is not None, "the server logs that the helper caught up and is told", srv.log_text()[-800:])
    notice = None
    lines = []
    deadline = time.monotonic() + 10
    while notice is None and time.monotonic() < deadline:
        try:
            with open(out) as f:
                lines = f.read().splitlines()
        except OSError:
            lines = []
        for line in lines:
            if '"overflow"' in line:
                try:
                    notice = json.loads(line)
                except ValueError:
                    notice = {"unparsed": line}
        time.sleep(0.1)
    t.ok(notice is not None and notice.get("type") == "notification" and notice.get("notification") == "overflow",
         "the helper reads an overflow notification", repr(lines[-3:]))
    t.eq(notice and notice.get("dropped"), dropped, "... with the number of events it lost")
    before = lines[:lines.index(next(x for x in lines if '"overflow"' in x))] if notice else []
    updates = 0
    for line in before:
        try:
            e = json.loads(line)
        except ValueError:
            continue
        updates += e.get("type") == "update"
    t.ok(updates > 0, "... after the %d update events it was queued before the loss" % updates)


if __name__ == "__main__":
    sys.exit(main())
