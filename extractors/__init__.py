"""thaiplan extractors: pure functions from normalised text to typed records, one per structure."""
