"""server_peer.py — running `attobgp server` from the functional tests.

  Server(conf_text, env=None, args=())   writes the configuration to a temporary directory,
                        runs the server on it, collects the JSON events (the helper process
                        `run /bin/cat;` of a configuration is replaced by one appending what it
                        hears to a file, which is followed; a server without helpers prints
                        them on stdout) and its stderr (logs) with arrival times; rewrite(text) replaces the file (for a
                        reload), signal(sig), stop() (SIGTERM, bounded wait, exit code).
  check_servers(t)      one test: every server of this file exited 0, sanitizers silent.
  v4_update(body)       (withdrawn, announced, attributes) of an IPv4 unicast UPDATE body.
  collect(peer, until)  UPDATEs received until a predicate or a timeout.
Loopback only, bounded waits everywhere.
"""
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time

from bgp_peer import ATTOBGP, UPDATE

SERVERS = []


class Server:
    def __init__(self, conf_text, env=None, args=(), name="attobgp.conf"):
        SERVERS.append(self)
        self.dir = tempfile.mkdtemp(prefix="attobgp-server-")
        self.conf = os.path.join(self.dir, name)
        # a helper's stdout is read back by the server as commands: the events go to a file
        self.events_file = os.path.join(self.dir, "events.jsonl")
        self.helper = os.path.join(self.dir, "events-helper")
        with open(self.helper, "w") as f:
            f.write("#!/bin/sh\nexec cat >> '%s'\n" % self.events_file)
        os.chmod(self.helper, 0o755)
        open(self.events_file, "w").close()
        self.rewrite(conf_text)
        full_env = dict(os.environ)
        for k in list(full_env):
            if k.startswith("exabgp"):
                del full_env[k]
        full_env.update(env or {})
        self.args = [ATTOBGP, "server", "-v", *args, self.conf]
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env,
                                     text=True, cwd=self.dir)
        self.events = []
        self.logs = []
        self.lock = threading.Condition()
        self.readers = [threading.Thread(target=self._read, args=(self.proc.stdout, self.events), daemon=True),
                        threading.Thread(target=self._read, args=(self.proc.stderr, self.logs), daemon=True),
                        threading.Thread(target=self._follow, daemon=True)]
        for r in self.readers:
            r.start()
        self.code = None

    def _read(self, stream, into):
        for line in stream:
            with self.lock:
                into.append((time.monotonic(), line.rstrip("\n")))
                self.lock.notify_all()

    def _follow(self):
        """The events file, line by line as the helper appends, until the server has exited."""
        with open(self.events_file) as f:
            part = ""
            while True:
                chunk = f.read()
                if chunk:
                    part += chunk
                    *lines, part = part.split("\n")
                    with self.lock:
                        for line in lines:
                            self.events.append((time.monotonic(), line))
                        self.lock.notify_all()
                elif self.proc.poll() is not None:
                    return
                else:
                    time.sleep(0.01)

    def rewrite(self, text):
        text = text.replace("run /bin/cat;", "run %s;" % self.helper)
        tmp = self.conf + ".new"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, self.conf)

    def signal(self, sig):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait_log(self, needle, timeout=5.0, start=0):
        """The index of the first log line from start containing needle, or None."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for i in range(start, len(self.logs)):
                    if needle in self.logs[i][1]:
                        return i
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.lock.wait(left)

    def json_events(self):
        out = []
        with self.lock:
            lines = list(self.events)
        for _, line in lines:
            try:
                out.append(json.loads(line))
            except ValueError:
                out.append({"type": "garbage", "line": line})
        return out

    def wait_event(self, pred, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            for e in self.json_events():
                if pred(e):
                    return e
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)

    def log_text(self):
        with self.lock:
            return "\n".join(line for _, line in self.logs)

    def stop(self, timeout=5.0):
        if self.code is not None:
            return self.code
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(2)
            self.code = None
        for r in self.readers:
            r.join(2)
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.code


def check_servers(t):
    bad = []
    for s in SERVERS:
        code = s.stop()
        text = s.log_text()
        noisy = any(k in text for k in ("AddressSanitizer", "LeakSanitizer", "runtime error", "Segmentation"))
        if code != 0 or noisy:
            bad.append("exit %r for %s\n%s" % (code, " ".join(s.args), text[-2000:]))
    t.ok(not bad, "every server (%d) exited 0 with nothing from the sanitizers" % len(SERVERS), "\n".join(bad))


def prefixes(data):
    out = []
    while data:
        bits = data[0]
        n = (bits + 7) // 8
        raw = data[1:1 + n] + b"\0" * (4 - n)
        out.append("%s/%d" % (socket.inet_ntoa(raw), bits))
        data = data[1 + n:]
    return out


def v4_update(body):
    """(withdrawn prefixes, announced prefixes, path attributes as {code: value})"""
    wl = struct.unpack("!H", body[:2])[0]
    withdrawn = prefixes(body[2:2 + wl])
    al = struct.unpack("!H", body[2 + wl:4 + wl])[0]
    attrs_raw = body[4 + wl:4 + wl + al]
    nlri = body[4 + wl + al:]
    attrs = {}
    while attrs_raw:
        flags, code = attrs_raw[0], attrs_raw[1]
        if flags & 0x10:
            length = struct.unpack("!H", attrs_raw[2:4])[0]
            value, attrs_raw = attrs_raw[4:4 + length], attrs_raw[4 + length:]
        else:
            length = attrs_raw[2]
            value, attrs_raw = attrs_raw[3:3 + length], attrs_raw[3 + length:]
        attrs[code] = value
    return withdrawn, prefixes(nlri), attrs


def is_eor_v4(body):
    return body == b"\0\0\0\0"


def collect(peer, timeout=5.0, until=None):
    """[(withdrawn, announced, attrs)] of the UPDATEs received (IPv4 unicast), stopping at
    the first message for which until(body) is true (End-of-RIB by default), or the timeout."""
    until = until or is_eor_v4
    got = []
    deadline = time.monotonic() + timeout
    while True:
        m = peer.expect(UPDATE, max(0.0, deadline - time.monotonic()))
        if m is None:
            return got, False
        if until(m[1]):
            return got, True
        got.append(v4_update(m[1]))
