#!/usr/bin/env python3
"""bgp_session.py — the session engine against a scripted peer: OPEN, negotiation, routes
byte-identical to `attobgp encode`, End-of-RIB, keepalives on time, errors and their
NOTIFICATIONs, RFC 7606 treat-as-withdraw, max-prefix, route refresh, RFC 5492 fallback,
passive acceptance, TCP MD5, manual End-of-RIB, shutdown. Loopback only, bounded waits."""
import signal
import socket
import struct
import sys
import time

from bgp_peer import (check_drivers, KEEPALIVE, NOTIFICATION, OPEN, ROUTE_REFRESH, UPDATE, Driver, Peer, Tap, attr, cap, cap_asn4,
                      cap_mp, encode, free_port, is_state, is_type, keepalive, message, notification, open_message,
                      parse_open, prefix4, route_refresh, simple_update, standard_caps, update)

t = Tap()
V4, V6 = (1, 1), (2, 1)


def active(port, *extra, local_as=65002, peer_as=65001, hold=9):
    """driver flags: one session from 127.0.0.2 (AS local_as) to our peer on 127.0.0.1:port"""
    return ["--peer", "127.0.0.1", "--local", "127.0.0.2", "--peer-port", str(port), "--local-as", str(local_as),
            "--peer-as", str(peer_as), "--router-id", "127.0.0.2", "--hold", str(hold), "--retry-min", "100",
            "--retry-max", "400", *extra]


def session(extra, caps=None, hold=9, families=(V4,)):
    """start a driver towards a listening peer, accept, answer its OPEN: (driver, peer, its OPEN)"""
    lst = Peer()
    port = lst.listen("127.0.0.1")
    d = Driver(active(port, *extra, hold=hold))
    p = lst.accept(5)
    lst.close()
    if p is None:
        return d, None, None
    o = p.establish(65001, "127.0.0.1", hold=hold,
                    caps=caps if caps is not None else standard_caps(65001, families=families))
    return d, p, o


def updates_until_eor(p, eors, timeout=5.0):
    """UPDATEs (whole messages) until `eors` End-of-RIB markers arrived; (updates, eors seen)"""
    got, seen = [], []
    deadline = time.monotonic() + timeout
    while len(seen) < eors and time.monotonic() < deadline:
        m = p.expect(UPDATE, deadline - time.monotonic())
        if m is None:
            break
        if is_eor(m[1]):
            seen.append(m[2])
        else:
            got.append(m[2])
    return got, seen


def is_eor(body):
    """RFC 4724 2: IPv4 unicast's empty UPDATE, or an MP_UNREACH_NLRI with only AFI/SAFI"""
    return body == b"\x00\x00\x00\x00" or (len(body) == 11 and body[:4] == b"\x00\x00\x00\x07" and body[5] == 15)


# ---------------------------------------------------------------------------- establishment

