#!/usr/bin/env python3
"""server.py — `attobgp server` end to end against a scripted peer (bgp_peer.Peer):
start-up errors, routes from the configuration, reload (SIGHUP and SIGUSR1) sending only
the differences, neighbours changed / removed / added, a bad file on reload, received routes
shown as JSON, shutdown as Cease, `attobgp CONFIG`, --daemon with --pid, and ExaBGP's
qa_peer driving signal: and notification: steps. Loopback only, bounded waits."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from bgp_peer import (ATTOBGP, KEEPALIVE, NOTIFICATION, OPEN, ROUTE_REFRESH, UPDATE, Peer, Tap, attr,  # noqa: E402
                      cap, free_port, keepalive, open_message, parse_open, route_refresh, simple_update, standard_caps,
                      start_qa_peer)
from server_peer import Server, check_servers, collect  # noqa: E402

t = Tap()
HERE = os.path.dirname(os.path.abspath(__file__))


def config(routes, hold=30, extra="", neighbors=None, api=True):
    """One neighbour 127.0.0.1 (us 65001, the peer 65002) with routes; extra goes in its block."""
    api_block = """	api {
		processes [ watch ];
		neighbor-changes;
		receive { parsed; update; notification; }
	}
""" if api else ""
    text = """process watch {
	run /bin/cat;
	encoder json;
}
"""
    for addr in neighbors or ["127.0.0.1"]:
        text += """neighbor %s {
	router-id 10.0.0.1;
	local-address 127.0.0.1;
	local-as 65001;
	peer-as 65002;
	hold-time %d;
	family { ipv4 unicast; }
%s%s	static {
%s	}
}
""" % (addr, hold, api_block, extra, "".join("\t\troute %s;\n" % r for r in routes))
    return text


def accept_session(listener, timeout=5.0, hold=30):
    """Accept the server's connection and establish; (peer, its OPEN) or (None, None)."""
    peer = listener.accept(timeout)
    if peer is None:
        return None, None
    body = peer.establish(65002, "10.0.0.2", hold=hold, caps=standard_caps(65002))
    if body is None:
        peer.close()
        return None, None
    return peer, body


def announced(updates):
    return {p: a for w, ann, a in updates for p in ann}


def withdrawn(updates):
    return {p for w, ann, a in updates for p in w}


def med(attrs):
    v = attrs.get(4)
    return int.from_bytes(v, "big") if v else None


def expect_notification(peer, timeout=5.0):
    m = peer.expect(NOTIFICATION, timeout)
    return (m[1][0], m[1][1]) if m else None


# ---------------------------------------------------------------------------- start-up

def test_bad_config():
    work = tempfile.mkdtemp(prefix="attobgp-bad-")
    path = os.path.join(work, "bad.conf")
    with open(path, "w") as f:
        f.write("neighbor 127.0.0.1 {\n\tlocal-as 1;\n\tpeer-as 2;\n\thold-time nonsense;\n}\n")
    r = subprocess.run([ATTOBGP, "server", path], capture_output=True, text=True, timeout=10)
    t.eq(r.returncode, 1, "a bad configuration: exit 1")
    t.ok("%s:4:" % path in r.stderr, "the error names FILE:LINE:COLUMN", r.stderr)
    r = subprocess.run([ATTOBGP, "server", os.path.join(work, "missing.conf")], capture_output=True, text=True,
                       timeout=10)
    t.eq(r.returncode, 1, "a missing configuration: exit 1")
    r = subprocess.run([ATTOBGP, "server"], capture_output=True, text=True, timeout=10)
    t.eq(r.returncode, 2, "no configuration: usage, exit 2")
    os.unlink(path)
    os.rmdir(work)


# ---------------------------------------------------------------------------- reload

