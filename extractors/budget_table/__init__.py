"""The plan's budget summary table (ส่วนที่ 2): every project row and its budget per plan year.

The table arrives as tab-separated lines with everything OCR does to tables: the header repeated
on every page, year columns duplicated or drifting (a page with 13 values for 5 years), several
projects in one cell with their amounts on one line or on the lines below, mission codes in
cells of their own, subtotal rows per dimension and a grand total. The reading goes in four
steps, one module each (the patterns they share: ``patterns``):

1. ``locate``: the table's lines (header to grand total, across page breaks).
2. ``lines``: one line -> its parts (dimension, mission codes, projects, values, unit).
3. ``assemble``: lines -> groups of projects (the projects of one cell) and total rows, with
   merged dimension and mission cells carried down.
4. a group's values -> each project's amount per year, by the evidence the document gives (value
   order, card budgets, subtotals), never invented: ``amounts`` (the candidate readings of a
   group's values), ``cards`` (what the project cards say of them), ``cells`` (the reading
   chosen, per project and year), ``totals`` (the subtotals that settle ambiguous groups).

Where a year's subtotals or grand total disagree with its rows, ``misreads`` reads the numbers
involved again through look-alike digits (๖๐,๐๐๐ for ๒๐,๐๐๐) and takes the one reading that
explains the failed checks. ``records`` and ``checks`` turn the result into rows; ``extract``
runs the steps. Steps 1-3 run
once per document (``read``); ``structure_cells`` hands what they read of the plan's structure
(dimension and mission cells, subtotal counts) to ``dimension.extract``, so that the table's cells
have one grammar, and ``extract_budget_table`` reads the amounts of the same tables.

Confidence scale of an amount (``budget_lines.confidence``): 0.95 one printed value per year;
0.9 a drifted row whose values are all equal, '-' for every project of a shared cell, or an
amount of a shared cell that its card confirms; 0.85 a '.' read as thousands separator;
0.6-0.75 an amount placed by its order in a shared cell without card evidence; <= 0.4 values
that could not be aligned or that the cards contradict. A dimension subtotal that agrees raises
shared cells a little; one that disagrees lowers the dimension's amounts, unless the grand total
agrees with the rows (then the subtotal is the document's own error); an amount in a check that
still fails stays under 0.9, and one read through a look-alike digit is 0.85.
"""

from extractors.budget_table.assemble import BudgetTable
from extractors.budget_table.extract import (
    card_matches,
    extract_budget_table,
    read,
    structure_cells,
)
from extractors.budget_table.locate import SEGMENT_KIND, locate

__all__ = ["SEGMENT_KIND", "BudgetTable", "card_matches", "extract_budget_table", "locate", "read", "structure_cells"]
