"""The organisation a document is of, and its district and province.

The organisation's name is printed many ways in one document (OCR slips, องค์กร for องค์การ,
abbreviations), so every mention is counted and the best-supported spelling wins; the score's
reason says how many mentions supported it and which variants lost. Where the cover prints a
different spelling, a ``checks`` row records the contradiction.
"""

from __future__ import annotations

from collections import Counter

import regex
from cydifflib import SequenceMatcher

from extractors.records import EXACT, INFERRED, REPAIRED, WEAK, Record, Segment, check
from extractors.thai.ocr_tolerance import Keyword, Vocabulary, tolerant

# The ways documents print each official organisation type (องค์กร is a common slip).
_ORG_PREFIX = {
    "เทศบาลตำบล": "เทศบาลตำบล", "ทต.": "เทศบาลตำบล",
    "เทศบาลเมือง": "เทศบาลเมือง", "ทม.": "เทศบาลเมือง",
    "เทศบาลนคร": "เทศบาลนคร", "ทน.": "เทศบาลนคร",
    "องค์การบริหารส่วนตำบล": "องค์การบริหารส่วนตำบล", "องค์กรบริหารส่วนตำบล": "องค์การบริหารส่วนตำบล",
    "อบต.": "องค์การบริหารส่วนตำบล",
    "องค์การบริหารส่วนจังหวัด": "องค์การบริหารส่วนจังหวัด", "องค์กรบริหารส่วนจังหวัด": "องค์การบริหารส่วนจังหวัด",
    "อบจ.": "องค์การบริหารส่วนจังหวัด",
}
_PREFIX_ALT = "|".join(regex.escape(p) for p in sorted(_ORG_PREFIX, key=len, reverse=True))
# A mention of an organisation: its prefix (as printed or as OCR damaged it, "เทศปาลตำบล":
# ``_org_type``), then the Thai run after it: "เทศบาลตำบลคลองแสนแสบ ได้ดำเนินการ", "อบต.จอหอ",
# or glued to the next word, "เทศบาลตำบลคลองแสนแสบได้ดำเนินการ".
ORG_MENTION = regex.compile(tolerant(r"(?P<prefix>" + _PREFIX_ALT + r")") + r"\s?(?P<text>[ก-๙]{2,})")
# The run is the place's name alone ("delimited") when a space, punctuation or the end follows it.
DELIMITER = regex.compile(r"[\s,.()\"“”'/:;]|$")
PLACE_CHARS = 30
_PREFIX_WORDS = Vocabulary((official, Keyword(regex.escape(printed))) for printed, official in _ORG_PREFIX.items())
# A line break and the Thai the next line starts with: a name before it may be cut by a wrap.
WRAPPED_ON = regex.compile(r"\n[ \t]*(?P<text>[ก-๙]{1,40})")
# Letters of the next line that must go on as the name goes on elsewhere for a wrap to have cut it.
WRAP_EVIDENCE = 3
# Words that follow a bare prefix and are not a place: "องค์การบริหารส่วนตำบลมอบหมายให้..."
_NOT_A_PLACE = regex.compile(r"^(?:มอบหมาย|ทุกแห่ง|ต่าง|ทั่วประเทศ|แห่ง|และ|หรือ|ของ|ได้|จะ|ที่|ซึ่ง|เพื่อ|ให้|ใน)")

