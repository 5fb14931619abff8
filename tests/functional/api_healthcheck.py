#!/usr/bin/env python3
"""ExaBGP's api-healthcheck-module case with ExaBGP's own healthcheck program as the helper.

api_suite.py runs the case with the lines ExaBGP 6's healthcheck prints; this runs the
program itself (`python3 -m exabgp healthcheck`, from whichever installed ExaBGP has it:
Debian's 4.2 prints `announce route ...` where 6 prints `neighbor * announce route ...`)
against `$ATTOBGP server`: it announces 10.0.0.1/32 with next-hop 127.0.0.1 and its up
metric as MED once its check (`true`) rises, reads each acknowledgement, announces again
every second, and withdraws the route when it gets SIGTERM. The peer must see exactly the
case's UPDATEs. Skipped when no Python on the machine has ExaBGP's healthcheck module.
--exabgp runs it against Debian's ExaBGP 4.2 instead, to check the harness (it passes).
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import api_suite

CASE = "api-healthcheck-module"


def healthcheck_python() -> str | None:
    for python in (sys.executable, shutil.which("python3"), "/usr/bin/python3"):
        if python and subprocess.run([python, "-c", "import exabgp.application.healthcheck"],
                                     capture_output=True).returncode == 0:
            return python
    return None


def main() -> int:
    exabgp = "--exabgp" in sys.argv
    python = healthcheck_python()
    if python is None or not api_suite.daemon_available(exabgp):
        why = "ExaBGP's healthcheck module is not installed (scripts/deps.sh interop)" if python is None else \
            "the daemon does not run the API"
        print(f"ok 1 - {CASE} with ExaBGP's healthcheck program # SKIP {why}")
        print("1..1")
        return 0
    program = [python, "-m", "exabgp", "healthcheck", "--cmd", "true", "--ip", "10.0.0.1/32",
               "--next-hop", "127.0.0.1", "--rise", "1", "--interval", "1", "--no-syslog",
               "--no-ip-setup"]
    api_suite.OVERRIDES[CASE] = {"healthcheck": [["exec", program, 3.0], ["linger", 5]]}
    ok, detail = api_suite.run_case(CASE, api_suite.QA / "qa" / "api" / f"{CASE}.ci", exabgp)
    api_suite.tap(ok, f"{CASE} with ExaBGP's healthcheck program ({python})", "" if ok else detail)
    print("1..1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
