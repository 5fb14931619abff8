#!/usr/bin/env python3
"""Route store: attobgp (bench/b_store) vs ExaBGP 4.2 (bench/exabgp_store.py), same run.

  store_report.py BUILD N4 N6 EXA_N4 EXA_N6 NEIGHBOURS [RUNS]

attobgp holds N4 IPv4 + N6 IPv6 routes for NEIGHBOURS neighbours; ExaBGP the first EXA_N4 +
EXA_N6 of the same routes (it needs minutes for more). ExaBGP's memory grows linearly with
the routes it holds (one Change object per route, and one dictionary entry per route and
neighbour), so its figures are extrapolated to N4 + N6 from the octets per route it used;
the table says which figures are extrapolated. b_store runs RUNS times (default 3) and
each time is the best of the runs (timeit's rule: on a shared machine the fastest run is
the one least disturbed); memory figures come from the last run.
"""

import os
import subprocess
import sys

build, n4, n6, exa_n4, exa_n6, nn = sys.argv[1], *(int(a) for a in sys.argv[2:7])
runs = int(sys.argv[7]) if len(sys.argv) > 7 else 3
here = os.path.dirname(os.path.abspath(__file__))
exabgp_py = "/usr/bin/python3"


def figures(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit("%s failed" % cmd[0])
    result, text = {}, []
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith(" "):
            try:
                result[parts[0]] = float(parts[1])
                continue
            except ValueError:
                pass
        text.append(line)
    return result, text


ours, our_text = figures([os.path.join(build, "bench", "b_store"), str(n4), str(n6), str(nn)])
TIMES = ("add_many_ns", "add_ns", "announce_ns", "lookup_ns", "miss_ns", "index_ns", "remove_ns", "remove_down_ns",
         "drain_s", "withdraw_drain_s")
for _ in range(runs - 1):
    again, _ = figures([os.path.join(build, "bench", "b_store"), str(n4), str(n6), str(nn)])
    for key in TIMES:
        if key in again:
            ours[key] = min(ours[key], again[key])
    ours["failures"] = ours.get("failures", 0) + again.get("failures", 0)
have_exabgp = os.path.exists(exabgp_py) and subprocess.run(
    [exabgp_py, "-c", "import exabgp"], capture_output=True).returncode == 0
theirs = {}
if have_exabgp and exa_n4 > 0:
    theirs, _ = figures([exabgp_py, os.path.join(here, "exabgp_store.py"), str(exa_n4), str(exa_n6), str(nn)])

print("\n".join(l for l in our_text if l.strip()) + ("  (the first run)" if runs > 1 else ""))
if runs > 1:
    print(f"best of {runs} runs (ns per operation):")
    for key in TIMES:
        unit = "s" if key.endswith("_s") else "ns"
        print(f"  {key:18} {ours[key]:10.2f} {unit}")
if ours.get("failures"):
    print("# b_store: %d check(s) FAILED" % ours["failures"])

MiB = 1024.0
total = n4 + n6
print()
print("route store vs ExaBGP: %s IPv4 + %s IPv6 routes, each held by %d neighbours" % (f"{n4:,}", f"{n6:,}", nn))
print(f"{'':46}{'attobgp':>14}{'ExaBGP 4.2':>16}{'ratio':>9}")


def row(label, a, b, fmt, better_low=True, note=""):
    ratio = "       -"
    if a and b:
        ratio = f"{(b / a if better_low else a / b):8.0f}x"
    bs = fmt(b) if b else "-"
    print(f"{label:46}{fmt(a):>14}{bs:>16}{ratio}{note}")


if theirs:
    exa_total = exa_n4 + exa_n6
    per_route = (theirs["rss_loaded_kib"] - theirs["rss_base_kib"]) * 1024 / exa_total
    per_v4 = (theirs["rss_v4_kib"] - theirs["rss_base_kib"]) * 1024 / exa_n4
    exa_v4 = theirs["rss_base_kib"] / MiB + per_v4 * n4 / 1048576
    exa_all = theirs["rss_base_kib"] / MiB + per_route * total / 1048576
    exa_add = exa_total / theirs["add_s"]
    exa_drain = exa_total * nn / theirs["drain_s"] if theirs.get("drain_s") else None
else:
    per_route = exa_v4 = exa_all = exa_add = exa_drain = None

# the bench input is freed before rss_loaded: count from the process's start
our_per_route = (ours["rss_loaded_kib"] - ours["rss_start_kib"]) * 1024 / total
row("octets per route (all neighbours, RSS)", our_per_route, per_route, lambda v: f"{v:,.0f}")
row(f"RSS, {n4:,} IPv4 x {nn} neighbours (MiB)", ours["rss_v4_kib"] / MiB, exa_v4, lambda v: f"{v:,.1f}",
    note="  (ExaBGP extrapolated)" if theirs else "")
row("RSS, all routes loaded (MiB)", ours["rss_loaded_kib"] / MiB, exa_all, lambda v: f"{v:,.1f}",
    note="  (ExaBGP extrapolated)" if theirs else "")
row("RSS peak (MiB)", ours["rss_peak_kib"] / MiB, None, lambda v: f"{v:,.1f}")
row("routes added to all neighbours / s", 1e9 / ours["add_ns"], exa_add, lambda v: f"{v:,.0f}", better_low=False,
    note="  (one at a time; ExaBGP: text parsed + injected)")
row("  ... in runs sharing attributes / s", 1e9 / ours["add_many_ns"], None, lambda v: f"{v:,.0f}")
row("  ... attributes interned per route / s", 1e9 / ours["announce_ns"], None, lambda v: f"{v:,.0f}")
row("route-sends packed / s (drain)", total * nn / ours["drain_s"], exa_drain, lambda v: f"{v:,.0f}",
    better_low=False)
row("RSS after withdraw-all (MiB)", ours["rss_end_kib"] / MiB, None, lambda v: f"{v:,.1f}")
print(f"# attobgp: {build}/bench/b_store {n4} {n6} {nn}")
if theirs:
    print(f"# ExaBGP: bench/exabgp_store.py {exa_n4} {exa_n6} {nn} — measured at {exa_total:,} routes "
          f"({theirs['rss_loaded_kib'] / MiB:,.0f} MiB loaded, {theirs.get('rss_sent_kib', 0) / MiB:,.0f} MiB "
          f"after its UPDATEs were generated, in {theirs['add_s']:.0f} s + {theirs.get('drain_s', 0):.0f} s), "
          f"extrapolated linearly to {total:,}")
elif not have_exabgp:
    print("# ExaBGP (python3-exabgp) is not installed: scripts/deps.sh bench installs it")
sys.exit(1 if ours.get("failures") else 0)
