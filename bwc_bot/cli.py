"""The ``bwc-bot`` command: a thin layer over the library.

Each command builds a library object, makes one call, renders the result, and turns
``BotError`` into a one-line ``Error: ...`` (exit 1). Usage mistakes exit 2.
Heavy modules are imported inside commands so ``bwc-bot ask`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import BotError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _knowledge_options(f):
    f = click.option(
        "--intents",
        "intents_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Intents directory (default: the bundled one, or INTENTS next to --knowledge).",
    )(f)
    f = click.option(
        "--knowledge",
        "knowledge_dir",
        type=click.Path(path_type=Path),
        default=None,
        envvar="BWC_BOT_KNOWLEDGE",
        help="Knowledge directory to answer from (default: the bundled knowledge base). Env: BWC_BOT_KNOWLEDGE.",
    )(f)
    return f


def _make_bot(knowledge_dir: Path | None, intents_dir: Path | None):
    from .bot import Bot

    try:
        if knowledge_dir is None and intents_dir is None:
            return Bot()
        from .paths import bundled_dirs

        default_k, default_i = bundled_dirs()
        if knowledge_dir is not None and intents_dir is None:
            sibling = knowledge_dir.parent / "intents"
            intents_dir = sibling if sibling.is_dir() else default_i
        return Bot.from_paths(knowledge_dir or default_k, intents_dir or default_i)
    except BotError as exc:
        raise click.ClickException(str(exc)) from None


@click.group(invoke_without_command=True, context_settings=CONTEXT)
@click.version_option(package_name="bwc-bot", prog_name="bwc-bot")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Offline, cited answers about body-worn camera (BWC) programs.

    With no command, starts the chat.

    \b
    Examples:
      bwc-bot ask "how long should footage be kept?"
      bwc-bot chat
      bwc-bot validate knowledge/
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(chat)


@cli.command(context_settings=CONTEXT)
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (one object per line with '-').")
@_knowledge_options
def ask(question: tuple[str, ...], as_json: bool, knowledge_dir: Path | None, intents_dir: Path | None) -> None:
    """Answer QUESTION and print it with numbered citations.

    Use '-' as the question to read one question per line from standard input;
    with --json that writes JSON Lines, one answer per input line, in order.

    \b
    Examples:
      bwc-bot ask can officers watch video before writing a report
      bwc-bot ask --json "retention period for non-evidentiary footage"
      printf 'what is a BWC?\\nhello\\n' | bwc-bot ask --json -
    """
    from . import render

    bot = _make_bot(knowledge_dir, intents_dir)
    if question == ("-",):
        _ask_stream(bot, as_json)
        return
    answer = bot.ask(" ".join(question))
    click.echo(render.to_json(answer) if as_json else render.to_text(answer, color=_color()))


def _ask_stream(bot, as_json: bool) -> None:
    from . import render

    first = True
    for line in _stdin_lines():
        line = line.rstrip("\n").rstrip("\r")
        answer = bot.ask(line)
        if as_json:
            click.echo(render.to_json(answer))
        else:
            if not first:
                click.echo("")
            click.echo(render.to_text(answer, color=_color()))
        first = False


def _stdin_lines():
    """Lines of standard input; undecodable bytes become U+FFFD instead of an error."""
    import io

    buffer = getattr(sys.stdin, "buffer", None)
    stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="replace") if buffer is not None else sys.stdin
    yield from stream


def _color() -> bool:
    from .render import use_color

    return use_color(sys.stdout)


@cli.command(context_settings=CONTEXT)
@_knowledge_options
@click.option("--history", "history_path", type=click.Path(path_type=Path), default=None,
              help="History file (default: $XDG_DATA_HOME/bwc-bot/history).")
@click.option("--no-history", is_flag=True, help="Keep this session's input history in memory only.")
def chat(knowledge_dir: Path | None, intents_dir: Path | None, history_path: Path | None, no_history: bool) -> None:
    """Chat in the terminal (reads plain lines when stdin is not a terminal).

    Your questions are kept, like shell history, in a private file in your data
    directory so Up/Down and Ctrl-R can find them; --no-history turns that off.

    \b
    Commands inside the chat: /help /topics /topic NAME /sources /why /related
    /export PATH /new /quit (Ctrl-D also quits).
    """
    from .chat import run

    bot = _make_bot(knowledge_dir, intents_dir)
    sys.exit(run(bot, history_path=Path("off") if no_history else history_path))


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (editorial rules) as failures too.")
def validate(paths: tuple[Path, ...], strict: bool) -> None:
    """Check knowledge and intent files; list every problem as path:line: message.

    PATHS are files or directories (default: the bundled knowledge and intents).
    Exits 1 when there are errors (or warnings, with --strict).

    \b
    Examples:
      bwc-bot validate
      bwc-bot validate knowledge/retention.yaml
      bwc-bot validate --strict my-knowledge/ my-intents/
    """
    from .paths import bundled_dirs
    from .validate import validate_paths

    targets = list(paths) or list(bundled_dirs())
    problems = validate_paths(targets, require_complete=not paths)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    for p in problems:
        click.echo(str(p))
    failed = bool(errors) or (strict and bool(warnings))
    summary = f"{len(errors)} error{'s' if len(errors) != 1 else ''}, {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    if failed:
        click.echo(f"validate: {summary}", err=True)
        sys.exit(1)
    click.echo(f"OK: {summary}" if problems else "OK: no problems found")


@cli.command(context_settings=CONTEXT)
@_knowledge_options
def topics(knowledge_dir: Path | None, intents_dir: Path | None) -> None:
    """List the topics with how many entries each has."""
    bot = _make_bot(knowledge_dir, intents_dir)
    rows = bot.topics()
    width = max((len(t.id) for t, _ in rows), default=10)
    for topic, count in rows:
        click.echo(f"{topic.id:<{width}}  {count:>3}  {topic.description}")
    click.echo(f"{sum(c for _, c in rows)} entries in {len(rows)} topics")


def main() -> None:
    """Console-script entry point: never shows a traceback for expected failures."""
    try:
        cli.main(prog_name="bwc-bot", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("", err=True)
        sys.exit(130)
