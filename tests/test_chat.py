"""The chat: scripted conversations through ChatSession, a real PromptSession on pipe
input with DummyOutput, and the whole program under a pseudo-terminal."""

import os
import sys
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from bwc_bot.chat import COMMANDS, ChatSession, make_prompt_session, repl, run
from bwc_bot.completion import ChatCompleter
from bwc_bot.history import SafeFileHistory, open_history

from .conftest import MINI


def converse(bot, lines, **kw):
    session = ChatSession(bot, width=88, **kw)
    out = [session.handle(line) for line in lines]
    return session, out


def test_question_then_number_then_sources(mini_bot):
    s, out = converse(mini_bot, ["how long should body cam video be kept", "1", "/sources"])
    assert "Keep routine footage" in out[0] and "  1. Who deletes old recordings" in out[0]
    assert out[1].startswith("Most systems delete expired footage")
    assert out[2].startswith("Sources of the last answer:") and "Mini Toolkit" in out[2]


def test_out_of_range_number(mini_bot):
    _, out = converse(mini_bot, ["how long should body cam video be kept", "9"])
    assert out[1].startswith("There is no option 9; pick 1-")


def test_number_without_offers_is_a_question(mini_bot):
    _, out = converse(mini_bot, ["3"])
    assert "don't have guidance" in out[0] or "not confident" in out[0]


def test_follow_up_uses_context_and_says_so(mini_bot):
    # "tag" alone is too weak to answer; joined to the previous question it stays on topic
    _, out = converse(mini_bot, ["when must officers turn on their body cameras", "and how do they tag it?"])
    assert out[1].startswith("(Follow-up to: When must officers turn on their body cameras?)")
    assert "Policies usually require recording" in out[1]


def test_follow_up_that_stands_alone_needs_no_context(mini_bot):
    _, out = converse(mini_bot, ["when must officers turn on their body cameras", "and when can they stop?"])
    assert out[1].startswith("Stopping early")


def test_follow_up_does_not_stick_to_old_topic(mini_bot):
    _, out = converse(mini_bot, ["how long should body cam video be kept", "what about training for officers?"])
    assert "Officers learn the policy" in out[1]


def test_tell_me_more_and_why(mini_bot):
    s, out = converse(mini_bot, ["how long should body cam video be kept", "tell me more", "why?"])
    assert "Most systems delete expired footage" in out[1]
    assert out[2].startswith("That answer rests on these sources:")


def test_new_forgets_context(mini_bot):
    s, out = converse(mini_bot, ["how long should body cam video be kept", "/new", "tell me more"])
    assert s.context_entry is None or "Keep routine" not in out[2]
    assert out[1].startswith("Starting over")


def test_commands(mini_bot, tmp_path):
    s, out = converse(
        mini_bot,
        ["/help", "/topics", "/topic retention", "2", "/related", "/why", "/topic nosuch", "/topic", "/nosuch", "/tpoics", "/sources"],
    )
    for command in COMMANDS:
        assert command in out[0]
    assert "retention" in out[1] and "activation" in out[1]
    assert out[2].splitlines()[1] == "  1. How long should body-worn camera footage be kept?"
    assert out[3].startswith("Most systems delete expired footage")
    assert out[4].startswith("Related questions (type a number):")
    assert "picked this answer" in out[5]
    assert out[6].startswith("No topic called 'nosuch'")
    assert out[7].startswith("Usage: /topic NAME")
    assert out[8] == "Unknown command /nosuch. Did you mean /sources? Type /help for the list."
    assert "Did you mean /topics?" in out[9]


def test_why_explains_terms_phrasing_and_runner_up(mini_bot):
    _, out = converse(mini_bot, ["how long should bodycam video be kept", "/why"])
    why = out[1]
    assert why.startswith("Question read as: long, bwc, footag, retain")
    assert "Best entry: retention-period [retention]" in why
    assert "matched phrasing:" in why and "matched terms (weight):" in why
    assert "Runner-up:" in why and "margin" in why
    assert "Decision: answered with retention-period" in why
    assert "Scope checks: passed" in why  # the mini knowledge base sets no anchor terms
    assert "Likeliest topic (topic model): retention" in why


