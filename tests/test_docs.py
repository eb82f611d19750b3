"""The docs match the code: README commands, CLI help, schema fields, JSON keys."""

import re

import click
import pytest

from bwc_bot import ANSWER_KEYS
from bwc_bot.cli import cli
from bwc_bot.evals import EXPECTATIONS, METRICS
from bwc_bot.schema import ALL_FIELD_TABLES, FILE_KINDS

from .conftest import REPO

README = (REPO / "README.md").read_text()
SCHEMA_DOC = (REPO / "knowledge" / "README.md").read_text()


def test_readme_opens_with_the_two_setup_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make chat", "make test"]
    assert README.index("make chat") < README.index("## ")


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^chat: \$\(STAMP\)", makefile, re.M) and re.search(r"^test: \$\(STAMP\)", makefile, re.M)
    assert "-m venv" in makefile and "pyproject.toml" in makefile


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented_and_has_help(name):
    command = cli.commands[name]
    assert command.help and command.help.strip()
    assert f"bwc-bot {name}" in README


def test_every_option_has_help():
    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts}"


@pytest.mark.parametrize("kind", sorted(ALL_FIELD_TABLES))
def test_every_schema_field_is_documented(kind):
    for field in ALL_FIELD_TABLES[kind]:
        assert re.search(rf"\| `{field.name}` \|", SCHEMA_DOC), f"{kind} field {field.name} missing from knowledge/README.md"


def test_every_file_kind_is_documented():
    for key in FILE_KINDS:
        assert f"`{key}`" in SCHEMA_DOC


def test_json_keys_and_expectations_and_metrics_are_documented():
    for key in ANSWER_KEYS:
        assert f"`{key}`" in README
    for key in EXPECTATIONS:
        assert f"`{key}`" in README
    help_text = cli.commands["test"].help
    for name in METRICS:
        assert name in help_text


def test_security_doc_names_real_tests():
    text = (REPO / "SECURITY.md").read_text()
    for name in re.findall(r"`(test_[a-z_]+)`", text):
        assert any(name in p.read_text() for p in (REPO / "tests").glob("test_*.py")), name


def test_readme_chat_transcript_matches_the_bot(bot):
    """The README's recorded chat: the first answer and the /why explanation are what the
    bot says today (re-record with scripts/record_transcript.py when they change)."""
    from bwc_bot.chat import ChatSession

    session = ChatSession(bot, width=88)
    lines = re.findall(r"^bwc> (.+)$", README, re.M)
    assert lines[:3] == ["can officers watch the video before they write their report?", "what about after a shooting?", "/why"]
    out = [session.handle(line) for line in lines[:3]]
    first = README.split("bwc> " + lines[0] + "\n", 1)[1].split("\n\nSources", 1)[0]
    assert out[0].startswith(first)
    why = README.split("bwc> /why\n", 1)[1].split("\n\n", 1)[0]
    assert out[2] == why
