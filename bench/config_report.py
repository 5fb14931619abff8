#!/usr/bin/env python3
"""Loading a configuration of static routes: attobgp vs ExaBGP, in the same run.

  config_report.py BUILD N EXA_N
Generates a configuration of N routes (bench/config_gen.py: one neighbour, /24s, 300
attribute sets) and loads it with attobgp (bench/b_config); ExaBGP loads the same file, or
a file of its first EXA_N routes when EXA_N < N, its figures then scaled linearly to N and
marked as such. Prints time and peak memory side by side with the ratios.
"""

import os
import subprocess
import sys
import tempfile

build, n, exa_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
here = os.path.dirname(os.path.abspath(__file__))
exabgp_py = "/usr/bin/python3"


def generate(count, path):
    with open(path, "w") as out:
        subprocess.run([sys.executable, os.path.join(here, "config_gen.py"), str(count)], stdout=out, check=True)


def figures(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return {parts[0]: float(parts[1]) for parts in (line.split() for line in out.splitlines()) if len(parts) == 2}


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "routes.conf")
    generate(n, path)
    size = os.path.getsize(path)
    ours = figures([os.path.join(build, "bench", "b_config"), path])
    have_exabgp = os.path.exists(exabgp_py) and subprocess.run(
        [exabgp_py, "-c", "import exabgp"], capture_output=True).returncode == 0
    theirs, scale = {}, 1.0
    if have_exabgp and exa_n > 0:
        exa_path = path
        if exa_n < n:
            exa_path = os.path.join(tmp, "routes-exa.conf")
            generate(exa_n, exa_path)
            scale = n / exa_n
        theirs = figures([exabgp_py, os.path.join(here, "exabgp_config.py"), exa_path])

print(f"configuration load benchmark ({n:,} static IPv4 /24 routes, one neighbour, 300 attribute sets, "
      f"{size / 1e6:.0f} MB of text)")
print(f"{'':32}{'attobgp':>14}{'ExaBGP 4.2':>14}{'ratio':>9}")
a_load = ours["load"]
a_mem = ours["maxrss"] / 1024
b_load = theirs.get("load", 0) * scale
b_mem = theirs.get("maxrss", 0) / 1024 * scale
mark = " (scaled)" if scale != 1.0 else ""
print(f"{'load (s)':32}{a_load:14.2f}{b_load:14.2f}{(b_load / a_load if b_load else 0):8.1f}x{mark}")
print(f"{'peak memory (MB)':32}{a_mem:14.1f}{b_mem:14.1f}{(b_mem / a_mem if b_mem else 0):8.1f}x{mark}")
print(f"{'export, 1000 routes a chunk (s)':32}{ours['export']:14.2f}{'-':>14}{'-':>9}")
print(f"# attobgp loaded {ours['routes']:,.0f} routes; target: >= 50x faster, <= 1/20 of ExaBGP's memory")
if theirs:
    if scale != 1.0:
        print(f"# ExaBGP loaded {theirs['routes']:,.0f} routes ({theirs['load']:.1f} s, "
              f"{theirs['maxrss'] / 1024:.0f} MB), scaled linearly to {n:,}")
    else:
        print(f"# ExaBGP loaded {theirs['routes']:,.0f} routes: Configuration([file]).reload() under /usr/bin/python3")
elif not have_exabgp:
    print("# ExaBGP (python3-exabgp) is not installed: scripts/deps.sh bench installs it")