@pytest.mark.parametrize(
    "question, scope_line",
    [
        ("how long should HR keep personnel files", "max_out_of_scope_probability 0.6"),
        ("how long should HR keep personnel files", "below min_domain_score"),
        ("how long should footage be kept", "Scope checks: passed (domain score"),
        ("how long should bodycam footage be kept", "Scope checks: skipped, the question names the body camera"),
    ],
)
def test_why_explains_the_scope_checks(bot, question, scope_line):
    from bwc_bot.chat import explain

    assert scope_line in explain(bot, question, bot.ask(question))


def test_export_markdown_atomic_and_no_clobber(mini_bot, tmp_path):
    target = tmp_path / "notes.md"
    s, out = converse(mini_bot, ["hi", "how long should body cam video be kept", f"/export {target}"])
    assert out[2] == f"Saved 2 exchanges to {target}."
    text = target.read_text()
    assert text.startswith("# bwc-bot conversation")
    assert "## how long should body cam video be kept" in text
    assert "1. Mini Toolkit. Test Publisher, 2020. Retention. <https://example.org/toolkit>" in text
    again = s.handle(f"/export {target}")
    assert "already exists; nothing written" in again and target.read_text() == text
    assert "Saved" in s.handle(f"/export {target} --force")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]  # no temp files left
    assert "Could not write" in s.handle(f"/export {tmp_path}/missing/dir/x.md")


def test_quit_and_empty_lines(mini_bot):
    s, out = converse(mini_bot, ["", "   ", "/quit"])
    assert out == ["", "", ""] and s.done


def test_repl_survives_an_exception_in_a_turn(mini_bot):
    s = ChatSession(mini_bot)
    lines = iter(["boom", "hi"])
    written = []
    original = s.handle

    def flaky(line):
        if line == "boom":
            raise RuntimeError("kaput")
        return original(line)

    s.handle = flaky

    def read():
        try:
            return next(lines)
        except StopIteration:
            raise EOFError
    repl(s, read, written.append, banner=False)
    assert written[0] == "Error: could not handle that line (RuntimeError: kaput); the session continues."
    assert written[1].startswith("Hello!")


def test_ctrl_c_drops_the_line_and_ctrl_d_exits(mini_bot):
    events = iter([KeyboardInterrupt, "hi", EOFError])
    written = []

    def read():
        e = next(events)
        if isinstance(e, type) and issubclass(e, BaseException):
            raise e
        return e

    code = repl(ChatSession(mini_bot), read, written.append, banner=True)
    assert code == 0
    assert written[0].startswith("bwc-bot: cited guidance") and written[-1] == "Goodbye."
    assert any(w.startswith("Hello!") for w in written)


def test_prompt_session_with_pipe_input(mini_bot, tmp_path):
    """A real PromptSession on pipe input: multi-turn, a numbered choice, every command, errors."""
    history = SafeFileHistory(tmp_path / "history")
    export = tmp_path / "chat.md"
    lines = [
        "when must officers turn on their body cameras",
        "and how do they tag it?",  # follow-up that needs the previous answer
        "1",  # numbered choice
        "/help", "/topics", "/topic activation", "2", "/sources", "/related", "/why",
        f"/export {export}", "/nosuch", "/topic nosuch", "/new", "/quit",
    ]
    with create_pipe_input() as inp:
        inp.send_text("".join(line + "\n" for line in lines))
        prompt = make_prompt_session(mini_bot, history, input=inp, output=DummyOutput())
        session = ChatSession(mini_bot)
        written = []
        repl(session, lambda: prompt.prompt("bwc> "), written.append, banner=False)
    assert session.done
    text = "\n".join(written)
    assert written[0].startswith("Policies usually require recording")
    assert written[1].startswith("(Follow-up to: When must officers turn on their body cameras?)")
    assert "Stopping early is usually allowed" in written[2]
    assert "/export" in written[3] and "retention" in written[4]
    assert written[5].startswith("Activation: When to record.")
    assert written[6].startswith("Stopping early")
    assert written[7].startswith("Sources of the last answer:")
    assert written[8].startswith("Related questions (type a number):")
    assert "picked this answer" in written[9]
    assert written[10] == f"Saved 4 exchanges to {export}."  # questions and picks; commands are not exchanges
    assert "Unknown command /nosuch." in text and "No topic called 'nosuch'" in text
    assert written[-1].startswith("Starting over")
    assert export.read_text().startswith("# bwc-bot conversation")
    stored = list(SafeFileHistory(tmp_path / "history").load_history_strings())
    assert stored[0] == "/quit" and lines[0] in stored


