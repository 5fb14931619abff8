#!/usr/bin/env python3
"""bgp_interop.py — the session engine against real BGP speakers on loopback: BIRD 2 and
Debian's ExaBGP 4.2, configured as ../shared/interop.md validates them (the peer passive on
127.0.0.1, us connecting from 127.0.0.2, documentation next hops). Each: the session
establishes, our routes are counted on the peer's side, the peer's routes reach our JSON,
and our shutdown reaches the peer as a Cease. Bounded waits; everything stopped by PID."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from bgp_peer import check_drivers, Driver, Tap, is_state

t = Tap()
V4_ROUTES = ["route 10.%d.%d.0/24 next-hop 203.0.113.2" % (i >> 8, i & 255) for i in range(100)]
V6_ROUTES = ["route 2001:db8:%x::/48 next-hop 2001:db8:ffff::2" % i for i in range(10)]


def port_free(port):
    for addr in ("127.0.0.1", "127.0.0.2"):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is not "in use"
        try:
            s.bind((addr, port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def pick_port(start):
    for port in range(start, start + 200):
        if port_free(port):
            return port
    return None


def poll(fn, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(step)
    return fn()


def stop_pid(proc, timeout=5.0):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(2)


def driver_for(port, routes_file, *extra):
    return Driver(["--peer", "127.0.0.1", "--local", "127.0.0.2", "--peer-port", str(port), "--local-as", "65002",
                   "--peer-as", "65001", "--router-id", "127.0.0.2", "--hold", "90", "--family", "ipv4 unicast",
                   "--family", "ipv6 unicast", "--routes-file", routes_file, "--retry-min", "500", *extra])


def received_prefixes(d):
    got = set()
    for _, e in d.all(lambda e: e.get("type") == "update"):
        for fam, by_nh in e["neighbor"].get("message", {}).get("update", {}).get("announce", {}).items():
            for lst in by_nh.values():
                got.update(x["nlri"] for x in lst)
    return got


# ---------------------------------------------------------------------------- BIRD

def test_bird(work, routes_file):
    if shutil.which("bird") is None or shutil.which("birdc") is None:
        t.ok(True, "# SKIP bird2 is not installed (scripts/deps.sh interop)")
        return
    port = pick_port(32179)
    conf, ctl, log = (os.path.join(work, n) for n in ("bird.conf", "bird.ctl", "bird.log"))
    with open(conf, "w") as f:
        f.write("""log "%s" all;
router id 127.0.0.1;
protocol device { }
protocol static back4 { ipv4; route 192.0.2.0/24 blackhole; route 198.51.100.0/24 blackhole; }
protocol static back6 { ipv6; route 2001:db8:f000::/48 blackhole; }
protocol bgp exa {
    local 127.0.0.1 port %d as 65001;
    neighbor 127.0.0.2 port %d as 65002;
    multihop;
    passive on;
    ipv4 { import all; export where source = RTS_STATIC; };
    ipv6 { import all; export where source = RTS_STATIC; next hop address ::1; };
}
""" % (log, port, port))
    bird = subprocess.Popen(["bird", "-c", conf, "-s", ctl, "-P", os.path.join(work, "bird.pid"), "-f"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    d = None
    try:
        if not t.ok(poll(lambda: os.path.exists(ctl), 5), "BIRD started (port %d)" % port):
            return
        birdc = lambda *a: subprocess.run(["birdc", "-s", ctl, *a], capture_output=True, text=True,
                                          timeout=5).stdout
        d = driver_for(port, routes_file)
        t.ok(d.wait(is_state("up"), 10) is not None, "BIRD: the session establishes")
        t.ok(poll(lambda: "Established" in birdc("show", "protocols", "exa"), 5), "BIRD says Established")

        def total():
            for line in birdc("show", "route", "protocol", "exa", "count").splitlines():
                if line.startswith("Total:"):
                    return int(line.split()[1])
            return 0
        count = poll(lambda: total() == len(V4_ROUTES) + len(V6_ROUTES) and total(), 10)
        t.eq(count, len(V4_ROUTES) + len(V6_ROUTES), "BIRD counts all our routes (IPv4 and IPv6)")
        want = {"192.0.2.0/24", "198.51.100.0/24", "2001:db8:f000::/48"}
        got = poll(lambda: want <= received_prefixes(d) and received_prefixes(d), 5)
        t.ok(got and want <= got, "BIRD's routes reach our JSON", got)
        t.eq(d.stop(), 0, "our shutdown")
        d = None
        info = poll(lambda: (lambda s: "Administrative shutdown" in s and s)(birdc("show", "protocols", "all",
                                                                                "exa")), 5)
        t.ok(info, "BIRD received Cease / Administrative Shutdown", info)
    finally:
        if d is not None:
            d.stop()
        subprocess.run(["birdc", "-s", ctl, "down"], capture_output=True, timeout=5)
        stop_pid(bird)


# ---------------------------------------------------------------------------- ExaBGP

RECV_PY = """import os, sys
os.set_blocking(sys.stdin.fileno(), True)
with open(sys.argv[1], "a", buffering=1) as out:
    for line in sys.stdin:
        out.write(line)
