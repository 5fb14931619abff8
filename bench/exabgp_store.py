#!/usr/bin/python3
"""ExaBGP (Debian's python3-exabgp 4.2) holding bench/b_store's routes, for a same-run comparison.

  exabgp_store.py N4 N6 NEIGHBOURS [--no-drain]

Every route is handled the way ExaBGP handles an `announce route ...` API command sent to
all neighbours: the text parsed by ExaBGP's own route grammar into a Change, injected
into every neighbour's outgoing RIB (Configuration.inject_change). Then, unless
--no-drain, the UPDATEs each neighbour's session would send are generated (what
Protocol.new_update does), which moves the routes into each neighbour's cache of what was
sent. The routes, attributes and next hops come from the same formula as b_store.c's.
Prints "key value" lines: RSS in KiB at each step, seconds per step, UPDATE count.
Runs under /usr/bin/python3, where Debian installs ExaBGP.
"""

import sys
import time

TEMPLATES = 8192
AS_PATHS = 4096
COMMUNITY_LISTS = 256
RUN = 16


def H(x):
    return (x * 2654435761) & 0xFFFFFFFF


def template_attributes(t, v6):
    """The text after the prefix, for template t: the same formula as b_store.c."""
    a = H(t ^ 0x5BD1) % AS_PATHS
    c = H(t + 77) % COMMUNITY_LISTS
    if t % 10 == 0:
        nh = "self"
    elif v6:
        nh = "2001:db8::%d" % (1 + t % 4)
    else:
        nh = "192.0.2.%d" % (1 + t % 8)
    words = ["next-hop", nh, "as-path", "["]
    words += [str(1000 + H(a * 8 + j) % 60000) for j in range(1 + H(a) % 8)]
    words.append("]")
    if t % 3:
        words += ["med", str(t % 16)]
    if c % 7:
        words += ["community", "["] + ["65000:%d" % (H(c * 16 + j) % 65536) for j in range(c % 7)] + ["]"]
    return " ".join(words)


def template_of(i, v6):
    return H(i // RUN + (1000003 if v6 else 0)) % TEMPLATES


def v4_prefix(i):
    return "%d.%d.%d.0/24" % (1 + (i >> 16), (i >> 8) & 255, i & 255)


def v6_prefix(i):
    return "2400:%x:%x::/48" % ((i >> 16) & 0xFFFF, i & 0xFFFF)


def rss_kib(key="VmRSS"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def main():
    n4, n6, nn = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    drain = "--no-drain" not in sys.argv
    print("rss_start_kib %d" % rss_kib())

    from exabgp.configuration.configuration import Configuration
    from exabgp.configuration.setup import environment
    from exabgp.bgp.message import OUT

    env = environment.setup("")
    env.log.enable = False

    # b_store's sessions: the first half iBGP, the rest eBGP with their own AS
    conf = ""
    for i in range(nn):
        ibgp = i < nn // 2
        conf += """
neighbor 127.0.1.%d {
    router-id 127.0.0.1;
    local-address 127.0.0.1;
    local-as 65000;
    peer-as %d;
    family { ipv4 unicast; ipv6 unicast; }
}
""" % (i + 1, 65000 if ibgp else 65100 + i)
    configuration = Configuration([conf], text=True)
    if not configuration.reload():
        raise SystemExit("exabgp configuration error: %s" % configuration.error)
    peers = list(configuration.neighbors.keys())

    # the API's own parser, as the reactor's API uses one (reactor/api/__init__.py api_route)
    parser = Configuration([])

    def api_route(line):
        parser.static.clear()
        if not parser.partial("static", line, "announce"):
            raise SystemExit("exabgp could not parse: %s" % line)
        parser.scope.to_context()
        return parser.scope.pop_routes()

    def announce(prefix, attributes):
        for change in api_route("route %s %s" % (prefix, attributes)):
            change.nlri.action = OUT.ANNOUNCE
            configuration.inject_change(peers, change)

    attrs4 = [template_attributes(t, False) for t in range(TEMPLATES)]
    attrs6 = [template_attributes(t, True) for t in range(TEMPLATES)]
    print("rss_base_kib %d" % rss_kib())

    t0 = time.perf_counter()
    for i in range(n4):
        announce(v4_prefix(i), attrs4[template_of(i, False)])
    t1 = time.perf_counter()
    print("rss_v4_kib %d" % rss_kib())
    for i in range(n6):
        announce(v6_prefix(i), attrs6[template_of(i, True)])
    t2 = time.perf_counter()
    print("rss_loaded_kib %d" % rss_kib())
    print("add_s %.3f" % (t2 - t0))
    print("add_v4_s %.3f" % (t1 - t0))

    if drain:
        from exabgp.bgp.message.open import Open, Version, ASN, RouterID, HoldTime
        from exabgp.bgp.message.open.capability import Capabilities, Capability, Negotiated

        updates = 0
        t3 = time.perf_counter()
        for key in peers:
            neighbor = configuration.neighbors[key]
            capa = Capabilities().new(neighbor, False)
            capa[Capability.CODE.MULTIPROTOCOL] = neighbor.families()
            local, peer = int(neighbor.local_as), int(neighbor.peer_as)
            negotiated = Negotiated(neighbor)
            negotiated.sent(Open(Version(4), ASN(local), HoldTime(180), RouterID("127.0.0.1"), capa))
            negotiated.received(Open(Version(4), ASN(peer), HoldTime(180), RouterID("127.0.0.2"), capa))
            for update in neighbor.rib.outgoing.updates(neighbor.group_updates):
                for _ in update.messages(negotiated, True):
                    updates += 1
        t4 = time.perf_counter()
        print("rss_sent_kib %d" % rss_kib())
        print("drain_s %.3f" % (t4 - t3))
        print("drain_updates %d" % updates)
    print("rss_peak_kib %d" % rss_kib("VmHWM"))


if __name__ == "__main__":
    main()
