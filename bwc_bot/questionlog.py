"""An opt-in log of questions and outcomes, to find questions the bot could not answer.

Off by default: nothing is recorded unless a path is given, either by the help desk
embedding the library (``QuestionLog(path).record(answer)``) or, for the command line
and the chat, by the environment variable ``BWC_BOT_QUESTION_LOG``. Each record is
one JSON line, appended with a single write to a file created with mode 0600.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path

from .models import Answer

ENV_VAR = "BWC_BOT_QUESTION_LOG"


class QuestionLog:
    """Appends one JSON line per answered question to ``path``."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    def record(self, answer: Answer) -> None:
        line = {
            "time": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "question": answer.question,
            "answered": answer.answered,
            "entry_id": answer.entry_id,
            "intent": answer.intent,
            "reason": answer.reason,
            "confidence": answer.confidence,
            "kb_version": answer.kb_version,
        }
        data = (json.dumps(line, ensure_ascii=True) + "\n").encode("ascii")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


def from_environment() -> QuestionLog | None:
    """The log named by $BWC_BOT_QUESTION_LOG, or None (the default: no log)."""
    value = os.environ.get(ENV_VAR, "").strip()
    return QuestionLog(value) if value else None
