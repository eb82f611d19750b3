"""The index cache is used when valid and rebuilt when it cannot be trusted."""

import json
import os
import shutil

import pytest

from bwc_bot import Bot
from bwc_bot import cache as cache_mod
from bwc_bot.paths import cache_dir

from .conftest import MINI


@pytest.fixture
def kb_copy(tmp_path):
    shutil.copytree(MINI, tmp_path / "kb")
    return tmp_path / "kb" / "knowledge", tmp_path / "kb" / "intents"


def _cache_files():
    d = cache_dir()
    return sorted(d.glob("index-*.json")) if d.exists() else []


def test_cache_is_written_and_reused(kb_copy, monkeypatch, caplog):
    caplog.set_level("INFO", logger="bwc_bot")
    first = Bot.from_paths(*kb_copy)
    assert [r.message for r in caplog.records] == ["Indexing the knowledge base (a few seconds)..."]
    caplog.clear()
    files = _cache_files()
    assert len(files) == 1
    calls = []
    monkeypatch.setattr("bwc_bot.bot.load_knowledge_base", lambda *a: calls.append(a))
    second = Bot.from_paths(*kb_copy)
    assert calls == []  # loaded from the cache, not from YAML
    assert not caplog.records  # nothing to announce
    q = "How long should body cam video be kept?"
    assert second.ask(q) == first.ask(q)
    assert second.version == first.version
    assert second.kb == first.kb  # every field survives the JSON round trip
    assert second.index == first.index
    assert second.kb.topic_examples and second.index.topic_regression.terms


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b.replace(b'"retention-period"', b'"retention-periox"'),  # corrupt payload
        lambda b: b"not json at all",
        lambda b: json.dumps({"format": "something-else"}).encode() + b"\n{}",  # foreign
        lambda b: b"",
    ],
    ids=["truncated", "corrupt", "garbage", "foreign", "empty"],
)
def test_untrustworthy_cache_is_rebuilt(kb_copy, damage):
    Bot.from_paths(*kb_copy)
    (path,) = _cache_files()
    path.write_bytes(damage(path.read_bytes()))
    bot = Bot.from_paths(*kb_copy)
    assert bot.ask("How long should body cam video be kept?").entry_id == "retention-period"
    assert cache_mod.load(path, bot.version, (str(kb_copy[0].resolve()), str(kb_copy[1].resolve()))) is not None


def test_stale_cache_is_not_used_after_an_edit(kb_copy):
    kdir, idir = kb_copy
    before = Bot.from_paths(kdir, idir)
    f = kdir / "entries.yaml"
    f.write_text(f.read_text().replace("Keep routine footage", "Hold routine footage"))
    after = Bot.from_paths(kdir, idir)
    assert after.version != before.version
    assert after.ask("How long should body cam video be kept?").text.startswith("Hold routine footage")


def test_unwritable_cache_directory_is_harmless(kb_copy, monkeypatch, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a directory should be")
    monkeypatch.setenv("BWC_BOT_CACHE_DIR", str(blocker / "cache"))
    bot = Bot.from_paths(*kb_copy)
    assert bot.ask("hi").intent == "greeting"


def test_no_temporary_files_left_behind(kb_copy):
    Bot.from_paths(*kb_copy)
    leftovers = [p for p in cache_dir().iterdir() if p.name.startswith(".index-") or p.suffix == ".tmp"]
    assert leftovers == []


def test_concurrent_builders_do_not_corrupt(kb_copy):
    import subprocess
    import sys

    code = (
        "import sys; from bwc_bot import Bot; "
        "b = Bot.from_paths(sys.argv[1], sys.argv[2]); "
        "print(b.ask('How long should body cam video be kept?').entry_id)"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(kb_copy[0]), str(kb_copy[1])], stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        for _ in range(4)
    ]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert outs == ["retention-period"] * 4
    (path,) = _cache_files()
    bot = Bot.from_paths(*kb_copy)
    assert cache_mod.load(path, bot.version, (str(kb_copy[0].resolve()), str(kb_copy[1].resolve()))) is not None
