"""The seeds in the other forms real OCR engines and tools write, and with OCR noise.

Pure functions of (TAB-celled text, ``random.Random``): the same seed gives the same text.

    from tests.builders.variants import FORMS, add_noise
    html = FORMS["html"](text, random.Random(0))
    noised, changes = add_noise(text, 0.01, random.Random(0))
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.builders.variants.html import to_html
from tests.builders.variants.layout import to_layout
from tests.builders.variants.noise import (
    NoiseChange,
    add_noise,
    apply_changes,
    noised_numbers,
)
from tests.builders.variants.pipes import to_pipes
from tests.builders.variants.spaces import to_flattened, to_spaces

# Serialisation name -> generator; the names bench/forms.py takes in --forms.
FORMS: dict[str, Callable[[str, random.Random], str]] = {
    "html": to_html,
    "pipes": to_pipes,
    "spaces": to_spaces,
    "layout": to_layout,
    "flattened": to_flattened,
}
# File suffix each form is saved with: Typhoon OCR and Markdown converters write .md.
SUFFIX = {"html": ".md", "pipes": ".md", "spaces": ".txt", "layout": ".txt", "flattened": ".txt"}

__all__ = ["FORMS", "SUFFIX", "NoiseChange", "add_noise", "apply_changes", "noised_numbers",
           "to_flattened", "to_html", "to_layout", "to_pipes", "to_spaces"]