def test_completion():
    from prompt_toolkit.document import Document

    c = ChatCompleter(list(COMMANDS), ["retention", "privacy"])
    assert [x.text for x in c.get_completions(Document("/to"), None)] == ["/topic", "/topics"]
    assert [x.text for x in c.get_completions(Document("/topic re"), None)] == ["retention"]
    assert [x.text for x in c.get_completions(Document("/only retention pr"), None)] == ["privacy"]
    assert list(c.get_completions(Document("how"), None)) == []


def test_history_survives_a_partial_write(tmp_path):
    path = tmp_path / "history"
    h = SafeFileHistory(path)
    h.store_string("first question")
    h.store_string("second\nwith newline")
    with open(path, "ab") as f:
        f.write(b'"half-writ')  # a kill in the middle of a write
    loaded = list(SafeFileHistory(path).load_history_strings())
    assert loaded == ["second\nwith newline", "first question"]
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_unwritable_history_falls_back_with_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    history, note = open_history(blocker / "history")
    assert note.startswith(f"Note: cannot write history to {blocker / 'history'}")
    assert "\n" not in note
    history.append_string("still works in memory")


def test_plain_mode_when_stdin_is_not_a_terminal(mini_bot):
    import io

    out = io.StringIO()
    code = run(mini_bot, stdin=io.StringIO("hi\nhow long should body cam video be kept\n/quit\nignored\n"), stdout=out)
    text = out.getvalue()
    assert code == 0
    assert text.startswith("Hello!") and "Keep routine footage" in text and "ignored" not in text
    assert "\x1b" not in text


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_chat_under_a_pseudo_terminal(tmp_path):
    import pty
    import select
    import subprocess
    import time

    env = dict(os.environ, TERM="xterm", NO_COLOR="1", BWC_BOT_DATA_DIR=str(tmp_path / "data"))
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bwc_bot", "chat", "--knowledge", str(MINI / "knowledge")],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
    )
    os.close(slave)
    buf = b""

    def read_until(marker: bytes, timeout: float = 30.0) -> bytes:
        nonlocal buf
        end = time.time() + timeout
        while marker not in buf and time.time() < end:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    buf += os.read(master, 4096)
                except OSError:
                    break
        return buf

    deadline = time.time() + 60
    try:
        assert b"bwc-bot: cited guidance" in read_until(b"bwc>")
        os.write(master, b"how long should body cam video be kept\r")
        assert b"Keep routine footage" in read_until(b"Keep routine footage")
        start = len(buf)
        while buf.count(b"bwc>", start) == 0 and read_until(b"\x00", timeout=0.2) is not None:
            if time.time() > deadline:
                break
        os.write(master, b"\x04")  # Ctrl-D on the empty prompt
        assert b"Goodbye." in read_until(b"Goodbye.")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    history = Path(tmp_path / "data" / "history").read_text()
    assert "how long should body cam video be kept" in history


@pytest.mark.parametrize("env, tty, expected", [
    ({}, True, True),
    ({}, False, False),
    ({"NO_COLOR": "1"}, True, False),
    ({"TERM": "dumb"}, True, False),
    ({"FORCE_COLOR": "1"}, False, True),
])
def test_colour_follows_no_color_and_the_terminal(monkeypatch, env, tty, expected):
    from bwc_bot.render import use_color

    for key in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    class Stream:
        def isatty(self):
            return tty

    assert use_color(Stream()) is expected


def test_coloured_answers_still_carry_no_foreign_escapes(mini_bot):
    from bwc_bot.render import to_text

    shown = to_text(mini_bot.ask("how long should body cam video be \x1b]0;x\x07 kept"), color=True)
    assert "\x1b[1mSources\x1b[0m" in shown and "\x1b]" not in shown and "\x07" not in shown


def test_only_limits_answers_to_topics_until_cleared(mini_bot):
    question = "How long should body cam video be kept?"
    s, out = converse(mini_bot, ["/only training", question, "/only retentoin"])
    assert out[0] == "Answers now come only from: training. Type /only alone to search every topic."
    assert "within the topics chosen (Training)" in out[1]
    assert out[2].startswith("No topic called 'retentoin'; nothing changed. Did you mean retention?")
    assert s.only == ("training",)  # an unknown name changes nothing
    assert s.prompt_text() == "bwc [training]> "
    assert s.handle("/only") == "Answers come from every topic again." and s.only == ()
    assert s.prompt_text() == "bwc> "
    assert "Keep routine footage" in s.handle(question)
