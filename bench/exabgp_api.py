#!/usr/bin/python3
"""ExaBGP 4.2 (Debian's) taking `announce route` commands through its API, for bench/api.

  exabgp_api.py N [WINDOW [SPEED]]

Runs the real daemon (/usr/sbin/exabgp) with one neighbour (passive, never connected: the
routes go to its RIB, as attobgp's do to the store) and one helper process, ExaBGP's
model: the helper writes N `announce route 10.A.B.C/32 next-hop 192.0.2.1` lines to its
stdout, at most WINDOW (default 1: a command, then its `done`, as ExaBGP scripts do) not
yet acknowledged, and counts the `done` acknowledgements ExaBGP writes back. A large window
(commands written without waiting) makes ExaBGP 4.2 kill and restart the helper after a
hundred or so commands ("Too many death ... terminating program"), so it cannot be
measured that way. SPEED is exabgp.reactor.speed (default 1.0, ExaBGP's).
Prints "key value" lines: commands, seconds, commands_per_s.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time

HELPER = r'''
import os, sys, time
n, out, window = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
w = os.fdopen(1, "w", buffering=1 << 16)
r = os.fdopen(0, "r")
t0 = time.time()
sent = done = 0
while done < n:
    while sent < n and sent - done < window:
        i = sent
        w.write("announce route 10.%d.%d.%d/32 next-hop 192.0.2.1\n" % ((i >> 16) & 255, (i >> 8) & 255, i & 255))
        sent += 1
    w.flush()
    line = r.readline()
    if not line:
        break
    if line.strip() in ("done", "error"):
        done += 1
t = time.time() - t0
with open(out + ".tmp", "w") as f:
    f.write("commands %d\nseconds %.6f\ncommands_per_s %.0f\n" % (done, t, done / t))
os.rename(out + ".tmp", out)
time.sleep(3600)
'''


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main() -> int:
    n = int(sys.argv[1])
    window = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    speed = sys.argv[3] if len(sys.argv) > 3 else "1.0"
    with tempfile.TemporaryDirectory(prefix="exabgp_api.") as tmp:
        helper = os.path.join(tmp, "helper.py")
        out = os.path.join(tmp, "result")
        with open(helper, "w") as f:
            f.write(HELPER)
        conf = os.path.join(tmp, "exabgp.conf")
        with open(conf, "w") as f:
            f.write("""process bench {
    run /usr/bin/python3 %s %d %s %d;
    encoder text;
}
neighbor 127.0.0.2 {
    router-id 127.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    passive;
    family { ipv4 unicast; }
    api { processes [ bench ]; }
}
""" % (helper, n, out, window))
        env = dict(os.environ, exabgp_tcp_bind="127.0.0.1", exabgp_tcp_port=str(free_port()),
                   exabgp_api_cli="false", exabgp_daemon_user="root",
                   exabgp_log_destination=os.path.join(tmp, "exabgp.log"), exabgp_log_level="WARNING",
                   exabgp_reactor_speed=speed)
        exa = subprocess.Popen(["/usr/sbin/exabgp", conf], cwd=tmp, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + max(60, n / 200)
            while not os.path.exists(out) and time.time() < deadline and exa.poll() is None:
                time.sleep(0.05)
            if not os.path.exists(out):
                print("error ExaBGP did not acknowledge every command in time")
                log = os.path.join(tmp, "exabgp.log")
                if os.path.exists(log):
                    sys.stderr.write(open(log).read()[-2000:])
                return 1
            sys.stdout.write(open(out).read())
        finally:
            exa.terminate()
            try:
                exa.wait(timeout=10)
            except subprocess.TimeoutExpired:
                exa.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
