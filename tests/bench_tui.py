#!/usr/bin/env python3
"""bench_tui.py - how fast the browser (ikescope --tui) answers keys on a
large capture, measured from outside in a real terminal: tmux runs the
browser, send-keys presses a key, capture-pane is polled until the screen
shows the key's effect.  A benchmark, not a test: it prints a table and
exits 0 (1 when it cannot run at all).

    tests/bench_tui.py [CAPTURE KEYFILE]

Without arguments it makes BENCH_TUI_MB megabytes (default 1024) of
capture in BENCH_DIR (default /tmp) from samples/strongswan/ikev2-rekey:
its IKE exchanges, and the four ESP packets each way of the second
CHILD_SA repeated with later times (the copies are replays, each one
decrypted and its ICV checked), so the browser has 2 IKE SAs and about
5.7 million ESP packets per GiB to show.

Measured:
  open        from start until the SA list is on the screen
  read        until the status line says all frames were read
  key (reading)   Down/Up on the SA list while the capture is being read
  key (read)      Down/Up, Enter, End, Home, PgUp, Tab, Backspace, on the
                  SA list and on an ESP SA of millions of packets
  search      / on that ESP SA: until the status line shows the search
              under way (it goes on between keys) and a key stops it
Each figure is the median and the worst of the presses; the poll itself
(one capture-pane) costs about 2 ms, included.
"""
import os
import shutil
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
IKESCOPE = os.environ.get("IKESCOPE") or os.path.join(
    os.environ.get("top_builddir", SRC), "ikescope")
SAMPLE = os.path.join(SRC, "samples", "strongswan", "ikev2-rekey")


def make_capture(path, mb):
    """The sample's frames 1-26, frames 19-26 (ESP both ways) repeated up
    to mb megabytes, then its frames 27-40: classic pcap."""
    src = open(SAMPLE + ".pcap", "rb").read()
    recs, off = [], 24
    while off < len(src):
        ts, us, cl, ol = struct.unpack("<IIII", src[off:off + 16])
        recs.append((ts, us, src[off + 16:off + 16 + cl], ol))
        off += 16 + cl
    with open(path, "wb") as out:
        out.write(src[:24])
        for r in recs[:26]:
            out.write(struct.pack("<IIII", r[0], r[1], len(r[2]), r[3]) + r[2])
        loop, t0, total, i, buf = recs[18:26], recs[25][0], 0, 0, []
        while total < mb << 20:
            for r in loop:
                rec = struct.pack("<IIII", t0 + 1 + i // 1000,
                                  (i % 1000) * 1000, len(r[2]), r[3]) + r[2]
                buf.append(rec)
                total += len(rec)
            i += 1
            if len(buf) > 100000:
                out.write(b"".join(buf))
                buf = []
        out.write(b"".join(buf))
        for r in recs[26:]:
            out.write(struct.pack("<IIII", t0 + 10 + i // 1000, r[1],
                                  len(r[2]), r[3]) + r[2])


