"""Ingest stage: input paths -> source documents (bytes identified, decoded to text).

A file that cannot be read becomes an ``InputError`` naming the file and saying what to do;
the orchestration turns it into an ``errors`` row and the batch goes on.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex

from pipeline.limits import InputLimits
from pipeline.locations import MissingFilesystem, is_url, list_url, open_url

TEXT_SUFFIXES = {".txt", ".md"}
PDF_SUFFIXES = {".pdf"}

# Magic numbers of formats that are not text: (prefix, what it is).
_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"PK\x03\x04", "ZIP archive (docx/xlsx?)"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"\x7fELF", "executable"),
]
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
# Characters a Thai plan's text is made of; a decoding whose text is mostly other characters
# (CJK from a wrong UTF-16 guess, C1 controls, replacement marks) is wrong.
_PLAUSIBLE = regex.compile(r"[\p{Thai}\x20-\x7e\t\n\r\f\u00a0-\u00ff\u2000-\u206f\u2022\u25cf\uf700-\uf7ff]")
MIN_PLAUSIBLE_SHARE = 0.9


class InputError(Exception):
    """An input that cannot be processed; ``error_type`` is a short code for the errors table."""

    def __init__(self, error_type: str, message: str, stage: str = "read") -> None:
        super().__init__(message)
        self.error_type = error_type
        self.stage = stage


@dataclass
class SourceDocument:
    source_file: str
    doc_id: str
    source_format: str  # txt, md, pdf-text, pdf-ocr
    encoding: str
    text: str
    n_pages: int = 1
    page_of_line: list[int] | None = None  # PDF page of each text line
    pages: list[dict] = field(default_factory=list)  # rows of the `pages` table (PDF only)
    line_confidence: list[float] | None = None  # OCR confidence of each text line (OCR'd PDFs only)
    table_cells: list[dict] = field(default_factory=list)  # rows of the `table_cells` table (PDF only)
    checks: list[dict] = field(default_factory=list)  # failed checks of reading the input (PDF tables)


def iter_input_files(paths: Iterable[str]) -> Iterator[str]:
    """Files named, and files under folders named (recursively, sorted), that look like inputs.

    Inside folders only known suffixes are taken (hidden files skipped); a file named explicitly
    is always taken, so its content decides what it is. A folder that cannot be listed is yielded
    itself, in its place, so that reading it reports why (``read_document``) instead of its files
    being skipped unsaid. A URL is listed by its filesystem (``locations``).
    """
    for given in paths:
        path = Path(given)
        if is_url(given):
            yield from list_url(given, TEXT_SUFFIXES | PDF_SUFFIXES)
        elif path.is_dir():
            unlisted: list[OSError] = []
            for root, dirs, files in os.walk(path, onerror=unlisted.append):
                yield from _unlisted_folders(unlisted)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in TEXT_SUFFIXES | PDF_SUFFIXES:
                        yield str(Path(root) / name)
            yield from _unlisted_folders(unlisted)
        else:
            yield str(path)


def _unlisted_folders(errors: list[OSError]) -> Iterator[str]:
    while errors:
        yield str(errors.pop(0).filename)


def display_name(path: str) -> str:
    """A path as rows and messages show it: bytes of a name that are not UTF-8 (a zip made on
    Windows) as ``\\xNN`` escapes; any other name unchanged.

    >>> display_name(os.fsdecode(b"plan-\\xe1.txt"))
    'plan-\\\\xe1.txt'
    """
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def sniff_format(data: bytes) -> str | None:
    """What the bytes are when they are not text: 'pdf', 'PNG image', ...; None for text."""
    head = data[:8]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


def plausible_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:200_000]
    return len(_PLAUSIBLE.findall(sample)) / len(sample)


def decode_text(data: bytes, source_file: str) -> tuple[str, str]:
    """Decode text bytes: a BOM decides; else UTF-8; else Windows-874 (a superset of TIS-620)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError("wrong_bom", f"{source_file}: starts with a {encoding} byte-order mark "
                                 f"but is not valid {encoding} ({exc.reason} at byte {exc.start}); "
                                 "re-save the file as UTF-8.", "decode") from exc
            if plausible_share(text) < MIN_PLAUSIBLE_SHARE:
                raise InputError("wrong_bom", f"{source_file}: its byte-order mark says {encoding} but the "
                                 "content does not read as text in that encoding; remove the mark or "
                                 "re-save the file as UTF-8.", "decode")
            return text.lstrip("\ufeff"), encoding
    if b"\x00" in data:  # anywhere: text has none, except UTF-16's ASCII characters
        for encoding in ("utf-16-le", "utf-16-be"):
            text = _utf16_text(data, encoding)
            if text is not None:
                return text, encoding
        raise InputError("binary_file", f"{source_file}: holds a NUL byte (at byte {data.index(0)}), which "
                         "text never does, and does not read as UTF-16 either; it is binary or was damaged in "
                         "copying. Re-save it as UTF-8 text, or give the original PDF.", "decode")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp874")
            encoding = "cp874"
        except UnicodeDecodeError:
            raise InputError("undecodable", f"{source_file}: is neither UTF-8 (invalid byte at offset "
                             f"{utf8_error.start}) nor TIS-620/Windows-874; re-save it as UTF-8.",
                             "decode") from utf8_error
    if plausible_share(text) < MIN_PLAUSIBLE_SHARE:
        raise InputError("binary_file", f"{source_file}: decodes as {encoding} but is mostly control or "
                         "unexpected characters, so it is not a text document; check the file.", "decode")
    return text, encoding


