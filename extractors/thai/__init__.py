"""Thai text as plans print it: normalisation, numbers, dates, the shared vocabulary, titles."""
