"""The ``bmckit`` command: a thin front end over the core.

Each command imports what it needs when it runs, so ``bmckit --help`` and
``bmckit --version`` start as fast as Python does. Exit status: 0 all well,
1 findings (problems in a canvas, or consistency findings), 2 bad input or
usage. A user's mistake is one line on stderr, never a traceback.

Standard output carries what a command finds or makes: validate's problems,
check's findings, and text written to ``-o -``. Standard error carries
everything about the run: confirmations ("x.yaml: valid", "x.yaml: no
findings", "wrote x.pdf"), counts, notes and errors. So
``bmckit check *.yaml > findings.txt`` collects exactly the findings.
"""

from __future__ import annotations

import sys

from bmckit import __version__

TYPE_CHECKING = False  # not typing.TYPE_CHECKING, to keep `bmckit --version` as quick as Python's start-up
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any

    from bmckit.check import Finding
    from bmckit.model import Canvas
    from bmckit.plan import Plan

OK, FINDINGS, BAD_INPUT = 0, 1, 2
STARTER_TITLE = "My business model"


class UserError(Exception):
    """A mistake the user can fix; its message is printed as it is."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given a command's name, with only that command (all that parsing its run needs).

    argparse builds each command's parser in full, looking up translations
    for every heading, which costs a run more than the command it runs.
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="bmckit",
        description="Business Model Canvas toolkit: write, check and draw canvases.",
        epilog="Output: what validate and check find (one line each, 'FILE:LINE: ...') and text written to '-o -' go to "
        "standard output; confirmations ('x.yaml: valid', 'x.yaml: no findings', 'wrote x.pdf'), counts, notes and errors "
        "go to standard error. Exit status: 0 all well, 1 findings, 2 bad input or usage (a file that cannot be read). "
        "'bmckit COMMAND --help' for more.",
    )
    parser.add_argument("--version", action="version", version=f"bmckit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, add in _COMMAND_PARSERS.items():
        if command in {None, name}:
            add(commands)
    return parser


def _add_new(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser("new", help="start a canvas file: a commented starter, or a copy of a case study")
    new.add_argument("-o", "--output", metavar="FILE", help="where to write it (.yaml or .json); standard output if left out")
    new.add_argument("--case", metavar="NAME", help="copy this case study instead (see 'bmckit cases')")
    new.add_argument("--title", help=f"the starter's title (default: {STARTER_TITLE})")
    new.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    new.set_defaults(run=_run_new)


def _add_cases(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cases = commands.add_parser("cases", help="list the case studies that ship with bmckit")
    cases.set_defaults(run=_run_cases)


def _add_validate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = commands.add_parser(
        "validate",
        help="check canvas files against the format; one line per problem",
        description="Check canvas files against the format. Problems go to standard output, one line each; "
        "'FILE: valid' and the count go to standard error.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="canvas files (.yaml, .yml or .json)")
    validate.set_defaults(run=_run_validate)


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check",
        help="check canvases for consistency: segments served, types that fit",
        description="Check canvases for consistency. Findings go to standard output, one line each, with the line "
        "they stand on where the file has lines; 'FILE: no findings' and the count go to standard error. "
        "Exit status: 2 if a file could not be read, else 1 if there are findings, else 0.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="canvas files (.yaml, .yml, .json) or filled fillable PDFs")
    check.set_defaults(run=_run_check, reads_pdf=True)


def _add_render(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    render = commands.add_parser(
        "render",
        help="draw a canvas as SVG, PDF or Markdown, convert between YAML and JSON, or read a filled PDF form back",
        description="Draw FILE in the format OUTPUT's suffix names (.svg, .pdf, .md, .yaml, .json). "
        "FILE may also be a fillable PDF typed into in any reader: it is read back as a canvas.",
    )
    render.add_argument("file", metavar="FILE", help="a canvas file (.yaml, .yml, .json) or a filled fillable PDF")
    render.add_argument("-o", "--output", metavar="OUTPUT", required=True, help="the file to write; '-' for standard output (text formats)")
    render.add_argument("--format", metavar="FORMAT", help="svg, pdf, markdown (md), yaml (yml) or json, when OUTPUT's suffix does not say")
    render.add_argument("--paper", default="a4", metavar="SIZE", help="paper size: a4, letter, a3, a2, a1 or a0 (default: %(default)s)")
    render.add_argument("--fillable", action="store_true", help="PDF only: put the text in form fields that can still be edited")
    render.add_argument(
        "--force",
        action="store_true",
        help="overwrite OUTPUT even if it is not an earlier output of the same kind (a canvas file, a filled form, another file)",
    )
    render.set_defaults(run=_run_render, reads_pdf=True)


def _add_blank(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    blank = commands.add_parser("blank", help="write a blank fillable PDF canvas with guiding questions")
    blank.add_argument("-o", "--output", metavar="FILE", required=True, help="the PDF to write")
    blank.add_argument("--paper", default="a4", metavar="SIZE", help="paper size: a4, letter, a3, a2, a1 or a0 (default: %(default)s)")
    blank.add_argument("--title", default="", help="a title to print in the title field")
    blank.add_argument("--force", action="store_true", help="overwrite FILE even if it is not an untouched blank or form bmckit made")
    blank.set_defaults(run=_run_blank, reads_pdf=True)


def _add_schema(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = commands.add_parser("schema", help="print the canvas file format as JSON Schema, for editors")
    schema.set_defaults(run=_run_schema)


_COMMAND_PARSERS = {
    "new": _add_new,
    "cases": _add_cases,
    "validate": _add_validate,
    "check": _add_check,
    "render": _add_render,
    "blank": _add_blank,
    "schema": _add_schema,
}
"""What each command adds to the parser: its arguments and the function that runs it."""


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["--version"]:  # answered before argparse loads: it costs more than Python's own start-up
        print(f"bmckit {__version__}")
        return OK
    parser = build_parser(arguments[0] if arguments and arguments[0] in _COMMAND_PARSERS else None)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:  # argparse exits on --help, --version and usage errors
        return int(exit_.code or 0)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        if _reads_pdf(args):
            from bmckit.outputs import quiet_pypdf

            with quiet_pypdf():
                return run(args)
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
        if args.title is not None:
            raise UserError("--title is for the starter; a case study keeps its own title (change it in the file)")
        try:
            text = cases.case_text(args.case.lower()) if fmt == "yaml" else files.dumps(cases.load_case(args.case.lower()), "json")
        except cases.UnknownCaseError as error:
            raise UserError(str(error)) from None
    else:
        title = STARTER_TITLE if args.title is None else args.title
        if not title.strip():
            raise UserError("--title: a canvas needs a title; give one that is not blank")
        text = starter_yaml(title=title)
        try:  # whatever the title, the file written must pass 'bmckit validate'
            canvas = files.loads(text)
        except files.CanvasFileError as error:
            raise UserError(f"--title: cannot be used as a title: {error.problems[0].message}") from None
        if fmt == "json":
            text = files.dumps(canvas, "json")
    if not args.output:
        sys.stdout.write(text)
        return OK
    _write_output(args.output, text, force=args.force)
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

    unreadable = problems = 0
    invalid: set[str] = set()
    for name in args.files:
        why = _unreadable_input(name, pdf=False)
        if why:
            print(f"bmckit: {why}", file=sys.stderr)
            unreadable += 1
            continue
        try:
            files.load(name)
        except files.CanvasFileError as error:
            for problem in error.problems:
                print(problem)
            problems += len(error.problems)
            invalid.add(name)
        else:
            print(f"{name}: valid", file=sys.stderr)
    if problems:
        print(f"{_count(problems, 'problem')} in {_count(len(invalid), 'file')}", file=sys.stderr)
    return BAD_INPUT if unreadable else FINDINGS if problems else OK


def _run_check(args: argparse.Namespace) -> int:
    from bmckit.check import check

    unreadable = total = 0
    flawed = 0
    for name in args.files:
        try:
            canvas, line_of = _read_located(name)
        except UserError as error:  # one bad file does not stop the others
            print(f"bmckit: {error}", file=sys.stderr)
            unreadable += 1
            continue
        findings = check(canvas)
        for finding in findings:
            line = _finding_line(canvas, finding, line_of)
            print(f"{name}:{line}: {finding}" if line else f"{name}: {finding}")
        if findings:
            total += len(findings)
            flawed += 1
        else:
            print(f"{name}: no findings", file=sys.stderr)
    if total:
        print(f"{_count(total, 'finding')} in {_count(flawed, 'file')}", file=sys.stderr)
    return BAD_INPUT if unreadable else FINDINGS if total else OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _run_render(args: argparse.Namespace) -> int:
    from bmckit import render

    paper = _paper(args.paper)
    if args.format is not None:
        try:
            fmt = render.format_named(args.format)
        except render.UnknownFormatNameError as error:
            raise UserError(str(error)) from None
    elif args.output == "-":
        raise UserError("name the format with --format when writing to standard output")
    else:
        try:
            fmt = render.format_for(args.output)
        except render.UnknownFormatError as error:
            raise UserError(str(error)) from None
    if args.output == "-" and fmt not in render.TEXT_FORMATS:
        raise UserError(f"{fmt.upper()} cannot go to standard output; name a file with -o")
    if args.fillable and fmt != "pdf":
        raise UserError("--fillable is for PDF output only")
    if args.output != "-" and _same_file(args.output, args.file):
        raise UserError(f"{args.output}: is the input file; write to another file")
    canvas = _read_canvas(args.file)
    output, notes = _rendered(canvas, fmt, paper, fillable=args.fillable)
    if args.output == "-":
        sys.stdout.write(output if isinstance(output, str) else output.decode("utf-8"))
    else:
        # Drawings are made again at will; anything else (a canvas file, a filled form) is someone's work.
        kind = "fillable" if args.fillable else fmt
        _write_output(args.output, output, force=args.force, kind=None if fmt in {"yaml", "json"} else kind)
        print(f"wrote {args.output}", file=sys.stderr)
    if fmt == "pdf":
        notes.extend(_missing_glyph_notes(_canvas_texts(canvas)))
    for note in notes:
        print(f"bmckit: note: {note}", file=sys.stderr)
    return OK


def _rendered(canvas: Canvas, fmt: str, paper: str, *, fillable: bool) -> tuple[str | bytes, list[str]]:
    """The output, and notes about it for the user."""
    from bmckit import files

    if fmt == "svg":
        from bmckit.plan import plan
        from bmckit.render.svg import render as render_svg

        return render_svg(canvas, paper=paper), _overflow_notes(plan(canvas, paper), "below the canvas")
    if fmt == "markdown":
        from bmckit.render.markdown import render as render_markdown

        return render_markdown(canvas), []
    if fmt == "pdf":
        if fillable:
            output, notes = _pdf_module("pdf_form").render_fillable_with_notes(canvas, paper=paper)
            return output, list(notes)
        from bmckit.plan import plan
        from bmckit.render.pdf import draw  # pure Python: printable PDFs need no extra

        laid_out = plan(canvas, paper)
        return draw(laid_out), _overflow_notes(laid_out, None)
    return files.dumps(canvas, fmt), []


def _run_blank(args: argparse.Namespace) -> int:
    from pathlib import Path

    paper = _paper(args.paper)
    if Path(args.output).suffix.lower() != ".pdf":
        raise UserError(f"{args.output}: a blank template is a PDF; name a .pdf file")
    output = _pdf_module("pdf_form").render_blank(paper=paper, title=args.title)
    _write_output(args.output, output, force=args.force, kind="fillable")
    print(f"wrote {args.output}", file=sys.stderr)
    for note in _missing_glyph_notes([args.title]):
        print(f"bmckit: note: {note}", file=sys.stderr)
    return OK


_NEEDS_PDF_EXTRA = {"pdf_form": "fillable PDF forms need", "pdf_read": "reading a PDF form needs"}
"""What needs reportlab and pypdf, by module; the printable canvas does not."""


def _pdf_module(name: str) -> Any:
    """``bmckit.render.pdf_form`` or ``bmckit.render.pdf_read``, or the install line when the pdf extra is missing."""
    import importlib

    try:
        return importlib.import_module(f"bmckit.render.{name}")
    except ImportError:
        raise UserError(f'{_NEEDS_PDF_EXTRA[name]} the pdf extra: pip install "bmckit[pdf]"') from None


def _unreadable_input(name: str, *, pdf: bool) -> str | None:
    """Why ``name`` cannot be read as a canvas at all (missing, a folder, an unknown suffix), or None."""
    import os

    from bmckit.files import FORMATS

    if not os.path.exists(name):
        return f"{name}: no such file"
    if os.path.isdir(name):
        return f"{name}: is a folder, not a canvas file"
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in FORMATS and not (pdf and suffix == ".pdf"):
        known = ".yaml, .yml, .json or a filled fillable .pdf" if pdf else ".yaml, .yml or .json"
        return f"{name}: unknown canvas file suffix {suffix or '(none)'!r}; use {known}"
    try:
        open(name, "rb").close()
    except OSError as error:
        return f"{name}: cannot read: {error.strerror or error}"
    return None


def _read_canvas(name: str) -> Canvas:
    canvas, _ = _read_located(name)
    return canvas


def _read_located(name: str) -> tuple[Canvas, Callable[..., int | None]]:
    """A canvas file or a filled form, and a function giving the line a part of it stood on (None where unknown)."""
    from bmckit.files import CanvasFileError

    why = _unreadable_input(name, pdf=True)
    if why:
        raise UserError(why)
    if not name.lower().endswith(".pdf"):
        from bmckit import files

        try:
            located = files.load_located(name)
        except CanvasFileError as error:
            raise UserError(str(error).replace("\n", "\nbmckit: ")) from None
        return located.canvas, located.line
    reader = _pdf_module("pdf_read")
    try:
        canvas, notes = reader.read_with_notes(name)
    except CanvasFileError as error:
        raise UserError(str(error).replace("\n", "\nbmckit: ")) from None
    for note in notes:
        print(f"bmckit: note: {name}: {note}", file=sys.stderr)
    return canvas, _no_lines


def _no_lines(*path: str | int) -> int | None:
    return None


def _finding_line(canvas: Canvas, finding: Finding, line_of: Callable[..., int | None]) -> int | None:
    """The line a finding is about: its item's, its block's, or the segment it names."""
    import re

    from bmckit.model import BlockId

    if finding.block is not None and finding.index is not None:
        return line_of("blocks", str(finding.block), finding.index)
    if finding.block is not None and finding.block is not BlockId.CUSTOMER_SEGMENTS and canvas.items(finding.block):
        return line_of("blocks", str(finding.block))
    named = re.search(r"segment '([^']*)'", finding.message)
    for index, segment in enumerate(canvas.segments):
        if named and segment.id == named[1]:
            return line_of("segments", index)
    return None


def _canvas_texts(canvas: Canvas) -> list[str]:
    """Every text a PDF of the canvas prints."""
    header = canvas.header
    texts = [header.title, header.designed_for, header.designed_by, header.date, header.version]
    texts += [segment.name for segment in canvas.segments]
    texts += [item.text for _, _, item in canvas.all_items()]
    return texts


def _missing_glyph_notes(texts: list[str]) -> list[str]:
    """One note naming the characters the PDF font cannot draw, if there are any."""
    from bmckit.fontmetrics import missing_glyphs

    missing = missing_glyphs(texts)
    if not missing:
        return []
    named = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:10])
    if len(missing) > 10:
        named += f" and {len(missing) - 10} more"
    if len(missing) == 1:
        return [f"the PDF font has no glyph for {named}; it prints as an empty box"]
    return [f"the PDF font has no glyphs for {named}; they print as empty boxes"]


def _overflow_notes(laid_out: Plan, where: str | None) -> list[str]:
    """A note for each part of the canvas that continues elsewhere: on a page of its own, or ``where``."""
    from bmckit import knowledge

    block_titles = {info.title for info in knowledge.blocks()}
    notes = []
    for what, page in laid_out.continued:
        place = where or f"on page {page}"
        room = "the canvas page" if what == "the segment legend" else "its box" if what in block_titles else "the header"
        notes.append(f"{what} does not fit {room} even at the smallest type size; it continues {place}")
    return notes


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


def _reads_pdf(args: argparse.Namespace) -> bool:
    """Whether a run may read PDFs with pypdf, whose log lines are then kept off the terminal.

    ``render`` does only to read a PDF form back or to make a form; drawing a
    printable PDF loads neither pypdf nor :mod:`logging` (judging a PDF it
    would replace is quiet on its own, see :func:`bmckit.outputs.quiet_pypdf`).
    """
    if not getattr(args, "reads_pdf", False):
        return False
    return args.command != "render" or args.fillable or str(args.file).lower().endswith(".pdf")


def _same_file(output: str, source: str) -> bool:
    import os

    try:
        return os.path.realpath(output) == os.path.realpath(source) or os.path.samefile(output, source)
    except OSError:
        return False


def _write_output(path: str, output: str | bytes, *, force: bool, kind: str | None = None) -> None:
    """Write ``output`` to ``path``; an existing file is replaced only with ``force`` or if it is an earlier output of ``kind``."""
    import os  # os.path rather than pathlib, whose import would add to every command's start-up

    if os.path.isdir(path):
        raise UserError(f"{path}: is a folder; name a file to write")
    if os.path.exists(path) and not force:
        if kind is None:
            raise UserError(f"{path}: already exists; use --force to overwrite it")
        from bmckit.outputs import why_not_replaceable

        reason = why_not_replaceable(path, kind)
        if reason:
            raise UserError(f"{path}: already exists and {reason}; use --force to overwrite it")
    data = output.encode("utf-8") if isinstance(output, str) else output
    try:
        with open(path, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise UserError(f"{path}: cannot write: {error.strerror or error}") from None
