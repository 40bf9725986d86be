"""One module per stage; each registers itself with ``pipeline.registry.stage``.

Modules here are discovered automatically; the registry orders them by what they require.
"""
