#!/usr/bin/env python3
"""ExaBGP's own corpus against attobgp encode / decode.

Reads tests/exabgp-qa, ExaBGP's corpus kept in the repository (or $ATTOBGP_QA):
  - every `cmd:` -> `raw:` pair of qa/encoding/*.ci and qa/api/*.ci must encode
    byte-identically with `attobgp encode`;
  - every `raw:` -> `json:` pair must decode to the same JSON (parsed, ignoring the keys
    exabgp host pid ppid time version counter);
  - qa/decoding/ipv4-unicast-*, vpnv4-*, bgp-sr-policy-*, bgp-evpn-* and bgp-ls-* must decode to their JSON;
  - round trips: decode -m of every raw gives its cmd back when there is one, and
    encode(decode -m(raw)) gives the raw back.
Cases outside this build's families are listed by name with the reason, never silently
skipped. Prints TAP: one test per category, failing when any in-scope case fails.

The session a case runs under (local/peer AS, router-id, ADD-PATH, 4-octet AS, ...) is
the first neighbour of the case's configuration, given to attobgp with -c.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QA = Path(os.environ.get("ATTOBGP_QA", ROOT / "tests" / "exabgp-qa"))
BIN = os.environ.get("ATTOBGP", str(ROOT / "build" / "attobgp"))
VERBOSE = os.environ.get("VERBOSE")
IGNORED = {"exabgp", "host", "pid", "ppid", "time", "version", "counter"}

# Words that put a command outside IPv4/IPv6 unicast/multicast (the families issue).
OTHER_FAMILY = [
]


# Commands of the corpus written by hand, not generated from their raw message: decoding
# the raw cannot give them back (ExaBGP's own decode_to_api_command cannot either).
HAND_WRITTEN = {
    "neighbor * announce route 10.0.0.1/32 next-hop self origin igp local-preference 100":
        "hand-written: 'neighbor *' and 'next-hop self' are not in the message",
    "neighbor * withdraw route 10.0.0.1/32 next-hop self":
        "hand-written: 'neighbor *' and 'next-hop self' are not in the message",
}


FLOW = re.compile(r"\bflow\b|flow-vpn")


def other_family(cmd: str) -> str | None:
    if cmd.startswith("announce eor") or cmd.startswith("withdraw eor"):
        return None
    if FLOW.search(cmd):  # flow routes are in scope; their rd and flow-label are theirs
        return None
    for pattern, name in OTHER_FAMILY:
        if pattern.search(cmd):
            return name
    return None


def normalize(value):
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items() if k not in IGNORED}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


_NEIGHBOURS: dict[Path, bool] = {}


def has_neighbour(conf: Path) -> bool:
    """Whether the configuration defines a neighbour, as attobgp check reads it."""
    if conf not in _NEIGHBOURS:
        proc = subprocess.run([BIN, "check", str(conf)], capture_output=True, text=True, timeout=30)
        _NEIGHBOURS[conf] = proc.returncode == 0 and re.search(r"^neighbor ", proc.stdout, re.M) is not None
    return _NEIGHBOURS[conf]


def session_flags(conf: Path | None) -> list[str]:
    """The case's configuration: attobgp takes the session (ASes, router-id, addresses,
    families, ADD-PATH, ASN4, extended message, link-local next hop) from its first
    neighbour with -c, as ExaBGP's harness runs the case under it."""
    if conf is None:
        return []
    if not has_neighbour(conf):
        # no neighbour configured: ExaBGP's harness decodes with its default neighbour
        return ["-c", str(conf), "--router-id", "10.0.0.2"]
    return ["-c", str(conf)]


def session_values(conf: Path | None) -> dict:
    """The first neighbour's AS numbers, ADD-PATH and 4-octet AS use, read from the file with
    a few regular expressions: for the reference implementations these tests compare with,
    which take them as arguments (attobgp itself reads the file with -c)."""
    values = {"local_as": "65533", "peer_as": "65533", "addpath": False, "asn4": True}
    if conf is None:
        return values
    text = re.sub(r"#[^\n]*", "", conf.read_text())
    for key, pattern in (("local_as", r"\blocal-as\s+(\d+)"), ("peer_as", r"\bpeer-as\s+(\d+)")):
        m = re.search(pattern, text)
        if m:
            values[key] = m.group(1)
    values["addpath"] = bool(re.search(r"add-path\s+(send/receive|receive/send|send|receive)", text))
    values["asn4"] = not re.search(r"\basn4\s+(disable|false)", text)
    return values


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    proc = subprocess.run([BIN] + args, input=stdin, capture_output=True, text=True, timeout=30)
    return proc.returncode, proc.stdout, proc.stderr


