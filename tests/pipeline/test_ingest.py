import codecs

import pytest

from extractors.thai.normalise import normalise_text
from pipeline.ingest import InputError, read_document
from tests.conftest import seed_path

SAMPLE = "ประกาศองค์การบริหารส่วนตำบลโคกคอน\nเรื่อง มาตรการ ๑๒๓\n"


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", SAMPLE.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + SAMPLE.encode("utf-8")),
    ("utf-16", SAMPLE.encode("utf-16")),
    ("utf-16", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be")),
    ("cp874", SAMPLE.encode("tis-620")),
])
def test_every_supported_encoding_reads_to_the_same_text(tmp_path, encoding, data):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    doc = read_document(str(path))
    assert doc.text == SAMPLE
    assert doc.encoding == encoding


def test_tis620_copy_of_seed_normalises_like_the_utf8_original(tmp_path):
    original = seed_path("002")
    text = original.read_text(encoding="utf-8")
    # TIS-620 has no code for characters outside Thai/ASCII; such characters become '?' in both.
    safe = text.encode("tis-620", errors="replace").decode("tis-620")
    copy = tmp_path / "002_tis620.txt"
    copy.write_bytes(safe.encode("tis-620"))
    doc = read_document(str(copy))
    assert doc.encoding == "cp874"
    assert normalise_text(doc.text).lines == normalise_text(safe).lines


@pytest.mark.parametrize("data, error_type", [
    (b"", "empty_file"),
    (b"  \n\n ", "empty_file"),
    (b"\x00\x01\x02binary\x00" * 20, "binary_file"),
    (b"%PDF-1.4\n%junk", "corrupt_pdf"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "unsupported_format"),
    (bytes([0x80, 0x81, 0xDB, 0xFF]) * 50, "undecodable"),
    (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-8"), "wrong_bom"),
])
def test_bad_files_raise_an_error_naming_the_file(tmp_path, data, error_type):
    path = tmp_path / "ไฟล์ เสีย.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(str(path))
    assert info.value.error_type == error_type
    assert str(path) in str(info.value)
