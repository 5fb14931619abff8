#!/usr/bin/env python3
"""Independent check: every UPDATE attobgp encodes is dissected cleanly by tshark.

The UPDATEs come from `attobgp encode` run on every in-scope `cmd:` line of ExaBGP's
corpus and on tests/golden/encode-routes.txt (routes exercising every attribute). Each
message is written as one TCP segment to port 179 in a pcap; tshark must dissect as many
BGP UPDATEs as were written, and report no malformed packet and no BGP expert warning.
Prints TAP.
"""

from __future__ import annotations

import os
import shutil
import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (shares the corpus reader and the attobgp runner)

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "encode-routes.txt"


# Messages ExaBGP's corpus requires byte for byte that tshark rightly questions: each is
# listed with the warning it must give (and no other).
EXPECTED = {
    # an IPv4 next hop (4 octets) in an IPv6 MP_REACH_NLRI: ExaBGP sends it, no RFC defines it
    "extended-nexthop.ci: announce ipv6 unicast dead:beef:dead:beef:dead:beef:dead:beef/128 "
    "next-hop 170.170.170.170 origin igp local-preference 100": "Unknown Next Hop length (4 bytes)",
    # a flow route with a next hop in MP_REACH_NLRI (redirect-to-nexthop / copy-to-nexthop,
    # draft-simpson-idr-flowspec-redirect): RFC 8955 4 says length 0, ExaBGP sends the address
    "conf-flow.ci: announce ipv4 flow source-ipv4 10.0.0.2/32 next-hop 1.2.3.4 extended-community [copy-to-nexthop]":
        "The length (4) of Next Hop (FlowSpec) is not zero,Unknown Next Hop length (4 bytes)",
    "conf-flow.ci: announce ipv4 flow source-ipv4 10.0.0.3/32 rd 65535:65536 next-hop 5.6.7.8 "
    "extended-community [redirect-to-nexthop]":
        "The length (4) of Next Hop (FlowSpec) is not zero,Unknown Next Hop length (4 bytes)",
    "conf-flow.ci: announce ipv4 flow destination-ipv4 192.168.0.1/32 next-hop 1.2.3.4 "
    "extended-community [redirect-to-nexthop]":
        "The length (4) of Next Hop (FlowSpec) is not zero,Unknown Next Hop length (4 bytes)",
}
# The same by kind of message: (pattern of the source, what tshark says of it)
EXPECTED_LIKE = [
    # ExaBGP sends ipv6 mcast-vpn routes with an IPv4 next hop (4 octets), as extended-nexthop above
    (re.compile(r"ipv6 mcast-vpn .*next-hop \d+\.\d+\.\d+\.\d+"), re.compile(r"^Unknown Next Hop length \(4 bytes\)$")),
    # tshark has no dissector for MUP (SAFI 85): it names the SAFI unknown and cannot size its next hop
    (re.compile(r"\bipv[46] mup\b"),
     re.compile(r"^(Unknown SAFI \(85\) for AFI [12]|Unknown Next Hop length \((4|16) bytes\))(,(Unknown SAFI \(85\) "
                r"for AFI [12]|Unknown Next Hop length \((4|16) bytes\)))*$")),
    # nor for SR Policy (SAFI 73): unknown SAFI, next hop unsized, and for IPv6 what it then
    # makes of the rest of the attribute
    (re.compile(r"\bipv[46] sr-policy\b"),
     re.compile(r"^(Unknown SAFI \(73\) for AFI [12]|Unknown Next Hop length \((4|16) bytes\)|Trying to fetch an "
                r"IPv6 address with length 4|Unreassembled fragment \(change preferences to enable reassembly\))"
                r"(,(Unknown SAFI \(73\) for AFI [12]|Unknown Next Hop length \((4|16) bytes\)|Trying to fetch an "
                r"IPv6 address with length 4|Unreassembled fragment \(change preferences to enable reassembly\)))*$")),
]


