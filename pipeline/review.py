"""Review: what a human should check, with the source text around it.

Reads the Parquet tables back (``read_rows``), finds the fields whose confidence is below a
threshold and the failed checks (``review_items``), and shows each with a few lines of the
original file (``SourceLines``), read from ``documents.source_file``. ``thaiplan review``
writes them as a CSV that Excel opens with Thai intact (UTF-8 with BOM).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.ingest import InputError, read_document

DEFAULT_THRESHOLD = 0.5
CONTEXT_LINES = 2
# Source lines can be 100k characters (a whole OCR'd table); a cell shows the start of each.
MAX_LINE_CHARS = 300

REVIEW_COLUMNS = ("source_file", "table", "row_key", "field", "value", "confidence", "reason",
                  "source_line", "source_text")


class OutputFolderError(Exception):
    """The folder does not hold thaiplan's tables."""


def read_rows(out_dir: Path, table: str) -> list[dict[str, Any]]:
    """Rows of one output table as dicts (ints stay ints, nulls are None); [] if it is absent."""
    path = Path(out_dir) / f"{table}.parquet"
    if not path.exists():
        return []
    return pq.read_table(path).to_pylist()


def require_output_folder(out_dir: Path) -> None:
    if not (Path(out_dir) / "documents.parquet").exists():
        raise OutputFolderError(f"{out_dir} holds no documents.parquet: run `thaiplan extract ... --out {out_dir}` "
                                "first, or point at the folder it wrote.")


def _clip(text: str, limit: int = MAX_LINE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


class SourceLines:
    """Lines of each document's original file, read once, for showing evidence in context."""

    def __init__(self, documents: list[dict]) -> None:
        self._documents = {d["doc_id"]: d for d in documents}
        self._cache: dict[str, tuple[list[str] | None, str]] = {}

    def source_file(self, doc_id: str) -> str:
        return (self._documents.get(doc_id) or {}).get("source_file") or f"(unknown document {doc_id})"

    def _load(self, doc_id: str) -> tuple[list[str] | None, str]:
        if doc_id not in self._cache:
            path = self.source_file(doc_id)
            try:
                source = read_document(path)
            except InputError as exc:
                self._cache[doc_id] = (None, f"(source file is gone or unreadable: {exc})")
            else:
                warning = "" if source.doc_id == doc_id else f"(warning: {path} changed since extraction)\n"
                self._cache[doc_id] = (source.text.split("\n"), warning)
        return self._cache[doc_id]

    def line(self, doc_id: str, source_line: int | None) -> str:
        """The evidence line itself (clipped), or a note saying why it cannot be shown."""
        lines, note = self._load(doc_id)
        if lines is None:
            return note
        if source_line is None or not 1 <= source_line <= len(lines):
            return "(no source line)"
        return _clip(lines[source_line - 1].strip())

    def context(self, doc_id: str, source_line: int | None, around: int = CONTEXT_LINES) -> str:
        """A few numbered lines around ``source_line``; the evidence line is marked with '>'."""
        lines, note = self._load(doc_id)
        if lines is None:
            return note
        if source_line is None or not 1 <= source_line <= len(lines):
            return note + "(no source line)"
        first, last = max(1, source_line - around), min(len(lines), source_line + around)
        shown = [f"{'>' if n == source_line else ' '}{n:>5}: {_clip(lines[n - 1].rstrip())}"
                 for n in range(first, last + 1)]
        return note + "\n".join(shown)


@dataclass(frozen=True)
class ReviewItem:
    source_file: str
    table: str
    row_key: str
    field: str
    value: Any
    confidence: float | None
    reason: str
    source_line: int | None
    source_text: str

    def as_row(self) -> list[Any]:
        return [getattr(self, c) for c in REVIEW_COLUMNS]


def review_items(out_dir: Path, threshold: float = DEFAULT_THRESHOLD) -> list[ReviewItem]:
    """Fields with confidence below ``threshold`` and failed checks, in document and line order."""
    require_output_folder(out_dir)
    sources = SourceLines(read_rows(out_dir, "documents"))
    items = []
    for f in read_rows(out_dir, "field_confidence"):
        if f["confidence"] is not None and f["confidence"] < threshold:
            items.append(ReviewItem(
                sources.source_file(f["doc_id"]), f["table"], f["row_key"], f["field"], f["value"],
                f["confidence"], f["reason"], f["source_line"], sources.context(f["doc_id"], f["source_line"])))
    for c in read_rows(out_dir, "checks"):
        if c["status"] == "fail":
            reason = f"{c['severity']}: {c['message'] or c['check']} (expected {c['expected']}, observed {c['observed']})"
            items.append(ReviewItem(
                sources.source_file(c["doc_id"]), "checks", c["subject"], c["check"], c["observed"],
                None, reason, c["source_line"], sources.context(c["doc_id"], c["source_line"])))
    items.sort(key=lambda i: (i.source_file, i.source_line or 0, i.table != "checks", i.table, i.row_key, i.field))
    return items


def review_csv(items: list[ReviewItem]) -> str:
    """CSV text with a header; write it as UTF-8 with BOM (``utf-8-sig``) so Excel shows Thai."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REVIEW_COLUMNS)
    writer.writerows(item.as_row() for item in items)
    return buffer.getvalue()
