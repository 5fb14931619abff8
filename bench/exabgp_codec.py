#!/usr/bin/python3
"""ExaBGP (Debian's python3-exabgp) doing bench/b_codec's work, for a same-run comparison.

  exabgp_codec.py N          encode N simple unicast UPDATEs, decode them to JSON;
                             prints "encode <msgs/s>" and "decode <msgs/s>"
  exabgp_codec.py --once HEX decode one UPDATE to JSON from a cold interpreter (the work
                             `exabgp decode` does at start-up)

The route is the one b_codec uses: an IPv4 /24 with ORIGIN, AS_PATH [65001 65002],
NEXT_HOP, MED 100 and two communities, sent eBGP from AS 65001 to AS 65002.
Runs under /usr/bin/python3, where Debian installs ExaBGP.
"""

import sys
import time


def setup():
    from exabgp.configuration.configuration import Configuration
    from exabgp.bgp.message.open import Open, Version, ASN, RouterID, HoldTime
    from exabgp.bgp.message.open.capability import Capabilities, Capability, Negotiated
    from exabgp.configuration.setup import environment

    env = environment.setup("")
    env.log.enable = False
    conf = """
neighbor 127.0.0.2 {
    router-id 127.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    family { ipv4 unicast; }
    static {
        route 10.0.0.0/24 next-hop 192.0.2.1 origin igp as-path [ 65001 65002 ] med 100 community [ 65000:1 65000:2 ];
    }
}
"""
    configuration = Configuration([conf], text=True)
    if not configuration.reload():
        raise SystemExit("exabgp configuration error: %s" % configuration.error)
    neighbor = list(configuration.neighbors.values())[0]
    capa = Capabilities().new(neighbor, False)
    capa[Capability.CODE.MULTIPROTOCOL] = neighbor.families()
    o1 = Open(Version(4), ASN(65001), HoldTime(180), RouterID("127.0.0.1"), capa)
    o2 = Open(Version(4), ASN(65002), HoldTime(180), RouterID("127.0.0.2"), capa)
    negotiated = Negotiated(neighbor)
    negotiated.sent(o1)
    negotiated.received(o2)
    for _ in neighbor.rib.outgoing.updates(False):
        pass
    change = list(neighbor.rib.outgoing.cached_changes())[0]
    return neighbor, negotiated, change


def decoder(neighbor, negotiated):
    from exabgp.bgp.message import Update
    from exabgp.bgp.message.direction import Direction
    from exabgp.reactor.api.response import Response
    from exabgp.version import json as json_version

    encoder = Response.JSON(json_version)

    def decode(message):
        header, body = message[:19], message[19:]
        update = Update.unpack_message(body, Direction.IN, negotiated)
        return encoder.update(neighbor, "receive", update, None, header, body)

    return decode


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--once":
        neighbor, negotiated, _ = setup()
        print(decoder(neighbor, negotiated)(bytes.fromhex(sys.argv[2])))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    from exabgp.bgp.message import Update
    from exabgp.bgp.message.update.nlri import CIDR
    from exabgp.protocol.ip import IP

    neighbor, negotiated, change = setup()
    nlri, attributes = change.nlri, change.attributes
    messages = []
    t0 = time.perf_counter()
    for i in range(n):
        # a new prefix for each message, as b_codec does
        nlri.cidr = CIDR(IP.pton("%d.%d.%d.0" % (10 + (i >> 16), (i >> 8) & 255, i & 255)), 24)
        messages.extend(Update([nlri], attributes).messages(negotiated))
    t1 = time.perf_counter()
    print("encode %.0f" % (n / (t1 - t0)))
    decode = decoder(neighbor, negotiated)
    t2 = time.perf_counter()
    for message in messages:
        decode(message)
    t3 = time.perf_counter()
    print("decode %.0f" % (len(messages) / (t3 - t2)))


if __name__ == "__main__":
    main()
