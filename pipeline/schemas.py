"""Explicit pyarrow schemas of every output table: the single source of the data dictionary.

Each column carries a one-line description in its field metadata (``description``), and each
schema says in its metadata what one row is (``row``), which columns identify a row inside a
document (``key``, used for ``field_confidence.row_key``) and which module produces it
(``produced_by``). ``thaiplan schema`` and the README's data dictionary are generated from here.
"""

from __future__ import annotations

import pyarrow as pa

STR = pa.string()
INT = pa.int32()
BIG = pa.int64()
FLOAT = pa.float64()
BOOL = pa.bool_()
LIST = pa.list_(pa.string())


def _col(name: str, type_: pa.DataType, description: str) -> pa.Field:
    return pa.field(name, type_, nullable=True, metadata={"description": description})


# Columns that several tables share, described once.
DOC_ID = ("doc_id", STR, "sha256 of the source file's bytes (hex); joins every table to `documents`")
SOURCE_LINE = ("source_line", INT, "1-based line of the source file where the row's evidence starts")
PAGE = ("page", INT, "1-based PDF page of the evidence; null for text inputs")
DIMENSION_NO = ("dimension_no", INT, "number of the plan's dimension (มิติที่ N), 1-4")
MISSION_CODE = ("mission_code", STR, "most specific mission heading code (ภารกิจ), e.g. 1.1 or 1.1.1")
SEQ = ("seq", INT, "1-based position in document order")
PROVENANCE = (SOURCE_LINE, PAGE)


def _table(row: str, key: list[str], produced_by: str, *cols: tuple[str, pa.DataType, str],
           confidence_of: tuple[str, ...] = ()) -> pa.Schema:
    """``confidence_of``: the fields whose lowest confidence is the row's ``confidence`` column."""
    metadata = {"row": row, "key": ",".join(key), "produced_by": produced_by}
    if confidence_of:
        metadata["confidence_of"] = ",".join(confidence_of)
    return pa.schema([_col(*c) for c in cols], metadata=metadata)


