"""nato-quotes: who said what in German news.

>>> import nato_quotes
>>> for q in nato_quotes.extract(text, date="2022-03-24"):
...     print(q.speaker_name, q.kind, q.text)
"""

from .errors import DataFileError, InputError, ModelNotFoundError, NatoQuotesError
from .model import Cue, DocumentResult, Quote, Span, Speaker
from .pipeline import Pipeline, extract

__version__ = "0.1.0"

__all__ = [
    "Cue", "DataFileError", "DocumentResult", "InputError", "ModelNotFoundError", "NatoQuotesError",
    "Pipeline", "Quote", "Span", "Speaker", "extract", "__version__",
]
