#!/usr/bin/env python3
"""config/storage under attack and under failure, through tests/tools/storage_tool.

Four parts, every loop bounded in time or count, the whole under a minute:
  1. symlink-swap race: a thread swaps the target and the backup name between a regular
     file and a symlink to a victim, as fast as it can, while saves run for a second in
     each temporary-file mode; the victims must never be written, every save must succeed
     or be refused, and no temporary file may be left.
  2. failures injected with strace (write ENOSPC at each write in turn, fsync EIO at each
     fsync, renameat and linkat EIO): after each, the original is intact (or, for the one
     failure after the final rename, the new text is in place and the error says so), the
     backup is the one expected, no temporary file is left, and the error names the step,
     the path and the errno text.
  3. a tiny full filesystem (tmpfs of 64 KiB, mounted only when root; skipped otherwise):
     ENOSPC while writing the new text and while copying the backup.
  4. kill -9: a child saving a several-MB file (version A or B in turn) is SIGKILLed at a
     random moment, 80 times; after each, the file is exactly A or exactly B, the backup
     too, and the stray temporary files are within what the design allows (see storage.h:
     at most two per killed save, removed by the next save that gets past begin).
Prints TAP.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = os.environ.get("ATTOBGP_BUILD", "build")
TOOL = str(ROOT / BUILD / "tests" / "tools" / "storage_tool")
TEMP_RE = re.compile(r"^\.(.+)\.attobgp-[A-Za-z0-9]{12}\.tmp$")
MODES = [("O_TMPFILE", []), ("named", ["--named"])]
# LeakSanitizer stops the world with ptrace, which cannot work under strace (in an ASan
# build): off for the runs under strace only (the last setting of an option wins)
STRACE_ENV = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")

count = 0
failed = 0


def ok(cond: bool, name: str, *diag: str) -> bool:
    global count, failed
    count += 1
    print(f"{'' if cond else 'not '}ok {count} - {name}")
    if not cond:
        failed += 1
        for d in diag:
            for line in str(d).splitlines():
                print(f"#   {line}")
    sys.stdout.flush()
    return cond


def skip(name: str, why: str) -> None:
    global count
    count += 1
    print(f"ok {count} - {name} # SKIP {why}")


def diag(text: str) -> None:
    for line in text.splitlines():
        print(f"# {line}")


def temps(d: Path) -> list[str]:
    return sorted(n for n in os.listdir(d) if TEMP_RE.match(n))


def read(p: Path) -> bytes | None:
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        return f.read()


def fingerprint(p: Path) -> tuple:
    st = os.lstat(p)
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, read(p))


def tool(*args: str, strace: list[str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
    cmd = [TOOL, *args]
    if strace is not None:
        cmd = ["strace", "-f", "-qq", "-o", "/dev/null", *strace, *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                          env=STRACE_ENV if strace is not None else None)


# ---------------------------------------------------------------------------------------
# 1. symlink-swap race
# ---------------------------------------------------------------------------------------
def swapper(d: Path, stop: threading.Event, counts: dict) -> None:
    """Swap x.conf and x.conf.backup between a regular file and a symlink, by rename so the
    names never go missing, until told to stop."""
    pairs = [(d / "x.conf", d / "victim"), (d / "x.conf.backup", d / "victim2")]
    lnk, reg = d / "swap.lnk", d / "swap.reg"
    n = 0
    while not stop.is_set():
        name, victim = pairs[n % 2]
        try:
            os.symlink(victim, lnk)
            os.rename(lnk, name)
            with open(reg, "wb") as f:
                f.write(b"swapper\n")
            os.rename(reg, name)
            counts["swaps"] += 2
        except OSError as e:
            counts["errors"] += 1
            counts["last"] = str(e)
            for p in (lnk, reg):
                try:
                    os.unlink(p)
                except OSError:
                    pass
        n += 1


def test_symlink_race(base: Path) -> None:
    for mode, flags in MODES:
        d = base / f"race-{mode}"
        d.mkdir()
        (d / "victim").write_bytes(b"VICTIM\n")
        (d / "victim2").write_bytes(b"VICTIM TWO\n")
        os.chmod(d / "victim", 0o600)
        (d / "x.conf").write_bytes(b"start\n")
        before = fingerprint(d / "victim"), fingerprint(d / "victim2")
        stop = threading.Event()
        counts = {"swaps": 0, "errors": 0, "last": ""}
        t = threading.Thread(target=swapper, args=(d, stop, counts))
        t.start()
        try:
            r = tool("loop", *flags, "1000", str(d / "x.conf"), timeout=20)
        finally:
            stop.set()
            t.join(timeout=10)
        after = fingerprint(d / "victim"), fingerprint(d / "victim2")
        summary = dict(re.findall(r"^(saved|refused|failed) (\d+)$", r.stdout, re.M))
        saved, refused = int(summary.get("saved", 0)), int(summary.get("refused", 0))
        diag(f"{mode}: {saved} saves, {refused} refusals, {counts['swaps']} swaps")
        ok(r.returncode == 0 and int(summary.get("failed", -1)) == 0,
           f"race {mode}: every save either succeeded or was refused", r.stdout, r.stderr)
        ok(saved > 0 and refused > 0,
           f"race {mode}: the race was real: both outcomes seen ({saved} saved, {refused} refused)")
        ok(counts["swaps"] > 100, f"race {mode}: the swapper ran ({counts['swaps']} swaps)",
           counts["last"])
        ok(before == after, f"race {mode}: the victims were never written, not even touched",
           f"before {before}", f"after  {after}")
        ok(temps(d) == [], f"race {mode}: no temporary file left", str(temps(d)))
        leftover = sorted(set(os.listdir(d)) - {"x.conf", "x.conf.backup", "victim", "victim2",
                                                "swap.lnk", "swap.reg"})
        ok(leftover == [], f"race {mode}: nothing else in the directory", str(leftover))


# ---------------------------------------------------------------------------------------
# 2. injected failures
# ---------------------------------------------------------------------------------------
def strace_works() -> str | None:
    if shutil.which("strace") is None:
        return "strace is not installed (scripts/deps.sh test installs it)"
    r = subprocess.run(["strace", "-qq", "-o", "/dev/null", "-e", "inject=getpid:retval=1", "true"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return "strace cannot trace here: " + r.stderr.strip()
    return None


def setup_files(d: Path) -> dict:
    rng = random.Random(7)
    old = bytes(rng.getrandbits(8) for _ in range(200_000))
    new = b"".join(b"route 10.%d.%d.0/24 next-hop self;\n" % (i // 256, i % 256) for i in range(9000))
    files = {"old": old, "new": new, "backup": b"the backup before\n"}
    (d / "new.src").write_bytes(new)
    return files


def reset(d: Path, files: dict) -> None:
    (d / "x.conf").write_bytes(files["old"])
    os.chmod(d / "x.conf", 0o640)
    (d / "x.conf.backup").write_bytes(files["backup"])


def check_run(d: Path, files: dict, label: str, r: subprocess.CompletedProcess,
              want_rc: int, want_conf: str, want_backup: str, want_error: str | None) -> None:
    conf, backup = read(d / "x.conf"), read(d / "x.conf.backup")
    names = {v: k for k, v in files.items()}
    got = f"rc={r.returncode} x.conf={names.get(conf, '?')} backup={names.get(backup, '?')}"
    good = (r.returncode == want_rc and conf == files[want_conf] and backup == files[want_backup]
            and temps(d) == [])
    if want_error is not None:
        good = good and re.search(want_error, r.stderr) is not None
    ok(good, f"{label}: {got}", f"want rc={want_rc} x.conf={want_conf} backup={want_backup}"
       f" error~{want_error!r}", f"stderr: {r.stderr.strip()}", f"temps: {temps(d)}")
    if r.returncode == 0:
        ok(stat.S_IMODE(os.stat(d / "x.conf").st_mode) == 0o640, f"{label}: mode 0640 kept")


def test_injected(base: Path) -> None:
    why = strace_works()
    if why:
        skip("failures injected with strace", why)
        return
    for mode, flags in MODES:
        d = base / f"inject-{mode}"
        d.mkdir()
        files = setup_files(d)
        path = re.escape(str(d / "x.conf"))
        args = ["save", *flags, "--chunk", "1000", str(d / "new.src"), str(d / "x.conf")]

        # count the writes of a clean save, then fail each one in turn
        reset(d, files)
        r = tool(*args, strace=["-e", "trace=write", "-o", str(d / "trace")])
        writes = sum(1 for line in open(d / "trace") if line.startswith("write(") or " write(" in line)
        os.unlink(d / "trace")
        ok(r.returncode == 0 and writes > 4, f"inject {mode}: a clean save makes {writes} writes")
        phases = set()
        for k in range(1, writes + 2):
            reset(d, files)
            r = tool(*args, strace=["-e", "trace=write", "-e", f"inject=write:error=ENOSPC:when={k}"])
            if k <= writes:
                backup_phase = "backup" in r.stderr
                phases.add("backup" if backup_phase else "text")
                where = re.escape(str(d / "x.conf.backup")) if backup_phase else \
                    "writing the new text of " + path
                check_run(d, files, f"inject {mode}: write #{k} fails with ENOSPC", r, 1, "old", "backup",
                          f"{where}: No space left on device")
            else:
                check_run(d, files, f"inject {mode}: write #{k} (none) fails: saved", r, 0, "new", "old", None)
        ok(phases == {"backup", "text"}, f"inject {mode}: failures hit both the new text and the backup copy",
           str(phases))

        # fsync, in commit order: backup temp, directory, new text, directory
        cases = [
            (1, 1, "old", "backup", f"syncing {path}\\.backup: Input/output error.*", "replaced=0"),
            (2, 1, "old", "old", f"syncing the directory of {path}\\.backup: Input/output error", "replaced=0"),
            (3, 1, "old", "old", f"syncing the new text of {path}: Input/output error", "replaced=0"),
            (4, 1, "new", "old", f"syncing the directory of {path}: Input/output error", "replaced=1"),
            (5, 0, "new", "old", None, None),
        ]
        for k, rc, conf, backup, error, replaced in cases:
            reset(d, files)
            r = tool(*args, strace=["-e", "trace=fsync", "-e", f"inject=fsync:error=EIO:when={k}"])
            what = {1: "the backup", 2: "the directory after the backup", 3: "the new text",
                    4: "the directory after the rename", 5: "none"}[k]
            check_run(d, files, f"inject {mode}: fsync #{k} ({what}) fails with EIO", r, rc, conf, backup,
                      error and error + ".*" if error else None)
            if replaced:
                ok(replaced in r.stderr, f"inject {mode}: fsync #{k}: the error says {replaced}", r.stderr)

        # renameat: the backup's, then the file's; linkat (naming an O_TMPFILE) likewise
        for call in ("renameat", "linkat"):
            if call == "linkat" and flags:
                continue  # named temporary files are never linked
            for k, what, conf, backup, error in (
                (1, "over the backup", "old", "backup", f"{path}\\.backup: Input/output error"),
                (2, "over the file", "old", "old", f"{path}: Input/output error"),
            ):
                reset(d, files)
                r = tool(*args, strace=["-e", f"trace={call}", "-e", f"inject={call}:error=EIO:when={k}"])
                check_run(d, files, f"inject {mode}: {call} #{k} ({what}) fails with EIO", r, 1, conf,
                          backup, error)


# ---------------------------------------------------------------------------------------
# 3. a tiny full filesystem
# ---------------------------------------------------------------------------------------
def test_full_fs(base: Path) -> None:
    name = "tiny full filesystem (tmpfs size=64k)"
    if os.geteuid() != 0:
        skip(name, "mounting a tmpfs needs root")
        return
    if os.sysconf("SC_PAGE_SIZE") != 4096:
        skip(name, "the sizes below count 4 KiB pages")
        return
    mnt = base / "tiny"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        skip(name, "mount failed: " + r.stderr.strip())
        return
    try:
        for mode, flags in MODES:
            path = re.escape(str(mnt / "x.conf"))
            # (old size, new size, what should happen)
            for old_kb, new_kb, outcome in ((20, 100, "text"), (24, 24, "backup"), (8, 8, "fits")):
                for p in mnt.iterdir():
                    p.unlink()
                old = b"o" * (old_kb * 1024 - 1) + b"\n"
                new = b"n" * (new_kb * 1024 - 1) + b"\n"
                src = base / "tiny.src"
                src.write_bytes(new)
                (mnt / "x.conf").write_bytes(old)
                (mnt / "x.conf.backup").write_bytes(b"prior\n")
                r = tool("save", *flags, str(src), str(mnt / "x.conf"))
                conf, backup = read(mnt / "x.conf"), read(mnt / "x.conf.backup")
                label = f"full fs {mode}: {old_kb}k file, {new_kb}k text"
                if outcome == "fits":
                    ok(r.returncode == 0 and conf == new and backup == old and temps(mnt) == [],
                       f"{label}: fits, saved with its backup", r.stderr)
                    continue
                where = f"writing {path}\\.backup" if outcome == "backup" else f"writing the new text of {path}"
                ok(r.returncode == 1 and conf == old and backup == b"prior\n" and temps(mnt) == []
                   and re.search(where + ": No space left on device", r.stderr) is not None,
                   f"{label}: ENOSPC while {'copying the backup' if outcome == 'backup' else 'writing the text'},"
                   " file and backup intact, no temporary file", r.stderr, str(temps(mnt)))
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


# ---------------------------------------------------------------------------------------
# 4. kill -9 at random moments
# ---------------------------------------------------------------------------------------
def test_kill(base: Path) -> None:
    d = base / "kill"
    d.mkdir()
    # two versions that differ everywhere and in length, so any mix or cut shows
    a = b"".join(b"A route 10.%d.%d.0/24 next-hop 192.0.2.1;\n" % (i // 256 % 256, i % 256)
                 for i in range(100_000))
    b = b"".join(b"B route 172.16.%d.%d/32 next-hop self; # %d\n" % (i // 256 % 256, i % 256, i)
                 for i in range(110_000))
    (d / "A.src").write_bytes(a)
    (d / "B.src").write_bytes(b)
    target = d / "x.conf"
    versions = {a: "A", b: "B"}

    r1, r2 = tool("save", str(d / "A.src"), str(target)), tool("save", str(d / "B.src"), str(target))
    ok(r1.returncode == 0 and r2.returncode == 0 and read(target) == b and read(d / "x.conf.backup") == a,
       f"kill: start from B with backup A ({len(a) >> 20}-{len(b) >> 20} MB versions)", r1.stderr, r2.stderr)
    t0 = time.monotonic()
    for _ in range(3):
        tool("save", str(d / "A.src"), str(target))
    span = (time.monotonic() - t0) / 3
    diag(f"one uninterrupted save takes {span * 1000:.0f} ms")

    rng = random.Random(int(os.environ.get("STORAGE_SEED", "0")) or None)
    kills, finished, mixes, missing, worst, bad_bound = 0, 0, [], 0, 0, []
    landed = {"before the rename": 0, "after the rename": 0, "leaving temporary files": 0}
    deadline = time.monotonic() + 30
    n = 0
    while n < 80 and time.monotonic() < deadline:
        # always the version the file does not hold, so every save is a change and where
        # the kill landed shows
        src = "A.src" if read(target) == b else "B.src"
        flags = ["--named"] if n % 4 >= 2 else []
        before = len(temps(d))
        p = subprocess.Popen([TOOL, "save", *flags, str(d / src), str(target)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0, span * 1.1))
        p.send_signal(signal.SIGKILL)
        _, err = p.communicate(timeout=30)
        if p.returncode == -signal.SIGKILL:
            kills += 1
        else:
            finished += 1
            if p.returncode != 0:
                mixes.append(f"save #{n} exited {p.returncode}: {err.decode(errors='replace')}")
        conf, backup = read(target), read(d / "x.conf.backup")
        if p.returncode == -signal.SIGKILL:
            # where the kill landed: before the rename (old text), after it (new text)
            landed["after the rename" if conf == read(d / src) else "before the rename"] += 1
            if len(temps(d)) > before:
                landed["leaving temporary files"] += 1
        if conf is None:
            missing += 1
        elif conf not in versions or backup not in versions:
            mixes.append(f"after kill #{n}: x.conf is {versions.get(conf, f'{len(conf)} bytes of neither')}, "
                         f"backup is {versions.get(backup, 'neither')}")
        left = len(temps(d))
        worst = max(worst, left)
        # a killed save leaves at most two (its text and its backup, both named); one that
        # got past begin also removed those of the saves killed before it
        if left > before + 2:
            bad_bound.append(f"#{n}: {before} -> {left}: {temps(d)}")
        n += 1
    diag(f"{n} saves: {kills} killed, {finished} finished first; at most {worst} temporary files at once")
    diag("kills landed: " + ", ".join(f"{v} {k}" for k, v in landed.items()))
    ok(n >= 50, f"kill: {n} saves run within the time bound")
    ok(kills >= n // 2, f"kill: most saves were killed mid-way ({kills} of {n})")
    ok(missing == 0, f"kill: the file always exists ({missing} times missing)")
    ok(mixes == [], "kill: the file and the backup are always exactly A or exactly B, never a mix",
       *mixes[:5])
    ok(bad_bound == [], "kill: a killed save leaves at most two temporary files", *bad_bound[:5])
    r = tool("save", str(d / "A.src"), str(target))
    ok(r.returncode == 0 and temps(d) == [] and read(target) == a,
       "kill: the next save removes every stale temporary file", r.stderr, str(temps(d)))


def main() -> int:
    if not os.access(TOOL, os.X_OK):
        print(f"Bail out! {TOOL} is not built (make unit-bins)")
        return 1
    base = Path(tempfile.mkdtemp(prefix="storage-t."))
    started = time.monotonic()
    try:
        for part in (test_symlink_race, test_injected, test_full_fs, test_kill):
            t = time.monotonic()
            part(base)
            diag(f"{part.__name__}: {time.monotonic() - t:.1f} s")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    diag(f"total {time.monotonic() - started:.1f} s")
    print(f"1..{count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
