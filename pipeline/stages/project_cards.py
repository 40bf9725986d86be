from extractors.thai.normalise import NormalisedText
from extractors.project_card import card_checks, extract_cards, locate
from extractors.records import Heading
from pipeline.registry import StageOutput, segment_records, stage


@stage("project_cards", requires=("norm",), assigns=("cards",), uses=("headings", "plan_period"))
def project_cards(norm: NormalisedText, headings: list[Heading] | None = None,
                  plan_period: tuple[int, int] | None = None) -> StageOutput:
    """Project detail cards (รายละเอียดโครงการ): every field, under their dimension/mission headings."""
    segments = locate(norm.lines, headings)
    cards = extract_cards(norm.lines, headings, plan_period, segments)
    checks = card_checks(cards, norm.lines, plan_period, headings, segments)
    return StageOutput(records=[*cards, *checks, *segment_records(segments, norm)], artefacts={"cards": cards})
