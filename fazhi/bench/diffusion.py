"""A discrete-time hazard model of how mechanisms spread between governments.

For mechanism m with origin year t0 and origin province P, a unit u that has not adopted by
year t-1 adopts in year t > t0 with probability

    h(u, m, t) = min(max_hazard, base_m · growth^(t - t0)
                                  · (province_boost   if province(u) == P)
                                  · (prefecture_boost if a unit of u's prefecture adopted by t-1))

and the origin unit adopts in t0. Adoption is absorbing: once adopted, always adopted.
`base_m` is drawn per mechanism (log-uniform in [base_low, base_high]) so some mechanisms
become near-universal and others stay regional. t0 and P come from the vocabulary's
`fz:origin` note when it names a year / a province, else from the seeded generator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from fazhi.bench.jurisdictions import Unit
from fazhi.bench.templates import PROVINCE_EN

NEVER = 0  # adoption year for "not adopted by last_year"


@dataclass(frozen=True, slots=True)
class DiffusionParams:
    """Parameters of the hazard model (documented in docs/benchmarks.md)."""

    first_year: int = 2008
    last_year: int = 2026  # one past the last report year, so 下一步 plans can be simulated
    base_low: float = 0.003
    base_high: float = 0.03
    growth: float = 1.3
    province_boost: float = 4.0
    prefecture_boost: float = 3.0
    max_hazard: float = 0.5


@dataclass(frozen=True)
class Diffusion:
    """Adoption years of every mechanism in every unit (NEVER = 0 when not adopted)."""

    notations: tuple[str, ...]
    units: tuple[Unit, ...]
    adoption_year: np.ndarray  # int16, shape (mechanisms, units)
    origin_year: tuple[int, ...]
    origin_province: tuple[str, ...]  # 2-digit code
    origin_unit: tuple[int, ...]  # index into units
    base: tuple[float, ...]

    def adopted(self, m: int, u: int, year: int) -> bool:
        y = int(self.adoption_year[m, u])
        return y != NEVER and y <= year

    def adopted_by(self, u: int, year: int) -> np.ndarray:
        """Indices of mechanisms adopted by unit u in or before `year`."""
        col = self.adoption_year[:, u]
        return np.nonzero((col != NEVER) & (col <= year))[0]


def _origin_from_note(note: str | None) -> tuple[int | None, str | None]:
    if not note:
        return None, None
    year = None
    for y in re.findall(r"(?<!\d)(19[89]\d|20[0-2]\d)(?!\d)", note):
        year = int(y)
        break
    low = note.lower()
    prov = next((code for name, code in PROVINCE_EN.items() if name in low), None)
    return year, prov


def simulate(units: tuple[Unit, ...], mechanisms: list[tuple[str, str | None]],
             seed: int, params: DiffusionParams = DiffusionParams()) -> Diffusion:
    """Simulate adoption for (notation, origin note) pairs over `units`; deterministic for a seed."""
    rng = np.random.Generator(np.random.PCG64(seed))
    n_units = len(units)
    prov_codes = sorted({u.province_code for u in units})
    prov_of = np.array([prov_codes.index(u.province_code) for u in units], dtype=np.int32)
    groups = sorted({u.group for u in units})
    group_index = {g: i for i, g in enumerate(groups)}
    group_of = np.array([group_index[u.group] for u in units], dtype=np.int32)

    adoption = np.zeros((len(mechanisms), n_units), dtype=np.int16)
    origin_years: list[int] = []
    origin_provs: list[str] = []
    origin_units: list[int] = []
    bases: list[float] = []
    log_low, log_high = np.log(params.base_low), np.log(params.base_high)
    for m, (_notation, note) in enumerate(mechanisms):
        note_year, note_prov = _origin_from_note(note)
        drawn_year = int(rng.integers(2010, 2023))
        drawn_prov = prov_codes[int(rng.integers(len(prov_codes)))]
        base = float(np.exp(rng.uniform(log_low, log_high)))
        t0 = min(max(note_year or drawn_year, params.first_year), params.last_year - 2)
        prov = note_prov if note_prov in prov_codes else drawn_prov
        candidates = np.nonzero(prov_of == prov_codes.index(prov))[0]
        origin = int(candidates[int(rng.integers(len(candidates)))])
        adoption[m, origin] = t0
        in_prov = prov_of == prov_codes.index(prov)
        mult = np.where(in_prov, params.province_boost, 1.0)
        for t in range(t0 + 1, params.last_year + 1):
            row = adoption[m]
            adopted_prev = row != NEVER
            group_has = np.bincount(group_of, weights=adopted_prev, minlength=len(groups)) > 0
            h = base * params.growth ** (t - t0) * mult
            h = h * np.where(group_has[group_of], params.prefecture_boost, 1.0)
            h = np.minimum(h, params.max_hazard)
            draws = rng.random(n_units)
            new = (~adopted_prev) & (draws < h)
            row[new] = t
        origin_years.append(t0)
        origin_provs.append(prov)
        origin_units.append(origin)
        bases.append(base)
    return Diffusion(
        notations=tuple(n for n, _ in mechanisms),
        units=units,
        adoption_year=adoption,
        origin_year=tuple(origin_years),
        origin_province=tuple(origin_provs),
        origin_unit=tuple(origin_units),
        base=tuple(bases),
    )
