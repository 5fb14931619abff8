#!/bin/sh
# attobgp server's labelled and VPN routes against BIRD 2 on loopback (see interop_bird_vpn.py)
exec python3 "$(dirname "$0")/interop_bird_vpn.py"
