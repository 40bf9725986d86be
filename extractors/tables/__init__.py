"""Tables of a document, read once from whatever serialisation they came in (see ``model``)."""

from extractors.tables.model import (
    CELL_SEP,
    Cell,
    Row,
    Table,
    cells,
    clean_cell,
    is_row,
    row_line,
)

__all__ = ["CELL_SEP", "Cell", "Row", "Table", "cells", "clean_cell", "is_row", "row_line"]
