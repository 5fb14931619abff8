#!/usr/bin/env python3
"""server_faults.py — `attobgp server` when peers misbehave, through the configuration
(the engine's own fault tests drive tests/tools/bgp_speaker): a peer that goes silent (hold
timer on time, NOTIFICATION 4/0, reconnect after the back-off), a peer that resets every
attempt (the back-off grows), simultaneous open (RFC 4271 6.8 by BGP Identifier), a peer
that stops reading (its queue stays bounded, another neighbour gets its whole table), and
max-prefix (`prefix-limit`: Cease 6/1 with AFI, SAFI and the limit). Loopback, bounded."""
import os
import re
import signal
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from bgp_peer import (KEEPALIVE, NOTIFICATION, OPEN, UPDATE, Peer, Tap, keepalive, open_message,  # noqa: E402
                      simple_update, standard_caps)
from server_peer import Server, check_servers, collect  # noqa: E402

t = Tap()


def neighbor(addr, routes=(), hold=9, extra="", local="127.0.0.1", family="ipv4 unicast"):
    return """neighbor %s {
	router-id 10.0.0.1;
	local-address %s;
	local-as 65001;
	peer-as 65002;
	hold-time %d;
	family { %s; }
%s	static {
%s	}
}
""" % (addr, local, hold, family, extra, "".join("\t\troute %s;\n" % r for r in routes))


def test_silent_peer():
    lst = Peer()
    port = lst.listen("127.0.0.1", 0)
    srv = Server(neighbor("127.0.0.1", ["10.1.0.0/16 next-hop 192.0.2.1"], hold=3),
                 env={"exabgp_tcp_port": str(port)})
    p = lst.accept(5)
    o = p.establish(65002, "10.0.0.2", hold=3) if p else None
    t0 = time.monotonic()  # the last message the server had from us
    if not t.ok(o is not None, "silent peer: established with hold time 3", srv.log_text()):
        return
    m = p.expect(NOTIFICATION, 6, skip=(KEEPALIVE, UPDATE))
    took = m[3] - t0 if m else None
    t.ok(m is not None and m[1][:2] == b"\x04\x00", "the peer goes silent: NOTIFICATION 4/0 (hold timer expired)")
    t.ok(took is not None and 2.9 <= took <= 3.9, "on time: %.2f s after the peer's last message" % (took or -1))
    t.ok(srv.wait_log("session down", 2) is not None, "the server logs the session down")
    p.close()
    q = lst.accept(4)
    gap = time.monotonic() - m[3] if (q and m) else None
    t.ok(q is not None and gap is not None and 0.6 <= gap <= 1.5,
         "it reconnects after the back-off (%.2f s; 0.75..1 s expected)" % (gap or -1))
    if q:
        q.close()
    lst.close()
    t.eq(srv.stop(), 0, "exit 0")


def test_resetting_peer():
    lst = Peer()
    port = lst.listen("127.0.0.1", 0)
    srv = Server(neighbor("127.0.0.1", ["10.1.0.0/16 next-hop 192.0.2.1"]), env={"exabgp_tcp_port": str(port)})
    accepts = []
    for _ in range(3):
        p = lst.accept(5)
        if p is None:
            break
        accepts.append(time.monotonic())
        p.close()  # before any OPEN
    gaps = [b - a for a, b in zip(accepts, accepts[1:])]
    t.eq(len(gaps), 2, "a peer closing every connection: the server keeps trying")
    t.ok(len(gaps) == 2 and 0.7 <= gaps[0] <= 1.3 and 1.45 <= gaps[1] <= 2.3,
         "the back-off grows: about 1 s, then 2 s (jittered 75..100 %)", ["%.2f" % g for g in gaps])
    lst.close()
    t.eq(srv.stop(), 0, "exit 0")


