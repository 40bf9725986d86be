"""The ``thaiplan`` command line: thin click commands over the pipeline (sqlite-utils style).

Library exceptions become ``click.ClickException`` with text a user can act on, here and only here.
Exit codes: 0 every input extracted, 1 some input or stage failed (the errors table says which),
2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.registry import StageOrderError, all_stages
from pipeline.schemas import SCHEMAS, data_dictionary_markdown
from pipeline.writer import OutputError

DEFAULT_IN = "data/raw"
DEFAULT_OUT = "data/processed"


def out_option(fn):
    return click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=DEFAULT_OUT, show_default=True, help="Folder of the Parquet tables.")(fn)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="thaiplan")
def cli() -> None:
    """Turn Thai local anti-corruption plans (แผนปฏิบัติการป้องกันการทุจริต) into tidy tables.

    \b
    Quick start:
        thaiplan extract data/raw --out data/processed
        thaiplan schema
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@out_option
@click.option("--stages", "only", help="Run only these stages (comma-separated) and what they need.")
@click.option("--skip", default="", help="Stages to leave out (comma-separated).")
@click.option("--max-mb", type=click.FloatRange(min=0.001), default=64, show_default=True,
              help="Refuse input files larger than this many megabytes.")
@click.option("--debug", is_flag=True, help="Put Python tracebacks into error messages.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary line.")
def extract(paths, out_dir, only, skip, max_mb, debug, quiet):
    """Extract every document under PATHS (files or folders; default data/raw) into Parquet tables.

    \b
    Examples:
        thaiplan extract                                  # data/raw -> data/processed
        thaiplan extract plans/ extra.txt --out tables/
        thaiplan extract plans/ --stages budget_table     # only the budget tables
    Input files are .txt/.md (UTF-8, UTF-16 with BOM, TIS-620/Windows-874). A file that cannot
    be read gets a row in the errors table and a line on stderr; the others go on.
    """
    from pipeline.orchestrate import run_batch

    def split(value):
        return [s.strip() for s in value.split(",") if s.strip()] if value else []

    def report(result):
        for error in result.errors:
            click.echo(f"error: {error['message']}", err=True)
        if not quiet and not result.errors:
            click.echo(f"ok: {result.source_file} ({result.seconds:.2f} s)", err=True)

    try:
        summary = run_batch(list(paths) or [DEFAULT_IN], out_dir, only=split(only) or None, skip=split(skip),
                            debug=debug, max_bytes=int(max_mb * 1024 * 1024), on_document=report)
    except StageOrderError as exc:
        raise click.UsageError(str(exc)) from exc
    except OutputError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(summary.line(), err=True)
    if summary.documents == 0:
        click.echo(f"warning: no input files found under {', '.join(paths) or DEFAULT_IN}", err=True)
    sys.exit(summary.exit_code)


@cli.command()
@click.argument("table", required=False, type=click.Choice(list(SCHEMAS)))
def schema(table):
    """Print the data dictionary (every table and column), generated from the pyarrow schemas.

    \b
    Examples:
        thaiplan schema
        thaiplan schema budget_lines
    """
    if table:
        click.echo(str(SCHEMAS[table]).split("-- schema metadata --")[0])
    else:
        click.echo(data_dictionary_markdown())


@cli.command()
def stages():
    """List the pipeline's stages in run order, with what each requires and produces."""
    for s in all_stages():
        click.echo(f"{s.name:<20} requires {', '.join(s.requires) or '-':<28} assigns {', '.join(s.assigns) or '-'}")
        if s.doc:
            click.echo(f"{'':<20} {s.doc.splitlines()[0]}")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
