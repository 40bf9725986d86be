"""The line grammar of the budget table: one row line -> its parts (a header, or a row's
dimension, mission codes, projects, total label, year values and responsible unit)."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.budget_table.patterns import (
    BAHT,
    DAMAGED_ITEM,
    DIMENSION_CELL,
    GRAND_TOTAL,
    HEADER_CELL,
    KIND,
    LEADING_MARK,
    MISSION_CELL,
    MISSION_CODES_CELL,
    PROJECT_ITEM,
    ROW_NUMBER_CELL,
    SPACES,
    TOTAL_CELL,
    TOTAL_COUNT,
    VALUE_TOKEN,
    YEAR_CELL,
)
from extractors.tables import cells as row_cells
from extractors.tables import is_row
from extractors.thai.numbers import NO_BUDGET, without_specks
from extractors.thai.ocr_tolerance import look_alike_numbers


def line_cells(line: str) -> list[str]:
    """The row line's cells without the list marks OCR leaves at their head ([] outside tables)."""
    return [LEADING_MARK.sub("", c) for c in row_cells(line) or []]


def is_header(line: str) -> bool:
    """A header line of the table (first or repeated): no cell holds a value, a project or a
    mission code, and most cells are header words (OCR garbles some)."""
    if not is_row(line):
        return False
    filled = [c for c in line_cells(line) if c]
    if not filled or any(PROJECT_ITEM.match(c) or MISSION_CELL.match(c) or value_tokens(c) and not YEAR_CELL.match(c)
                         for c in filled):
        return False
    return sum(1 for c in filled if HEADER_CELL.match(c)) >= max(1, 0.6 * len(filled))


def value_tokens(cell: str) -> list[str] | None:
    """The values of one year cell (usually one; two when OCR lost the tab between them)."""
    text = BAHT.sub(" ", cell).strip()
    if not text:
        return None
    if len(text) <= 30 and NO_BUDGET.fullmatch(text):
        return [text]
    tokens = text.split()
    if all(VALUE_TOKEN.match(t) for t in tokens):
        return tokens
    return [text] if without_specks(text) else None  # "20,0|00": one amount with a speck inside


@dataclass
class Line:
    """What one table line holds."""

    index: int
    header: bool = False
    dimension: int | None = None
    dimension_name: str | None = None  # "การสร้าง วัฒนธรรม สุจริต" of the dimension cell
    codes: list[str] = field(default_factory=list)
    mission_names: dict[str, str] = field(default_factory=dict)  # code -> the name printed after it
    items: list[tuple[int | None, str]] = field(default_factory=list)  # (printed number, title)
    # What OCR damaged, as printed: item index -> its number, "dimension" -> the dimension cell's
    # digit, repaired mission code -> the code (``assemble``).
    misread: dict[int | str, int | str] = field(default_factory=dict)
    item_cell: int | None = None
    total: str | None = None  # "dimension" or "grand"
    count: int | None = None
    tokens: list[str] = field(default_factory=list)  # value cells as printed ("" for an empty cell)
    value_cells: list[list[str]] = field(default_factory=list)  # the values of each filled value cell
    items_split: bool = False  # the project cell was cut out of the mission cell (tab lost)
    unit: str | None = None
    loose_text: list[tuple[int, str]] = field(default_factory=list)  # text cells that are none of the above

    @property
    def values(self) -> list[str]:
        return [t for t in self.tokens if t]

    @property
    def is_row(self) -> bool:
        return bool(self.items or self.total or self.values or self.codes or self.dimension)

    def missions(self) -> list[tuple[str, str]]:
        """The mission codes the line prints, each with its name ("" for a code alone)."""
        return [(code, self.mission_names.get(code, "")) for code in self.codes]


