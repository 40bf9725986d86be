"""Budget table read: its lines parsed and assembled once, for the dimensions and budget_table stages."""

from extractors import budget_table
from extractors.thai.normalise import NormalisedText
from extractors.records import Segment
from pipeline.registry import StageOutput, stage


@stage("budget_table_read", requires=("norm",), assigns=("budget_tables",), uses=("tables",))
def budget_table_read(norm: NormalisedText, tables: dict[str, list[Segment]] | None = None) -> StageOutput:
    """The budget table(s) read once: rows, groups of projects and totals, before any amount is chosen."""
    zones = tables["budget_table"] if tables else None  # None: the tables stage failed; locate here
    return StageOutput(artefacts={"budget_tables": budget_table.read(norm.lines, zones)})
