"""Terminal chat (placeholder loop; the full prompt-toolkit chat lives in issue 5)."""

from __future__ import annotations

import sys
from pathlib import Path

from . import render


def run(bot, history_path: Path | None = None) -> int:
    for line in sys.stdin:
        q = line.strip()
        if q in ("/quit", "/exit"):
            break
        print(render.to_text(bot.ask(q)))
        print()
    return 0