SCHEMAS: dict[str, pa.Schema] = {
    "documents": _table(
        "input document", ["doc_id"], "pipeline.ingest, extractors.document_meta, extractors.classify",
        DOC_ID,
        ("source_file", STR, "path or URL of the input file as given on the command line (a folder's files under it)"),
        ("source_format", STR, "txt, md, pdf-text or pdf-ocr"),
        ("encoding", STR, "character encoding the bytes were decoded with (utf-8, utf-8-sig, utf-16, utf-16-le, utf-16-be, cp874); pdf for PDFs"),
        ("n_pages", INT, "number of pages (PDF pages, or page breaks + 1 in text)"),
        ("doc_type", STR, "action_plan, ita_measures, project_details, performance_report or unknown"),
        ("organization", STR, "full name of the local administrative organisation, e.g. เทศบาลตำบลคลองแสนแสบ"),
        ("org_type", STR, "เทศบาลตำบล, เทศบาลเมือง, เทศบาลนคร, องค์การบริหารส่วนตำบล or องค์การบริหารส่วนจังหวัด"),
        ("district", STR, "district (อำเภอ) without the word อำเภอ"),
        ("province", STR, "province (จังหวัด) without the word จังหวัด"),
        ("plan_start_year_be", INT, "first fiscal year of the plan period, Buddhist Era"),
        ("plan_end_year_be", INT, "last fiscal year of the plan period, Buddhist Era"),
        ("fiscal_year_be", INT, "fiscal year of a yearly document (ITA measures, report), Buddhist Era"),
        ("n_chars", BIG, "characters of normalised text"),
        ("n_lines", INT, "lines of normalised text"),
        ("status", STR, "success (every stage ran), partial (some stage failed, see errors) or failure"),
        ("quality_score", FLOAT, "0..1: mean field confidence discounted by failed error-severity checks"),
        ("extractor_version", STR, "thaiplan version that produced the rows"),
        *PROVENANCE,
    ),
    "announcements": _table(
        "ประกาศ or คำสั่ง", ["seq"], "extractors.announcement",
        DOC_ID, SEQ,
        ("kind", STR, "ประกาศ (announcement) or คำสั่ง (order)"),
        ("number", STR, "number as printed, e.g. 504/2565; null when none is printed"),
        ("subject", STR, "the เรื่อง line, joined across line breaks"),
        ("announced_on", STR, "ISO date in the Common Era (YYYY-MM-DD, or YYYY-MM when the day is blank)"),
        ("signer_name", STR, "name of the signer with title, e.g. นายนิวัฒน์ เกตุสวัสดิ์"),
        ("signer_position", STR, "position of the signer, e.g. นายกเทศมนตรีตำบลคลองแสนแสบ"),
        *PROVENANCE,
    ),
    "committee_members": _table(
        "member listed in an order (คำสั่ง)", ["seq"], "extractors.announcement",
        DOC_ID, SEQ,
        ("announcement_seq", INT, "seq of the order in `announcements` that lists the member"),
        ("name", STR, "member's name as printed"),
        ("position", STR, "member's position in the organisation"),
        ("role", STR, "role in the committee, e.g. ประธานกรรมการ, กรรมการ, กรรมการและเลขานุการ"),
        *PROVENANCE,
    ),
    "dimensions": _table(
        "dimension (มิติ) of a plan", ["dimension_no"], "extractors.dimension",
        DOC_ID, DIMENSION_NO,
        ("name", STR, "name as the document prints it"),
        ("stated_project_count", INT, "project count the document states for the dimension"),
        *PROVENANCE,
    ),
    "missions": _table(
        "mission (ภารกิจ) heading", ["mission_code"], "extractors.dimension",
        DOC_ID, DIMENSION_NO, MISSION_CODE,
        ("name", STR, "mission name as printed; null when only its code is (a budget-table code cell whose name OCR lost)"),
        *PROVENANCE,
    ),
    "projects": _table(
        "row of the plan's budget table", ["project_no"], "extractors.budget_table",
        DOC_ID,
        ("project_no", INT, "project number as printed in the budget table"),
        DIMENSION_NO, MISSION_CODE,
        ("title", STR, "project title without its number"),
        ("kind", STR, "โครงการ (project), กิจกรรม (activity) or มาตรการ (measure), from the title's first word"),
        ("responsible_unit", STR, "responsible unit as printed in the table's last column (e.g. กจ., สว.)"),
        ("confidence", FLOAT, "0..1 confidence of the row's title, dimension and mission"),
        *PROVENANCE,
        confidence_of=("title", "dimension_no", "mission_code"),
    ),
    "budget_lines": _table(
        "project x plan year", ["project_no", "fiscal_year_be"], "extractors.budget_table",
        DOC_ID,
        ("project_no", INT, "project number; joins to `projects`"),
        DIMENSION_NO,
        ("fiscal_year_be", INT, "plan year, Buddhist Era"),
        ("amount_thb", FLOAT, "budget in baht; null where the table prints '-' or nothing"),
        ("amount_text", STR, "the cell as printed"),
        ("no_budget", BOOL, "true where the project uses no budget (ไม่ใช้งบประมาณ); amount_thb is then 0"),
        ("confidence", FLOAT, "0..1 confidence of amount_thb (see field_confidence for the reason)"),
        *PROVENANCE,
        confidence_of=("amount_thb",),
    ),
    "budget_totals": _table(
        "stated subtotal or grand total x plan year", ["scope", "dimension_no", "fiscal_year_be"],
        "extractors.budget_table",
        DOC_ID,
        ("scope", STR, "dimension (subtotal of one dimension) or grand (รวมทั้งสิ้น)"),
        DIMENSION_NO,
        ("fiscal_year_be", INT, "plan year, Buddhist Era"),
        ("stated_amount_thb", FLOAT, "total as printed, in baht; null for '-'"),
        ("stated_amount_text", STR, "the cell as printed"),
        ("computed_amount_thb", FLOAT, "sum of the project rows in scope"),
        ("stated_project_count", INT, "project count printed on the total row (จำนวน N โครงการ)"),
        *PROVENANCE,
    ),
    "project_cards": _table(
        "project detail card", ["card_seq"], "extractors.project_card",
        DOC_ID,
        ("card_seq", INT, "1..N in document order"),
        ("card_no", INT, "number as printed (ลำดับที่ N); may restart under each mission; a misprint "
         "between two neighbours is repaired (printed value in checks card_numbering)"),
        ("project_no", INT, "linked budget-table row, or null"),
        DIMENSION_NO, MISSION_CODE,
        ("title", STR, "project title (ชื่อโครงการ)"),
        ("rationale", STR, "หลักการและเหตุผล"),
        ("objectives", LIST, "วัตถุประสงค์, one item per objective"),
        ("target_group", STR, "เป้าหมาย / กลุ่มเป้าหมาย"),
        ("location", STR, "พื้นที่ดำเนินการ"),
        ("methods", LIST, "วิธีดำเนินการ, one item per step (sub-items stay in their item)"),
        ("period_text", STR, "ระยะเวลาดำเนินการ as printed"),
        ("start_year_be", INT, "first fiscal year of the period, Buddhist Era"),
        ("end_year_be", INT, "last fiscal year of the period, Buddhist Era"),
        ("budget_thb", FLOAT, "budget in baht; 0 when no budget is used"),
        ("budget_text", STR, "งบประมาณ field as printed"),
        ("no_budget", BOOL, "true where the card says no budget is used (ไม่ใช้งบประมาณ)"),
        ("budget_words_thb", FLOAT, "budget as written in words (สามหมื่นบาทถ้วน), when printed; "
         "differs from budget_thb where digits and words disagree (see checks card_budget_words)"),
        ("responsible", STR, "ผู้รับผิดชอบ"),
        ("outputs", LIST, "ผลผลิต items"),
        ("outcomes", LIST, "ผลลัพธ์ items"),
        ("indicators", LIST, "ตัวชี้วัด items"),
        *PROVENANCE,
    ),
    "risks": _table(
        "row of a risk assessment table", ["seq"], "extractors.risk_table",
        DOC_ID, SEQ,
        ("process", STR, "process or task assessed"),
        ("risk_issue", STR, "the risk (events / factors), items separated by ' • '"),
        ("likelihood", INT, "likelihood score as printed: Likelihood (L), โอกาส, or ความจำเป็นของการเฝ้าระวัง (1-3)"),
        ("impact", INT, "impact score as printed: Impact (I), ผลกระทบ, or ความรุนแรง(ของผลกระทบ) (1-3)"),
        ("score", INT, "risk score as printed (likelihood x impact): Risk Score, ค่าความเสี่ยงรวม, "
                       "or the number of a ระดับความเสี่ยง cell (12 of '12 สูง'); null for a level word alone"),
        ("control_measure", STR, "control measures from the risk control plan (joined by seq), items separated by ' • '"),
        *PROVENANCE,
    ),
    "ita_measures": _table(
        "row of an ITA measures table", ["seq"], "extractors.ita_measures",
        DOC_ID, SEQ,
        ("measure", STR, "measure or guideline (แนวทาง/มาตรการ)"),
        ("steps", LIST, "steps / methods (ขั้นตอน/วิธีการปฏิบัติ)"),
        ("responsible_units", LIST, "responsible units (ผู้รับผิดชอบ)"),
        ("period_text", STR, "period (ระยะเวลาดำเนินการ) as printed"),
        ("results", LIST, "results (ผลการดำเนินงาน)"),
        *PROVENANCE,
    ),
    "report_items": _table(
        "row of a performance report", ["seq"], "extractors.performance_report",
        DOC_ID, SEQ,
        ("title", STR, "project / activity title"),
        DIMENSION_NO,
        ("status", STR, "completed, not_done or in_progress"),
        ("budget_thb", FLOAT, "budget in baht"),
        ("disbursed_thb", FLOAT, "amount disbursed in baht"),
        ("remaining_thb", FLOAT, "amount remaining in baht"),
        ("method", STR, "method (วิธีดำเนินการ) from the detailed table"),
        ("indicator", STR, "indicator (ตัวชี้วัด)"),
        ("result", STR, "result (ผลการดำเนินงาน)"),
        ("responsible", STR, "responsible unit"),
        ("period_text", STR, "period as printed"),
        *PROVENANCE,
    ),
    "report_summary": _table(
        "performance report", [], "extractors.performance_report",
        DOC_ID,
        ("completed", INT, "projects completed, as the report states"),
        ("not_done", INT, "projects not done"),
        ("in_progress", INT, "projects in progress"),
        ("disbursed_thb", FLOAT, "total disbursed in baht"),
        ("stated_total_projects", INT, "total projects the report states"),
        *PROVENANCE,
    ),
    "segments": _table(
        "structural part of a document", ["seq"], "extractors.segment",
        DOC_ID, SEQ,
        ("kind", STR, "cover, announcement, order, foreword, toc, part, dimension, mission, budget_table, "
                      "project_card, risk_table, measures_table, report_table, appendix"),
        ("start_line", INT, "first source line of the segment (1-based)"),
        ("end_line", INT, "last source line of the segment (inclusive)"),
        ("label", STR, "the segment's heading or a short label"),
        *PROVENANCE,
    ),
    "pages": _table(
        "PDF page", ["page"], "pipeline.ingest, pipeline.pdf",
        DOC_ID,
        ("page", INT, "1-based page number"),
        ("method", STR, "text-layer or ocr"),
        ("text_quality", FLOAT, "0..1 quality score of the page's text layer"),
        ("ocr_confidence", FLOAT, "0..1 mean OCR confidence of the page; null for text-layer pages"),
        ("n_chars", INT, "characters of text taken from the page"),
        ("n_tables", INT, "tables read from the page's text layer (ruled, or lined up without borders); "
                          "null for OCR'd pages"),
        ("unread_tables", INT, "areas of the page ruled like a table that gave no cells (a failed "
                               "pdf_table_read check names the page); null for OCR'd pages"),
        SOURCE_LINE,
    ),
    "table_cells": _table(
        "cell of a table read from a PDF page's ruling lines", ["table_no", "row", "col"], "pipeline.pdf",
        DOC_ID,
        ("page", INT, "1-based PDF page of the cell (a row cut by a page break: the page where it starts)"),
        ("table_no", INT, "1-based number of the table in the document (a table over page breaks is one)"),
        ("row", INT, "1-based row of the table, header rows included (repeated headers dropped)"),
        ("col", INT, "1-based column of the cell's first column"),
        ("row_span", INT, "rows the cell covers (a merged dimension cell: several)"),
        ("col_span", INT, "columns the cell covers"),
        ("x0", FLOAT, "left edge of the cell's box, in PDF points from the page's left"),
        ("top", FLOAT, "top edge of the cell's box, in PDF points from the page's top"),
        ("x1", FLOAT, "right edge of the cell's box"),
        ("bottom", FLOAT, "bottom edge of the cell's box"),
        ("text", STR, "the words inside the box, lines joined, as the text layer gives them"),
        ("source_line", INT, "1-based line of the text taken from the PDF where the cell's row is written "
                             "(cells joined by TABs)"),
    ),
    "field_confidence": _table(
        "extracted field", ["table", "row_key", "field"], "pipeline.rows (from every extractor)",
        DOC_ID,
        ("table", STR, "table the field belongs to"),
        ("row_key", STR, "key of the scored row, e.g. project_no=5;fiscal_year_be=2566"),
        ("field", STR, "column name"),
        ("value", STR, "the field's value as text"),
        ("confidence", FLOAT, "0..1; >= 0.9 means trustworthy, < 0.5 means check by hand"),
        ("reason", STR, "why: exact pattern, OCR variant repaired, inferred from neighbours, cross-check ..."),
        *PROVENANCE,
    ),
    "checks": _table(
        "consistency check", ["check", "subject"], "extractors (each structure's checks), pipeline.pdf",
        DOC_ID,
        ("check", STR, "name of the check, e.g. dimension_subtotal"),
        ("subject", STR, "what was checked, e.g. dimension=4;fiscal_year_be=2566"),
        ("status", STR, "pass, fail or skip"),
        ("expected", STR, "what the document states"),
        ("observed", STR, "what the extracted rows give"),
        ("severity", STR, "error, warning or info"),
        ("message", STR, "readable explanation"),
        *PROVENANCE,
    ),
    "errors": _table(
        "input or stage that failed", [], "pipeline.document, pipeline.batch",
        ("source_file", STR, "path or URL of the input file as given"),
        ("doc_id", STR, "sha256 of the file's bytes when they could be read"),
        ("stage", STR, "stage that failed: read, decode, normalise, segment, an extractor's name, write"),
        ("error_type", STR, "short code, e.g. empty_file, binary_file, undecodable, stage_exception"),
        ("message", STR, "what went wrong and what to do, naming the file"),
        *PROVENANCE,
    ),
}

TABLE_NAMES: tuple[str, ...] = tuple(SCHEMAS)


def key_columns(table: str) -> list[str]:
    key = SCHEMAS[table].metadata[b"key"].decode()
    return key.split(",") if key else []


def confidence_fields(table: str) -> list[str]:
    """The fields whose lowest confidence is the table's row ``confidence`` column (none: no such column)."""
    fields = SCHEMAS[table].metadata.get(b"confidence_of", b"").decode()
    return fields.split(",") if fields else []


def describe(table: str) -> str:
    return SCHEMAS[table].metadata[b"row"].decode()


def data_dictionary_markdown() -> str:
    """The data dictionary as Markdown, one section per table (used by `thaiplan schema` and README)."""
    out = []
    for name, schema in SCHEMAS.items():
        meta = schema.metadata
        out.append(f"### `{name}`\n")
        out.append(f"One row per {meta[b'row'].decode()}. Produced by `{meta[b'produced_by'].decode()}`.\n")
        out.append("| column | type | meaning |\n|---|---|---|")
        for f in schema:
            out.append(f"| `{f.name}` | {f.type} | {f.metadata[b'description'].decode()} |")
        out.append("")
    return "\n".join(out)
