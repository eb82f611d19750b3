"""The YAML reader keeps text as written and refuses unsafe or ambiguous input."""

import pytest

from bwc_bot.yamlio import Mapping, Sequence, Text, load_file, parse


@pytest.mark.parametrize(
    "source, key, expected, kind",
    [
        ("a: no", "a", "no", "bool"),
        ("a: on", "a", "on", "bool"),
        ("a: 1.10", "a", "1.10", "float"),
        ("a: 0123", "a", "0123", "int"),
        ("a: 2025-01-10", "a", "2025-01-10", "timestamp"),
        ("a: ~", "a", "~", "null"),
        ("a: 'quoted: yes'", "a", "quoted: yes", "str"),
        ("a: plain text", "a", "plain text", "str"),
    ],
)
def test_scalars_stay_as_written(source, key, expected, kind):
    value, problems = parse(source, "f.yaml")
    assert problems == []
    assert value[key] == expected and isinstance(value[key], Text)
    assert value[key].kind == kind


def test_lines_are_recorded():
    value, _ = parse("version: 1\nitems:\n  - a: x\n    b: y\n", "f.yaml")
    assert isinstance(value, Mapping) and isinstance(value["items"], Sequence)
    item = value["items"][0]
    assert item.line == 3 and item.key_lines == {"a": 3, "b": 4}
    assert item["b"].line == 4


@pytest.mark.parametrize(
    "source, expected",
    [
        ("a: 1\na: 2\n", "f.yaml:2: duplicate key 'a' (first on line 1)"),
        ("a: [1, 2\nb: 3", "f.yaml:2: YAML syntax error"),
        ("a: &x [1]\nb: *x\n", "f.yaml:1: YAML anchors and aliases"),
        ("a: !!python/object/apply:os.system [ls]\n", "f.yaml:1: YAML tag"),
        ("a: !custom x\n", "f.yaml:1: YAML tag '!custom' is not allowed"),
        ("a: b\x00c\n", "f.yaml:1: contains a NUL byte"),
        ("[a, b]: c\n", "f.yaml:1: mapping keys must be plain text"),
    ],
)
def test_problems_name_file_and_line(source, expected):
    _, problems = parse(source, "f.yaml")
    assert any(str(p).startswith(expected) for p in problems), [str(p) for p in problems]


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    value, problems = parse("\n".join(lines), "laughs.yaml")
    assert value is None
    assert "aliases" in str(problems[0])


def test_file_errors(tmp_path):
    assert "no such file" in str(load_file(tmp_path / "missing.yaml")[1][0])
    assert "is a directory" in str(load_file(tmp_path)[1][0])
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (5 * 1024 * 1024))
    assert "limited to" in str(load_file(big)[1][0])
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: ok\nb: \xff\n")
    assert str(load_file(bad)[1][0]).endswith("bad.yaml:2: not valid UTF-8 (byte 0xff); save the file as UTF-8")


def test_bom_is_accepted(tmp_path):
    f = tmp_path / "bom.yaml"
    f.write_bytes("\ufeffa: b\n".encode("utf-8"))
    value, problems = load_file(f)
    assert problems == [] and value == {"a": "b"}


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    from pathlib import Path

    f = tmp_path / "locked.yaml"
    f.write_text("version: 1\n")

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    value, problems = load_file(f)
    assert value is None
    assert str(problems[0]).endswith("locked.yaml: permission denied: cannot read this file")