def test_reload():
    listener = Peer()
    port = listener.listen("127.0.0.1", 0)
    routes_a = ["10.0.1.0/24 next-hop 192.0.2.1", "10.0.2.0/24 next-hop 192.0.2.1",
                "10.0.3.0/24 next-hop 192.0.2.1 med 5"]
    srv = Server(config(routes_a), env={"exabgp_tcp_port": str(port)})
    peer, body = accept_session(listener)
    if not t.ok(peer is not None, "the server connects and the session establishes", srv.log_text()):
        return
    o = parse_open(body)
    t.eq((o["asn"], o["hold"], o["router_id"]), (65001, 30, "10.0.0.1"), "its OPEN: AS, hold time, router-id")
    ups, eor = collect(peer)
    t.ok(eor, "End-of-RIB after the table")
    t.eq(sorted(announced(ups)), ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"], "the configured routes arrive")
    t.ok(srv.wait_event(lambda e: e.get("type") == "state" and e["neighbor"].get("state") == "up") is not None,
         "the api's neighbor-changes: a state 'up' event on stdout")

    # routes changed: one kept, one gone, one with new attributes, one new
    srv.rewrite(config(["10.0.1.0/24 next-hop 192.0.2.1", "10.0.3.0/24 next-hop 192.0.2.1 med 6",
                        "10.0.4.0/24 next-hop 192.0.2.1"]))
    mark = len(srv.logs)
    srv.signal(signal.SIGHUP)
    ups, _ = collect(peer, timeout=2.0, until=lambda b: False)
    t.eq(withdrawn(ups), {"10.0.2.0/24"}, "SIGHUP: the removed route is withdrawn")
    ann = announced(ups)
    t.eq(sorted(ann), ["10.0.3.0/24", "10.0.4.0/24"], "SIGHUP: only the changed and the new route are announced")
    t.eq(med(ann.get("10.0.3.0/24", {})), 6, "SIGHUP: the changed route carries its new MED")
    t.ok(srv.wait_log("reloaded: 1 neighbour(s) kept", 2, mark) is not None, "the reload is logged",
         srv.log_text()[-800:])

    # the same file again: nothing to send
    srv.signal(signal.SIGUSR1)
    ups, _ = collect(peer, timeout=1.0, until=lambda b: False)
    t.eq(ups, [], "SIGUSR1 with an unchanged file: nothing sent")

    # a file that does not parse: the running configuration stays
    srv.rewrite("neighbor 127.0.0.1 { local-as ; }\n")
    mark = len(srv.logs)
    srv.signal(signal.SIGHUP)
    t.ok(srv.wait_log("reload refused", 3, mark) is not None, "a bad file on reload is refused and logged")
    peer.send(keepalive())
    t.ok(peer.expect(NOTIFICATION, 1.0) is None, "the session stays up")

    # the session's settings changed: Cease / Other Configuration Change, then a new session
    srv.rewrite(config(["10.0.1.0/24 next-hop 192.0.2.1"], hold=40))
    srv.signal(signal.SIGHUP)
    t.eq(expect_notification(peer), (6, 6), "hold-time changed: Cease / Other Configuration Change")
    peer.close()
    peer, body = accept_session(listener, hold=40)
    t.ok(peer is not None and parse_open(body)["hold"] == 40, "a new session with the new hold time")
    if peer:
        ups, eor = collect(peer)
        t.eq(sorted(announced(ups)), ["10.0.1.0/24"], "the new session gets the table of the new file")

    # a second neighbour appears, then the first is removed: Cease / Peer De-configured
    other = Peer()
    other_port = other.listen("127.0.0.2", port)
    srv.rewrite(config(["10.0.1.0/24 next-hop 192.0.2.1"], hold=40, neighbors=["127.0.0.1", "127.0.0.2"]))
    srv.signal(signal.SIGHUP)
    second = other.accept(5)
    t.ok(second is not None and other_port == port, "a neighbour added by a reload is connected to")
    if peer:
        peer.send(keepalive())
        t.ok(peer.expect(NOTIFICATION, 1.0) is None, "the first session is untouched by the addition")
    srv.rewrite(config(["10.0.1.0/24 next-hop 192.0.2.1"], hold=40, neighbors=["127.0.0.2"]))
    srv.signal(signal.SIGHUP)
    if peer:
        t.eq(expect_notification(peer), (6, 3), "a neighbour removed by a reload: Cease / Peer De-configured")
        peer.close()
    if second:
        second.close()
    other.close()
    listener.close()
    t.eq(srv.stop(), 0, "the server exits 0 on SIGTERM")


# ---------------------------------------------------------------------------- receiving, shutdown

def test_receive_and_shutdown():
    listener = Peer()
    port = listener.listen("127.0.0.1", 0)
    srv = Server(config(["10.9.0.0/16 next-hop 192.0.2.1"]), env={"exabgp_tcp_port": str(port)},
                 args=("--shutdown-text", "maintenance"))
    peer, _ = accept_session(listener)
    if not t.ok(peer is not None, "session up (receive test)", srv.log_text()):
        return
    collect(peer)
    peer.send(simple_update(["198.51.100.0/24", "203.0.113.0/24"], nexthop="192.0.2.9", as_path=(65002,)))
    ev = srv.wait_event(lambda e: e.get("type") == "update" and "announce" in
                        e["neighbor"].get("message", {}).get("update", {}))
    got = set()
    if ev:
        for by_nh in ev["neighbor"]["message"]["update"]["announce"].values():
            for lst in by_nh.values():
                got.update(x["nlri"] for x in lst)
    t.eq(got, {"198.51.100.0/24", "203.0.113.0/24"}, "routes the peer sends are shown in the server's JSON")
    t.eq(ev and ev["neighbor"]["address"]["peer"], "127.0.0.1", "the JSON names the peer")
    srv.signal(signal.SIGTERM)
    m = peer.expect(NOTIFICATION, 5)
    t.ok(m is not None and m[1][:2] == b"\x06\x02", "SIGTERM: Cease / Administrative Shutdown reaches the peer")
    t.ok(m is not None and b"maintenance" in m[1], "with the RFC 9003 text given by --shutdown-text")
    code = srv.stop()
    t.ok(code == 0, "exit 0 after the shutdown", "exit %r\n%s" % (code, srv.log_text()[-2000:]))
    peer.close()
    listener.close()


def corpus_update(name):
    """The UPDATE of qa/decoding/NAME as bytes, a header put on a bare body."""
    qa = os.path.join(HERE, "..", "exabgp-qa", "qa", "decoding", name)
    raw = bytes.fromhex(open(qa).read().splitlines()[1].replace(" ", "").replace(":", ""))
    if raw[:16] != b"\xff" * 16:
        raw = b"\xff" * 16 + (len(raw) + 19).to_bytes(2, "big") + b"\x02" + raw
    return raw


def test_received_families():
    """Families this build only decodes (bgp-ls, l2vpn evpn) and sr-policy: what the peer
    sends is shown in the JSON events, not refused as unsupported."""
    listener = Peer()
    port = listener.listen("127.0.0.1", 0)
    text = config([]).replace("family { ipv4 unicast; }",
                              "family { ipv4 unicast; ipv4 sr-policy; l2vpn evpn; bgp-ls bgp-ls; }")
    srv = Server(text, env={"exabgp_tcp_port": str(port)})
    peer = listener.accept(5.0)
    body = peer and peer.establish(65002, "10.0.0.2", hold=30,
                                   caps=standard_caps(65002, families=((1, 1), (1, 73), (25, 70), (16388, 71))))
    if not t.ok(body is not None, "session up with sr-policy, evpn and bgp-ls", srv.log_text()):
        return
    collect(peer, timeout=1.0)
    for name, family in (("bgp-sr-policy-1", "ipv4 sr-policy"), ("bgp-evpn-1", "l2vpn evpn"),
                         ("bgp-ls-2", "bgp-ls bgp-ls")):
        peer.send(corpus_update(name))
        ev = srv.wait_event(lambda e: e.get("type") == "update" and any(
            family in part for part in e["neighbor"].get("message", {}).get("update", {}).values()
            if isinstance(part, dict)))
        want = json.loads(open(os.path.join(HERE, "..", "exabgp-qa", "qa", "decoding", name)).read().splitlines()[2])
        want = want["neighbor"]["message"]["update"]
        want.get("attribute", {}).pop("local-preference", None)  # an eBGP session: LOCAL_PREF is not taken
        got = ev and ev["neighbor"]["message"]["update"]
        t.eq(got, want, "%s received: ExaBGP's JSON of %s" % (family, name))
    srv.stop()
    peer.close()
    listener.close()


# ---------------------------------------------------------------------------- like neighbours

def test_like_neighbours():
    """Three neighbours whose sessions take the same bytes are drained together: each gets
    every route exactly once, then End-of-RIB, and a reload's change reaches all three."""
    n = 5000
    routes = ["172.%d.%d.0/24 next-hop 192.0.2.1" % (16 + (i >> 8), i & 255) for i in range(n)]
    routes += ["192.168.%d.0/24 next-hop self" % i for i in range(10)]
    addrs = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
    listeners = [Peer() for _ in addrs]
    port = listeners[0].listen(addrs[0], 0)
    for lst, a in zip(listeners[1:], addrs[1:]):
        lst.listen(a, port)
    srv = Server(config(routes, neighbors=addrs, api=False), env={"exabgp_tcp_port": str(port)})
    peers = []
    for lst in listeners:
        p, _ = accept_session(lst)
        peers.append(p)
    if not t.ok(all(peers), "three like neighbours: sessions up", srv.log_text()[-1000:]):
        return
    for a, p in zip(addrs, peers):
        ups, eor = collect(p, timeout=10)
        got = [x for w, ann, at in ups for x in ann]
        t.ok(eor and len(got) == len(set(got)) == n + 10,
             "%s: every route once (%d of %d), then End-of-RIB" % (a, len(set(got)), n + 10))
        selfs = {socket_nh(at) for w, ann, at in ups if any(x.startswith("192.168.") for x in ann)}
        t.eq(selfs, {"127.0.0.1"}, "%s: next-hop self resolved to the session's local address" % a)
    srv.rewrite(config(routes[1:], neighbors=addrs, api=False))
    srv.signal(signal.SIGHUP)
    for a, p in zip(addrs, peers):
        ups, _ = collect(p, timeout=1.5, until=lambda b: False)
        t.eq((withdrawn(ups), announced(ups)), ({"172.16.0.0/24"}, {}), "%s: the reload's withdrawal, alone" % a)
        p.close()
    for lst in listeners:
        lst.close()
    t.eq(srv.stop(), 0, "exit 0")


def socket_nh(attrs):
    import socket
    v = attrs.get(3)
    return socket.inet_ntoa(v) if v else None


# ---------------------------------------------------------------------------- route refresh, TCP MD5

def test_route_refresh():
    """capability { route-refresh; }: the peer asks again, the table comes back between the
    RFC 7313 markers (BoRR, routes, EoRR) as the peer announced enhanced route refresh."""
    listener = Peer()
    port = listener.listen("127.0.0.1", 0)
    srv = Server(config(["10.5.0.0/16 next-hop 192.0.2.1", "10.6.0.0/16 next-hop 192.0.2.1"],
                        extra="\tcapability { route-refresh; }\n"), env={"exabgp_tcp_port": str(port)})
    peer, body = accept_session(listener)
    if not t.ok(peer is not None, "route refresh: session up", srv.log_text()):
        return
    t.ok(any(c == 2 for c, v in parse_open(body)["caps"]), "route-refresh is announced")
    collect(peer)
    peer.send(route_refresh(1, 1))
    seen, routes = [], set()
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        m = peer.recv(max(0.0, deadline - time.monotonic()))
        if m is None:
            break
        if m[0] == ROUTE_REFRESH:
            seen.append(m[1][2])  # RFC 7313 subtype: 1 BoRR, 2 EoRR
            if m[1][2] == 2:
                break
        elif m[0] == UPDATE and m[1] != b"\0\0\0\0":
            from server_peer import v4_update
            routes.update(v4_update(m[1])[1])
    t.eq(seen, [1, 2], "BoRR, then EoRR (RFC 7313)")
    t.eq(routes, {"10.5.0.0/16", "10.6.0.0/16"}, "the whole table is sent again in between")
    peer.close()
    listener.close()
    t.eq(srv.stop(), 0, "exit 0")


def flush_markers(caps, enhanced):
    """Establish with a peer announcing caps (enhanced: route refresh among them), run `flush adj-rib out` through `attobgp cli`:
    (the RFC 7313 subtypes of the ROUTE-REFRESH messages seen, the routes sent again)."""
    work = tempfile.mkdtemp(prefix="attobgp-flush-")
    sock = os.path.join(work, "api.sock")
    listener = Peer()
    port = listener.listen("127.0.0.1", 0)
    srv = Server(config(["10.5.0.0/16 next-hop 192.0.2.1", "10.6.0.0/16 next-hop 192.0.2.1"],
                        extra="\tcapability { route-refresh; }\n"),
                 env={"exabgp_tcp_port": str(port), "exabgp_api_socketpath": sock})
    seen, routes = None, set()
    peer = listener.accept(5.0)
    try:
        if peer is None or peer.establish(65002, "10.0.0.2", caps=caps) is None:
            t.ok(False, "flush: session up", srv.log_text())
            return None, None
        collect(peer)
        cli = subprocess.run([ATTOBGP, "cli", "-s", sock, "flush adj-rib out"], capture_output=True, text=True,
                             timeout=10)
        t.ok(cli.returncode == 0 and "error" not in cli.stdout, "flush adj-rib out: answered",
             cli.stdout + cli.stderr)
        seen = []
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            m = peer.recv(max(0.0, deadline - time.monotonic()))
            if m is None:
                break
            if m[0] == ROUTE_REFRESH:
                seen.append(m[1][2])
                if m[1][2] == 2:
                    break
            elif m[0] == UPDATE and m[1] != b"\0\0\0\0":
                from server_peer import v4_update
                routes.update(v4_update(m[1])[1])
                if not enhanced and len(routes) == 2:
                    deadline = min(deadline, time.monotonic() + 0.5)  # no EoRR is coming: a short wait
        return seen, routes
    finally:
        if peer is not None:
            peer.close()
        listener.close()
        t.eq(srv.stop(), 0, "flush: exit 0")
        shutil.rmtree(work, ignore_errors=True)


def test_flush_adj_rib_out():
    """`flush adj-rib out` sends the Adj-RIB-Out again as for the peer's ROUTE-REFRESH (ExaBGP's
    api-rr-rib): between BoRR and EoRR when enhanced route refresh was negotiated, bare when the
    peer announced route refresh alone (RFC 7313 4: the markers need the capability)."""
    seen, routes = flush_markers(standard_caps(65002), True)
    if seen is not None:
        t.eq(seen, [1, 2], "flush, enhanced route refresh: BoRR, then EoRR")
        t.eq(routes, {"10.5.0.0/16", "10.6.0.0/16"}, "... the whole table in between")
    seen, routes = flush_markers(standard_caps(65002, refresh=False) + [cap(2)], False)
    if seen is not None:
        t.eq(seen, [], "flush, route refresh without enhanced: no BoRR / EoRR")
        t.eq(routes, {"10.5.0.0/16", "10.6.0.0/16"}, "... the whole table again")


def test_md5():
    """md5-password: a peer without the key cannot connect, one with it can (RFC 2385)."""
    from bgp_peer import set_md5
    port = free_port()
    text = config(["10.8.0.0/16 next-hop 192.0.2.1"], api=False).replace(
        "neighbor 127.0.0.1 {", "neighbor 127.0.0.2 {").replace(
        "\thold-time 30;", "\thold-time 30;\n\tpassive;\n\tmd5-password s3cret;")
    srv = Server(text, env={"exabgp_tcp_port": str(port), "exabgp_tcp_bind": "127.0.0.1"})
    if not t.ok(srv.wait_log("listening on 127.0.0.1", 5) is not None, "md5: the server listens"):
        return
    try:
        Peer().connect("127.0.0.1", port, source="127.0.0.2", timeout=1.0, md5="wrong")
        refused = False
    except OSError:
        refused = True
    t.ok(refused, "a connection with the wrong key does not get through")
    try:
        p = Peer().connect("127.0.0.1", port, source="127.0.0.2", timeout=3.0, md5="s3cret")
    except OSError as e:
        p = None
        t.diag("md5 connect: %r" % e)
    body = p.establish(65002, "10.0.0.2") if p else None
    t.ok(body is not None, "with the configured key the session establishes")
    if p:
        ups, _ = collect(p)
        t.eq(sorted(announced(ups)), ["10.8.0.0/16"], "and the routes arrive")
        p.close()
    t.eq(srv.stop(), 0, "exit 0")


# ---------------------------------------------------------------------------- forms of the command

def test_short_form_and_daemon():
    listener = Peer()
    port = listener.listen("127.0.0.1", 0)
    work = tempfile.mkdtemp(prefix="attobgp-daemon-")
    path = os.path.join(work, "d.conf")
    with open(path, "w") as f:
        f.write(config(["10.7.0.0/16 next-hop 192.0.2.1"], api=False))
    env = dict(os.environ, exabgp_tcp_port=str(port))
    # `attobgp CONFIG`, foreground
    proc = subprocess.Popen([ATTOBGP, path], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peer, _ = accept_session(listener)
    t.ok(peer is not None, "`attobgp CONFIG` runs the server")
    if peer:
        ups, _ = collect(peer)
        t.eq(sorted(announced(ups)), ["10.7.0.0/16"], "... and sends the routes")
        peer.close()
    proc.send_signal(signal.SIGTERM)
    try:
        t.eq(proc.wait(5), 0, "... and exits 0 on SIGTERM")
    except subprocess.TimeoutExpired:
        proc.kill()
        t.ok(False, "... and exits 0 on SIGTERM")
    proc.stderr.close()

    # --daemon --pid FILE
    pid_file = os.path.join(work, "attobgp.pid")
    r = subprocess.run([ATTOBGP, "server", "--daemon", "--pid", pid_file, path], env=env, timeout=10,
                       stderr=subprocess.DEVNULL)
    t.eq(r.returncode, 0, "--daemon returns at once with 0")
    deadline = time.monotonic() + 5
    while not os.path.exists(pid_file) and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = int(open(pid_file).read()) if os.path.exists(pid_file) else None
    t.ok(pid is not None, "--pid writes the daemon's pid")
    peer, _ = accept_session(listener)
    t.ok(peer is not None, "the daemon connects")
    if peer:
        collect(peer)
    if pid:
        os.kill(pid, signal.SIGTERM)
        if peer:
            t.eq(expect_notification(peer), (6, 2), "the daemon's SIGTERM: Cease / Administrative Shutdown")
        deadline = time.monotonic() + 5
        while os.path.exists(pid_file) and time.monotonic() < deadline:
            time.sleep(0.05)
        t.ok(not os.path.exists(pid_file), "the daemon removes its pid file when it exits")
        alive = True
        while alive and time.monotonic() < deadline + 2:
            try:
                # PID 1 of a container may never reap it: a zombie is gone too
                alive = " Z " not in open("/proc/%d/stat" % pid).read().replace("(attobgp)", "")
            except OSError:
                alive = False
            if alive:
                time.sleep(0.05)
        if alive:
            os.kill(pid, signal.SIGKILL)
        t.ok(not alive, "the daemon is gone")
    if peer:
        peer.close()
    listener.close()
    for name in os.listdir(work):
        os.unlink(os.path.join(work, name))
    os.rmdir(work)


# ---------------------------------------------------------------------------- exabgp.tcp.connections

def test_connections_limit():
    """exabgp.tcp.connections 1: after one session has ended the server stops by itself (0)."""
    listener = Peer()
    port = listener.listen("127.0.0.1", 0)
    srv = Server(config(["10.4.0.0/16 next-hop 192.0.2.1"], api=False),
                 env={"exabgp_tcp_port": str(port), "exabgp_tcp_connections": "1"})
    peer, _ = accept_session(listener)
    if not t.ok(peer is not None, "tcp.connections: session up"):
        return
    collect(peer)
    peer.close()
    try:
        code = srv.proc.wait(5)
    except subprocess.TimeoutExpired:
        code = None
    t.eq(code, 0, "the session ended: the server exits 0 by itself")
    listener.close()


# ---------------------------------------------------------------------------- qa_peer's steps

def test_qa_steps():
    """A case in ExaBGP's format with signal: and notification: steps: the table, a reload that
    changes nothing (SIGUSR1), the peer's Cease, then the table again on a new connection."""
    work = tempfile.mkdtemp(prefix="attobgp-qa-")
    conf = os.path.join(work, "steps.conf")
    with open(conf, "w") as f:
        f.write("""neighbor 127.0.0.1 {
	router-id 10.0.0.2;
	local-address 127.0.0.1;
	local-as 65533;
	peer-as 65533;
	family { ipv4 unicast; }
	static { route 10.0.0.0/24 next-hop 10.0.1.254; }
}
""")
    route = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0030:02:" "00000015" "40010100" "400200" "4003040A0001FE" \
            "40050400000064" "180A0000"
    eor = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0017:02:00000000"
    ci = os.path.join(work, "steps.ci")
    with open(ci, "w") as f:
        f.write("option:file:steps.conf\n1:raw:%s\n1:raw:%s\n2:signal:SIGUSR1\n2:notification:bye\n"
                "B1:raw:%s\nB1:raw:%s\n" % (route, eor, route, eor))
    pid_file = os.path.join(work, "pid")
    qa, port = start_qa_peer(ci, work, pid_file, "--timeout", "10")
    if port is None:
        qa.kill()
        t.ok(False, "qa_peer listens", qa.communicate()[0])
        return
    srv = Server(open(conf).read(), env={"exabgp_tcp_port": str(port)})
    with open(pid_file, "w") as f:
        f.write(str(srv.proc.pid))
    try:
        out, _ = qa.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        qa.kill()
        out, _ = qa.communicate()
    t.ok(qa.returncode == 0, "qa_peer's signal: and notification: steps (reload, Cease, reconnect)",
         out + "\n" + srv.log_text()[-1500:])
    srv.stop()
    for name in os.listdir(work):
        os.unlink(os.path.join(work, name))
    os.rmdir(work)


def main():
    for test in (test_bad_config, test_reload, test_receive_and_shutdown, test_received_families, test_like_neighbours,
                 test_route_refresh,
                 test_flush_adj_rib_out, test_md5,
                 test_short_form_and_daemon, test_connections_limit, test_qa_steps):
        try:
            test()
        except Exception as e:
            import traceback
            t.ok(False, "%s raised %r" % (test.__name__, e), traceback.format_exc())
    check_servers(t)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
