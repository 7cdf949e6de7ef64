"""Diffusion pictures from the named queries: adoption curves, a first-adoption heat map and a
who-follows-whom network. Every figure is written as PNG and SVG (text as paths, so the SVG shows
the Chinese labels in any browser without the font).

Chinese text needs a CJK font that matplotlib can find: `cjk_font()` looks for one from Debian
packages (`fonts-noto-cjk`, `fonts-wqy-zenhei`, `fonts-wqy-microhei`, `fonts-arphic-*`) or
$FAZHI_CJK_FONT, registers it with `matplotlib.font_manager` explicitly and fails loudly if
there is none (never a silent fallback to DejaVu and boxes of tofu).
"""

from __future__ import annotations

import glob
import math
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fazhi.errors import GraphBuildError

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
)
_PREFERRED_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN")
_PROBE = "法治政府双随机一公开府院联动"


@dataclass(frozen=True, slots=True)
class CjkFont:
    """A registered CJK font: the file and the family name matplotlib knows it by."""

    path: str
    family: str


def _covers(path: str, text: str = _PROBE) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    """Find, check and register a CJK font; GraphBuildError (with the fix) when there is none."""
    from matplotlib import font_manager

    env = os.environ.get("FAZHI_CJK_FONT")
    paths = [env] if env else []
    paths += list(FONT_CANDIDATES)
    paths += sorted(glob.glob("/usr/share/fonts/**/*[Cc][Jj][Kk]*", recursive=True))
    paths += sorted(glob.glob("/usr/share/fonts/**/wqy*", recursive=True))
    for path in paths:
        if not path or not os.path.isfile(path) or not _covers(path):
            continue
        font_manager.fontManager.addfont(path)
        families = [f.name for f in font_manager.fontManager.ttflist if f.fname == path]
        if not families:
            continue
        family = next((f for f in _PREFERRED_FAMILIES if f in families), families[0])
        return CjkFont(path, family)
    raise GraphBuildError(
        "plots: no CJK font found for Chinese labels; install one (Debian: apt-get install -y "
        "fonts-noto-cjk) or point FAZHI_CJK_FONT at a .ttf/.ttc/.otf file"
    )


def _rc() -> dict:
    font = cjk_font()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [font.family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "figure.dpi": 100,
    }


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def save(fig, out_dir: Path, stem: str) -> list[Path]:
    """Write `fig` as PNG and SVG; return both paths."""
    import matplotlib

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context(_rc()):
        for ext in ("png", "svg"):
            path = out_dir / f"{stem}.{ext}"
            fig.savefig(path, dpi=130 if ext == "png" else None)
            paths.append(path)
    return paths


# ---------------------------------------------------------------- the figures


