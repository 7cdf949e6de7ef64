"""Reading report files: bytes -> decoded text -> described `Document`.

Contract:
  * `read_document(path)` returns a `Document` with text and metadata, or raises
    `InputError(path, reason)` for anything that is not a readable report (empty,
    binary, undecodable, unsupported, too big, a PDF without a text layer ...).
    It never lets a library traceback escape for bad input.
  * `load_text(path)` is the lower half: `LoadedText(text, encoding, sha256, warnings)`.
  * `iter_report_paths(paths)` expands folders (recursively, sorted) to supported files.

Offsets of facts index `Document.text`, the DECODED text (UTF-8 BOM removed; line
breaks kept as they are). `.txt` files keep their content verbatim, web chrome
included; `.html` pages are reduced to their article text (see `html_to_text`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from fazhi.errors import InputError
from fazhi.records import Document

__all__ = [
    "DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "LoadedText", "read_document", "load_text",
    "iter_report_paths", "decode_bytes", "html_to_text", "CHROME_LINE",
]

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
MAX_TEXT_CHARS = 2_000_000
"""Decoded text longer than this is refused: real reports run to tens of thousands of characters,
and extraction needs roughly 100 bytes of memory per character (a PDF or .docx may be far larger
in bytes than in text, hence a separate limit)."""
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")

# A line that is web-site chrome, not report text (navigation, footers, share bars).
CHROME_LINE = re.compile(
    r"^\s*(?:当前位置|您当前的位置|您的位置|首页\s*[>》»]|<<\s*返回|返回主站|网站支持IPv6|智能问答|长者模式|无障碍"
    r"|.*(?:登录\s*[|｜/]\s*注册|主办[:：单]|承办[:：单]|技术支持[:：]|ICP备|公网安备|网站标识码|政府网站找错)"
    r"|相关解读|相关链接|相关文件|打印本页|【?打印】?\s*$|关闭窗口|【?关闭】?\s*$|分享到|扫一扫|返回顶部"
    r"|字号[:：]?\s*(?:大|\[大\])|收藏本页|设为首页|加入收藏|Produced By|版权所有|Copyright)"
)


@dataclass(frozen=True, slots=True)
class LoadedText:
    """A file's decoded text before metadata: what the offsets of facts index."""

    text: str
    encoding: str
    sha256: str
    warnings: tuple[str, ...] = ()


def iter_report_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each given file as is; a folder means every supported file in it, recursively, sorted.

    A given file with an unsupported suffix is still yielded (reading it raises a clear
    InputError); inside folders, unsupported files and hidden files are skipped.
    """
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = [
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            ]
            yield from sorted(found)
        else:
            yield p


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  describe: bool = True) -> Document:
    """Read one report file into a `Document` (metadata and sections filled when `describe`)."""
    path = Path(path)
    loaded = load_text(path, max_bytes=max_bytes)
    if not describe:
        return Document(doc=path.name, text=loaded.text, sha256=loaded.sha256, path=str(path),
                        encoding=loaded.encoding, warnings=loaded.warnings)
    from extractors.metadata import describe as describe_text

    return describe_text(path.name, loaded.text, loaded.sha256, path=str(path),
                         encoding=loaded.encoding, warnings=loaded.warnings)


def load_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read and decode one file; raises InputError naming the file and the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists() and not path.is_symlink():
        raise InputError(str(path), "no such file")
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(str(path), f"unsupported file type {suffix or '(no suffix)'!r}; "
                                    f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    raw = _read_bytes(path, max_bytes)
    sha = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        raise InputError(str(path), "empty")
    warnings: tuple[str, ...] = ()
    if suffix == ".txt":
        text, encoding, warnings = decode_bytes(raw, str(path))
    elif suffix in (".html", ".htm"):
        html, encoding, warnings = decode_bytes(raw, str(path), declared=_declared_charset(raw))
        text = html_to_text(html)
        if not text.strip():
            raise InputError(str(path), "empty: the page has no article text after removing "
                                        "site navigation and footers")
    elif suffix == ".docx":
        text, encoding = _docx_text(raw, str(path)), "docx"
    else:
        text, encoding = _pdf_text(raw, str(path)), "pdf"
    if not text.strip():
        raise InputError(str(path), "empty (whitespace only)" if suffix == ".txt" else "empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(str(path), f"text is {len(text):,} characters, over the "
                                    f"{MAX_TEXT_CHARS:,}-character limit for one report")
    return LoadedText(text=text, encoding=encoding, sha256=sha, warnings=warnings)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing (without reading it all) anything over `max_bytes`."""
    try:
        if not path.is_file():
            raise InputError(str(path), "no such file" if not path.exists() else "not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is {size / MB:.1f} MB, over the "
                                        f"{max_bytes / MB:g} MB limit")
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)  # the file may have grown since stat()
    except InputError:
        raise
    except OSError as err:
        raise InputError(str(path), f"cannot read the file ({err.strerror or err})") from None
    if len(raw) > max_bytes:
        raise InputError(str(path), f"file is over the {max_bytes / MB:g} MB limit")
    return raw


