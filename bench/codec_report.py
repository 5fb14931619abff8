#!/usr/bin/env python3
"""Encode/decode throughput and decode start-up: attobgp vs ExaBGP, in the same run.

Prints a table with each figure and the ratio attobgp / ExaBGP.
"""

import os
import shutil
import statistics
import subprocess
import sys
import time

build, n, exa_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
here = os.path.dirname(os.path.abspath(__file__))
attobgp = os.path.join(build, "attobgp")
exabgp_py = "/usr/bin/python3"


def figures(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    result = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("encode", "decode"):
            result[parts[0]] = float(parts[1])
    return result


def startup_ms(cmd, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


ours = figures([os.path.join(build, "bench", "b_codec"), str(n)])
have_exabgp = os.path.exists(exabgp_py) and subprocess.run(
    [exabgp_py, "-c", "import exabgp"], capture_output=True).returncode == 0
theirs = figures([exabgp_py, os.path.join(here, "exabgp_codec.py"), str(exa_n)]) if have_exabgp else {}

sample = subprocess.run([attobgp, "encode", "-a", "65001", "-z", "65002",
                         "route 10.0.0.0/24 next-hop 192.0.2.1 origin igp as-path [ 65001 65002 ] "
                         "med 100 community [ 65000:1 65000:2 ]"],
                        capture_output=True, text=True, check=True).stdout.strip()
our_start = startup_ms([attobgp, "decode", "-a", "65001", "-z", "65002", sample], 200)
their_start = startup_ms([exabgp_py, os.path.join(here, "exabgp_codec.py"), "--once", sample], 10) if have_exabgp else None

print("codec benchmark (one core; simple IPv4 unicast UPDATEs: ORIGIN, AS_PATH, NEXT_HOP, MED, 2 communities)")
print(f"{'':32}{'attobgp':>14}{'ExaBGP 4.2':>14}{'ratio':>9}")
for key, label in (("encode", "encode (UPDATEs/s)"), ("decode", "decode to JSON (UPDATEs/s)")):
    a, b = ours.get(key), theirs.get(key)
    ratio = f"{a / b:8.1f}x" if a and b else "       -"
    print(f"{label:32}{a:14,.0f}{(b or 0):14,.0f}{ratio}")
ratio = f"{their_start / our_start:8.1f}x" if their_start else "       -"
print(f"{'decode start-up (ms, median)':32}{our_start:14.2f}{(their_start or 0):14.1f}{ratio}")
print(f"# attobgp: {n:,} messages each way; ExaBGP: {exa_n:,}; start-up: 200 / 10 runs")
if not have_exabgp:
    print("# ExaBGP (python3-exabgp) is not installed: scripts/deps.sh bench installs it")
