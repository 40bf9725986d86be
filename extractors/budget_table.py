"""The plan's budget summary table (ส่วนที่ 2): every project row and its budget per plan year.

The table arrives as tab-separated lines with everything OCR does to tables: the header repeated
on every page, year columns duplicated or drifting (a page with 13 values for 5 years), several
projects in one cell with their amounts on one line or on the lines below, mission codes in
cells of their own, subtotal rows per dimension and a grand total. The reading goes in four
steps:

1. ``locate``: the table's lines (header to grand total, across page breaks).
2. ``_parse_line``: one line -> its parts (dimension, mission codes, projects, values, unit).
3. ``_assemble``: lines -> groups of projects (the projects of one cell) and total rows, with
   merged dimension and mission cells carried down.
4. ``_readings``, ``_choose``, ``_fit_subtotals``: a group's values -> each project's amount per
   year, by the evidence the document gives (value order, card budgets, subtotals), never invented.

``structure_cells`` hands what steps 2-3 read of the plan's structure (dimension and mission cells,
subtotal counts) to ``dimension.extract``, so that the table's cells have one grammar.

Confidence scale of an amount (``budget_lines.confidence``): 0.95 one printed value per year;
0.9 a drifted row whose values are all equal, '-' for every project of a shared cell, or an
amount of a shared cell that its card confirms; 0.85 a '.' read as thousands separator;
0.6-0.75 an amount placed by its order in a shared cell without card evidence; <= 0.4 values
that could not be aligned or that the cards contradict. A dimension subtotal that agrees raises
shared cells a little; one that disagrees lowers the dimension's amounts, unless the grand total
agrees with the rows (then the subtotal is the document's own error).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from extractors import dimension
from extractors.records import CROSS_FAIL, CROSS_OK, EXACT, INFERRED, REPAIRED, WEAK, Record, Segment, check
from extractors.thai.dates import BE_YEAR
from extractors.thai.numbers import DASH, NO_BUDGET, PROJECT_COUNT, Amount, parse_amount
from extractors.thai.vocabulary import DIMENSION_WORD, PROJECT_WORD
from extractors.thai.titles import same_title, similar_titles, title_similarity

# --- Thai patterns of the budget table (examples are real lines after normalisation) -------------
# A header cell. "มิติ\tภารกิจตามมิติ\tโครงการ/กิจกรรม/มาตรการ\tปี 2566\t...\tปี 2570\tหมายเหตุ",
# its second line "\t\t\tงบประมาณ บาท\tงบประมาณ (บาท)\t...", OCR variants "มิตี\tภารกิจตามมิตี",
# drifted cells "ปี 2566 งบประมาณ บาท"; other templates: "ที่", "ลำดับ", "ชื่อโครงการ",
# "หน่วยงานรับผิดชอบ", a row-total column "รวม 5 ปี".
HEADER_CELL = regex.compile(
    rf"^(?:{DIMENSION_WORD}|ภารกิจ|(?:ชื่อ)?{PROJECT_WORD}\s*(?:/|$)|ปี(?:\s|งบ|$)"
    r"|พ\.\s?ศ\.|งบประมาณ|หมายเหตุ|หน่วยงาน|ผู้รับผิดชอบ|\(?บาท|ลำดับ|ที่$|รวม|25[0-9]{2}(?![0-9]))"
)
# The first header line names the table's columns: "มิติ", "ภารกิจตามมิติ", "โครงการ/กิจกรรม/มาตรการ".
TABLE_HEADER_WORD = regex.compile(rf"{DIMENSION_WORD}|ภารกิจ|โครงการ")
# A year column: "ปี 2566", "ปี 2566 งบประมาณ บาท", "ปีงบประมาณ 2561", "พ.ศ. 2564", a bare "2562",
# the short "ปี 66"; not a year mentioned elsewhere in the header ("แผนฯ (พ.ศ. 2566-2570)" is a
# fallback only).
YEAR_CELL = regex.compile(
    r"^(?:(?:งบประมาณ\s*)?(?:ปี\s*(?:งบประมาณ\s*)?)?(?:พ\.\s?ศ\.\s*)?)(25[0-9]{2})(?![0-9])"
    r"|^ปี\s*(?:พ\.\s?ศ\.\s*)?([5-7][0-9])(?![0-9])"
)
# A row number in a cell of its own (a "ที่" column): "1", "12.".
ROW_NUMBER_CELL = regex.compile(r"^([0-9]{1,3})\.?$")
# The intro line above the table: "โครงการ/กิจกรรม/มาตรการ รวมจำนวน 25 โครงการ ดังนี้",
# "รวมทั้งสิ้นจำนวน 25 โครงการ".
STATED_PLAN_COUNT = regex.compile(r"รวม\s*(?:ทั้งสิ้น\s*)?" + PROJECT_COUNT.pattern)
# Mission codes alone in a cell: "1.1 1.1.1", "2.2.3", "2.3 2.3.1".
_CODE = dimension.MISSION_CODE  # "1.1", "2.1.3": the form of a code is the dimensions' to say
MISSION_CODES_CELL = regex.compile(rf"^{_CODE}(?:\s+{_CODE})*$")
# Mission codes leading a cell, before the mission's name: "1.1 การเสริมสร้าง จิตสำนึก ...",
# "1.1 1.1.1 การเปิดเผยข้อมูล...", or a project's: "1.1.1 (1) โครงการ...".
MISSION_CELL = regex.compile(rf"^((?:{_CODE}\s+)*{_CODE})(?![0-9.])\s*")
# The dimension's cell: "1. การสร้าง วัฒนธรรม สุจริต", "2. การบริหาร ราชการด้วย ความ โปร่งใส",
# "มิติที่ 3 การส่งเสริมบทบาท..."; the same as a line of its own above a table's rows.
DIMENSION_CELL = regex.compile(rf"^(?:{DIMENSION_WORD})?\s*([1-9])\s*\.?\s*(?=[^\s0-9.])")
DIMENSION_HEADING = regex.compile(rf"^(?:{DIMENSION_WORD})\s*([1-9])(?![0-9])")
# A numbered project inside the project cell: "1. โครงการพัฒนา...", "11.โครงการส่งเสริม...",
# "18. ส่งเสริมการมีส่วนร่วม..."; several in one cell: "8. โครงการ... 9. มาตรการ..."; older
# templates number them per mission, after its code: "1.1.1 (1) โครงการ...", "(2) กิจกรรม...".
PROJECT_ITEM = regex.compile(r"(?:^|(?<=\s))(?:([0-9]{1,3})\s?\.(?![0-9])|\(([0-9]{1,3})\))\s*(?=\S)")
# The kind of project: the title's first word ("มาตรการ “ส่งเสริม...", "โครงการ/กิจกรรม ประเมิน...").
KIND = regex.compile(r"^[\"“”'‘’(\s]*(" + PROJECT_WORD + ")")
# A total row's label: "รวม" (subtotal of a dimension), "รวมทั้งสิ้น" / "รวมทั้งหมด" (grand total).
TOTAL_CELL = regex.compile(rf"^รวม(?=\s|$|ทั้ง|จำนวน|{DIMENSION_WORD}|[0-9])")
GRAND_TOTAL = regex.compile(rf"ทั้งสิ้น|ทั้งหมด|ทุก{DIMENSION_WORD}|[0-9]\s*{DIMENSION_WORD}")
# The project count on a total row: "จำนวน 7 โครงการ", "18 โครงการ", "รวม 7 โครงการ".
TOTAL_COUNT = regex.compile(r"^(?:รวม\S*\s*)?" + PROJECT_COUNT.pattern)
# One value in a year column: "30,000", "1,765,000", "30.000" (OCR), "20,000.-", "10,000 บาท", "-".
VALUE_TOKEN = regex.compile(
    r"^(?:(?:[0-9]{1,3}(?:[,.][0-9]{3})+(?:\.[0-9]{2})?|[0-9]+(?:\.[0-9]{2})?)(?:\.-)?|[\-–—]+)$"
)
BAHT = regex.compile(r"\s*บาท\s*")
# Leading list marks OCR keeps in cells: "- สำนักปลัด", "• กองคลัง".
LEADING_MARK = regex.compile(r"^[\-•·]\s+(?=\S)")
SPACES = regex.compile(r"\s+")
# -----------------------------------------------------------------------------------------------

SEGMENT_KIND = "budget_table"
# Title likeness at which a card's "(N)" row hint is taken, and at which a card's title alone names a row.
CARD_HINT_AGREES = 0.5
CARD_TITLE_MATCH = 0.6
_LOOKAHEAD = 8  # lines scanned past page furniture (page numbers, running titles) inside a table


def _cells(line: str) -> list[str]:
    return [LEADING_MARK.sub("", c.strip()) for c in line.split("\t")]


def _is_header(line: str) -> bool:
    """A header line of the table (first or repeated): no cell holds a value, a project or a
    mission code, and most cells are header words (OCR garbles some)."""
    if "\t" not in line:
        return False
    filled = [c for c in _cells(line) if c]
    if not filled or any(PROJECT_ITEM.match(c) or MISSION_CELL.match(c) or _value_tokens(c) and not YEAR_CELL.match(c)
                         for c in filled):
        return False
    return sum(1 for c in filled if HEADER_CELL.match(c)) >= max(1, 0.6 * len(filled))


def _starts_table(lines: list[str], i: int) -> bool:
    """A header with year columns on this line or the next (the years may sit on the second line)."""
    if not _is_header(lines[i]) or not TABLE_HEADER_WORD.search(lines[i]):
        return False
    header = lines[i:i + 2] if i + 1 < len(lines) and _is_header(lines[i + 1]) else lines[i:i + 1]
    return len(_header_years(header)) >= 2


def _value_tokens(cell: str) -> list[str] | None:
    """The values of one year cell (usually one; two when OCR lost the tab between them)."""
    text = BAHT.sub(" ", cell).strip()
    if not text:
        return None
    if len(text) <= 30 and NO_BUDGET.fullmatch(text):
        return [text]
    tokens = text.split()
    return tokens if all(VALUE_TOKEN.match(t) for t in tokens) else None


def _is_grand_total(line: str) -> bool:
    cells = [c for c in _cells(line) if c]
    return any(TOTAL_CELL.match(c) and GRAND_TOTAL.search(c) for c in cells[:3])


def locate(lines: list[str]) -> list[Segment]:
    """Budget tables: from a header with year columns to the grand total (or the table's last row).

    Blank lines (page breaks), repeated headers and page furniture between pages stay inside.
    """
    segments: list[Segment] = []
    i = 0
    while i < len(lines):
        if not _starts_table(lines, i):
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if not line.strip():
                j += 1
                continue
            if "\t" in line:
                end = j
                if _is_grand_total(line):
                    break
                j += 1
                continue
            # A line without cells: page furniture when the table goes on below it.
            ahead = [k for k in range(j + 1, min(len(lines), j + _LOOKAHEAD)) if lines[k].strip()]
            below = lines[ahead[0]] if ahead else ""
            if "\t" in below and (_is_header(below) or _parse_line(below, ahead[0]).is_row):
                j = ahead[0]
                continue
            break
        years = _header_years(lines[start:end + 1])
        label = f"ตารางงบประมาณ ปี {years[0]}-{years[-1]}" if years else "ตารางงบประมาณ"
        segments.append(Segment(SEGMENT_KIND, start, end, label))
        i = end + 1
    return segments


def _header_years(lines: list[str]) -> list[int]:
    """Years of the year columns from the header lines (repeats and drift collapse). Without
    year cells, a range in the header ("งบประมาณ (พ.ศ. 2566-2570)") gives them."""
    headers = [line for line in lines if _is_header(line)]
    years = {int(m.group(1)) if m.group(1) else 2500 + int(m.group(2))
             for line in headers for c in _cells(line) if (m := YEAR_CELL.match(c))}
    if len(years) < 2:
        mentioned = [int(y) for line in headers for y in BE_YEAR.findall(line)]
        years = set(range(min(mentioned), max(mentioned) + 1)) if len(set(mentioned)) >= 2 else set()
    return sorted(years)


# --- one line -> its parts -------------------------------------------------------------------------


@dataclass
class _Line:
    """What one table line holds."""

    index: int
    header: bool = False
    dimension: int | None = None
    dimension_name: str | None = None  # "การสร้าง วัฒนธรรม สุจริต" of the dimension cell
    codes: list[str] = field(default_factory=list)
    mission_names: dict[str, str] = field(default_factory=dict)  # code -> the name printed after it
    items: list[tuple[int | None, str]] = field(default_factory=list)  # (printed number, title)
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


def _split_items(cell: str) -> list[tuple[int | None, str]]:
    """``"8. โครงการ... 9. มาตรการ..."`` -> ``[(8, "โครงการ..."), (9, "มาตรการ...")]``.

    A later number starts a new project only when it follows the previous one (n+1), so numbers
    inside titles ("ข้อ 11-13", "พ.ศ. 2560") do not split them.
    """
    starts: list[tuple[int, int, int]] = []  # (number, match start, title start)
    style = None  # "1." or "(1)": later projects of the cell are numbered the same way
    for match in PROJECT_ITEM.finditer(cell):
        number = int(match.group(1) or match.group(2))
        # A skipped number (OCR lost one) is accepted only before a kind word: "8. ... 10. โครงการ".
        step = number - starts[-1][0] if starts else 0
        kind_follows = KIND.match(cell[match.end():match.end() + 20])
        if not starts and match.start() == 0 or (step == 1 or step == 2 and kind_follows) \
                and style == bool(match.group(1)):
            style = bool(match.group(1))
            starts.append((number, match.start(), match.end()))
    if not starts:
        return [(None, _clean_title(cell))]
    items = []
    for k, (number, _, title_start) in enumerate(starts):
        title_end = starts[k + 1][1] if k + 1 < len(starts) else len(cell)
        items.append((number, _clean_title(cell[title_start:title_end])))
    return items


def _embedded_item(name: str) -> int | None:
    """Where a numbered project with its kind word starts inside a mission's name: the mission
    cell and the project cell run together when OCR lost the tab between them
    ("การเสริมสร้างจิตสำนึก...ในท้องถิ่น 3. มาตรการยกย่อง..." -> the offset of "3.")."""
    return next((m.start() for m in PROJECT_ITEM.finditer(name) if m.start() > 0 and KIND.match(name[m.end():])),
                None)


def _clean_title(text: str) -> str:
    return SPACES.sub(" ", text.replace("•", " ")).strip(" -")


def _parse_line(line: str, index: int) -> _Line:
    parts = _Line(index)
    if _is_header(line):
        parts.header = True
        return parts
    cells = _cells(line)
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
        if not texts and ROW_NUMBER_CELL.match(cell) and following and _value_tokens(following) is None:
            row_number = (k, int(ROW_NUMBER_CELL.match(cell).group(1)))
        elif MISSION_CODES_CELL.match(cell):
            parts.codes.extend(cell.split())
        elif TOTAL_CELL.match(cell):
            parts.total = "grand" if GRAND_TOTAL.search(cell) else "dimension"
            count = TOTAL_COUNT.match(cell)
            parts.count = int(count.group(1)) if count else parts.count
        elif parts.total and TOTAL_COUNT.match(cell):
            parts.count = int(TOTAL_COUNT.match(cell).group(1))
        elif _value_tokens(cell) is not None:
            break
        else:
            texts.append((k, cell))
        k += 1
    # Year values, then whatever text follows them: the responsible unit (หมายเหตุ column).
    tokens: list[str] = []
    unit: list[str] = []
    for cell in cells[k:]:
        values = _value_tokens(cell) if not unit else None
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
        if PROJECT_ITEM.match(rest) or KIND.match(rest) and (not code or last):
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
            parts.items = _split_items(item_text)
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


# --- lines -> groups and totals ------------------------------------------------------------------


@dataclass
class _Project:
    no: int | None
    title: str
    line: int
    seq: int = 0  # position in the table: the key of its cells (printed numbers may repeat)
    dimension_no: int | None = None
    dimension_score: tuple[float, str] = (0.0, WEAK)
    mission_code: str | None = None
    mission_score: tuple[float, str] = (0.0, WEAK)
    number_score: tuple[float, str] = (0.95, EXACT)
    title_score: tuple[float, str] = (0.9, EXACT)
    unit: str | None = None


@dataclass
class _Group:
    """Projects printed in one cell, with the value lines that belong to that cell."""

    projects: list[_Project]
    line: int
    cell: int | None
    value_lines: list[_Line] = field(default_factory=list)

    @property
    def dimension_no(self) -> int | None:
        return self.projects[0].dimension_no


@dataclass
class _Total:
    scope: str
    dimension_no: int | None
    count: int | None
    line: _Line


@dataclass
class _Table:
    years: list[int]
    groups: list[_Group]
    totals: list[_Total]
    stated_plan_count: tuple[int, int] | None  # (count, line)
    header_line: int
    rows: list[_Line]  # every line with cells but the headers, as read


def _code_dimension(code: str) -> int:
    return int(code.split(".")[0])


@dataclass
class _Context:
    """Where the reading is: merged dimension and mission cells carry down to the rows below."""

    dimension: int | None = None
    dimension_score: tuple[float, str] = (0.0, WEAK)  # for rows that only inherit it
    mission: str | None = None
    after_total: bool = False
    last_no: int = 0


def _most_specific(codes: list[str]) -> str:
    return max(codes, key=lambda c: (c.count("."), c))


def _assemble(lines: list[str], segment: Segment, years: list[int]) -> _Table:
    groups: list[_Group] = []
    totals: list[_Total] = []
    rows: list[_Line] = []
    codes_seen: set[str] = set()
    pending_codes: list[tuple[_Group, list[str]]] = []  # code-only lines below a group
    context = _Context()
    for index in range(segment.start, segment.end + 1):
        line = lines[index]
        if "\t" not in line:
            heading = DIMENSION_HEADING.match(line)
            if heading:  # "มิติที่ 2 ..." above the rows of one dimension
                context.dimension, context.after_total = int(heading.group(1)), False
                context.dimension_score = (0.9, f"{INFERRED}: dimension heading above the rows")
            continue
        parts = _parse_line(line, index)
        if parts.header or not parts.is_row and not parts.loose_text:
            continue
        if _is_dimension_heading(parts, line, context):
            (parts.dimension, parts.dimension_name), parts.items, parts.item_cell = parts.items[0], [], None
        rows.append(parts)
        codes_seen.update(parts.codes)
        last_group = groups[-1] if groups and not context.after_total else None
        if parts.total:
            totals.append(_Total(parts.total, context.dimension if parts.total == "dimension" else None,
                                 parts.count, parts))
            context.after_total = True
            continue
        _follow(context, parts)
        if parts.items:
            groups.append(_new_group(parts, context))
            context.last_no = groups[-1].projects[-1].no or context.last_no
        elif last_group is None:
            continue
        elif parts.codes and not parts.values:
            pending_codes.append((last_group, parts.codes))
        elif parts.values:
            last_group.value_lines.append(parts)  # amounts on the lines below the projects
            if len(last_group.value_lines) == 1:
                if parts.loose_text:
                    _continue_title(last_group, parts)  # the title's last line beside them
                for project in last_group.projects:
                    project.unit = project.unit or parts.unit
        elif parts.loose_text:
            _continue_title(last_group, parts)
    _refine_missions(groups, pending_codes, codes_seen)
    _number_projects(groups)
    for seq, project in enumerate(p for g in groups for p in g.projects):
        project.seq = seq
    return _Table(years, groups, totals, _stated_plan_count(lines, segment), segment.start, rows)


def _follow(context: _Context, parts: _Line) -> None:
    """Move the context to the dimension and mission this line prints (if any)."""
    code_dims = {_code_dimension(c) for c in parts.codes}
    if parts.dimension is not None:
        context.dimension, context.after_total = parts.dimension, False
        context.dimension_score = (0.9, f"{INFERRED}: merged dimension cell above")
    elif len(code_dims) == 1 and code_dims != {context.dimension}:
        context.dimension, context.after_total = code_dims.pop(), False
        context.dimension_score = (0.9, f"{INFERRED}: mission code above")
    elif parts.items and context.after_total and not parts.codes and context.dimension is not None:
        # A new dimension whose name cell OCR lost: the one after the subtotal's.
        context.dimension, context.after_total = context.dimension + 1, False
        context.dimension_score = (0.6, f"{INFERRED}: first rows after a subtotal, no dimension printed")
    if parts.codes:
        context.mission = _most_specific(parts.codes)


def _new_group(parts: _Line, context: _Context) -> _Group:
    group = _Group([], parts.index, parts.item_cell, [parts] if parts.tokens else [])
    for number, title in parts.items:
        project = _Project(number, title, parts.index, dimension_no=context.dimension, unit=parts.unit)
        if parts.dimension is not None:
            project.dimension_score = (0.95, EXACT)
        elif parts.codes and _code_dimension(parts.codes[-1]) == context.dimension:
            project.dimension_score = (0.95, f"{EXACT}: from mission code {parts.codes[-1]}")
        elif context.dimension is not None:
            project.dimension_score = context.dimension_score
        if parts.codes:
            project.mission_code, project.mission_score = _most_specific(parts.codes), (0.95, EXACT)
        elif context.mission is not None and _code_dimension(context.mission) == context.dimension:
            project.mission_code = context.mission
            project.mission_score = (0.9, f"{INFERRED}: merged mission cell above")
        if len(parts.items) > 1:
            project.title_score = (0.9, f"{EXACT}: one of {len(parts.items)} projects in one cell")
        if parts.items_split:
            project.title_score = (0.85, f"{REPAIRED}: cut from the mission cell (tab lost)")
        if number is None:
            project.number_score = (0.0, f"{WEAK}: no number printed")
        group.projects.append(project)
    return group


def _is_dimension_heading(parts: _Line, line: str, context: _Context) -> bool:
    """A lone "2. การบริหารราชการ..." in the first cell, without values, numbered as the next
    dimension and not as the next project, heads a dimension whose projects follow."""
    if len(parts.items) != 1 or parts.values or parts.codes or parts.dimension is not None:
        return False
    number, title = parts.items[0]
    first_filled = next((k for k, c in enumerate(_cells(line)) if c), None)
    return (parts.item_cell == first_filled and number == (context.dimension or 0) + 1
            and number != context.last_no + 1 and not KIND.match(title))


def _continue_title(group: _Group, parts: _Line) -> None:
    """A text-only line in the project column continues the last title (a wrapped cell)."""
    cell_index, text = parts.loose_text[-1]
    if group.cell is not None and cell_index != group.cell:
        return
    project = group.projects[-1]
    project.title = f"{project.title} {_clean_title(text)}"
    project.title_score = (0.8, f"{INFERRED}: title continued on the next line")


def _refine_missions(groups: list[_Group], pending: list[tuple[_Group, list[str]]], seen: set[str]) -> None:
    """Merged mission cells: a project printed beside a parent code ("3.3") whose only following
    code-only line is its first child ("3.3.1") belongs to the child; a parent code with children
    elsewhere in the table is less certain."""
    following: dict[int, list[str]] = {}
    for group, codes in pending:
        following.setdefault(id(group), []).extend(codes)
    for group in groups:
        for project in group.projects:
            code = project.mission_code
            if code is None or project.mission_score[0] < 0.95:
                continue
            children = sorted(c for c in seen if c.startswith(code + "."))
            if not children:
                continue
            after = [c for c in following.get(id(group), []) if c.startswith(code + ".")]
            if len(after) == 1 and after[0] == children[0]:
                project.mission_code = after[0]
                project.mission_score = (0.75, f"{INFERRED}: printed beside {code}; the line below holds "
                                               f"only {after[0]}")
            else:
                project.mission_score = (0.7, f"{WEAK}: printed beside {code}, which has sub-missions "
                                              f"{', '.join(children)}")


def _number_projects(groups: list[_Group]) -> None:
    """Projects without a printed number take the next one. Where the printed numbers restart
    under each mission ("(1)", "(2)", then "(1)" again), the table order numbers them instead."""
    projects = [p for g in groups for p in g.projects]
    restarts = sum(1 for a, b in zip(projects, projects[1:]) if b.no == 1 and a.no is not None and a.no >= 1)
    previous = 0
    for project in projects:
        if restarts >= 2:
            project.number_score = (0.6, f"{INFERRED}: printed ({project.no}) restarts under each mission; "
                                         f"numbered in table order")
            project.no = previous + 1
        elif project.no is None:
            project.no = previous + 1
            project.number_score = (0.5, f"{INFERRED}: no number printed; next after {previous}")
        previous = project.no


def _stated_plan_count(lines: list[str], segment: Segment) -> tuple[int, int] | None:
    for index in range(segment.start - 1, max(-1, segment.start - 8), -1):
        match = STATED_PLAN_COUNT.search(lines[index])
        if match:
            return int(match.group(1)), index
    return None


# --- amounts -> years ------------------------------------------------------------------------------


@dataclass
class _Slot:
    """What one value line (or part of it) gives one project: a printed token per year."""

    tokens: list[str] | None  # None: nothing printed for the project
    line: int
    base: float
    how: str


@dataclass
class _Reading:
    """One way of reading a group's values: a slot per project (by position in the group)."""

    slots: list[_Slot | None]
    kind: str  # single, window, empty, dashes, stacked, per_line, order, cards


def _align(tokens: list[str], n: int) -> tuple[list[str], float, str] | None:
    """Printed values -> one per year: exact when there are n; all equal when they drifted; the
    first n when the last is their sum (a "รวม" column); one ไม่ใช้งบประมาณ merged across the years."""
    filled = [t for t in tokens if t]
    use = filled if len(filled) >= n else tokens
    k = len(use)
    if k == n:
        return use, 0.95, EXACT
    if k == 1 and NO_BUDGET.search(use[0]):
        return use * n, 0.9, f"{EXACT}: one '{use[0]}' across the {n} year columns"
    if k == n + 1 and all(use):
        values = [parse_amount(t).value or 0.0 for t in use]
        if values[-1] > 0 and abs(sum(values[:-1]) - values[-1]) < 0.5:
            return use[:-1], 0.95, f"{EXACT}: last value {use[-1]} is the row total"
        if _is_dash(use[-1]) and not all(_is_dash(t) for t in use):
            return use[:-1], 0.9, f"{REPAIRED}: the last '-' read as the หมายเหตุ column"
        # "-<TAB>-<TAB>-<TAB>-<TAB>ไม่ใช้งบประมาณ": the remark column explains the dashes.
        if NO_BUDGET.search(use[-1]) and all(_is_dash(t) for t in use[:-1]):
            return use[:-1], 0.95, f"{EXACT}: '{use[-1]}' in the หมายเหตุ column explains the dashes"
    if k and len(set(use)) == 1 and use[0]:
        if k > n:
            return [use[0]] * n, 0.9, f"{REPAIRED}: {k} values for {n} years, all equal"
        return [use[0]] * n, 0.6, f"{INFERRED}: {k} values for {n} years, all equal"
    return None


def _is_dash(token: str) -> bool:
    return not token or bool(DASH.match(token))


def _runs(tokens: list[str]) -> list[tuple[str, int]]:
    return [(t, len(list(g))) for t, g in itertools.groupby(t for t in tokens if t)]


def _readings(group: _Group, n: int) -> list[_Reading]:
    """Candidate readings of a group's values, the most natural first."""
    lines = [v for v in group.value_lines if v.values]
    m = len(group.projects)
    if m == 1:
        if not lines:
            return [_Reading([_Slot(None, group.line, 0.5, f"{WEAK}: no values printed")], "single")]
        first = lines[0]
        below = first.index != group.line
        aligned = _align(first.tokens, n)
        if aligned:
            tokens, base, how = aligned
            if below:
                base, how = min(base, 0.9), f"{how}; values on the line below the project"
            if len(lines) > 1:
                base, how = min(base, 0.5), f"{WEAK}: {len(lines)} value lines for one project"
            return [_Reading([_Slot(tokens, first.index, base, how)], "single")]
        readings = [_Reading([_Slot(None, first.index, 0.3,
                                    f"{WEAK}: {len(first.values)} values for {n} years do not align")], "single")]
        values = first.values
        for start in range(0, len(values) - n + 1) if len(values) > n else ():
            window = _Slot(values[start:start + n], first.index, 0.75,
                           f"{INFERRED}: columns {start + 1}-{start + n} of {len(values)}")
            readings.append(_Reading([window], "window"))
        return readings
    if not lines:
        return [_Reading([_Slot(None, group.line, 0.6, f"{WEAK}: no values printed for the cell")] * m, "empty")]
    if all(_is_dash(t) for v in lines for t in v.tokens):
        slots = [_Slot(["-"] * n, lines[0].index, 0.9, f"{EXACT}: '-' in every year for all {m} projects of the cell")
                 for _ in range(m)]
        return [_Reading(slots, "dashes")]
    readings = []
    stacked = _stacked(lines, m, n)
    if stacked:
        readings.append(_Reading(stacked, "stacked"))
    if len(lines) == m and all(_align(v.tokens, n) for v in lines):
        slots = [_Slot(_align(v.tokens, n)[0], v.index, 0.8, f"{INFERRED}: value line {i + 1} of {m} in the cell")
                 for i, v in enumerate(lines)]
        readings.append(_Reading(slots, "per_line"))
    # Amount order: each value line is one project's series. A line whose values fit the year
    # columns but mix '-' and amounts is read by column first; read in order, and in a line that
    # does not fit the columns, each '-' stands for one project and each run of equal amounts for
    # the next one ("- - 15,000 15,000 15,000 15,000" for projects 16-18).
    order: list[_Slot] = []
    columns: list[_Slot] | None = []
    for v in lines:
        aligned = _align(v.tokens, n)
        dashes = [_is_dash(t) for t in aligned[0]] if aligned else []
        if aligned and (all(dashes) or not any(dashes)):
            series = _Slot(aligned[0], v.index, 0.6, f"{INFERRED}: amount order in a cell of {m} projects")
            order.append(series)
            if columns is not None:
                columns.append(series)
            continue
        if aligned and columns is not None:
            columns.append(_Slot(aligned[0], v.index, 0.6, f"{INFERRED}: column reading in a cell of {m} projects"))
        else:
            columns = None
        for token, length in _runs(v.tokens):
            if _is_dash(token):
                order.extend(_Slot([token] * n, v.index, 0.6, f"{INFERRED}: '{token}' in order in a cell of {m} "
                                   f"projects") for _ in range(length))
            else:
                order.append(_Slot([token] * n, v.index, 0.6, f"{INFERRED}: {length} x '{token}' in order in a "
                                   f"cell of {m} projects, read as every year"))
    if columns and len(columns) <= m and columns != order[:len(columns)]:
        readings.append(_Reading(columns + [None] * (m - len(columns)), "order"))
    if len(order) <= m:
        readings.append(_Reading(order + [None] * (m - len(order)), "order"))
    if not readings:
        slots = [_Slot(None, lines[0].index, 0.2, f"{WEAK}: {sum(len(v.values) for v in lines)} values "
                                                  f"for {m} projects x {n} years do not align")] * m
        readings.append(_Reading(slots, "order"))
    return readings


def _stacked(lines: list[_Line], m: int, n: int) -> list[_Slot] | None:
    """One value line whose every year cell prints one value per project of the cell
    ("20,000 5,000" in each year for projects 1 and 2): the k-th value of each cell is the k-th
    project's, in the order the cell prints the projects. A remark cell may follow the years."""
    if len(lines) != 1:
        return None
    cells = lines[0].value_cells
    if len(cells) not in (n, n + 1) or any(len(c) != m for c in cells[:n]) or any(len(c) != 1 for c in cells[n:]):
        return None
    return [_Slot([c[k] for c in cells[:n]], lines[0].index, 0.7,
                  f"{INFERRED}: value {k + 1} of {m} in each year cell, in the order of the cell's projects")
            for k in range(m)]


def _slot_amounts(slot: _Slot | None) -> set[float]:
    if slot is None or slot.tokens is None:
        return set()
    return {a.value for a in map(parse_amount, slot.tokens) if a.value}


def _card_verdict(slot: _Slot | None, card: Record | None) -> bool | None:
    """Does the project's card agree with what the reading gives it? None: no card evidence."""
    if card is None:
        return None
    amounts = _slot_amounts(slot)
    budget = card.values.get("budget_thb")
    if card.values.get("no_budget") or budget == 0:
        return not amounts
    if budget is None:
        return None
    return bool(amounts) and (budget in amounts or budget == sum(parse_amount(t).value or 0 for t in slot.tokens))


def _card_reading(group: _Group, default: _Reading, cards: dict[int, Record]) -> _Reading | None:
    """Amounts placed by card budgets: each amount in the cell goes to the one project whose card
    states it; projects whose cards say no budget get nothing."""
    amount_slots = [s for s in default.slots if s is not None and _slot_amounts(s)]
    if not amount_slots:
        return None
    slots: list[_Slot | None] = [None] * len(group.projects)
    for slot in amount_slots:
        wanted = _slot_amounts(slot)
        fits = [i for i, p in enumerate(group.projects)
                if p.seq in cards and cards[p.seq].values.get("budget_thb") in wanted and slots[i] is None]
        if len(fits) != 1:
            return None
        slots[fits[0]] = _Slot(slot.tokens, slot.line, 0.85, f"{CROSS_OK}: placed by the card budget")
    if any(slots[i] is None and p.seq in cards and (cards[p.seq].values.get("budget_thb") or 0) > 0
           for i, p in enumerate(group.projects)):
        return None
    return _Reading(slots, "cards")


@dataclass
class _Cell:
    """The resolved budget of one project in one year."""

    amount: Amount | None
    text: str | None
    confidence: float
    reason: str
    line: int


def _choose(group: _Group, readings: list[_Reading], cards: dict[int, Record]) -> int:
    """The first reading no card contradicts; else one built from the card budgets."""
    for k, reading in enumerate(readings):
        verdicts = [_card_verdict(s, cards.get(p.seq)) for s, p in zip(reading.slots, group.projects)]
        if False not in verdicts:
            return k
    if len(group.projects) > 1:
        by_cards = _card_reading(group, readings[0], cards)
        if by_cards is not None:
            readings.append(by_cards)
            return len(readings) - 1
    return 0


def _cells_of(group: _Group, reading: _Reading, cards: dict[int, Record], years: list[int]
              ) -> dict[tuple[int, int], _Cell]:
    multi = len(group.projects) > 1
    out: dict[tuple[int, int], _Cell] = {}
    for slot, project in zip(reading.slots, group.projects):
        verdict = _card_verdict(slot, cards.get(project.seq)) if multi else None
        base = slot.base if slot is not None else 0.6
        how = slot.how if slot is not None else \
            f"{INFERRED}: no amount left for it in a cell of {len(group.projects)} projects"
        if verdict is True and reading.kind != "cards":
            base = max(base, 0.95 if reading.kind == "dashes" else 0.9)
            how = f"{how}; {CROSS_OK}: card {_card_text(cards[project.seq])}"
        elif verdict is False:
            base = min(base, 0.4 if slot is not None and slot.tokens else 0.3)
            how = f"{how}; {CROSS_FAIL}: card {_card_text(cards[project.seq])}"
        line = slot.line if slot is not None else group.line
        for y, year in enumerate(years):
            token = slot.tokens[y] if slot is not None and slot.tokens is not None else None
            amount = parse_amount(token) if token else None
            confidence, reason = base, how
            if token == "":
                confidence, reason = min(base, 0.5), f"{WEAK}: empty cell"
            elif amount is not None and not amount.exact:
                confidence, reason = min(base, 0.85), f"{REPAIRED}: separator read as thousands; {how}"
            out[(project.seq, year)] = _Cell(amount, token or None, confidence, reason, line)
    return out


def _card_name(card: Record) -> str:
    """"card 6" by its printed ลำดับที่, else "card #6" by its position (no number printed)."""
    if card.values.get("card_no") is not None:
        return f"card {card.values['card_no']}"
    return f"card #{card.values.get('card_seq')}"


def _card_text(card: Record) -> str:
    if card.values.get("no_budget") or card.values.get("budget_thb") == 0:
        return "says no budget"
    return f"budget {card.values.get('budget_thb'):,.0f}"


# --- the whole table ---------------------------------------------------------------------------------


def _match_cards(projects: list[_Project], cards: list[Record] | None) -> dict[int, tuple[Record, float]]:
    """Card per project (by seq): the card's "(N)" hint when the titles agree, else the most similar title."""
    matched: dict[int, tuple[Record, float]] = {}
    by_no = {p.no: p for p in reversed(projects)}
    for card in cards or ():
        title = card.values.get("title")
        if not title:
            continue
        hint = by_no.get(card.values.get("project_no"))
        similarity = title_similarity(title, hint.title) if hint else 0.0
        if similarity >= CARD_HINT_AGREES:
            best = (similarity, hint.seq)
        else:
            free = [p for p in projects if p.seq not in matched]
            alike = similar_titles([title], [p.title for p in free], CARD_TITLE_MATCH)
            best = max(((s, free[k].seq) for (_, k), s in alike.items()), default=(0.0, None))
        if best[0] >= CARD_TITLE_MATCH and best[1] not in matched:
            matched[best[1]] = (card, best[0])
    return matched


def _tables(lines: list[str], segments: list[Segment] | None) -> Iterator[tuple[Segment, _Table]]:
    """Each table read (``segments`` from ``locate``; found here when not given)."""
    for segment in locate(lines) if segments is None else segments:
        years = _header_years(lines[segment.start:segment.end + 1])
        if len(years) >= 2:
            yield segment, _assemble(lines, segment, years)


def structure_cells(lines: list[str], segments: list[Segment] | None = None) -> dimension.TableCells:
    """The plan's structure as its budget table(s) print it, for ``dimension.extract``: dimension
    cells, mission cells, and each dimension's first subtotal row that states a project count."""
    found = dimension.TableCells()
    for _, table in _tables(lines, segments):
        for row in table.rows:
            if row.dimension is not None and row.dimension_name:
                found.dimensions.append((row.dimension, row.dimension_name, row.index))
            found.missions.extend((code, name, row.index) for code, name in row.missions())
        for total in table.totals:
            if total.scope == "dimension" and total.dimension_no is not None and total.count is not None:
                found.subtotals.setdefault(total.dimension_no, (total.count, total.line.index))
    return found


def extract_budget_table(lines: list[str], segments: list[Segment] | None = None, *,
                         cards: list[Record] | None = None, dimensions: list[Record] | None = None,
                         plan_period: tuple[int, int] | None = None) -> list[Record]:
    """Records of ``projects``, ``budget_lines``, ``budget_totals`` and ``checks`` for the budget
    table(s) in ``lines`` (``segments`` from ``locate``; found here when not given)."""
    records: list[Record] = []
    for segment, table in _tables(lines, segments):
        if not table.groups:
            records.append(check("budget_table_rows", f"line={segment.start + 1}", False, "project rows", 0,
                                 line=segment.start, message="a budget table header with no project rows below it"))
            continue
        records.extend(_table_records(table, cards, dimensions, plan_period))
    return records


def _table_records(table: _Table, cards: list[Record] | None, dimensions: list[Record] | None,
                   plan_period: tuple[int, int] | None) -> list[Record]:
    years = table.years
    n = len(years)
    projects = [p for g in table.groups for p in g.projects]
    matched = _match_cards(projects, cards)
    card_of = {no: card for no, (card, _) in matched.items()}
    readings = [_readings(g, n) for g in table.groups]
    choice = [_choose(g, r, card_of) for g, r in zip(table.groups, readings)]
    cells: dict[tuple[int, int], _Cell] = {}
    for g, r, c in zip(table.groups, readings, choice):
        cells.update(_cells_of(g, r[c], card_of, years))
    subtotals = {t.dimension_no: t for t in table.totals if t.scope == "dimension" and t.dimension_no is not None}
    cells = _fit_subtotals(table, readings, choice, card_of, subtotals, cells)
    _apply_subtotal_evidence(table, subtotals, cells)

    records: list[Record] = []
    records.extend(_project_records(table, cells))
    records.extend(_line_records(table, cells))
    records.extend(_total_records(table, cells))
    records.extend(_checks(table, cells, matched, dimensions, plan_period))
    return records


def _stated(total: _Total, n: int) -> tuple[list[str], float, str] | None:
    return _align(total.line.tokens, n)


def _dimension_sums(table: _Table, cells: dict[tuple[int, int], _Cell]) -> dict[tuple[int | None, int], float]:
    sums: dict[tuple[int | None, int], float] = {}
    for group in table.groups:
        for project in group.projects:
            for year in table.years:
                cell = cells[(project.seq, year)]
                value = cell.amount.value if cell.amount and cell.amount.value else 0.0
                sums[(project.dimension_no, year)] = sums.get((project.dimension_no, year), 0.0) + value
    return sums


def _subtotal_agrees(total: _Total, sums: dict, years: list[int]) -> list[bool | None]:
    stated = _stated(total, len(years))
    if stated is None:
        return [None] * len(years)
    return [abs((parse_amount(t).value or 0.0) - sums.get((total.dimension_no, y), 0.0)) < 0.5
            for t, y in zip(stated[0], years)]


def _fit_subtotals(table: _Table, readings: list[list[_Reading]], choice: list[int], cards: dict,
                   subtotals: dict[int, _Total], cells: dict) -> dict:
    """Where a dimension's subtotal disagrees, try the other readings of its ambiguous groups;
    keep the one combination that makes every year agree (and no card contradicts)."""
    for dimension_no, total in subtotals.items():
        if all(_subtotal_agrees(total, _dimension_sums(table, cells), table.years)):
            continue
        open_groups = [k for k, g in enumerate(table.groups) if g.dimension_no == dimension_no and len(readings[k]) > 1]
        if not open_groups or len(open_groups) > 6:
            continue
        fits = []
        for combo in itertools.product(*(range(len(readings[k])) for k in open_groups)):
            trial = dict(cells)
            for k, r in zip(open_groups, combo):
                reading = readings[k][r]
                verdicts = [_card_verdict(s, cards.get(p.seq))
                            for s, p in zip(reading.slots, table.groups[k].projects)]
                if False in verdicts and len(table.groups[k].projects) > 1:
                    break
                trial.update(_cells_of(table.groups[k], reading, cards, table.years))
            else:
                if all(_subtotal_agrees(total, _dimension_sums(table, trial), table.years)):
                    fits.append((combo, trial))
        if len(fits) == 1:
            combo, cells = fits[0]
            for k, r in zip(open_groups, combo):
                choice[k] = r
                for project in table.groups[k].projects:
                    for year in table.years:
                        cell = cells[(project.seq, year)]
                        cell.reason = f"{cell.reason}; {CROSS_OK}: the only reading that matches the dimension subtotal"
                        cell.confidence = max(cell.confidence, 0.75)
    return cells


def _apply_subtotal_evidence(table: _Table, subtotals: dict[int, _Total], cells: dict) -> None:
    """Raise amounts of multi-project cells whose dimension subtotal agrees; lower the dimension's
    amounts where it does not, unless the grand total agrees with the rows (the subtotal is wrong)."""
    sums = _dimension_sums(table, cells)
    grand = next((t for t in table.totals if t.scope == "grand"), None)
    stated_grand = _stated(grand, len(table.years)) if grand else None
    rows_fit_grand = {year: stated_grand is not None and abs(
        (parse_amount(stated_grand[0][y]).value or 0.0) - sum(v for (_, yr), v in sums.items() if yr == year)) < 0.5
        for y, year in enumerate(table.years)}
    for dimension_no, total in subtotals.items():
        agrees = dict(zip(table.years, _subtotal_agrees(total, sums, table.years)))
        for group in table.groups:
            if group.dimension_no != dimension_no:
                continue
            multi = len(group.projects) > 1
            for project in group.projects:
                for year in table.years:
                    cell = cells[(project.seq, year)]
                    if agrees[year] is True and multi and "subtotal" not in cell.reason:
                        cell.confidence = min(0.95, cell.confidence + (0.05 if cell.confidence >= 0.85 else 0.1))
                        cell.reason += f"; {CROSS_OK}: dimension subtotal"
                    elif agrees[year] is False and rows_fit_grand[year]:
                        cell.reason += f"; dimension {dimension_no} subtotal differs but the grand total fits the rows"
                    elif agrees[year] is False:
                        guessed = multi and cell.confidence < 0.9
                        cell.confidence = max(0.0, cell.confidence - (0.1 if guessed else 0.05))
                        cell.reason += f"; {CROSS_FAIL}: dimension {dimension_no} subtotal differs"


# --- records -------------------------------------------------------------------------------------------


def _project_records(table: _Table, cells: dict) -> list[Record]:
    records = []
    for group in table.groups:
        for project in group.projects:
            kind = KIND.match(project.title)
            record = Record("projects", {
                "project_no": project.no, "dimension_no": project.dimension_no,
                "mission_code": project.mission_code, "title": project.title,
                "kind": kind.group(1) if kind else None, "responsible_unit": project.unit,
            }, project.line)
            record.score("project_no", *project.number_score)
            record.score("title", *project.title_score)
            record.score("dimension_no", *project.dimension_score)
            record.score("mission_code", *project.mission_score)
            record.score("kind", 0.95 if kind else 0.5, EXACT if kind else f"{WEAK}: title starts with no kind word")
            if project.unit and len(group.projects) > 1:
                record.score("responsible_unit", 0.7,
                             f"{INFERRED}: one หมายเหตุ cell for {len(group.projects)} projects")
            else:
                record.score("responsible_unit", 0.9, EXACT if project.unit else f"{EXACT}: หมายเหตุ cell empty")
            record.values["confidence"] = min(record.scores[f].confidence
                                              for f in ("title", "dimension_no", "mission_code"))
            records.append(record)
    return records


def _line_records(table: _Table, cells: dict) -> list[Record]:
    records = []
    for group in table.groups:
        for project in group.projects:
            for year in table.years:
                cell = cells[(project.seq, year)]
                amount = cell.amount
                record = Record("budget_lines", {
                    "project_no": project.no, "dimension_no": project.dimension_no, "fiscal_year_be": year,
                    "amount_thb": amount.value if amount else None, "amount_text": cell.text,
                    "no_budget": bool(amount and amount.no_budget), "confidence": round(cell.confidence, 3),
                }, cell.line)
                record.score("amount_thb", cell.confidence, cell.reason)
                records.append(record)
    return records


def _total_records(table: _Table, cells: dict) -> list[Record]:
    sums = _dimension_sums(table, cells)
    records = []
    for total in table.totals:
        stated = _stated(total, len(table.years))
        for y, year in enumerate(table.years):
            if total.scope == "grand":
                computed = sum(v for (d, yr), v in sums.items() if yr == year)
            else:
                computed = sums.get((total.dimension_no, year), 0.0)
            token = stated[0][y] if stated else None
            amount = parse_amount(token) if token else None
            record = Record("budget_totals", {
                "scope": total.scope, "dimension_no": total.dimension_no, "fiscal_year_be": year,
                "stated_amount_thb": amount.value if amount else None, "stated_amount_text": token or None,
                "computed_amount_thb": computed, "stated_project_count": total.count,
            }, total.line.index)
            if total.count is not None:
                record.score("stated_project_count", 0.95, EXACT)
            if stated:
                record.score("stated_amount_thb", stated[1] if amount is None or amount.exact else 0.85, stated[2])
            else:
                record.score("stated_amount_thb", 0.2, f"{WEAK}: {len(total.line.values)} values for "
                                                         f"{len(table.years)} years do not align")
            records.append(record)
    return records


def _money(value: float | None) -> str | None:
    return None if value is None else f"{value:,.0f}"


def _checks(table: _Table, cells: dict, matched: dict, dimensions: list[Record] | None,
            plan_period: tuple[int, int] | None) -> list[Record]:
    out: list[Record] = []
    years = table.years
    sums = _dimension_sums(table, cells)
    projects = [p for g in table.groups for p in g.projects]
    per_dimension: dict[int | None, int] = {}
    for project in projects:
        per_dimension[project.dimension_no] = per_dimension.get(project.dimension_no, 0) + 1

    expected_years = list(range(years[0], years[-1] + 1))
    out.append(check("budget_table_years", "header", years == expected_years, expected_years, years,
                     line=table.header_line, message="year columns of the header are consecutive"))
    if plan_period:
        period = list(range(plan_period[0], plan_period[1] + 1))
        out.append(check("budget_table_years", "plan_period", period == years, period, years,
                         line=table.header_line, message="the table's year columns cover the plan period"))

    subtotal_by_dim: dict[int, dict[int, float]] = {}
    for total in table.totals:
        stated = _stated(total, len(years))
        label = "grand total" if total.scope == "grand" else f"dimension {total.dimension_no} subtotal"
        if total.scope == "dimension":
            subject = f"dimension={total.dimension_no}"
            if stated is None:
                out.append(check("budget_subtotal", subject, None, None, None, line=total.line.index,
                                 message=f"{label}: printed values do not align with the {len(years)} years"))
            for y, year in enumerate(years if stated else ()):
                value = parse_amount(stated[0][y]).value or 0.0
                subtotal_by_dim.setdefault(total.dimension_no, {})[year] = value
                computed = sums.get((total.dimension_no, year), 0.0)
                out.append(check("budget_subtotal", f"{subject};fiscal_year_be={year}", abs(value - computed) < 0.5,
                                 _money(value), _money(computed), line=total.line.index,
                                 message=f"{label} as printed vs the sum of its project rows"))
            if total.count is not None:
                rows = per_dimension.get(total.dimension_no, 0)
                out.append(check("budget_subtotal_count", subject, total.count == rows, total.count, rows,
                                 line=total.line.index, message=f"{label}: stated project count vs project rows"))
            continue
        for y, year in enumerate(years if stated else ()):
            value = parse_amount(stated[0][y]).value or 0.0
            rows_sum = sum(v for (d, yr), v in sums.items() if yr == year)
            out.append(check("budget_grand_total_vs_rows", f"fiscal_year_be={year}", abs(value - rows_sum) < 0.5,
                             _money(value), _money(rows_sum), line=total.line.index,
                             message="grand total as printed vs the sum of all project rows"))
            if subtotal_by_dim:
                sub_sum = sum(d.get(year, 0.0) for d in subtotal_by_dim.values())
                out.append(check("budget_grand_total_vs_subtotals", f"fiscal_year_be={year}",
                                 abs(value - sub_sum) < 0.5, _money(value), _money(sub_sum), line=total.line.index,
                                 message="grand total as printed vs the sum of the printed dimension subtotals"))
        if total.count is not None:
            out.append(check("budget_grand_total_count", "grand", total.count == len(projects), total.count,
                             len(projects), line=total.line.index,
                             message="project count on the grand total row vs project rows"))
    if table.stated_plan_count:
        count, line = table.stated_plan_count
        out.append(check("plan_project_count", "budget_table", count == len(projects), count, len(projects),
                         line=line, message="project count stated above the table vs project rows"))
    for stated_dimension in dimensions or []:
        stated = stated_dimension.values.get("stated_project_count")
        number = stated_dimension.values.get("dimension_no")
        if stated is not None:
            rows = per_dimension.get(number, 0)
            out.append(check("dimension_project_count", f"dimension={number}", stated == rows, stated, rows,
                             line=stated_dimension.line, message="project count the introduction states vs project rows"))

    numbers = [p.no for p in projects]
    expected = list(range(1, len(numbers) + 1))
    problems = [f"repeated {n}" for n in sorted({n for n in numbers if numbers.count(n) > 1})]
    problems += [f"missing {n}" for n in range(1, max(numbers, default=0) + 1) if n not in numbers]
    problems += [f"{b} after {a}" for a, b in zip(numbers, numbers[1:]) if b <= a]
    out.append(check("project_numbering", "budget_table", numbers == expected, f"1..{len(numbers)}",
                     ", ".join(problems) or f"1..{len(numbers)}", line=table.header_line,
                     message="projects numbered 1..N in order without gaps or repeats"))

    for group in table.groups:
        lines = [v for v in group.value_lines if v.values]
        if len(group.projects) == 1 and lines and _align(lines[0].tokens, len(years)) is None:
            project = group.projects[0]
            out.append(check("budget_row_alignment", f"project_no={project.no}", False, f"{len(years)} values",
                             f"{len(lines[0].values)} values: {' '.join(lines[0].values)}", line=lines[0].index,
                             message="printed values of the row do not fit the year columns"))
    for seq, (card, similarity) in sorted(matched.items()):
        project = projects[seq]
        same = same_title(project.title, card.values.get("title"))
        out.append(check("project_title_vs_card", f"project_no={project.no}", same, project.title,
                         card.values.get("title"), line=project.line,
                         severity="warning" if similarity < 0.9 else "info",
                         message=f"title in the budget table vs on {_card_name(card)} (similarity {similarity:.2f})"))
    return out
