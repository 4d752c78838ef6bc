"""The ``bmckit`` command: a thin front end over the core.

Each command imports what it needs when it runs, so ``bmckit --help`` and
``bmckit --version`` start as fast as Python does. Exit status: 0 all well,
1 findings (problems in a canvas, or consistency findings), 2 bad input or
usage. A user's mistake is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bmckit import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bmckit.model import Canvas

OK, FINDINGS, BAD_INPUT = 0, 1, 2


class UserError(Exception):
    """A mistake the user can fix; its message is printed as it is."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bmckit",
        description="Business Model Canvas toolkit: write, check and draw canvases.",
        epilog="Exit status: 0 all well, 1 findings, 2 bad input or usage. 'bmckit COMMAND --help' for more.",
    )
    parser.add_argument("--version", action="version", version=f"bmckit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    new = commands.add_parser("new", help="start a canvas file: a commented starter, or a copy of a case study")
    new.add_argument("-o", "--output", metavar="FILE", help="where to write it (.yaml or .json); standard output if left out")
    new.add_argument("--case", metavar="NAME", help="copy this case study instead (see 'bmckit cases')")
    new.add_argument("--title", default="My business model", help="the starter's title (default: %(default)s)")
    new.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    new.set_defaults(run=_run_new)

    cases = commands.add_parser("cases", help="list the case studies that ship with bmckit")
    cases.set_defaults(run=_run_cases)

    validate = commands.add_parser("validate", help="check canvas files against the format; one line per problem")
    validate.add_argument("files", nargs="+", metavar="FILE", help="canvas files (.yaml, .yml or .json)")
    validate.set_defaults(run=_run_validate)

    check = commands.add_parser("check", help="check a canvas for consistency: segments served, types that fit")
    check.add_argument("file", metavar="FILE", help="a canvas file (.yaml, .yml or .json)")
    check.set_defaults(run=_run_check)

    schema = commands.add_parser("schema", help="print the canvas file format as JSON Schema, for editors")
    schema.set_defaults(run=_run_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits on --help, --version and usage errors
        return int(exit_.code or 0)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except UserError as error:
        print(f"bmckit: {error}", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _run_new(args: argparse.Namespace) -> int:
    from bmckit import cases, files
    from bmckit.starter import starter_yaml

    fmt = files.FORMATS.get(Path(args.output).suffix.lower()) if args.output else "yaml"
    if fmt is None:
        raise UserError(f"{args.output}: unknown canvas file suffix; use .yaml, .yml or .json")
    if args.case:
        try:
            text = cases.case_text(args.case.lower()) if fmt == "yaml" else files.dumps(cases.load_case(args.case.lower()), "json")
        except cases.UnknownCaseError as error:
            raise UserError(str(error)) from None
    else:
        text = starter_yaml(title=args.title)
        if fmt == "json":
            text = files.dumps(files.loads(text), "json")
    if not args.output:
        sys.stdout.write(text)
        return OK
    _write_text(Path(args.output), text, force=args.force)
    print(f"wrote {args.output}", file=sys.stderr)
    return OK


def _run_cases(args: argparse.Namespace) -> int:
    from bmckit import cases

    for name in cases.CASE_NAMES:
        canvas = cases.load_case(name)
        segments = ", ".join(s.name for s in canvas.segments)
        print(f"{name:<10} {canvas.title}: {segments}")
    print("\nCopy one with: bmckit new --case NAME -o my-canvas.yaml")
    return OK


def _run_validate(args: argparse.Namespace) -> int:
    from bmckit import files

    status = OK
    for name in args.files:
        if not Path(name).is_file():
            print(f"bmckit: {name}: no such file", file=sys.stderr)
            status = BAD_INPUT
            continue
        try:
            files.load(name)
        except files.CanvasFileError as error:
            print(error, file=sys.stderr)
            status = max(status, FINDINGS)
        else:
            print(f"{name}: valid")
    return status


def _run_check(args: argparse.Namespace) -> int:
    from bmckit.check import check

    canvas = _load_or_fail(args.file)
    findings = check(canvas)
    for finding in findings:
        print(f"{args.file}: {finding}")
    if not findings:
        print(f"{args.file}: no findings")
        return OK
    print(f"{len(findings)} finding{'s' if len(findings) > 1 else ''}", file=sys.stderr)
    return FINDINGS


def _run_schema(args: argparse.Namespace) -> int:
    from bmckit.schema import schema_text

    sys.stdout.write(schema_text())
    return OK


def _load_or_fail(name: str) -> Canvas:
    from bmckit import files

    try:
        return files.load(name)
    except files.CanvasFileError as error:
        raise UserError(str(error).replace("\n", "\nbmckit: ")) from None


def _write_text(path: Path, text: str, *, force: bool) -> None:
    if path.exists() and not force:
        raise UserError(f"{path}: already exists; use --force to overwrite it")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"{path}: cannot write: {error.strerror or error}") from None
