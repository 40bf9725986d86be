"""Tables read for the structures that are tables of numbered rows (ITA measures, performance
reports, risk assessments): ``header`` maps header cells to fields, ``reader`` reads the rows
(continued over pages, under repeated headers), ``placement`` places the cells of rows printed
without their empty cells, ``items`` splits a cell into its list items."""

from extractors.table_cells.header import (
    LABEL_CELL,
    LEADING_NUMBER,
    NUMBER_CELL,
    SEQ_CELL,
    ColumnPatterns,
    map_header,
    read_header,
)
from extractors.table_cells.items import BULLET, cell_items, split_numbered
from extractors.table_cells.reader import (
    Table,
    TableReader,
    TableRow,
    empty_table_checks,
)

__all__ = ["BULLET", "LABEL_CELL", "LEADING_NUMBER", "NUMBER_CELL", "SEQ_CELL", "ColumnPatterns", "Table",
           "TableReader", "TableRow", "cell_items", "empty_table_checks", "map_header", "read_header",
           "split_numbered"]
