"""PDF input: each page read from its text layer (pdfium) when the layer is good, else by OCR.

``pages`` opens a PDF and holds what its pages gave; ``text_layer`` reads and scores a page's text
layer; ``ocr`` renders and reads scanned pages; ``read`` decides per page.
"""

from pipeline.pdf.pages import PdfError, PdfPage, PdfText
from pipeline.pdf.read import read_pdf
from pipeline.pdf.text_layer import text_layer_quality

__all__ = ["PdfError", "PdfPage", "PdfText", "read_pdf", "text_layer_quality"]
