"""The ``thaiplan`` command line: thin click commands over the pipeline (sqlite-utils style).

Library exceptions become ``click.ClickException`` with text a user can act on, here and only here.
Exit codes (README): 0 every input extracted, 1 some input or stage failed (the errors table says
which), 2 usage error, 3 the output could not be written, 4 another run holds the output folder,
130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import shutil
import signal
import sys
import time
from pathlib import Path

import click

from pipeline import __version__
from pipeline.limits import (
    DOC_TIMEOUT_SECONDS,
    MAX_INPUT_BYTES,
    MAX_PDF_BYTES,
    MAX_PDF_PAGES,
    PAGE_TIMEOUT_SECONDS,
    InputLimits,
)
from pipeline.lock import OutputBusy
from pipeline.registry import StageOrderError
from pipeline.schemas import SCHEMAS, data_dictionary_markdown
from pipeline.stages import all_stages
from pipeline.writer import OutputError

DEFAULT_IN = "data/raw"
DEFAULT_OUT = "data/processed"
EXIT_OUTPUT_FAILED = 3
EXIT_OUTPUT_BUSY = 4
MB = 1024 * 1024


class OutputFailed(click.ClickException):
    exit_code = EXIT_OUTPUT_FAILED


class OutputInUse(click.ClickException):
    exit_code = EXIT_OUTPUT_BUSY


class Terminated(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt, so that the run stops the same way."""


