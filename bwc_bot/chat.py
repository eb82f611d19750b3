"""The terminal chat: a pure conversation object plus a prompt-toolkit (or plain) loop.

``ChatSession.handle(line)`` holds all the behaviour (commands, numbered choices,
follow-ups, export) and returns the text to print, so it is tested without a
terminal. ``run`` wires it to a prompt-toolkit ``PromptSession`` on a terminal, or to
plain line reading when stdin is not a terminal (prompt-toolkit's own advice).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import render
from .atomic import atomic_write_text
from .compose import IN_TEXT_NOTES
from .models import Answer

COMMANDS = {
    "/help": "show this help",
    "/topics": "list the topics I know, with entry counts",
    "/topic": "NAME - list the questions in one topic (e.g. /topic retention)",
    "/only": "TOPIC... - answer only from these topics (e.g. /only retention public_release); /only alone: all topics",
    "/sources": "citations of the last answer",
    "/related": "related questions for the last answer",
    "/why": "why I gave the last answer: matched words, weights, runner-up, scope checks",
    "/export": "PATH - save this conversation as Markdown (add --force to replace a file)",
    "/new": "start over (forget the context of earlier questions)",
    "/quit": "leave (Ctrl-D also works)",
}
ALIASES = {"/exit": "/quit", "/q": "/quit", "/?": "/help", "/h": "/help", "/reset": "/new", "/clear": "/new"}

# A follow-up leans on the previous answer: "what about juveniles?", "and for how long?"
_FOLLOWUP = re.compile(
    r"^\s*(and|but|also|so|then|what about|how about|what if|same for|and for|for how long|how long|"
    r"what else|anything else|is that|does that|does it|is it|are they|do they|can they|what does that)\b",
    re.IGNORECASE,
)
_MORE = re.compile(r"^\s*(tell me more|more|go on|continue|more details?|details|expand|elaborate|keep going)\W*$", re.IGNORECASE)
_WHY = re.compile(r"^\s*(why|why\?|how come|why is that|why so|and why|why not|says who|source\??|sources\??)\W*$", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*#?(\d{1,3})\s*[.)]?\s*$")
_PRONOUNS = {"it", "that", "this", "they", "them", "those", "these", "there", "one", "ones"}


@dataclass
class ChatSession:
    """One conversation: remembers the last answer, numbered offers and the transcript."""

    bot: object
    color: bool = False
    width: int | None = None
    history_note: str | None = None
    done: bool = False
    last: Answer | None = None
    last_question: str | None = None
    context_entry: str | None = None  # entry id the conversation is about
    offers: list[str] = field(default_factory=list)  # entry ids, numbered from 1
    shown: set[str] = field(default_factory=set)  # entries shown since /new
    turns: list[tuple[str, Answer | None, str]] = field(default_factory=list)
    picked: str | None = None  # entry id when the last answer was chosen by number
    question_log: object = None  # opt-in QuestionLog; None (the default) records nothing
    only: tuple[str, ...] = ()  # topic ids answers are limited to (/only); empty: all topics

    # --- the conversation -------------------------------------------------------------

    def welcome(self) -> str:
        kb = self.bot.kb
        line1 = (
            f"bwc-bot: cited guidance on police body-worn camera programs ({len(kb.entries)} answers "
            f"on {len(kb.topics)} topics, from the BJA toolkit and its sources; offline)."
        )
        line2 = 'Ask in plain English, e.g. "how long should footage be kept?" /help lists commands; Ctrl-D quits.'
        out = render.style(line1, "bold", self.color) + "\n" + render.style(line2, "dim", self.color)
        if self.history_note:
            out += "\n" + render.style(self.history_note, "yellow", self.color)
        return out

    def prompt_text(self) -> str:
        """The prompt: it shows the /only topics while they are set."""
        return f"bwc [{', '.join(self.only)}]> " if self.only else "bwc> "

    def handle(self, line: str) -> str:
        """Process one input line; return what to print (may be empty)."""
        text = line.strip()
        if not text:
            return ""
        if text.startswith("/"):
            return self._command(text)
        number = _NUMBER.match(text)
        if number and self.offers:
            return self._pick(int(number.group(1)), text)
        if self.context_entry and _WHY.match(text):
            return self._record(text, None, self._why_followup())
        if self.context_entry and _MORE.match(text):
            return self._more(text)
        answer, context = self._ask_in_context(text)
        return self._show(text, answer, context)

    # --- answering ----------------------------------------------------------------------

    def _ask_in_context(self, text: str) -> tuple[Answer, str | None]:
        """Answer ``text``; for a follow-up, also try it joined to the previous question."""
        answer = self.bot.ask(text, topics=self.only or None)
        prev = self.bot.entry(self.context_entry) if self.context_entry else None
        if prev is None or not self._looks_like_followup(text, answer):
            return answer, None
        combined = self.bot.ask(f"{text} {prev.question}", topics=self.only or None)
        if not combined.answered:
            return answer, None
        if combined.entry_id == prev.id:
            use = not answer.answered  # "and for how long?": nothing new to find, stay on topic
        else:
            use = not answer.answered or combined.confidence >= answer.confidence - 0.1
        if use:
            return Answer(**{**_fields(combined), "question": text}), prev.question
        return answer, None

    def _looks_like_followup(self, text: str, answer: Answer) -> bool:
        if answer.intent is not None:
            return False  # "thanks", "bye": conversational, not a follow-up
        if _FOLLOWUP.match(text):
            return True
        words = [w for w in re.findall(r"[\w']+", text.lower())]
        content = self.bot.analyzer.terms(text)
        short = len(content) <= 2
        return short and (not answer.answered or answer.confidence < 0.5 or bool(_PRONOUNS & set(words)))

    def _show(self, question: str, answer: Answer, context: str | None) -> str:
        if self.question_log is not None:
            try:
                self.question_log.record(answer)
            except OSError:
                pass  # the log is a convenience; never interrupt the conversation for it
        out = []
        if context:
            out.append(render.style(f"(Follow-up to: {render.clean(context)})", "dim", self.color))
        notes = [n for n in answer.notes if not n.startswith(IN_TEXT_NOTES)]  # the others are in the text
        for n in notes:
            out.append(render.style(f"({render.clean(n)})", "dim", self.color))
        out.append(render.to_text(answer, color=self.color, w=self.width, number_related=True))
        self.last, self.last_question, self.picked = answer, question, None
        self.offers = [s.entry_id for s in answer.suggestions] + [r.entry_id for r in answer.related]
        if answer.answered:
            self.context_entry = answer.entry_id
            self.shown.add(answer.entry_id)
        return self._record(question, answer, "\n".join(out))

    def _pick(self, n: int, text: str) -> str:
        if not 1 <= n <= len(self.offers):
            return f"There is no option {n}; pick 1-{len(self.offers)}, or type a question."
        entry_id = self.offers[n - 1]
        answer = self.bot.answer_entry(entry_id)
        out = self._show(text, answer, None)
        self.last_question = None  # nothing was matched: /why explains the pick instead
        self.picked = entry_id
        return out

    def _more(self, text: str) -> str:
        answer = self.last
        candidates = [r.entry_id for r in answer.related] if answer and answer.answered else []
        entry = self.bot.entry(self.context_entry)
        if entry is not None:
            candidates += list(entry.related)
        for entry_id in candidates:
            if entry_id not in self.shown and self.bot.entry(entry_id) is not None:
                more = self.bot.answer_entry(entry_id)
                return self._show(text, more, self.bot.entry(self.context_entry).question)
        return self._record(text, None, "That's everything I have close to this topic. Try /related, /topics, or a new question.")

    def _why_followup(self) -> str:
        answer = self.last
        if answer is None or not answer.answered:
            entry = self.bot.entry(self.context_entry)
            answer = self.bot.answer_entry(entry.id) if entry else None
        if answer is None:
            return "Ask a question first."
        lines = ["That answer rests on these sources:"]
        lines += render.citation_lines(answer, self.width or render.width(), self.color)
        lines.append("Type /why to see how your question was matched.")
        return "\n".join(lines)

    def _record(self, question: str, answer: Answer | None, shown: str) -> str:
        self.turns.append((question, answer, shown))
        return shown

    # --- commands -----------------------------------------------------------------------

    def _command(self, text: str) -> str:
        name, _, arg = text.partition(" ")
        name = ALIASES.get(name.lower(), name.lower())
        handler: Callable[[str], str] | None = getattr(self, "_cmd_" + name[1:], None) if name in COMMANDS else None
        if handler is None:
            close = difflib.get_close_matches(name, list(COMMANDS) + list(ALIASES), n=1, cutoff=0.5)
            hint = f" Did you mean {ALIASES.get(close[0], close[0])}?" if close else ""
            return f"Unknown command {render.clean(name)}.{hint} Type /help for the list."
        return handler(arg.strip())

    def _cmd_help(self, arg: str) -> str:
        width = max(len(c) for c in COMMANDS)
        lines = ["Ask any question about a body-worn camera program in plain English.",
                 "Type a number to open a numbered question; follow-ups such as \"what about juveniles?\" use the last answer as context.",
                 ""]
        lines += [f"  {c:<{width}}  {d}" for c, d in COMMANDS.items()]
        lines += ["", "Keys: Tab completes commands, Up/Down and Ctrl-R search history, Ctrl-C clears the line, Ctrl-D quits."]
        return "\n".join(lines)

    def _cmd_topics(self, arg: str) -> str:
        rows = self.bot.topics()
        width = max(len(t.id) for t, _ in rows)
        lines = [f"  {t.id:<{width}}  {n:>3}  {t.description}" for t, n in rows]
        return "\n".join(["Topics (use /topic NAME to list its questions):", *lines])

    def _cmd_topic(self, arg: str) -> str:
        if not arg:
            return "Usage: /topic NAME, e.g. /topic retention. /topics lists the names."
        topic = self._find_topic(arg)
        if topic is None:
            names = [t.id for t in self.bot.kb.topics]
            close = difflib.get_close_matches(arg.lower().replace(" ", "_"), names, n=1)
            hint = f" Did you mean {close[0]}?" if close else " /topics lists the names."
            return f"No topic called {render.clean(arg)!r}.{hint}"
        entries = self.bot.entries_for_topic(topic.id)
        self.offers = [e.id for e in entries]
        lines = [render.style(f"{topic.label}: {topic.description}", "bold", self.color)]
        lines += [f"  {n}. {render.clean(e.question)}" for n, e in enumerate(entries, 1)]
        lines.append("Type a number to read the answer.")
        return "\n".join(lines)

    def _cmd_only(self, arg: str) -> str:
        if not arg:
            self.only = ()
            return "Answers come from every topic again."
        chosen, unknown = [], []
        for word in arg.replace(",", " ").split():
            topic = self._find_topic(word)
            (chosen.append(topic.id) if topic else unknown.append(word))
        if unknown:
            names = [t.id for t in self.bot.kb.topics]
            close = [c for w in unknown for c in difflib.get_close_matches(w.lower(), names, n=1)]
            hint = f" Did you mean {', '.join(close)}?" if close else " /topics lists the names."
            return f"No topic called {', '.join(repr(render.clean(w)) for w in unknown)}; nothing changed.{hint}"
        self.only = tuple(dict.fromkeys(chosen))
        return f"Answers now come only from: {', '.join(self.only)}. Type /only alone to search every topic."

    def _find_topic(self, arg: str):
        key = arg.lower().strip().replace("-", "_").replace(" ", "_")
        for t in self.bot.kb.topics:
            if key in (t.id, t.label.lower().replace(" ", "_")):
                return t
        starts = [t for t in self.bot.kb.topics if t.id.startswith(key) or t.label.lower().startswith(arg.lower())]
        return starts[0] if len(starts) == 1 else None

    def _cmd_sources(self, arg: str) -> str:
        if self.last is None or not self.last.citations:
            return "No sources yet: the last reply was not a knowledge answer. Ask a question first."
        return "\n".join(["Sources of the last answer:", *render.citation_lines(self.last, self.width or render.width(), self.color)])

    def _cmd_related(self, arg: str) -> str:
        if self.last is None or not self.last.related:
            return "No related questions yet. Ask a question first."
        start = len(self.last.suggestions) + 1
        lines = ["Related questions (type a number):"]
        lines += [f"  {n}. {render.clean(r.question)}" for n, r in enumerate(self.last.related, start)]
        return "\n".join(lines)

    def _cmd_why(self, arg: str) -> str:
        if self.last_question is None and self.last is not None and self.picked:
            return f"You picked this answer ({self.picked}) from a numbered list, so no matching was involved."
        if self.last_question is None:
            return "Ask a question first; /why then explains how it was answered."
        return explain(self.bot, self.last_question, self.last)

    def _cmd_export(self, arg: str) -> str:
        force = False
        parts = arg.split()
        if "--force" in parts:
            force = True
            parts.remove("--force")
        if not parts:
            return "Usage: /export PATH (e.g. /export bwc-notes.md); add --force to replace an existing file."
        path = Path(" ".join(parts)).expanduser()
        if path.exists() and not force:
            return f"{path} already exists; nothing written. Choose another name or add --force."
        if not self.turns:
            return "Nothing to export yet."
        when = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        try:
            atomic_write_text(path, render.to_markdown(self.turns, self.bot.version, when))
        except OSError as exc:
            return f"Could not write {path}: {exc.strerror or exc}. Nothing was written."
        return f"Saved {len(self.turns)} exchange{'s' if len(self.turns) != 1 else ''} to {path}."

    def _cmd_new(self, arg: str) -> str:
        self.last = None
        self.last_question = None
        self.context_entry = None
        self.offers = []
        self.shown = set()
        return "Starting over: earlier questions no longer give context."

    def _cmd_quit(self, arg: str) -> str:
        self.done = True
        return ""


def _fields(answer: Answer) -> dict:
    return {f: getattr(answer, f) for f in answer.__dataclass_fields__}


def explain(bot, question: str, answer: Answer | None = None) -> str:
    """Why ``question`` got its answer: terms, weights, phrasing or intent, runner-up, margin."""
    from .compose import confidence, scope_doubts

    a = bot.analyze(question)
    lines = [f"Question read as: {', '.join(a.terms) or '(no content words)'}"]
    if a.corrections:
        lines.append("Spelling: " + ", ".join(f"{t} -> {f}" for t, f in a.corrections))
    if a.unknown:
        lines.append("Words the knowledge base never uses: " + ", ".join(render.clean(u) for u in a.unknown))
    if a.intent is not None:
        intent = bot.kb.intents[a.intent.intent]
        example_terms = " ".join(bot.index.intent_terms[a.intent.example])
        lines.append(f"Closest intent: {intent.name} (similarity {a.intent.similarity:.2f}; example terms: {example_terms})")
    if a.hits:
        best = a.hits[0]
        entry = bot.kb.entries[best.entry]
        phrasing = bot.index.phrasing_text[best.phrasing] if best.phrasing >= 0 else "(answer text)"
        lines.append(f"Best entry: {entry.id} [{entry.topic}] confidence {confidence(best):.2f}, coverage {best.coverage:.0%}, score {best.score:.2f}")
        lines.append(f"  matched phrasing: {render.clean(phrasing)}")
        if best.promoted:
            lines.append("  moved to the top by the topic model: its topic is the likeliest for this question")
        weights = ", ".join(f"{t} {bot.retriever.weight(t):.2f}" for t in best.matched)
        lines.append(f"  matched terms (weight): {weights}")
        if len(a.hits) > 1:
            second = a.hits[1]
            other = bot.kb.entries[second.entry]
            margin = confidence(best) - confidence(second)
            lines.append(f"Runner-up: {other.id} [{other.topic}] confidence {confidence(second):.2f} (margin {margin:.2f})")
    else:
        lines.append("No entry shares a word with the question.")
    if a.terms:
        topic = bot.retriever.topic_model.best(a.terms)
        if topic is not None:
            lines.append(f"Likeliest topic (topic model): {bot.kb.topics[topic].id}")
        if a.anchored:
            lines.append("Scope checks: skipped, the question names the body camera")
        else:
            best_conf = confidence(a.hits[0]) if a.hits else 0.0
            doubts = scope_doubts(a, bot.kb.settings, best_conf)
            lines.append("Scope checks: " + ("; ".join(doubts) if doubts else
                         f"passed (domain score {a.domain:.2f}, out-of-scope probability {a.oos_probability:.2f})"))
    if answer is not None:
        verdict = f"answered with {answer.entry_id}" if answer.answered else f"did not answer ({answer.reason or answer.intent})"
        lines.append(f"Decision: {verdict}; confidence {answer.confidence:.2f}; thresholds: min_confidence "
                     f"{bot.kb.settings.min_confidence}, min_coverage {bot.kb.settings.min_coverage}.")
    return "\n".join(lines)


# --- the loop ----------------------------------------------------------------------------


def repl(session: ChatSession, read_line: Callable[[], str], write: Callable[[str], None], *, banner: bool = True) -> int:
    """Run the conversation: Ctrl-C (KeyboardInterrupt) drops the line, EOF ends it."""
    if banner:
        write(session.welcome())
    while not session.done:
        try:
            line = read_line()
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        try:
            out = session.handle(line)
        except Exception as exc:  # one bad turn never ends the session
            out = f"Error: could not handle that line ({type(exc).__name__}: {render.clean(str(exc))[:200]}); the session continues."
        if out:
            write(out + ("\n" if banner else ""))
    if banner:
        write("Goodbye.")
    return 0


def _plain_reader(stream) -> Callable[[], str]:
    def read() -> str:
        line = stream.readline()
        if line == "":
            raise EOFError
        return line.rstrip("\n")

    return read


def make_prompt_session(bot, history, *, input=None, output=None):
    """A PromptSession with history, suggestions from history, completion and Ctrl-R search."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory

    from .completion import ChatCompleter

    return PromptSession(
        history=history,
        auto_suggest=AutoSuggestFromHistory(),
        completer=ChatCompleter(list(COMMANDS) + list(ALIASES), [t.id for t in bot.kb.topics]),
        complete_while_typing=False,
        enable_history_search=False,  # Ctrl-R reverse search stays on; Up/Down walk history
        input=input,
        output=output,
    )


def run(bot, *, history_path: Path | None = None, stdin=None, stdout=None, question_log=None) -> int:
    """Start the chat on the terminal, or plainly when stdin is not a terminal."""
    import io

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = _isatty(stdin) and _isatty(stdout)
    if not interactive:
        buffer = getattr(stdin, "buffer", None)
        stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="replace") if buffer is not None else stdin
        session = ChatSession(bot, color=False, width=render.width(), question_log=question_log)
        return repl(session, _plain_reader(stream), lambda s: print(s + "\n", file=stdout, flush=True), banner=False)

    from prompt_toolkit.formatted_text import ANSI

    from .history import open_history
    from .paths import data_dir

    if history_path is None:
        history_path = data_dir() / "history"
    history, note = open_history(history_path if str(history_path) != "off" else None)
    color = render.use_color(stdout)
    session = ChatSession(bot, color=color, width=render.width(), history_note=note, question_log=question_log)
    prompt = make_prompt_session(bot, history)
    return repl(session, lambda: prompt.prompt(ANSI(render.style(session.prompt_text(), "green", color))),
                lambda s: print(s, file=stdout, flush=True))


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
