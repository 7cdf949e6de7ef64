"""The scorer itself, on tiny hand-made gold/prediction pairs with exact expected numbers."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extractors.scoring import (
    GoldReport,
    as_predictions,
    canonical_quantity,
    load_gold,
    load_gold_file,
    normalise_title,
    score,
    units_compatible,
)
from fazhi.cli import app
from fazhi.errors import InputError
from fazhi.records import Document, Extraction, Fact, Span

DOC = "t.txt"


def mech(start, end, text, name, stage="implemented"):
    return {"kind": "mechanism", "start": start, "end": end, "text": text, "mechanism": name,
            "stage": stage}


def metric(start, end, text, value, unit, approx=False):
    return {"kind": "metric", "start": start, "end": end, "text": text, "value": value,
            "unit": unit, "approx": approx, "indicator": "x"}


def gold_report(facts, document=None, accept=None):
    return {DOC: GoldReport(doc=DOC, document=document or {}, accept=accept or {},
                            facts=tuple(facts))}


def pred(kind, start, end, text="", **kw):
    return {"kind": kind, "doc": DOC, "start": start, "end": end, "text": text, **kw}


def test_mechanisms_and_metrics_exact_counts():
    gold = gold_report([
        mech(10, 17, "双随机、一公开", "双随机一公开"),
        mech(30, 33, "放管服", "放管服"),
        metric(50, 54, "303件", 303, "件"),
        metric(60, 65, "5万余份", 50000, "份", approx=True),
    ])
    preds = [
        # matches by label resolved in the vocabulary (no concept given)
        pred("mechanism", 11, 17, "随机、一公开", label="双随机、一公开", stage="implemented"),
        # overlaps 放管服 but names another concept: spurious, and 放管服 is missed
        pred("mechanism", 30, 33, "放管服", concept="run-at-most-once", stage="implemented"),
        # 5 万份 is 50000 份
        pred("metric", 60, 63, "5万余", value=5, unit="万份"),
        # right span, wrong value
        pred("metric", 50, 54, "303件", value=30.3, unit="件"),
    ]
    s = score(gold, preds)
    m, q = s.kinds["mechanism"], s.kinds["metric"]
    assert (m.tp, m.fp, m.fn) == (1, 1, 1)
    assert (q.tp, q.fp, q.fn) == (1, 1, 1)
    assert m.precision == pytest.approx(0.5) and m.recall == pytest.approx(0.5)
    assert m.f1 == pytest.approx(0.5)
    assert s.kinds["claim"].precision == 0.0 and s.kinds["claim"].tp == 0
    missed = {(d.kind, d.start) for d in s.disagreements if d.what == "missed"}
    assert missed == {("mechanism", 30), ("metric", 50)}


def test_each_gold_matched_once_largest_overlap_first():
    gold = gold_report([mech(0, 6, "告知承诺制度", "告知承诺制")])
    preds = [
        pred("mechanism", 4, 8, "制度xx", concept="notification-commitment"),
        pred("mechanism", 0, 5, "告知承诺制", concept="notification-commitment", stage="planned"),
    ]
    s = score(gold, preds)
    m = s.kinds["mechanism"]
    assert (m.tp, m.fp, m.fn) == (1, 1, 0)
    # the larger overlap (0-5) won, and its stage is wrong
    assert (s.stage_correct, s.stage_total) == (0, 1)
    assert [d.what for d in s.disagreements] == ["spurious", "stage"]


def test_no_overlap_no_match():
    gold = gold_report([mech(0, 3, "放管服", "放管服")])
    s = score(gold, [pred("mechanism", 3, 6, "放管服", concept="delegate-regulate-serve")])
    assert (s.kinds["mechanism"].tp, s.kinds["mechanism"].fn) == (0, 1)


def test_stage_accuracy_counts_only_matched():
    gold = gold_report([mech(0, 3, "放管服", "放管服", "planned"),
                        mech(10, 14, "府院联动", "府院联动", "implemented"),
                        mech(20, 24, "跨省通办", "跨省通办", "problem")])
    preds = [pred("mechanism", 0, 3, concept="delegate-regulate-serve", stage="planned"),
             pred("mechanism", 10, 14, concept="government-court-linkage", stage="piloting")]
    s = score(gold, preds)
    assert (s.stage_correct, s.stage_total) == (1, 2)
    assert s.stage_accuracy == pytest.approx(0.5)


@pytest.mark.parametrize("gold_value,pred_value,ok", [
    (17.39, 17.390001, True),    # 5.8e-8 relative
    (17.39, 17.4, False),
    (0, 0.0, True),
    (89_000_000, 0.89e8, True),
])
def test_metric_value_tolerance(gold_value, pred_value, ok):
    gold = gold_report([metric(0, 6, "17.39%", gold_value, "%")])
    s = score(gold, [pred("metric", 0, 6, value=pred_value, unit="%")])
    assert s.kinds["metric"].tp == int(ok)


@pytest.mark.parametrize("value,unit,expected", [
    (0.89, "亿元", (89_000_000.0, "元")),
    (5, "万余份", (50_000.0, "份")),
    (23, "个百分点", (23.0, "个百分点")),
    (23, "百分点", (23.0, "个百分点")),
    (95.6, "％", (95.6, "%")),
    (4, "万", (4.0, "万")),  # a bare 万 is a unit of its own, not a multiplier of nothing
])
def test_canonical_quantity(value, unit, expected):
    assert canonical_quantity(value, unit) == expected


@pytest.mark.parametrize("a,b,ok", [("件", "件", True), ("类", "大类", True), ("件", "项", False),
                                    ("", "件", False), ("次", "人次", True)])
def test_units_compatible(a, b, ok):
    assert units_compatible(a, b) is ok


def test_claims_need_same_type():
    gold = gold_report([{"kind": "claim", "start": 0, "end": 10, "text": "全省率先建立述法制度xx",
                         "claim_type": "率先", "scope": "全省", "claimed": "建立述法制度"}])
    s = score(gold, [pred("claim", 2, 8, claim_type="首家"), pred("claim", 0, 4, claim_type="率先")])
    assert (s.kinds["claim"].tp, s.kinds["claim"].fp) == (1, 1)


def test_citation_titles_normalised_and_doc_number():
    title = "新乡市人民政府关于贯彻执行<河南省重大行政决策程序规定>的实施意见"
    gold = gold_report([
        {"kind": "citation", "start": 0, "end": 40, "text": f"《{title}》", "title": title,
         "doc_number": None},
        {"kind": "citation", "start": 50, "end": 80, "text": "《某通知》", "title": "某通知",
         "doc_number": "中法办发〔2019〕10号"},
    ])
    preds = [
        pred("citation", 0, 40, label="新乡市人民政府关于贯彻执行《河南省重大行政决策程序规定》的实施意见"),
        pred("citation", 70, 85, label="中法办发〔2019〕10号"),
    ]
    s = score(gold, preds)
    assert (s.kinds["citation"].tp, s.kinds["citation"].fp) == (2, 0)
    assert normalise_title("《法治政府建设实施纲要（2021—2025年）》") == "法治政府建设实施纲要(2021-2025年)"


def test_metadata_accept_lists_whitespace_and_wrong_fields():
    gold = gold_report([], document={"title": "运城市人民政府关于2021年度法治政府建设情况的报告",
                                     "year": 2021, "issued": "2022-01-28", "doc_number": None},
                       accept={"issued": ("2022-01-28", None)})
    preds = [{"kind": "document", "doc": DOC, "title": "运城市人民政府 关于2021年度法治政府建设情况的报告",
              "year": 2022, "issued": None, "doc_number": None}]
    s = score(gold, preds)
    assert s.metadata[DOC] == {"title": True, "year": False, "doc_number": True, "issued": True}
    assert s.metadata_accuracy["year"] == 0.0 and s.metadata_accuracy["title"] == 1.0
    assert not s.metadata_all_right


def test_extraction_records_score_like_their_jsonl():
    text = "深化“放管服”改革,受理303件。"
    doc = Document(doc=DOC, text=text, sha256="0" * 64, year=2024, doc_type="annual_report")
    facts = (
        Fact(kind="mechanism", doc=DOC, span=Span(3, 6, "放管服"), rule="t", confidence=1.0,
             concept="delegate-regulate-serve", stage="implemented"),
        Fact(kind="metric", doc=DOC, span=Span(12, 16, "303件"), rule="t", confidence=1.0,
             value=303.0, unit="件", approx=False),
        Fact(kind="agency", doc=DOC, span=Span(0, 2, "深化"), rule="t", confidence=1.0),
    )
    extraction = Extraction(document=doc, facts=facts)
    gold = gold_report([mech(3, 6, "放管服", "放管服"), metric(12, 16, "303件", 303, "件")],
                       document={"year": 2024, "doc_type": "annual_report"})
    from_records = score(gold, [extraction]).to_json()
    from fazhi.records import document_json
    lines = [document_json(doc), *(f.to_json() for f in facts)]
    from_jsonl = score(gold, [json.loads(json.dumps(x)) for x in lines]).to_json()
    assert from_records == from_jsonl
    assert from_records["kinds"]["mechanism"]["f1"] == 1.0
    assert from_records["kinds"]["metric"]["f1"] == 1.0
    assert as_predictions([extraction])[DOC].document["year"] == 2024


def test_reports_without_gold_are_not_scored():
    s = score(gold_report([]), [pred("metric", 0, 2, value=1, unit="件") | {"doc": "other.txt"}])
    assert s.unscored_docs == ("other.txt",)
    assert s.kinds["metric"].fp == 0


@pytest.mark.parametrize("content,needle", [
    ("{not json", "cannot read JSON"),
    ('{"doc": "a.txt", "facts": [{"kind": "metric", "start": 0, "end": 2, "text": "3件"}]}',
     "missing field 'value'"),
    ('{"doc": "a.txt", "facts": [{"kind": "mechanism", "start": 0, "end": 2, "text": "xx",'
     ' "mechanism": "放管服", "stage": "done"}]}', "bad stage 'done'"),
    ('{"doc": "a.txt", "facts": [{"kind": "opinion", "start": 0, "end": 2, "text": "xx"}]}',
     "unknown kind 'opinion'"),
])
def test_bad_gold_names_file_and_problem(tmp_path, content, needle):
    p = tmp_path / "a.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_gold_file(p)
    assert str(p) in str(err.value) and needle in str(err.value)


def test_empty_gold_dir_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no \\*.json gold files"):
        load_gold(tmp_path)


def test_cli_scores_a_tiny_invented_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    gold_dir = tmp_path / "gold"
    corpus.mkdir()
    gold_dir.mkdir()
    text = ("某县人民政府关于2023年度法治政府建设情况的报告\n"
            "2023年,我县深化“放管服”改革,全年受理行政复议案件42件,办结40件。\n")
    (corpus / "r1.txt").write_text(text, encoding="utf-8")
    s = text.index("放管服")
    q1, q2 = text.index("42件"), text.index("40件")
    gold = {"doc": "r1.txt", "document": {"year": 2023}, "accept": {}, "notes": {}, "facts": [
        mech(s, s + 3, "放管服", "放管服"),
        metric(q1, q1 + 3, "42件", 42, "件"),
        metric(q2, q2 + 3, "40件", 40, "件"),
    ]}
    (gold_dir / "r1.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(gold_dir), str(corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["kinds"]["mechanism"]["tp"] + out["kinds"]["mechanism"]["fn"] == 1
    assert out["kinds"]["metric"]["tp"] + out["kinds"]["metric"]["fn"] == 2
    assert set(out["metadata"]["r1.txt"]) == {"year"}
    table = CliRunner().invoke(app, ["score", str(gold_dir), str(corpus)])
    assert table.exit_code == 0 and "mechanism" in table.output and "stage accuracy" in table.output


def test_cli_rejects_missing_gold_and_bad_format(tmp_path):
    result = CliRunner().invoke(app, ["score", str(tmp_path / "nope"), str(tmp_path)])
    assert result.exit_code == 2
    assert "nope" in result.output
    result = CliRunner().invoke(app, ["score", "--format", "xml"])
    assert result.exit_code == 2


def test_cli_scores_a_saved_jsonl(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = {"doc": "r.txt", "document": {"year": 2023, "doc_type": "annual_report"}, "accept": {},
            "notes": {}, "facts": [mech(3, 6, "放管服", "放管服"), metric(12, 16, "303件", 303, "件")]}
    (gold_dir / "r.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    lines = [
        {"kind": "document", "doc": "r.txt", "year": 2023, "doc_type": "plan"},
        {"kind": "mechanism", "doc": "r.txt", "start": 3, "end": 6, "text": "放管服",
         "concept": "delegate-regulate-serve", "stage": "implemented"},
        {"kind": "metric", "doc": "r.txt", "start": 12, "end": 15, "text": "303", "value": 303,
         "unit": "件"},
        {"kind": "metric", "doc": "r.txt", "start": 20, "end": 22, "text": "5次", "value": 5,
         "unit": "次"},
    ]
    saved = tmp_path / "pred.jsonl"
    saved.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n",
                     encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(gold_dir), str(tmp_path / "absent"),
                                      "-p", str(saved), "-f", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["kinds"]["mechanism"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0,
                                         "recall": 1.0, "f1": 1.0}
    assert out["kinds"]["metric"]["tp"] == 1 and out["kinds"]["metric"]["fp"] == 1
    assert out["kinds"]["metric"]["precision"] == 0.5
    assert out["metadata"]["r.txt"]["doc_type"] == {"right": False, "gold": "annual_report",
                                                    "predicted": "plan"}
    assert out["metadata_accuracy"] == {"year": 1.0, "doc_type": 0.0}


def test_cli_bad_jsonl_line_is_named(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "r.json").write_text('{"doc": "r.txt", "facts": []}', encoding="utf-8")
    saved = tmp_path / "pred.jsonl"
    saved.write_text('{"kind": "document", "doc": "r.txt"}\n{oops\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(gold_dir), "-p", str(saved)])
    assert result.exit_code == 2
    assert "pred.jsonl" in result.output and "line 2" in result.output
