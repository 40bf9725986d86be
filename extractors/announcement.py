"""Announcements (ประกาศ) and orders (คำสั่ง): number, subject, date, signer, committee members.

A ประกาศ/คำสั่ง starts with its issuer line ("ประกาศเทศบาลตำบลคลองแสนแสบ"), has a เรื่อง line
within a few lines, and ends with the signer's name and position under the date line
("ประกาศ ณ วันที่ 17 เดือน กันยายน พ.ศ. 2565"). Orders list committee members as numbered
rows "1. นางเปรมฤดี ชามพูนท<TAB>นายกเทศมนตรีนครพิษณุโลก<TAB>ประธานคณะทำงาน".
"""

from __future__ import annotations

import regex

from extractors.records import EXACT, INFERRED, REPAIRED, WEAK, Record, Segment
from extractors.thai.dates import parse_thai_date

KINDS = {"ประกาศ": "announcement", "คำสั่ง": "order"}

# Issuer line: "ประกาศเทศบาลตำบลคลองแสนแสบ", "คำสั่งเทศบาลนครพิษณุโลก", "ประกาศ องค์การบริหารส่วนตำบลบางเตย",
# "คำสั่งเทศบาลนครพิษณุโลก ที่ 504/2565". Not "ประกาศ ณ วันที่" (the date line) nor a TOC row (tabs).
ISSUER = r"(?:เทศบาล|องค์(?:การ|กร)บริหารส่วน|อบต\.|อบจ\.|ทต\.|ทม\.|ทน\.|นายก|คณะกรรมการ)[^\t]{0,250}"
# A scan's OCR drops the tone mark: "คำสังเทศบาลนครพิษณุโลก".
_KIND = r"(?P<kind>ประกาศ|คำสั่?ง)"
HEAD = regex.compile(r"^" + _KIND + r"\s?(?P<issuer>" + ISSUER + r")$")
# The kind alone, with the issuer on the next line: "ประกาศ" / "องค์การบริหารส่วนตำบลบางเตย"
KIND_ONLY = regex.compile(r"^" + _KIND + r"$")
ISSUER_LINE = regex.compile(r"^" + ISSUER + r"$")
# "ที่ 504/2565", "ที่ 504 /2565", "ที่ ๑๒๓/๒๕๖๕" (digits already Arabic)
NUMBER = regex.compile(r"(?:^|\s)ที่\s?(?P<no>[0-9]{1,5})\s?/\s?(?P<year>[0-9]{4})")
# "เรื่อง ประกาศใช้แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส"; OCR of a scan
# drops the tone mark ("เรือง ประกาศใช้แผน…"; เรือง is a word too, so a space must follow it)
_SUBJECT_WORD = r"(?:เรื่อง\s?|เรือง\s)"
SUBJECT = regex.compile(rf"^{_SUBJECT_WORD}(?P<subject>.+)$")
SUBJECT_INLINE = regex.compile(rf"\s{_SUBJECT_WORD}(?P<subject>.+)$")
# The first body sentence after the subject: "ด้วย รัฐธรรมนูญ...", "ตามที่...", "อาศัยอำนาจ..."
BODY_START = regex.compile(r"^(?:ด้วย|ตามที่|อาศัย|โดยที่|เพื่อ|เนื่องจาก|[-_=]{3,})")
# Date line: "ประกาศ ณ วันที่ 17 เดือน กันยายน พ.ศ. 2565", "สั่ง ณ วันที่ ...", "ให้ไว้ ณ วันที่ ...",
# "วันที่ 10 พฤษภาคม พ.ศ. 2565", "วันที 10 พฤษภาคม" (a scan's OCR drops the tone mark)
DATE_LINE = regex.compile(r"^(?:(?:ประกาศ|สั่ง|ให้ไว้)\s?)?(?:ณ\s?)?วันที่?(?:\s|[0-9]|$)")
# Person titles: "นาย", "นางสาว", "น.ส.", "ว่าที่ร้อยตรี", "ดร.", abbreviated ranks "ส.ต.ท.", "จ.ส.อ.",
# "พ.ต.ท.", and ranks in full "จ่าสิบเอก", "พันตำรวจโท", "ร้อยตำรวจเอก"
PERSON_TITLE = (r"(?:นางสาว|นาง|นาย|น\.ส\.|ว่าที่\s?(?:ร้อยตรี|ร\.ต\.)?|ดร\.|(?:[ก-ฮ]{1,2}\.){2,4}"
                r"|(?:พล|พัน|ร้อย|จ่าสิบ|สิบ|จ่า)(?:ตำรวจ|อากาศ)?(?:เอก|โท|ตรี))")