def _raise_terminated(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the cleanup short
    raise Terminated()


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


class ExtractProgress:
    """What `thaiplan extract` says on stderr while it runs: a progress bar on a terminal
    (documents done/total, MB/s, failures so far), one line per error, nothing else otherwise."""

    def __init__(self, show_bar: bool, quiet: bool) -> None:
        self.show_bar, self.quiet = show_bar, quiet
        self.bar = None
        self.failed = 0
        self.done_bytes = 0
        self.started_at = time.monotonic()

    def started(self, total: int, reused: int, todo_bytes: int) -> None:
        self.started_at = time.monotonic()
        if self.show_bar and total > reused:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread in the process that forks the workers
            # A terminal that reports no size (0 x 0, as some ptys do) would hide the bar.
            size = shutil.get_terminal_size((100, 24))
            self.bar = tqdm(total=total, initial=reused, unit="doc", desc="extract", file=sys.stderr,
                            ncols=size.columns or 100, nrows=size.lines or 24)

    def extracted(self, outcome) -> None:
        self.done_bytes += outcome.size
        self.failed += bool(outcome.errors)
        for error in outcome.errors:
            self._echo(f"error: {error['message']}")
        if self.bar is not None:
            self.bar.set_postfix_str(self._rates(), refresh=False)
            self.bar.update(1)

    def failed_before(self, outcome) -> None:
        for error in outcome.errors:
            self._echo(f"error: {error['message']}")

    def pages(self, source_file: str, done: int, total: int) -> None:
        """A long scan shows its pages, so a bar that stays on one document is seen to move."""
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self._rates()}; {Path(source_file).name}: page {done}/{total}")

    def _rates(self) -> str:
        rate = self.done_bytes / 1e6 / max(time.monotonic() - self.started_at, 1e-6)
        return f"{rate:.2f} MB/s, {self.failed} failed"

    def note(self, message: str) -> None:
        if not self.quiet:
            self._echo(f"note: {message}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def _echo(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)


@cli.command()
# Not checked here: an unreadable or missing input is an errors row, and the rest of the batch runs.
@click.argument("paths", nargs=-1, type=click.Path(readable=False, path_type=str))
@out_option
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Documents extracted in parallel.  [default: number of cores]")
@click.option("--force", is_flag=True, help="Extract every document again, even those unchanged since the last run.")
@click.option("--doc-timeout", type=click.FloatRange(min=0), default=DOC_TIMEOUT_SECONDS, show_default=True,
              help="Give up on a document after this many seconds plus --page-timeout per scanned page "
                   "(0: no limit); the batch goes on.")
@click.option("--page-timeout", type=click.FloatRange(min=0), default=PAGE_TIMEOUT_SECONDS, show_default=True,
              help="Seconds a document's time limit grows by for each page it reads by OCR.")
@click.option("--stages", "only", help="Run only these stages (comma-separated) and what they need.")
@click.option("--skip", default="", help="Stages to leave out (comma-separated).")
@click.option("--max-mb", type=click.FloatRange(min=0.001), default=MAX_INPUT_BYTES // MB, show_default=True,
              help="Refuse text files larger than this many megabytes.")
@click.option("--max-pdf-mb", type=click.FloatRange(min=0.001), default=MAX_PDF_BYTES // MB, show_default=True,
              help="Refuse PDFs larger than this many megabytes (a 300 dpi scan is about 1 MB a page).")
@click.option("--max-pages", type=click.IntRange(min=1), default=MAX_PDF_PAGES, show_default=True,
              help="Refuse PDFs with more pages than this (OCR takes about a second a page).")
@click.option("--scheduler", envvar="DASK_SCHEDULER_ADDRESS", metavar="tcp://HOST:PORT",
              help="Extract on this Dask cluster (its workers must see the input paths); also from "
                   "DASK_SCHEDULER_ADDRESS.")
@click.option("--debug", is_flag=True, help="Put Python tracebacks into error messages.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary line.")
def extract(paths, out_dir, jobs, force, doc_timeout, page_timeout, only, skip, max_mb, max_pdf_mb, max_pages,
            scheduler, debug, quiet):
    """Extract every document under PATHS (files or folders; default data/raw) into Parquet tables.

    \b
    Examples:
        thaiplan extract                                  # data/raw -> data/processed
        thaiplan extract plans/ extra.txt --out tables/
        thaiplan extract plans/ --jobs 4 --doc-timeout 300
        thaiplan extract plans/ --stages budget_table     # only the budget tables
    Input files are .txt/.md (UTF-8, UTF-16 with BOM, TIS-620/Windows-874) and PDFs (their text
    layer, or Tesseract's Thai OCR for scanned pages). A file that cannot be read gets a row in
    the errors table and a line on stderr; the others go on.

    Runs are incremental: a document already extracted from the same bytes by the same
    thaiplan is not extracted again (--force does); its stored rows are reused, and inputs no
    longer given lose their rows. Results are kept in OUT/.thaiplan.
    """
    from pipeline.batch import run_batch

    def split(value):
        return [s.strip() for s in value.split(",") if s.strip()] if value else []

    progress = ExtractProgress(show_bar=sys.stderr.isatty() and not quiet, quiet=quiet)
    limits = InputLimits(int(max_mb * MB), max_pages, int(max_pdf_mb * MB))
    previous_handler = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        summary = run_batch(list(paths) or [DEFAULT_IN], out_dir, only=split(only) or None, skip=split(skip),
                            debug=debug, limits=limits, jobs=jobs, force=force, doc_timeout=doc_timeout or None,
                            page_timeout=page_timeout, observer=progress, scheduler=scheduler)
    except StageOrderError as exc:
        raise click.UsageError(str(exc)) from exc
    except OutputBusy as exc:
        raise OutputInUse(str(exc)) from exc
    except OutputError as exc:
        raise OutputFailed(str(exc)) from exc
    except (KeyboardInterrupt, Terminated) as exc:
        progress.close()
        what, code = ("interrupted", 130) if isinstance(exc, KeyboardInterrupt) else ("terminated", 143)
        click.echo(f"{what}: the workers were stopped and the tables left as they were; documents finished so "
                   "far are kept and the next run goes on from there.", err=True)
        sys.exit(code)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        progress.close()
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
        uses = f"  uses {', '.join(s.uses)}" if s.uses else ""
        click.echo(f"{s.name:<20} requires {', '.join(s.requires) or '-':<22} assigns {', '.join(s.assigns) or '-'}{uses}")
        if s.doc:
            click.echo(f"{'':<20} {s.doc.splitlines()[0]}")


@cli.command()
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default="../shared/gold", show_default=True, help="Folder of <stem>.gold.json annotations.")
@out_option
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the full result (every miss, calibration per table) as JSON.")
@click.option("--misses", "max_misses", type=int, default=30, show_default=True, help="Misses to print.")
@click.option("--floor", "floor_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Exit 1 if overall or any table's accuracy is below this floor file.")
@click.option("--write-floor", "write_floor", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the current accuracies (rounded down) as the new floor file; an existing floor "
                   "is only raised.")
