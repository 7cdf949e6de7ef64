"""Ingest: hard input cases generated in tmp_path, and the seed corpus read verbatim."""

from __future__ import annotations

import hashlib
import random

import pytest

from extractors.ingest import MB, html_to_text, iter_report_paths, load_text, read_document
from extractors.text import normalise
from fazhi.errors import InputError

SNIPPET = "2023年,示范县坚持依法行政,全面推行行政执法“三项制度”,行政复议案件受理303件。\n"
TRAD = "「雙隨機、一公開」監管全面推行,行政執法「三項制度」落實到位。\n"


def _write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _error(path, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        load_text(path, **kw)
    assert str(path) in str(info.value), "the message names the file"
    return info.value


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\r\n  ", "empty"),
        ("fullwidth_blank.txt", "\u3000\u3000\n\u3000".encode(), "empty"),
        ("random.txt", random.Random(7).randbytes(4096), "binary or undecodable"),
        ("nul.txt", b"\x00\x01\x02\x03" * 300, "binary or undecodable"),
        ("fake.pdf", b"%PDF-1.4 this is not really a pdf", "not a valid PDF"),
        ("fake.docx", b"PK\x03\x04 not a zip really", "not a valid .docx"),
        ("table.xls", SNIPPET.encode(), "unsupported file type '.xls'"),
        ("noext", SNIPPET.encode(), "unsupported file type"),
    ],
)
def test_bad_inputs_raise_input_error(tmp_path, name, data, reason):
    err = _error(_write(tmp_path, name, data))
    assert reason in err.reason


def test_missing_file_is_input_error(tmp_path):
    assert "no such file" in _error(tmp_path / "gone.txt").reason


