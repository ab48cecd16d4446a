"""Exception types raised by nato-quotes. All derive from :class:`NatoQuotesError`."""


class NatoQuotesError(Exception):
    """Base class: every error the library raises on purpose."""


class InputError(NatoQuotesError):
    """A document cannot be read: binary, undecodable, missing or malformed."""


class ModelNotFoundError(NatoQuotesError):
    """Stanza's German models are not installed where we looked."""


class DataFileError(NatoQuotesError):
    """A data file (knowledge base, lexicon) is invalid."""