def test_simultaneous_open():
    """We connect to the server while it connects to us; both OPENs cross. Our router id is
    higher: the connection we opened survives, the server's gets Cease 6/7."""
    lst = Peer()
    port = lst.listen("127.0.0.2", 0)
    srv = Server(neighbor("127.0.0.2", ["10.1.0.0/16 next-hop 192.0.2.1"]),
                 env={"exabgp_tcp_port": str(port), "exabgp_tcp_bind": "127.0.0.1"})
    if not t.ok(srv.wait_log("listening on 127.0.0.1", 5) is not None, "the server listens (exabgp.tcp.bind)"):
        return
    from_server = lst.accept(5)
    to_server = Peer().connect("127.0.0.1", port, source="127.0.0.2")
    conns = {"server's": from_server, "ours": to_server}
    for c in conns.values():
        c.expect(OPEN, 3)
    for c in conns.values():
        c.send(open_message(65002, 9, "200.0.0.1", standard_caps(65002)))
    time.sleep(0.3)
    for c in conns.values():
        c.send(keepalive())
    outcome = {}
    for name, c in conns.items():
        m = c.expect(NOTIFICATION, 1.5, skip=(KEEPALIVE, UPDATE))
        outcome[name] = m[1][:2].hex() if m else "kept"
    t.eq(outcome, {"ours": "kept", "server's": "0607"},
         "simultaneous open: the connection opened by the higher router id survives, the other gets Cease 6/7")
    for c in conns.values():
        c.close()
    lst.close()
    t.eq(srv.stop(), 0, "exit 0")


def rss_mib(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def test_stalled_reader():
    """Two neighbours with the same 100,000 routes, sent one per UPDATE: A stops reading, B
    gets everything; A's queue stays bounded (the server does not buffer A's table)."""
    n = 100000
    routes = ["%d.%d.%d.0/24 next-hop 192.0.2.1" % (20 + (i >> 16), (i >> 8) & 255, i & 255) for i in range(n)]
    la, lb = Peer(), Peer()
    port = la.listen("127.0.0.3", 0, rcvbuf=4096)
    lb.listen("127.0.0.4", port)
    conf = neighbor("127.0.0.3", routes, extra="\tgroup-updates false;\n") + \
        neighbor("127.0.0.4", routes, extra="\tgroup-updates false;\n")
    srv = Server(conf, env={"exabgp_tcp_port": str(port)})
    a = la.accept(5)
    b = lb.accept(5)
    ok_a = a and a.establish(65002, "10.0.0.3") is not None
    ok_b = b and b.establish(65002, "10.0.0.4") is not None
    if not t.ok(ok_a and ok_b, "both sessions establish", srv.log_text()[-1000:]):
        return
    # A reads nothing more from now on; B reads its whole table
    start = time.monotonic()
    count, eor = 0, False
    while time.monotonic() - start < 30:
        m = b.expect(UPDATE, 5)
        if m is None:
            break
        if m[1] == b"\0\0\0\0":
            eor = True
            break
        count += 1
    took = time.monotonic() - start
    t.ok(eor and count == n, "B receives its %d routes and End-of-RIB while A reads nothing (%.2f s)" % (count, took))
    rss = rss_mib(srv.proc.pid)
    t.ok(rss < 80, "the server's memory stays bounded while A's table waits (%.1f MiB resident)" % rss)
    b.send(keepalive())
    t.ok(b.expect(NOTIFICATION, 0.5) is None, "B's session stays up")
    a.close()
    b.close()
    la.close()
    lb.close()
    t.eq(srv.stop(), 0, "exit 0")


def test_max_prefix():
    lst = Peer()
    port = lst.listen("127.0.0.1", 0)
    srv = Server(neighbor("127.0.0.1", [], family="ipv4 unicast prefix-limit 5"), env={"exabgp_tcp_port": str(port)})
    p = lst.accept(5)
    if not t.ok(p is not None and p.establish(65002, "10.0.0.2") is not None, "max-prefix: established"):
        return
    collect(p)
    p.send(simple_update(["198.51.100.%d/32" % i for i in range(5)], as_path=(65002,)))
    t.ok(p.expect(NOTIFICATION, 0.5) is None, "5 prefixes: within the limit")
    p.send(simple_update(["198.51.100.9/32"], as_path=(65002,)))
    m = p.expect(NOTIFICATION, 3, skip=(KEEPALIVE, UPDATE))
    t.eq(m and m[1].hex(), "0601" + "0001" "01" "00000005",
         "the 6th: Cease / Maximum Number of Prefixes Reached, AFI 1 SAFI 1 limit 5 (RFC 4486)")
    t.ok(srv.wait_log("maximum of 5 prefixes", 2) is not None, "logged with the reason")
    p.close()
    q = lst.accept(4)
    t.ok(q is not None, "the server reconnects afterwards")
    if q:
        q.close()
    lst.close()
    t.eq(srv.stop(), 0, "exit 0")


def main():
    for test in (test_silent_peer, test_resetting_peer, test_simultaneous_open, test_stalled_reader, test_max_prefix):
        try:
            test()
        except Exception as e:
            import traceback
            t.ok(False, "%s raised %r" % (test.__name__, e), traceback.format_exc())
    check_servers(t)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
