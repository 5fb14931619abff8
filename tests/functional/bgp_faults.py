#!/usr/bin/env python3
"""bgp_faults.py — the session engine when peers misbehave: a peer that goes silent (hold
timer, NOTIFICATION 4/0, reconnect with back-off), a peer that resets every attempt (back-off
grows, bounded, reset after a stable session), simultaneous open (collision resolved by BGP
Identifier, RFC 4271 6.8), and a peer that stops reading (bounded queue, send hold timer,
another session on the same loop keeps its keepalives on time). Loopback only, bounded."""
import json
import signal
import sys
import threading
import time

from bgp_peer import (check_drivers, KEEPALIVE, NOTIFICATION, OPEN, UPDATE, Driver, Peer, Tap, free_port, is_state, is_type,
                      keepalive, open_message, standard_caps)

t = Tap()


def active(port, *extra, hold=9, peer="127.0.0.1", retry=("100", "800")):
    return ["--peer", peer, "--local", "127.0.0.2", "--peer-port", str(port), "--local-as", "65002", "--peer-as",
            "65001", "--router-id", "127.0.0.2", "--hold", str(hold), "--retry-min", retry[0], "--retry-max",
            retry[1], *extra]


def test_silent_peer():
    lst = Peer()
    port = lst.listen("127.0.0.1")
    d = Driver(active(port, hold=3, retry=("500", "4000")))
    p = lst.accept(5)
    o = p.establish(65001, "127.0.0.1", hold=3) if p else None
    t0 = time.monotonic()  # the last message the driver had from us
    if not t.ok(o is not None, "silent peer: established with hold time 3"):
        d.stop()
        return
    m = p.expect(NOTIFICATION, 6, skip=(KEEPALIVE, UPDATE))
    took = m[3] - t0 if m else None
    t.ok(m is not None and m[1][:2] == b"\x04\x00", "the peer goes silent: NOTIFICATION 4/0", m and m[1].hex())
    t.ok(took is not None and 2.9 <= took <= 3.8, "hold timer expired on time (%.2f s after the last message)" %
         (took or -1))
    ev = d.wait(is_state("down"), 2)
    t.ok(ev is not None and "hold timer expired" in ev[2]["neighbor"]["reason"].lower(), "down: hold timer expired",
         ev and ev[2]["neighbor"]["reason"])
    p.close()
    q = lst.accept(3)
    gap = time.monotonic() - m[3] if (q and m) else None
    t.ok(q is not None and gap is not None and 0.3 <= gap <= 1.2,
         "it reconnects after the back-off (%.2f s, 0.375..0.5 expected)" % (gap or -1))
    if q:
        q.close()
    lst.close()
    d.stop()


def test_resetting_peer():
    lst = Peer()
    port = lst.listen("127.0.0.1")
    d = Driver(active(port, retry=("100", "800")))
    accepts = []
    for _ in range(7):
        p = lst.accept(3)
        if p is None:
            break
        accepts.append(time.monotonic())
        p.close()  # reset before any OPEN
    gaps = [b - a for a, b in zip(accepts, accepts[1:])]
    nominal = [0.1, 0.2, 0.4, 0.8, 0.8, 0.8]
    t.eq(len(gaps), 6, "a peer closing every connection: the driver keeps trying")
    within = all(0.75 * n - 0.02 <= g <= n + 0.25 for g, n in zip(gaps, nominal))
    t.ok(within, "back-off doubles from 100 ms, jittered 75..100 %", ["%.3f" % g for g in gaps])
    t.ok(gaps and max(gaps) <= 1.05, "and is bounded by the maximum (800 ms)")
    # a stable session (longer than the back-off) resets it
    p = lst.accept(3)
    o = p.establish(65001, "127.0.0.1") if p else None
    t.ok(o is not None, "the peer finally lets a session establish")
    time.sleep(1.2)
    p.send(keepalive())
    closed_at = time.monotonic()
    p.close()
    q = lst.accept(3)
    gap = time.monotonic() - closed_at if q else None
    t.ok(q is not None and gap < 0.25, "after a stable session the back-off starts over (%.3f s)" % (gap or -1))
    if q:
        q.close()
    lst.close()
    d.stop()


def collision(peer_id, expect_kept):
    """The driver (router id 127.0.0.2) connects to us while we connect to it; both OPENs cross."""
    lst = Peer()
    port = lst.listen("127.0.0.1")
    d = Driver(["--listen", "127.0.0.2:0"] + active(port, retry=("5000", "5000")))
    dport = d.listen_port()
    ours_to_it = lst.accept(3)  # the driver's connection
    theirs = Peer().connect("127.0.0.2", dport, source="127.0.0.1")  # ours
    conns = {"driver": ours_to_it, "peer": theirs}
    for c in conns.values():
        c.expect(OPEN, 3)
    for c in conns.values():
        c.send(open_message(65001, 9, peer_id, standard_caps(65001)))
    time.sleep(0.3)  # both OPENs are in: the collision is resolved now, before any KEEPALIVE
    for c in conns.values():
        c.send(keepalive())
    outcome = {}
    for name, c in conns.items():
        m = c.expect(NOTIFICATION, 1.5, skip=(KEEPALIVE, UPDATE))
        outcome[name] = m[1][:2].hex() if m else "kept"
    lost = "peer" if expect_kept == "driver" else "driver"
    t.eq(outcome, {expect_kept: "kept", lost: "0607"},
         "router ids %s vs 127.0.0.2: the connection opened by the %s survives, the other gets Cease 7" %
         (peer_id, expect_kept))
    ups = d.all(is_state("up"))
    t.ok(len(ups) == 1 and d.wait(is_state("down"), 0.3, start=0) is not None,
         "one session up, the loser reported down")
    for c in conns.values():
        c.close()
    lst.close()
    d.stop()


