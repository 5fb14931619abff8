#!/usr/bin/env python3
"""config_gen.py N [SETS] — an ExaBGP configuration with one neighbour and N static /24
routes sharing SETS distinct attribute sets (default 300), on stdout.

Each route: ORIGIN, AS_PATH of two ASNs, one of four next hops, MED and two communities,
the values picked from the route's set.
"""

import sys

n = int(sys.argv[1])
sets = int(sys.argv[2]) if len(sys.argv) > 2 else 300
out = sys.stdout
out.write("neighbor 127.0.0.2 {\n\trouter-id 127.0.0.1;\n\tlocal-address 127.0.0.1;\n\tlocal-as 65001;\n"
          "\tpeer-as 65002;\n\tfamily {\n\t\tipv4 unicast;\n\t}\n\tstatic {\n")
lines = []
for i in range(n):
    a, b, c = 1 + (i >> 16), (i >> 8) & 255, i & 255
    s = i % sets
    lines.append("\t\troute %d.%d.%d.0/24 next-hop 192.0.2.%d origin igp as-path [ 65001 %d ] med %d "
                 "community [ 65000:%d 65001:%d ];\n" % (a, b, c, 1 + s % 4, 64512 + s % 50, s, s, s % 7))
    if len(lines) == 10000:
        out.write("".join(lines))
        lines = []
out.write("".join(lines))
out.write("\t}\n}\n")