def test_establish_and_routes():
    routes4 = ["route 10.0.0.0/24 next-hop 203.0.113.2", "route 10.0.1.0/24 next-hop 203.0.113.2 med 5"]
    routes6 = ["route 2001:db8:1::/48 next-hop 2001:db8:ffff::2"]
    extra = ["--family", "ipv4 unicast", "--family", "ipv6 unicast", "--no-group-updates"]
    for r in routes4 + routes6:
        extra += ["--route", r]
    d, p, o = session(extra, families=(V4, V6))
    if not t.ok(p is not None and o is not None, "the driver connects and sends its OPEN"):
        t.diag(d.stderr)
        d.stop()
        return
    op = parse_open(o)
    t.eq((op["version"], op["asn"], op["hold"], op["router_id"]), (4, 65002, 9, "127.0.0.2"),
         "OPEN: version, AS, hold time, router id")
    codes = [c for c, _ in op["caps"]]
    t.ok(codes[:2] == [1, 1] and 65 in codes, "OPEN: multiprotocol for both families, then asn4", codes)
    t.ok(d.wait(is_state("up"), 3) is not None, "the driver reports the session up")
    neg = d.wait(is_type("negotiated"), 1)
    t.ok(neg and neg[2]["neighbor"]["negotiated"]["families"] == ["ipv4 unicast", "ipv6 unicast"],
         "negotiated event lists both families", neg and neg[2])

    got, eors = updates_until_eor(p, 2)
    want = encode(routes4, "-a", "65002", "-z", "65001") + encode(routes6, "-a", "65002", "-z", "65001")
    t.eq([m.hex() for m in got], [m.hex() for m in want], "routes byte-identical to attobgp encode")
    want_eors = [message(UPDATE, b"\x00\x00\x00\x00").hex()] + [m.hex() for m in encode(["announce eor ipv6 unicast"])]
    t.eq([m.hex() for m in eors], want_eors, "then End-of-RIB for ipv4 unicast and ipv6 unicast")

    # the peer's routes come back as JSON, End-of-RIB included
    p.send(simple_update(["198.51.100.0/24"], as_path=(65001,)))
    p.send(message(UPDATE, b"\x00\x00\x00\x00"))
    ev = d.wait(lambda e: e.get("type") == "update" and "update" in e["neighbor"].get("message", {}), 3)
    ann = ev and ev[2]["neighbor"]["message"]["update"].get("announce", {})
    t.eq(ann, {"ipv4 unicast": {"203.0.113.9": [{"nlri": "198.51.100.0/24"}]}}, "a received UPDATE as ExaBGP JSON")
    ev = d.wait(lambda e: e.get("type") == "update" and "eor" in e["neighbor"].get("message", {}), 3)
    t.ok(ev is not None and ev[2]["neighbor"]["message"]["eor"] == {"afi": "ipv4", "safi": "unicast"},
         "a received End-of-RIB as ExaBGP JSON")
    t.eq(d.stop(), 0, "SIGTERM: the driver exits 0")
    m = p.expect(NOTIFICATION, 3)
    t.ok(m is not None and m[1][:2] == b"\x06\x02", "SIGTERM sends Cease / Administrative Shutdown",
         m and m[1].hex())
    t.eq(m[1][2:] if m else None, bytes([8]) + b"shutdown", "with its RFC 9003 Shutdown Communication")
    t.ok(p.closed(2), "and closes the connection")
    p.close()


def test_grouped():
    routes = ["route 10.0.0.0/24 next-hop 203.0.113.2", "route 10.0.2.0/24 next-hop 203.0.113.2"]
    d, p, o = session(["--route", routes[0], "--route", routes[1]])
    if not t.ok(p is not None, "grouped: established"):
        d.stop()
        return
    got, eors = updates_until_eor(p, 1)
    want = encode(["announce attributes next-hop 203.0.113.2 nlri 10.0.0.0/24 10.0.2.0/24"], "-a", "65002", "-z",
                  "65001")
    t.eq([m.hex() for m in got], [m.hex() for m in want], "group-updates: routes sharing attributes in one UPDATE")
    d.stop()
    p.close()


def test_keepalives():
    """hold 3: a KEEPALIVE every 0.75..1 s (RFC 4271 10: a third of the hold time, jittered)"""
    d, p, o = session([], hold=3)
    if not t.ok(p is not None, "keepalives: established with hold time 3"):
        d.stop()
        return
    times = []
    deadline = time.monotonic() + 3.6
    last_sent = time.monotonic()
    while time.monotonic() < deadline:
        if time.monotonic() - last_sent > 0.9:
            p.send(keepalive())
            last_sent = time.monotonic()
        m = p.recv(0.2)
        if m and m[0] == KEEPALIVE:
            times.append(m[3])
    gaps = [b - a for a, b in zip(times, times[1:])]
    t.ok(len(times) >= 3, "at least 3 keepalives in 3.6 s (%d)" % len(times))
    t.ok(gaps and all(0.6 <= g <= 1.25 for g in gaps), "each within a third of the hold time",
         ["%.3f" % g for g in gaps])
    t.ok(d.wait(is_state("down"), 0) is None, "the session stayed up")
    d.stop()
    p.close()


# ---------------------------------------------------------------------------- errors

