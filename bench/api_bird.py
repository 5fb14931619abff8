#!/usr/bin/env python3
"""api_bird.py BUILD [N] [EXA_N] — N IPv4 routes added through the API until a BIRD peer holds
them all: `attobgp server` and Debian's ExaBGP 4.2 side by side, in the same run.

Each speaker starts with one neighbour (a fresh BIRD, passive on 127.0.0.1, eBGP, import all)
and no routes; once the session is up the clock starts and a client adds N routes, each
`10.A.B.C/32 next-hop 203.0.113.2`; the clock stops when `birdc show route count` reports
all N. Rows:
  - attobgp, control socket: `peer * routes add …` pipelined on one connection
    (bench/b_api client), persistence off (--no-save) and on (every change saved to the
    configuration file, group commit: each answer waits for the write that covers it);
  - attobgp, helper pipe: a configured `process` (bench/b_api helper) writing the commands
    and reading the acknowledgements, persistence off;
    (helpers start with the speaker but wait for the session, as the clock does);
  - ExaBGP 4.2, helper pipe: `announce route …` (it has no `routes add`), 64 commands in
    flight (its fastest setting that does not get the helper killed; see exabgp_api.py).
    ExaBGP is given EXA_N routes (default 50,000: about 2,000-8,000 a second, a million
    would take minutes); its time is scaled linearly to N, and the report says so.
Also the speaker's peak resident memory. Loopback only, bounded waits (BENCH_API_BIRD_TIMEOUT s).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inject import Bird, hwm_kb, pick_port, stop  # noqa: E402  (the same BIRD as bench/inject)

build = sys.argv[1] if len(sys.argv) > 1 else "build"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
exa_n = int(sys.argv[3]) if len(sys.argv) > 3 else 50000
timeout = float(os.environ.get("BENCH_API_BIRD_TIMEOUT", "600"))
attobgp = os.path.abspath(os.path.join(build, "attobgp"))
b_api = os.path.abspath(os.path.join(build, "bench", "b_api"))

NEXT_HOP = "203.0.113.2"

EXA_HELPER = r'''
import os, sys, time
n, window, go = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
while not os.path.exists(go):
    time.sleep(0.005)
w = os.fdopen(1, "w", buffering=1 << 16)
r = os.fdopen(0, "r")
sent = done = 0
while done < n:
    while sent < n and sent - done < window:
        i = sent
        w.write("announce route 10.%d.%d.%d/32 next-hop NH\n" % ((i >> 16) & 255, (i >> 8) & 255, i & 255))
        sent += 1
    w.flush()
    line = r.readline()
    if not line:
        break
    if line.strip() in ("done", "error"):
        done += 1
r.read()
'''.replace("NH", NEXT_HOP)


def neighbour(process=None):
    api = "\tapi {\n\t\tprocesses [ %s ];\n\t}\n" % process if process else ""
    return ("neighbor 127.0.0.1 {\n\trouter-id 127.0.0.2;\n\tlocal-address 127.0.0.2;\n\tlocal-as 65002;\n"
            "\tpeer-as 65001;\n\thold-time 180;\n\tfamily {\n\t\tipv4 unicast;\n\t}\n%s}\n" % api)


def wait_session(bird, proc, limit=30.0):
    """Until BIRD says the session is Established (the clock starts then)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        out = subprocess.run(["birdc", "-s", bird.ctl, "show", "protocols", "exa"], capture_output=True,
                             text=True, timeout=10).stdout
        if "Established" in out:
            return True
        time.sleep(0.05)
    return False


def run(name, work, argv, env, count, client=None):
    """(seconds from session up until BIRD holds count routes, speaker's peak RSS MiB) or None."""
    port = pick_port()
    bird = Bird(work, port)
    env = dict(os.environ, exabgp_tcp_port=str(port), **env)
    log = open(os.path.join(work, name + ".log"), "w")
    proc = subprocess.Popen(argv, env=env, cwd=work, stdout=log, stderr=subprocess.STDOUT)
    got, result, cli = 0, None, None
    go = os.path.join(work, "go")
    if os.path.exists(go):
        os.unlink(go)
    try:
        if not wait_session(bird, proc):
            print("# %s: no session with BIRD" % name, file=sys.stderr)
            return None
        start = time.monotonic()
        open(go, "w").close()  # the helpers wait for it: nothing is sent before the session is up
        if client:
            cli = subprocess.Popen(client, stdout=subprocess.DEVNULL, stderr=log)
        while time.monotonic() - start < timeout and proc.poll() is None:
            got = bird.count()
            if got >= count:
                result = (time.monotonic() - start, hwm_kb(proc.pid) / 1024.0)
                break
            time.sleep(0.05)
    finally:
        if cli:
            stop(cli)
        stop(proc)
        bird.stop()
        log.close()
    if result is None:
        print("# %s: BIRD held %d of %d routes after %.0f s" % (name, got, count, timeout), file=sys.stderr)
    return result


