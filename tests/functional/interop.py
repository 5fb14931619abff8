#!/usr/bin/env python3
"""interop.py PEER — `attobgp server` against a real BGP speaker on loopback.

PEER is bird, frr, gobgp, openbgpd or exabgp (Debian's bird2, frr, gobgpd, openbgpd and
exabgp 4.2), configured as ../shared/interop.md validates them: the peer passive on
127.0.0.1:P, attobgp connecting from 127.0.0.2, documentation next hops (FRR and GoBGP
refuse a 127/8 one). For each peer:
  - the session establishes;
  - 10,000 IPv4 /24 and 1,000 IPv6 /48 routes of a configuration file arrive and are
    counted on the peer's side (birdc, vtysh, gobgp, bgpctl, ExaBGP's JSON);
  - ADD-PATH: a prefix announced with two path identifiers arrives as two paths with those
    identifiers (where the peer shows them; BIRD shows the two paths);
  - the routes the peer announces (2 IPv4, 1 IPv6) reach attobgp's JSON;
  - withdrawals: the file is rewritten with half the routes, SIGHUP, the peer's count halves;
  - SIGTERM: the shutdown reaches the peer as Cease / Administrative Shutdown.
Bounded waits; every process stopped by its pid; the temporary directory removed.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from bgp_peer import Tap  # noqa: E402
from server_peer import Server, check_servers  # noqa: E402

N4, N6 = 10000, 1000
BACK = {"192.0.2.0/24", "198.51.100.0/24", "2001:db8:f000::/48"}
t = Tap()


def v4_routes(n):
    return ["10.%d.%d.0/24 next-hop 203.0.113.2" % (i >> 8, i & 255) for i in range(n)]


def v6_routes(n):
    return ["2001:db8:%x::/48 next-hop 2001:db8:ffff::2" % i for i in range(n)]


# two paths of one prefix, told apart by their ADD-PATH identifiers
ADDPATH = ["10.250.0.0/24 next-hop 203.0.113.2 path-information 0.0.0.1",
           "10.250.0.0/24 next-hop 203.0.113.3 path-information 0.0.0.2 med 20"]


def attobgp_config(n4, n6, shutdown_text=True):
    routes = v4_routes(n4) + v6_routes(n6) + ADDPATH
    return """process watch {
	run /bin/cat;
	encoder json;
}
neighbor 127.0.0.1 {
	router-id 127.0.0.2;
	local-address 127.0.0.2;
	local-as 65002;
	peer-as 65001;
	hold-time 90;
	family {
		ipv4 unicast;
		ipv6 unicast;
	}
	capability {
		add-path send;
	}
	api {
		processes [ watch ];
		neighbor-changes;
		receive { parsed; update; }
	}
	static {
%s	}
}
""" % "".join("\t\troute %s;\n" % r for r in routes)


def poll(fn, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(step)
    return fn()


def port_free(port):
    for addr in ("127.0.0.1", "127.0.0.2"):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((addr, port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def pick_port(start):
    for port in range(start, start + 300):
        if port_free(port):
            return port
    raise RuntimeError("no free port from %d" % start)


def run(args, **kw):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10, **kw).stdout
    except (subprocess.TimeoutExpired, OSError):
        return ""


def stop_proc(proc, timeout=5.0):
    if proc is not None and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(2)


# ---------------------------------------------------------------------------- the peers

class Bird:
    name, binaries, base = "BIRD", ("bird", "birdc"), 32179

    def start(self, work, port):
        self.ctl = os.path.join(work, "bird.ctl")
        conf = os.path.join(work, "bird.conf")
        with open(conf, "w") as f:
            f.write("""log "%s/bird.log" all;
router id 127.0.0.1;
protocol device { }
protocol static back4 { ipv4; route 192.0.2.0/24 blackhole; route 198.51.100.0/24 blackhole; }
protocol static back6 { ipv6; route 2001:db8:f000::/48 blackhole; }
protocol bgp exa {
    local 127.0.0.1 port %d as 65001;
    neighbor 127.0.0.2 port %d as 65002;
    multihop;
    passive on;
    ipv4 { import all; export where source = RTS_STATIC; add paths rx; };
    ipv6 { import all; export where source = RTS_STATIC; next hop address ::1; add paths rx; };
}
""" % (work, port, port))
        self.proc = subprocess.Popen(["bird", "-c", conf, "-s", self.ctl, "-P", os.path.join(work, "bird.pid"),
                                      "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return poll(lambda: os.path.exists(self.ctl), 5)

    def birdc(self, *a):
        return run(["birdc", "-s", self.ctl, *a])

    def established(self):
        return "Established" in self.birdc("show", "protocols", "exa")

    def count(self):
        m = re.search(r"Total: (\d+) of", self.birdc("show", "route", "protocol", "exa", "count"))
        return int(m.group(1)) if m else 0

    def paths(self):
        """{next hop: path id or None} of the ADD-PATH prefix (BIRD 2.0 does not show ids)."""
        out = self.birdc("show", "route", "10.250.0.0/24", "all")
        return {nh: None for nh in re.findall(r"BGP.next_hop: (\S+)", out)}

    def cease(self):
        out = self.birdc("show", "protocols", "all", "exa")
        return "Administrative shutdown" in out and out

    def stop(self):
        self.birdc("down")
        stop_proc(self.proc)


class Frr:
    name, binaries, base = "FRR", ("/usr/lib/frr/bgpd", "vtysh"), 32380

    def start(self, work, port):
        self.work = work
        conf = os.path.join(work, "bgpd.conf")
        with open(conf, "w") as f:
            f.write("""frr defaults traditional
