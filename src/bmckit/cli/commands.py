"""The commands themselves: each reads what it is given, asks the core, and says what it found or made.

Each imports what it needs when it runs, so that ``bmckit --help`` loads none of it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bmckit.cli.errors import BAD_INPUT, FINDINGS, OK, UserError
from bmckit.cli.reading import finding_line, paper_size, read_canvas, read_located, unreadable_input
from bmckit.cli.writing import same_file, write_output

if TYPE_CHECKING:
    import argparse

STARTER_TITLE = "My business model"


def run_new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bmckit import canvas_files, cases
    from bmckit.starter import starter_yaml

    fmt = canvas_files.FORMATS.get(Path(args.output).suffix.lower()) if args.output else "yaml"
    if fmt is None:
        raise UserError(f"{args.output}: unknown canvas file suffix; use .yaml, .yml or .json")
    if args.case:
        if args.title is not None:
            raise UserError("--title is for the starter; a case study keeps its own title (change it in the file)")
        try:
            text = cases.case_text(args.case.lower()) if fmt == "yaml" else canvas_files.dumps(cases.load_case(args.case.lower()), "json")
        except cases.UnknownCaseError as error:
            raise UserError(str(error)) from None
    else:
        title = STARTER_TITLE if args.title is None else args.title
        if not title.strip():
            raise UserError("--title: a canvas needs a title; give one that is not blank")
        text = starter_yaml(title=title)
        try:  # whatever the title, the file written must pass 'bmckit validate'
            canvas = canvas_files.loads(text)
        except canvas_files.CanvasFileError as error:
            raise UserError(f"--title: cannot be used as a title: {error.problems[0].message}") from None
        if fmt == "json":
            text = canvas_files.dumps(canvas, "json")
    if not args.output:
        sys.stdout.write(text)
        return OK
    write_output(args.output, text, force=args.force)
    print(f"wrote {args.output}", file=sys.stderr)
    return OK


def run_cases(args: argparse.Namespace) -> int:
    from bmckit import cases

    for name in cases.CASE_NAMES:
        canvas = cases.load_case(name)
        segments = ", ".join(s.name for s in canvas.segments)
        print(f"{name:<10} {canvas.title}: {segments}")
    print("\nCopy one with: bmckit new --case NAME -o my-canvas.yaml")
    return OK


def run_validate(args: argparse.Namespace) -> int:
    from bmckit import canvas_files

    unreadable = problems = 0
    invalid: set[str] = set()
    for name in args.files:
        why = unreadable_input(name, pdf=False)
        if why:
            print(f"bmckit: {why}", file=sys.stderr)
            unreadable += 1
            continue
        try:
            canvas_files.load(name)
        except canvas_files.CanvasFileError as error:
            for problem in error.problems:
                print(problem)
            problems += len(error.problems)
            invalid.add(name)
        else:
            print(f"{name}: valid", file=sys.stderr)
    if problems:
        print(f"{_count(problems, 'problem')} in {_count(len(invalid), 'file')}", file=sys.stderr)
    return BAD_INPUT if unreadable else FINDINGS if problems else OK


def run_check(args: argparse.Namespace) -> int:
    from bmckit.check import check

    unreadable = total = 0
    flawed = 0
    for name in args.files:
        try:
            canvas, line_of = read_located(name)
        except UserError as error:  # one bad file does not stop the others
            print(f"bmckit: {error}", file=sys.stderr)
            unreadable += 1
            continue
        findings = check(canvas)
        for finding in findings:
            line = finding_line(canvas, finding, line_of)
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


def run_render(args: argparse.Namespace) -> int:
    from bmckit import render

    paper = paper_size(args.paper)
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
    spec = render.FORMATS[fmt]
    if args.output == "-" and not spec.text:
        raise UserError(f"{fmt.upper()} cannot go to standard output; name a file with -o")
    if args.fillable and "fillable" not in spec.variants:
        raise UserError("--fillable is for PDF output only")
    if args.output != "-" and same_file(args.output, args.file):
        raise UserError(f"{args.output}: is the input file; write to another file")
    canvas = read_canvas(args.file)
    try:
        rendered = render.render(canvas, fmt, paper=paper, fillable=args.fillable)
    except render.MissingPdfExtraError as error:
        raise UserError(str(error)) from None
    if args.output == "-":
        sys.stdout.write(rendered.text)
    else:
        # Drawings are made again at will; anything else (a canvas file, a filled form) is someone's work.
        kind = "fillable" if args.fillable else fmt if spec.drawing else None
        write_output(args.output, rendered.data, force=args.force, kind=kind)
        print(f"wrote {args.output}", file=sys.stderr)
    for note in rendered.notes:
        print(f"bmckit: note: {note}", file=sys.stderr)
    return OK


def run_blank(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bmckit.render import MissingPdfExtraError
    from bmckit.render.notes import missing_glyph_notes

    paper = paper_size(args.paper)
    if Path(args.output).suffix.lower() != ".pdf":
        raise UserError(f"{args.output}: a blank template is a PDF; name a .pdf file")
    try:
        from bmckit.render.fillable_pdf import render_blank
    except ImportError:
        raise UserError(str(MissingPdfExtraError())) from None
    output = render_blank(paper=paper, title=args.title)
    write_output(args.output, output, force=args.force, kind="fillable")
    print(f"wrote {args.output}", file=sys.stderr)
    for note in missing_glyph_notes([args.title]):
        print(f"bmckit: note: {note}", file=sys.stderr)
    return OK


def run_schema(args: argparse.Namespace) -> int:
    from bmckit.schema import schema_text

    sys.stdout.write(schema_text())
    return OK
