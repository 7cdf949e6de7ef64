"""Deterministic synthetic 法治政府建设 reports with their ground truth written beside them.

`write_corpus(out, n, seed)` streams N reports to `out/<province code>/syn_<code>_<year>_<type>_<i>.txt`
(a few `.html`, a few GB18030-encoded, a few in traditional characters), each with a
`<same stem>.truth.json`: the report's jurisdiction code, year, doc type and every fact the
generator put in it, with offsets into the decoded text (`offset_basis: "text"`) or, for
HTML files, into the plain text before it was wrapped in tags (`offset_basis: "plain"`).

Every report's first line is SYNTHETIC_MARK. Same seed, same vocabulary → byte-identical files.
Which mechanisms a report mentions, and at which stage, follows `fazhi.bench.diffusion`.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cn2an
import numpy as np

from fazhi.bench import templates as T
from fazhi.bench.diffusion import Diffusion, DiffusionParams, simulate
from fazhi.bench.jurisdictions import Unit, reporting_units
from fazhi.errors import FazhiError, OntologyError
from ontology.vocab import Concept, Vocabulary, normalise_label

SYNTHETIC_MARK = "【合成数据 synthetic】"
FIRST_YEAR, LAST_YEAR = 2015, 2025
DOC_TYPE_WEIGHTS = (("annual_report", 0.82), ("plan", 0.10), ("summary", 0.08))
TRUTH_SUFFIX = ".truth.json"
_SLOT = re.compile(r"\{(\w+)\}")


class CorpusError(FazhiError):
    """The synthetic corpus cannot be generated or read (bad size, missing vocabulary, bad truth file)."""


@dataclass(frozen=True, slots=True)
class SyntheticReport:
    """One generated report: its relative path, encoded bytes and ground truth."""

    relpath: str
    data: bytes
    truth: dict


@dataclass
class CorpusSummary:
    reports: int = 0
    chars: int = 0
    bytes: int = 0
    mentions: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- world (shared by all reports)

@dataclass(frozen=True)
class World:
    """Everything a report draws on: units, vocabulary subsets, the diffusion, the schedule."""

    seed: int
    units: tuple[Unit, ...]
    mechanisms: tuple[Concept, ...]
    agencies: tuple[Concept, ...]
    diffusion: Diffusion
    unit_years: np.ndarray  # permuted (unit index, year) pairs, shape (P, 2)
    literals_ok: Callable[[str], bool]
    candidates: tuple[str, ...]


def _label_checker(vocab: Vocabulary) -> Callable[[str], bool]:
    """True when a literal contains no mechanism/agency label (so the truth stays complete)."""
    labels = sorted({normalise_label(lab) for sch in ("mechanism",)
                     for c in vocab.concepts(sch) for lab in c.labels() if len(lab) >= 2})

    @lru_cache(maxsize=None)
    def ok(text: str) -> bool:
        norm = normalise_label(text)
        return not any(lab in norm for lab in labels)

    return ok


def build_world(seed: int, vocab: Vocabulary | None = None,
                params: DiffusionParams = DiffusionParams()) -> World:
    """Load units and vocabulary and simulate the diffusion (a few seconds at most)."""
    if vocab is None:
        from ontology import vocab as vocab_mod

        try:
            vocab = vocab_mod.load()
        except (OSError, OntologyError) as err:
            raise CorpusError(f"bench corpus: cannot load the vocabularies: {err}") from err
    mechanisms = tuple(sorted(vocab.concepts("mechanism"), key=lambda c: c.notation))
    agencies = tuple(sorted(vocab.concepts("agency-type"), key=lambda c: c.notation))
    if not mechanisms or not agencies:
        raise CorpusError("bench corpus: the vocabulary has no mechanisms or no agency types")
    units = reporting_units()
    diffusion = simulate(units, [(c.notation, c.origin) for c in mechanisms], seed, params)
    rng = np.random.Generator(np.random.PCG64(seed + 1))
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    pairs = np.array([(u, y) for u in range(len(units)) for y in years], dtype=np.int32)
    pairs = pairs[rng.permutation(len(pairs))]
    ok = _label_checker(vocab)
    cands = []
    for h in T.CANDIDATE_HEADS:
        for t in T.CANDIDATE_TAILS:
            for form in T.CANDIDATE_FORMS:
                term = form.format(H=h, T=t)
                if ok(term) and vocab.resolve("mechanism", term) is None:
                    cands.append(term)
    return World(seed, units, mechanisms, agencies, diffusion, pairs, ok, tuple(cands))


# ---------------------------------------------------------------- one report

class _Writer:
    """Appends text pieces, tracking offsets; fact pieces are recorded as truth mentions."""

    def __init__(self, convert: Callable[[str], str] | None):
        self.parts: list[str] = []
        self.pos = 0
        self.mentions: list[dict] = []
        self._convert = convert

    def text(self, s: str) -> None:
        if self._convert is not None:
            s = self._convert(s)
        self.parts.append(s)
        self.pos += len(s)

    def fact(self, s: str, **record) -> None:
        start = self.pos
        self.text(s)
        record.update(start=start, end=self.pos, text=self.parts[-1])
        self.mentions.append(record)

    def value(self) -> str:
        return "".join(self.parts)


@lru_cache(maxsize=1)
def _s2t() -> Callable[[str], str]:
    from opencc import OpenCC

    return OpenCC("s2t").convert


_CN_ORD = "一二三四五六七八九十"
_NO_QUOTES = str.maketrans("", "", "“”\"「」『』‘’'")


class _Report:
    """Renders one report from the world and a per-report random generator."""

    def __init__(self, world: World, index: int):
        self.w = world
        self.index = index
        self.rng = random.Random(world.seed * 1_000_003 + index)
        pair = world.unit_years[index % len(world.unit_years)]
        self.u_idx, self.year = int(pair[0]), int(pair[1])
        self.unit = world.units[self.u_idx]
        r = self.rng.random()
        acc = 0.0
        self.doc_type = DOC_TYPE_WEIGHTS[-1][0]
        for dt, wgt in DOC_TYPE_WEIGHTS:
            acc += wgt
            if r < acc:
                self.doc_type = dt
                break
        u = self.unit
        needs_prefix = u.level == "district" or (u.level == "county" and self.rng.random() < 0.3)
        self.jname = (u.group_name + u.name) if needs_prefix and u.group_name != u.name else u.name
        self.issuer = self.jname + "人民政府"
        self.fmt = "html" if self.rng.random() < 0.02 else "txt"
        self.encoding = "gb18030" if self.fmt == "txt" and self.rng.random() < 0.03 else "utf-8"
        self.traditional = self.rng.random() < 0.02
        self.out = _Writer(_s2t() if self.traditional else None)
        self.stage = "implemented"

    # ---- slot fillers
    def _lit(self, s: str) -> str:
        return s.format(J=self.jname, Y=self.year, Y1=self.year + 1, S=self.unit.self_ref)

    def render(self, template: str, slots: dict[str, Callable[[], None]]) -> None:
        pos = 0
        for m in _SLOT.finditer(template):
            if m.start() > pos:
                self.out.text(template[pos:m.start()])
            name = m.group(1)
            fill = slots.get(name)
            if fill is not None:
                fill()
            else:
                self.out.text(self._lit("{" + name + "}"))
            pos = m.end()
        if pos < len(template):
            self.out.text(template[pos:])

    def mechanism(self, m: int, stage: str) -> Callable[[], None]:
        def fill() -> None:
            c = self.w.mechanisms[m]
            # labels stored with quotation marks (“放管服”改革) are written unquoted, as a writer would
            labels = tuple(dict.fromkeys(lab.translate(_NO_QUOTES) for lab in c.labels()))
            label = labels[0] if self.rng.random() < 0.6 or len(labels) == 1 else self.rng.choice(labels[1:])
            quoted = self.rng.random() < 0.25
            if quoted:
                self.out.text("“")
            self.out.fact(label, kind="mechanism", concept=c.notation, stage=stage)
            if quoted:
                self.out.text("”")
        return fill

    def agency(self) -> None:
        c = self.rng.choice(self.w.agencies)
        if self.rng.random() < 0.6:
            name = self.jname + c.pref_zh
        else:
            name = self.unit.self_ref[1] + c.pref_zh
        self.out.fact(name, kind="agency", concept=c.notation)

    def metric(self) -> None:
        phrase, unit, lo, hi, kind = self.rng.choice(T.METRICS)
        p_start = self.out.pos
        self.out.text(phrase)
        approx = False
        if kind == "pct":
            digits = self.rng.choice((0, 1, 2))
            value = round(self.rng.uniform(lo, hi), digits)
            num = f"{value:.{digits}f}" if digits else str(int(value))
            value = float(num)
        elif kind == "wan":
            x = round(self.rng.uniform(lo, hi), 1)
            approx = self.rng.random() < 0.5
            num = f"{x:g}万" + ("余" if approx else "")
            value = round(x * 10000, 4)
        elif kind == "cn":
            v = self.rng.randint(int(lo), int(hi))
            num, value = cn2an.an2cn(v), float(v)
        else:
            v = self.rng.randint(int(lo), int(hi))
            approx = v >= 100 and self.rng.random() < 0.15
            if approx:
                v = v // 10 * 10
            num, value = str(v) + ("余" if approx else ""), float(v)
        self.out.fact(num + unit, kind="metric", value=value, unit=unit, approx=approx,
                      indicator=phrase, indicator_start=p_start)

    def citation(self) -> None:
        r = self.rng.random()
        number = None
        if r < 0.6:
            title, level = self.rng.choice(T.NATIONAL_DOCS), "national"
        elif r < 0.8:
            title = self.rng.choice(T.PROVINCIAL_DOC_FORMS).format(V=self.unit.province)
            level = "provincial"
        elif r < 0.9:
            title = self.rng.choice(T.LOCAL_DOC_FORMS).format(J=self.jname)
            level = "local"
            abbr = self.unit.name[0]
            number = f"{abbr}政〔{self.year - self.rng.randint(0, 3)}〕{self.rng.randint(1, 60)}号"
        else:
            inner = self.rng.choice(T.NATIONAL_DOCS)
            title = self.rng.choice(T.NESTED_DOC_FORMS).format(D=inner)
            level = "provincial" if self.rng.random() < 0.5 else "local"
        self.out.fact(f"《{title}》", kind="citation", label=title, level=level,
                      nested="〈" in title, doc_number=number)
        if number:
            self.out.text(f"({number})")

    def candidate(self) -> None:
        if not self.w.candidates:
            self.out.text("工作")
            return
        term = self.rng.choice(self.w.candidates)
        self.out.text("“")
        self.out.fact(term, kind="mechanism_candidate", label=term, stage=self.stage)
        self.out.text("”")

    def claim(self) -> None:
        form, ctype = self.rng.choice(T.CLAIMS)
        thing = self.rng.choice(T.CLAIM_THINGS[ctype])
        if self.unit.level == "prefecture":
            scope = "全省" if self.rng.random() < 0.7 else "全国"
        else:
            scope = "全市" if self.rng.random() < 0.6 else "全省"
        text = form.format(R=scope, X=thing)
        if not self.w.literals_ok(text):
            self.out.text("工作成效明显")
            return
        self.out.fact(text, kind="claim", label=thing, scope=scope, claim_type=ctype)

    def slots(self, mech: int | None = None, stage: str = "implemented") -> dict[str, Callable[[], None]]:
        s: dict[str, Callable[[], None]] = {
            "A": self.agency, "N": self.metric, "C": self.citation, "K": self.candidate,
            "P": self.claim,
        }
        if mech is not None:
            s["M"] = self.mechanism(mech, stage)
        return s

    def clean(self, pool: tuple[str, ...]) -> list[str]:
        """The templates of `pool` whose literal text carries no mechanism label."""
        return [t for t in pool if self.w.literals_ok(_SLOT.sub("", t))]

    def pick(self, pool: tuple[str, ...]) -> str:
        """A template whose literal text carries no mechanism label."""
        usable = self.clean(pool)
        if usable:
            return self.rng.choice(usable)
        return "推进{M}。" if "{M}" in pool[0] else "{N}。"

    def sample_clean(self, pool: tuple[str, ...], low: int, high: int) -> list[str]:
        usable = self.clean(pool)
        return self.rng.sample(usable, k=min(len(usable), self.rng.randint(low, high)))

    # ---- structure
    def heading(self, depth: int, ordinal: int, text: str) -> None:
        n = _CN_ORD[ordinal] if ordinal < 10 else str(ordinal + 1)
        text = self._lit(text)
        if not self.w.literals_ok(text):
            text = "主要工作"
        if depth == 1:
            self.out.text(f"{n}、{text}\n")
        else:
            paren = ("(", ")") if self.rng.random() < 0.7 else ("(", ")")
            self.out.text(f"  {paren[0]}{n}{paren[1]}{text}\n")

    def paragraph(self, sentences: list[tuple[str, dict]]) -> None:
        self.out.text("  ")
        for template, slots in sentences:
            self.render(template, slots)
        self.out.text("\n")

    def mechanism_plan(self) -> dict[str, list[int]]:
        d, u, y = self.w.diffusion, self.u_idx, self.year
        adopted = [int(m) for m in d.adopted_by(u, y)]
        self.rng.shuffle(adopted)
        k = min(len(adopted), self.rng.randint(4, 12))
        chosen = adopted[:k]
        piloting = [m for m in chosen if int(d.adoption_year[m, u]) == y and self.rng.random() < 0.5]
        implemented = [m for m in chosen if m not in piloting]
        problem = adopted[k:k + self.rng.randint(0, 2)] or chosen[:1] * (self.rng.random() < 0.3)
        not_yet = [m for m in range(len(d.notations)) if not d.adopted(m, u, y)
                   and d.origin_year[m] <= y + 1]
        upcoming = [m for m in not_yet if int(d.adoption_year[m, u]) == y + 1]
        others = [m for m in not_yet if m not in upcoming]
        self.rng.shuffle(others)
        planned = (upcoming + others)[: self.rng.randint(1, 4)]
        return {"implemented": implemented, "piloting": piloting, "problem": list(problem),
                "planned": planned}

    def body_report(self) -> None:
        plan = self.mechanism_plan()
        self.paragraph([(self.pick(T.INTROS), self.slots())])
        self.heading(1, 0, self.rng.choice(T.ACHIEVEMENT_TOP))
        self.stage = "implemented"
        work = [(self.pick(T.ACHIEVE), self.slots(m, "implemented")) for m in plan["implemented"]]
        work += [(self.pick(T.PILOT), self.slots(m, "piloting")) for m in plan["piloting"]]
        work += [(self.pick(T.ACHIEVE_PLAIN), self.slots()) for _ in range(self.rng.randint(8, 14))]
        work += [(t, {}) for t in self.sample_clean(T.FILLER, 22, 34)]
        work += [(self.pick(T.CLAIM_SENTENCES), self.slots())
                 for _ in range(self.rng.choice((0, 0, 1, 1, 2)))]
        self.rng.shuffle(work)
        heads = self.clean(T.SUB_HEADINGS)
        subs = self.rng.sample(heads, k=min(len(heads), max(2, len(work) // 4)))
        per = -(-len(work) // len(subs))
        for i, head in enumerate(subs):
            chunk = work[i * per:(i + 1) * per]
            if not chunk:
                break
            self.heading(2, i, head)
            half = len(chunk) // 2 if len(chunk) > 5 else len(chunk)
            self.paragraph(chunk[:half])
            if chunk[half:]:
                self.paragraph(chunk[half:])
        self.heading(1, 1, self.rng.choice(T.PROBLEM_TOP))
        self.stage = "problem"
        items = [(self.pick(T.PROBLEM), self.slots(m, "problem")) for m in plan["problem"]]
        items += [(t, {}) for t in self.sample_clean(T.PROBLEM_PLAIN, 1, 3)]
        self.rng.shuffle(items)
        sentences = []
        for i, (tpl, sl) in enumerate(items):
            sentences.append((f"{_CN_ORD[i]}是{tpl}。", sl))
        self.paragraph(sentences)
        self.heading(1, 2, self.rng.choice(T.NEXT_TOP))
        self.stage = "planned"
        nxt = [(self.pick(T.NEXT), self.slots(m, "planned")) for m in plan["planned"]]
        nxt += [(self.pick(T.NEXT_PLAIN), self.slots()) for _ in range(self.rng.randint(1, 2))]
        nxt += [(t, {}) for t in self.sample_clean(T.FILLER, 2, 5)]
        self.paragraph(nxt)

    def body_plan(self) -> None:
        plan = self.mechanism_plan()
        self.paragraph([(self.pick(T.PLAN_INTROS), self.slots())])
        self.heading(1, 0, "总体要求")
        self.paragraph([(self.pick(T.NEXT_PLAIN), self.slots())])
        self.heading(1, 1, "重点任务")
        self.stage = "planned"
        pool = plan["planned"] + plan["implemented"][:3]
        targets = pool[:self.rng.randint(0, min(2, len(pool)))]
        tasks = [(self.pick(T.NEXT), self.slots(m, "planned")) for m in pool[len(targets):]]
        tasks += [(self.pick(T.TARGET), self.slots(m, "target")) for m in targets]
        tasks += [(t, {}) for t in self.sample_clean(T.FILLER, 16, 26)]
        self.rng.shuffle(tasks)
        subs = self.rng.sample(self.clean(T.SUB_HEADINGS), k=min(3, max(1, len(tasks))))
        per = -(-max(1, len(tasks)) // len(subs))
        for i, head in enumerate(subs):
            chunk = tasks[i * per:(i + 1) * per]
            if chunk:
                self.heading(2, i, head)
                self.paragraph(chunk)
        self.heading(1, 2, "保障措施")
        self.paragraph([(self.pick(T.NEXT_PLAIN), self.slots())])

    def build(self) -> SyntheticReport:
        u, y, rng, out = self.unit, self.year, self.rng, self.out
        out.parts.append(SYNTHETIC_MARK + "\n")  # never converted: the mark is searchable as is
        out.pos += len(SYNTHETIC_MARK) + 1
        chrome = rng.random() < 0.3
        num = f"{rng.randint(1, 999):05d}"
        lit = {"I": self.issuer, "J": self.jname, "Y1": y + 1, "CODE": u.code, "NUM": num,
               "V1": T.PROVINCE_ABBR.get(u.province_code, "京")}
        if chrome:
            for line in self.sample_clean(T.NAV_LINES, 1, 3):
                out.text(line.format(**lit) + "\n")
        title = rng.choice(T.TITLES[self.doc_type]).format(I=self.issuer, J=self.jname, Y=y)
        out.text(title + "\n")
        if self.doc_type == "plan":
            month = rng.randint(2, 4)
            issued = f"{y}-{month:02d}-{rng.randint(1, 28):02d}"
        elif self.doc_type == "summary" and rng.random() < 0.5:
            issued = f"{y}-12-{rng.randint(10, 31):02d}"
        else:
            issued = f"{y + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
        doc_number = None
        if rng.random() < 0.4:
            kind = rng.choice(("政", "政文", "政函", "政办"))
            doc_number = f"{u.name[0]}{kind}〔{issued[:4]}〕{rng.randint(1, 120)}号"
            out.text(doc_number + "\n")
        if self.doc_type == "plan":
            self.body_plan()
        else:
            self.body_report()
        yy, mm, dd = issued.split("-")
        out.text(f"{self.issuer}\n{yy}年{int(mm)}月{int(dd)}日\n")
        if chrome:
            for line in self.sample_clean(T.FOOTER_LINES, 1, 3):
                out.text(line.format(**lit) + "\n")
        text = out.value()
        stem = f"syn_{u.code}_{y}_{self.doc_type}_{self.index:06d}"
        if self.fmt == "html":
            body = "".join(f"<p>{html.escape(line, quote=False)}</p>\n" for line in text.split("\n") if line)
            data = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                    f"<title>{html.escape(title, quote=False)}</title></head>\n<body>\n{body}</body></html>\n"
                    ).encode("utf-8")
            name = stem + ".html"
        else:
            data = text.encode(self.encoding)
            name = stem + ".txt"
        truth = {
            "doc": name, "synthetic": True, "seed": self.w.seed, "index": self.index,
            "jurisdiction_code": u.code, "jurisdiction": u.name, "jurisdiction_as_written": self.jname,
            "level": u.level, "province_code": u.province_code + "0000", "year": y,
            "doc_type": self.doc_type, "title": _s2t()(title) if self.traditional else title,
            "issuer": self.issuer, "doc_number": doc_number, "issued": issued,
            "format": self.fmt, "encoding": self.encoding, "traditional": self.traditional,
            "offset_basis": "plain" if self.fmt == "html" else "text", "chars": len(text),
            "mentions": out.mentions,
        }
        return SyntheticReport(f"{u.province_code}/{name}", data, truth)


def render_report(world: World, index: int) -> SyntheticReport:
    """Report number `index` of the world's corpus (independent of every other index)."""
    return _Report(world, index).build()