hostname frr-test
log file %s/bgpd.log informational
!
bgp as-path access-list LOCAL-ONLY seq 5 permit ^$
!
router bgp 65001
 bgp router-id 127.0.0.1
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.2 remote-as 65002
 neighbor 127.0.0.2 passive
 !
 address-family ipv4 unicast
  network 192.0.2.0/24
  network 198.51.100.0/24
  neighbor 127.0.0.2 filter-list LOCAL-ONLY out
 exit-address-family
 !
 address-family ipv6 unicast
  network 2001:db8:f000::/48
  neighbor 127.0.0.2 activate
  neighbor 127.0.0.2 filter-list LOCAL-ONLY out
 exit-address-family
!
""" % work)
        self.proc = subprocess.Popen(["/usr/lib/frr/bgpd", "-f", conf, "-i", os.path.join(work, "bgpd.pid"),
                                      "--vty_socket", work, "-p", str(port), "-l", "127.0.0.1", "-Z", "-S", "-P",
                                      "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return poll(lambda: os.path.exists(os.path.join(work, "bgpd.vty")), 5)

    def vtysh(self, command):
        out = run(["vtysh", "--vty_socket", self.work, "-d", "bgpd", "-c", command])
        try:
            return json.loads(out)
        except ValueError:
            return {}

    def summary(self):
        d = self.vtysh("show bgp summary json")
        return {k: v.get("peers", {}).get("127.0.0.2", {}) for k, v in d.items() if isinstance(v, dict)}

    def established(self):
        return any(p.get("state") == "Established" for p in self.summary().values())

    def count(self):
        return sum(p.get("pfxRcd", 0) for p in self.summary().values())

    def paths(self):
        d = self.vtysh("show bgp ipv4 unicast 10.250.0.0/24 json")
        return {p["nexthops"][0]["ip"]: p.get("addpathRxId") for p in d.get("paths", [])}

    def cease(self):
        d = self.vtysh("show bgp neighbors 127.0.0.2 json").get("127.0.0.2", {})
        text = json.dumps(d)
        return ("Administrative Shutdown" in text or "Administratively Shutdown" in text) and text[:400]

    def stop(self):
        stop_proc(self.proc)


class GoBgp:
    name, binaries, base = "GoBGP", ("gobgpd", "gobgp"), 32580
    # the families of the session, each with ADD-PATH receive or not
    families = (("ipv4-unicast", True), ("ipv6-unicast", True))
    # routes GoBGP announces to us, as (prefix, gobgp family)
    announces = (("192.0.2.0/24", "ipv4"), ("198.51.100.0/24", "ipv4"), ("2001:db8:f000::/48", "ipv6"))

    def start(self, work, port):
        self.sock = os.path.join(work, "gobgp.sock")
        self.log = os.path.join(work, "gobgpd.log")
        conf = os.path.join(work, "gobgpd.toml")
        afi = "".join("""  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "%s"
""" % f + ("""    [neighbors.afi-safis.add-paths.config]
      receive = true
""" if addpath else "") for f, addpath in self.families)
        with open(conf, "w") as f:
            f.write("""[global.config]
  as = 65001
  router-id = "127.0.0.1"
  port = %d
  local-address-list = ["127.0.0.1"]

