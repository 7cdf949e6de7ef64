"""`fazhi report`: the page escapes what it shows, and a real headless Chromium renders it
with the mechanisms, the adoption rows, working evidence links and loaded figures."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.report_html import ReportData, render
from queries.run import StoreBackend, run_query

EVIL = '<script>alert("x")</script>'


def test_every_text_from_the_graph_is_escaped():
    data = ReportData(
        reports=[{"report": "r1", "title": EVIL, "source_file": "a&b.txt", "jurisdiction_code": "410700",
                  "jurisdiction_name": "新乡市", "province_name": "河南省", "year": 2021, "doc_type": "plan",
                  "doc_number": "<i>豫发</i>", "synthetic": False}],
        top=[{"mechanism": "x", "name": EVIL, "name_en": "a<b", "jurisdictions": 1, "reports": 1, "mentions": 1,
              "first_year": 2021}],
        claims=[{"fact": "c1", "year": 2021, "jurisdiction_code": "410700", "jurisdiction_name": "新乡市",
                 "claim_type": "率先", "scope": "全省", "claimed": EVIL, "mechanism": None,
                 "sentence": f"在全省率先{EVIL}。", "report": "r1"}],
        adoptions=[{"mechanism": "x", "mechanism_name": "双随机", "jurisdiction_code": "410700",
                    "jurisdiction_name": "新乡市", "province_name": "河南省", "first_year": 2021,
                    "stage": "implemented", "quote": EVIL, "sentence": f"推行{EVIL}监管", "report": "r1",
                    "source_file": "a&b.txt", "start": 3, "end": 30, "fact": "f1"}],
    )
    page = render(data, [])
    assert EVIL not in page and "<i>豫发</i>" not in page and "&lt;i&gt;豫发" in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<mark>&lt;script&gt;" in page  # the quote is highlighted inside its sentence
    assert page.count("<script>") == 1  # only the page's own image check


class _Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.imgs: list[dict] = []
        self.rows: dict[str, int] = {}
        self._table: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "img":
            self.imgs.append(a)
        if tag == "table":
            self._table.append(a.get("id", ""))
        if tag == "tr" and self._table:
            self.rows[self._table[-1]] = self.rows.get(self._table[-1], 0) + 1

    def handle_endtag(self, tag):
        if tag == "table" and self._table:
            self._table.pop()

    def handle_data(self, data):
        self.text.append(data)


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")
    return exe


def _chromium_args(exe: str, profile: Path) -> list[str]:
    return [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}"]


@pytest.mark.browser
def test_report_renders_in_headless_chromium(mini_build, tmp_path):
    from fazhi.cli import app

    exe = _chromium()
    page = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(mini_build), "-o", str(page)])
    assert result.exit_code == 0, result.output
    dump = subprocess.run(
        [*_chromium_args(exe, tmp_path / "profile"), "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True).stdout
    dom = _Dom()
    dom.feed(dump)
    text = "".join(dom.text)

    backend = StoreBackend.open(mini_build)
    adoptions = [r for province in ("河南", "山西") for m in ("双随机一公开", "三项制度", "府院联动")
                 for r in run_query("first_adoptions", {"province": province, "mechanism": m}, backend)]
    assert len(adoptions) == 6  # every first adoption of the invented graph
    for name in ("双随机、一公开", "行政执法三项制度", "府院联动"):  # the mechanisms show
        assert name in text
    assert dom.rows["adoption-table"] == len(adoptions) + 1  # header + one row per first adoption
    assert dom.rows["reports-table"] == sum(len(run_query("reports", {"province": p}, backend)) for p in ("河南", "山西")) + 1
    assert "在全省率先建立府院联动机制" in text and "“警司访+”" not in text  # claims yes, candidates no
    evidence_links = [link for link in dom.links if link.startswith("ev-")]
    assert len(evidence_links) == len(adoptions) and set(evidence_links) <= dom.ids
    assert "全面推行“双随机、一公开”监管。" in text  # an evidence sentence
    assert len(dom.imgs) == 4
    for img in dom.imgs:  # the figures really decoded in the browser
        assert img.get("data-loaded") == "yes", img.get("alt")
        assert int(img.get("data-width", "0")) > 100

    shot = tmp_path / "shot.png"
    subprocess.run([*_chromium_args(exe, tmp_path / "profile2"), "--window-size=1200,2000",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:4] == b"\x89PNG" and shot.stat().st_size > 50_000


def test_report_cli_reports_a_missing_build(tmp_path):
    from fazhi.cli import app

    result = CliRunner().invoke(app, ["report", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "fazhi build" in result.output
    assert not (tmp_path / "r.html").exists()