# "อำเภอพานพร้าว จังหวัดพะเยา", "อ.สามพราน จ.นครปฐม"
DISTRICT_PROVINCE = regex.compile(
    r"(?:อำเภอ|อ\.)\s?(?P<district>[ก-๙]{2,30})\s+(?:จังหวัด|จ\.)\s?(?P<province>[ก-๙]{2,30})"
)
# "จังหวัดพะเยา" on its own (weaker: the document may quote another province's plan).
PROVINCE = regex.compile(r"จังหวัด\s?(?P<province>[ก-๙]{2,30})")
# A province glued to its word, as the province check reads it: "...ประพฤติมิชอบจังหวัดสมุทรสาคร ประจำปี"
# ("หน่วยงานในจังหวัด ดำเนินการเอง" shows why a space after จังหวัด is too loose for a check).
PROVINCE_NAMED = regex.compile(r"จังหวัด(?P<province>[ก-๙]{2,30})")
# Words glued to จังหวัด that are not a province: "จังหวัดต่างๆ", "จังหวัดใกล้เคียง", "ทุกจังหวัดละ"
_NOT_A_PROVINCE = regex.compile(r"^(?:ต่าง|ใกล้เคียง|อื่น|ละ|ที่|และ|หรือ|ของ|ใน|นั้น|นี้|เดียวกัน)")
# A line in the document's own voice names its plan: "แผนปฏิบัติการด้านการป้องกันการทุจริต...",
# "แผนป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ.2567" (or its organisation, matched by name).
OWN_PLAN = regex.compile(r"แผน(?:ปฏิบัติการ|ป้องกัน)")
# A province the document does not speak for, told by what stands just before จังหวัด: another
# body's name ("องค์การบริหารส่วนจังหวัดพังงา"), a destination ("ศึกษาดูงาน ณ จังหวัดน่าน"), or an
# address with a district of its own ("อำเภอเมือง จังหวัดเชียงราย").
ANOTHER_BODY = regex.compile(r"บริหารส่วน$")
DESTINATION = regex.compile(r"(?:ณ|ที่|ไป|ยัง)\s?$")
ADDRESS_DISTRICT = regex.compile(r"(?:อำเภอ|อ\.)\s?(?P<district>[ก-๙]{2,30})\s*$")
# How much of a line before จังหวัด is read to tell those apart.
BEFORE_PROVINCE = 40

# How alike two spellings of one place must be to count as OCR variants of each other.
VARIANT_SIMILARITY = 0.75


def _org_type(printed: str) -> str:
    """The official type a printed prefix names ("อบต." and "เทศปาลตำบล" as OCR'd included)."""
    return _ORG_PREFIX.get(printed) or _PREFIX_WORDS.first(printed, "fullmatch")[0]


def _mentions(text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, int]]]:
    """Every mention as (type, the Thai run after the prefix), and the delimited ones as (type,
    place, where it ends)."""
    glued, delimited = [], []
    for match in ORG_MENTION.finditer(text):
        org_type, run = _org_type(match.group("prefix")), match.group("text")
        glued.append((org_type, run))
        if len(run) <= PLACE_CHARS and DELIMITER.match(text, match.end()):
            delimited.append((org_type, run, match.end()))
    return glued, delimited


