#!/usr/bin/env python3
"""ExaBGP's API suite against the daemon: every qa/api/*.ci and qa/cli/*.ci case.

  api_suite.py [--exabgp] [CASE...]

For each case: its configuration(s) copied with every `process { run ...; }` replaced by
api_helper.py, which sends what ExaBGP's own `.run` program for the case sends (the case's
`cmd:` lines in order, waiting for each acknowledgement, unless OVERRIDES below give the
steps of a case whose program does more: teardowns, RIB commands, several processes, a
dynamic peer, the v6 command checks); qa_peer.py as the BGP peer checking every UPDATE
byte for byte against the case's `raw:` lines; the daemon `$ATTOBGP server CONFIG...`
connecting to it (exabgp.tcp.port). A case passes when the peer saw every expected message
(and, for the cli case, every answer matched).
Until `attobgp server` exists each case is reported "not ok ... # TODO needs the daemon"
(TAP: expected to fail, not skipped silently). --exabgp runs the suite against Debian's
ExaBGP 4.2 instead, to check the harness itself (ExaBGP 6 cases: some fail on 4.2).
Prints TAP, then how many cases pass, and for a failure the peer's diff (expected/got).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
QA = Path(os.environ.get("ATTOBGP_QA", ROOT / "tests" / "exabgp-qa"))
BUILD = os.environ.get("ATTOBGP_BUILD", "build")
ATTOBGP = os.environ.get("ATTOBGP", str(ROOT / BUILD / "attobgp"))
PYTHON = sys.executable or "/usr/bin/python3"

sys.path.insert(0, str(HERE))
from bgp_peer import free_port, start_qa_peer  # noqa: E402

# Families and features this build refuses with an error (the cases stay in the count)
UNSUPPORTED = [
    (re.compile(r"attributes origin igp local-preference 100 withdraw ipv4 flow"),
     "two UPDATEs ExaBGP sends for the withdraw of a flow never announced, at the session's start: the "
     "withdrawal, and an UPDATE of attributes alone with no NLRI (an artefact of its packing: RFC 4271 gives "
     "it nothing to announce); attobgp sends neither, as for any route nobody holds"),
]

COMPREHENSIVE = [
    ["sleep", 1.0],
    ["expect", "system version", {"version": "*", "application": "exabgp"}],
    ["expect", "system help", {"description": "*", "commands": "*"}],
    ["expect", "system api version", {"api_version": "*"}],
    ["expect", "system queue-status", "any"],
    ["expect", "session ping", {"pong": "*", "active": True}],
    ["expect", "session ack enable", "any"],
    ["expect", "session sync enable", "any"],
    ["expect", "session sync disable", "any"],
    ["expect", "session reset", "any"],
    ["expect", "daemon status", {"version": "*", "uuid": "*", "pid": "*"}],
    ["expect", "peer list", "any"],
    ["expect", "peer 127.0.0.1 show", "any"],
    ["expect", "peer 127.0.0.1 show summary", "any"],
    ["expect", "peer 127.0.0.1 announce route 10.0.0.0/24 next-hop 1.2.3.4", "any"],
    ["expect", "peer 127.0.0.1 announce ipv4 unicast 10.0.1.0/24 next-hop 1.2.3.4", "any"],
    ["expect", "peer 127.0.0.1 announce eor ipv4 unicast", "error"],
    ["expect", "peer 127.0.0.1 announce route-refresh ipv4 unicast", "error"],
    ["expect", "peer 127.0.0.1 withdraw route 10.0.0.0/24", "any"],
    ["expect", "peer 127.0.0.1 withdraw ipv4 unicast 10.0.1.0/24", "any"],
    ["expect", "rib show in", "any"],
    ["expect", "rib show out", "any"],
    ["expect", "rib clear in", "any"],
    ["expect", "rib clear out", "any"],
    ["expect", "invalid_command_xyz_12345", "error"],
    ["expect", "daemon invalid_action_xyz", "error"],
    ["expect", "# this is a comment", "any"],
    ["send", "peer 127.0.0.1 announce route 255.255.255.255/32 next-hop 255.255.255.255"],
    ["sleep", 0.5],
    ["send", "daemon shutdown"],
    ["linger", 5],
]

# api-rib.run and api-rr-rib.run: routes, then `clear adj-rib out` and `flush adj-rib out`
RIB_STEPS = [
    ["sleep", 1.0],
    # one write, as the .run flushes both lines at once: the route must never leave
    ["send", "announce route 192.168.0.0/32 next-hop 10.0.0.0\nclear adj-rib out"], ["ack"], ["ack"],
    ["send", "announce route 192.168.0.1/32 next-hop 10.0.0.1"], ["ack"],
    ["send", "clear adj-rib out"], ["ack"],
    ["send", "announce route 192.168.0.2/32 next-hop 10.0.0.2\nannounce route 192.168.0.3/32 next-hop 10.0.0.3"],
    ["ack"], ["ack"],
    ["send", "flush adj-rib out"], ["ack"],
    ["send", "announce route 192.168.0.4/32 next-hop 10.0.0.4"], ["ack"],
    ["send", "flush adj-rib out"], ["ack"],
    ["send", "clear adj-rib out"], ["ack"],
    ["send", "announce route 192.168.0.5/32 next-hop 10.0.0.5"], ["ack"], ["linger", 7]]


def received_update(next_hop: str, prefix: str) -> dict:
    """An "event" pattern: the peer sent us prefix with next_hop (ipv4 unicast)."""
    return {"type": "update", "neighbor": {"direction": "in", "message": {"update": {
        "announce": {"ipv4 unicast": {next_hop: [{"nlri": prefix}]}}}}}}


# api-flow: its cmd lines, the attributes-only UPDATE asked for with the API's verb (ExaBGP's
# decoder writes it "attributes ...", which is not an API command)
API_FLOW = [
    "announce eor ipv4 flow",
    "announce attributes origin igp local-preference 100",
    "withdraw ipv4 flow destination-ipv4 0.0.0.0/32 source-ipv4 0.0.0.0/32 protocol =tcp destination-port =3128 "
    "next-hop 0.0.0.0",
    "announce ipv4 flow destination-ipv4 0.0.0.0/32 source-ipv4 0.0.0.0/32 protocol =tcp destination-port =3128 "
    "extended-community [rate-limit:0]",
    "announce ipv4 flow destination-ipv4 255.255.255.255/32 source-ipv4 255.255.255.255/32 "
    "extended-community [rate-limit:65535]",
    "withdraw flow route { match { source 0.0.0.0/32; destination 0.0.0.0/32; destination-port =3128; "
    "protocol tcp; } }",
    "announce flow route { match { source 0.0.0.0/32; destination 0.0.0.0/32; destination-port =3128; "
    "protocol tcp; } then { rate-limit 0; } }",
]

# What ExaBGP's `.run` programs of these cases send, beyond their cases' cmd: lines
OVERRIDES: dict[str, dict[str, list]] = {
    "api-flow": {"*": [["sleep", 1.0]] + [step for cmd in API_FLOW for step in (["send", cmd], ["ack"])]
                 + [["linger", 10]]},
    # api-check.run: skips lines holding "start", "end" (so "send" too) or "eor"; the first
    # other line must be the default route the peer sent (option:update:send-default-route),
    # else it announces 0.0.0.0/0 next-hop 255.255.255.255 and exits; then it announces 1.2.3.4
    "api-check": {"check-and-announce": [
        ["await", "neighbor 127.0.0.1 receive update announced 0.0.0.0/32 next-hop 127.0.0.1 origin igp "
                  "local-preference 100", ["start", "end", "eor"],
         "neighbor 127.0.0.1 announce route 0.0.0.0/0 next-hop 255.255.255.255", 10],
        ["send", "neighbor 127.0.0.1 announce route 1.2.3.4 next-hop 5.6.7.8"], ["linger", 5]]},
    # api-nexthop-self.run: next-hop self routes 0.3 s apart, 2.2.0.1/32 three times (sent once)
    "api-nexthop-self": {"announce-routes": [
        ["send", "neighbor 127.0.0.1 announce route 1.1.0.0/16 next-hop self"], ["sleep", 0.3],
        ["send", "announce route 2.2.0.0/16 next-hop self"], ["sleep", 0.3],
        ["send", "announce route 2.2.0.1/32 next-hop self"], ["sleep", 0.3],
        ["send", "announce route 2.2.0.1/32 next-hop self"], ["sleep", 0.3],
        ["send", "announce route 2.2.0.1/32 next-hop self"], ["sleep", 0.3],
        ["send", "announce route 3.3.0.3/32 next-hop self"], ["sleep", 0.3], ["linger", 5]]},
    "api-teardown": {"announce-routes": [
        ["send", "announce route 1.1.0.0/16 next-hop 1.1.1.1"], ["sleep", 1.0],
        ["send", "neighbor 127.0.0.1 teardown 4"], ["sleep", 2.5],
        ["send", "announce route 2.2.0.0/16 next-hop 2.2.2.2"], ["sleep", 1.0],
        ["send", "neighbor 127.0.0.1 teardown 4"], ["sleep", 2.5],
        ["send", "announce route 3.3.0.0/16 next-hop 3.3.3.3"], ["sleep", 1.0], ["linger", 5]]},
    "api-rib": {"*": RIB_STEPS},
    "api-rr-rib": {"*": RIB_STEPS},
    # api-rr.run: two routes, a ROUTE-REFRESH asked of the peer (which sends them back: they
    # must reach us as received updates, in order, and api-rr.run greps their lines for
    # '"nlri": "192.168.0.0/32"': ExaBGP's spacing), then the route that ends the case
    "api-rr": {"announce-routes": [
        ["sleep", 1.0],
        ["send", "announce route 192.168.0.0/32 next-hop 10.0.0.0"], ["ack"],
        ["send", "announce route 192.168.0.1/32 next-hop 10.0.0.1"], ["ack"],
        ["expect", "announce route-refresh ipv4 unicast", "any"],
        ["event", received_update("10.0.0.0", "192.168.0.0/32"), '"nlri": "192.168.0.0/32"'],
        ["event", received_update("10.0.0.1", "192.168.0.1/32"), '"nlri": "192.168.0.1/32"'],
        ["send", "announce route 192.168.0.2/32 next-hop 10.0.0.1"], ["ack"], ["linger", 5]]},
    "api-multiple-api": {
        "public": [["send", "announce route 1.1.1.1/32 next-hop 127.0.0.1"], ["sleep", 0.2],
                   ["send", "announce route 3.3.3.3/32 next-hop 127.0.0.1"], ["sleep", 0.2], ["ack"], ["ack"],
                   ["linger", 5]],
        "private": [["send", "announce route 2.2.2.2/32 next-hop 127.0.0.1"], ["sleep", 1.0],
                    ["send", "shutdown"], ["sleep", 1.0], ["linger", 5]]},
    "api-peer-lifecycle": {"peer-lifecycle": [
        ["sleep", 1.0],
        ["send", "create neighbor 127.0.0.1 local-address 127.0.0.1 local-as 1 peer-as 1 router-id 1.2.3.4 "
                 "api peer-lifecycle"], ["ack"], ["sleep", 0.2],
        ["send", "announce route 1.1.0.0/24 next-hop 101.101.101.101"], ["ack"], ["sleep", 0.2],
        ["send", "announce route 999.999.999.999/32 next-hop 1.1.1.1"], ["ack"], ["sleep", 0.5],
        ["send", "shutdown"], ["linger", 5]]},
    "api-no-respawn": {
        "one-shot": [["send", "announce route 1.1.1.1/32 next-hop 11.11.11.11"], ["ack"]],
        "respawn": [["sleep", 0.2], ["send", "announce route 2.2.2.2/32 next-hop 22.22.22.22"], ["sleep", 0.2],
                    ["send", "announce route 3.3.3.3/32 next-hop 33.33.33.33"], ["sleep", 0.2], ["ack"], ["ack"],
                    ["linger", 5]]},
    "api-reload": {"*": [["sleep", 1.0], ["send", "announce route 3.0.0.0/24 next-hop 4.0.0.0"], ["sleep", 0.3],
                         ["linger", 5]]},
    "api-v6-comprehensive": {"api-v6-test": COMPREHENSIVE},
    # ExaBGP's run/api-fast.run: three writes of several lines, 2, 3 and 4 s in, reading no
    # acknowledgement; the first batch is the session's first UPDATEs (ExaBGP drops their
    # withdraws), the second withdraws a route announced in the same write (ExaBGP sends it)
    "api-fast": {"announce-routes": [
        ["sleep", 2.0],
        ["send", "announce route 1.1.0.0/24 next-hop 101.1.101.1\nannounce route 1.1.0.0/25 next-hop 101.1.101.1\n"
                 "withdraw route 1.1.0.0/24 next-hop 101.1.101.1\nannounce route 1.1.0.0/25 next-hop 101.1.101.1"],
        ["sleep", 1.0],
        ["send", "announce route 2.2.0.0/25 next-hop 101.1.101.1\nannounce route 2.2.0.0/24 next-hop 101.1.101.1\n"
                 "withdraw route 2.2.0.0/25 next-hop 101.1.101.1"],
        ["sleep", 1.0],
        ["send", "announce route 0.0.0.0/0  next-hop 1.101.1.101"],
        ["linger", 5]]},
    # ExaBGP's healthcheck module (`python -m exabgp healthcheck --ip 10.0.0.1/32 --next-hop
    # 127.0.0.1`): once its check has risen it prints the announce with the up metric as MED
    # and reads the acknowledgement, again every interval while up (the same route: nothing
    # to send), and on SIGTERM the withdraw (no attributes) before it exits. (The case's own
    # run/api-healthcheck-module.run is not at hand: the options are read off its UPDATEs;
    # api_healthcheck.t runs ExaBGP's program itself.)
    "api-healthcheck-module": {"healthcheck": [
        ["sleep", 1.0],
        ["send", "neighbor * announce route 10.0.0.1/32 next-hop 127.0.0.1 med 100"], ["ack"],
        ["sleep", 1.0],
        ["send", "neighbor * announce route 10.0.0.1/32 next-hop 127.0.0.1 med 100"], ["ack"],
        ["sleep", 1.0],
        ["send", "neighbor * withdraw route 10.0.0.1/32 next-hop 127.0.0.1"], ["ack"],
        ["linger", 5]]},
}

count = 0
passed = 0


def tap(ok: bool, name: str, detail: str = "", todo: str = "") -> None:
    global count, passed
    count += 1
    passed += ok
    suffix = f" # TODO {todo}" if todo else ""
    print(f"{'ok' if ok else 'not ok'} {count} - {name}{suffix}")
    for line in detail.splitlines()[-40:]:
        print(f"#   {line}")
        if not ok and not todo:  # prove shows stderr: a failure in CI carries its reason
            print(f"#   {line}", file=sys.stderr)
    sys.stdout.flush()


def parse_case(path: Path) -> dict:
    case = {"files": [], "options": {}, "groups": {}, "raw": 0}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("option:"):
            _, key, *rest = line.split(":", 2)
            if key == "file":
                case["files"].append(rest[0])
            else:
                case["options"][key] = rest[0] if rest else True
            continue
        if ":" not in line and line.endswith(".conf"):  # qa/cli's one-line form
            case["files"].append(line)
            continue
        m = re.match(r"^([A-Z]?)(\d+):(\w+):(.*)$", line)
        if not m:
            continue
        conn, seq, kind, payload = m.group(1) or "A", int(m.group(2)), m.group(3), m.group(4)
        if kind == "cmd":
            case["groups"].setdefault((conn, seq), []).append(payload)
        elif kind == "raw":
            case["raw"] += 1
    return case


def processes_of(conf_text: str) -> list[str]:
    return re.findall(r"^\s*process\s+([\w.-]+)\s*\{", conf_text, re.M)


def generic_steps(case: dict) -> list:
    steps: list = [["sleep", 1.0]]
    for key in sorted(case["groups"]):
        for cmd in case["groups"][key]:
            steps += [["send", cmd], ["ack"]]
        steps.append(["sleep", 0.5])
    steps.append(["linger", 10])
    return steps


def prepare(name: str, case: dict, work: Path) -> tuple[list[str], Path]:
    """Copy the configurations with our helper as every process; write its steps."""
    steps_file = work / "steps.json"
    steps: dict[str, list] = {}
    confs = []
    first = True
    for f in case["files"]:
        text = (QA / "etc" / "exabgp" / f).read_text()
        procs = processes_of(text)
        for p in procs:
            override = OVERRIDES.get(name, {})
            if p in override:
                steps[p] = override[p]
            elif "*" in override and first:
                steps[p] = override["*"]
            elif first:
                steps[p] = generic_steps(case)
            else:
                steps.setdefault(p, [["linger", 10]])
            first = False
            result = work / f"result-{p}.json"
            text = re.sub(r"(process\s+%s\s*\{[^}]*?)\brun\s+[^;]*;" % re.escape(p),
                          lambda m: m.group(1) + f"run {PYTHON} {HERE / 'api_helper.py'} {steps_file} {p} {result};",
                          text, flags=re.S)
        out = work / f
        out.write_text(text)
        confs.append(str(out))
    steps_file.write_text(json.dumps(steps))
    return confs, steps_file


def daemon_available(exabgp: bool) -> bool:
    if exabgp:
        return os.path.exists("/usr/sbin/exabgp")
    # the server runs the API once its help names the helper processes and the control socket
    r = subprocess.run([ATTOBGP, "server", "--help"], capture_output=True, text=True)
    return r.returncode == 0 and "control socket" in (r.stdout + r.stderr)


def run_case(name: str, path: Path, exabgp: bool, expected_to_fail: bool = False) -> tuple[bool, str]:
    case = parse_case(path)
    with tempfile.TemporaryDirectory(prefix=f"api_suite.{name}.") as tmp:
        work = Path(tmp)
        confs, _ = prepare(name, case, work)
        pidfile = work / "daemon.pid"
        peer = None
        if case["raw"]:
            # a case of a family this build refuses fails anyway: waiting 6 s instead of 20
            # for the messages it will never get keeps the suite's run time down
            quick = ["--timeout", "6"] if expected_to_fail and "timeout" not in case["options"] else []
            peer, port = start_qa_peer(str(path), tmp, str(pidfile), *quick)
            if port is None:
                peer.kill()
                return False, "qa_peer did not listen within 10 s:\n" + peer.communicate()[0]
        else:
            port = free_port()
        env = dict(os.environ, exabgp_tcp_port=str(port), exabgp_tcp_bind="", exabgp_api_cli="false", exabgp_debug_rotate="true",
                   exabgp_api_socketpath=str(work / "api.sock"), exabgp_daemon_user="root",
                   exabgp_log_destination=str(work / "daemon.log"))
        if "tcp_connections" in case["options"]:
            env["exabgp_tcp_connections"] = str(case["options"]["tcp_connections"])
        cmd = (["/usr/sbin/exabgp"] if exabgp else [ATTOBGP, "server"]) + confs
        daemon = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        pidfile.write_text(str(daemon.pid))
        detail = ""
        ok = False
        try:
            if peer:
                try:
                    out, _ = peer.communicate(timeout=float(case["options"].get("timeout", 25)) + 5)
                except subprocess.TimeoutExpired:
                    peer.kill()
                    out, _ = peer.communicate()
                ok = peer.returncode == 0
                detail = out
            else:
                try:
                    daemon.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    pass
            results = {}
            for r in work.glob("result-*.json"):
                results[r.stem[7:]] = json.loads(r.read_text())
            failures = [f for res in results.values() for f in res.get("failed", [])]
            if not case["raw"]:
                ok = bool(results) and not failures
            if failures:
                detail += "\nhelper: " + "\nhelper: ".join(failures)
        finally:
            if daemon.poll() is None:
                daemon.terminate()
                try:
                    daemon.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    daemon.kill()
            log = daemon.stdout.read() if daemon.stdout else ""
            if not ok:
                detail += "\ndaemon: " + "\ndaemon: ".join(log.splitlines()[-15:])
        return ok, detail


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    exabgp = "--exabgp" in sys.argv
    cases = sorted((QA / "qa" / "api").glob("*.ci")) + sorted((QA / "qa" / "cli").glob("*.ci"))
    if args:
        cases = [c for c in cases if c.stem in args]
    available = daemon_available(exabgp)
    for path in cases:
        name = path.stem
        text = path.read_text()
        cmds = " ".join(re.findall(r":cmd:(.*)$", text, re.M))
        family = next((why for pattern, why in UNSUPPORTED if pattern.search(cmds)), "")
        reason = family
        if not available:
            tap(False, name, todo="needs the API plugged into `attobgp server` (not in this build yet)")
            continue
        ok, detail = run_case(name, path, exabgp, bool(family) and not exabgp)
        tap(ok, name, "" if ok else detail, "" if ok or not reason else reason)
    print(f"1..{count}")
    print(f"# {passed} of {count} API cases pass" + ("" if available else " (the daemon is not built yet)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