def test_over_the_size_limit_is_refused(tmp_path):
    p = _write(tmp_path, "big.txt", SNIPPET.encode() * (int(2.5 * MB) // len(SNIPPET.encode()) + 1))
    err = _error(p, max_bytes=1 * MB)
    assert err.reason == f"file is {p.stat().st_size / MB:.1f} MB, over the 1 MB limit"
    assert load_text(p, max_bytes=3 * MB).text.startswith("2023年")


def test_utf8_cut_inside_a_character_keeps_the_rest(tmp_path):
    data = (SNIPPET * 3).encode("utf-8") + "双".encode("utf-8")[:2]
    loaded = load_text(_write(tmp_path, "cut.txt", data))
    assert loaded.text == SNIPPET * 3
    assert loaded.encoding == "utf-8"
    assert any("cut at the end" in w for w in loaded.warnings)


def test_utf8_bom_is_removed_and_offsets_index_decoded_text(tmp_path):
    loaded = load_text(_write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + SNIPPET.encode()))
    assert loaded.encoding == "utf-8-sig"
    assert loaded.text == SNIPPET
    assert loaded.text[0] == "2"
    i = loaded.text.index("三项制度")
    assert loaded.text[i:i + 4] == "三项制度"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gb_encodings(tmp_path, encoding):
    loaded = load_text(_write(tmp_path, "gb.txt", (SNIPPET * 5).encode(encoding)))
    assert loaded.encoding == "gb18030"
    assert loaded.text == SNIPPET * 5


def test_big5_traditional_text(tmp_path):
    loaded = load_text(_write(tmp_path, "big5.txt", (TRAD * 5).encode("big5")))
    assert loaded.encoding == "big5"
    assert loaded.text == TRAD * 5
    assert "双随机、一公开" in normalise(loaded.text)


def test_sha256_is_of_the_raw_bytes(tmp_path):
    data = b"\xef\xbb\xbf" + SNIPPET.encode()
    assert load_text(_write(tmp_path, "h.txt", data)).sha256 == hashlib.sha256(data).hexdigest()


PAGE = """<!DOCTYPE html><html><head><meta charset="gbk"><title>示范县人民政府</title>
<script>var x = "登录";</script><style>p{color:red}</style></head><body>
<div class="top-nav"><a href="/">首页</a><a href="/login">登录</a>|<a>注册</a></div>
<div class="breadcrumb">当前位置:首页 &gt; 政府信息公开 &gt; 法治政府</div>
<div class="article"><h1>示范县人民政府关于2023年度法治政府建设情况的报告</h1>
<p>2023年,示范县坚持依法行政,全面推行行政执法“三项制度”。</p>
<p>&nbsp;一、加强党的领导</p><p>区委常委会研究法治建设6次。</p>
<div>分享到:微信 微博</div><div>打印本页 关闭窗口</div><div>相关解读</div></div>
<div class="footer">主办:示范县人民政府 技术支持:某公司</div>
<p>网站标识码:4107810002 豫ICP备19020428号</p></body></html>"""


def test_html_article_text_without_chrome(tmp_path):
    loaded = load_text(_write(tmp_path, "page.html", PAGE.encode("gbk")))
    assert loaded.encoding == "gb18030"
    text = loaded.text
    assert text.splitlines()[0] == "示范县人民政府关于2023年度法治政府建设情况的报告"
    assert "行政执法“三项制度”" in text and "一、加强党的领导" in text
    for chrome in ("登录", "注册", "当前位置", "分享到", "打印本页", "关闭窗口", "相关解读",
                   "主办", "技术支持", "ICP备", "网站标识码", "var x", "color:red"):
        assert chrome not in text, chrome


def test_html_that_is_all_navigation_is_empty(tmp_path):
    page = ('<html><body><nav><a>首页</a><a>登录</a></nav><div class="menu">政务公开</div>'
            "<div>当前位置:首页 &gt; 信息公开</div><div>打印本页</div>"
            "<div>主办:某市人民政府 网站标识码:4101000001</div></body></html>")
    err = _error(_write(tmp_path, "nav.htm", page.encode()))
    assert "empty" in err.reason


def test_html_to_text_keeps_block_structure():
    text = html_to_text("<p>第一段。</p><p>第二段<br>换行</p><table><tr><td>甲</td><td>乙</td></tr></table>")
    assert text.split("\n") == ["第一段。", "", "第二段", "换行", "", "甲\t乙"]


def test_docx_paragraphs_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("示范市人民政府关于2022年度法治政府建设情况的报告")
    d.add_paragraph("2022年,示范市全面推行“双随机、一公开”监管。")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "指标", "数值"
    t.cell(1, 0).text, t.cell(1, 1).text = "行政复议案件", "303件"
    d.add_paragraph("下一步,我们将持续深化府院联动。")
    p = tmp_path / "r.docx"
    d.save(p)
    loaded = load_text(p)
    assert loaded.encoding == "docx"
    lines = loaded.text.split("\n")
    assert lines[0].endswith("情况的报告")
    assert "行政复议案件\t303件" in lines
    assert lines.index("行政复议案件\t303件") < lines.index("下一步,我们将持续深化府院联动。")


def _minimal_pdf(text: str | None) -> bytes:
    """A one-page PDF; with `text`, a Helvetica text layer; without, a blank page."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_pdf_with_text_layer(tmp_path):
    loaded = load_text(_write(tmp_path, "r.pdf", _minimal_pdf("Annual report 2021: 303 cases")))
    assert loaded.encoding == "pdf"
    assert "303 cases" in loaded.text


def test_pdf_without_text_layer(tmp_path):
    assert "no text layer" in _error(_write(tmp_path, "scan.pdf", _minimal_pdf(None))).reason


def test_iter_report_paths_expands_folders_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("x")
    (tmp_path / "a.html").write_text("x")
    (tmp_path / "notes.xls").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("x")
    single = tmp_path / "notes.xls"
    got = list(iter_report_paths([tmp_path, single]))
    assert got == [tmp_path / "a.html", tmp_path / "b" / "z.txt", single]


def test_seed_corpus_is_read_verbatim(corpus_files):
    assert len(corpus_files) == 5
    for path in corpus_files:
        raw = path.read_bytes()
        doc = read_document(path, describe=False)
        assert doc.text == raw.decode("utf-8")
        assert doc.encoding == "utf-8"
        assert doc.sha256 == hashlib.sha256(raw).hexdigest()
        assert doc.doc == path.name and doc.path == str(path)


def test_html_page_header_is_chrome_but_the_articles_header_is_not():
    page = ("<html><body><header><div>示范市人民政府门户网站</div><ul><li>首页</li></ul></header>"
            "<div class='top-banner'>政务公开 政务服务</div>"
            "<article><header><h1>示范市2022年度法治政府建设情况的报告</h1></header>"
            "<div class='article-head'>示范市人民政府</div>"
            "<p>2022年,示范市推行“双随机、一公开”监管。</p></article></body></html>")
    lines = html_to_text(page).split("\n")
    assert lines[0] == "示范市2022年度法治政府建设情况的报告"
    assert "示范市人民政府" in lines
    assert not any("门户网站" in ln or "政务服务" in ln for ln in lines)


@pytest.mark.parametrize("seed", range(30))
def test_random_bytes_never_escape_as_other_errors(tmp_path, seed):
    rng = random.Random(seed)
    data = rng.randbytes(rng.randint(1, 3000))
    for name in ("r.txt", "r.html", "r.docx", "r.pdf"):
        p = _write(tmp_path, name, data)
        try:
            load_text(p)
        except InputError:
            pass


def test_text_over_the_character_limit_is_refused(tmp_path, monkeypatch):
    import extractors.ingest as ingest

    p = tmp_path / "long.txt"
    p.write_text("2023年,某县推进法治政府建设。" * 100, encoding="utf-8")
    monkeypatch.setattr(ingest, "MAX_TEXT_CHARS", 1000)
    with pytest.raises(InputError, match="over the 1,000-character limit"):
        ingest.load_text(p)
    monkeypatch.setattr(ingest, "MAX_TEXT_CHARS", 10_000)
    assert ingest.load_text(p).text.startswith("2023年")
