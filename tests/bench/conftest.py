"""A small in-memory vocabulary so the generator is tested apart from the packaged .ttl files."""

from __future__ import annotations

import pytest

from ontology.vocab import Concept, Vocabulary

_MECHANISMS = [
    ("double-random", "双随机、一公开", ("双随机一公开",), "Market regulation reform, national 2015"),
    ("three-systems", "行政执法三项制度", ("三项制度",), "Pilot 2017, national 2019"),
    ("fangguanfu", "放管服", ("放管服改革",), "State Council 2015"),
    ("court-government-linkage", "府院联动", ("府院联动机制",), "Zhejiang 2016"),
    ("legal-adviser", "政府法律顾问制度", ("法律顾问制度",), None),
    ("one-visit", "最多跑一次", ("最多跑一次改革",), "Zhejiang 2016"),
    ("credit-commitment", "信用承诺制", (), "Henan 2019"),
    ("leaders-study-law", "领导干部学法用法", ("领导干部学法",), None),
]
_AGENCIES = [("justice-bureau", "司法局"), ("market-regulation", "市场监督管理局"),
             ("public-security", "公安局"), ("ecology-environment", "生态环境局")]


def small_vocabulary() -> Vocabulary:
    concepts = [
        Concept("mechanism", n, f"https://w3id.org/fazhi-kg/vocab/mechanism/{n}", zh, n, alts,
                origin=origin)
        for n, zh, alts, origin in _MECHANISMS
    ]
    concepts += [
        Concept("agency-type", n, f"https://w3id.org/fazhi-kg/vocab/agency-type/{n}", zh, n)
        for n, zh in _AGENCIES
    ]
    return Vocabulary(concepts)


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return small_vocabulary()
