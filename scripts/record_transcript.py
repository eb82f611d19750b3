"""Record a real terminal chat session for the README.

Runs `bwc-bot chat` under a pseudo-terminal (so prompt-toolkit is really in charge),
types the questions below one at a time, waits for each answer, and prints the
session with terminal control sequences removed. Usage:

    .venv/bin/python scripts/record_transcript.py > /tmp/transcript.txt
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import time

LINES = [
    "can officers watch the video before they write their report?",
    "what about after a shooting?",
    "/why",
    "/quit",
]

CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>]|\r")


def read_for(fd: int, seconds: float) -> bytes:
    out = b""
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            end = max(end, time.time() + 0.8)  # keep reading while output flows
    return out


def main() -> int:
    env = dict(os.environ, TERM="xterm", NO_COLOR="1", COLUMNS="88", LINES="50", PROMPT_TOOLKIT_NO_CPR="1",
               BWC_BOT_DATA_DIR=tempfile.mkdtemp(prefix="bwc-transcript-"))
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 88, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "bwc_bot", "chat"], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    raw = read_for(master, 15)
    for line in LINES:
        os.write(master, line.encode() + b"\r")
        raw += read_for(master, 10)
    proc.wait(timeout=30)
    os.close(master)
    text = CSI.sub("", raw.decode("utf-8", "replace"))
    # prompt-toolkit redraws the prompt line as you type; keep the final version of each
    lines = []
    for line in text.split("\n"):
        line = line.rstrip()
        if "bwc>" in line:  # keep the final redraw of the prompt line
            line = "bwc> " + line.rsplit("bwc>", 1)[1].strip()
            if lines:
                lines.append("")
        lines.append(line)
    print("\n".join(lines).strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
