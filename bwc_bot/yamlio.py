"""Read YAML data files safely, keeping line numbers and the text the author wrote.

PyYAML's ``safe_load`` turns ``no`` into ``False``, ``1.10`` into ``1.1``, ``0123``
into ``83`` and a bare date into a ``datetime.date``, and silently keeps the last of
two duplicate keys. This reader composes the node tree instead and returns:

* ``Text`` (a ``str``) for every scalar, holding exactly what was written, with the
  YAML 1.1 type PyYAML would have guessed in ``.kind`` (``str``, ``bool``, ``int``,
  ``float``, ``null``, ``timestamp``) so a schema can decide what it accepts;
* ``Mapping`` (a ``dict``) and ``Sequence`` (a ``list``) carrying ``.line``;
  ``Mapping.key_lines`` gives the line of every key.

Duplicate keys, aliases (``*name``, the "billion laughs" vector), explicit tags such
as ``!!python/object``, files over ``MAX_BYTES`` and non-UTF-8 bytes are reported as
``Problem`` values with ``path:line``. Nothing is ever executed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .models import Problem

MAX_BYTES = 4 * 1024 * 1024
MAX_NODES = 500_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:merge": "str",
    "tag:yaml.org,2002:value": "str",
}


class Text(str):
    """A scalar exactly as written, with its source line and YAML 1.1 guess."""

    line: int
    kind: str

    def __new__(cls, value: str, line: int = 0, kind: str = "str") -> "Text":
        obj = super().__new__(cls, value)
        obj.line = line
        obj.kind = kind
        return obj


class Mapping(dict):
    """A YAML mapping with the line of the mapping and of each key."""

    line: int = 0

    def __init__(self, line: int = 0):
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class Sequence(list):
    """A YAML sequence with the line it starts on."""

    line: int = 0

    def __init__(self, line: int = 0):
        super().__init__()
        self.line = line


def display_path(path: Path | str) -> str:
    """A path as users should see it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


class _AliasError(Exception):
    def __init__(self, line: int):
        self.line = line


# libyaml's composer when PyYAML was built with it (much faster); composing builds
# nodes only, never Python objects, so no tag can run code.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """Read a data file's bytes, or explain why it cannot be read."""
    try:
        if path.is_dir():
            return None, [Problem(shown, None, "is a directory, expected a .yaml file")]
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [
                Problem(shown, None, f"file is {size:,} bytes; data files are limited to {MAX_BYTES:,} bytes")
            ]
        return path.read_bytes(), []
    except FileNotFoundError:
        return None, [Problem(shown, None, "no such file")]
    except PermissionError:
        return None, [Problem(shown, None, "permission denied: cannot read this file")]
    except OSError as exc:
        return None, [Problem(shown, None, f"cannot read file: {exc.strerror or exc}")]


def decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without BOM), naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(shown, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        ]


def parse(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text into Text/Mapping/Sequence values, or return problems."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(shown, line, "contains a NUL byte; this is not a text file")]
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f":{mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(shown, line, f"YAML syntax error{col and ' at column ' + col[1:]}: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, None, f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(shown, None, "YAML is nested too deeply")]
    if node is None:
        return None, []
    problems: list[Problem] = []
    budget = [MAX_NODES]
    try:
        value = _convert(node, shown, problems, budget, set())
    except _AliasError as exc:
        return None, [Problem(shown, exc.line, "YAML anchors and aliases (&name, *name) are not allowed in data files; this value is reused by an alias, write it out instead")]
    except RecursionError:
        return None, [Problem(shown, None, "YAML is nested too deeply or too large")]
    return value, problems


def load_file(path: Path | str) -> tuple[Any, list[Problem]]:
    """Read, decode and parse one YAML data file; problems say ``path:line``."""
    p = Path(path)
    shown = display_path(p)
    data, problems = read_bytes(p, shown)
    if data is None:
        return None, problems
    text, problems = decode(data, shown)
    if text is None:
        return None, problems
    return parse(text, shown)


def _convert(node: yaml.Node, shown: str, problems: list[Problem], budget: list[int], seen: set[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise RecursionError
    line = node.start_mark.line + 1
    # An alias makes the composer reuse a node object; meeting one twice means an alias.
    if id(node) in seen:
        raise _AliasError(line)
    seen.add(id(node))
    kind = _STANDARD_TAGS.get(node.tag)
    if isinstance(node, yaml.ScalarNode):
        if kind is None:
            problems.append(Problem(shown, line, f"YAML tag {node.tag!r} is not allowed; remove it"))
            kind = "str"
        return Text(node.value, line, kind)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            problems.append(Problem(shown, line, f"YAML tag {node.tag!r} is not allowed; remove it"))
        seq = Sequence(line)
        for item in node.value:
            seq.append(_convert(item, shown, problems, budget, seen))
        return seq
    if node.tag != "tag:yaml.org,2002:map":
        problems.append(Problem(shown, line, f"YAML tag {node.tag!r} is not allowed; remove it"))
    mapping = Mapping(line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(shown, key_line, "mapping keys must be plain text"))
            continue
        key = str(key_node.value)
        seen.add(id(key_node))
        if key in mapping:
            problems.append(
                Problem(shown, key_line, f"duplicate key {key!r} (first on line {mapping.key_lines[key]})")
            )
            continue
        mapping[key] = _convert(value_node, shown, problems, budget, seen)
        mapping.key_lines[key] = key_line
    return mapping