class Term:
    def __init__(self, cmd):
        self.sock = "/tmp/bench-tui-%d.sock" % os.getpid()
        self.name = "bench"
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", self.name,
                  "-x", "80", "-y", "24", cmd + "; sleep 60")

    def tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.sock] + list(args),
                               capture_output=True, text=True).stdout

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *k):
        self.tmux("send-keys", "-t", self.name, *k)

    def wait(self, pred, limit=600.0):
        """Seconds until pred(screen) holds (None after limit)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < limit:
            s = self.screen()
            if pred(s):
                return time.monotonic() - t0
            time.sleep(0.001)
        return None

    def press(self, key, pred, limit=10.0):
        t0 = time.monotonic()
        self.keys(key)
        while time.monotonic() - t0 < limit:
            s = self.screen()
            if pred(s):
                return time.monotonic() - t0
        return None

    def close(self):
        self.tmux("kill-server")


def selected(s):
    """The selected row of the first pane: the line starting with '>'."""
    for n, line in enumerate(s.splitlines()):
        if line.startswith(">"):
            return n, line
    return None, None


def moved(before, text=True):
    """The selection moved: its screen line, or (text) its content."""
    if text:
        return lambda s: selected(s)[0] is not None and selected(s) != before
    return lambda s: selected(s)[0] not in (None, before[0])


def summary(name, lat):
    """A table row: the median and the worst of the presses that got an
    answer (None: none came within the limit)."""
    got = [x for x in lat if x is not None]
    return (name, statistics.median(got) if got else None,
            max(got) if got else None, len(lat))


def ms(v):
    return "%.0f" % (v * 1000) if v is not None else "-"


def main():
    if shutil.which("tmux") is None:
        print("bench_tui: tmux is not installed", file=sys.stderr)
        return 1
    if len(sys.argv) == 3:
        cap, keys = sys.argv[1], sys.argv[2]
    else:
        mb = int(os.environ.get("BENCH_TUI_MB", "1024"))
        cap = os.path.join(os.environ.get("BENCH_DIR", "/tmp"),
                           "bench-tui-%dM.pcap" % mb)
        keys = SAMPLE + ".min.keys"
        if not os.path.exists(cap):
            print("making %s ..." % cap, flush=True)
            make_capture(cap, mb)
    size = os.path.getsize(cap)
    rows = []
    start = time.monotonic()
    rss = "/tmp/bench-tui-rss-%d" % os.getpid()
    timer = "/usr/bin/time -f %%M -o '%s' " % rss if os.path.exists(
        "/usr/bin/time") else ""
    t = Term("TERM=screen %s'%s' --tui -k '%s' '%s'" % (timer, IKESCOPE,
                                                        keys, cap))
    try:
        t.wait(lambda s: selected(s)[0] is not None, 60)
        t_open = time.monotonic() - start
        rows.append(("open: the SA list on the screen", t_open, None, 1))
        # Keys while the capture is read.
        lat = []
        while "frames read" not in t.screen() and len(lat) < 40:
            for k in ("Down", "Up"):
                lat.append(t.press(k, moved(selected(t.screen()), False)))
            time.sleep(0.05)
        if lat:
            rows.append(summary("key while reading (Down/Up on the SA list)",
                                lat))
        t.wait(lambda s: "frames read" in s, 3600)
        t_read = time.monotonic() - start
        rows.append(("read: all frames read", t_read, None, 1))
        # The SA list: Down/Up.
        lat = [t.press(k, moved(selected(t.screen()), False))
               for k in ("Down", "Up") * 10]
        rows.append(summary("Down/Up on the SA list", lat))
        # The ESP SA with the most packets: the third ESP row.
        t.press("End", moved(selected(t.screen())))
        for _ in range(6):
            n, line = selected(t.screen())
            if line and "0xc5cd199d" in line:
                break
            t.press("Up", moved(selected(t.screen())))
        lat = [t.press("Enter", lambda s: "ESP: SPI" in s)]
        rows.append(("Enter: open an ESP SA of %s packets" %
                     "millions", lat[0], None, 1))
        for keys, n in ((("End", "Home"), 5), (("PgDn", "PgUp"), 5),
                        (("Down", "Up"), 10)):
            lat = [t.press(k, moved(selected(t.screen())))
                   for k in keys * n]
            rows.append(summary("%s on the ESP SA's packets" % "/".join(keys),
                                lat))
        # Search for what is not there: it runs between keys.
        t.keys("/")
        t.keys("-l", "no such text")
        s_start = t.press("Enter", lambda s: "searching" in s or "not found" in s)
        rows.append(("/ search: the status shows it under way", s_start, None, 1))
        s_stop = t.press("Home", lambda s: "search stopped" in s)
        rows.append(("a key during the search stops it", s_stop, None, 1))
        lat = [t.press("BSpace", lambda s: "ESP: SPI" not in s)]
        rows.append(("Backspace: back to the SA list", lat[0], None, 1))
        t.keys("q")
        t.wait(lambda s: os.path.exists(rss) and os.path.getsize(rss) > 0, 10)
    finally:
        t.close()
    print()
    print("ikescope --tui on %s (%.0f MB), 80x24 tmux terminal" %
          (cap, size / 1e6))
    print("%-48s %9s %9s %6s" % ("", "median ms", "worst ms", "keys"))
    for name, med, worst, n in rows:
        if name.startswith("open") or name.startswith("read"):
            print("%-48s %9s %9s %6s" % (name, "%.2f s" % med if med else "-",
                                         "", ""))
        else:
            print("%-48s %9s %9s %6d" % (name, ms(med), ms(worst), n))
    if os.path.exists(rss):
        with open(rss) as f:
            print("%-48s %9.0f MB" % ("peak RSS", int(f.read().split()[-1]) / 1024))
        os.unlink(rss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
