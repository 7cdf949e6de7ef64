"""The ontology: `.ttl` files are the truth (OWL classes, SKOS vocabularies, SHACL shapes);
Python gets closed namespaces (`namespaces`) and a loaded view of the vocabularies (`vocab`)."""

from importlib.resources import files


def ttl_path(name: str) -> str:
    """Filesystem path of a packaged `.ttl` file, e.g. ttl_path("mechanisms.ttl")."""
    return str(files(__name__).joinpath(name))