def split_items(cell: str, expected: int | None = None) -> tuple[list[tuple[int | None, str]], dict[int, int | str]]:
    """``"8. โครงการ... 9. มาตรการ..."`` -> ``[(8, "โครงการ..."), (9, "มาตรการ...")]``, and the
    numbers OCR damaged (item index -> number as printed).

    A later number starts a new project only when it follows the previous one (n+1), so numbers
    inside titles ("ข้อ 11-13", "พ.ศ. 2560") do not split them. Before a kind word, a number OCR
    misread follows too when a look-alike reading of its digits does ("8. โครงการ... 6. มาตรการ..."
    is 8 and 9); the cell's first number may be the misread one ("7. โครงการ... 2. กิจกรรม..." is
    1 and 2). Of the readings, the one with the most projects wins, then the fewest misread
    numbers, then the one that starts at ``expected`` (the number after the table's last project).
    """
    found = []  # (printed number or speck reading, match, kind word follows)
    for match in PROJECT_ITEM.finditer(cell):
        if match.group("specked"):  # "2.3.มาตรการ": 23 with a speck inside
            found.append((match.group("specked"), match, True))
        elif found or match.start() == 0:
            found.append((int(match.group(1) or match.group(2)), match, bool(KIND.match(cell[match.end():match.end() + 20]))))
    if not found:
        damaged = _damaged_item(cell, expected)
        if damaged is not None:
            return [damaged[:2]], {} if damaged[2] is None else {0: damaged[2]}
        return [(None, clean_title(cell))], {}
    first = found[0][0]
    if isinstance(first, str):
        starts = [int(regex.sub(r"[.| ]", "", first))]
    else:
        starts = [first, *sorted(look_alike_numbers(first))]
    style = bool(found[0][1].group(1) or found[0][1].group("specked"))
    readings = [_item_run(start, found, style) for start in starts]
    best = max(readings, key=lambda r: (len(r[0]), -len(r[1]), r[0][0][0] == expected, r[0][0][0] == starts[0]))
    chosen, misread = best
    items = []
    for k, (number, match) in enumerate(chosen):
        title_end = chosen[k + 1][1].start() if k + 1 < len(chosen) else len(cell)
        items.append((number, clean_title(cell[match.end():title_end])))
    return items, misread


def _damaged_item(cell: str, expected: int | None) -> tuple[int, str, str | None] | None:
    """``(number, title, number as printed or None)`` when the cell opens with a number OCR damaged
    (``DAMAGED_ITEM``) before its title: digits that lost their dot are
    taken when they are the ``expected`` number, letters in its place are read as it."""
    match = DAMAGED_ITEM.match(cell) if expected is not None else None
    if match is None:
        return None
    if match.group("digits"):
        return (expected, clean_title(cell[match.end():]), None) if int(match.group("digits")) == expected else None
    return expected, clean_title(cell[match.end():]), match.group("letters")


def _item_run(start: int, found: list, style: bool) -> tuple[list[tuple[int, regex.Match]], dict[int, int | str]]:
    """The projects of a cell read from its first number as ``start``: each later number that
    follows (n+1; n+2 before a kind word, OCR lost one) or whose look-alike reading does."""
    printed, match, _ = found[0]
    run = [(start, match)]
    misread: dict[int, int | str] = {} if printed == start else {0: printed}
    for number, match, kind_follows in found[1:]:
        if isinstance(number, str) or style != bool(match.group(1)):
            continue
        previous = run[-1][0]
        if number - previous == 1 or number - previous == 2 and kind_follows:
            run.append((number, match))
        elif kind_follows and previous + 1 in look_alike_numbers(number):
            misread[len(run)] = number
            run.append((previous + 1, match))
    return run, misread


def _embedded_item(name: str) -> int | None:
    """Where a numbered project with its kind word starts inside a mission's name: the mission
    cell and the project cell run together when OCR lost the tab between them
    ("การเสริมสร้างจิตสำนึก...ในท้องถิ่น 3. มาตรการยกย่อง..." -> the offset of "3.")."""
    return next((m.start() for m in PROJECT_ITEM.finditer(name) if m.start() > 0 and KIND.match(name[m.end():])),
                None)


def clean_title(text: str) -> str:
    return SPACES.sub(" ", text.replace("•", " ")).strip(" -")