def test_malformed_update():
    d, p, o = session([])
    if not t.ok(p is not None, "malformed: established"):
        d.stop()
        return
    updates_until_eor(p, 1)
    # RFC 7606 7.1: an ORIGIN of 5 is treat-as-withdraw: the session stays
    attrs = attr(0x40, 1, b"\x05") + attr(0x40, 2, b"\x02\x01\x00\x00\xfd\xe9") + attr(0x40, 3, socket.inet_aton("203.0.113.9"))
    p.send(update(attrs=attrs, nlri=prefix4("192.0.2.0/24")))
    ev = d.wait(lambda e: e.get("type") == "update" and "update" in e["neighbor"].get("message", {}), 3)
    body = ev[2]["neighbor"]["message"]["update"] if ev else {}
    t.ok("withdraw" in body and "announce" not in body, "treat-as-withdraw: the routes reported as withdrawn", body)
    p.send(keepalive())
    t.ok(p.expect(NOTIFICATION, 0.5) is None and d.wait(is_state("down"), 0) is None,
         "treat-as-withdraw keeps the session")
    # RFC 4271 6.3: withdrawn length past the end: Malformed Attribute List, 3/1
    p.send(message(UPDATE, b"\x00\x40\x00\x00"))
    m = p.expect(NOTIFICATION, 3)
    t.ok(m is not None and m[1][:2] == b"\x03\x01", "a withdrawn length past the message: NOTIFICATION 3/1",
         m and m[1].hex())
    ev = d.wait(is_state("down"), 2)
    t.ok(ev is not None and "3/1" not in "" and "UPDATE Message Error" in ev[2]["neighbor"]["reason"],
         "down event names the error", ev and ev[2]["neighbor"]["reason"])
    t.ok(p.closed(2), "the connection is closed")
    d.stop()
    p.close()


def test_header_and_fsm_errors():
    # an UPDATE in OpenConfirm: FSM error 5/2 (RFC 6608)
    lst = Peer()
    port = lst.listen("127.0.0.1")
    d = Driver(active(port))
    p = lst.accept(5)
    p.expect(OPEN, 3)
    p.send(open_message(65001, 9, "127.0.0.1", standard_caps(65001)))
    p.send(simple_update(["192.0.2.0/24"]))
    m = p.expect(NOTIFICATION, 3)
    t.ok(m is not None and m[1][:2] == b"\x05\x02", "UPDATE before the KEEPALIVE: FSM error 5/2", m and m[1].hex())
    p.close()
    # the retry comes; this time a bad marker: 1/1
    p = lst.accept(5)
    p.expect(OPEN, 3)
    p.send(b"\xff" * 8 + b"\x00" * 8 + b"\x00\x13\x04")
    m = p.expect(NOTIFICATION, 3)
    t.ok(m is not None and m[1][:2] == b"\x01\x01", "a bad marker: NOTIFICATION 1/1", m and m[1].hex())
    p.close()
    # a length beyond 4096 without extended messages: 1/2 with the length as data
    p = lst.accept(5)
    p.expect(OPEN, 3)
    p.send(b"\xff" * 16 + struct.pack("!HB", 5000, 2))
    m = p.expect(NOTIFICATION, 3)
    t.ok(m is not None and m[1] == b"\x01\x02\x13\x88", "a length of 5000: NOTIFICATION 1/2 with the length",
         m and m[1].hex())
    p.close()
    # the wrong AS: 2/2
    p = lst.accept(5)
    p.expect(OPEN, 3)
    p.send(open_message(65009, 9, "127.0.0.1", standard_caps(65009)))
    m = p.expect(NOTIFICATION, 3)
    t.ok(m is not None and m[1][:2] == b"\x02\x02", "the wrong peer AS: NOTIFICATION 2/2", m and m[1].hex())
    p.close()
    # an unacceptable hold time: 2/6
    p = lst.accept(5)
    p.expect(OPEN, 3)
    p.send(open_message(65001, 2, "127.0.0.1", standard_caps(65001)))
    m = p.expect(NOTIFICATION, 3)
    t.ok(m is not None and m[1][:2] == b"\x02\x06", "hold time 2: NOTIFICATION 2/6", m and m[1].hex())
    p.close()
    # an unknown message type once Established: 1/3 with the type as data
    p = lst.accept(5)
    p.establish(65001, "127.0.0.1")
    p.send(message(9, b""))
    m = p.expect(NOTIFICATION, 3, skip=(KEEPALIVE, UPDATE))
    t.ok(m is not None and m[1] == b"\x01\x03\x09", "an unknown type: NOTIFICATION 1/3 with the type", m and m[1].hex())
    p.close()
    # a second OPEN once Established: 5/3
    p = lst.accept(5)
    p.establish(65001, "127.0.0.1")
    p.send(open_message(65001, 9, "127.0.0.1", standard_caps(65001)))
    m = p.expect(NOTIFICATION, 3, skip=(KEEPALIVE, UPDATE))
    t.ok(m is not None and m[1][:2] == b"\x05\x03", "an OPEN when Established: FSM error 5/3", m and m[1].hex())
    p.close()
    lst.close()
    d.stop()