def _place_support(text: str) -> tuple[Counter, set[tuple[str, str]]]:
    """Count each delimited (prefix, place) spelling, plus glued mentions that start with it; and the
    spellings printed apart only at a line's end with Thai going on below (a wrap may have cut them)."""
    glued_mentions, places = _mentions(text)
    delimited: Counter = Counter()
    endings: list[tuple[tuple[str, str], str]] = []  # (spelling, the Thai the next line starts with)
    for org_type, place, end in places:
        if not _NOT_A_PLACE.match(place):
            delimited[(org_type, place)] += 1
            if going_on := WRAPPED_ON.match(text, end):
                endings.append(((org_type, place), going_on.group("text")))
    # A spelling at a line's end that goes on in the next line's first letters as it goes on elsewhere
    # ("...ของเทศบาลตำบลคลอง" / "แสนแสบ ...", and "เทศบาลตำบลคลองแสนแสบ" printed in the text) was cut
    # by the wrap: not printed apart there.
    longer = [*delimited, *glued_mentions]
    cut = Counter(key for key, going_on in endings
                  if any(t == key[0] and len(p) >= len(key[1]) + WRAP_EVIDENCE and p.startswith(key[1])
                         and going_on.startswith(p[len(key[1]):len(key[1]) + WRAP_EVIDENCE]) for t, p in longer))

    def apart(key: tuple[str, str]) -> int:
        return delimited[key] - cut[key]

    # Of two spellings one of which starts the other, the longer is the shorter glued to the next word
    # ("คลองแสนแสบลดลง") when the shorter is printed apart at least as often, else the shorter is the
    # longer cut short: by a speck ("เทศบาลตำบลคล องแสนแสบ") or by a wrapped line.
    def glued(short: tuple[str, str], long: tuple[str, str]) -> bool:
        return apart(short) > 0 and apart(short) >= delimited[long]

    delimited = Counter({(t, p): c for (t, p), c in delimited.items()
                         if not any(t == t2 and p != p2 and (p.startswith(p2) and glued((t2, p2), (t, p))
                                                             or p2.startswith(p) and not glued((t, p), (t2, p2)))
                                    for t2, p2 in delimited)})
    support: Counter = Counter()
    for org_type, place in delimited:
        support[(org_type, place)] = sum(1 for t, mention in glued_mentions if t == org_type and mention.startswith(place))
    at_line_end = Counter(key for key, _ in endings)
    return support, {key for key in delimited if apart(key) == 0 or at_line_end[key] == delimited[key]}


def _group_variants(support: Counter) -> list[list[tuple[tuple[str, str], int]]]:
    """Spellings of the same organisation grouped together, best-supported group first."""
    groups: list[list[tuple[tuple[str, str], int]]] = []
    for key, count in support.most_common():
        for group in groups:
            head = group[0][0]
            if head[0] == key[0] and SequenceMatcher(None, head[1], key[1]).ratio() >= VARIANT_SIMILARITY:
                group.append((key, count))
                break
        else:
            groups.append([(key, count)])
    groups.sort(key=lambda g: -sum(c for _, c in g))
    return groups


def _full_name(org_type: str, place: str) -> str:
    return org_type + place


def organization(lines: list[str], cover: list[Segment]) -> tuple[dict, list[Record]]:
    """Organisation name, type and place, and the records that score them."""
    text = "\n".join(lines)
    support, wrapped_only = _place_support(text)
    groups = _group_variants(support)
    if not groups:
        return {}, []
    group = groups[0]
    (org_type, place), best = group[0]
    name = _full_name(org_type, place)
    total = sum(c for _, c in group)
    share = best / total
    first_line = next((i for i, line in enumerate(lines) if place in line), 0)
    record = Record("documents", {"organization": name, "org_type": org_type}, first_line)
    losers = ", ".join(f"{_full_name(*k)} x{c}" for k, c in group[1:4])
    if len(group) == 1:
        confidence = 0.95 if best >= 3 else 0.7
        record.score("organization", confidence, f"{EXACT}: {best} mentions, one spelling")
    else:
        confidence = 0.9 if share >= 0.8 and best >= 3 else (0.75 if share >= 0.6 else 0.55)
        record.score("organization", confidence,
                     f"{REPAIRED}: best-supported spelling, {best} of {total} mentions (also {losers})")
    if (org_type, place) in wrapped_only:
        record.score("organization", min(confidence, 0.7), record.scores["organization"].reason
                     + "; printed apart only at a line's end, where a wrapped line may have cut it short")
    record.score("org_type", 0.95 if best >= 3 else 0.7, f"{EXACT}: prefix of the organisation's name")
    records = [record]
    # The cover (title page) is what a reader sees first; record when it spells the name otherwise.
    cover_text = "\n".join("\n".join(s.lines(lines)) for s in cover)
    cover_places = [(org_type, place) for org_type, place, _ in _mentions(cover_text)[1]]
    cover_variants = [k for k in cover_places if k in dict(group)]
    if cover_variants:
        printed = _full_name(*cover_variants[0])
        records.append(check(
            "organization_name_consistent", "organization", printed == name, name, printed,
            line=cover[0].start, severity="warning",
            message="" if printed == name else
            f"the cover prints {printed} but the rest of the document prints {name} ({best} of {total} mentions); "
            "the best-supported spelling is used"))
    return {"organization": name, "org_type": org_type, "place": place}, records


