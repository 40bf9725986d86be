from extractors import announcement
from extractors.thai.normalise import NormalisedText
from extractors.records import Segment
from pipeline.registry import StageOutput, stage


@stage("announcements", requires=("norm", "outline"))
def announcements(norm: NormalisedText, outline: list[Segment]) -> StageOutput:
    """Announcements (ประกาศ) and orders (คำสั่ง) with their signers; committee members of orders."""
    records = []
    notices = [s for s in outline if s.kind in ("announcement", "order")]
    for seq, segment in enumerate(notices, start=1):
        record, members = announcement.extract(norm.lines, segment, seq)
        records.append(record)
        records.extend(members)
    # Members are numbered across all orders, in reading order.
    for seq, member in enumerate((r for r in records if r.table == "committee_members"), start=1):
        member.values["seq"] = seq
    return StageOutput(records=records)