def test_max_prefix():
    d, p, o = session(["--max-prefix", "ipv4 unicast", "3"])
    if not t.ok(p is not None, "max-prefix: established"):
        d.stop()
        return
    updates_until_eor(p, 1)
    p.send(simple_update(["192.0.2.0/24", "192.0.3.0/24"]))
    p.send(simple_update(["192.0.2.0/24", "192.0.3.0/24"], med=7))  # the same prefixes again: still 2
    p.send(simple_update(["192.0.4.0/24"]))  # 3: at the limit
    t.ok(p.expect(NOTIFICATION, 0.7) is None, "re-announced prefixes are not counted twice; 3 of 3 accepted")
    p.send(simple_update(["192.0.5.0/24"]))  # 4: over
    m = p.expect(NOTIFICATION, 3)
    t.ok(m is not None and m[1] == b"\x06\x01" + b"\x00\x01\x01\x00\x00\x00\x03",
         "the 4th prefix: Cease 1 with AFI, SAFI and the limit (RFC 4486)", m and m[1].hex())
    ev = d.wait(is_state("down"), 2)
    t.ok(ev is not None and "maximum of 3 prefixes" in ev[2]["neighbor"]["reason"], "down event says why",
         ev and ev[2]["neighbor"]["reason"])
    d.stop()
    p.close()


# ---------------------------------------------------------------------------- refresh, eor

def test_route_refresh():
    routes = ["route 10.0.0.0/24 next-hop 203.0.113.2"]
    d, p, o = session(["--route-refresh", "--route", routes[0]])
    if not t.ok(p is not None, "route refresh: established (enhanced negotiated)"):
        d.stop()
        return
    got, _ = updates_until_eor(p, 1)
    p.send(route_refresh(1, 1, 0))
    seq = []
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and (not seq or seq[-1] != "eorr"):
        m = p.recv(deadline - time.monotonic())
        if m is None:
            break
        if m[0] == ROUTE_REFRESH:
            seq.append({1: "borr", 2: "eorr"}.get(m[1][2], "rr"))
        elif m[0] == UPDATE:
            seq.append("update" if m[2] == got[0] else "other")
    t.eq(seq, ["borr", "update", "eorr"], "enhanced route refresh: BoRR, the routes, EoRR (RFC 7313)")
    ev = d.wait(is_type("refresh", "in"), 1)
    t.ok(ev is not None and ev[2]["neighbor"]["message" if "message" in ev[2]["neighbor"] else "route-refresh"]
         is not None, "the ROUTE-REFRESH is an event")
    d.stop()
    p.close()

    # the peer knows only RFC 2918: the routes again, no markers
    caps = [cap_mp(1, 1), cap_asn4(65001), cap(2)]
    d, p, o = session(["--route-refresh", "--route", routes[0], "--refresh-after", "0.2", "ipv4 unicast"], caps=caps)
    updates_until_eor(p, 1)
    m = p.expect(ROUTE_REFRESH, 3)
    t.ok(m is not None and m[1] == b"\x00\x01\x00\x01", "the driver asks for a refresh (ROUTE-REFRESH sent)",
         m and m[1].hex())
    p.send(route_refresh(1, 1, 0))
    seq = []
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        m = p.recv(deadline - time.monotonic())
        if m is None:
            break
        if m[0] in (UPDATE, ROUTE_REFRESH):
            seq.append(m[0])
    t.eq(seq, [UPDATE], "normal route refresh: only the routes again")
    d.stop()
    p.close()


