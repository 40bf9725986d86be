"""Words every structure of a plan shares, written once (examples are real lines after normalisation).

A structure's own vocabulary (its headings, its header cells) lives in a table in its own module;
what several structures read the same way lives here.
"""

# The kinds of project a plan lists: "โครงการพัฒนาความรู้...", "กิจกรรมยกย่อง...", "มาตรการ NO Gift Policy".
PROJECT_WORD = r"(?:โครงการ|กิจกรรม|มาตรการ)"
# The word มิติที่ and its OCR variants: "มิติที่", "มติที่", "มิตี", "มิตินี้", "มิติ", "มิติที".
DIMENSION_WORD = r"ม(?:ิ)?ต(?:ิ|ี)(?:\s?(?:ที่|ที|นี้))?"
# "In all", the word of a grand total: "รวมทั้งสิ้น", "รวมทั้งหมด", "ทั้งสิ้น 20 โครงการ"; OCR of a
# scan drops the tone marks: "รวมทังสิน".
GRAND_TOTAL_WORD = r"(?:ทั้?งสิ้?น|ทั้?งหมด)"
