"""Tab completion for the chat: commands, and topic names after /topic and /only."""

from __future__ import annotations

from typing import Iterable

from prompt_toolkit.completion import Completer, Completion


class ChatCompleter(Completer):
    """Completes ``/commands`` and, after ``/topic `` or ``/only ``, topic ids."""

    def __init__(self, commands: Iterable[str], topics: Iterable[str]):
        self.commands = sorted(commands)
        self.topics = sorted(topics)

    def get_completions(self, document, complete_event):
        text = document.text_before_cursor
        if not text.startswith("/"):
            return
        if " " not in text:
            for c in self.commands:
                if c.startswith(text.lower()):
                    yield Completion(c, start_position=-len(text))
            return
        command, _, arg = text.partition(" ")
        if command.lower() in ("/topic", "/only"):
            word = arg.rsplit(" ", 1)[-1] if command.lower() == "/only" else arg  # /only takes several
            for t in self.topics:
                if t.startswith(word.lower()):
                    yield Completion(t, start_position=-len(word))