def raw_hex(payload: str) -> str:
    return payload.replace(":", "").upper()


class Case:
    def __init__(self, path: Path):
        self.path = path
        self.conf: Path | None = None
        self.steps: list[tuple[str, str, str]] = []  # (seq, kind, payload)
        for line in path.read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("option:file:"):
                if self.conf is None:
                    self.conf = QA / "etc" / "exabgp" / line.split(":", 2)[2]
                continue
            m = re.match(r"^([A-Z]?\d+):(cmd|raw|json|jsv4|jsv6):(.*)$", line)
            if m:
                self.steps.append((m.group(1), m.group(2), m.group(3)))

    def pairs(self):
        """(cmd, raw) pairs and (raw, json) pairs, in file order."""
        cmd_raw, raw_json = [], []
        pending_cmd = None
        last_raw = None
        for seq, kind, payload in self.steps:
            if kind == "cmd":
                pending_cmd = payload
            elif kind == "raw":
                raw = raw_hex(payload)
                if pending_cmd is not None:
                    cmd_raw.append((pending_cmd, raw))
                    pending_cmd = None
                last_raw = raw
            elif kind in ("json", "jsv6") and last_raw is not None:
                raw_json.append((last_raw, payload))
        return cmd_raw, raw_json


class Tally:
    def __init__(self, name: str):
        self.name = name
        self.passed = 0
        self.failed: list[str] = []
        self.skipped: dict[str, list[str]] = {}

    def skip(self, reason: str, where: str):
        self.skipped.setdefault(reason, []).append(where)

    def report(self, number: int) -> bool:
        ok = not self.failed
        skipped = sum(len(v) for v in self.skipped.values())
        print(f"{'ok' if ok else 'not ok'} {number} - {self.name}: {self.passed} passed, "
              f"{len(self.failed)} failed, {skipped} not run (listed below)")
        for reason, where in sorted(self.skipped.items()):
            label = reason if reason.startswith("hand-written") else f"left for the families issue ({reason})"
            print(f"#   {label}: {len(where)}: "
                  + ", ".join(sorted(set(where))))
        for f in self.failed:
            for line in f.splitlines():
                print(f"#   FAIL {line}")
        return ok


def check_encode(cases: list[Case], tally: Tally):
    for case in cases:
        flags = session_flags(case.conf)
        cmd_raw, _ = case.pairs()
        for cmd, raw in cmd_raw:
            where = case.path.name
            fam = other_family(cmd)
            if fam:
                tally.skip(fam, where)
                continue
            rc, out, err = run(["encode"] + flags + [cmd])
            got = out.strip().splitlines()
            if rc == 0 and len(got) == 1 and got[0] == raw:
                tally.passed += 1
            else:
                tally.failed.append(f"{where}: {cmd}\n  want {raw}\n  got  {' | '.join(got)} {err.strip()}")


def decode_json(flags: list[str], raw: str) -> tuple[dict | None, str]:
    rc, out, err = run(["decode"] + flags + [raw])
    try:
        return json.loads(out.strip().splitlines()[0]), out + err
    except (ValueError, IndexError):
        return None, out + err


def check_decode(cases: list[Case], tally: Tally):
    for case in cases:
        flags = session_flags(case.conf)
        _, raw_json = case.pairs()
        for raw, expected in raw_json:
            where = case.path.name
            want = normalize(json.loads(expected))
            got, text = decode_json(flags, raw)
            if got is not None and "error" in got and "not supported" in got["error"]:
                fam = re.search(r"family (\S+ \S+)", got["error"])
                tally.skip(fam.group(1) if fam else "other family", where)
                continue
            if got is not None and "bgp-prefix-sid" in expected and "attribute-0x28-0xC0" in json.dumps(got):
                tally.skip("prefix-sid", where)  # this build does not decode the Prefix-SID attribute
                continue
            if got is not None and normalize(got) == want:
                tally.passed += 1
            else:
                tally.failed.append(f"{where}: {raw}\n  want {json.dumps(want, sort_keys=True)}\n"
                                    f"  got  {json.dumps(normalize(got), sort_keys=True) if got else text.strip()}")


