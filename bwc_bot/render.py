"""Format answers for people (terminal text) and machines (JSON).

Everything printed passes through ``clean``: terminal escape sequences and control
characters from a question or a knowledge file can never reach the terminal.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from typing import IO

from .models import Answer
from .text import strip_invisible

_STYLES = {"bold": "1", "dim": "2", "green": "32", "yellow": "33", "cyan": "36", "red": "31"}


def clean(text: str) -> str:
    """Text safe to print: no escape sequences or control characters; newlines kept."""
    return "\n".join(strip_invisible(line) for line in str(text).split("\n"))


def use_color(stream: IO | None) -> bool:
    """Colour only on a real terminal, never when NO_COLOR is set or TERM=dumb."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


def style(text: str, name: str, color: bool) -> str:
    return f"\x1b[{_STYLES[name]}m{text}\x1b[0m" if color else text


def width(default: int = 88) -> int:
    cols = shutil.get_terminal_size((default, 24)).columns
    return max(40, min(cols, 100))


def _wrap(text: str, w: int, indent: str = "") -> str:
    paras = clean(text).split("\n\n")
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), width=w, initial_indent=indent, subsequent_indent=indent) for p in paras if p.strip()
    )


def _sentence(text: str) -> str:
    """Text ending in exactly one full stop ("n.d." stays "n.d.")."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def to_json(answer: Answer) -> str:
    """One line of JSON with exactly the documented keys (non-ASCII escaped, so it is safe anywhere)."""
    return json.dumps(answer.to_dict(), ensure_ascii=True)


def citation_lines(answer: Answer, w: int, color: bool = False) -> list[str]:
    lines = []
    for n, c in enumerate(answer.citations, 1):
        head = f"[{n}] {_sentence(c.title)} {c.publisher}, {_sentence(c.year)}"
        if c.locator:
            head += f" {_sentence(c.locator)}"
        lines.append(textwrap.fill(clean(head), width=w, initial_indent="  ", subsequent_indent="      "))
        lines.append("      " + style(clean(c.url), "cyan", color))
    return lines


def to_text(answer: Answer, *, color: bool = False, w: int | None = None, number_related: bool = False) -> str:
    """The answer as a person reads it: text, numbered citations, offers, related.

    Suggestions ("did you mean" / closest questions) are numbered 1..n; with
    ``number_related`` the related questions continue the numbering, so a chat user
    can pick any of them by number.
    """
    w = w or width()
    out = [_wrap(answer.text, w)]
    if answer.citations:
        out.append("")
        out.append(style("Sources", "bold", color))
        out.extend(citation_lines(answer, w, color))
    offers = offer_lines(answer, w, color)
    if offers:
        out.append("")
        out.extend(offers)
    if answer.related:
        out.append("")
        out.append(style("Related questions", "bold", color))
        start = len(answer.suggestions) + 1
        for n, r in enumerate(answer.related, start):
            marker = f"  {n}. " if number_related else "  - "
            out.append(textwrap.fill(clean(r.question), width=w, initial_indent=marker, subsequent_indent=" " * len(marker)))
    return "\n".join(out)


def offer_lines(answer: Answer, w: int, color: bool) -> list[str]:
    if not answer.suggestions:
        return []
    title = "Did you mean" if answer.answered else "Closest questions I can answer"
    lines = [style(title, "bold", color)]
    for n, s in enumerate(answer.suggestions, 1):
        marker = f"  {n}. "
        lines.append(textwrap.fill(clean(s.question), width=w, initial_indent=marker, subsequent_indent=" " * len(marker)))
    return lines


def to_markdown(turns: list[tuple[str, Answer | None, str]], kb_version: str, when: str) -> str:
    """A conversation as Markdown, each answer followed by its citations."""
    lines = ["# bwc-bot conversation", "", f"Exported {when}; knowledge base version `{kb_version}`.", ""]
    for question, answer, shown in turns:
        lines.append(f"## {clean(question).strip() or '(empty)'}")
        lines.append("")
        body = answer.text if answer is not None else shown
        lines.append(clean(body).strip())
        lines.append("")
        if answer is not None and answer.citations:
            lines.append("Sources:")
            lines.append("")
            for n, c in enumerate(answer.citations, 1):
                loc = f" {_sentence(clean(c.locator))}" if c.locator else ""
                lines.append(f"{n}. {_sentence(clean(c.title))} {clean(c.publisher)}, {_sentence(clean(c.year))}{loc} <{clean(c.url)}>")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