def parse_line(line: str, index: int, expected: int | None = None) -> Line:
    """What one table line holds; ``expected``: the number the next project should have."""
    parts = Line(index)
    if is_header(line):
        parts.header = True
        return parts
    cells = line_cells(line)
    texts: list[tuple[int, str]] = []
    row_number: tuple[int, int] | None = None  # (cell index, number) of a "ที่" column
    k = 0
    # Left part: dimension, mission codes, projects, total labels; it ends at the first value.
    while k < len(cells):
        cell = cells[k]
        if not cell:
            k += 1
            continue
        following = next((c for c in cells[k + 1:] if c), "")
        if not texts and ROW_NUMBER_CELL.match(cell) and following and value_tokens(following) is None:
            row_number = (k, int(ROW_NUMBER_CELL.match(cell).group(1)))
        elif MISSION_CODES_CELL.match(cell):
            parts.codes.extend(cell.split())
        elif TOTAL_CELL.match(cell):
            parts.total = "grand" if GRAND_TOTAL.search(cell) else "dimension"
            count = TOTAL_COUNT.match(cell)
            parts.count = int(count.group(1)) if count else parts.count
        elif parts.total and TOTAL_COUNT.match(cell):
            parts.count = int(TOTAL_COUNT.match(cell).group(1))
        elif value_tokens(cell) is not None:
            break
        else:
            texts.append((k, cell))
        k += 1
    # Year values, then whatever text follows them: the responsible unit (หมายเหตุ column).
    tokens: list[str] = []
    unit: list[str] = []
    for cell in cells[k:]:
        values = value_tokens(cell) if not unit else None
        if values is not None:
            tokens.extend(values)
            parts.value_cells.append(values)
        elif cell:
            unit.append(cell)
        elif not unit:
            tokens.append("")
    while tokens and not tokens[-1]:
        tokens.pop()
    parts.tokens = tokens
    parts.unit = " ".join(unit) or None
    # Which text cell is the project cell: the last one led by a number or a kind word, maybe
    # after a mission code ("1.1.1 (1) โครงการ..."); a code before a kind word alone is a mission
    # name ("2.2 มาตรการส่งเสริมคุณธรรม...") unless nothing follows it but the values. The last
    # cell before the values may be a mission cell and a project cell whose tab OCR lost.
    project_at = None
    split_at = None  # where the project cell starts inside the mission cell's name
    for position, (cell_index, text) in reversed(list(enumerate(texts))):
        code = MISSION_CELL.match(text)
        rest = text[code.end():] if code else text
        last = position == len(texts) - 1 and bool(tokens)
        if PROJECT_ITEM.match(rest) or KIND.match(rest) and (not code or last) or _damaged_item(rest, expected):
            project_at = position
        elif code and last and (split_at := _embedded_item(rest)) is not None:
            project_at = position
        if not code or project_at is not None:
            break
    for position, (cell_index, text) in enumerate(texts):
        code = MISSION_CELL.match(text)
        if position == project_at:
            item_text = text[code.end():] if code else text
            if code:
                parts.codes.extend(code.group(1).split())
            if split_at is not None:
                parts.mission_names[parts.codes[-1]] = item_text[:split_at].strip()
                item_text, parts.items_split = item_text[split_at:], True
            parts.items, parts.misread = split_items(item_text, expected)
            parts.item_cell = cell_index
            if row_number and parts.items[0][0] is None:
                parts.items[0] = (row_number[1], parts.items[0][1])
        elif code:
            codes = code.group(1).split()
            parts.codes.extend(codes)
            if text[code.end():]:
                parts.mission_names[codes[-1]] = text[code.end():]
        elif (parts.dimension is None and not parts.total and DIMENSION_CELL.match(text)
              and (project_at is None or position < project_at)):
            dimension_cell = DIMENSION_CELL.match(text)
            parts.dimension, parts.dimension_name = int(dimension_cell.group(1)), text[dimension_cell.end():]
        else:
            parts.loose_text.append((cell_index, text))
    return parts
