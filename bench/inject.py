#!/usr/bin/env python3
"""inject.py BUILD [N] [EXA_N] — a million IPv4 routes from a configuration delivered to a
BIRD peer on loopback: attobgp and Debian's ExaBGP 4.2 side by side, in the same run.

For each speaker: a fresh BIRD (passive on 127.0.0.1, eBGP, import all, no kernel) and the
speaker started on a configuration of N static /24 routes (one next hop, as a route server
or an anycast injector writes them); measured from the speaker's start (configuration load
included) until `birdc show route count` reports all N, and the speaker's peak resident
memory (VmHWM) at that point. ExaBGP is given EXA_N routes (default: N); when EXA_N < N its
figures are scaled linearly to N, and the report says so. EXA_N 0 skips ExaBGP.
Loopback only; every process stopped by its pid; bounded waits (BENCH_INJECT_TIMEOUT s).
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

build = sys.argv[1] if len(sys.argv) > 1 else "build"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
exa_n = int(sys.argv[3]) if len(sys.argv) > 3 else n
timeout = float(os.environ.get("BENCH_INJECT_TIMEOUT", "600"))
attobgp = os.path.abspath(os.path.join(build, "attobgp"))


def config(path, count):
    with open(path, "w") as f:
        f.write("neighbor 127.0.0.1 {\n\trouter-id 127.0.0.2;\n\tlocal-address 127.0.0.2;\n\tlocal-as 65002;\n"
                "\tpeer-as 65001;\n\thold-time 180;\n\tfamily {\n\t\tipv4 unicast;\n\t}\n\tstatic {\n")
        lines = []
        for i in range(count):
            lines.append("\t\troute %d.%d.%d.0/24 next-hop 203.0.113.2;\n" % (1 + (i >> 16), (i >> 8) & 255, i & 255))
            if len(lines) == 10000:
                f.write("".join(lines))
                lines = []
        f.write("".join(lines))
        f.write("\t}\n}\n")


def port_free(port):
    for addr in ("127.0.0.1", "127.0.0.2"):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((addr, port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def pick_port():
    for port in range(34179, 34479):
        if port_free(port):
            return port
    raise SystemExit("inject: no free port")


def stop(proc, wait=10.0):
    if proc is not None and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def hwm_kb(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Bird:
    def __init__(self, work, port):
        self.ctl = os.path.join(work, "bird.ctl")
        conf = os.path.join(work, "bird.conf")
        with open(conf, "w") as f:
            f.write("""log "%s/bird.log" { warning, error, fatal };
router id 127.0.0.1;
protocol device { }
protocol bgp exa {
    local 127.0.0.1 port %d as 65001;
    neighbor 127.0.0.2 port %d as 65002;
    multihop;
    passive on;
    hold time 240;
    ipv4 { import all; export none; };
}
""" % (work, port, port))
        self.proc = subprocess.Popen(["bird", "-c", conf, "-s", self.ctl, "-P", os.path.join(work, "bird.pid"), "-f"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.ctl) and time.monotonic() < deadline:
            time.sleep(0.02)

    def count(self):
        out = subprocess.run(["birdc", "-s", self.ctl, "show", "route", "protocol", "exa", "count"],
                             capture_output=True, text=True, timeout=60).stdout
        m = re.search(r"(\d+) of \d+ routes", out)
        return int(m.group(1)) if m else 0

    def stop(self):
        subprocess.run(["birdc", "-s", self.ctl, "down"], capture_output=True, timeout=10)
        stop(self.proc)


def measure(name, argv, env, count, work):
    """(seconds until BIRD holds count routes, peak RSS MiB) or None."""
    port = pick_port()
    bird = Bird(work, port)
    env = dict(os.environ, **env)
    env["exabgp_tcp_port"] = str(port)
    out = open(os.path.join(work, name + ".log"), "w")
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, cwd=work, stdout=out, stderr=subprocess.STDOUT)
    got, result = 0, None
    try:
        while time.monotonic() - start < timeout and proc.poll() is None:
            got = bird.count()
            if got >= count:
                result = (time.monotonic() - start, hwm_kb(proc.pid) / 1024.0)
                break
            time.sleep(0.05)
    finally:
        peak = hwm_kb(proc.pid) / 1024.0
        stop(proc)
        bird.stop()
        out.close()
    if result is None:
        print("# %s: BIRD held %d of %d routes after %.0f s" % (name, got, count, time.monotonic() - start),
              file=sys.stderr)
        return None
    return result[0], max(result[1], peak)


def main():
    if shutil.which("bird") is None:
        print("inject: BIRD is not installed (scripts/deps.sh bench)", file=sys.stderr)
        return 1
    work = tempfile.mkdtemp(prefix="attobgp-inject-")
    try:
        path = os.path.join(work, "routes.conf")
        config(path, n)
        ours = measure("attobgp", [attobgp, "server", "-q", path], {}, n, work)
        theirs, scale = None, 1.0
        if exa_n > 0 and shutil.which("exabgp"):
            exa_path = path
            if exa_n < n:
                exa_path = os.path.join(work, "routes-exa.conf")
                config(exa_path, exa_n)
                scale = n / exa_n
            env = {"exabgp_tcp_bind": "", "exabgp_api_cli": "false", "exabgp_daemon_user": "root",
                   "exabgp_log_destination": os.path.join(work, "exa-log.txt"), "exabgp_log_level": "ERR"}
            theirs = measure("exabgp", ["exabgp", exa_path], env, exa_n, work)
        print("injection benchmark (%s static IPv4 /24 routes from a configuration to BIRD 2 on loopback)" %
              format(n, ","))
        print("%-44s%12s%14s%9s" % ("", "attobgp", "ExaBGP 4.2", "ratio"))

        def row(label, a, b):
            ratio = "%.1fx" % (b / a) if a and b else "-"
            print("%-44s%12s%14s%9s" % (label, "%.2f" % a if a is not None else "failed",
                                        "%.2f" % b if b is not None else "-", ratio))
        row("start to all routes in BIRD (s)", ours and ours[0], theirs and theirs[0] * scale)
        row("peak resident memory (MiB)", ours and ours[1], theirs and theirs[1] * scale)
        print("# target: <= 3 s and <= 64 MB; time includes loading the configuration")
        if theirs and scale != 1.0:
            print("# ExaBGP was given %s routes (%.1f s, %.0f MiB), scaled linearly to %s" %
                  (format(exa_n, ","), theirs[0], theirs[1], format(n, ",")))
        return 0 if ours else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
