"""The one exception hierarchy. Messages name the file, the stage and the bad value."""

from __future__ import annotations


class FazhiError(Exception):
    """Base of every error fazhi raises on purpose. The CLI prints `str(err)`, never a traceback."""


class InputError(FazhiError):
    """A report file that cannot be read as a report (empty, binary, undecodable, unsupported, too big)."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class ExtractionError(FazhiError):
    """An extractor failed on one document; the batch goes on."""


class OntologyError(FazhiError):
    """The vocabularies or ontology files are inconsistent (e.g. an altLabel in two concepts)."""


class GraphBuildError(FazhiError):
    """Building or writing the RDF graph, store or exports failed."""


class ValidationError(FazhiError):
    """SHACL validation found violations."""


class Neo4jError(FazhiError):
    """The Neo4j server could not be started, reached or written. Never carries the password."""


class QueryError(FazhiError):
    """A named query is unknown, or its parameters are missing or malformed."""