def adoption_curves_figure(curves: dict[str, list[dict]], title: str = "机制扩散：累计采纳地区数"):
    """One step line per mechanism name: cumulative adopters (rows of `adoption_curve`, 全部)."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        fig = _figure(8, 4.8)
        ax = fig.add_subplot()
        series = {}
        for name, rows in curves.items():
            rows = [r for r in rows if r["province_code"] is None] or rows
            if rows:
                series[name] = ([r["year"] for r in rows], [r["cumulative"] for r in rows])
        years_all = {y for ys, _ in series.values() for y in ys}
        for i, (name, (years, cum)) in enumerate(series.items()):
            # carry each line on to the last year of any curve, so the lines end together;
            # a small vertical offset keeps equal curves apart
            last = max(years_all)
            if years[-1] < last:
                years, cum = [*years, last], [*cum, cum[-1]]
            offset = (i - (len(series) - 1) / 2) * 0.03
            ax.step(years, [c + offset for c in cum], where="post", marker="o", markersize=4, label=name)
        if years_all:
            ax.set_xticks(range(min(years_all), max(years_all) + 1))
        ax.set_xlabel("年份")
        ax.set_ylabel("累计采纳地区数")
        ax.set_title(title)
        ax.yaxis.get_major_locator().set_params(integer=True)
        if curves:
            ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.grid(alpha=0.3)
    return fig


def province_curves_figure(name: str, rows: list[dict]):
    """Cumulative adopters of one mechanism per province (rows of `adoption_curve`)."""
    by_province: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["province_code"] is not None:
            by_province[r["province_name"] or r["province_code"]].append(r)
    curves = {p: [dict(r, province_code=None) for r in rs] for p, rs in sorted(by_province.items())}
    return adoption_curves_figure(curves, title=f"{name}：各省累计采纳地区数")


def heatmap_figure(rows: list[dict], max_mechanisms: int = 25, max_places: int = 40):
    """Jurisdiction x mechanism grid coloured by first-adoption year (rows of `first_adoptions`)."""
    import matplotlib
    import numpy as np

    per_mech = Counter(r["mechanism_name"] for r in rows)
    per_place = Counter(r["jurisdiction_code"] for r in rows)
    mechs = [m for m, _ in sorted(per_mech.items(), key=lambda kv: (-kv[1], kv[0]))[:max_mechanisms]]
    places = [p for p, _ in sorted(per_place.items(), key=lambda kv: (-kv[1], kv[0]))[:max_places]]
    names = {r["jurisdiction_code"]: r["jurisdiction_name"] or r["jurisdiction_code"] for r in rows}
    grid = np.full((len(places), len(mechs)), np.nan)
    for r in rows:
        if r["mechanism_name"] in mechs and r["jurisdiction_code"] in places:
            grid[places.index(r["jurisdiction_code"]), mechs.index(r["mechanism_name"])] = r["first_year"]
    with matplotlib.rc_context(_rc()):
        fig = _figure(max(6, 0.42 * len(mechs) + 2.5), max(3, 0.38 * len(places) + 2.2))
        ax = fig.add_subplot()
        if mechs and places:
            im = ax.imshow(grid, aspect="auto", cmap="viridis_r")
            ax.set_xticks(range(len(mechs)), mechs, rotation=60, ha="right", fontsize=8)
            ax.set_yticks(range(len(places)), [names[p] for p in places], fontsize=8)
            if grid.size <= 600:
                for (i, j), v in np.ndenumerate(grid):
                    if not math.isnan(v):
                        ax.text(j, i, str(int(v))[2:], ha="center", va="center", fontsize=6, color="white")
            cbar = fig.colorbar(im, ax=ax, shrink=0.8)
            cbar.set_label("首次采纳年份")
            cbar.ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title("各地首次采纳（实施或试点）年份")
    return fig


def follower_graph(pairs: list[dict], max_nodes: int = 40):
    """A networkx DiGraph leader -> follower; edge weight = mechanisms followed (rows of `followers`
    with a `mechanism_name` key added)."""
    import networkx as nx

    g = nx.DiGraph()
    for p in pairs:
        a, b = p["leader_name"] or p["leader_code"], p["follower_name"] or p["follower_code"]
        if g.has_edge(a, b):
            g[a][b]["weight"] += 1
            g[a][b]["mechanisms"].append(p.get("mechanism_name", ""))
        else:
            g.add_edge(a, b, weight=1, mechanisms=[p.get("mechanism_name", "")])
    if g.number_of_nodes() > max_nodes:
        keep = sorted(g.nodes, key=lambda n: (-g.degree(n, weight="weight"), n))[:max_nodes]
        g = g.subgraph(keep).copy()
    return g


def network_figure(g, title: str = "谁跟随谁：同省内先采纳 → 后采纳"):
    """Draw the follower network (networkx drawing, deterministic layout)."""
    import matplotlib
    import networkx as nx

    with matplotlib.rc_context(_rc()):
        fig = _figure(8, 6)
        ax = fig.add_subplot()
        ax.set_title(title)
        ax.set_axis_off()
        if g.number_of_nodes():
            pos = nx.spring_layout(g, seed=7, k=1.5 / math.sqrt(g.number_of_nodes()))
            sizes = [500 + 60 * g.degree(n, weight="weight") for n in g.nodes]
            widths = [0.8 + 0.6 * g[u][v]["weight"] for u, v in g.edges]
            nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color="#9ecae1", edgecolors="#3182bd")
            nx.draw_networkx_edges(g, pos, ax=ax, width=widths, arrows=True, arrowsize=14,
                                   edge_color="#636363", node_size=sizes, connectionstyle="arc3,rad=0.08")
            nx.draw_networkx_labels(g, pos, ax=ax, font_size=9, font_family=cjk_font().family)
            labels = {(u, v): str(d["weight"]) for u, v, d in g.edges(data=True) if d["weight"] > 1}
            if labels:
                nx.draw_networkx_edge_labels(g, pos, edge_labels=labels, ax=ax, font_size=7)
        else:
            ax.text(0.5, 0.5, "（没有同省先后采纳的地区对）", ha="center", va="center", transform=ax.transAxes)
    return fig


# ---------------------------------------------------------------- all figures of a build


@dataclass(frozen=True, slots=True)
class Plot:
    """One written figure: its stem, title and the PNG and SVG paths."""

    stem: str
    title: str
    png: Path
    svg: Path


def plot_all(backend, out_dir: Path, mechanisms: Sequence[str] = (), top: int = 8) -> list[Plot]:
    """Every diffusion figure of a build through the named queries on `backend`.

    `mechanisms`: labels/aliases/notations to draw (default: the `top` most adopted)."""
    from ontology.vocab import load
    from queries.run import run_query

    vocab = load()
    chosen: list[tuple[str, str]] = []  # (notation, Chinese name)
    if mechanisms:
        for m in mechanisms:
            c = vocab.resolve("mechanism", m)
            if c is None:
                from fazhi.errors import QueryError

                raise QueryError(f"plot: --mechanism {m!r} is not a known mechanism")
            chosen.append((c.notation, c.pref_zh))
    else:
        chosen = [(r["mechanism"], r["name"]) for r in run_query("top_mechanisms", {"limit": str(top)}, backend)
                  if r["jurisdictions"]]
    out: list[Plot] = []

    def keep(fig, stem: str, title: str) -> None:
        png, svg = save(fig, out_dir, stem)
        out.append(Plot(stem, title, png, svg))

    curves = {name: run_query("adoption_curve", {"mechanism": notation}, backend) for notation, name in chosen}
    keep(adoption_curves_figure(curves), "adoption_curves", "机制扩散：累计采纳地区数")
    if chosen:
        first = chosen[0][1]
        keep(province_curves_figure(first, curves[first]), "adoption_curves_by_province",
             f"{first}：各省累计采纳地区数")
    # first_adoptions and followers answer one province at a time: the provinces where the drawn
    # mechanisms are adopted (their per-province curves)
    provinces = {name: sorted({r["province_code"] for r in curves[name] if r["province_code"]})
                 for _, name in chosen}
    firsts = [r for notation, name in chosen for code in provinces[name]
              for r in run_query("first_adoptions", {"province": code, "mechanism": notation}, backend)]
    keep(heatmap_figure(firsts), "first_adoption_heatmap", "各地首次采纳年份")
    pairs = []
    for notation, name in chosen:
        for code in provinces[name]:
            pairs += [dict(r, mechanism_name=name)
                      for r in run_query("followers", {"mechanism": notation, "province": code}, backend)]
    keep(network_figure(follower_graph(pairs)), "followers_network", "谁跟随谁")
    return out
