"""fazhi-kg: a knowledge-graph builder for Chinese local governments' 法治政府建设 reports.

The application package: CLI and pipeline wiring. The stages live in the top-level packages
`extractors` (text -> facts), `ontology` (what facts may exist), `graph` (facts -> stores and
files) and `queries` (the named questions researchers ask).
"""

__version__ = "0.1.0"
