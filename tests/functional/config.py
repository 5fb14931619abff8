#!/usr/bin/env python3
"""attobgp check, and -c CONFIG for encode / decode, against the golden files.

  tests/golden/config/good/NAME.conf    `attobgp check` prints good/NAME.expected, exit 0
  tests/golden/config/bad/NAME.conf     `attobgp check` says exactly bad/NAME.error, exit 1
  ExaBGP's corpus (etc/exabgp, $ATTOBGP_QA): every file exits 0 and prints
                                        corpus/NAME.expected
  encode / decode -c CONFIG take the session from the configuration's first neighbour.
tests/golden/config/regenerate.sh rewrites the expectations for review. Prints TAP.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "config"
QA = Path(os.environ.get("ATTOBGP_QA", ROOT.parent / "shared" / "exabgp-qa"))
BIN = os.environ.get("ATTOBGP", str(ROOT / "build" / "attobgp"))

count = 0
failed = 0


def ok(cond: bool, name: str, detail: str = "") -> None:
    global count, failed
    count += 1
    print(f"{'ok' if cond else 'not ok'} {count} - {name}")
    if not cond:
        failed += 1
        for line in detail.splitlines()[:20]:
            print(f"#   {line}")


def run(args: list[str], cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([BIN] + args, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=60)


def good_files() -> None:
    for conf in sorted((GOLDEN / "good").glob("*.conf")):
        want = conf.with_suffix(".expected").read_text()
        proc = run(["check", f"good/{conf.name}"], cwd=GOLDEN)
        ok(proc.returncode == 0 and proc.stdout == want, f"good/{conf.name}: canonical text as expected",
           f"rc {proc.returncode}\n{proc.stderr}")
        # the canonical text is a fixed point
        with tempfile.NamedTemporaryFile("w", suffix=".conf") as again:
            again.write(proc.stdout)
            again.flush()
            second = run(["check", again.name])
            ok(second.returncode == 0 and second.stdout == proc.stdout, f"good/{conf.name}: printed text reads back the same")


def bad_files() -> None:
    for conf in sorted((GOLDEN / "bad").glob("*.conf")):
        want = conf.with_suffix(".error").read_text()
        proc = run(["check", "-q", f"bad/{conf.name}"], cwd=GOLDEN)
        ok(proc.returncode == 1 and proc.stderr == want, f"bad/{conf.name}: {want.strip().split(': ', 1)[-1]}",
           f"rc {proc.returncode}\nwant {want}got  {proc.stderr}")


def corpus() -> None:
    folder = QA / "etc" / "exabgp"
    if not folder.is_dir():
        print(f"# ExaBGP corpus not found at {folder}: corpus checks skipped")
        return
    confs = sorted(folder.glob("*.conf"))
    bad = []
    for conf in confs:
        proc = run(["check", conf.name], cwd=folder)
        expected = GOLDEN / "corpus" / (conf.stem + ".expected")
        if proc.returncode != 0 or not expected.exists() or proc.stdout != expected.read_text():
            bad.append(f"{conf.name}: rc {proc.returncode} {proc.stderr.strip()[:200]}")
    ok(not bad and len(confs) >= 103, f"corpus: all {len(confs)} configurations pass attobgp check and print as expected",
       "\n".join(bad))


def usage() -> None:
    ok(run(["check"]).returncode == 2, "check without a file: usage, exit 2")
    ok(run(["check", "--frobnicate", "x"]).returncode == 2, "check with an unknown option: exit 2")
    proc = run(["check", "/nonexistent/attobgp.conf"])
    ok(proc.returncode == 1 and "cannot open" in proc.stderr, "a missing file: exit 1 with why", proc.stderr)
    proc = run(["check", "-q", str(GOLDEN / "good" / "basic.conf"), str(GOLDEN / "bad" / "stray-close.conf")])
    ok(proc.returncode == 1 and proc.stdout == "", "several files: one bad one fails the run; -q prints nothing")
    proc = run(["check", "-q", "unsupported.conf"], cwd=GOLDEN / "good")
    ok(proc.returncode == 0 and "operational messages is not supported yet (kept, not sent)" in proc.stderr,
       "unsupported families are reported on stderr, and the file is valid", proc.stderr)


CONF = """neighbor 192.0.2.1 {
	router-id 192.0.2.7;
	local-address 192.0.2.2;
	local-as 65001;
	peer-as 4200000000;
	family { ipv4 unicast; ipv6 unicast; }
	capability { asn4 disable; add-path send/receive; }
	add-path { ipv6 unicast; }
}
"""


def codec_with_config() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "session.conf"
        conf.write_text(CONF)
        # 2-octet ASNs: a 4-octet ASN of the path is AS_TRANS in AS_PATH, and itself in AS4_PATH
        proc = run(["encode", "-c", str(conf), "route 10.0.0.0/24 next-hop 192.0.2.1 as-path [ 4200000001 ]"])
        got = proc.stdout.strip()
        ok(proc.returncode == 0 and "02015BA0" in got and "C0110602" in got,
           "encode -c: asn4 disable gives AS_TRANS and an AS4_PATH", got + proc.stderr)
        proc = run(["encode", "-c", str(conf), "announce ipv6 unicast 2001:db8::/32 next-hop 2001:db8::1 path-information 9"])
        ok(proc.returncode == 0 and "00000009" in proc.stdout, "encode -c: ADD-PATH on the configured family only",
           proc.stdout + proc.stderr)
        proc = run(["encode", "-c", str(conf), "announce ipv4 multicast 232.0.0.0/8 next-hop 192.0.2.1"])
        ok(proc.returncode == 1 and "not among the families" in proc.stderr,
           "encode -c: a family the neighbour does not negotiate is refused", proc.stderr)
        raw = run(["encode", "-c", str(conf), "route 10.0.0.0/24 next-hop 192.0.2.1"]).stdout.strip()
        proc = run(["decode", "-c", str(conf), raw])
        try:
            js = json.loads(proc.stdout)
            neighbor = js["neighbor"]
            good = (neighbor["asn"] == {"local": 65001, "peer": 4200000000}
                    and neighbor["address"] == {"local": "192.0.2.2", "peer": "192.0.2.1"}
                    and neighbor.get("router-id") == "192.0.2.7")
        except (ValueError, KeyError):
            good = False
        ok(good, "decode -c: the JSON neighbour is the configuration's", proc.stdout + proc.stderr)
        proc = run(["decode", "-c", str(conf), "-a", "65009", raw])
        try:
            local = json.loads(proc.stdout)["neighbor"]["asn"]["local"]
        except (ValueError, KeyError):
            local = None
        ok(local == 65009, "a flag after -c overrides it", proc.stdout)
        proc = run(["encode", "-c", str(GOLDEN / "bad" / "hold-time-word.conf"), "route 10.0.0.0/24 next-hop 1.2.3.4"])
        ok(proc.returncode == 2 and "hold-time: 'abc' is not a number" in proc.stderr,
           "encode -c with a bad configuration: exit 2 with its error", proc.stderr)
        proc = run(["encode", "-c"])
        ok(proc.returncode == 2, "-c needs a value")


def main() -> int:
    good_files()
    bad_files()
    corpus()
    usage()
    codec_with_config()
    print(f"1..{count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
