"""Records to table rows: provenance (source line, page), one ``field_confidence`` row per scored
field, the cap on fields read from OCR'd lines, and the document's quality score."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from extractors.records import Record, Score
from extractors.thai.normalise import NormalisedText
from pipeline.ingest import SourceDocument
from pipeline.schemas import SCHEMAS, confidence_fields, key_columns


def row_key(table: str, values: dict, doc_id: str) -> str:
    keys = key_columns(table)
    if table == "documents":
        return f"doc_id={doc_id}"
    return ";".join(f"{k}={values.get(k)}" for k in keys)


# Tesseract reads Thai digits wrongly with high confidence (๒๕๖๗ as ๒๕๒๕), so a field read from
# an OCR'd line is never in the trusted band (>= 0.9) on the extractor's word alone: it is capped
# here. The arithmetic checks are what catch the digit errors: a field one holds for
# (``Record.vouched``: an amount its subtotal adds up with) keeps the extractor's confidence.
OCR_FIELD_CAP = 0.85
VOUCHED = "the sums it is in add up"  # said in the reason of a vouched OCR'd field


def cap_for_ocr(record: Record, line_confidence: float | None) -> None:
    """Lower a record's field confidences to what its OCR line allows, but for vouched fields."""
    if line_confidence is None or line_confidence >= 1.0:
        return  # a text line, or a page read from its text layer
    cap = round(min(OCR_FIELD_CAP, line_confidence), 3)
    for name, score in list(record.scores.items()):
        if name in record.vouched:
            record.scores[name] = Score(score.confidence,
                                        f"{score.reason}; OCR line confidence {line_confidence:.2f}, {VOUCHED}")
        elif score.confidence > cap:
            record.scores[name] = Score(cap, f"{score.reason}; OCR line confidence {line_confidence:.2f}")


def row_confidence(record: Record) -> float | None:
    """The row's ``confidence`` column, decided here only: the lowest confidence of the fields its
    schema names (``confidence_of``), after the OCR cap."""
    scores = [record.scores[f].confidence for f in confidence_fields(record.table) if f in record.scores]
    return min(scores) if scores else None


def records_to_rows(source: SourceDocument, norm: NormalisedText | None, records: list[Record]
                    ) -> tuple[dict[str, list[dict]], dict, list[float]]:
    """Rows per table (with provenance), the merged documents fields, and all field confidences."""
    rows: dict[str, list[dict]] = defaultdict(list)
    document: dict[str, Any] = {}
    confidences: list[float] = []

    def where(line: int) -> tuple[int | None, int | None]:
        if norm is None:
            return None, None
        return norm.source_line(line), norm.page(line)

    for record in records:
        source_line, page = where(record.line)
        if source.line_confidence and source_line is not None and source_line <= len(source.line_confidence):
            cap_for_ocr(record, source.line_confidence[source_line - 1])
        if record.table == "documents":
            document.update(record.values)
            document.setdefault("source_line", source_line)
        else:
            row = {"doc_id": source.doc_id, **record.values}
            if confidence_fields(record.table):
                row["confidence"] = row_confidence(record)
            if "source_line" in SCHEMAS[record.table].names:
                row["source_line"] = source_line
            if "page" in SCHEMAS[record.table].names:
                row["page"] = page
            rows[record.table].append(row)
        for name, score in record.scores.items():
            value = record.values.get(name)
            confidences.append(score.confidence)
            rows["field_confidence"].append({
                "doc_id": source.doc_id, "table": record.table,
                "row_key": row_key(record.table, record.values, source.doc_id),
                "field": name, "value": None if value is None else str(value),
                "confidence": score.confidence, "reason": score.reason,
                "source_line": source_line, "page": page,
            })
    # Segments come from several stages; number them in document order, outer parts first.
    rows["segments"].sort(key=lambda r: (r["start_line"], -r["end_line"]))
    for seq, row in enumerate(rows["segments"], start=1):
        row["seq"] = seq
    return rows, document, confidences


def quality_score(confidences: list[float], checks: list[dict]) -> float | None:
    """Mean field confidence, discounted by the share of failed error-severity checks."""
    if not confidences:
        return None
    serious = [c for c in checks if c["severity"] == "error"]
    failed = sum(1 for c in serious if c["status"] == "fail")
    penalty = failed / len(serious) if serious else 0.0
    return round(sum(confidences) / len(confidences) * (1 - 0.5 * penalty), 4)
