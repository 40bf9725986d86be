"""Documents whose extraction timed out or crashed its worker, remembered per (source sha256,
extraction key), so that a re-run does not pay the time limit again for the same bytes.

Kept in the result store's folder of the current code (``failures.json``), so a code change forgets
them with the stored results. A timeout is reused only under limits no larger than the ones it ran
under: a user who raises --doc-timeout or --page-timeout gets the document tried again; --force
retries everything.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

_INFINITE = float("inf")


def _limit(value: float | None) -> float:
    return value or _INFINITE  # None or 0: no limit


class RememberedFailures:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "failures.json"
        try:
            self._entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._entries = {}

    def recall(self, doc_id: str, source_file: str, doc_timeout: float | None, page_timeout: float) -> dict | None:
        """The errors row remembered for ``doc_id``, under ``source_file``'s name, or None when the
        document is to be tried (not remembered, or a timeout under smaller limits than now)."""
        entry = self._entries.get(doc_id)
        if entry is None:
            return None
        if entry["row"]["error_type"] == "timeout" and (
                _limit(doc_timeout) > _limit(entry["doc_timeout"]) or page_timeout > entry["page_timeout"]):
            return None
        row, stored_as = dict(entry["row"]), entry["row"]["source_file"]
        row["source_file"], row["message"] = source_file, row["message"].replace(stored_as, source_file)
        return row

    def remember(self, row: dict, doc_timeout: float | None, page_timeout: float) -> None:
        self._entries[row["doc_id"]] = {"row": row, "doc_timeout": doc_timeout, "page_timeout": page_timeout}
        self._save()

    def keep_only(self, doc_ids: set[str]) -> None:
        """Forget the documents that are no longer inputs."""
        if set(self._entries) - doc_ids:
            self._entries = {d: e for d, e in self._entries.items() if d in doc_ids}
            self._save()

    def _save(self) -> None:
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            if not self._entries:
                self.path.unlink(missing_ok=True)
                return
            tmp.write_text(json.dumps(self._entries, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:  # remembering saves time only: the next run tries the document again
            tmp.unlink(missing_ok=True)