def pcap(messages: list[bytes]) -> bytes:
    """A pcap (Ethernet) holding each message in its own TCP segment 127.0.0.2:40000 -> 127.0.0.1:179."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    seq = 1000
    for n, msg in enumerate(messages):
        tcp = struct.pack("!HHIIBBHHH", 40000, 179, seq, 1, 5 << 4, 0x18, 65535, 0, 0)
        seq += len(msg)
        total = 20 + len(tcp) + len(msg)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, n & 0xFFFF, 0, 64, 6, 0,
                         bytes([127, 0, 0, 2]), bytes([127, 0, 0, 1]))
        # IPv4 header checksum
        s = sum(struct.unpack("!10H", ip))
        s = (s >> 16) + (s & 0xFFFF)
        s += s >> 16
        ip = ip[:10] + struct.pack("!H", ~s & 0xFFFF) + ip[12:]
        frame = b"\x00" * 6 + b"\x02" + b"\x00" * 5 + b"\x08\x00" + ip + tcp + msg
        out.append(struct.pack("<IIII", n, 0, len(frame), len(frame)))
        out.append(frame)
    return b"".join(out)


def collect() -> tuple[list[bytes], list[str]]:
    messages, sources = [], []
    cases = [corpus.Case(p) for p in sorted((corpus.QA / "qa" / "encoding").glob("*.ci"))
             + sorted((corpus.QA / "qa" / "api").glob("*.ci"))]
    for case in cases:
        flags = corpus.session_flags(case.conf) if case.conf else []
        # tshark guesses ADD-PATH and AS number sizes heuristically; keep to what it can know
        values = corpus.session_values(case.conf)
        if values["addpath"] or not values["asn4"]:
            continue
        cmd_raw, _ = case.pairs()
        for cmd, _raw in cmd_raw:
            if corpus.other_family(cmd):
                continue
            rc, out, _ = corpus.run(["encode"] + flags + [cmd])
            for line in out.split():
                messages.append(bytes.fromhex(line))
                sources.append(f"{case.path.name}: {cmd}")
    if GOLDEN.exists():
        for cmd in GOLDEN.read_text().splitlines():
            if not cmd.strip() or cmd.startswith("#"):
                continue
            rc, out, _ = corpus.run(["encode", "-a", "65001", "-z", "65002", cmd])
            for line in out.split():
                messages.append(bytes.fromhex(line))
                sources.append(f"encode-routes.txt: {cmd}")
    return messages, sources


def main() -> int:
    if shutil.which("tshark") is None:
        print("not ok 1 - tshark is not installed (scripts/deps.sh test installs it)")
        print("1..1")
        return 1
    messages, sources = collect()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "updates.pcap"
        path.write_bytes(pcap(messages))
        base = ["tshark", "-n", "-r", str(path), "-o", "tcp.analyze_sequence_numbers:FALSE",
                "-o", "tcp.desegment_tcp_streams:FALSE", "-d", "tcp.port==179,bgp"]
        env = dict(os.environ, HOME=tmp)
        count = subprocess.run(base + ["-Y", "bgp.type == 2", "-T", "fields", "-e", "frame.number"],
                               capture_output=True, text=True, env=env, timeout=120)
        seen = len(count.stdout.split())
        bad = subprocess.run(base + ["-Y", "_ws.malformed || _ws.expert.severity >= 6291456",
                                     "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message"],
                             capture_output=True, text=True, env=env, timeout=120)
    problems, expected_seen = [], []
    for line in bad.stdout.splitlines():
        if not line.strip():
            continue
        frame, _, message = line.strip().partition("\t")
        source = sources[int(frame) - 1]
        if EXPECTED.get(source) == message.strip() or any(
                where.search(source) and what.match(message.strip()) for where, what in EXPECTED_LIKE):
            expected_seen.append(f"frame {frame}: {message.strip()}  <- {source}")
        else:
            problems.append(f"frame {frame}: {message.strip()}  <- {source}")
    ok1 = seen == len(messages) and len(messages) > 0
    print(f"{'ok' if ok1 else 'not ok'} 1 - tshark dissects {seen} BGP UPDATEs of the {len(messages)} written")
    if not ok1:
        print("#   " + count.stderr.strip().replace("\n", "\n#   "))
    ok2 = not problems
    print(f"{'ok' if ok2 else 'not ok'} 2 - no malformed packet or expert warning "
          f"({len(expected_seen)} expected, listed)")
    for line in expected_seen:
        print(f"#   expected: {line}")
    for line in problems[:50]:
        print(f"#   {line}")
    print("1..2")
    return 0 if ok1 and ok2 else 1


if __name__ == "__main__":
    sys.exit(main())