def district_province(lines: list[str], cover: list[Segment], org: dict) -> Record | None:
    """District and province: the cover's "อำเภอ... จังหวัด..." line first, else the body's;
    a province alone on the cover; for a provincial organisation (อบจ.) the place in its name."""
    cover_lines = [i for s in cover for i in range(s.start, s.end + 1)]
    for indices, confidence in ((cover_lines, 0.95), (range(len(lines)), 0.8)):
        for i in indices:
            match = DISTRICT_PROVINCE.search(lines[i])
            if match is None:
                continue
            district, province = match.group("district"), match.group("province")
            record = Record("documents", {"district": district, "province": province}, i)
            where = "cover" if confidence > 0.9 else "body"
            if district == "เมือง":
                # The capital district is officially named after its province (อำเภอเมืองพิษณุโลก).
                record.values["district"] = district + province
                record.score("district", confidence - 0.1, f"{INFERRED}: printed 'อำเภอเมือง', named after the province")
            else:
                record.score("district", confidence, f"{EXACT}: อำเภอ/จังหวัด line on the {where}")
            record.score("province", confidence, f"{EXACT}: อำเภอ/จังหวัด line on the {where}")
            return record
    province, line, reason, confidence = None, 0, "", 0.0
    for i in cover_lines:
        match = PROVINCE.search(lines[i])
        if match:
            province, line, reason, confidence = match.group("province"), i, f"{EXACT}: จังหวัด on the cover", 0.85
            break
    if province is None and org.get("org_type") == "องค์การบริหารส่วนจังหวัด":
        province, reason, confidence = org["place"], f"{INFERRED}: a provincial organisation is named after its province", 0.8
    if province is None:
        return None
    record = Record("documents", {"district": None, "province": province}, line)
    record.score("district", 0.5, f"{WEAK}: no อำเภอ printed")
    record.score("province", confidence, reason)
    return record


def _speaks_for_another_place(before: str, district: str | None) -> bool:
    address = ADDRESS_DISTRICT.search(before)
    if address and not (district or "").startswith(address.group("district")):
        return True
    return bool(ANOTHER_BODY.search(before) or DESTINATION.search(before))


def province_consistent(lines: list[str], place: Record, org: dict) -> Record:
    """A check that the document names no other province where it speaks for itself: lines naming
    its organisation or its plan (a template copied from another province leaves its name there)."""
    province, district = place.values["province"], place.values["district"]
    own_name = _nospace(_full_name(org["org_type"], org["place"])) if org else None
    others: Counter = Counter()
    first_line = None
    for i, line in enumerate(lines):
        if "จังหวัด" not in line or not (OWN_PLAN.search(line) or (own_name and own_name in _nospace(line))):
            continue
        for match in PROVINCE_NAMED.finditer(line):
            printed = match.group("province")
            if printed.startswith(province) or _NOT_A_PROVINCE.match(printed) or \
                    _speaks_for_another_place(line[max(0, match.start() - BEFORE_PROVINCE): match.start()], district):
                continue
            others[printed] += 1
            first_line = i if first_line is None else first_line
    printed = ", ".join(f"{p} x{c}" for p, c in others.most_common())
    return check(
        "province_consistent", "province", not others, province, printed or province,
        line=place.line if first_line is None else first_line, severity="warning",
        message="" if not others else
        f"the document is {province}'s but {sum(others.values())} line(s) naming its organisation or plan "
        f"print another province (จังหวัด{printed}); {province} is kept")


def _nospace(text: str) -> str:
    return regex.sub(r"\s+", "", text)
