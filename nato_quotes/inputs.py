"""Reading documents: .txt files, folders, JSONL news archives and standard input.

Every input becomes a record ``{"id", "text", "date"?, ...extra fields}``. A file that cannot be
read (binary, undecodable, missing) becomes a record with an ``error`` message instead, so a batch
goes on and the failure is reported with its file name.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CONLLU_SUFFIXES = {".conllu", ".conll"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
         (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"))


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode document bytes: UTF-8 (BOM optional), UTF-16/32 with BOM; InputError otherwise."""
    for bom, encoding in sorted(_BOMS, key=lambda b: -len(b[0])):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {encoding} text at byte {exc.start}") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (NUL bytes), not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None


def read_text_file(path: str | Path) -> str:
    """The decoded text of one file (InputError when it cannot be read)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode(data, str(path))


def iter_records(paths: Iterable[str | Path], *, stdin: Any = None, conllu: bool = False) -> Iterator[dict[str, Any]]:
    """Records from files, folders (recursively: .txt, .jsonl and .conllu), JSONL files and "-" (stdin).

    CoNLL-U files (``.conllu``, or every file with ``conllu=True``) give one record per document with
    its ready ``analysis`` (see :mod:`nato_quotes.conllu`).
    """
    for raw in paths:
        if str(raw) == "-":
            yield from _stdin_records(stdin or sys.stdin)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _is_document(p, path))
            if not files:
                yield {"id": str(path), "text": "", "error": f"{path}: folder holds no .txt or .jsonl files"}
            for file in files:
                yield from _file_records(file, conllu)
        else:
            yield from _file_records(path, conllu)


def _is_document(path: Path, folder: Path) -> bool:
    """A .txt/.jsonl (or suffix-less) file of ``folder``, not hidden nor inside a hidden folder (.git)."""
    hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
    return not hidden and path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES | CONLLU_SUFFIXES


def _file_records(path: Path, conllu: bool = False) -> Iterator[dict[str, Any]]:
    if not path.exists():
        yield {"id": str(path), "text": "", "error": f"{path}: no such file or folder"}
        return
    if conllu or path.suffix.lower() in CONLLU_SUFFIXES:
        from .conllu import conllu_records

        yield from conllu_records([path])
        return
    try:
        text = read_text_file(path)
    except InputError as exc:
        yield {"id": str(path), "text": "", "error": str(exc)}
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from jsonl_records(_lines(text), str(path))
    else:
        yield {"id": str(path), "text": text}


def jsonl_records(lines: Iterable[str], source: str) -> Iterator[dict[str, Any]]:
    """Records from JSONL lines ``{"id", "text", "date"?, ...}``; bad lines become error records."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"id": where, "text": "", "error": f"{where}: invalid JSON ({exc.msg})"}
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield {"id": where, "text": "", "error": f"{where}: record needs a string field 'text'"}
            continue
        record.setdefault("id", where)
        record["id"] = str(record["id"])
        yield record


def _lines(text: str) -> list[str]:
    """JSONL lines: split at \n only (str.splitlines would also split at U+2028, U+0085, … inside strings)."""
    return text.split("\n")


def _stdin_records(stream: Any) -> Iterator[dict[str, Any]]:
    data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
    try:
        text = decode(data, "<stdin>") if isinstance(data, bytes) else data
    except InputError as exc:
        yield {"id": "<stdin>", "text": "", "error": str(exc)}
        return
    lines = _lines(text)
    if lines and all(line.lstrip().startswith("{") for line in lines if line.strip()):
        yield from jsonl_records(lines, "<stdin>")
    else:
        yield {"id": "<stdin>", "text": text}
