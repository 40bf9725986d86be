"""Performance report on the plan (รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต).

A report has two tables about the same numbered projects, merged here per ลำดับ:

- the summary table: ticks under แล้วเสร็จ / ไม่สามารถดำเนินการได้ (/ อยู่ระหว่างดำเนินการ) give
  the status; งบประมาณ, เบิกจ่าย, คงเหลือ the money; มิติ the dimension;
- the detailed table: วิธีการดำเนินงาน, ตัวชี้วัด, ผลการดำเนินงาน, ระยะเวลา, หน่วยงานรับผิดชอบ.

A title cut by a page break in one table is completed from the other. The report's own counts
("เสร็จดำเนินการแล้ว ๑๗ โครงการ", also OCR'd with the words reversed as in
"๒เสร็จดำเนินการแล้ว . ๑๗ โครงการ") become the ``report_summary`` row and are checked against
the rows.
"""

from extractors.performance_report.extract import extract_performance_report, locate
from extractors.performance_report.summary import stated_summary

__all__ = ["extract_performance_report", "locate", "stated_summary"]
