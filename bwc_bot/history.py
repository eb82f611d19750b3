"""Chat input history that survives crashes: one JSON line per entry, appended whole.

Each entry is written with a single ``write`` on a file opened for appending, so a
kill mid-write can at worst leave one incomplete final line, which loading skips.
The file is created private to the user (mode 0600).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

from prompt_toolkit.history import History, InMemoryHistory

MAX_LOADED = 2000


class SafeFileHistory(History):
    """A prompt-toolkit History stored as JSON lines, crash-safe and private."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.close(fd)  # fail now, not at the first question, if it cannot be written
        self.write_failed = False
        super().__init__()

    def load_history_strings(self) -> Iterable[str]:
        try:
            data = self.path.read_bytes()
        except OSError:
            return []
        out: list[str] = []
        for raw in data.decode("utf-8", errors="replace").splitlines():
            try:
                value = json.loads(raw)
            except ValueError:
                continue  # an incomplete last line from an interrupted write
            if isinstance(value, str) and value:
                out.append(value)
        return list(reversed(out[-MAX_LOADED:]))

    def store_string(self, string: str) -> None:
        data = (json.dumps(string, ensure_ascii=False) + "\n").encode("utf-8", errors="replace")
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
        except OSError:
            self.write_failed = True  # keep going: the entry stays in memory for this session


def open_history(path: Path | None) -> tuple[History, str | None]:
    """A file history at ``path``, or an in-memory one plus a one-line warning."""
    if path is None:
        return InMemoryHistory(), None
    try:
        return SafeFileHistory(path), None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return InMemoryHistory(), f"Note: cannot write history to {path} ({reason}); this session's history is kept in memory only."
