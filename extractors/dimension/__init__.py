"""Dimensions (มิติ) and missions (ภารกิจ) of a plan: names, stated project counts, body headings.

Evidence comes from five places: the introduction's list ("มิติที่ 1 การสร้างวัฒนธรรมสุจริต จำนวน
7 โครงการ"), the body headings that open each dimension and mission, the budget table's dimension
and mission cells, its subtotal rows ("รวม<TAB>จำนวน 7 โครงการ"), and the rows other tables give a
dimension (a report's heading rows and its breakdown per มิติ, ``row_mentions``). The table of
contents is never read. Headings are returned in document order, so that cards and tables can take the
dimension and mission of the nearest heading above them.

The budget table's cells are read by ``budget_table.structure_cells`` (the table's grammar lives
there) and handed in as ``TableCells``; ``vocabulary`` holds what both read: the word มิติ with its OCR
variants, and the form of a mission code.
"""

from extractors.dimension.structure import Structure, TableCells, extract
from extractors.dimension.vocabulary import MISSION_CODE, STATED_COUNT

__all__ = ["MISSION_CODE", "STATED_COUNT", "Structure", "TableCells", "extract"]
