"""bwc-bot never touches the network (conftest blocks sockets for every test; this file
proves the block works and exercises each way of using the bot under it)."""

import socket

import pytest
from click.testing import CliRunner

from bwc_bot.chat import ChatSession
from bwc_bot.cli import cli

from .conftest import MINI, NetworkAttempt


def test_the_block_is_in_force():
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkAttempt):
        socket.getaddrinfo("example.org", 443)


def test_library_cli_and_chat_work_offline(tmp_path):
    from bwc_bot import Bot

    bot = Bot.from_paths(MINI / "knowledge", MINI / "intents")
    assert bot.ask("How long should body cam video be kept?").answered
    runner = CliRunner()
    for args in (["ask", "--knowledge", str(MINI / "knowledge"), "hi"],
                 ["validate", str(MINI / "knowledge"), str(MINI / "intents")],
                 ["topics", "--knowledge", str(MINI / "knowledge")],
                 ["test", "--knowledge", str(MINI / "knowledge"), str(MINI.parent / "evals" / "mini.csv")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    session = ChatSession(bot)
    for line in ["hi", "how long should body cam video be kept", "1", "/why", f"/export {tmp_path / 'x.md'}"]:
        session.handle(line)
    assert (tmp_path / "x.md").exists()


def test_nltk_needs_no_downloaded_data(tmp_path, monkeypatch):
    # NLTK_DATA points at an empty directory (conftest); building an index still works.
    import os

    from bwc_bot import Bot

    assert not os.listdir(os.environ["NLTK_DATA"]) if os.path.exists(os.environ["NLTK_DATA"]) else True
    Bot.from_paths(MINI / "knowledge", MINI / "intents", use_cache=False)