def iter_reports(world: World, n: int) -> Iterator[SyntheticReport]:
    for i in range(n):
        yield render_report(world, i)


def write_corpus(out: Path, n: int, seed: int = 0, vocab: Vocabulary | None = None,
                 on_report: Callable[[int], None] | None = None) -> CorpusSummary:
    """Write N reports and their truth files under `out` (streamed; memory stays flat)."""
    if n < 1:
        raise CorpusError(f"bench corpus: --reports must be >= 1, got {n}")
    world = build_world(seed, vocab)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = CorpusSummary()
    for i, rep in enumerate(iter_reports(world, n)):
        path = out / rep.relpath
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(rep.data)
        truth_path = path.with_name(path.name.rsplit(".", 1)[0] + TRUTH_SUFFIX)
        truth_path.write_text(json.dumps(rep.truth, ensure_ascii=False, sort_keys=True), "utf-8")
        summary.reports += 1
        summary.chars += rep.truth["chars"]
        summary.bytes += len(rep.data)
        for m in rep.truth["mentions"]:
            summary.mentions[m["kind"]] = summary.mentions.get(m["kind"], 0) + 1
        if on_report is not None:
            on_report(i)
    manifest = {"reports": n, "seed": seed, "synthetic": True, "generator": generator_fingerprint(),
                "chars": summary.chars,
                "mentions": dict(sorted(summary.mentions.items()))}
    (out / "corpus.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return summary


def generator_fingerprint() -> str:
    """Hash of the generator's code and the vocabulary files: a corpus is reusable only if equal."""
    import hashlib

    from ontology import ttl_path
    from ontology.vocab import VOCAB_FILES

    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("corpus.py", "templates.py", "diffusion.py", "jurisdictions.py"):
        h.update((here / name).read_bytes())
    for fname in sorted(VOCAB_FILES.values()):
        try:
            h.update(Path(ttl_path(fname)).read_bytes())
        except OSError:
            h.update(fname.encode())
    return h.hexdigest()[:16]


def read_truth(corpus_dir: Path) -> Iterator[dict]:
    """Every truth record under `corpus_dir`, in path order."""
    for path in sorted(Path(corpus_dir).rglob("*" + TRUTH_SUFFIX)):
        try:
            yield json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as err:
            raise CorpusError(f"{path}: bench truth: unreadable ground truth ({err})") from err
