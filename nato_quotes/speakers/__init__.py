"""Who speaks: the document's entities and the resolution of every speaker mention.

Steps, one module each: :mod:`.names` (name words and a spelling normaliser), :mod:`.phrase`
(reading one speaker phrase), :mod:`.mentions` (person names across the document),
:mod:`.entities` (clusters of mentions with merged attributes) and :mod:`.resolve` (the passes
from a quote's speaker mention to an entity).
"""

from .resolve import DocumentSpeakers

__all__ = ["DocumentSpeakers"]