def test_simultaneous_open():
    collision("10.0.0.1", "driver")     # ours (127.0.0.2) is higher: the driver's connection stays
    collision("200.0.0.1", "peer")      # the peer's is higher: its connection stays


def test_two_drivers():
    """two speakers that both listen and both connect, started together"""
    p1, p2 = free_port(), free_port()
    a = Driver(["--listen", "127.0.0.2:%d" % p1, "--peer", "127.0.0.1", "--local", "127.0.0.2", "--peer-port",
                str(p2), "--local-as", "65002", "--peer-as", "65001", "--router-id", "127.0.0.2", "--retry-min",
                "200", "--retry-max", "400"])
    b = Driver(["--listen", "127.0.0.1:%d" % p2, "--peer", "127.0.0.2", "--local", "127.0.0.1", "--peer-port",
                str(p1), "--local-as", "65001", "--peer-as", "65002", "--router-id", "127.0.0.1", "--retry-min",
                "200", "--retry-max", "400"])
    ok_a = a.wait(is_state("up"), 5)
    ok_b = b.wait(is_state("up"), 5)
    time.sleep(1.0)
    last = lambda d: [e["neighbor"]["state"] for _, e in d.all(is_type("fsm"))][-1:]
    t.ok(ok_a and ok_b and last(a) == ["ESTABLISHED"] and last(b) == ["ESTABLISHED"],
         "two speakers opening at once end with one established session", (last(a), last(b)))
    a.stop()
    b.stop()


def test_stalled_reader():
    la, lb = Peer(), Peer()
    pa = la.listen("127.0.0.1", rcvbuf=4096)
    pb = lb.listen("127.0.0.3")
    d = Driver(active(pa, "--generate", "200000", "203.0.113.2", "--no-group-updates", "--queue-high", "65536",
                      "--queue-low", "16384", "--queue-max", "262144", "--send-hold", "4") +
               ["--peer", "127.0.0.3", "--local", "127.0.0.2", "--peer-port", str(pb), "--local-as", "65002",
                "--peer-as", "65001", "--router-id", "127.0.0.2", "--hold", "3"])
    a = la.accept(5)
    b = lb.accept(5)
    if not t.ok(a is not None and b is not None, "stalled reader: both peers connected"):
        d.stop()
        return
    a.establish(65001, "127.0.0.1")
    b.establish(65001, "127.0.0.3", hold=3)
    # a stops reading now; b reads and answers
    kas, start = [], time.monotonic()
    last_sent = start
    stats_asked = False
    while time.monotonic() - start < 5.5:
        if time.monotonic() - last_sent > 0.8:
            b.send(keepalive())
            last_sent = time.monotonic()
        if not stats_asked and time.monotonic() - start > 2.0:
            d.signal(signal.SIGUSR1)
            stats_asked = True
        m = b.recv(0.1)
        if m and m[0] == KEEPALIVE:
            kas.append(m[3])
    gaps = [y - x for x, y in zip(kas, kas[1:])]
    t.ok(len(kas) >= 4 and all(g <= 1.25 for g in gaps),
         "the other session's keepalives stay on time (%d, max gap %.2f s)" % (len(kas), max(gaps or [0])))
    st = d.wait(lambda e: e.get("type") == "stats" and e.get("peer") == "127.0.0.1", 2)
    q = st[2]["queued"] if st else None
    t.ok(q is not None and q <= 262144 + 65536, "the stalled session's queue is bounded (%s bytes queued)" % q)
    t.ok(st is not None and st[2]["max_rss_kb"] < 200 * 1024, "memory stays small (%s kB)" %
         (st and st[2]["max_rss_kb"]))
    ev = d.wait(lambda e: e.get("type") == "state" and e["neighbor"]["state"] == "down" and
                e["neighbor"]["address"]["peer"] == "127.0.0.1", 3)
    t.ok(ev is not None and "send hold timer expired" in ev[2]["neighbor"]["reason"].lower(),
         "the send hold timer drops the stalled session (RFC 9687)", ev and ev[2]["neighbor"]["reason"])
    downs_b = [e for _, e in d.all(is_state("down")) if e["neighbor"]["address"]["peer"] == "127.0.0.3"]
    t.eq(downs_b, [], "the other session stayed up")
    for c in (a, b, la, lb):
        c.close()
    d.stop()


def main():
    for test in (test_silent_peer, test_resetting_peer, test_simultaneous_open, test_two_drivers,
                 test_stalled_reader):
        try:
            test()
        except Exception as e:
            import traceback
            t.ok(False, "%s raised %r" % (test.__name__, e), traceback.format_exc())
    check_drivers(t)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