def test_manual_eor():
    d, p, o = session(["--manual-eor", "--route", "route 10.0.0.0/24 next-hop 203.0.113.2", "--eor-after", "0.8",
                       "ipv4 unicast"])
    if not t.ok(p is not None, "manual-eor: established"):
        d.stop()
        return
    start = time.monotonic()
    first = p.expect(UPDATE, 2)
    t.ok(first is not None and not is_eor(first[1]), "the route arrives")
    second = p.expect(UPDATE, 0.4)
    t.ok(second is None, "no End-of-RIB after the table")
    third = p.expect(UPDATE, 2)
    t.ok(third is not None and is_eor(third[1]) and third[3] - start >= 0.6, "End-of-RIB on command")
    d.stop()
    p.close()


# ---------------------------------------------------------------------------- fallback, passive, md5

def test_capability_fallback():
    lst = Peer()
    port = lst.listen("127.0.0.1")
    d = Driver(active(port, "--route-refresh"))
    p = lst.accept(5)
    m = p.expect(OPEN, 3)
    first = [c for c, _ in parse_open(m[1])["caps"]] if m else []
    # RFC 5492 5: Unsupported Capability, listing enhanced route refresh
    p.send(notification(2, 7, bytes([70, 0])))
    p.close()
    p = lst.accept(5)
    m = p.expect(OPEN, 3) if p else None
    second = [c for c, _ in parse_open(m[1])["caps"]] if m else []
    t.ok(70 in first and 70 not in second and 2 in second,
         "after 2/7 naming a capability the next OPEN leaves it out", (first, second))
    p.send(notification(2, 4))
    p.close()
    p = lst.accept(5)
    m = p.expect(OPEN, 3) if p else None
    t.ok(m is not None and parse_open(m[1])["caps"] == [], "after 2/4 the next OPEN has no capabilities",
         m and parse_open(m[1]))
    # and a session without capabilities works: IPv4 unicast, two-octet ASNs
    p.send(open_message(65001, 9, "127.0.0.1", []))
    p.send(keepalive())
    t.ok(p.expect(KEEPALIVE, 3, skip=()) is not None and d.wait(is_state("up"), 3) is not None,
         "a peer without capabilities: established")
    ev = d.wait(is_type("negotiated"), 1)
    t.ok(ev is not None and ev[2]["neighbor"]["negotiated"]["families"] == ["ipv4 unicast"] and
         not ev[2]["neighbor"]["negotiated"]["asn4"], "with IPv4 unicast implied and no asn4")
    p.close()
    lst.close()
    d.stop()


def test_passive():
    d = Driver(["--listen", "127.0.0.2:0", "--peer", "127.0.0.1", "--local", "127.0.0.2", "--passive", "--local-as",
                "65002", "--peer-as", "65001", "--router-id", "127.0.0.2"])
    port = d.listen_port()
    if not t.ok(port, "passive: listening"):
        d.stop()
        return
    stranger = Peer().connect("127.0.0.2", port, source="127.0.0.3")
    t.ok(stranger.recv(2) is None and stranger.closed(0.5), "a peer not configured is closed at once")
    stranger.close()
    p = Peer().connect("127.0.0.2", port, source="127.0.0.1")
    o = p.establish(65001, "127.0.0.1")
    t.ok(o is not None and d.wait(is_state("up"), 3) is not None, "the configured peer establishes")
    p.close()
    d.stop()


