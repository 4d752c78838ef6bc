"""The ``bmckit`` command: a thin front end over the core.

Each command imports what it needs when it runs, so ``bmckit --help`` loads
no renderer and no PDF library; the help reads the paper sizes and the
advisor's answers from bmckit's data, so it names them as the rest of bmckit
does. Exit status: 0 all well, 1 findings (problems in a canvas, or consistency findings), 2 bad input or
usage. A user's mistake is one line on stderr, never a traceback.

Standard output carries what a command finds or makes: validate's problems,
check's findings, and text written to ``-o -``. Standard error carries
everything about the run: confirmations ("x.yaml: valid", "x.yaml: no
findings", "wrote x.pdf"), counts, notes and errors. So
``bmckit check *.yaml > findings.txt`` collects exactly the findings.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bmckit import __version__
from bmckit.cli import commands as run
from bmckit.cli.errors import BAD_INPUT, FINDINGS, OK, UserError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["BAD_INPUT", "FINDINGS", "OK", "UserError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser."""
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
    for add in _COMMAND_PARSERS:
        add(commands)
    return parser


def _add_new(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser("new", help="start a canvas file: a commented starter, or a copy of a case study")
    new.add_argument("-o", "--output", metavar="FILE", help="where to write it (.yaml or .json); standard output if left out")
    new.add_argument("--case", metavar="NAME", help="copy this case study instead (see 'bmckit cases')")
    new.add_argument("--title", help=f"the starter's title (default: {run.STARTER_TITLE})")
    new.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    new.set_defaults(run=run.run_new)


def _add_cases(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cases = commands.add_parser("cases", help="list the case studies that ship with bmckit")
    cases.set_defaults(run=run.run_cases)


def _add_validate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = commands.add_parser(
        "validate",
        help="check canvas files against the format; one line per problem",
        description="Check canvas files against the format. Problems go to standard output, one line each; "
        "'FILE: valid' and the count go to standard error.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="canvas files (.yaml, .yml or .json)")
    validate.set_defaults(run=run.run_validate)


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check",
        help="check canvases for consistency: segments served, types that fit",
        description="Check canvases for consistency. Findings go to standard output, one line each, with the line "
        "they stand on where the file has lines; 'FILE: no findings' and the count go to standard error. "
        "Exit status: 2 if a file could not be read, else 1 if there are findings, else 0.",
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="canvas files (.yaml, .yml, .json) or filled fillable PDFs")
    check.set_defaults(run=run.run_check)


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
    render.add_argument("--paper", default="a4", metavar="SIZE", help=_paper_help())
    render.add_argument("--fillable", action="store_true", help="PDF only: put the text in form fields that can still be edited")
    render.add_argument(
        "--force",
        action="store_true",
        help="overwrite OUTPUT even if it is not an earlier output of the same kind (a canvas file, a filled form, another file)",
    )
    render.set_defaults(run=run.run_render)


def _add_blank(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    blank = commands.add_parser("blank", help="write a blank fillable PDF canvas with guiding questions")
    blank.add_argument("-o", "--output", metavar="FILE", required=True, help="the PDF to write")
    blank.add_argument("--paper", default="a4", metavar="SIZE", help=_paper_help())
    blank.add_argument("--title", default="", help="a title to print in the title field")
    blank.add_argument("--force", action="store_true", help="overwrite FILE even if it is not an untouched blank or form bmckit made")
    blank.set_defaults(run=run.run_blank)


def _paper_help() -> str:
    """The ``--paper`` help, naming the paper sizes of ``layout.toml``."""
    from bmckit.layout import paper_sizes

    *most, last = paper_sizes()
    return f"paper size: {', '.join(most)} or {last} (default: %(default)s)"


def _add_advise(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from bmckit.advice import questions  # the advisor's questions and their answers are its data (advice.toml)

    advise = commands.add_parser(
        "advise",
        help="rank the six relationship types for each segment, with the reasons for and against each",
        description="For each customer segment of FILE, rank the six relationship types from the segment's market type and "
        "customer value and the answers given, each with its reasons from the knowledge base. It explains; you decide.",
    )
    advise.add_argument("file", metavar="FILE", help="a canvas file (.yaml, .yml, .json) or a filled fillable PDF")
    advise.add_argument("--segment", metavar="ID", help="advise on this segment only")
    for question in questions():
        advise.add_argument(f"--{question.id}", choices=[value for _, value in question.options], help=question.prompt)
    advise.add_argument("--format", choices=("text", "json"), default="text", help="text for people (default), json for programs")
    advise.set_defaults(run=_run_advise)


def _run_advise(args: argparse.Namespace) -> int:
    from bmckit.cli.advise import run_advise

    return run_advise(args)


def _add_batch(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    batch = commands.add_parser(
        "batch",
        help="one personalised fillable canvas per team of a class roster, a zip of them all and an index page",
        description="Read ROSTER (a CSV file from a spreadsheet or a learning platform: a 'team' or 'group' column and, in any "
        "order, optional members, segment and case columns; one row per team or one per student) and write into DIR one "
        "fillable PDF canvas per team, with the team's name and members in its header, its segment in Customer Segments and "
        "its case study's canvas where the roster names one; then index.html and all-teams.zip.",
    )
    batch.add_argument("roster", metavar="ROSTER", help="the class roster, a .csv file (',', ';' or tab separated)")
    batch.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to write into; new or empty")
    batch.add_argument("--paper", default="a4", metavar="SIZE", help=_paper_help())
    batch.add_argument("--case", metavar="NAME", help="start every team the roster gives no case from this case study")
    batch.add_argument("--force", action="store_true", help="write into DIR even if it holds files (same names are replaced)")
    batch.set_defaults(run=_run_classroom("run_batch"))


def _add_review(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    review = commands.add_parser(
        "review",
        help="score a folder of submitted canvases against the rubric: a class report (HTML) and a grade book (CSV)",
        description="Read every canvas file (.yaml, .yml, .json) and filled fillable PDF in DIR and the folders below it, score "
        "each against the rubric's automatic criteria and write a class report and a CSV grade book beside it. Every entry "
        "of DIR is listed with what was done with it: a file that was not scored or could not be read with the reason "
        "(exit status 1 when there is one), and what was skipped (hidden files, links, bmckit's own outputs) with why. "
        "Nothing is written inside DIR.",
    )
    review.add_argument("folder", metavar="DIR", help="the folder of submissions")
    review.add_argument("-o", "--output", metavar="REPORT.html", required=True, help="the report to write (not inside DIR)")
    review.add_argument("--csv", metavar="FILE", help="the grade book to write (default: the report's name ending in .csv)")
    review.add_argument("--title", help="the report's title (default: 'Class review: ' and the folder's name)")
    review.add_argument(
        "--force",
        action="store_true",
        help="replace REPORT.html and the grade book even if they are not earlier outputs of bmckit review "
        "(a grade book with marks typed in, another file)",
    )
    review.set_defaults(run=_run_classroom("run_review"))


def _run_classroom(name: str) -> Callable[[argparse.Namespace], int]:
    def run_command(args: argparse.Namespace) -> int:
        from bmckit.cli import classroom

        command: Callable[[argparse.Namespace], int] = getattr(classroom, name)
        return command(args)

    return run_command


def _add_schema(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = commands.add_parser("schema", help="print the canvas file format as JSON Schema, for editors")
    schema.set_defaults(run=run.run_schema)


_COMMAND_PARSERS = (
    _add_new,
    _add_cases,
    _add_validate,
    _add_check,
    _add_render,
    _add_blank,
    _add_advise,
    _add_batch,
    _add_review,
    _add_schema,
)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
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
