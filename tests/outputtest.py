#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Tests of the structured outputs: --json and --timeline.

  outputtest.py --syswarden EXE --helpers DIR json
  outputtest.py --syswarden EXE --helpers DIR timeline

Every line of --json and the whole --timeline file go through Python's
json module; the checks are on what the traced helpers really did.
"""
import argparse
import collections
import json
import re
import os
import subprocess
import sys
import tempfile

SCHEMA = 1


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(args, cwd):
    p = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout, p.stderr


def json_lines(path):
    raw = open(path, "rb").read()
    # The file itself is UTF-8: invalid bytes are escaped, not copied.
    text = raw.decode("utf-8")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        try:
            out.append(json.loads(line))
        except ValueError as e:
            fail("line %d is not JSON (%s): %r" % (n, e, line))
    return out


def bytes_of(s):
    """The tracee's bytes back from a JSON string (the README's rule)."""
    return s.encode("utf-8", "surrogateescape")


def check_call_shape(ev):
    for key, kind in (("time", float), ("pid", int), ("tid", int),
                      ("abi", str), ("name", str), ("nr", int),
                      ("args", dict), ("duration", float),
                      ("injected", bool), ("unfinished", bool)):
        if not isinstance(ev.get(key), kind):
            fail("call without %s %s: %r" % (kind.__name__, key, ev))
    if ev["duration"] < 0:
        fail("negative duration: %r" % ev)
    for name, a in ev["args"].items():
        if not isinstance(a.get("raw"), int) or "text" not in a:
            fail("argument %s without raw and text: %r" % (name, ev))
    if not ev["unfinished"]:
        if not isinstance(ev.get("ret"), int) or "ret_text" not in ev:
            fail("finished call without ret: %r" % ev)


def test_json(a, tmp):
    out = os.path.join(tmp, "trace.jsonl")
    helper = os.path.join(a.helpers, "jsonbytes")
    rc, _, err = run([a.syswarden, "--json", "-o", out, "-s", "300",
                      helper], tmp)
    if rc != 0:
        fail("jsonbytes exited %d: %s" % (rc, err.decode(errors="replace")))
    events = json_lines(out)
    if not events:
        fail("no events")
    for ev in events:
        if ev.get("v") != SCHEMA:
            fail("schema version %r, not %d" % (ev.get("v"), SCHEMA))
        if ev.get("type") == "call":
            check_call_shape(ev)
    calls = [e for e in events if e["type"] == "call"]

    # The path with invalid UTF-8 comes back byte for byte.
    path = b"/nonexistent/\xff\xc3\xa9\xed\xa0\x80z"
    opens = [c for c in calls if c["name"] == "openat" and
             "bytes" in c["args"]["filename"] and
             bytes_of(c["args"]["filename"]["bytes"]) == path]
    if len(opens) != 1:
        fail("openat of %r not found once" % path)
    o = opens[0]
    if list(o["args"]) != ["dfd", "filename", "flags", "mode"]:
        fail("openat's arguments by prototype name: %r" % list(o["args"]))
    if (o["ret"], o["errno"], o["args"]["dfd"]["text"]) != \
            (-2, "ENOENT", "AT_FDCWD"):
        fail("openat: %r" % o)
    if o["args"]["flags"]["text"] != "O_RDONLY":
        fail("openat flags decoded as %r" % o["args"]["flags"]["text"])

    # All 256 byte values, NUL and 0x80-0xff included.
    writes = [c for c in calls if c["name"] == "write" and
              c["args"]["count"]["raw"] == 256]
    if len(writes) != 1:
        fail("write of 256 bytes not found once")
    w = writes[0]
    if bytes_of(w["args"]["buf"]["bytes"]) != bytes(range(256)):
        fail("the 256 bytes did not round-trip: %r" % w["args"]["buf"])
    if w["args"]["buf"]["bytes_cut"] or w["ret"] != 256 or \
            w["errno"] is not None:
        fail("write: %r" % w)

    sigs = [e for e in events if e["type"] == "signal"]
    if [s["signal"] for s in sigs] != ["SIGUSR1"] or \
            "si_signo=SIGUSR1" not in sigs[0].get("siginfo", ""):
        fail("signal events: %r" % sigs)
    last = events[-1]
    if last["type"] != "exit" or last["code"] != 0:
        fail("last event is not exit 0: %r" % last)
    if calls[-1]["name"] != "exit_group" or not calls[-1]["unfinished"]:
        fail("exit_group not the last, unfinished call: %r" % calls[-1])

    # The same calls as the text trace shows, in the same order.
    text = os.path.join(tmp, "trace.txt")
    rc, _, _ = run([a.syswarden, "-o", text, helper], tmp)
    names = [line.split("(", 1)[0] for line in
             open(text, errors="replace").read().splitlines()
             if "(" in line and not line.startswith(("---", "+++"))]
    if names != [c["name"] for c in calls]:
        fail("JSON calls differ from the text trace's:\n%r\n%r" %
             (names, [c["name"] for c in calls]))

    # A selection applies as to text; a plugin's report is an event.
    rc, _, err = run([a.syswarden, "--json", "-e", "trace=openat",
                      "--plugin", "failed_opens", helper], tmp)
    events = [json.loads(l) for l in err.decode("utf-8").splitlines()
              if l.startswith("{")]
    names = {e["name"] for e in events if e["type"] == "call"}
    if names != {"openat"}:
        fail("-e trace=openat gave calls %r" % names)
    reports = [e for e in events if e["type"] == "report"]
    # (failed_opens quotes the path as strace would)
    if not any(r["source"] == "failed_opens" and
               "/nonexistent/\\377\\303" in r["text"] for r in reports):
        fail("no failed_opens report of the path: %r" % reports)
    # -k: each call carries its frames as objects; the innermost is in
    # the C library or the loader, which made the call.
    rc, _, err = run([a.syswarden, "--json", "-k", "-e", "trace=openat",
                      helper], tmp)
    calls = [json.loads(l) for l in err.decode("utf-8").splitlines()
             if l.startswith('{"v":1,"type":"call"')]
    if not calls or not all(c.get("stack") for c in calls):
        fail("--json -k: calls without a stack: %r" % calls[:1])
    top = calls[0]["stack"][0]
    if not re.search(r"/(libc|ld-linux)[^/]*$", top.get("file", "")) or \
            not isinstance(top.get("address"), int):
        fail("--json -k: innermost frame %r" % top)
    # Mistakes are refused by name.
    for opts, msg in (
            (["--json", "-ff", "-o", "x"], "syswarden: --json: not with -ff"),
            (["--timeline", "/nonexistent/dir/t.json"],
             "syswarden: --timeline /nonexistent/dir/t.json: No such file")):
        rc, _, err = run([a.syswarden] + opts + ["true"], tmp)
        if rc != 1 or msg not in err.decode():
            fail("%r: exit %d, %r" % (opts, rc, err))
    print("ok: %d events, every line JSON; bytes round-trip" % len(events))


def check_timeline(path, want_threads):
    doc = json.load(open(path, encoding="utf-8"))
    evs = doc["traceEvents"]
    thread_names = {(e["pid"], e["tid"]): e["args"]["name"]
                    for e in evs if e["ph"] == "M" and
                    e["name"] == "thread_name"}
    process_names = {e["pid"] for e in evs if e["ph"] == "M" and
                     e["name"] == "process_name"}
    slices = collections.defaultdict(list)
    for e in evs:
        if e["ph"] not in ("M", "X", "i"):
            fail("unexpected phase %r" % e)
        if e["ph"] == "M":
            continue
        track = (e["pid"], e["tid"])
        if track not in thread_names:
            fail("event on a track with no thread_name: %r" % e)
        if e["pid"] not in process_names:
            fail("event of a process with no process_name: %r" % e)
        if not isinstance(e["ts"], (int, float)) or e["ts"] < 0:
            fail("bad ts: %r" % e)
        if e["ph"] == "X":
            if e["dur"] < 0 or "=" not in e["args"]:
                fail("bad slice: %r" % e)
            slices[track].append(e)
    for track, ss in slices.items():
        # A thread makes one call at a time: in file order, its slices
        # start later and do not overlap (times are rounded to 1 ns).
        for prev, cur in zip(ss, ss[1:]):
            if cur["ts"] < prev["ts"] + prev["dur"] - 0.001:
                fail("slices overlap on %r: %r then %r" % (track, prev, cur))
    busy = [t for t in slices if len(slices[t]) > 0]
    if len(busy) < want_threads:
        fail("%d tracks with calls, expected at least %d" %
             (len(busy), want_threads))
    return evs, thread_names


def test_timeline(a, tmp):
    out = os.path.join(tmp, "run.json")
    helper = os.path.join(a.helpers, "threads")
    rc, _, err = run([a.syswarden, "-o", "/dev/null", "--timeline", out,
                      "-f", helper], tmp)
    if rc != 0:
        fail("threads exited %d: %s" % (rc, err.decode(errors="replace")))
    evs, names = check_timeline(out, 5)
    # Four workers, one access() each, on their own tracks.
    access = [e for e in evs if e["ph"] == "X" and e["name"] == "access"
              and "thread-" in e["args"]["filename"]]
    tracks = {(e["pid"], e["tid"]) for e in access}
    pids = {p for p, _ in tracks}
    if len(access) != 4 or len(tracks) != 4 or len(pids) != 1:
        fail("access slices: %r" % access)
    if any(not e["args"]["filename"].startswith('"/nonexistent/thread-')
           or not e["args"]["="].startswith("-1 ENOENT") for e in access):
        fail("access slices lack their arguments: %r" % access)
    if not all(names[t] == "threads" for t in tracks):
        fail("tracks not named by comm: %r" % names)
    kinds = collections.Counter(e["name"].split()[0] for e in evs
                                if e["ph"] == "i")
    if kinds["new"] < 4 or kinds["exit"] < 1 or kinds["execve"] < 1:
        fail("instants for new tasks, exec, exit missing: %r" % kinds)

    # A shell pipeline: processes grouped, each named by its comm.
    rc, _, err = run([a.syswarden, "-o", "/dev/null", "--timeline", out,
                      "-f", "sh", "-c", "echo a b | wc -w >/dev/null"], tmp)
    evs, names = check_timeline(out, 3)
    comms = set(names.values())
    if not {"sh", "wc"} <= comms:
        fail("pipeline tracks named %r" % comms)

    # A plugin's injection and report are marked.
    rc, _, err = run([a.syswarden, "-o", "/dev/null", "--timeline", out,
                      "--plugin", "file_monitor:paths=/etc/hostname,"
                      "block=true", "cat", "/etc/hostname"], tmp)
    evs, _ = check_timeline(out, 1)
    inj = [e for e in evs if e["ph"] == "X" and "injected" in e["cat"]]
    rep = [e for e in evs if e["ph"] == "i" and e["cat"] == "plugin"]
    if not inj or not rep or "EACCES" not in inj[0]["args"]["="]:
        fail("injection %r / report %r not marked" % (inj, rep))
    print("ok: timeline structure of threads, pipeline, injection")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--syswarden", required=True)
    p.add_argument("--helpers", required=True)
    p.add_argument("what", choices=["json", "timeline"])
    a = p.parse_args()
    a.syswarden = os.path.abspath(a.syswarden)
    a.helpers = os.path.abspath(a.helpers)
    with tempfile.TemporaryDirectory() as tmp:
        {"json": test_json, "timeline": test_timeline}[a.what](a, tmp)


if __name__ == "__main__":
    main()
