"""Helpers for the hardening tests (a unique module name: several test folders have a conftest).

The bad-input corpus a researcher's scrape really contains, generated per test in tmp_path.

Good reports are short invented texts in the style of a 法治政府建设 annual report (never the
seed corpus's text). `bad_corpus` returns the folder and, per file, what fazhi must do with it.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


REPO = Path(__file__).resolve().parents[2]

# Invented reports: a jurisdiction, a year, mechanisms and numbers.
ANYANG = """安阳市人民政府关于2023年度法治政府建设情况的报告

2023年，安阳市人民政府坚持以习近平法治思想为指导，扎实推进法治政府建设，现将有关情况报告如下。

一、主要工作成效

（一）深化放管服改革。全面推行行政执法三项制度，全市行政执法公示信息2156条。深入推进双随机一公开监管，开展联合抽查318次。

（二）健全府院联动机制。全年办理行政复议案件303件，行政机关负责人出庭应诉率达到100%，行政诉讼败诉率17.39%。

（三）在全省率先建立涉企行政执法监督平台，印发《安阳市行政执法监督办法》（安政〔2023〕12号）。

二、存在的问题

个别部门行政执法不够规范，法治队伍建设仍需加强。

三、下一步工作安排

2024年，我市将持续推进包容审慎监管，探索推行柔性执法。

安阳市人民政府
2024年3月15日
"""

JIAOZUO = """焦作市2022年法治政府建设年度报告

2022年，焦作市深入贯彻落实中央和省委关于法治政府建设的部署要求，各项工作取得新进展。

一、推进依法行政

全面落实重大行政决策程序制度，组织合法性审查86件。推行证明事项告知承诺制，取消证明材料45项。

二、规范行政执法

严格落实行政执法三项制度，开展双随机一公开抽查210次，行政处罚案件办理1203件。

三、化解行政争议

完善行政复议体制改革，全年受理行政复议案件158件，纠错率12.5%。

焦作市人民政府
2023年2月20日
"""

HUAXIAN = """滑县2023年度法治政府建设工作报告

一、工作开展情况

2023年，滑县坚持依法行政，全面推行行政执法三项制度，落实双随机一公开监管，开展府院联动工作会商6次。

全县共办理行政复议案件47件，行政应诉案件32件，行政机关负责人出庭应诉率100%。

二、下一步打算

继续深化放管服改革，推进一网通办。

滑县人民政府
2024年1月10日
"""

# Traditional-script text for the Big5 file (Big5 cannot encode simplified characters).
TAIWAN_STYLE = """焦作市2021年法治政府建設年度報告

一、推進依法行政

全面推行行政執法三項制度，開展雙隨機一公開抽查120次，辦理行政復議案件66件。

二、下一步工作

持續深化放管服改革。
"""

NAV_ONLY_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>首页</title></head>
<body><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div>当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<div class="footer"><p>主办：某某市人民政府办公室</p><p>网站标识码：4105000001</p>
<p>豫ICP备12345678号</p><p>版权所有</p></div></body></html>
"""


@dataclass(frozen=True)
class Case:
    """One generated file and what fazhi must do with it."""

    name: str
    good: bool  # a report that must be processed in full
    why: str = ""  # the words the one stderr line must contain (for bad files)
    encoding: str = ""  # for good files: how to decode them independently of fazhi
    jurisdiction: str = ""  # for good files: the jurisdiction the report is about
    year: int | None = None
    value: float | None = None  # a number in the text that must come out as a metric