def attobgp_socket(work, persist):
    name = "attobgp-socket-%s" % ("save" if persist else "nosave")
    conf = os.path.join(work, name + ".conf")
    sock = os.path.join(work, name + ".sock")
    with open(conf, "w") as f:
        f.write(neighbour())
    argv = [attobgp, "server", "-q"] + ([] if persist else ["--no-save"]) + [conf]
    return run(name, work, argv, {"exabgp_api_socketpath": sock}, n, [b_api, "client", sock, str(n)])


def attobgp_pipe(work):
    conf = os.path.join(work, "attobgp-pipe.conf")
    with open(conf, "w") as f:
        f.write("process bench {\n\trun /bin/sh -c 'while [ ! -e %s ]; do sleep 0.005; done; exec %s helper %d %s';"
                "\n\tencoder text;\n}\n" % (os.path.join(work, "go"), b_api, n, os.path.join(work, "helper.out")))
        f.write(neighbour("bench"))
    sock = os.path.join(work, "attobgp-pipe.sock")
    return run("attobgp-pipe", work, [attobgp, "server", "-q", "--no-save", conf],
               {"exabgp_api_socketpath": sock}, n)


def exabgp(work):
    helper = os.path.join(work, "exa_helper.py")
    with open(helper, "w") as f:
        f.write(EXA_HELPER)
    conf = os.path.join(work, "exabgp.conf")
    with open(conf, "w") as f:
        f.write("process bench {\n\trun /usr/bin/python3 %s %d 64 %s;\n\tencoder text;\n}\n" %
                (helper, exa_n, os.path.join(work, "go")))
        f.write(neighbour("bench"))
    env = {"exabgp_tcp_bind": "", "exabgp_api_cli": "false", "exabgp_daemon_user": "root",
           "exabgp_log_destination": os.path.join(work, "exa-log.txt"), "exabgp_log_level": "ERR"}
    return run("exabgp", work, ["exabgp", conf], env, exa_n)


def main():
    if shutil.which("bird") is None:
        print("api_bird: BIRD is not installed (scripts/deps.sh bench)", file=sys.stderr)
        return 1
    work = tempfile.mkdtemp(prefix="attobgp-api-bird-")
    try:
        rows = [("attobgp, control socket, routes add, persistence off", attobgp_socket(work, False), 1.0),
                ("attobgp, control socket, routes add, persistence on", attobgp_socket(work, True), 1.0),
                ("attobgp, helper pipe, routes add, persistence off", attobgp_pipe(work), 1.0)]
        theirs = exabgp(work) if exa_n > 0 and shutil.which("exabgp") else None
        rows.append(("ExaBGP 4.2, helper pipe, announce route, 64 in flight", theirs, n / exa_n if exa_n else 1.0))
        print("API to BIRD: %s IPv4 routes added through the API until BIRD 2 holds them (loopback)" % format(n, ","))
        print("%-56s%10s%12s%10s" % ("", "seconds", "routes/s", "MiB"))
        for label, r, scale in rows:
            if r is None:
                print("%-56s%10s" % (label, "failed"))
                continue
            mib = "%.1f%s" % (r[1], "*" if scale != 1.0 else "")  # memory is not scaled: measured
            print("%-56s%10.2f%12s%10s" % (label, r[0] * scale, format(int(n / (r[0] * scale)), ","), mib))
        ours, base = rows[0][1], rows[-1][1]
        if ours and base:
            print("control socket, persistence off: %.0fx faster than ExaBGP 4.2" % (base[0] * rows[-1][2] / ours[0]))
        if base and rows[-1][2] != 1.0:
            print("# ExaBGP was given %s routes (%.1f s), its time scaled linearly to %s; * its memory at %s" %
                  (format(exa_n, ","), base[0], format(n, ","), format(exa_n, ",")))
        return 0 if ours else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