"""


def exabgp_state(path):
    rib, up, down = {}, False, None
    if not os.path.exists(path):
        return rib, up, down
    for line in open(path):
        try:
            m = json.loads(line)
        except ValueError:
            continue
        if m.get("type") == "state":
            st = m["neighbor"].get("state")
            up = up or st == "up"
            if st == "down":
                down = m["neighbor"].get("reason", "")
        note = m.get("notification") or m.get("neighbor", {}).get("notification") or \
            m.get("neighbor", {}).get("message", {}).get("notification")
        if isinstance(note, dict) and down is None:
            # ExaBGP writes the notification event and the down event in either order: either
            # one tells what arrived
            down = "notification received (%s,%s)" % (note.get("code"), note.get("subcode"))
        if m.get("type") != "update":
            continue
        u = m["neighbor"]["message"].get("update", {})
        for fam, by_nh in u.get("announce", {}).items():
            for lst in by_nh.values():
                for e in lst:
                    rib.setdefault(fam, set()).add(e["nlri"])
        for fam, lst in u.get("withdraw", {}).items():
            for e in lst:
                rib.setdefault(fam, set()).discard(e["nlri"])
    return rib, up, down


def test_exabgp(work, routes_file):
    exabgp = shutil.which("exabgp")
    if exabgp is None:
        t.ok(True, "# SKIP exabgp is not installed (scripts/deps.sh interop)")
        return
    port = pick_port(32183)
    peer = os.path.join(work, "exa")
    os.makedirs(peer, exist_ok=True)
    recv_py, recv_json = os.path.join(peer, "recv.py"), os.path.join(peer, "recv.json")
    with open(recv_py, "w") as f:
        f.write(RECV_PY)
    conf = os.path.join(peer, "exabgp.conf")
    with open(conf, "w") as f:
        f.write("""process receiver {
    run /usr/bin/python3 %s %s;
    encoder json;
}
neighbor 127.0.0.2 {
    router-id 127.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    hold-time 90;
    passive;
    family {
        ipv4 unicast;
        ipv6 unicast;
    }
    api {
        processes [ receiver ];
        neighbor-changes;
        receive { parsed; update; notification; }
    }
    static {
        route 192.0.2.0/24 next-hop 127.0.0.1;
        route 198.51.100.0/24 next-hop 127.0.0.1;
        route 2001:db8:f000::/48 next-hop 2001:db8:ffff::1;
    }
}
""" % (recv_py, recv_json))
    env = dict(os.environ, exabgp_tcp_bind="127.0.0.1", exabgp_tcp_port=str(port), exabgp_api_cli="false",
               exabgp_daemon_user="root", exabgp_log_destination=os.path.join(peer, "exa.log"))
    exa = subprocess.Popen([exabgp, conf], cwd=peer, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    d = None
    try:
        listening = poll(lambda: not port_free(port), 10)
        if not t.ok(listening, "ExaBGP 4.2 started, listening on 127.0.0.1:%d" % port):
            return
        # ExaBGP 4.2 cannot read a non-empty Shutdown Communication (a bytes/str formatting
        # error in its Notification class turns it into "can not decode"): an empty one
        d = driver_for(port, routes_file, "--shutdown-text", "")
        t.ok(d.wait(is_state("up"), 10) is not None, "ExaBGP: the session establishes")
        rib = poll(lambda: (lambda r: len(r[0].get("ipv4 unicast", ())) == len(V4_ROUTES) and
                            len(r[0].get("ipv6 unicast", ())) == len(V6_ROUTES) and r)(exabgp_state(recv_json)), 10)
        counts = {k: len(v) for k, v in (rib or exabgp_state(recv_json))[0].items()}
        t.eq(counts, {"ipv4 unicast": len(V4_ROUTES), "ipv6 unicast": len(V6_ROUTES)},
             "ExaBGP counts all our routes (IPv4 and IPv6)")
        want = {"192.0.2.0/24", "198.51.100.0/24", "2001:db8:f000::/48"}
        got = poll(lambda: want <= received_prefixes(d) and received_prefixes(d), 5)
        t.ok(got and want <= got, "ExaBGP's routes reach our JSON", got)
        t.eq(d.stop(), 0, "our shutdown")
        d = None
        # ExaBGP (Python) writes its down event through its helper: on a loaded 2-core
        # machine that has taken over 5 s
        down = poll(lambda: exabgp_state(recv_json)[2], 15)
        t.ok(down and "notification received (6,2)" in down,
             "ExaBGP received Cease / Administrative Shutdown", down)
    finally:
        if d is not None:
            d.stop()
        stop_pid(exa, 8)


def main():
    work = tempfile.mkdtemp(prefix="attobgp-interop-")
    routes_file = os.path.join(work, "routes.txt")
    with open(routes_file, "w") as f:
        f.write("\n".join(V4_ROUTES + V6_ROUTES) + "\n")
    for test in (test_bird, test_exabgp):
        try:
            test(work, routes_file)
        except Exception as e:
            import traceback
            t.ok(False, "%s raised %r" % (test.__name__, e), traceback.format_exc())
    shutil.rmtree(work, ignore_errors=True)
    check_drivers(t)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
