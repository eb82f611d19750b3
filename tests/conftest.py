"""Shared fixtures. Every test runs with its own cache and data directories and an empty
NLTK_DATA, which proves nothing needs a downloaded NLTK resource."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bwc_bot import Bot

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"
MINI = DATA / "mini"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("BWC_BOT_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("BWC_BOT_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("NLTK_DATA", str(base / "nltk_data"))
    monkeypatch.delenv("BWC_BOT_KNOWLEDGE", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return base


class NetworkAttempt(AssertionError):
    """Raised when code under test tries to reach the network."""


def _refuse(*args, **kwargs):
    raise NetworkAttempt(f"bwc-bot tried to use the network: {args!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every test runs with outgoing connections and name lookups blocked: the bot is offline."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


@pytest.fixture(scope="session")
def mini_dirs() -> tuple[Path, Path]:
    return MINI / "knowledge", MINI / "intents"


@pytest.fixture(scope="session")
def mini_bot(mini_dirs) -> Bot:
    return Bot.from_paths(*mini_dirs, use_cache=False)


@pytest.fixture(scope="session")
def bot() -> Bot:
    """The bundled knowledge base (immutable, shared by the whole session)."""
    return Bot.from_paths(REPO / "knowledge", REPO / "intents", use_cache=False)
