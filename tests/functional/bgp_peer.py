"""bgp_peer.py — a scripted BGP peer and a harness around the session test driver.

Used by the bgp*.py functional tests. Everything is loopback-only and every wait is bounded.

  Driver(args)          runs build/tests/tools/bgp_speaker with args; its JSON events are collected
                        with their arrival time; wait(pred, timeout) returns the first match.
  Peer                  a BGP speaker written by hand: listen()/connect(), send raw messages,
                        recv() whole messages with timestamps; builders for OPEN, KEEPALIVE,
                        NOTIFICATION, UPDATE, ROUTE-REFRESH and capabilities.
  Tap                   a tiny TAP producer (ok, eq, done).
"""
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("ATTOBGP_BUILD", "build")
SPEAKER = os.path.join(ROOT, BUILD, "tests", "tools", "bgp_speaker")
ATTOBGP = os.environ.get("ATTOBGP", os.path.join(ROOT, BUILD, "attobgp"))

OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE_REFRESH = 1, 2, 3, 4, 5
MARKER = b"\xff" * 16


# ---------------------------------------------------------------- TAP

class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, name), flush=True)
        if not cond:
            self.failed += 1
            if diag is not None:
                # on stderr too: prove shows a test's stderr, so a failure in CI carries its reason
                for line in str(diag).splitlines()[:30]:
                    print("#   " + line, flush=True)
                    print("#   " + line, file=sys.stderr, flush=True)
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, "got  %r\nwant %r" % (got, want))

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line, flush=True)

    def done(self):
        print("1..%d" % self.n, flush=True)
        return 1 if self.failed else 0


# ---------------------------------------------------------------- messages

def message(mtype, body=b""):
    return MARKER + struct.pack("!HB", 19 + len(body), mtype) + body


def keepalive():
    return message(KEEPALIVE)


def notification(code, subcode, data=b""):
    return message(NOTIFICATION, bytes([code, subcode]) + data)


def route_refresh(afi=1, safi=1, subtype=0):
    return message(ROUTE_REFRESH, struct.pack("!HBB", afi, subtype, safi))


def cap(code, value=b""):
    return (code, value)


def cap_mp(afi, safi):
    return cap(1, struct.pack("!HBB", afi, 0, safi))


def cap_asn4(asn):
    return cap(65, struct.pack("!I", asn))


def cap_addpath(entries):
    """entries: [(afi, safi, sr)] with sr 1 receive, 2 send, 3 both"""
    return cap(69, b"".join(struct.pack("!HBB", a, s, sr) for a, s, sr in entries))


def cap_graceful(time_s, families, flags=0):
    value = struct.pack("!H", (flags << 12) | (time_s & 0xFFF))
    value += b"".join(struct.pack("!HBB", a, s, 0x80) for a, s in families)
    return cap(64, value)


def open_message(asn, hold, router_id, caps, version=4, one_param=True):
    """caps: [(code, value)]; asn above 65535 goes as AS_TRANS (the caller adds asn4)."""
    my_as = asn if asn <= 0xFFFF else 23456
    tlvs = [bytes([c, len(v)]) + v for c, v in caps]
    if one_param and tlvs:
        blob = b"".join(tlvs)
        params = bytes([2, len(blob)]) + blob
    else:
        params = b"".join(bytes([2, len(t)]) + t for t in tlvs)
    rid = socket.inet_aton(router_id)
    body = struct.pack("!BHH", version, my_as, hold) + rid + bytes([len(params)]) + params
    return message(OPEN, body)


def standard_caps(asn, families=((1, 1),), refresh=True, extended=False, addpath=None, graceful=None):
    caps = [cap_mp(a, s) for a, s in families]
    caps.append(cap_asn4(asn))
    if addpath:
        caps.append(cap_addpath(addpath))
    if graceful is not None:
        caps.append(cap_graceful(graceful, families))
    if refresh:
        caps += [cap(2), cap(70)]
    if extended:
        caps.append(cap(6))
    return caps


def attr(flags, code, value):
    if len(value) > 255:
        return struct.pack("!BBH", flags | 0x10, code, len(value)) + value
    return struct.pack("!BBB", flags, code, len(value)) + value


