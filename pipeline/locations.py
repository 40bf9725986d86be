"""Inputs named by URL: any fsspec URL ("s3://bucket/plans/", "gs://…", "https://…/plan.pdf",
"file:///data/raw") whose filesystem package is installed (s3fs, gcsfs… are not dependencies).

On a cluster the workers read such inputs themselves, so the client never ships file bytes.
Errors are OSErrors, as a local file's are, for ``ingest`` to turn into error rows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from typing import BinaryIO

import fsspec

# "s3://", "https://", "file://": a protocol before "://" (a Windows drive "C:\" is none).
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_CHUNK = 1 << 20
# What fsspec's info gives that changes when a file does, by filesystem.
_CHANGE_MARKS = ("mtime", "LastModified", "last_modified", "updated", "ETag", "etag")


class MissingFilesystem(OSError):
    """The URL's protocol needs a package that is not installed (s3fs for s3://)."""


def is_url(name: str) -> bool:
    return bool(_URL.match(name))


def _filesystem(url: str) -> tuple[fsspec.AbstractFileSystem, str]:
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:
        raise MissingFilesystem(f"reading this URL needs a filesystem package that is not installed ({exc}); "
                                "install it into thaiplan's environment") from exc
    except ValueError as exc:  # a protocol fsspec does not know
        raise OSError(f"not a URL fsspec can read ({exc})") from exc


def list_url(url: str, suffixes: Collection[str]) -> list[str]:
    """The inputs a URL names: the file itself, or the files under the folder (recursively, sorted,
    hidden names skipped) whose suffix is in ``suffixes``. A URL that cannot be listed is returned
    itself, so that reading it reports why."""
    try:
        fs, root = _filesystem(url)
        if not fs.isdir(root):
            return [url]
        found = fs.find(root)
    except OSError:
        return [url]
    protocol = url.split("://", 1)[0]
    inputs = []
    for path in sorted(found):
        below = path[len(root):].strip("/").split("/")
        name = below[-1]
        if not any(part.startswith(".") for part in below) and "." in name \
                and "." + name.rsplit(".", 1)[1].lower() in suffixes:
            inputs.append(path if is_url(path) else f"{protocol}://{path}")
    return inputs


def url_info(url: str) -> tuple[int, str | None]:
    """Size in bytes, and a mark that changes when the file does (None when the filesystem gives
    none: the bytes are then hashed on every run)."""
    fs, path = _filesystem(url)
    info = fs.info(path)
    if info.get("type") == "directory":
        raise IsADirectoryError(f"{url} is a folder")
    mark = next((str(info[k]) for k in _CHANGE_MARKS if info.get(k)), None)
    return int(info["size"]), mark


def url_sha256(url: str) -> str:
    digest = hashlib.sha256()
    with open_url(url)[0] as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def open_url(url: str) -> tuple[BinaryIO, int | None]:
    """The file at ``url`` opened for reading, and its size when the filesystem knows it."""
    fs, path = _filesystem(url)
    if fs.isdir(path):
        raise IsADirectoryError(f"{url} is a folder with no inputs (.txt, .md, .pdf) under it")
    return fs.open(path, "rb"), fs.size(path)


def read_url(url: str) -> bytes:
    f, _ = open_url(url)
    with f:
        return f.read()