def test_md5():
    d = Driver(["--listen", "127.0.0.2:0", "--peer", "127.0.0.1", "--local", "127.0.0.2", "--passive", "--local-as",
                "65002", "--peer-as", "65001", "--router-id", "127.0.0.2", "--md5", "s3cret"])
    port = d.listen_port()
    try:
        bad = Peer().connect("127.0.0.2", port, source="127.0.0.1", timeout=1.0, md5="wrong")
        reached = bad.recv(1) is not None
        bad.close()
    except OSError:
        reached = False
    t.ok(not reached, "TCP MD5: a peer with the wrong key does not get through")
    try:
        p = Peer().connect("127.0.0.2", port, source="127.0.0.1", timeout=3.0, md5="s3cret")
        o = p.establish(65001, "127.0.0.1")
        p.close()
    except OSError as e:
        o = None
        t.diag(e)
    t.ok(o is not None, "TCP MD5: the right key establishes (passive)")
    d.stop()
    # active, to a listener with the key
    lst = Peer()
    port = lst.listen("127.0.0.1", md5="s3cret", peer="127.0.0.2")
    d = Driver(active(port, "--md5", "s3cret"))
    p = lst.accept(5)
    o = p.establish(65001, "127.0.0.1") if p else None
    t.ok(o is not None, "TCP MD5: the right key establishes (active)")
    if p:
        p.close()
    lst.close()
    d.stop()


def test_ttl():
    # RFC 5082: the driver requires TTL 255; a peer sending 255 gets through
    lst = Peer()
    port = lst.listen("127.0.0.1", ttl=255)
    d = Driver(active(port, "--ttl-out", "255", "--ttl-in", "255"))
    p = lst.accept(5)
    if not t.ok(p is not None, "GTSM: the handshake completes with TTL 255 both ways"):
        d.stop()
        lst.close()
        return
    o = p.establish(65001, "127.0.0.1")
    t.ok(o is not None and d.wait(is_state("up"), 2) is not None, "GTSM: a peer sending TTL 255 establishes")
    p.close()
    # one sending 64 is not heard
    p = lst.accept(5)
    if p is None:
        t.ok(False, "GTSM: the driver reconnects")
        d.stop()
        lst.close()
        return
    p.sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 64)
    n = len(d.all(is_state("up")))
    p.expect(OPEN, 2)
    p.send(open_message(65001, 9, "127.0.0.1", standard_caps(65001)))
    p.send(keepalive())
    time.sleep(1.0)
    t.eq(len(d.all(is_state("up"))), n, "GTSM: a peer sending TTL 64 is not heard")
    p.close()
    lst.close()
    d.stop()


def test_adj_rib_in():
    d, p, o = session(["--adj-rib-in"])
    if not t.ok(p is not None, "adj-rib-in: established"):
        d.stop()
        return
    updates_until_eor(p, 1)
    p.send(simple_update(["192.0.2.0/24", "192.0.3.0/24"]))
    attrs = attr(0x40, 1, b"\x07") + attr(0x40, 2, b"") + attr(0x40, 3, socket.inet_aton("203.0.113.9"))
    p.send(update(attrs=attrs, nlri=prefix4("192.0.2.0/24")))  # RFC 7606: treat-as-withdraw
    hook = lambda e: e.get("type") == "adj-rib-in"
    first = d.wait(hook, 3)
    second = d.wait(hook, 3, start=first[0] + 1) if first else None
    t.ok(first and (first[2]["announced"], first[2]["withdrawn"]) == (2, 0), "the hook gets the announces",
         first and first[2])
    t.ok(second and (second[2]["announced"], second[2]["withdrawn"]) == (0, 1),
         "and a treat-as-withdraw UPDATE as withdraws", second and second[2])
    p.close()
    flush = d.wait(lambda e: hook(e) and e.get("flush"), 3)
    t.ok(flush is not None, "the session going down flushes it")
    d.stop()


def test_ipv6():
    lst = Peer()
    port = lst.listen("::1")
    d = Driver(["--peer", "::1", "--local", "::1", "--peer-port", str(port), "--local-as", "65002", "--peer-as",
                "65001", "--router-id", "127.0.0.2", "--family", "ipv6 unicast", "--route",
                "route 2001:db8:1::/48 next-hop self", "--retry-min", "100"])
    p = lst.accept(5)
    o = p.establish(65001, "127.0.0.1", caps=standard_caps(65001, families=(V6,))) if p else None
    t.ok(o is not None and d.wait(is_state("up"), 3) is not None, "an IPv6 session (::1) establishes")
    got, eors = updates_until_eor(p, 1) if p else ([], [])
    want = encode(["route 2001:db8:1::/48 next-hop self"], "-a", "65002", "-z", "65001", "--local-address", "::1")
    t.eq([m.hex() for m in got], [m.hex() for m in want], "next-hop self resolves to the session's IPv6 address")
    if p:
        p.close()
    lst.close()
    d.stop()