def prefix4(text):
    net, length = text.split("/")
    length = int(length)
    raw = socket.inet_aton(net)[: (length + 7) // 8]
    return bytes([length]) + raw


def update(withdrawn=b"", attrs=b"", nlri=b""):
    return message(UPDATE, struct.pack("!H", len(withdrawn)) + withdrawn + struct.pack("!H", len(attrs)) + attrs + nlri)


def simple_update(prefixes, nexthop="203.0.113.9", as_path=(65001,), med=None):
    attrs = attr(0x40, 1, b"\x00")
    seg = bytes([2, len(as_path)]) + b"".join(struct.pack("!I", a) for a in as_path) if as_path else b""
    attrs += attr(0x40, 2, seg)
    attrs += attr(0x40, 3, socket.inet_aton(nexthop))
    if med is not None:
        attrs += attr(0x80, 4, struct.pack("!I", med))
    return update(attrs=attrs, nlri=b"".join(prefix4(p) for p in prefixes))


def parse_open(body):
    version, my_as, hold = struct.unpack("!BHH", body[:5])
    router_id = socket.inet_ntoa(body[5:9])
    plen = body[9]
    caps = []
    params = body[10: 10 + plen]
    while params:
        ptype, l = params[0], params[1]
        value = params[2: 2 + l]
        params = params[2 + l:]
        if ptype != 2:
            continue
        while value:
            code, cl = value[0], value[1]
            caps.append((code, value[2: 2 + cl]))
            value = value[2 + cl:]
    return {"version": version, "asn": my_as, "hold": hold, "router_id": router_id, "caps": caps}


def echo_open(body, router_id):
    """ExaBGP's test peer: the speaker's own OPEN back, with another router id."""
    return message(OPEN, body[:5] + socket.inet_aton(router_id) + body[9:])


# ---------------------------------------------------------------- the peer

def start_qa_peer(ci, work, pid_file, *extra):
    """qa_peer.py on CASE ci, listening on a port the kernel picks (no window in which another
    socket can take a port we chose and released): (process, port), port None when it did not
    get to listen within 10 s."""
    ready = os.path.join(work, os.path.basename(ci) + ".ready")
    proc = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "qa_peer.py"),
                             "--port", "0", "--pid-of", pid_file, "--ready", ready, *extra, ci],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 10
    while not os.path.exists(ready):
        if time.monotonic() > deadline or proc.poll() is not None:
            return proc, None
        time.sleep(0.02)
    with open(ready) as f:
        return proc, int(f.read())


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Peer:
    """One TCP connection (or a listener that accepts them) speaking BGP by hand."""

    def __init__(self, sock=None):
        self.sock = sock
        self.buf = b""
        self.listener = None

    # -- connection
    def listen(self, addr="127.0.0.1", port=0, md5=None, peer=None, ttl=None, rcvbuf=None):
        self.listener = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if ttl is not None:  # the SYN-ACK and what follows
            self.listener.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
        if rcvbuf is not None:  # before listen(), so the window is negotiated small
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if md5 is not None:
            set_md5(self.listener, peer, md5)
        self.listener.bind((addr, port))
        self.listener.listen(8)
        return self.listener.getsockname()[1]

    def accept(self, timeout=5.0):
        self.listener.settimeout(timeout)
        try:
            sock, _ = self.listener.accept()
        except socket.timeout:
            return None
        sock.settimeout(None)
        return Peer(sock)

    def connect(self, addr, port, source=None, timeout=5.0, md5=None):
        s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
        if source:
            s.bind((source, 0))
        if md5 is not None:
            set_md5(s, addr, md5)
        s.settimeout(timeout)
        s.connect((addr, port))
        s.settimeout(None)
        self.sock = s
        return self

    def close(self):
        for s in (self.sock, self.listener):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass
        self.sock = self.listener = None

    def send(self, data):
        self.sock.sendall(data)

    # -- receiving
    def recv(self, timeout=5.0):
        """(type, body, whole message, arrival time), or None on timeout or end of stream."""
        deadline = time.monotonic() + timeout
        while True:
            if len(self.buf) >= 19:
                length = struct.unpack("!H", self.buf[16:18])[0]
                if length >= 19 and len(self.buf) >= length:
                    raw, self.buf = self.buf[:length], self.buf[length:]
                    return raw[18], raw[19:], raw, time.monotonic()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                return None
            try:
                data = self.sock.recv(65536)
            except OSError:
                return None
            if not data:
                return None
            self.buf += data

    def expect(self, mtype, timeout=5.0, skip=(KEEPALIVE,)):
        """The next message of mtype, skipping the types in skip; None otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            m = self.recv(max(0.0, deadline - time.monotonic()))
            if m is None:
                return None
            if m[0] == mtype:
                return m
            if m[0] not in skip:
                return None

    def closed(self, timeout=5.0):
        """True once the other side closed (messages before that are skipped)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.sock], [], [], max(0.0, deadline - time.monotonic()))
            if not r:
                continue
            try:
                data = self.sock.recv(65536)
            except OSError:
                return True
            if not data:
                return True
            self.buf += data
        return False

    def establish(self, asn, router_id, hold=9, caps=None, timeout=5.0):
        """Answer the speaker's OPEN with ours, exchange KEEPALIVEs. Returns its OPEN body."""
        m = self.expect(OPEN, timeout)
        if m is None:
            return None
        self.send(open_message(asn, hold, router_id, caps if caps is not None else standard_caps(asn)))
        self.send(keepalive())
        if self.expect(KEEPALIVE, timeout, skip=()) is None:
            return None
        return m[1]