# Signer under the date: "(นายนิวัฒน์ เกตุสวัสดิ์)", "นางเปรมฤดี ชามพูนท", "(ลงชื่อ) นาย..."
SIGNER = regex.compile(r"^(?:\(?ลงชื่อ\)?\s?)?\(?\s?(?P<name>" + PERSON_TITLE + r"\s?[ก-๙]+(?:\s[ก-๙]+){1,2})\s?\)?$")
# Committee row: "1. นางเปรมฤดี ชามพูนท<TAB>นายกเทศมนตรีนครพิษณุโลก<TAB>ประธานคณะทำงาน",
# "8. นางกมลศิกานต์ อัครสุภาเศรษฐี หัวหน้าสำนักปลัดเทศบาล<TAB><TAB>คณะทำงาน", "3<TAB>นาย...<TAB>...<TAB>กรรมการ"
MEMBER = regex.compile(r"^(?:[0-9]{1,3})\s?[.)\t]\s?(?P<row>" + PERSON_TITLE + r"\s?[ก-๙].*)$")
# Name at the start of a cell: title + first name + surname.
NAME = regex.compile(r"^(?P<name>" + PERSON_TITLE + r"\s?[ก-๙]+\s[ก-๙]+)\s?(?P<rest>.*)$")
# Committee roles, at the end of a row: "ประธานกรรมการ", "กรรมการและเลขานุการ", "คณะทำงาน", "ผู้ช่วยเลขานุการ"
ROLE = regex.compile(
    r"(?:(?<=\s)|^)(?P<role>(?:รอง)?ประธาน\S*|(?:ผู้ช่วย)?เลขานุการ\S*|กรรมการ\S*|คณะทำงาน\S*|อนุกรรมการ\S*)$"
)

# How far (lines) the parts of one announcement may lie from its issuer line.
SUBJECT_WINDOW = 8
SIGNER_WINDOW = 8
MAX_LENGTH = 400


def _next_nonblank(lines: list[str], start: int, stop: int) -> int | None:
    for i in range(start, min(stop, len(lines))):
        if lines[i].strip():
            return i
    return None


def _subject_line(lines: list[str], head: int) -> int | None:
    for i in range(head, min(head + SUBJECT_WINDOW, len(lines))):
        if SUBJECT.match(lines[i]) or (i == head and SUBJECT_INLINE.search(lines[i])):
            return i
    return None


def _date_and_signer(lines: list[str], start: int, stop: int) -> tuple[int | None, int | None]:
    """Line of the date and of the signer's name after ``start``; None where not printed.

    A date line with a signer under it wins over a "วันที่ ..." line earlier in the body."""
    last_date = None
    for i in range(start, stop):
        if not DATE_LINE.match(lines[i]):
            continue
        last_date = i
        for j in range(i + 1, min(i + SIGNER_WINDOW, stop)):
            if DATE_LINE.match(lines[j]):
                break
            if SIGNER.match(lines[j].strip()):
                return i, j
    return last_date, None


def _kind(lines: list[str], i: int) -> str | None:
    """ประกาศ or คำสั่ง when line ``i`` opens one (issuer on the same or the next line)."""
    line = lines[i].strip()
    if "\t" in lines[i]:
        return None
    match = HEAD.match(line)
    if match is None:
        match = KIND_ONLY.match(line)
        if match is None:
            return None
        following = _next_nonblank(lines, i + 1, i + 3)
        if following is None or not ISSUER_LINE.match(lines[following].strip()):
            return None
    return "ประกาศ" if match.group("kind") == "ประกาศ" else "คำสั่ง"


def locate(lines: list[str]) -> list[Segment]:
    """Announcement and order segments: issuer line to the signer's position (or the date)."""
    heads = [i for i in range(len(lines)) if _kind(lines, i) and _subject_line(lines, i) is not None]
    segments = []
    for n, head in enumerate(heads):
        stop = min(heads[n + 1] if n + 1 < len(heads) else len(lines), head + MAX_LENGTH)
        date, signer = _date_and_signer(lines, head + 1, stop)
        if signer is not None:
            position = _next_nonblank(lines, signer + 1, stop)
            end = position if position is not None else signer
        elif date is not None:
            end = date
        else:
            end = _subject_end(lines, _subject_line(lines, head))
        label = lines[head].strip()
        if KIND_ONLY.match(label):
            label += " " + lines[_next_nonblank(lines, head + 1, head + 3)].strip()
        segments.append(Segment(KINDS[_kind(lines, head)], head, end, label))
    return segments


def _subject_end(lines: list[str], subject: int) -> int:
    """Last line of a subject that wraps: continuation lines up to a blank line or the body."""
    end = subject
    for i in range(subject + 1, min(subject + 3, len(lines))):
        line = lines[i].strip()
        if not line or BODY_START.match(line) or "\t" in line or DATE_LINE.match(line):
            break
        end = i
    return end