def write_bad_corpus(root: Path) -> dict[str, Case]:
    """Write the bad-input corpus into `root` and return {file name: Case}."""
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261124)
    cases: dict[str, Case] = {}

    def put(name: str, data: bytes, good: bool, why: str = "", **kw) -> None:
        (root / name).write_bytes(data)
        cases[name] = Case(name, good, why, **kw)

    put("good_anyang.txt", ANYANG.encode("utf-8"), True, encoding="utf-8",
        jurisdiction="安阳市", year=2023, value=303)
    put("good_jiaozuo_gb18030.txt", JIAOZUO.encode("gb18030"), True, encoding="gb18030",
        jurisdiction="焦作市", year=2022, value=158)
    put("good_huaxian_bom.txt", b"\xef\xbb\xbf" + HUAXIAN.encode("utf-8"), True,
        encoding="utf-8-sig", jurisdiction="滑县", year=2023, value=47)
    put("good_big5.txt", TAIWAN_STYLE.encode("big5"), True, encoding="big5",
        jurisdiction="焦作市", year=2021, value=66)
    # UTF-8 cut inside the last character (a truncated download): kept, the stub dropped.
    put("good_cut_utf8.txt", ANYANG.replace("安阳市", "林州市").encode("utf-8") + "报".encode()[:2],
        True, encoding="utf-8-cut", jurisdiction="林州市", year=2023, value=2156)
    put("dup_of_anyang.txt", ANYANG.encode("utf-8"), False, "duplicate of")
    put("empty.txt", b"", False, "empty")
    put("whitespace.txt", b"  \n\t\r\n \xe3\x80\x80\n", False, "empty")
    put("random_bytes.txt", bytes(rng.randrange(256) for _ in range(4096)), False, "undecodable")
    put("nav_only.html", NAV_ONLY_HTML.encode("utf-8"), False, "empty")
    put("fake.pdf", b"%PDF-1.7\nthis is not really a pdf\n" + bytes(range(256)) * 4, False, "pdf")
    # A directory whose name looks like a report, and a dangling symlink: both unreadable entries.
    (root / "folder_named.txt").mkdir()
    (root / "folder_named.txt" / "notes.md").write_text("not a report", encoding="utf-8")
    os.symlink(root / "deleted_target.txt", root / "dangling.txt")
    return cases


def fazhi_cmd() -> list[str]:
    """The installed console script next to this interpreter, else the entry point via -c."""
    script = Path(sys.executable).with_name("fazhi")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from fazhi.cli import main; main()"]


def run_fazhi(*args: str, cwd: Path = REPO, env: dict | None = None, timeout: float = 300,
              input: str | None = None) -> subprocess.CompletedProcess:
    """Run `fazhi ARGS` as a child process (the real CLI), capturing text output."""
    # No COLUMNS: stderr is a pipe, as when a researcher logs a batch run to a file.
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    full_env.update({"NO_COLOR": "1", **(env or {})})
    return subprocess.run([*fazhi_cmd(), *map(str, args)], cwd=cwd, env=full_env, text=True,
                          capture_output=True, timeout=timeout, input=input)


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float


def run_fazhi_measured(*args: str, tmp: Path, env: dict | None = None) -> Measured:
    """Run `fazhi ARGS` and measure that one child's peak RSS (os.wait4, not the cumulative
    RUSAGE_CHILDREN of the test process, which earlier children would pollute)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    full_env.update({"NO_COLOR": "1", **(env or {})})
    out, err = tmp / "measured.out", tmp / "measured.err"
    with open(out, "wb") as fo, open(err, "wb") as fe:
        proc = subprocess.Popen([*fazhi_cmd(), *map(str, args)], cwd=REPO, env=full_env,
                                stdout=fo, stderr=fe)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(proc.returncode, out.read_text("utf-8"), err.read_text("utf-8"),
                    usage.ru_maxrss / 1024)  # Linux: ru_maxrss is in KiB


def stderr_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def decoded(path: Path, encoding: str) -> str:
    """The text fazhi's offsets must index, decoded here independently of fazhi."""
    raw = path.read_bytes()
    if encoding == "utf-8-sig":
        return raw[3:].decode("utf-8")
    if encoding == "utf-8-cut":  # UTF-8 cut inside the last character: the stub is dropped
        return raw.decode("utf-8", errors="ignore")
    return raw.decode(encoding)