[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.2"
    peer-as = 65002
  [neighbors.transport.config]
    passive-mode = true
    local-address = "127.0.0.1"
%s""" % (port, afi))
        self.logf = open(self.log, "w")
        self.proc = subprocess.Popen(["gobgpd", "-f", conf, "-t", "toml", "--api-hosts", "unix://" + self.sock,
                                      "--pprof-disable", "-l", "info", "-p"], stdout=self.logf,
                                     stderr=subprocess.STDOUT)
        if not poll(lambda: os.path.exists(self.sock), 5):
            return False
        for prefix, fam in self.announces:
            run(self.gobgp("global", "rib", "add", prefix, "-a", fam))
        return True

    def gobgp(self, *a):
        return ["gobgp", "--target", "unix://" + self.sock, *a]

    def neighbor(self):
        try:
            return json.loads(run(self.gobgp("neighbor", "127.0.0.2", "-j")))
        except ValueError:
            return {}

    def established(self):
        return self.neighbor().get("state", {}).get("session_state") == 6

    def count(self):
        return sum(a.get("state", {}).get("received", 0) for a in self.neighbor().get("afi_safis", []))

    def paths(self):
        out = run(self.gobgp("neighbor", "127.0.0.2", "adj-in", "-a", "ipv4", "10.250.0.0/24"))
        got = {}
        for line in out.splitlines():
            m = re.match(r"\s*(\d+)\s+10\.250\.0\.0/24\s+(\S+)", line)
            if m:
                got[m.group(2)] = int(m.group(1))
        return got

    def cease(self):
        text = open(self.log).read()
        return "code 6(cease) subcode 2(administrative shutdown)" in text and "cease subcode 2"

    def stop(self):
        stop_proc(self.proc)
        self.logf.close()


class OpenBgpd:
    name, binaries, base = "OpenBGPD", ("/usr/sbin/bgpd", "bgpctl"), 32780

    def start(self, work, port):
        self.sock = os.path.join(work, "bgpd.sock")
        conf = os.path.join(work, "bgpd.conf")
        with open(conf, "w") as f:
            f.write("""AS 65001
router-id 127.0.0.1
listen on 127.0.0.1 port %d
socket "%s"
fib-update no
network 192.0.2.0/24
network 198.51.100.0/24
network 2001:db8:f000::/48
neighbor 127.0.0.2 {
    remote-as 65002
    local-address 127.0.0.1
    passive
    announce IPv4 unicast
    announce IPv6 unicast
    announce add-path recv yes
}
allow from any
allow to any
""" % (port, self.sock))
        # the chroot of its unprivileged processes (systemd's RuntimeDirectory otherwise)
        os.makedirs("/run/openbgpd", mode=0o755, exist_ok=True)
        self.logf = open(os.path.join(work, "bgpd.log"), "w")
        self.proc = subprocess.Popen(["/usr/sbin/bgpd", "-d", "-f", conf], stdout=self.logf, stderr=subprocess.STDOUT)
        return poll(lambda: os.path.exists(self.sock), 5)

    def show(self):
        return run(["bgpctl", "-s", self.sock, "show", "neighbor", "127.0.0.2"])

    def established(self):
        return "BGP state = Established" in self.show()

    def count(self):
        m = re.search(r"^  Prefixes\s+\d+\s+(\d+)", self.show(), re.M)
        return int(m.group(1)) if m else 0

    def paths(self):
        out = run(["bgpctl", "-s", self.sock, "show", "rib", "detail", "10.250.0.0/24"])
        return {nh: int(pid) for nh, pid in re.findall(r"Nexthop (\S+) .*Path-Id: (\d+)", out)}

    def cease(self):
        out = self.show()
        m = re.search(r"Last error received: (.*)", out)
        return m and "Cease, administratively down" in m.group(1) and m.group(1)

    def stop(self):
        stop_proc(self.proc)
        self.logf.close()


RECV_PY = """import os, sys
os.set_blocking(sys.stdin.fileno(), True)
with open(sys.argv[1], "a", buffering=1) as out:
    for line in sys.stdin:
        out.write(line)
"""


class ExaBgp:
    name, binaries, base = "ExaBGP 4.2", ("exabgp",), 32980

    def start(self, work, port):
        self.recv = os.path.join(work, "recv.json")
        recv_py = os.path.join(work, "recv.py")
        with open(recv_py, "w") as f:
            f.write(RECV_PY)
        conf = os.path.join(work, "exabgp.conf")
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
    capability {
        add-path receive;
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
""" % (recv_py, self.recv))
        env = dict(os.environ, exabgp_tcp_bind="127.0.0.1", exabgp_tcp_port=str(port), exabgp_api_cli="false",
                   exabgp_daemon_user="root", exabgp_log_destination=os.path.join(work, "exa.log"))
        self.proc = subprocess.Popen(["exabgp", conf], cwd=work, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.port = port
        return poll(lambda: not port_free(port), 10)

    def state(self):
        rib, up, down = {}, False, None
        if not os.path.exists(self.recv):
            return rib, up, down
        for line in open(self.recv):
            try:
                m = json.loads(line)
            except ValueError:
                continue
            if m.get("type") == "state":
                st = m["neighbor"].get("state")
                up = up or st == "up"
                if st == "down":
                    down = m["neighbor"].get("reason", "")
            if m.get("type") != "update":
                continue
            u = m["neighbor"]["message"].get("update", {})
            for fam, by_nh in u.get("announce", {}).items():
                for nh, lst in by_nh.items():
                    for e in lst:
                        rib[(e["nlri"], e.get("path-information"))] = nh
            for fam, lst in u.get("withdraw", {}).items():
                for e in lst:
                    rib.pop((e["nlri"], e.get("path-information")), None)
        return rib, up, down

    def established(self):
        return self.state()[1]

    def count(self):
        return len(self.state()[0])

    def paths(self):
        rib = self.state()[0]
        return {nh: int(ip.split(".")[-1]) for (nlri, ip), nh in rib.items() if nlri == "10.250.0.0/24" and ip}

    def cease(self):
        down = self.state()[2]
        return down and "(6,2)" in down and down

    def stop(self):
        stop_proc(self.proc, 8)


PEERS = {"bird": Bird, "frr": Frr, "gobgp": GoBgp, "openbgpd": OpenBgpd, "exabgp": ExaBgp}


def received_prefixes(srv):
    got = set()
    for e in srv.json_events():
        if e.get("type") != "update":
            continue
        for by_nh in e["neighbor"].get("message", {}).get("update", {}).get("announce", {}).values():
            for lst in by_nh.values():
                got.update(x["nlri"] for x in lst)
    return got


def interop(peer):
    missing = [b for b in peer.binaries if shutil.which(b) is None and not os.path.exists(b)]
    if missing:
        t.ok(True, "# SKIP %s is not installed (scripts/deps.sh interop): %s" % (peer.name, " ".join(missing)))
        return
    if isinstance(peer, OpenBgpd) and os.geteuid() != 0:
        t.ok(True, "# SKIP OpenBGPD runs only as root (privilege separation)")
        return
    work = tempfile.mkdtemp(prefix="attobgp-interop-")
    port = pick_port(peer.base)
    srv = None
    try:
        if not t.ok(peer.start(work, port), "%s started (port %d)" % (peer.name, port)):
            return
        total = N4 + N6 + len(ADDPATH)
        # ExaBGP 4.2 cannot decode a non-empty RFC 9003 text: none for it (the default)
        srv = Server(attobgp_config(N4, N6), env={"exabgp_tcp_port": str(port)})
        start = time.monotonic()
        t.ok(poll(peer.established, 15), "%s: the session establishes" % peer.name, srv.log_text()[-1500:])
        count = poll(lambda: peer.count() == total and total, 30)
        t.diag("%s counted %s of %d paths in %.2f s" % (peer.name, peer.count(), total, time.monotonic() - start))
        t.eq(peer.count(), total, "%s counts our %d IPv4 and %d IPv6 routes (and the 2 ADD-PATH paths)" % (peer.name, N4, N6))
        paths = poll(lambda: len(peer.paths()) == 2 and peer.paths(), 5)
        want = {"203.0.113.2": 1, "203.0.113.3": 2}
        if peer.name == "BIRD":
            t.eq(set(paths or {}), set(want), "BIRD holds both ADD-PATH paths of 10.250.0.0/24")
        else:
            t.eq(paths, want, "%s: both ADD-PATH paths of 10.250.0.0/24, path ids 1 and 2" % peer.name)
        got = poll(lambda: BACK <= received_prefixes(srv) and received_prefixes(srv), 10)
        t.ok(got and BACK <= got, "%s's routes reach attobgp's JSON" % peer.name, got)
        # withdrawals: half the routes leave the file
        srv.rewrite(attobgp_config(N4 // 2, N6 // 2))
        srv.signal(signal.SIGHUP)
        half = N4 // 2 + N6 // 2 + len(ADDPATH)
        start = time.monotonic()
        poll(lambda: peer.count() == half, 20)
        t.diag("%s counted %d paths %.2f s after the reload" % (peer.name, peer.count(), time.monotonic() - start))
        t.eq(peer.count(), half, "%s: the withdrawals arrive (reload with half the routes)" % peer.name)
        t.eq(srv.stop(), 0, "attobgp exits 0 on SIGTERM")
        seen = poll(peer.cease, 5)
        t.ok(seen, "%s received Cease / Administrative Shutdown" % peer.name, seen)
    finally:
        if srv is not None:
            srv.stop()
        peer.stop()
        shutil.rmtree(work, ignore_errors=True)


def main():
    names = sys.argv[1:] or list(PEERS)
    for name in names:
        try:
            interop(PEERS[name]())
        except Exception as e:
            import traceback
            t.ok(False, "%s raised %r" % (name, e), traceback.format_exc())
    check_servers(t)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
