"""Command line: ``nato-quotes PATH...`` dumps quotes per speaker.

Subcommands: ``nato-quotes evaluate ...`` (quality on gold data) and ``nato-quotes models
download|status`` (stanza German models). Exit codes: 0 ok, 1 some documents failed, 2 usage
error or nothing readable.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import logging
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import IO, Any

from . import __version__, export
from .errors import NatoQuotesError
from .inputs import iter_records
from .model import DocumentResult

FORMATS = ("table", "json", "jsonl", "csv", "html")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nato-quotes",
        description="Find who said what in German news: quotes per speaker. "
        "Also: 'nato-quotes evaluate ...', 'nato-quotes models download|status'.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help=".txt files, folders, JSONL files of {id, text, date?, country?}, .conllu files, "
                        "or - for stdin")
    parser.add_argument("--conllu", nargs="+", action="extend", default=[], metavar="FILE",
                        help="CoNLL-U files (your own parse; documents split at '# newdoc')")
    parser.add_argument("--input-format", choices=("auto", "conllu"), default="auto",
                        help="conllu: read every PATH as CoNLL-U (default: by suffix, .conllu)")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument("--speaker", action="append", metavar="NAME",
                        help="only quotes whose speaker name or mention contains NAME (repeatable)")
    parser.add_argument("--date", help="document date YYYY[-MM[-DD]] or DD.MM.YYYY for role resolution (default: from the text)")
    parser.add_argument("--country", default="DE", metavar="XX",
                        help="home country of the news (ISO code, default DE): 'der Kanzler' = its office holder; "
                        "a JSONL record's 'country' field overrides it")
    parser.add_argument("--analyzer", choices=("auto", "rules", "stanza", "conllu"), default="auto")
    parser.add_argument("--precedence", choices=("arbitrate", "parse"), default="arbitrate",
                        help="parsed documents: arbitrate between parse and rules (default) or let the parse win")
    parser.add_argument("--model-dir", metavar="DIR", help="stanza resources folder (default: STANZA_RESOURCES_DIR)")
    parser.add_argument("--summary", action="store_true", help="print counts per speaker and per document")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    parser.add_argument("--threads", type=_positive, metavar="N",
                        help="torch CPU threads for stanza (default: the usable cores divided by the processes "
                        "running stanza; it runs in one process)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on standard error (default: when it is a terminal)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no analyzer note on standard error")
    parser.add_argument("--version", action="version", version=f"nato-quotes {__version__}")
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "evaluate":
            from .evaluate.cli import main as evaluate_main

            return evaluate_main(argv[1:])
        if argv and argv[0] == "models":
            return models_main(argv[1:])
        return extract_main(argv)
    except NatoQuotesError as exc:
        print(f"nato-quotes: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nato-quotes: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def extract_main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.paths and not args.conllu:
        parser.error("give at least one PATH or --conllu FILE")
    logging.basicConfig(level=logging.WARNING, format="nato-quotes: %(message)s")
    from .batch import path_records, run_batch

    fmt = "summary" if args.summary else args.format
    conllu = args.input_format == "conllu"
    records, total = path_records(args.paths, args.progress, conllu=conllu)
    if args.conllu:
        records, total = itertools.chain(records, iter_records(args.conllu, conllu=True)), None
    only_conllu = conllu or (args.conllu and not args.paths)
    analyzer = "conllu" if only_conllu and args.analyzer == "auto" else args.analyzer
    tap = _TextTap(records) if fmt == "html" else None
    results, pipeline_note = run_batch(
        tap or records, analyzer=analyzer, model_dir=args.model_dir, date=args.date,
        country=args.country, workers=args.workers, threads=args.threads, progress=args.progress, total=total,
        precedence=args.precedence,
    )
    if not args.quiet:
        print(f"nato-quotes: analyzer {pipeline_note}", file=sys.stderr)
    status = _Status()
    stream = _filter(status.watch(tap.attach(results) if tap else results), args.speaker)
    if tap and args.speaker:
        stream = (r for r in stream if r.quotes or r.error)  # the report shows the documents quoting them
    with _open_output(args.output) as out:
        _write(stream, out, fmt)
    if status.failed and status.failed == status.total:
        return 2
    return 1 if status.failed else 0


class _TextTap:
    """Keeps each record's text until its result passes (results come in input order, one per record).

    The HTML report needs the texts; results made in worker processes do not carry them.
    """

    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.records = records
        self._texts: deque[tuple[str, Any]] = deque()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for record in self.records:
            self._texts.append((str(record.get("id", "doc")), record.get("text")))
            yield record

    def attach(self, results: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
        for result in results:
            doc, text = self._texts.popleft() if self._texts else (None, None)
            if result.text is None and doc == result.doc and isinstance(text, str):
                result.with_text(text)
            yield result


class _Status:
    """Counts documents and reports failures on standard error as they stream past."""

    def __init__(self) -> None:
        self.total = 0
        self.failed = 0

    def watch(self, results: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
        for result in results:
            self.total += 1
            if result.error:
                self.failed += 1
                print(f"nato-quotes: error: {result.error}", file=sys.stderr)
            yield result


def _filter(results: Iterator[DocumentResult], names: list[str] | None) -> Iterator[DocumentResult]:
    if not names:
        yield from results
        return
    wanted = [n.casefold() for n in names]
    for result in results:
        keep = [q for q in result.quotes if _speaker_matches(q, wanted)]
        yield result.model_copy(update={"quotes": keep})


def _speaker_matches(quote, wanted: list[str]) -> bool:
    sp = quote.speaker
    hay = " ".join(filter(None, [sp.name, sp.mention])).casefold() if sp else ""
    return any(w in hay for w in wanted)


def _write(results: Iterator[DocumentResult], out: IO[str], fmt: str) -> None:
    writers = {
        "table": export.write_table, "json": export.write_json, "jsonl": export.write_jsonl,
        "csv": export.write_csv, "summary": export.write_summary, "html": _write_html,
    }
    writers[fmt](results, out)


def _write_html(results: Iterator[DocumentResult], out: IO[str]) -> None:
    from .render import write_html

    write_html(results, out)


@contextlib.contextmanager
def _open_output(path: str | None) -> Iterator[IO[str]]:
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise NatoQuotesError(f"cannot write {path}: {exc.strerror or exc}") from None
    with handle:
        yield handle


def models_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="nato-quotes models", description="Manage stanza's German models.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("download", "download stanza's German models"), ("status", "show installed models")):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("--model-dir", metavar="DIR", help="resources folder (default: STANZA_RESOURCES_DIR or stanza's)")
    args = parser.parse_args(argv)
    from . import models

    if args.command == "download":
        models.download_models(args.model_dir)
        print(f"German models installed in {models.resolve_model_dir(args.model_dir)}")
        return 0
    status = models.model_status(args.model_dir)
    for key, value in status.items():
        print(f"{key}: {value}")
    return 0 if status.get("installed") else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