def _split_member(row: str) -> tuple[str | None, str | None, str | None, bool]:
    """name, position, role of one committee row; the flag is False when the split was a guess."""
    cells = [c.strip() for c in row.split("\t") if c.strip()]
    role = None
    if len(cells) >= 2 and ROLE.fullmatch(cells[-1]):
        role = cells.pop()
    elif cells:
        match = ROLE.search(cells[-1])
        if match and match.start() > 0:
            role = match.group("role")
            cells[-1] = cells[-1][: match.start()].strip()
    if len(cells) >= 2:
        return cells[0], " ".join(cells[1:]), role, True
    # Name and position printed in one cell: the name is the title, first name and surname.
    match = NAME.match(cells[0]) if cells else None
    if match is None:
        return (cells[0] if cells else None), None, role, False
    return match.group("name"), match.group("rest") or None, role, False


def extract(lines: list[str], segment: Segment, seq: int) -> tuple[Record, list[Record]]:
    """The ``announcements`` row of one ประกาศ/คำสั่ง segment and its ``committee_members`` rows."""
    head = segment.start
    kind = _kind(lines, head)
    record = Record("announcements", {"seq": seq, "kind": kind}, head)
    record.score("kind", 0.95, f"{EXACT}: issuer line")

    subject_at = _subject_line(lines, head)
    number = None
    for i in range(head, (subject_at if subject_at is not None else head) + 1):
        match = NUMBER.search(lines[i])
        if match:
            number = f"{match.group('no')}/{match.group('year')}"
            break
    record.values["number"] = number
    record.score("number", 0.95 if number else 0.8, EXACT if number else f"{WEAK}: no number printed")

    subject = None
    body_from = head + 1
    if subject_at is not None:
        end = _subject_end(lines, subject_at)
        first = SUBJECT.match(lines[subject_at]) or SUBJECT_INLINE.search(lines[subject_at])
        parts = [first.group("subject").strip(), *(lines[i].strip() for i in range(subject_at + 1, end + 1))]
        subject = " ".join(p for p in parts if p)
        body_from = end + 1
        record.score("subject", 0.9 if end == subject_at or end - subject_at <= 1 else 0.75,
                     EXACT if end == subject_at else f"{EXACT}: joined {end - subject_at + 1} lines")
    else:
        record.score("subject", 0.0, f"{WEAK}: no เรื่อง line")
    record.values["subject"] = subject

    date_at, signer_at = _date_and_signer(lines, body_from, segment.end + 1)
    announced_on = None
    if date_at is not None:
        # The date may continue on the next lines when the day was left blank for a hand entry.
        stop = signer_at if signer_at is not None else min(date_at + 4, segment.end + 1)
        announced_on = parse_thai_date(" ".join(lines[i] for i in range(date_at, stop)))
    record.values["announced_on"] = announced_on
    if announced_on is None:
        record.score("announced_on", 0.0, f"{WEAK}: no readable date")
    elif len(announced_on) == 7:
        record.score("announced_on", 0.85, f"{EXACT}: day left blank, month precision")
    else:
        record.score("announced_on", 0.95, EXACT)

    signer_name = signer_position = None
    if signer_at is not None:
        signer_name = SIGNER.match(lines[signer_at].strip()).group("name")
        position_at = _next_nonblank(lines, signer_at + 1, segment.end + 1)
        if position_at is not None:
            signer_position = lines[position_at].strip()
        record.score("signer_name", 0.9, EXACT)
        record.score("signer_position", 0.85 if signer_position else 0.0,
                     f"{EXACT}: line under the name" if signer_position else f"{WEAK}: nothing under the name")
    else:
        record.score("signer_name", 0.0, f"{WEAK}: no signer under the date")
    record.values["signer_name"] = signer_name
    record.values["signer_position"] = signer_position

    members = []
    if kind == "คำสั่ง":
        for i in range(body_from, date_at if date_at is not None else segment.end + 1):
            match = MEMBER.match(lines[i].strip())
            if match is None:
                continue
            name, position, role, split = _split_member(match.group("row"))
            member = Record("committee_members", {
                "seq": len(members) + 1, "announcement_seq": seq,
                "name": name, "position": position, "role": role}, i)
            member.score("name", 0.9 if split else 0.75, EXACT if split else f"{REPAIRED}: name split from position")
            member.score("position", 0.85 if split else 0.6,
                         EXACT if split else f"{INFERRED}: text after title, first name and surname")
            member.score("role", 0.9 if role else 0.3, EXACT if role else f"{WEAK}: no role word")
            members.append(member)
    return record, members
