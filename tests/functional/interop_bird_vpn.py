#!/usr/bin/env python3
"""interop_bird_vpn.py — labelled and VPN routes from `attobgp server` to BIRD 2.

BIRD (Debian's bird2) passive on 127.0.0.1:P with vpn4 mpls, vpn6 mpls and ipv4 mpls
channels; attobgp connects from 127.0.0.2 and announces, from its configuration:
  - two VPN-IPv4 routes (RD type 0 and type 1, one label and a stack of two),
  - one VPN-IPv6 route, one labelled IPv4 unicast route;
BIRD must hold each with its RD, label stack, next hop and route target (birdc show route
... all). Then the configuration loses one VPN route, SIGHUP, and BIRD must drop it (the
withdrawal). RFC 4364 / RFC 4659 / RFC 8277 bytes proved against a real peer.
Bounded waits; processes stopped by pid; the temporary directory removed. Prints TAP.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from bgp_peer import Tap  # noqa: E402
from interop import pick_port, poll, run, stop_proc  # noqa: E402
from server_peer import Server, check_servers  # noqa: E402

t = Tap()

ROUTES = [
    "10.1.0.0/24 rd 65002:1 label 1000 next-hop 203.0.113.2 extended-community [ target:65002:1 ]",
    "10.2.0.0/24 rd 192.0.2.1:7 label [ 2000 2001 ] next-hop 203.0.113.2",
    "2001:db8:1::/48 rd 65002:2 label 3000 next-hop 2001:db8:ffff::2",
    "10.3.0.0/24 label 4000 next-hop 203.0.113.2",
]


def attobgp_config(routes):
    return """neighbor 127.0.0.1 {
	router-id 127.0.0.2;
	local-address 127.0.0.2;
	local-as 65002;
	peer-as 65001;
	family { ipv4 mpls-vpn; ipv6 mpls-vpn; ipv4 nlri-mpls; }
	static {
%s	}
}
""" % "".join("\t\troute %s;\n" % r for r in routes)


def bird_routes(birdc):
    """{(table, rd or '', prefix): {label stack, next hop, route target}} as birdc shows them"""
    out = birdc("show", "route", "protocol", "exa", "all")
    routes, table, cur = {}, None, None
    for line in out.splitlines():
        m = re.match(r"Table (\S+):", line)
        if m:
            table = m.group(1)
            continue
        m = re.match(r"(?:(\S+:\S+) )?(\S+/\d+)\s", line)
        if m and not line.startswith("\t"):
            cur = routes.setdefault((table, m.group(1) or "", m.group(2)), {})
            continue
        m = re.match(r"\tBGP\.(mpls_label_stack|next_hop|ext_community): (.*)", line)
        if m and cur is not None:
            cur[m.group(1)] = m.group(2).strip()
    return routes


def main():
    if shutil.which("bird") is None or shutil.which("birdc") is None:
        t.ok(True, "# SKIP BIRD is not installed (scripts/deps.sh interop)")
        return t.done()
    work = tempfile.mkdtemp(prefix="attobgp-interop-vpn-")
    port = pick_port(32479)
    ctl = os.path.join(work, "bird.ctl")
    conf = os.path.join(work, "bird.conf")
    with open(conf, "w") as f:
        f.write("""log "%s/bird.log" all;
router id 127.0.0.1;
vpn4 table vpntab4;
vpn6 table vpntab6;
protocol device { }
protocol bgp exa {
    local 127.0.0.1 port %d as 65001;
    neighbor 127.0.0.2 port %d as 65002;
    multihop;
    passive on;
    vpn4 mpls { table vpntab4; import all; export none; };
    vpn6 mpls { table vpntab6; import all; export none; };
    ipv4 mpls { import all; export none; };
}
""" % (work, port, port))
    bird = subprocess.Popen(["bird", "-c", conf, "-s", ctl, "-P", os.path.join(work, "bird.pid"), "-f"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    srv = None

    def birdc(*a):
        return run(["birdc", "-s", ctl, *a])

    try:
        if not t.ok(poll(lambda: os.path.exists(ctl), 5), "BIRD started (port %d)" % port):
            return t.done()
        srv = Server(attobgp_config(ROUTES), env={"exabgp_tcp_port": str(port)})
        t.ok(poll(lambda: "Established" in birdc("show", "protocols", "exa"), 15), "the session establishes",
             srv.log_text()[-1500:])
        want = {
            ("vpntab4", "65002:1", "10.1.0.0/24"): {"mpls_label_stack": "1000", "next_hop": "203.0.113.2",
                                                    "ext_community": "(rt, 65002, 1)"},
            ("vpntab4", "192.0.2.1:7", "10.2.0.0/24"): {"mpls_label_stack": "2000/2001", "next_hop": "203.0.113.2"},
            ("vpntab6", "65002:2", "2001:db8:1::/48"): {"mpls_label_stack": "3000", "next_hop": "2001:db8:ffff::2"},
            ("master4", "", "10.3.0.0/24"): {"mpls_label_stack": "4000", "next_hop": "203.0.113.2"},
        }
        got = poll(lambda: len(bird_routes(birdc)) == len(want) and bird_routes(birdc), 10)
        t.eq(got, want, "BIRD holds the VPN-IPv4, VPN-IPv6 and labelled routes with their RD, labels, "
                        "next hop and route target")
        srv.rewrite(attobgp_config(ROUTES[1:]))
        srv.signal(signal.SIGHUP)
        del want[("vpntab4", "65002:1", "10.1.0.0/24")]
        got = poll(lambda: len(bird_routes(birdc)) == len(want) and bird_routes(birdc), 10)
        t.eq(got, want, "the VPN route taken out of the configuration is withdrawn")
        t.eq(srv.stop(), 0, "attobgp exits 0 on SIGTERM")
    finally:
        if srv is not None:
            srv.stop()
        birdc("down")
        stop_proc(bird)
        shutil.rmtree(work, ignore_errors=True)
    check_servers(t)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
