"""The ``bwc-bot`` command: a thin layer over the library.

Each command builds a library object, makes one call, renders the result, and turns
``BotError`` into a one-line ``Error: ...`` (exit 1). Usage mistakes exit 2.
Heavy modules are imported inside commands so ``bwc-bot ask`` starts fast.
"""

from __future__ import annotations

import functools
import logging
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

    _announce_indexing()

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
@click.option("--topic", "topics", multiple=True, metavar="TOPIC",
              help="Answer only from entries of TOPIC (a topic id; repeatable). `bwc-bot topics` lists them.")
@_knowledge_options
def ask(question: tuple[str, ...], as_json: bool, topics: tuple[str, ...], knowledge_dir: Path | None,
        intents_dir: Path | None) -> None:
    """Answer QUESTION and print it with numbered citations.

    Use '-' as the question to read one question per line from standard input;
    with --json that writes JSON Lines, one answer per input line, in order.

    \b
    Examples:
      bwc-bot ask can officers watch video before writing a report
      bwc-bot ask --json "retention period for non-evidentiary footage"
      bwc-bot ask --topic retention --topic public_release "how long do we keep it"
      printf 'what is a BWC?\\nhello\\n' | bwc-bot ask --json -
    """
    from . import render
    from .errors import UnknownTopicError

    bot = _make_bot(knowledge_dir, intents_dir)
    try:
        if topics:
            bot.check_topics(topics)
    except UnknownTopicError as exc:
        raise click.BadParameter(str(exc), param_hint="'--topic'") from None
    ask_one = functools.partial(bot.ask, topics=topics or None)
    log = _question_log()
    if question == ("-",):
        _ask_stream(ask_one, as_json, log)
        return
    answer = ask_one(" ".join(question))
    _record(log, answer)
    click.echo(render.to_json(answer) if as_json else render.to_text(answer, color=_color()))


def _question_log():
    """The opt-in question log ($BWC_BOT_QUESTION_LOG), announced on stderr; None by default."""
    from .questionlog import ENV_VAR, from_environment

    log = from_environment()
    if log is not None:
        click.echo(f"Note: logging questions to {log.path} ({ENV_VAR} is set).", err=True)
    return log


def _record(log, answer) -> None:
    if log is None:
        return
    try:
        log.record(answer)
    except OSError as exc:
        click.echo(f"Note: cannot write the question log {log.path}: {exc.strerror or exc}", err=True)


def _ask_stream(ask_one, as_json: bool, log=None) -> None:
    from . import render

    first = True
    for line in _stdin_lines():
        line = line.rstrip("\n").rstrip("\r")
        answer = ask_one(line)
        _record(log, answer)
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
    log = _question_log()
    sys.exit(run(bot, history_path=Path("off") if no_history else history_path, question_log=log))


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


@cli.command(context_settings=CONTEXT)
@click.option("--questions", "question_files", multiple=True, type=click.Path(path_type=Path),
              help="Question lists to measure coverage with (entries no question reaches, thin topics). Repeatable.")
@click.option("--stale-days", type=click.IntRange(min=0), default=None,
              help="Flag entries reviewed longer ago than this (default: stale_after_days in settings).")
@click.option("--strict", is_flag=True, help="Exit 1 when anything is found.")
@_knowledge_options
def lint(question_files, stale_days, strict, knowledge_dir, intents_dir):
    """Check the knowledge itself: self-retrieval, confusable pairs, topic drift, coverage, stale entries, sources.

    \b
    Examples:
      bwc-bot lint
      bwc-bot lint --questions tests/questions/dev.yaml --stale-days 365
    """
    from . import evals
    from . import lint as lint_mod
    from .errors import DataError

    bot = _make_bot(knowledge_dir, intents_dir)
    results = None
    if question_files:
        try:
            cases = evals.load_cases(question_files)
        except DataError as exc:
            raise InputError(str(exc)) from None
        results = evals.run(bot, cases).results
    report = lint_mod.lint(bot, stale_days=stale_days, results=results)
    click.echo(lint_mod.to_text(report))
    sys.exit(1 if strict and report.problems else 0)


class InputError(click.ClickException):
    """Unusable input files (exit code 2), printed as path:line: message lines."""

    exit_code = 2


