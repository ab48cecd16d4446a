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
_SAMPLE = 8192  # bytes looked at to tell text from binary
_UTF16_NUL_HIGH = 0.7  # UTF-16 without BOM: at least this share of high bytes is NUL ...
_UTF16_NUL_LOW = 0.05  # ... and at most this share of low bytes
_READABLE = 0.95  # share of printable characters and whitespace in decoded text


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode document bytes: UTF-8 (BOM optional), UTF-16/32 with BOM, UTF-16LE/BE without BOM;
    InputError otherwise (binary files, other encodings)."""
    for bom, encoding in sorted(_BOMS, key=lambda b: -len(b[0])):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {encoding} text at byte {exc.start}") from None
    if b"\x00" in data[:_SAMPLE]:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(f"{name}: binary file (NUL bytes), not a text document")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16LE/BE text without a BOM, as Windows tools export it, else None.

    In UTF-16 the characters up to U+00FF (all of ASCII and the umlauts) have one NUL byte, so
    nearly every other byte is NUL and the bytes between are not; the decoded text must then read
    as text (printable characters and whitespace), which binary data does not.
    """
    sample = data[:_SAMPLE]
    units = len(sample) // 2
    if units < 2 or len(data) % 2:
        return None
    for encoding, high in (("utf-16-le", 1), ("utf-16-be", 0)):
        nul_high, nul_low = sample[high::2].count(0), sample[1 - high::2].count(0)
        if nul_high >= _UTF16_NUL_HIGH * units and nul_low <= _UTF16_NUL_LOW * units:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if _reads_as_text(text[:_SAMPLE]) else None
    return None


def _reads_as_text(text: str) -> bool:
    readable = sum(1 for c in text if c.isprintable() or c in "\t\n\r")
    return readable >= _READABLE * len(text)


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
            files = folder_documents(path)
            if not files:
                yield {"id": str(path), "text": "", "error": f"{path}: folder holds no .txt or .jsonl files"}
            for file in files:
                yield from _file_records(file, conllu)
        else:
            yield from _file_records(path, conllu)


def count_records(paths: Iterable[str | Path]) -> int | None:
    """How many records :func:`iter_records` will give (None with stdin): one per text file, one per
    non-empty JSONL line, one per unreadable file. Cheap next to processing: files are listed and
    JSONL files read once more, nothing is analysed."""
    total = 0
    for raw in paths:
        if str(raw) == "-":
            return None
        path = Path(raw)
        files = folder_documents(path) if path.is_dir() else [path]
        total += sum(_file_count(file) for file in files) if files else 1  # an empty folder: one error
    return total


def folder_documents(folder: Path) -> list[Path]:
    """The documents of a folder, recursively, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and _is_document(p, folder))


def _file_count(path: Path) -> int:
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return 1
    try:
        return sum(1 for line in _lines(read_text_file(path)) if line.strip())
    except InputError:  # missing or unreadable: one error record
        return 1


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
        if record.get("id") is None or record["id"] == "":
            record["id"] = where  # a missing or empty id: the line names the record
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
