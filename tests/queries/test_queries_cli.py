"""`fazhi query` as a user runs it: --list, -p key=value, table/csv/json, clear errors."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from fazhi.cli import app
from queries.catalog import catalog

runner = CliRunner()


def test_list_names_every_question():
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    for name in catalog():
        assert name in result.output


def test_json_rows_have_the_declared_keys_and_normalised_values(mini_build):
    result = runner.invoke(app, ["query", "adoption_curve", "-p", "mechanism=双随机、一公开", "--store",
                                 str(mini_build), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [list(r) for r in rows] == [list(catalog()["adoption_curve"].column_names)] * len(rows)
    assert rows[0] == {"province_code": None, "province_name": "全部", "year": 2020, "new_adopters": 1,
                       "cumulative": 1}


def test_csv_output(mini_build):
    result = runner.invoke(app, ["query", "compare_indicator", "-p", "indicator=出庭应诉率", "-p", "province=河南", "--store",
                                 str(mini_build), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["jurisdiction_name"], r["value"]) for r in rows] == [("新乡市", "95.5"), ("邓州市", "100.0")]


def test_table_output(mini_build):
    result = runner.invoke(app, ["query", "evidence", "-p", "jurisdiction=新乡市", "-p", "mechanism=double-random",
                                 "--store", str(mini_build)])
    assert result.exit_code == 0, result.output
    assert "evidence: 3 rows" in result.output


def test_errors_exit_2_with_the_reason(mini_build, tmp_path):
    cases = [
        (["query", "nope", "--store", str(mini_build)], "unknown query"),
        (["query", "followers", "--store", str(mini_build)], "missing required parameter mechanism"),
        (["query", "followers", "-p", "mechanism", "--store", str(mini_build)], "key=value"),
        (["query", "followers", "-p", "mechanism=x' OR 1=1 //", "--store", str(mini_build)], "OR 1=1"),
        (["query", "reports", "-p", "province=河南", "--store", str(tmp_path / "missing")], "fazhi build"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output


def test_show_prints_the_query_text():
    result = runner.invoke(app, ["query", "followers", "--show"])
    assert result.exit_code == 0 and "SELECT" in result.output
    result = runner.invoke(app, ["query", "followers", "--show", "--neo4j", "bolt://unused:7687"])
    assert result.exit_code == 0 and "MATCH" in result.output


def test_unreachable_neo4j_is_a_clear_error_without_the_password():
    for uri, reason in [("garbage://x", "ConfigurationError"), ("bolt://127.0.0.1:1", "ServiceUnavailable")]:
        result = runner.invoke(app, ["query", "reports", "-p", "province=河南", "--neo4j", uri], env={"NEO4J_PASSWORD": "s3cret-pw"})
        assert result.exit_code == 2, result.output
        assert reason in result.output and "s3cret-pw" not in result.output