@click.option("--allow-lower", is_flag=True, help="Let --write-floor lower an existing floor.")
def evaluate(gold_dir, out_dir, json_file, max_misses, floor_file, write_floor, allow_lower):
    """Field-level accuracy of the tables in --out against gold annotations, with calibration.

    Documents are matched by file-name stem; text is compared after normalisation, numbers
    within 0.5 baht; objects marked "ambiguous" are skipped. Calibration shows how often fields
    are right per confidence band (>= 0.9 should be >= 99% right).

    \b
    Examples:
        thaiplan evaluate --gold ../shared/gold --out data/processed
        thaiplan evaluate --json eval.json --misses 100
        thaiplan evaluate --write-floor tests/accuracy_floor.json   # after extractors improved
        thaiplan evaluate --floor tests/accuracy_floor.json         # exit 1 on a regression
    """
    import json

    from pipeline.evaluate import below_floor, floor_of, summary_text
    from pipeline.evaluate import evaluate as run_evaluation
    from pipeline.review import OutputFolderError

    try:
        evaluation = run_evaluation(out_dir, gold_dir)
    except (OutputFolderError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(summary_text(evaluation, max_misses))
    if json_file:
        json_file.write_text(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    if write_floor:
        # A floor that silently follows a regression down protects nothing.
        old = json.loads(write_floor.read_text(encoding="utf-8")) if write_floor.exists() else {}
        lowered = below_floor(evaluation, old)
        if lowered and not allow_lower:
            raise click.ClickException(f"{write_floor} was not written: it would lower the floor "
                                       f"({'; '.join(lowered)}). Fix the regression, or pass --allow-lower "
                                       "if the drop is intended.")
        write_floor.write_text(json.dumps(floor_of(evaluation), indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote floor {write_floor}", err=True)
    if floor_file:
        failures = below_floor(evaluation, json.loads(floor_file.read_text(encoding="utf-8")))
        for failure in failures:
            click.echo(f"below floor: {failure}", err=True)
        if failures:
            sys.exit(1)


@cli.command()
@click.argument("out_dir", metavar="DIR", default=DEFAULT_OUT,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="List fields whose confidence is below this.")
@click.option("--out", "csv_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
              help="CSV file to write ('-' for stdout)  [default: DIR/review.csv]")
def review(out_dir, threshold, csv_file):
    """Write a CSV of what a human should check: low-confidence fields and failed checks.

    Each row names the document, table, row key, field, value, confidence and reason, with the
    source line and a few lines of the original file around it. UTF-8 with BOM, so Excel shows Thai.

    \b
    Examples:
        thaiplan review data/processed                     # -> data/processed/review.csv
        thaiplan review data/processed --threshold 0.9 --out check.csv
    """
    from pipeline.review import OutputFolderError, review_csv, review_items

    try:
        items = review_items(out_dir, threshold)
    except OutputFolderError as exc:
        raise click.ClickException(str(exc)) from exc
    text = review_csv(items)
    if csv_file == "-":
        click.echo(text, nl=False)
        return
    target = Path(csv_file) if csv_file else out_dir / "review.csv"
    target.write_text(text, encoding="utf-8-sig", newline="")
    click.echo(f"{len(items)} items to review -> {target}", err=True)


@cli.command()
@click.argument("out_dir", metavar="DIR", default=DEFAULT_OUT,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
def report(out_dir):
    """Write DIR/report.html: one self-contained page to open in any browser, offline.

    It shows the documents processed and failed, rows per table, the budget per dimension per
    year as a chart, the failed checks and the lowest-confidence fields with their source lines.

    \b
    Examples:
        thaiplan report data/processed
        thaiplan report tables/ && xdg-open tables/report.html
    """
    from pipeline.report import write_report
    from pipeline.review import OutputFolderError

    try:
        target = write_report(out_dir)
    except OutputFolderError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {target}", err=True)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
