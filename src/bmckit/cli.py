"""The ``bmckit`` command: a thin front end over the core.

Each command imports what it needs when it runs, so ``bmckit --help`` and
``bmckit --version`` start as fast as Python does. Exit status: 0 all well,
1 findings (problems in a canvas, or consistency findings), 2 bad input or
usage. A user's mistake is one line on stderr, never a traceback.
"""

from __future__ import annotations

import sys

from bmckit import __version__

TYPE_CHECKING = False  # not typing.TYPE_CHECKING, to keep `bmckit --version` as quick as Python's start-up
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any

    from bmckit.model import Canvas

OK, FINDINGS, BAD_INPUT = 0, 1, 2


class UserError(Exception):
    """A mistake the user can fix; its message is printed as it is."""


def build_parser() -> argparse.ArgumentParser:
    import argparse

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

    render = commands.add_parser(
        "render",
        help="draw a canvas as SVG, PDF or Markdown, convert between YAML and JSON, or read a filled PDF form back",
        description="Draw FILE in the format OUTPUT's suffix names (.svg, .pdf, .md, .yaml, .json). "
        "FILE may also be a fillable PDF typed into in any reader: it is read back as a canvas.",
    )
    render.add_argument("file", metavar="FILE", help="a canvas file (.yaml, .yml, .json) or a filled fillable PDF")
    render.add_argument("-o", "--output", metavar="OUTPUT", required=True, help="the file to write; '-' for standard output (text formats)")
    render.add_argument("--format", metavar="FORMAT", help="svg, pdf, markdown, yaml or json, when OUTPUT's suffix does not say")
    render.add_argument("--paper", default="a4", metavar="SIZE", help="paper size: a4, letter, a3, a2, a1 or a0 (default: %(default)s)")
    render.add_argument("--fillable", action="store_true", help="PDF only: put the text in form fields that can still be edited")
    render.add_argument("--force", action="store_true", help="overwrite OUTPUT if it is an existing canvas file (.yaml, .json)")
    render.set_defaults(run=_run_render)

    blank = commands.add_parser("blank", help="write a blank fillable PDF canvas with guiding questions")
    blank.add_argument("-o", "--output", metavar="FILE", required=True, help="the PDF to write")
    blank.add_argument("--paper", default="a4", metavar="SIZE", help="paper size: a4, letter, a3, a2, a1 or a0 (default: %(default)s)")
    blank.add_argument("--title", default="", help="a title to print in the title field")
    blank.set_defaults(run=_run_blank)

    schema = commands.add_parser("schema", help="print the canvas file format as JSON Schema, for editors")
    schema.set_defaults(run=_run_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["--version"]:  # answered before argparse loads: it costs more than Python's own start-up
        print(f"bmckit {__version__}")
        return OK
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
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
    from pathlib import Path

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
    _write_output(Path(args.output), text, force=args.force)
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
    from pathlib import Path

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


def _run_render(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bmckit import render

    paper = _paper(args.paper)
    fmt = args.format
    if fmt is not None and fmt not in set(render.FORMATS.values()):
        raise UserError(f"unknown format {fmt!r}; use one of {', '.join(sorted(set(render.FORMATS.values())))}")
    if fmt is None:
        if args.output == "-":
            raise UserError("name the format with --format when writing to standard output")
        try:
            fmt = render.format_for(args.output)
        except render.UnknownFormatError as error:
            raise UserError(str(error)) from None
    if args.output == "-" and fmt not in render.TEXT_FORMATS:
        raise UserError(f"{fmt.upper()} cannot go to standard output; name a file with -o")
    if args.fillable and fmt != "pdf":
        raise UserError("--fillable is for PDF output only")
    canvas = _read_canvas(args.file)
    output = _rendered(canvas, fmt, paper, fillable=args.fillable)
    if args.output == "-":
        sys.stdout.write(output if isinstance(output, str) else output.decode("utf-8"))
    else:
        if Path(args.output).resolve() == Path(args.file).resolve():
            raise UserError(f"{args.output}: is the input file; write to another file")
        # Drawings are made again at will; a canvas file is someone's work, so replacing one needs --force.
        _write_output(Path(args.output), output, force=args.force or fmt not in {"yaml", "json"})
        print(f"wrote {args.output}", file=sys.stderr)
    if fmt in {"svg", "pdf"} and not args.fillable:
        _report_overflow(canvas, paper, "below the canvas" if fmt == "svg" else None)
    return OK


def _rendered(canvas: Canvas, fmt: str, paper: str, *, fillable: bool) -> str | bytes:
    from bmckit import files

    if fmt == "svg":
        from bmckit.render.svg import render as render_svg

        return render_svg(canvas, paper=paper)
    if fmt == "markdown":
        from bmckit.render.markdown import render as render_markdown

        return render_markdown(canvas)
    if fmt == "pdf":
        if fillable:
            return _pdf_module("pdf_form").render_fillable(canvas, paper=paper)  # type: ignore[no-any-return]
        return _pdf_module("pdf").render(canvas, paper=paper)  # type: ignore[no-any-return]
    return files.dumps(canvas, fmt)


def _run_blank(args: argparse.Namespace) -> int:
    from pathlib import Path

    paper = _paper(args.paper)
    if Path(args.output).suffix.lower() != ".pdf":
        raise UserError(f"{args.output}: a blank template is a PDF; name a .pdf file")
    output = _pdf_module("pdf_form").render_blank(paper=paper, title=args.title)
    _write_output(Path(args.output), output, force=True)
    print(f"wrote {args.output}", file=sys.stderr)
    return OK


def _pdf_module(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(f"bmckit.render.{name}")
    except ImportError:
        raise UserError('PDF output needs the pdf extra: pip install "bmckit[pdf]"') from None


def _read_canvas(name: str) -> Canvas:
    from pathlib import Path

    if Path(name).suffix.lower() != ".pdf":
        return _load_or_fail(name)
    from bmckit.files import CanvasFileError

    reader = _pdf_module("pdf_read")
    try:
        canvas, notes = reader.read_with_notes(name)
    except CanvasFileError as error:
        raise UserError(str(error).replace("\n", "\nbmckit: ")) from None
    for note in notes:
        print(f"bmckit: note: {name}: {note}", file=sys.stderr)
    return canvas  # type: ignore[no-any-return]


def _report_overflow(canvas: Canvas, paper: str, where: str | None) -> None:
    from bmckit import knowledge
    from bmckit.plan import plan

    laid_out = plan(canvas, paper)
    for block in laid_out.overflowed:
        page = laid_out.boxes[block].continued_on
        place = where or f"on page {page}"
        title = knowledge.block(block).title
        print(f"bmckit: note: {title} does not fit its box even at the smallest type size; it continues {place}", file=sys.stderr)


def _paper(name: str) -> str:
    from bmckit.layout import UnknownPaperError, layout_for

    try:
        return layout_for(name).paper
    except UnknownPaperError as error:
        raise UserError(str(error)) from None


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


def _write_output(path: Path, output: str | bytes, *, force: bool) -> None:
    if path.exists() and not force:
        raise UserError(f"{path}: already exists; use --force to overwrite it")
    data = output.encode("utf-8") if isinstance(output, str) else output
    try:
        path.write_bytes(data)
    except OSError as error:
        raise UserError(f"{path}: cannot write: {error.strerror or error}") from None
