#!/usr/bin/env python3
"""interop_flow.py — attobgp's flow routes (RFC 8955) read back by a real speaker: GoBGP.

`attobgp server` announces two flowspec rules of its configuration (a `flow { route { match
{ } then { } } }` block, ExaBGP's syntax) to gobgpd on loopback (the peer passive on
127.0.0.1:P, attobgp connecting from 127.0.0.2, as ../shared/interop.md validates), and
`gobgp global rib -a ipv4-flowspec` must show both, with their match components and their
actions (traffic-rate 0 = discard, redirect to a route target). Then the configuration loses
one rule, SIGHUP, and GoBGP must hold only the other (the withdraw arrived).
Bounded waits; every process stopped by its pid; the temporary directory removed.
"""
import os
import shutil
import signal
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from bgp_peer import Tap  # noqa: E402
from interop import GoBgp, pick_port, poll, run  # noqa: E402
from server_peer import Server, check_servers  # noqa: E402

t = Tap()

RULES = {
    "block-web": """		route block-web {
			match {
				destination 192.0.2.1/32;
				protocol tcp;
				destination-port [ =80 =443 ];
			}
			then {
				discard;
			}
		}
""",
    "steer-dns": """		route steer-dns {
			match {
				source 198.51.100.0/24;
				protocol udp;
				source-port =53;
				packet-length >512;
			}
			then {
				redirect 65001:100;
			}
		}
""",
}


def attobgp_config(names):
    return """neighbor 127.0.0.1 {
	router-id 127.0.0.2;
	local-address 127.0.0.2;
	local-as 65002;
	peer-as 65001;
	hold-time 90;
	family {
		ipv4 flow;
	}
	flow {
%s	}
}
""" % "".join(RULES[n] for n in names)


class GoBgpFlow(GoBgp):
    """GoBGP with one ipv4-flowspec session and nothing of its own to announce."""
    families = (("ipv4-flowspec", False),)
    announces = ()

    def rib(self):
        return run(self.gobgp("global", "rib", "-a", "ipv4-flowspec"))

    def rules(self):
        return [line for line in self.rib().splitlines() if line.lstrip().startswith("*>")]


def main():
    if shutil.which("gobgpd") is None or shutil.which("gobgp") is None:
        t.ok(True, "# SKIP GoBGP is not installed (scripts/deps.sh interop)")
        return t.done()
    work = tempfile.mkdtemp(prefix="attobgp-interop-flow-")
    peer, srv = GoBgpFlow(), None
    try:
        port = pick_port(32640)
        if not t.ok(peer.start(work, port), "gobgpd started (port %d)" % port):
            return t.done()
        srv = Server(attobgp_config(["block-web", "steer-dns"]), env={"exabgp_tcp_port": str(port)})
        rules = poll(lambda: len(peer.rules()) == 2 and peer.rules(), 20)
        text = "\n".join(rules or [])
        t.ok(len(rules or []) == 2, "GoBGP holds our two flowspec rules", peer.rib() + srv.log_text()[-1500:])
        # GoBGP's text: [destination: 192.0.2.1/32][protocol: ==tcp][destination-port: ==80 ==443]
        block = next((r for r in rules or [] if "192.0.2.1/32" in r), "")
        t.ok("tcp" in block and "80" in block and "443" in block, "the first rule's match arrives whole", block)
        t.ok("discard" in block, "the first rule's action: discard (traffic-rate 0)", block)
        steer = next((r for r in rules or [] if "198.51.100.0/24" in r), "")
        t.ok("udp" in steer and "53" in steer and "512" in steer, "the second rule's match arrives whole", steer)
        t.ok("redirect" in steer and "65001:100" in steer, "the second rule's action: redirect 65001:100", steer)
        t.diag(text)
        # withdraw: the rule leaves the file
        srv.rewrite(attobgp_config(["steer-dns"]))
        srv.signal(signal.SIGHUP)
        left = poll(lambda: len(peer.rules()) == 1 and peer.rules(), 20)
        t.ok(left and "198.51.100.0/24" in left[0], "after a reload without it, the first rule is withdrawn",
             peer.rib())
        t.eq(srv.stop(), 0, "attobgp exits 0 on SIGTERM")
    finally:
        if srv is not None:
            srv.stop()
        peer.stop()
        shutil.rmtree(work, ignore_errors=True)
    check_servers(t)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
