"""PDF input: each page read from its text layer when the layer is good, else by OCR.

``pages`` opens a PDF and holds what its pages gave; ``words`` reads the text layer's words and boxes
(poppler), ``rulings`` the lines a page draws (pdfium), ``grid`` turns ruled lines into cell boxes,
``layout`` lays a page out in lines and tables, ``flow`` joins the pages; ``text_layer`` scores a text
layer; ``ocr`` renders and reads scanned pages; ``read`` decides per page.
"""

from pipeline.pdf.pages import PdfError, PdfPage, PdfText
from pipeline.pdf.read import read_pdf
from pipeline.pdf.text_layer import text_layer_quality

__all__ = ["PdfError", "PdfPage", "PdfText", "read_pdf", "text_layer_quality"]
