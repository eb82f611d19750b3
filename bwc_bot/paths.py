"""Where the bundled knowledge base and per-user files live."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_dirs() -> tuple[Path, Path]:
    """The knowledge and intents directories shipped with bwc-bot.

    In a built wheel they live inside the package (``bwc_bot/bundled/``); in a source
    checkout or an editable install they are the repository's top-level folders.
    """
    inside = _PACKAGE / "bundled"
    if (inside / "knowledge").is_dir():
        return inside / "knowledge", inside / "intents"
    repo = _PACKAGE.parent
    return repo / "knowledge", repo / "intents"


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var)
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def cache_dir() -> Path:
    """Where the index cache is kept: $BWC_BOT_CACHE_DIR, else $XDG_CACHE_HOME/bwc-bot."""
    override = os.environ.get("BWC_BOT_CACHE_DIR")
    if override:
        return Path(override)
    return _xdg("XDG_CACHE_HOME", ".cache") / "bwc-bot"


def data_dir() -> Path:
    """Where chat history lives: $BWC_BOT_DATA_DIR, else $XDG_DATA_HOME/bwc-bot."""
    override = os.environ.get("BWC_BOT_DATA_DIR")
    if override:
        return Path(override)
    return _xdg("XDG_DATA_HOME", ".local/share") / "bwc-bot"