def test_environment():
    # exabgp_tcp_port names the port to connect to; exabgp_tcp_connections=2 ends the run
    lst = Peer()
    port = lst.listen("127.0.0.1")
    args = active(port)
    i = args.index("--peer-port")
    del args[i: i + 2]
    d = Driver(args, env={"exabgp_tcp_port": str(port), "exabgp_tcp_connections": "2"})
    for n in (1, 2):
        p = lst.accept(5)
        o = p.establish(65001, "127.0.0.1") if p else None
        t.ok(o is not None, "exabgp_tcp_port: session %d established on the port it names" % n)
        if p:
            p.send(notification(6, 4))
            p.close()
    try:
        code = d.proc.wait(5)
    except Exception:
        code = None
    t.eq(code, 0, "exabgp_tcp_connections=2: the driver stops by itself after two sessions")
    lst.close()
    # exabgp.tcp.bind (dotted) and exabgp.tcp.port: where it listens
    port = free_port()
    d = Driver(["--peer", "127.0.0.1", "--local", "127.0.0.2", "--passive", "--local-as", "65002", "--peer-as",
                "65001", "--router-id", "127.0.0.2"], env={"exabgp.tcp.bind": "127.0.0.2", "exabgp.tcp.port": str(port)})
    lp = d.listen_port()
    t.eq(lp, port, "exabgp.tcp.bind / exabgp.tcp.port: listening there")
    p = Peer().connect("127.0.0.2", port, source="127.0.0.1") if lp else None
    t.ok(p is not None and p.expect(OPEN, 3) is not None, "and the peer gets an OPEN")
    if p:
        p.close()
    d.stop()


def test_graceful_restart():
    # ExaBGP: with graceful restart negotiated, a shutdown closes without a NOTIFICATION
    d, p, o = session(["--graceful-restart", "120"], caps=standard_caps(65001, graceful=90))
    if not t.ok(p is not None, "graceful restart: established"):
        d.stop()
        return
    caps = dict(parse_open(o)["caps"])
    t.ok(64 in caps and caps[64][:2] == struct.pack("!H", 0x8000 | 120), "OPEN: graceful restart, R bit, 120 s",
         caps.get(64, b"").hex())
    updates_until_eor(p, 1)
    d.stop()
    t.ok(p.expect(NOTIFICATION, 2) is None and p.closed(1), "shutdown: closed without a NOTIFICATION")
    p.close()
    # RFC 4724 4.2: a new connection while Established means the peer restarted
    d = Driver(["--listen", "127.0.0.2:0", "--peer", "127.0.0.1", "--local", "127.0.0.2", "--passive", "--local-as",
                "65002", "--peer-as", "65001", "--router-id", "127.0.0.2", "--graceful-restart", "120"])
    port = d.listen_port()
    a = Peer().connect("127.0.0.2", port, source="127.0.0.1")
    a.establish(65001, "127.0.0.1", caps=standard_caps(65001, graceful=90))
    b = Peer().connect("127.0.0.2", port, source="127.0.0.1")
    t.ok(b.expect(OPEN, 3) is not None, "the peer's new connection is answered")
    t.ok(a.closed(2), "and the old one closed")
    ev = d.wait(is_state("down"), 2)
    t.ok(ev is not None and "restarted" in ev[2]["neighbor"]["reason"], "down: the peer restarted",
         ev and ev[2]["neighbor"]["reason"])
    a.close()
    b.close()
    d.stop()


def main():
    for test in (test_establish_and_routes, test_grouped, test_keepalives, test_malformed_update,
                 test_header_and_fsm_errors, test_max_prefix, test_route_refresh, test_manual_eor,
                 test_capability_fallback, test_passive, test_md5, test_ttl, test_adj_rib_in, test_ipv6,
                 test_environment, test_graceful_restart):
        try:
            test()
        except Exception as e:  # a broken scenario is a failure, not a crash of the whole file
            import traceback
            t.ok(False, "%s raised %r" % (test.__name__, e), traceback.format_exc())
    check_drivers(t)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
