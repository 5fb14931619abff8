#!/usr/bin/env python3
"""A helper process for ExaBGP's API cases (started by the daemon as a case's `process`).

  api_helper.py STEPS.json PROCESS RESULT.json

STEPS.json maps process names to a list of steps, run in order:
  ["send", "announce route ..."]   write a command (a line) to stdout; "A\nB": both lines in
                                   one write, as a program that writes a batch at once
  ["ack"]                          wait up to 2 s for its acknowledgement (done / error)
  ["sleep", 0.5]                   wait
  ["expect", "CMD", PATTERN]       send CMD, wait for its answer, check it against PATTERN
                                   (a JSON value where "*" matches anything and objects
                                   need only the keys given; "error": an error answer;
                                   "any": anything but an error)
  ["event", PATTERN]               wait up to 3 s for the next event of PATTERN's "type" (an
                                   "update" received from the peer, ...) and check it against
                                   PATTERN; when it does not match, the steps stop there (as
                                   ExaBGP's .run programs stop checking and never send the
                                   route that tells their test peer all went well)
  ["event", PATTERN, TEXT]         the same, and the event's line must hold TEXT as it is (the
                                   .run programs grep ExaBGP's text: '"nlri": "10.0.0.0/24"')
  ["linger", 5]                    read stdin until "shutdown" or end of file, at most 5 s
  ["await", TEXT, SKIP, CMD, 10]   read lines, passing over those holding a word of SKIP; the
                                   first other one must hold TEXT, else CMD is sent and the
                                   steps end failed (what api-check.run does); at most 10 s
  ["exec", [ARGV...], 3]           run a real helper program on the helper's own stdin and
                                   stdout (it reads the answers, writes its commands), SIGTERM
                                   it after 3 s (as the daemon does when it stops) and wait
                                   for it; a first step, before anything is read
The daemon's answers are read whatever the step: events are kept aside for "event" steps,
data lines go with the answer, a `done`/`error` line (or {"answer": ...}) ends the command
being answered.
RESULT.json gets {"acks": N, "errors": N, "failed": [...]} when the steps are over.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

buffered = ""
answers: list[dict] = []
events: list[tuple[dict, str]] = []  # (event, its line) read while waiting, oldest first
EVENT_TYPES = ("state", "update", "notification", "open", "keepalive", "negotiated", "fsm", "refresh", "signal")


def read_line(timeout: float) -> str | None:
    global buffered
    end = time.time() + timeout
    while "\n" not in buffered:
        left = end - time.time()
        if left <= 0:
            return None
        r, _, _ = select.select([0], [], [], left)
        if not r:
            return None
        chunk = os.read(0, 65536)
        if not chunk:
            if buffered:
                line, buffered = buffered, ""
                return line
            raise EOFError
        buffered += chunk.decode(errors="replace")
    line, buffered = buffered.split("\n", 1)
    return line


def send(cmd: str) -> None:
    os.write(1, (cmd + "\n").encode())


def wait_answer(timeout: float = 2.0) -> dict | None:
    """The answer to the last command: {"ack": "done"|"error", "data": [...]}, None on timeout."""
    data = []
    end = time.time() + timeout
    while True:
        line = read_line(max(0.0, end - time.time()))
        if line is None:
            return None
        line = line.strip()
        if line == "shutdown":
            raise EOFError
        if line in ("done", "error"):
            return {"ack": line, "data": data}
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            data.append(line)
            continue
        if isinstance(value, dict) and value.get("answer") in ("done", "error") and "error" not in value:
            return {"ack": value["answer"], "data": data}
        if isinstance(value, dict) and value.get("type") in EVENT_TYPES:
            events.append((value, line))  # an event, not an answer
            continue
        data.append(value)


def wait_event(kind: str, timeout: float = 3.0) -> tuple[dict | None, str]:
    """The next event of type kind (kept or read now) and its line, (None, "") on timeout."""
    end = time.time() + timeout
    while True:
        while events:
            event, text = events.pop(0)
            if event.get("type") == kind:
                return event, text
        line = read_line(max(0.0, end - time.time()))
        if line is None:
            return None, ""
        line = line.strip()
        if line == "shutdown":
            raise EOFError
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict) and value.get("type") in EVENT_TYPES:
            events.append((value, line))


def matches(pattern, value) -> bool:
    if pattern == "*":
        return True
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(k in value and matches(v, value[k]) for k, v in pattern.items())
    if isinstance(pattern, list):
        return isinstance(value, list) and (pattern == ["*"] or (len(pattern) == len(value) and all(
            matches(p, v) for p, v in zip(pattern, value))))
    return pattern == value


def main() -> int:
    steps = json.load(open(sys.argv[1])).get(sys.argv[2], [])
    result = {"acks": 0, "errors": 0, "failed": []}
    try:
        for step in steps:
            kind = step[0]
            if kind == "send":
                send(step[1])
            elif kind == "sleep":
                time.sleep(step[1])
            elif kind == "ack":
                a = wait_answer()
                if a is None:
                    result["failed"].append("no acknowledgement")
                elif a["ack"] == "error":
                    result["errors"] += 1
                else:
                    result["acks"] += 1
            elif kind == "expect":
                send(step[1])
                a = wait_answer(3.0)
                want = step[2]
                if want == "error":
                    good = a is not None and a["ack"] == "error"
                elif want == "any":
                    good = a is not None and a["ack"] == "done"
                else:
                    good = a is not None and a["ack"] == "done" and bool(a["data"]) and matches(want, a["data"][0])
                if not good:
                    result["failed"].append(f"{step[1]}: expected {want}, got {a}")
            elif kind == "event":
                want = step[1]
                event, text = wait_event(want.get("type", ""))
                if event is None or not matches(want, event) or (len(step) > 2 and step[2] not in text):
                    result["failed"].append(f"event: expected {json.dumps(want)}"
                                            f"{' holding ' + step[2] if len(step) > 2 else ''}, got {text or None}")
                    break
            elif kind == "await":
                text, skip, fallback, timeout = step[1], step[2], step[3], step[4]
                end = time.time() + timeout
                why = ""
                while True:
                    line = read_line(max(0.0, end - time.time()))
                    if line is None:
                        why = f"await: no line holding {text!r} within {timeout} s"
                        break
                    if any(word in line for word in skip):
                        continue
                    if text not in line:
                        why = f"await: expected {text!r}, got {line.strip()!r}"
                    break
                if why:
                    result["failed"].append(why)
                    send(fallback)
                    time.sleep(1)
                    break
            elif kind == "exec":
                program = subprocess.Popen(step[1], stdin=0, stdout=1)
                try:
                    program.wait(timeout=step[2])
                except subprocess.TimeoutExpired:
                    program.terminate()
                    try:
                        program.wait(timeout=5)
                    except subprocess.TimeoutExpired:
                        program.kill()
                        program.wait()
                        result["failed"].append(f"{step[1][0]} did not stop on SIGTERM")
                if program.returncode not in (0, -15):
                    result["failed"].append(f"{step[1][0]} exited with status {program.returncode}")
            elif kind == "linger":
                end = time.time() + step[1]
                while time.time() < end:
                    line = read_line(end - time.time())
                    if line is None or "shutdown" in line:
                        break
    except (EOFError, BrokenPipeError, OSError):
        pass
    with open(sys.argv[3] + ".tmp", "w") as f:
        json.dump(result, f)
    os.rename(sys.argv[3] + ".tmp", sys.argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