def check_decoding_folder(tally: Tally):
    for path in sorted((QA / "qa" / "decoding").glob("*")):
        lines = path.read_text().splitlines()
        if len(lines) < 3:
            continue
        kind, raw, expected = lines[0].split(), lines[1], lines[2]
        if not path.name.startswith(("ipv4-unicast-", "vpnv4-", "bgp-flow-", "bgp-sr-policy-", "bgp-evpn-", "bgp-ls-")) \
                and kind[0] != "open":
            tally.skip(path.name.split("-")[1] if "-" in path.name else path.name, path.name)
            continue
        if kind[0] == "nlri":  # one NLRI: the first of attobgp's {"family", "nlri": [...]}
            flags = ["--nlri", "-f", " ".join(kind[1:3])]
        else:
            flags = (["-f", " ".join(kind[1:3])] if len(kind) >= 3 else []) if kind[0] == "update" else ["--open"]
        got, text = decode_json(flags, raw)
        if kind[0] == "nlri" and got is not None and got.get("nlri"):
            got = got["nlri"][0]
        want = normalize(json.loads(expected))
        if got is not None and normalize(got) == want:
            tally.passed += 1
        else:
            tally.failed.append(f"{path.name}\n  want {json.dumps(want, sort_keys=True)}\n"
                                f"  got  {json.dumps(normalize(got), sort_keys=True) if got else text.strip()}")


def check_round_trips(cases: list[Case], commands: Tally, identity: Tally):
    """decode -m gives the corpus cmd back; encode(decode -m(raw)) gives raw back."""
    for case in cases:
        flags = session_flags(case.conf)
        cmd_raw, _ = case.pairs()
        for cmd, raw in cmd_raw:
            where = case.path.name
            fam = other_family(cmd)
            if fam:
                commands.skip(fam, where)
                identity.skip(fam, where)
                continue
            rc, out, err = run(["decode", "-m"] + flags + [raw])
            lines = out.strip().splitlines()
            if cmd in HAND_WRITTEN:
                commands.skip(HAND_WRITTEN[cmd], where)
            elif rc == 0 and lines == [cmd]:
                commands.passed += 1
            else:
                commands.failed.append(f"{where}: {raw}\n  want {cmd}\n  got  {' | '.join(lines)} {err.strip()}")
            if rc != 0 or not lines:
                identity.failed.append(f"{where}: {raw}: decode -m failed: {out.strip()} {err.strip()}")
                continue
            rc, out, err = run(["encode"] + flags, stdin="\n".join(lines) + "\n")
            got = out.strip().splitlines()
            if rc == 0 and got == [raw]:
                identity.passed += 1
            else:
                identity.failed.append(f"{where}: {raw}\n  via  {' | '.join(lines)}\n  got  {' | '.join(got)} {err.strip()}")


def main() -> int:
    if not QA.is_dir():
        print("not ok 1 - ExaBGP corpus not found at " + str(QA))
        print("1..1")
        return 1
    cases = [Case(p) for p in sorted((QA / "qa" / "encoding").glob("*.ci")) + sorted((QA / "qa" / "api").glob("*.ci"))]
    tallies = [Tally("encode: cmd -> raw byte-identical"),
               Tally("decode: raw -> json (ExaBGP 6 shape)"),
               Tally("decode: qa/decoding ipv4-unicast-*, vpnv4-*, bgp-sr-policy-*, bgp-evpn-*, bgp-ls-* and open"),
               Tally("decode -m: raw -> the corpus cmd"),
               Tally("round trip: encode(decode -m(raw)) == raw")]
    check_encode(cases, tallies[0])
    check_decode(cases, tallies[1])
    check_decoding_folder(tallies[2])
    check_round_trips(cases, tallies[3], tallies[4])
    ok = True
    for number, tally in enumerate(tallies, 1):
        ok = tally.report(number) and ok
    print(f"1..{len(tallies)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