@cli.command("test", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit", "tsv"]), default="text", show_default=True,
              help="Report format.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="Write the report to this file (atomically) and print a summary line.")
@click.option("--compare", "previous", type=click.Path(path_type=Path), default=None,
              help="A JSON report from an earlier run: show what changed, improved or regressed.")
@click.option("--fail-under", "under", multiple=True, metavar="METRIC=VALUE",
              help="Fail when a metric is below VALUE (e.g. accuracy=0.9). Repeatable.")
@click.option("--fail-over", "over", multiple=True, metavar="METRIC=VALUE",
              help="Fail when a metric is above VALUE (e.g. false_abstention_rate=0.03). Repeatable.")
@click.option("--only-thresholds", is_flag=True,
              help="Exit status depends on the thresholds only, not on each question's expectations.")
@click.option("--sweep", is_flag=True, help="Also show coverage and precision for a range of min_confidence values.")
@click.option("--failures-only", is_flag=True, help="List only failing questions in the text report.")
@_knowledge_options
def test_command(files, fmt, output, previous, under, over, only_thresholds, sweep, failures_only, knowledge_dir, intents_dir):
    """Ask every question in FILES and check the answers against their expectations.

    FILES are YAML (native), CSV/TSV with a header row, or plain text (one question
    per line, answers just recorded). Exit 0 when every expectation and threshold
    holds, 1 when any fails, 2 when an input file is unusable.

    \b
    YAML format:
      version: 1
      defaults:              # optional, applied to every question
        rank: 1
      questions:
        - question: How long should body-worn camera footage be kept?
          expect_topic: retention
        - question: can officers watch video before writing a report
          expect_entry: [review-before-reports]
          rank: 3                       # accept it anywhere in the top 3
        - question: what's the weather tomorrow
          expect_abstain: true
        - question: hello
          expect_intent: greeting
          expect_text: [body-worn camera]
          min_confidence: 0.5

    \b
    Metrics for --fail-under (higher is better): pass_rate accuracy hit_at_3 mrr
    topic_accuracy intent_accuracy abstain_precision abstain_recall.
    For --fail-over (lower is better): false_abstention_rate.

    \b
    Examples:
      bwc-bot test tests/questions/dev.yaml
      bwc-bot test questions.csv --format junit -o report.xml
      bwc-bot test q.yaml --format json -o now.json --compare before.json
      bwc-bot test q.yaml --only-thresholds --fail-under topic_accuracy=0.92 --sweep
    """
    import json as _json

    from . import evals, evals_output
    from .atomic import atomic_write_text
    from .errors import DataError

    try:
        thresholds_under = [evals.parse_threshold(x) for x in under]
        thresholds_over = [evals.parse_threshold(x) for x in over]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--fail-under/--fail-over") from None
    for name, _ in thresholds_under:
        if not evals.METRICS[name][1]:
            raise click.BadParameter(f"{name} is better when lower; use --fail-over {name}=VALUE", param_hint="--fail-under")
    for name, _ in thresholds_over:
        if evals.METRICS[name][1]:
            raise click.BadParameter(f"{name} is better when higher; use --fail-under {name}=VALUE", param_hint="--fail-over")
    try:
        cases = evals.load_cases(files)
    except DataError as exc:
        raise InputError(str(exc)) from None
    previous_data = None
    if previous is not None:
        try:
            previous_data = _json.loads(previous.read_text(encoding="utf-8"))
            if not isinstance(previous_data, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as exc:
            raise InputError(f"{previous}: cannot read the previous report ({exc}); pass a file written by --format json") from None
    bot = _make_bot(knowledge_dir, intents_dir)
    problems = evals.check_references(cases, bot)
    if problems:
        raise InputError("\n".join(["question files refer to things the knowledge base does not have:"] + [str(p) for p in problems]))
    progress = _progress_bar() if sys.stderr.isatty() and len(cases) > 20 else None
    report = evals.run(bot, cases, progress=progress)
    if progress:
        click.echo("", err=True)
    failures = evals.check_thresholds(report, thresholds_under, thresholds_over)
    comparison = evals.compare(report, previous_data) if previous_data is not None else None
    sweep_rows = evals.sweep(bot, cases, [round(0.05 * i, 2) for i in range(0, 19)]) if sweep else None
    has_thresholds = bool(thresholds_under or thresholds_over)
    if fmt == "json":
        text = evals_output.to_json(report, kb_version=bot.version, sweep_rows=sweep_rows, comparison=comparison,
                                    thresholds=failures if has_thresholds else None)
    elif fmt == "junit":
        text = evals_output.to_junit(report, threshold_failures=failures if has_thresholds else None)
    elif fmt == "tsv":
        text = evals_output.to_tsv(report)
    else:
        color = _color() and output is None
        text = evals_output.to_text(report, color=color, show_passed=not failures_only, sweep_rows=sweep_rows, comparison=comparison)
        if has_thresholds:
            text += "\n\n" + ("Thresholds: all met" if not failures else "Thresholds not met:\n" + "\n".join(f"  {f}" for f in failures))
    summary = f"{report.counts['passed']}/{report.counts['questions']} passed"
    if output is not None:
        try:
            atomic_write_text(output, text if text.endswith("\n") else text + "\n")
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
        click.echo(f"{summary}; report written to {output}" + (f"; thresholds not met: {'; '.join(failures)}" if failures else ""))
    else:
        click.echo(text)
    failed = bool(failures) or (not only_thresholds and report.counts["failed"] > 0)
    sys.exit(1 if failed else 0)


def _progress_bar():
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    return show


def _announce_indexing() -> None:
    """On a terminal, say so while the index is being built (the library logs it at INFO)."""
    logger = logging.getLogger("bwc_bot")
    if not sys.stderr.isatty() or logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def main() -> None:
    """Console-script entry point: never shows a traceback for expected failures."""
    try:
        cli.main(prog_name="bwc-bot", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("", err=True)
        sys.exit(130)
