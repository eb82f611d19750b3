"""Tab completion for the chat: commands, and topic names after /topic."""

from __future__ import annotations

from typing import Iterable

from prompt_toolkit.completion import Completer, Completion


class ChatCompleter(Completer):
    """Completes ``/commands`` and, after ``/topic ``, topic ids."""

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
        if command.lower() == "/topic":
            for t in self.topics:
                if t.startswith(arg.lower()):
                    yield Completion(t, start_position=-len(arg))
