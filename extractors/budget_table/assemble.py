"""Lines -> the table: groups of projects (the projects printed in one cell, with the value lines
below them) and total rows, with merged dimension and mission cells carried down."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.budget_table.lines import Line, clean_title, line_cells, parse_line
from extractors.budget_table.patterns import DIMENSION_HEADING, KIND, STATED_PLAN_COUNT
from extractors.records import CROSS_FAIL, EXACT, INFERRED, REPAIRED, WEAK, Segment
from extractors.tables import is_row
from extractors.thai.ocr_tolerance import look_alike_numbers

# A project whose printed number breaks the table's numbering and that no look-alike reading
# repairs: its number, and with it which row its amounts belong to, is no surer than this.
NUMBERING_DOUBT = 0.6


@dataclass
class Project:
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
    numbering_breaks: bool = False  # its number breaks the table's numbering (``_number_projects``)


@dataclass
class Group:
    """Projects printed in one cell, with the value lines that belong to that cell."""

    projects: list[Project]
    line: int
    cell: int | None
    value_lines: list[Line] = field(default_factory=list)

    @property
    def dimension_no(self) -> int | None:
        return self.projects[0].dimension_no


@dataclass
class Total:
    scope: str
    dimension_no: int | None
    count: int | None
    line: Line
    # Year index -> (the value read, why) for a stated amount OCR misread (``misreads``).
    repaired: dict[int, tuple[str, str]] = field(default_factory=dict)


@dataclass
class BudgetTable:
    """One budget table as read (``extract.read``). Nothing after assembly changes it, so one
    reading serves the dimensions and the budget stages."""

    years: list[int]
    groups: list[Group]
    totals: list[Total]
    stated_plan_count: tuple[int, int] | None  # (count, line)
    header_line: int
    rows: list[Line]  # every line with cells but the headers, as read
    printed_years: list[int] | None = None  # the header's years as printed, when OCR misread one


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


def assemble(lines: list[str], segment: Segment, years: list[int]) -> BudgetTable:
    groups: list[Group] = []
    totals: list[Total] = []
    rows: list[Line] = []
    codes_seen: set[str] = set()
    pending_codes: list[tuple[Group, list[str]]] = []  # code-only lines below a group
    context = _Context()
    for index in range(segment.start, segment.end + 1):
        line = lines[index]
        if not is_row(line):
            heading = DIMENSION_HEADING.match(line)
            if heading:  # "มิติที่ 2 ..." above the rows of one dimension
                context.dimension, context.after_total = int(heading.group(1)), False
                context.dimension_score = (0.9, f"{INFERRED}: dimension heading above the rows")
            continue
        parts = parse_line(line, index, context.last_no + 1)
        if parts.header or not parts.is_row and not parts.loose_text:
            continue
        if _is_dimension_heading(parts, line, context):
            (parts.dimension, parts.dimension_name), parts.items, parts.item_cell = parts.items[0], [], None
        _read_misread_dimensions(context, parts)
        rows.append(parts)
        codes_seen.update(parts.codes)
        last_group = groups[-1] if groups and not context.after_total else None
        if parts.total:
            totals.append(Total(parts.total, context.dimension if parts.total == "dimension" else None,
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
    return BudgetTable(years, groups, totals, _stated_plan_count(lines, segment), segment.start, rows)


def _follow(context: _Context, parts: Line) -> None:
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


def _read_misread_dimensions(context: _Context, parts: Line) -> None:
    """A dimension digit OCR misread in a dimension cell or a mission code ("๗.๑.๒" under
    dimension 1, "๘.๒" under 3): the table goes on in its dimension or opens the next one, and a
    new dimension opens with its first mission (x.1). A digit that does neither is read as the
    dimension its look-alike names (the next one for a dimension cell, the current one for a code:
    "๕.๑.๓" under dimension 4 is 4.1.3, a new dimension opening with 5.1 or 5.1.1);
    ``parts.misread`` keeps what was printed."""
    current = context.dimension or 0
    if parts.dimension is not None and parts.dimension not in (current, current + 1) \
            and current + 1 in look_alike_numbers(parts.dimension):
        parts.misread["dimension"] = parts.dimension
        parts.dimension = current + 1
    reference = parts.dimension if parts.dimension is not None else context.dimension
    if reference is None:
        return
    for k, code in enumerate(parts.codes):
        printed, _, rest = code.partition(".")
        dimension = int(printed)
        if dimension == reference or dimension == reference + 1 and rest in ("1", "1.1") \
                or reference not in look_alike_numbers(dimension):
            continue
        parts.codes[k] = f"{reference}.{rest}"
        parts.misread[parts.codes[k]] = code
        if code in parts.mission_names:
            parts.mission_names[parts.codes[k]] = parts.mission_names.pop(code)


def _new_group(parts: Line, context: _Context) -> Group:
    group = Group([], parts.index, parts.item_cell, [parts] if parts.tokens else [])
    for item, (number, title) in enumerate(parts.items):
        project = Project(number, title, parts.index, dimension_no=context.dimension, unit=parts.unit)
        if item in parts.misread:
            project.number_score = (0.8, f"{REPAIRED}: printed {parts.misread[item]}, read {number}: a look-alike "
                                         "digit, a speck or letters OCR made of it, and the number its neighbours "
                                         "call for")
        if parts.dimension is not None:
            project.dimension_score = (0.95, EXACT) if "dimension" not in parts.misread else \
                (0.8, f"{REPAIRED}: printed {parts.misread['dimension']}, a look-alike digit of the next dimension")
        elif parts.codes and _code_dimension(parts.codes[-1]) == context.dimension:
            project.dimension_score = (0.95, f"{EXACT}: from mission code {parts.codes[-1]}") \
                if parts.codes[-1] not in parts.misread else (0.8, f"{REPAIRED}: mission code printed "
                f"{parts.misread[parts.codes[-1]]}, a look-alike digit of the dimension it stands in")
        elif context.dimension is not None:
            project.dimension_score = context.dimension_score
        if parts.codes:
            project.mission_code, project.mission_score = _most_specific(parts.codes), (0.95, EXACT)
            if project.mission_code in parts.misread:
                project.mission_score = (0.8, f"{REPAIRED}: printed {parts.misread[project.mission_code]}, "
                                              "a look-alike digit of the dimension it stands in")
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


def _is_dimension_heading(parts: Line, line: str, context: _Context) -> bool:
    """A lone "2. การบริหารราชการ..." in the first cell, without values, numbered as the next
    dimension and not as the next project, heads a dimension whose projects follow."""
    if len(parts.items) != 1 or parts.values or parts.codes or parts.dimension is not None:
        return False
    number, title = parts.items[0]
    first_filled = next((k for k, c in enumerate(line_cells(line)) if c), None)
    return (parts.item_cell == first_filled and number == (context.dimension or 0) + 1
            and number != context.last_no + 1 and not KIND.match(title))


def _continue_title(group: Group, parts: Line) -> None:
    """A text-only line in the project column continues the last title (a wrapped cell)."""
    cell_index, text = parts.loose_text[-1]
    if group.cell is not None and cell_index != group.cell:
        return
    project = group.projects[-1]
    project.title = f"{project.title} {clean_title(text)}"
    project.title_score = (0.8, f"{INFERRED}: title continued on the next line")


def _refine_missions(groups: list[Group], pending: list[tuple[Group, list[str]]], seen: set[str]) -> None:
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


def _number_projects(groups: list[Group]) -> None:
    """Projects without a printed number take the next one. Where the printed numbers restart
    under each mission ("(1)", "(2)", then "(1)" again), the table order numbers them instead.
    A number that breaks the run is read as the one between its neighbours when a look-alike
    reading of its digits gives it (๗๖ for ๑๖: ๑ and ๗ look alike); one that no reading repairs
    stays as printed and in doubt (``NUMBERING_DOUBT``)."""
    projects = [p for g in groups for p in g.projects]
    restarts = sum(1 for a, b in zip(projects, projects[1:]) if b.no == 1 and a.no is not None and a.no >= 1)
    previous = 0
    for k, project in enumerate(projects):
        if restarts >= 2:
            project.number_score = (0.6, f"{INFERRED}: printed ({project.no}) restarts under each mission; "
                                         f"numbered in table order")
            project.no = previous + 1
        elif project.no is None:
            project.no = previous + 1
            project.number_score = (0.5, f"{INFERRED}: no number printed; next after {previous}")
        elif project.no != previous + 1 and previous + 1 in look_alike_numbers(project.no) \
                and _followed_by(projects[k + 1:], previous + 2):
            project.number_score = (0.8, f"{REPAIRED}: printed {project.no}, a look-alike digit of {previous + 1}, "
                                         f"the number between its neighbours")
            project.no = previous + 1
        previous = project.no
    if restarts < 2:
        numbers = [p.no for p in projects]
        for k, project in enumerate(projects):
            before = numbers[k - 1] if k else None
            after = numbers[k + 1] if k + 1 < len(numbers) else None
            # A number that agrees with neither neighbour is the one in doubt (a gap between two
            # that agree each with its other neighbour is a row missing, not a misread).
            fits = [n == project.no + step for n, step in ((before, -1), (after, 1)) if n is not None]
            if fits and not any(fits):
                project.numbering_breaks = True
                project.number_score = (min(project.number_score[0], NUMBERING_DOUBT),
                                        f"{CROSS_FAIL}: the numbering breaks here ({before}, {project.no}, "
                                        f"{after}); {project.number_score[1]}")


def _followed_by(later: list[Project], number: int) -> bool:
    """The next project is numbered ``number`` (or a look-alike of it), or none follows."""
    if not later or later[0].no is None:
        return True
    return later[0].no == number or number in look_alike_numbers(later[0].no)


def _stated_plan_count(lines: list[str], segment: Segment) -> tuple[int, int] | None:
    for index in range(segment.start - 1, max(-1, segment.start - 8), -1):
        match = STATED_PLAN_COUNT.search(lines[index])
        if match:
            return int(match.group(1)), index
    return None