# ---------------------------------------------------------------- decoding

def decode_bytes(raw: bytes, where: str = "<bytes>",
                 declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode report bytes: (text, encoding, warnings). Raises InputError when undecodable.

    Order: UTF-16 with BOM; UTF-8 (BOM removed); a declared charset (HTML meta); UTF-8 whose
    only fault is a character cut at the very end; GB18030 and Big5 when the result reads like
    Chinese; UTF-8 with a few bad bytes replaced; finally charset-normalizer. A result that is
    mostly replacement characters or control bytes is "binary or undecodable".
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(raw.decode("utf-16", errors="replace"), "utf-16", where), "utf-16", ()
    if raw.startswith(b"\xef\xbb\xbf"):
        body = raw[3:]
        try:
            return _checked(body.decode("utf-8"), "utf-8-sig", where), "utf-8-sig", ()
        except UnicodeDecodeError:
            raw = body  # a BOM in front of a damaged file: fall through
    try:
        return _checked(raw.decode("utf-8"), "utf-8", where), "utf-8", ()
    except UnicodeDecodeError as err:
        utf8_error = err
    if declared and declared.replace("-", "").lower() not in ("utf8",):
        try:
            text = raw.decode(declared)
            return _checked(text, declared, where), declared, ()
        except (UnicodeDecodeError, LookupError):
            pass
    if utf8_error.start >= len(raw) - 3 and "unexpected end" in utf8_error.reason:
        text = raw[: utf8_error.start].decode("utf-8", errors="replace")
        return (_checked(text, "utf-8", where), "utf-8",
                (f"a UTF-8 character was cut at the end of the file (byte {utf8_error.start}); "
                 "the incomplete bytes were dropped",))
    if b"\x00" not in raw:
        for enc, plausible in (("gb18030", _reads_simplified), ("big5", _reads_big5)):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if plausible(text):
                return _checked(text, enc, where), enc, ()
        lenient = raw.decode("utf-8", errors="replace")
        bad = lenient.count("\ufffd")
        if bad and bad <= max(1, len(lenient) // 200) and _cjk_ratio(lenient) > 0.2:
            return (_checked(lenient, "utf-8", where, allow_replacement=True), "utf-8",
                    (f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD",))
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
    except Exception:  # noqa: BLE001 - the detector's failure is just "undecodable"
        best = None
    if best is not None and best.encoding and best.chaos < 0.3:
        text = str(best)
        return _checked(text, best.encoding, where), best.encoding, (
            f"encoding guessed by charset-normalizer: {best.encoding}",)
    raise InputError(where, "binary or undecodable (not UTF-8, GB18030 or Big5 text)")


def _checked(text: str, encoding: str, where: str, allow_replacement: bool = False) -> str:
    """Refuse decoded text that is mostly replacement characters or control bytes."""
    if not text:
        return text
    sample = text if len(text) <= 200_000 else text[:100_000] + text[-100_000:]
    bad = sum(1 for ch in sample
              if (ch == "\ufffd" and not allow_replacement)
              or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"))
    if bad > max(2, len(sample) // 100):
        raise InputError(where, f"binary or undecodable ({bad} control or replacement "
                                f"characters in {len(sample)} decoded as {encoding})")
    return text


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _cjk_ratio(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum(map(_is_cjk, chars)) / len(chars) if chars else 0.0


def _common_ratio(text: str, test) -> float:
    cjk = [c for c in text if _is_cjk(c)]
    if not cjk:
        return 1.0
    return sum(1 for c in cjk if test(c)) / len(cjk)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _in_big5_common(ch: str) -> bool:
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xA4 <= b[0] <= 0xC6  # Big5 常用字 block


def _reads_simplified(text: str) -> bool:
    # Big5 bytes also decode as GB18030, into rare characters: require common ones.
    return _common_ratio(text, _in_gb2312) >= 0.9


def _reads_big5(text: str) -> bool:
    return _common_ratio(text, _in_big5_common) >= 0.9


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def _declared_charset(raw: bytes) -> str | None:
    m = _META_CHARSET.search(raw[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name


# ---------------------------------------------------------------- HTML

_SKIP_TAGS = {"script", "style", "noscript", "nav", "footer", "aside", "form", "button",
              "select", "option", "iframe", "svg", "head", "template", "object"}
# page headers are chrome, but an <article>'s own <header> holds its title
_PAGE_HEADER = re.compile(r"(?:^|[\s_-])(?:header|head|top|banner|logo)(?:$|[\s_-])", re.I)
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source",
              "track", "wbr", "param"}
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr",
               "center", "main", "figcaption", "caption", "tbody", "thead"}
_CHROME_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|share|bdshare"
    r"|login|toolbar|topbar|position|location|sidebar|side|copyright|links?|search|skip)(?:$|[\s_-])",
    re.I,
)


class _ArticleText(HTMLParser):
    """Collects visible text, skipping chrome elements, with line breaks at block boundaries."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, starts a skipped subtree)
        self.skip_depth = 0
        self.article_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.skip_depth:
                self.parts.append("\n")
            return
        attr = " ".join(v for k, v in attrs if k in ("class", "id") and v)
        skipped = tag in _SKIP_TAGS or bool(attr and _CHROME_ATTR.search(attr))
        if not self.article_depth and (tag == "header" or (attr and _PAGE_HEADER.search(attr))):
            skipped = True
        if tag in ("article", "main"):
            self.article_depth += 1
        self.stack.append((tag, skipped))
        if skipped:
            self.skip_depth += 1
        if tag in _BLOCK_TAGS and not self.skip_depth:
            self.parts.append("\n")
        elif tag == "td" and not self.skip_depth:
            self.parts.append("\t")

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr") and not self.skip_depth:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _VOID_TAGS:
            return
        # pop to the matching open tag (HTML in the wild is not always well nested)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for open_tag, skipped in self.stack[i:]:
                    if skipped:
                        self.skip_depth -= 1
                    if open_tag in ("article", "main"):
                        self.article_depth -= 1
                del self.stack[i:]
                break
        if tag in _BLOCK_TAGS and not self.skip_depth:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The article text of a government web page: chrome elements and chrome lines removed.

    Lines keep their inner spacing (leading full-width indents are typical of reports);
    runs of blank lines collapse to one.
    """
    parser = _ArticleText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; be safe on pathological input
        pass
    raw = "".join(parser.parts).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines: list[str] = []
    for line in raw.split("\n"):
        line = re.sub(r"[ \t]+$", "", line)
        if CHROME_LINE.match(line):
            continue
        if not line.strip():
            if lines and lines[-1] != "":
                lines.append("")
            continue
        lines.append(line.strip(" \t") if not line.startswith("\u3000") else line.rstrip())
    return "\n".join(lines).strip("\n")


# ---------------------------------------------------------------- docx and pdf

def _docx_text(raw: bytes, where: str) -> str:
    import io

    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        d = docx.Document(io.BytesIO(raw))
    except Exception as err:  # noqa: BLE001 - any parse failure is "not a valid .docx"
        raise InputError(where, f"not a valid .docx file ({type(err).__name__}: {err})") from None
    lines: list[str] = []
    for block in d.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, d).text)
        elif tag == "tbl":
            for row in Table(block, d).rows:
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat: keep each once per row
                    t = cell.text.strip()
                    if not cells or cells[-1] != t:
                        cells.append(t)
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _pdf_text(raw: bytes, where: str) -> str:
    import io
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(where, "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - pypdf raises many types on broken files
        raise InputError(where, f"not a valid PDF ({type(err).__name__}: {err})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(where, f"no text layer ({len(pages)} page(s) without text; a scan?)")
    return text
