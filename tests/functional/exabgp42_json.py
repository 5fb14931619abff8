#!/usr/bin/python3
"""Decode hex UPDATEs with Debian's ExaBGP 4.2 library and print its JSON, one line each.

  exabgp42_json.py LOCAL_AS PEER_AS ADDPATH(0|1) ASN4(0|1) < hex lines

The independent reference for attobgp's 4.x JSON shape (`attobgp decode --json-v4`), its
text as well as its values: the line is ExaBGP's own, as its API writes it to a helper.
Runs under /usr/bin/python3, where Debian installs ExaBGP. An UPDATE ExaBGP cannot decode
prints {"error": "..."}.
"""

import json
import sys


def main():
    local_as, peer_as, addpath, asn4 = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4] == "1"
    from exabgp.configuration.setup import environment

    env = environment.setup("")
    env.log.enable = False
    from exabgp.configuration.configuration import Configuration
    from exabgp.bgp.message.open import Open, Version, ASN, RouterID, HoldTime
    from exabgp.bgp.message.open.capability import Capabilities, Capability, Negotiated
    from exabgp.bgp.message import Update
    from exabgp.bgp.message.direction import Direction
    from exabgp.reactor.api.response import Response
    from exabgp.version import json as json_version

    conf = """
neighbor 127.0.0.1 {
    router-id 127.0.0.1;
    local-address 127.0.0.1;
    local-as %d;
    peer-as %d;
    family { ipv4 unicast; ipv4 multicast; ipv6 unicast; ipv4 nlri-mpls; ipv4 mpls-vpn; ipv6 nlri-mpls; ipv6 mpls-vpn;
             l2vpn vpls; ipv4 flow; ipv4 flow-vpn; ipv6 flow; }
    capability { %s %s }
}
""" % (local_as, peer_as, "add-path send/receive;" if addpath else "", "" if asn4 else "asn4 disable;")
    configuration = Configuration([conf], text=True)
    if not configuration.reload():
        raise SystemExit("exabgp configuration error: %s" % configuration.error)
    neighbor = list(configuration.neighbors.values())[0]
    capa = Capabilities().new(neighbor, False)
    capa[Capability.CODE.MULTIPROTOCOL] = neighbor.families()
    if addpath:
        capa[Capability.CODE.ADD_PATH] = {f: "send/receive" for f in neighbor.families()}
    o1 = Open(Version(4), ASN(local_as), HoldTime(180), RouterID("127.0.0.1"), capa)
    o2 = Open(Version(4), ASN(peer_as), HoldTime(180), RouterID("127.0.0.2"), capa)
    negotiated = Negotiated(neighbor)
    negotiated.sent(o1)
    negotiated.received(o2)
    encoder = Response.JSON(json_version)

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        message = bytes.fromhex(line)
        body = message[19:]
        try:
            update = Update.unpack_message(body, Direction.IN, negotiated)
            # header and body empty, as ExaBGP's reactor passes them for parsed (not
            # "packets") events: no "header"/"body" keys
            print(encoder.update(neighbor, "receive", update, None, b"", b"").replace("\n", " "))
        except Exception as exc:  # the reference's own failure, reported as data
            print(json.dumps({"error": "%s: %s" % (type(exc).__name__, exc)}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