def _utf16_text(data: bytes, encoding: str) -> str | None:
    """``data`` as UTF-16 without a byte-order mark, if it reads as text in ``encoding``."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if "\x00" not in text and plausible_share(text) >= MIN_PLAUSIBLE_SHARE else None


def universal_newlines(text: str) -> str:
    """CRLF (Windows) and a lone CR (old Mac exports) end a line as LF does."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_document(source_file: str, limits: InputLimits = InputLimits(),
                  on_page: Callable[[int, int], None] | None = None) -> SourceDocument:
    """Read one input file into a SourceDocument, or raise InputError saying why not
    (``on_page(done, total)`` hears of each page read by OCR).

    ``source_file`` is the path or URL to open; the document, its rows and messages carry its
    ``display_name``.
    """
    path = source_file
    source_file = display_name(source_file)
    try:
        data = _read_file(path, source_file, limits)
    except MissingFilesystem as exc:
        raise InputError("missing_filesystem", f"{source_file}: {exc}") from exc
    except PermissionError as exc:
        raise InputError("unreadable", f"{source_file}: permission denied; make it readable "
                         f"(chmod +r) and run again.") from exc
    except FileNotFoundError as exc:
        raise InputError("not_found", f"{source_file}: no such file") from exc
    except OSError as exc:
        raise InputError("unreadable", f"{source_file}: cannot be read ({exc.strerror or exc})") from exc
    doc_id = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise _with_doc_id(InputError("empty_file", f"{source_file}: is empty; nothing to extract."), doc_id)
    kind = sniff_format(data)
    if kind == "pdf":
        return _read_pdf(data, source_file, doc_id, limits.max_pages, on_page)
    if kind is not None:
        raise _with_doc_id(InputError("unsupported_format", f"{source_file}: is a {kind}, not a text "
                                      "document or PDF."), doc_id)
    try:
        text, encoding = decode_text(data, source_file)
    except InputError as exc:
        raise _with_doc_id(exc, doc_id)
    if not text.strip():
        raise _with_doc_id(InputError("empty_file", f"{source_file}: holds only whitespace; nothing to extract."), doc_id)
    suffix = Path(path).suffix.lower().lstrip(".")
    return SourceDocument(source_file, doc_id, "md" if suffix == "md" else "txt", encoding, universal_newlines(text))


def _folder_error(path: Path, source_file: str) -> InputError:
    """A folder among the inputs is one that could not be listed (see ``iter_input_files``)."""
    try:
        os.scandir(path).close()
    except OSError as exc:
        return InputError("unreadable_folder", f"{source_file}: folder cannot be listed ({exc.strerror}), so "
                          "the files in it were not extracted; make it readable (chmod +rx) and run again.")
    return InputError("unreadable", f"{source_file}: is a directory")


def _open(name: str, source_file: str):
    """A regular file or a URL's file opened, and its size. Anything else (a pipe, a socket, a
    device) is refused before it is opened: reading it could block or never end."""
    if is_url(name):
        return open_url(name)
    path = Path(name)
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        raise _folder_error(path, source_file)
    if not stat.S_ISREG(mode):
        raise InputError("not_a_file", f"{source_file}: is not a regular file (a pipe, socket or device); "
                         "only files are read: copy its content to a file.")
    f = path.open("rb")
    return f, os.fstat(f.fileno()).st_size


def _read_file(name: str, source_file: str, limits: InputLimits) -> bytes:
    """The bytes of a regular file or a URL's file under its size limit (a PDF's is larger)."""
    f, size = _open(name, source_file)
    with f:
        head = f.read(1024)
        limit, option = ((limits.max_pdf_bytes, "--max-pdf-mb") if sniff_format(head) == "pdf"
                         else (limits.max_bytes, "--max-mb"))
        if size is not None and size > limit:
            raise InputError("too_large", f"{source_file}: {size / 2**20:.0f} MiB is over the {limit / 2**20:.0f} "
                             f"MiB limit for one document; split it or raise {option}.")
        try:
            f.seek(0)
        except (OSError, ValueError):  # a streamed URL (https:// of unknown size) cannot seek back
            return head + f.read()
        return f.read()  # not head + rest: a large scan would be held twice


def _read_pdf(data: bytes, source_file: str, doc_id: str, max_pages: int,
              on_page: Callable[[int, int], None] | None) -> SourceDocument:
    from pipeline.pdf import PdfError, read_pdf  # pdfium loads only when a PDF comes in

    try:
        pdf = read_pdf(data, source_file, max_pages, on_page=on_page)
    except PdfError as exc:
        raise _with_doc_id(InputError(exc.error_type, str(exc)), doc_id) from exc
    lines = pdf.lines
    if not any(line.strip() for line in lines):
        raise _with_doc_id(InputError("empty_file", f"{source_file}: is a PDF with no text, even by OCR; "
                                      "check that the pages are not blank."), doc_id)
    ocr = pdf.line_confidence is not None
    return SourceDocument(source_file, doc_id, "pdf-ocr" if ocr else "pdf-text", "pdf", "\n".join(lines),
                          n_pages=len(pdf.pages), page_of_line=pdf.page_of_line, pages=pdf.page_rows(),
                          line_confidence=pdf.line_confidence, table_cells=pdf.table_cell_rows(),
                          checks=pdf.check_rows())


def _with_doc_id(error: InputError, doc_id: str) -> InputError:
    error.doc_id = doc_id  # type: ignore[attr-defined]
    return error
