"""The bundled knowledge base ships inside the wheel: build it, install it into a fresh
virtual environment, and ask a question from a directory outside the repository."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    import shutil

    # Build from a clean copy: a stale build/ directory in the checkout must not leak in.
    src = tmp_path_factory.mktemp("src") / "bwc-bot"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "-w", str(out), str(src)],
        check=True, capture_output=True, text=True, timeout=600,
    )
    (built,) = out.glob("bwc_bot-*.whl")
    return built


def test_wheel_contains_the_knowledge_base(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    knowledge = {n.rsplit("/", 1)[-1] for n in names if n.startswith("bwc_bot/bundled/knowledge/")}
    expected = {p.name for p in (REPO / "knowledge").glob("*.yaml")}
    assert expected and expected <= knowledge
    assert any(n.startswith("bwc_bot/bundled/intents/") and n.endswith(".yaml") for n in names)
    assert "bwc_bot/py.typed" in names


def test_installed_wheel_answers_outside_the_repo(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", "--disable-pip-version-check", str(wheel)], check=True, timeout=900,
                   capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["BWC_BOT_CACHE_DIR"] = str(tmp_path / "cache")
    result = subprocess.run(
        [str(venv / "bin" / "bwc-bot"), "ask", "--json", "How long should body-worn camera footage be kept?"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answered"] and answer["topic"] == "retention" and answer["citations"]
    code = "import bwc_bot, pathlib; print(pathlib.Path(bwc_bot.__file__).parent)"
    where = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert str(REPO) not in where.stdout  # the installed copy, not the checkout
