"""live_server.py — the real `attobgp server`, run from a configuration file on disk, and its
control socket, for the API's end-to-end tests (api_daemon.py, api_stuck.py).

  Daemon(conf, env, args, wrap)  runs `attobgp server -v ARGS CONF` (under WRAP, e.g. strace)
                        with the control socket at SOCK (a path beside CONF); collects its
                        stderr (logs) and stdout with arrival times; wait_log(needle), stop()
                        (SIGTERM, bounded wait, the exit code). The directory is the caller's:
                        a Daemon can be stopped and another started on the same file.
  Control(path)         one connection to the control socket: ask(line) sends a command and
                        returns its answer, parsed (one JSON line per command); send(lines)
                        and answers(n) pipeline.
  check_daemons(t)      one test: every Daemon of this file exited 0, sanitizers silent.
  Listener(addr, port)  a bgp_peer.Peer listening, for the server to connect to.
Loopback only, bounded waits everywhere.
"""
import json
import os
import select
import signal
import socket
import subprocess
import threading
import time

from bgp_peer import ATTOBGP, Peer, standard_caps

DAEMONS = []
NOISE = ("AddressSanitizer", "LeakSanitizer", "runtime error", "Segmentation")


def clean_env(extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("exabgp", "attobgp"))}
    env.update(extra or {})
    return env


class Daemon:
    def __init__(self, conf, env=None, args=(), wrap=(), sock=None, expect_exit=0):
        DAEMONS.append(self)
        self.conf = conf
        self.dir = os.path.dirname(conf)
        self.sock = sock or os.path.join(self.dir, "attobgp.sock")
        self.expect_exit = expect_exit
        self.wrapped = bool(wrap)
        full_env = clean_env(env)
        full_env["exabgp_api_socketpath"] = self.sock
        self.args = [*wrap, ATTOBGP, "server", "-v", *args, conf]
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env,
                                     text=True, cwd=self.dir, errors="replace")
        self.out = []
        self.logs = []
        self.lock = threading.Condition()
        self.readers = [threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True),
                        threading.Thread(target=self._read, args=(self.proc.stderr, self.logs), daemon=True)]
        for r in self.readers:
            r.start()
        self.code = None

    def _read(self, stream, into):
        for line in stream:
            with self.lock:
                into.append((time.monotonic(), line.rstrip("\n")))
                self.lock.notify_all()

    def wait_log(self, needle, timeout=5.0, start=0):
        """The index of the first log line from start containing needle, or None."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for i in range(start, len(self.logs)):
                    if needle in self.logs[i][1]:
                        return i
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and not any(r.is_alive() for r in self.readers):
                    return None
                self.lock.wait(min(left, 0.2))

    def wait_socket(self, timeout=5.0):
        """True once the control socket accepts connections."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect(self.sock)
                return True
            except OSError:
                time.sleep(0.02)
            finally:
                s.close()
        return False

    def log_text(self):
        with self.lock:
            return "\n".join(line for _, line in self.logs)

    def server_pid(self):
        """The server's pid: the wrapper's child when there is a wrapper (strace does not
        pass a SIGTERM on), else the process started."""
        if not self.wrapped:
            return self.proc.pid
        try:
            with open("/proc/%d/task/%d/children" % (self.proc.pid, self.proc.pid)) as f:
                kids = f.read().split()
            return int(kids[0]) if kids else None
        except OSError:
            return None

    def signal(self, sig):
        if self.proc.poll() is None:
            pid = self.server_pid()
            if pid:
                os.kill(pid, sig)

    def stop(self, timeout=10.0):
        """SIGTERM, wait; the exit code (None: it had to be killed). Idempotent."""
        if self.code is not None:
            return self.code
        self.signal(signal.SIGTERM)
        try:
            self.code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
            self.code = None
        for r in self.readers:
            r.join(2)
        return self.code


def check_daemons(t):
    bad = []
    for d in DAEMONS:
        code = d.stop()
        text = d.log_text()
        if code != d.expect_exit or any(k in text for k in NOISE):
            bad.append("exit %r for %s\n%s" % (code, " ".join(d.args), text[-2000:]))
    t.ok(not bad, "every server (%d) exited as expected with nothing from the sanitizers" % len(DAEMONS),
         "\n".join(bad))


class Control:
    """One connection to the control socket."""

    def __init__(self, path, timeout=5.0):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.settimeout(timeout)
        self.s.connect(path)
        self.s.settimeout(None)
        self.buf = b""

    def close(self):
        self.s.close()

    def send(self, lines):
        if isinstance(lines, str):
            lines = [lines]
        self.s.sendall("".join(line + "\n" for line in lines).encode())

    def line(self, timeout=10.0):
        """The next answer line (text), or None on timeout or end of stream."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.s], [], [], left)
            if not r:
                return None
            data = self.s.recv(1 << 20)
            if not data:
                return None
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def answer(self, timeout=10.0):
        """The next answer, parsed; None on timeout; {"unparsed": TEXT} when it is not JSON."""
        line = self.line(timeout)
        if line is None:
            return None
        try:
            return json.loads(line)
        except ValueError:
            return {"unparsed": line}

    def answers(self, n, timeout=30.0):
        deadline = time.monotonic() + timeout
        out = []
        for _ in range(n):
            a = self.answer(max(0.0, deadline - time.monotonic()))
            if a is None:
                break
            out.append(a)
        return out

    def ask(self, line, timeout=10.0):
        self.send(line)
        return self.answer(timeout)


class Listener(Peer):
    """A Peer listening on addr:port, for the server to connect to."""

    def __init__(self, addr="127.0.0.1", port=0):
        super().__init__()
        self.port = self.listen(addr, port)

    def session(self, asn=65002, router_id="10.0.0.2", hold=30, timeout=10.0):
        """Accept the server's connection and establish: the Peer, or None."""
        peer = self.accept(timeout)
        if peer is None:
            return None
        if peer.establish(asn, router_id, hold=hold, caps=standard_caps(asn), timeout=timeout) is None:
            peer.close()
            return None
        return peer
