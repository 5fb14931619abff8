#!/usr/bin/env python3
"""api_socket_race.py — servers starting together share the default control socket path.

The default path is shared by every server on the machine (the encoding suite starts three
at once). Eight servers start at the same moment over a stale socket file left by a killed
one: exactly one must own the socket, the others run without one (a warning), and every one
exits 0 on SIGTERM. Before the start-up took a lock, one server could remove another's
freshly bound socket, or fail its bind with EADDRINUSE and exit 1.

The default path is found through XDG_RUNTIME_DIR, a directory of our own, which the search
reaches only when /run/attobgp and /run/UID do not exist: otherwise the test is skipped.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from bgp_peer import ATTOBGP, Tap, free_port  # noqa: E402

CONF = """neighbor 127.0.0.1 {
	router-id 10.0.0.2;
	local-address 127.0.0.1;
	local-as 65533;
	peer-as 65533;
	family { ipv4 unicast; }
}
"""
SERVERS = 8
ROUNDS = 5


def main():
    t = Tap()
    shadowing = [d for d in ("/run/attobgp", "/run/%d" % os.getuid()) if os.path.isdir(d)]
    if shadowing:
        print("1..0 # SKIP %s exists: the default socket would not be in our directory" % shadowing[0])
        return 0
    with tempfile.TemporaryDirectory(prefix="attobgp-sockrace-") as work:
        conf = os.path.join(work, "race.conf")
        with open(conf, "w") as f:
            f.write(CONF)
        path = os.path.join(work, "attobgp.sock")
        for rnd in range(ROUNDS):
            stale = socket.socket(socket.AF_UNIX)
            stale.bind(path)  # bound, never listening, then closed: a stale socket file
            stale.close()
            env = dict(os.environ, XDG_RUNTIME_DIR=work, exabgp_tcp_port=str(free_port()))
            for k in ("exabgp_api_socketpath", "exabgp_api_socketname", "exabgp.api.socketpath",
                      "exabgp.api.socketname"):
                env.pop(k, None)
            procs = [subprocess.Popen([ATTOBGP, "server", conf], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True) for _ in range(SERVERS)]
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not os.path.exists(path):
                time.sleep(0.02)
            time.sleep(0.5)
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            codes, logs = [], []
            for p in procs:
                try:
                    _, err = p.communicate(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    _, err = p.communicate()
                codes.append(p.returncode)
                logs.append(err)
            owners = sum("api: control socket %s" % path in e for e in logs)
            t.eq(codes, [0] * SERVERS, "round %d: %d servers started together all exit 0" % (rnd + 1, SERVERS))
            t.eq(owners, 1, "round %d: exactly one owns %s" % (rnd + 1, "the socket"))
            if os.path.exists(path):
                os.unlink(path)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
