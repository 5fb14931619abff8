#!/usr/bin/env python3
"""bench/api: `routes add` commands per second through the API, beside ExaBGP 4.2.

  api_report.py BUILD [N] [EXA_N] [RUNS]

attobgp (bench/b_api, best of RUNS):
  - one control connection, pipelined and lock-step (a command, then its answer);
  - one helper process's pipe, the same two ways;
  - each with persistence off and on (on: every change saved through the configuration's
    safe storage, fsync and rename, group commit);
  - `announce route` (not saved) for the like-for-like row with ExaBGP.
  Against the API's test backend (the real route store, no sessions) until `attobgp server`
  exists; then the same client runs against the daemon too (rows "attobgp server"): the
  script starts `BUILD/attobgp server CONFIG` with a neighbour and the control socket, and
  says "needs the daemon" while the command does not exist.
ExaBGP 4.2 (Debian's, /usr/sbin/exabgp): its API through a helper process, `announce route`
  (it has no `routes add`), a neighbour without a session as for attobgp, lock-step and with
  64 commands in flight (more makes ExaBGP kill the helper: see exabgp_api.py).
Prints a table; the figures go in the README.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# How the daemon is started for the "attobgp server" rows (adjust to its flags once it
# exists): persistence on is a server started from a file; off, one told not to save.
SERVER_ARGS_SAVE = ["server", "{conf}"]
SERVER_ARGS_NO_SAVE = ["server", "--no-save", "{conf}"]


def kv(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2:
            out[parts[0]] = parts[1]
    return out


def b_api(build: str, args: list[str], runs: int, env=None) -> dict[str, str] | None:
    best = None
    for _ in range(runs):
        r = subprocess.run([os.path.join(build, "bench", "b_api")] + args, capture_output=True, text=True,
                           timeout=600, env=env)
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            return None
        d = kv(r.stdout)
        if best is None or float(d["commands_per_s"]) > float(best["commands_per_s"]):
            best = d
    return best


def exabgp(n: int, window: int) -> dict[str, str] | None:
    if not os.path.exists("/usr/sbin/exabgp"):
        return None
    r = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "exabgp_api.py"), str(n), str(window)],
                       capture_output=True, text=True, timeout=900)
    d = kv(r.stdout)
    return d if "commands_per_s" in d else None


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def server_rows(build: str, n: int, runs: int) -> list[tuple[str, dict | None, str]]:
    """The same client against `attobgp server`, once it exists."""
    attobgp = os.path.join(build, "attobgp")
    probe = subprocess.run([attobgp, "server", "--help"], capture_output=True, text=True)
    if probe.returncode != 0 or "unknown command" in probe.stderr:
        return [("attobgp server, control socket", None, "needs the daemon")]
    rows = []
    for persist in (False, True):
        with tempfile.TemporaryDirectory(prefix="api_report.") as tmp:
            sock = os.path.join(tmp, "attobgp.sock")
            conf = os.path.join(tmp, "attobgp.conf")
            with open(conf, "w") as f:
                f.write("neighbor 127.0.0.2 {\n\trouter-id 127.0.0.1;\n\tlocal-address 127.0.0.1;\n"
                        "\tlocal-as 65001;\n\tpeer-as 65002;\n\tpassive;\n\tfamily {\n\t\tipv4 unicast;\n\t}\n}\n")
            env = dict(os.environ, exabgp_api_socketpath=sock, exabgp_tcp_bind="127.0.0.1",
                       exabgp_tcp_port=str(free_port()))
            args = [attobgp] + [a.replace("{conf}", conf) for a in (SERVER_ARGS_SAVE if persist else SERVER_ARGS_NO_SAVE)]
            srv = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                for _ in range(200):
                    if os.path.exists(sock):
                        break
                    time.sleep(0.05)
                d = b_api(build, ["client", sock, str(n)], runs)
                rows.append((f"attobgp server, control socket, persistence {'on' if persist else 'off'}", d, ""))
            finally:
                srv.terminate()
                srv.wait(timeout=10)
    return rows


def main() -> int:
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    exa_n = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    lock_n = max(1, n // 20)
    rows: list[tuple[str, dict | None, str]] = []
    for channel in ("socket", "pipe"):
        name = "control socket" if channel == "socket" else "helper pipe"
        rows.append((f"attobgp, {name}, routes add, persistence off", b_api(build, [channel, str(n)], runs), ""))
        rows.append((f"attobgp, {name}, routes add, persistence on", b_api(build, [channel, str(n)], runs,
                                                                          dict(os.environ, B_API_PERSIST="1")), ""))
        rows.append((f"attobgp, {name}, announce route", b_api(build, [channel, str(n), "--legacy"], runs), ""))
        rows.append((f"attobgp, {name}, announce route, lock-step",
                     b_api(build, [channel, str(lock_n), "--legacy", "--window", "1"], runs), ""))
    rows += server_rows(build, n, runs)
    exa_lock = exabgp(exa_n, 1)
    exa_w64 = exabgp(exa_n, 64)
    rows.append(("ExaBGP 4.2, helper pipe, announce route, lock-step", exa_lock, "" if exa_lock else "not installed"))
    rows.append(("ExaBGP 4.2, helper pipe, announce route, 64 in flight", exa_w64, "" if exa_w64 else "not installed"))

    print(f"API: commands per second (attobgp: {n:,} commands, lock-step {lock_n:,}, best of {runs}; "
          f"ExaBGP 4.2: {exa_n:,}; routes to one neighbour without a session)")
    print(f"{'':62} {'commands/s':>12} {'seconds':>9}  saves")
    for name, d, note in rows:
        if d is None:
            print(f"{name:62} {note or 'failed':>12}")
            continue
        saves = d.get("saves", "")
        print(f"{name:62} {float(d['commands_per_s']):>12,.0f} {float(d['seconds']):>9.3f}  {saves}")
    best_exa = max((float(d["commands_per_s"]) for _, d, _ in rows[-2:] if d), default=0)
    ours = next((float(d["commands_per_s"]) for name, d, _ in rows if d and "socket, routes add, persistence off" in name), 0)
    ours_p = next((float(d["commands_per_s"]) for name, d, _ in rows if d and "socket, routes add, persistence on" in name), 0)
    if best_exa:
        print(f"control socket, routes add: {ours / best_exa:.0f}x ExaBGP 4.2's best (persistence on: {ours_p / best_exa:.0f}x)")
    print(f"target >= 200,000 commands/s: persistence off {'met' if ours >= 200000 else 'NOT met'}, "
          f"on {'met' if ours_p >= 200000 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
