#!/usr/bin/python3
"""ExaBGP (Debian's python3-exabgp) loading a configuration, for a same-run comparison.

  exabgp_config.py FILE     prints "routes N", "load S" (Configuration([FILE]).reload(),
                            the work ExaBGP does before its first session comes up) and
                            "maxrss KB" (peak resident memory, getrusage)
Runs under /usr/bin/python3, where Debian installs ExaBGP.
"""

import resource
import sys
import time


def main():
    from exabgp.configuration.setup import environment

    env = environment.setup("")
    env.log.enable = False
    from exabgp.configuration.configuration import Configuration

    t0 = time.perf_counter()
    configuration = Configuration([sys.argv[1]])
    if not configuration.reload():
        raise SystemExit("exabgp configuration error: %s" % configuration.error)
    t1 = time.perf_counter()
    routes = sum(len(neighbor.changes) for neighbor in configuration.neighbors.values())
    print("routes %d" % routes)
    print("load %.3f" % (t1 - t0))
    print("maxrss %d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    sys.stdout.flush()
    # the interpreter's teardown of a million objects is not part of the load
    import os
    os._exit(0)


if __name__ == "__main__":
    main()