def set_md5(sock, peer, key):
    """TCP_MD5SIG for peer (an IPv4 address) on sock."""
    TCP_MD5SIG = 14
    addr = struct.pack("=H2s4s120x", socket.AF_INET, b"\0\0", socket.inet_aton(peer))
    key = key.encode()
    sock.setsockopt(socket.IPPROTO_TCP, TCP_MD5SIG, addr + struct.pack("=BBHI", 0, 0, len(key), 0) + key.ljust(80, b"\0"))


# ---------------------------------------------------------------- the driver

DRIVERS = []


def check_drivers(t):
    """One test: every driver run by this file ended, exited 0, and no sanitizer spoke."""
    bad = []
    for d in DRIVERS:
        code = d.stop()
        d.err_reader.join(2)
        noisy = any(k in d.stderr for k in ("AddressSanitizer", "LeakSanitizer", "runtime error", "Segmentation"))
        if code != 0 or noisy:
            bad.append("exit %r for %s\n%s" % (code, " ".join(d.args)[:200], d.stderr[-2000:]))
    t.ok(not bad, "every driver (%d) exited 0 with nothing from the sanitizers" % len(DRIVERS), "\n".join(bad))


class Driver:
    """build/tests/tools/bgp_speaker with its events collected as (monotonic time, object)."""

    def __init__(self, args, env=None):
        DRIVERS.append(self)
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.args = args
        self.proc = subprocess.Popen([SPEAKER] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=full_env, text=True)
        self.events = []
        self.lock = threading.Condition()
        self.stderr = ""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.err_reader = threading.Thread(target=self._read_err, daemon=True)
        self.err_reader.start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                obj = json.loads(line)
            except ValueError:
                obj = {"type": "garbage", "line": line}
            with self.lock:
                self.events.append((time.monotonic(), obj))
                self.lock.notify_all()
        with self.lock:
            self.events.append((time.monotonic(), {"type": "eof"}))
            self.lock.notify_all()

    def _read_err(self):
        for line in self.proc.stderr:
            self.stderr += line

    def wait(self, pred, timeout=5.0, start=0):
        """The first event at index >= start matching pred: (index, time, event), or None."""
        deadline = time.monotonic() + timeout
        i = start
        with self.lock:
            while True:
                while i < len(self.events):
                    t, e = self.events[i]
                    if pred(e):
                        return i, t, e
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.lock.wait(left)

    def all(self, pred):
        with self.lock:
            return [(t, e) for t, e in self.events if pred(e)]

    def listen_port(self, timeout=5.0):
        r = self.wait(lambda e: e.get("type") == "listen", timeout)
        return r[2]["port"] if r else None

    def signal(self, sig):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)

    def stop(self, timeout=5.0):
        """SIGTERM, wait for the exit; returns the exit code (killed: None). Idempotent."""
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(2)
            return None
        finally:
            self.reader.join(2)


# predicates on driver events
def is_state(state):
    return lambda e: e.get("type") == "state" and e["neighbor"].get("state") == state


def is_fsm(state):
    return lambda e: e.get("type") == "fsm" and e["neighbor"].get("state") == state


def is_type(t, direction=None):
    return lambda e: e.get("type") == t and (direction is None or e["neighbor"].get("direction") == direction)


def encode(routes, *flags):
    """attobgp encode's UPDATEs (bytes) for route texts, one command each."""
    out = subprocess.run([ATTOBGP, "encode", *flags, *routes], capture_output=True, text=True, timeout=10)
    return [bytes.fromhex(line) for line in out.stdout.split()]
