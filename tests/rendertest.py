#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Does a --timeline file really render?  Loads one in speedscope (from
the npm registry, put in place by scripts/setup) inside headless Chromium
(Debian's chromium) and checks that the viewer lists each traced thread.

  rendertest.py --syswarden EXE [--screenshot PNG]

Exits 77, saying why, where Chromium or speedscope is not installed.
"""
import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

SPEEDSCOPE = os.environ.get(
    "SW_SPEEDSCOPE",
    "/var/cache/syswarden/speedscope/node_modules/speedscope/dist/release")
PIPELINE = "ls /usr | sort | wc -l"


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root):
    handler = functools.partial(Quiet, directory=root)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def chromium(args, tmp):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    # As root Chromium needs --no-sandbox; virtual time lets the page's
    # fetch and rendering finish before the DOM is dumped.
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu",
           "--hide-scrollbars", "--user-data-dir=" + tmp + "/profile",
           "--virtual-time-budget=10000", "--window-size=1400,600"] + args
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120)
    if p.returncode != 0:
        fail("chromium exited %d: %s" %
             (p.returncode, p.stderr.decode(errors="replace")[-2000:]))
    return p.stdout.decode("utf-8", errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--syswarden", required=True)
    ap.add_argument("--screenshot", metavar="PNG")
    a = ap.parse_args()
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        skip("no chromium (Debian package chromium; scripts/setup "
             "installs it when the archive is reachable)")
    if not os.path.exists(os.path.join(SPEEDSCOPE, "index.html")):
        skip("no speedscope in %s (scripts/setup: npm install "
             "speedscope)" % SPEEDSCOPE)
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site")
        shutil.copytree(SPEEDSCOPE, site)
        run = os.path.join(site, "run.json")
        p = subprocess.run([os.path.abspath(a.syswarden), "-o", "/dev/null",
                            "--timeline", run, "-f", "sh", "-c", PIPELINE],
                           stdout=subprocess.DEVNULL, timeout=60)
        if p.returncode != 0:
            fail("the traced pipeline exited %d" % p.returncode)
        evs = json.load(open(run))["traceEvents"]
        names = {(e["pid"], e["tid"]): e["args"]["name"] for e in evs
                 if e["ph"] == "M" and e["name"] == "thread_name"}
        busy = {(e["pid"], e["tid"]) for e in evs if e["ph"] == "X"}
        srv = serve(site)
        url = "http://127.0.0.1:%d/index.html#profileURL=run.json" % \
            srv.server_address[1]
        try:
            dom = chromium(["--dump-dom", url], tmp)
            if a.screenshot:
                chromium(["--screenshot=" + os.path.abspath(a.screenshot),
                          url], tmp)
        finally:
            srv.shutdown()
        # speedscope lists each thread of a trace-event file as
        # "COMM (pid P), COMM (tid T)".
        missing = ["%s (pid %d), %s (tid %d)" % (names[t], t[0], names[t],
                                                 t[1])
                   for t in sorted(busy)]
        missing = [m for m in missing if m not in dom]
        if len(busy) < 4 or missing:
            fail("speedscope does not show threads %r of %d; page: %s" %
                 (missing, len(busy), dom[:3000]))
        print("ok: speedscope in chromium shows the %d threads: %s" %
              (len(busy), ", ".join(sorted(set(names[t] for t in busy)))))


if __name__ == "__main__":
    main()
