"""Hand-curated specification of the embedded Eurasian corridor network.

Plain data only: nodes, links and the parameter profiles they use. Every number here is
either taken from ``../shared/FACTS.md`` (its source is cited), derived from such numbers
(the working is in the note) or flagged as an ``UNSOURCED ESTIMATE``. Distances are *not*
given here when they can be measured: ``tools/build_eurasia.py`` measures them on the
scgraph rail, road and maritime graphs. Node coordinates given here are approximate; the
build replaces them with the UN/LOCODE, OpenStreetMap station or Natural Earth position it
finds nearby and records which one it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]

# --------------------------------------------------------------------------- sources

S_KTZ_SPEED = (
    "KTZ via RailFreight 2 Aug 2018, https://www.railfreight.com/business/2018/08/02/"
    "faster-and-more-trains-through-kazakhstan-this-year/"
)
S_XIAN_TASHKENT = "Astana Times 5 Aug 2024 (Xi'an–Khorgos–Saryagash–Tashkent, 4,486 km in 5 days)"
S_SPEED_DEFAULT = "FACTS.md §4.1/§7 default block-train commercial speed (UNSOURCED ESTIMATE)"
S_RZD_SPEED = (
    "Russian Railways (S. Pavlov, First Deputy MD) via log-box.com 23 Oct 2020, "
    "https://log-box.com/en/news/sergey-pavlov-in-2024-the-company-plans-to-increase-the-"
    "transit-speed-of-container-trains-to-1-400-km-day [S]"
)
S_FORBES_SPEED = (
    "W. Shepard, Forbes 14 Jan 2017 (mirrored at http://NYCHICAGORR.ORG/High-Speed-Freight-"
    "Train-Planned.html) [S]: 'through China, Central Asia, and Russia these trains make "
    "around 1,100 kilometers per day'"
)
S_PKP_DUISBURG = (
    "index1520.com 16 Jan 2025, PKP CARGO Swarzędz–Duisburg intermodal service, "
    "https://index1520.com/en/news/pkp-cargo-zapuskaet-intermodalnoe-soobshchenie-mezhdu-"
    "svazhendzom-i-duysburgom [S]; namiary.pl 31 Oct 2012, https://www.namiary.pl/2012/10/31/"
    "pocig-do-chin21/ [S]"
)
S_ALASHANKOU = (
    "Xinhua via ourjiangsu.com 19 Jun 2023 (Alataw Pass outbound clearance < 5 h), "
    "http://ourjiangsu.com/a/20230619/1687163353627.shtml ; Xinhua 13 Oct 2025 via brasil247 "
    "(inbound cargo < 16 h, previously 2–3 days), https://sites.brasil247.com/principal-porto-"
    "terrestre-em-xinjiang-no-noroeste-da-china-registra-mais-de-6-mil-viagens-de-trem-de-"
    "carga-china-europa [S]"
)
S_XIAN_DUISBURG = (
    "duisport via RailMarket 2022 (Xi'an–Duisburg 9,908 km; 12–16 days before the fixed "
    "schedule, 10 days with it), https://railmarket.com/news/freight-rail/2099-only-10-days-"
    "takes-now-rail-connection-between-chinese-xian-and-the-port-of-duisburg [S]"
)
S_TITR_KTZ = (
    "KTZ via Trend 13 Aug 2024 (Altynkol → Absheron/Baku 9 days, → Poti/Batumi 12 days, → "
    "Constanța 20–22 days), https://www.trend.az/casia/kazakhstan/3933364.html [S]; Trend "
    "14 Jan 2024 (Xi'an → Baku block train in 11 days), https://menafn.com/1107722132/"
    "First-Container-Train-From-China-Arrives-To-Azerbaijan-Via-Middle-Corridor-In-2024 [S]"
)
S_EAEU = (
    "Treaty on the Eurasian Economic Union (2014) and EAEU Customs Code: no customs control "
    "at borders between member states (RU, BY, KZ); goods in transit stay under one customs "
    "transit procedure from the EAEU entry to its exit [P]"
)
S_CPMM_ROAD = "ADB CAREC CPMM 2022 (road SWOD 42.0 km/h), https://cpmm.carecprogram.org/?p=130"
S_RODRIGUE = (
    "Rodrigue, Port Economics, Management and Policy, 'Routing options Shanghai–Rotterdam', "
    "https://porteconomicsmanagement.org/pemp/contents/part1/interoceanic-passages/"
    "routing-options-shanghai-rotterdam"
)
S_ERAI = "ERAI Eurasian Rail Alliance Index, https://index1520.com/en/index/"
S_MC_PREMIUM = "AsstrA via Trend/MENAFN 17 Feb 2024 (Middle Corridor cost ~1.5× alternatives)"
S_RT_COSTS = (
    "Reed & Trubetskoy (2019) table_baseline_assumptions.csv / cost_parameters.csv, "
    "https://github.com/sashatrubetskoy/bri_market_access"
)
S_WCI = "Drewry World Container Index Shanghai–Rotterdam via Hellenic Shipping News (Oct–Dec 2023)"
S_DEFRA = (
    "DEFRA factors via Mode Shift Centre, http://www.modeshiftcentre.org.uk/water_freight/"
    "why_use_water_freight/environment/"
)
S_KIM = "KiM / CE Delft, ETRR Table 9, https://etrr.springeropen.com/articles/10.1186/s12544-019-0344-x/tables/9"
S_NTM = (
    "NTM rail baselines (grid factors), https://www.transportmeasures.org/en/wiki/"
    "evaluation-transport-suppliers/rail-cargo-transport-baselines/"
)
S_CN_EU_RAIL_CO2 = "chinalogistichub blog (China–Europe rail 15–30 g CO2e/tkm, GLEC-aligned) [T]"
S_POTI_BAKU = "German Wikipedia 'Bahnstrecke Poti–Baku', https://de.zxc.wiki/wiki/Bahnstrecke_Poti%E2%80%93Baku"
S_CPMM_KZ22 = "ADB CAREC CPMM 2022 Kazakhstan, https://cpmm.carecprogram.org/2022-report/kazakhstan"
S_CPMM_KZ23 = "ADB CAREC CPMM 2023, https://cpmm.carecprogram.org/?p=466"
S_CPMM_RAIL20 = (
    "ADB CAREC CPMM 2020 rail chapter, https://cpmm.carecprogram.org/2020-report/rail-transport/"
)
S_CPMM_GE23 = "ADB CAREC CPMM 2022/2023 Georgia, https://cpmm.carecprogram.org/2023-report/georgia"
S_CPMM_AZ22 = "ADB CAREC CPMM 2022 Azerbaijan (Krasny Most outbound 13.6 h)"
S_DB = (
    "World Bank Doing Business border-compliance hours, as used in Reed & Trubetskoy "
    "parameters/border_costs.csv, https://github.com/sashatrubetskoy/bri_market_access"
)
S_XINHUA = (
    "Silkroadnews/Xinhua 2016, https://silkroadnews.org/en/news/more-than-3-mln-of-freights-"
    "transported-through-chinese-kazakhstani-border-via-alashankou-dostyk-passage"
)
S_KHORGOS = (
    "Astana Times 2021 & 6 Feb 2026; RailFreight 6 Oct 2022; IntermodalNews 3 Jan 2023 "
    "(Khorgos Gateway transshipment ~55 min per train, 1 h 11 min in 2015, container handling "
    "5 h → 1 h; capacity 19–20 trains/day)"
)
S_DOSTYK_TEU = S_KTZ_SPEED + " (Dostyk 760 TEU/day vs Altynkol >5,000 TEU/day, 2018)"
S_BREST = (
    "RailTech 2018; RailFreight 27 Aug 2018; Silk Road Summit 2 Nov 2021, "
    "https://www.silkroadsummit.eu/news/2021/11/02/fastest-china-europe-train-so-far-the-"
    "secret-lies-in-the-border-crossing/"
)
S_SEANEWS = "Sea-News.az 6 May 2022 (ASCO), https://sea-news.az/2022/05/06/ferry-vessel-zarifa-aliyeva-reaches-port-of-kuryk/"
S_BAKU_TM = "eurasia.travel [T]; azerbaijans.com [T] (Baku → Türkmenbaşy ~12 h)"
S_FERRY_WAIT = (
    "twobiketo.com, rssing [T] traveller reports: 'every 3–5 days', '2–3 days, up to a week "
    "or two' (FACTS.md §4.2)"
)
S_TITR_FEEDER = (
    "TITR Association, https://middlecorridor.com/en/press-center/news/regular-feeder-container-"
    "line-launching-at-the-black-sea-along-trans-caspian-international-transport-route-middle-"
    "corridor"
)
S_EU_CU = (
    "EU customs union (Union Customs Code, Regulation (EU) No 952/2013): no customs formalities "
    "at internal EU borders"
)
S_FACTS_PLACEHOLDER = "FACTS.md §7 placeholder (Akhalkalaki/Kars transshipment 12–48 h)"
S_DOSTYK_MOYINTY = "KTZ via RailFreight/vibewire, https://www.vibewire.com.au/?p=299250"
S_BTK_CAP = "Trend 17 Jan 2025, https://en.trend.az/business/3994474.html"
S_SARYAGASH = "Kazinform; Astana Times 2024 (Saryagash 27 Mt/yr, at capacity ≈2019)"
S_PORTS = "FACTS.md §4.3 port capacities (Astana Times, PortNews, Sea-News, Trend, Wikipedia)"
S_AKHALKALAKI_CAP = "Messenger.ge 2009; RailTurkey 2016 (Akhalkalaki designed for 5 Mt/yr)"
S_PEMP_FERRY = "PEMP, https://porteconomicsmanagement.org/train-ferries-on-the-caspian-sea-as-part-of-the-middle-corridor"

UNSOURCED = "UNSOURCED ESTIMATE"


def prov(source: str, kind: str = "published", note: str | None = None) -> Json:
    """A provenance entry."""
    out: Json = {"source": source, "kind": kind}
    if note is not None:
        out["note"] = note
    return out


def est(note: str) -> Json:
    """An unsourced-estimate provenance entry."""
    return prov("no published source (modelling placeholder)", "estimate", f"{UNSOURCED}: {note}")


def tri(low: float, mode: float, high: float) -> Json:
    """A triangular distribution (hours)."""
    return {"type": "triangular", "low": low, "mode": mode, "high": high}


def lognormal(mean: float, sd: float) -> Json:
    """A lognormal distribution (hours) given by its mean and standard deviation."""
    return {"type": "lognormal", "mean": mean, "sd": sd}


def fixed(value: float) -> Json:
    """A fixed duration (hours)."""
    return {"type": "fixed", "value": value}


# --------------------------------------------------------------------------- profiles
# A link profile gives speed/duration, tariff, emission factor and their provenance.
# ``tariff.ref`` names a reference path whose measured length the build uses to turn a
# published through-rate into a per-km rate (see REF_PATHS).

REF_PATHS: dict[str, Json] = {
    "erai": {
        "nodes": [
            "dostyk",
            "aktogay",
            "moyinty",
            "karaganda",
            "astana",
            "petropavl",
            "petukhovo",
            "chelyabinsk",
            "samara",
            "moscow",
            "krasnoe",
            "minsk",
            "brest_malaszewicze",
        ],
        "amount": 3289.0,
        "source": S_ERAI,
        "what": "ERAI US$3,289/FEU (15 Jul 2024) for 1520 mm transit Dostyk ↔ EU border",
    },
    "wci": {
        "nodes": ["shanghai", "malacca", "bab_el_mandeb", "suez", "gibraltar", "rotterdam"],
        "amount": (1004.0 + 1148.0 + 1442.0) / 3.0,
        "source": S_WCI,
        "what": "mean of Drewry WCI Shanghai→Rotterdam 1,004 / 1,148 / 1,442 US$/FEU "
        "(26 Oct, 23 Nov, 14 Dec 2023, before the Red Sea diversions)",
    },
}

_RAIL_CO2_MIX = (
    22.5,
    prov(
        S_CN_EU_RAIL_CO2, "derived", "midpoint of the 15–30 g/tkm benchmark; traction mix unknown"
    ),
)
_RAIL_CO2_ELEC = (
    12.5,
    prov(
        S_NTM,
        "estimate",
        f"{UNSOURCED}: midpoint of the electric 5–20 g/tkm split in FACTS.md §4.6",
    ),
)
_RAIL_CO2_EU = (
    11.3,
    prov(S_KIM, "published", "NL 2014, 80% electric / 20% diesel; used for EU 1435 mm lines"),
)


def _rail(  # noqa: PLR0917
    speed: float,
    speed_p: Json,
    per_km: float | None,
    ref: str | None,
    mult: float,
    tariff_p: Json,
    co2: tuple[float, Json],
) -> Json:
    tariff: Json = {"fixed": 0.0, "currency": "USD", "unit": "FEU"}
    if ref is not None:
        tariff["ref"] = ref
        tariff["mult"] = mult
    else:
        tariff["per_km"] = per_km
    return {
        "speed_kmh": speed,
        "tariff": tariff,
        "emission_g_per_tkm": co2[0],
        "provenance": {"speed_kmh": speed_p, "tariff": tariff_p, "emission_g_per_tkm": co2[1]},
    }


_RT_RAIL_DOUBLE = prov(
    S_RT_COSTS,
    "derived",
    "rail 0.23 USD/TEU-km (double-track, electrified) × 2 TEU/FEU = 0.46 USD/FEU-km",
)
_RT_RAIL_SINGLE = prov(
    S_RT_COSTS,
    "derived",
    "rail 0.47 USD/TEU-km (single-track, non-electrified) × 2 TEU/FEU = 0.94 USD/FEU-km",
)

PROFILES: dict[str, Json] = {
    "cn_rail": _rail(
        1100 / 24,
        prov(
            S_FORBES_SPEED + "; " + S_XIAN_TASHKENT,
            "published",
            "~1,100 km/day for China–Europe block trains in China, Central Asia and Russia "
            "= 45.8 km/h. Calibration (docs/calibration.md): the earlier 900 km/day came from "
            "Xi'an–Tashkent 4,486 km in 5 days, which includes two border passages and a "
            "transshipment that are now modelled separately; 900 km/day is its lower bound",
        ),
        0.46,
        None,
        1.0,
        _RT_RAIL_DOUBLE,
        _RAIL_CO2_MIX,
    ),
    "kz_rail": _rail(
        941 / 24,
        prov(S_KTZ_SPEED, "derived", "941 km/day container-train average (H1 2018) / 24 h"),
        None,
        "erai",
        1.0,
        prov(S_ERAI, "derived", "ERAI per km over the measured Dostyk–Brest path"),
        _RAIL_CO2_MIX,
    ),
    "mc_rail": _rail(
        941 / 24,
        prov(S_KTZ_SPEED, "derived", "941 km/day container-train average (H1 2018) / 24 h"),
        None,
        "erai",
        1.5,
        prov(S_ERAI + "; " + S_MC_PREMIUM, "derived", "ERAI per km × 1.5 Middle Corridor premium"),
        _RAIL_CO2_MIX,
    ),
    "ru_rail": _rail(
        1058 / 24,
        prov(
            S_RZD_SPEED,
            "published",
            "RZD container-train transit speed 1,058 km/day in 2019 (target 1,350–1,400 by "
            "2024) = 44.1 km/h; used for RU and BY 1520 mm lines. Calibration "
            "(docs/calibration.md): replaces the 950 km/day UNSOURCED ESTIMATE",
        ),
        None,
        "erai",
        1.0,
        prov(S_ERAI, "derived", "ERAI per km over the measured Dostyk–Brest path"),
        _RAIL_CO2_MIX,
    ),
    "cauc_rail": _rail(
        700 / 24,
        prov(
            S_SPEED_DEFAULT,
            "estimate",
            f"{UNSOURCED}: 600–800 km/day on AZ/GE single track, midpoint",
        ),
        None,
        "erai",
        1.5,
        prov(S_ERAI + "; " + S_MC_PREMIUM, "derived", "ERAI per km × 1.5 Middle Corridor premium"),
        _RAIL_CO2_MIX,
    ),
    "cauc_rail_el": _rail(
        700 / 24,
        prov(
            S_SPEED_DEFAULT,
            "estimate",
            f"{UNSOURCED}: 600–800 km/day on AZ/GE single track, midpoint",
        ),
        None,
        "erai",
        1.5,
        prov(S_ERAI + "; " + S_MC_PREMIUM, "derived", "ERAI per km × 1.5 Middle Corridor premium"),
        _RAIL_CO2_ELEC,
    ),
    "south_rail": _rail(
        700 / 24,
        prov(
            S_SPEED_DEFAULT,
            "estimate",
            f"{UNSOURCED}: no speed source for TM/UZ/IR/TR; AZ/GE single-track default 600–800 "
            "km/day used",
        ),
        0.94,
        None,
        1.0,
        _RT_RAIL_SINGLE,
        _RAIL_CO2_MIX,
    ),
    "eu_rail": _rail(
        900 / 24,
        prov(
            S_PKP_DUISBURG,
            "derived",
            "PKP CARGO Swarzędz (Poznań)–Duisburg 21 h terminal to terminal (2025) over the "
            "model's Poznań–Duisburg 795 km ≈ 909 km/day → 900 km/day = 37.5 km/h; a 2012 "
            "pilot ran Małaszewicze → Rheinhausen (Duisburg) in 25 h. Forbes 2017 gives 350–400 "
            "km/day in Europe; not used (see docs/calibration.md)",
        ),
        0.46,
        None,
        1.0,
        _RT_RAIL_DOUBLE,
        _RAIL_CO2_EU,
    ),
    "road": {
        "speed_kmh": 42.0,
        "tariff": {"fixed": 0.0, "per_km": 1.48, "currency": "USD", "unit": "FEU"},
        "emission_g_per_tkm": 126.0,
        "provenance": {
            "speed_kmh": prov(
                S_CPMM_ROAD,
                "published",
                "CAREC road speed without delay; border delay is modelled at border nodes",
            ),
            "tariff": prov(
                S_RT_COSTS,
                "derived",
                "road 0.63–0.85 USD/TEU-km, midpoint 0.74 × 2 TEU/FEU = 1.48 USD/FEU-km (one "
                "FEU per truck)",
            ),
            "emission_g_per_tkm": prov(S_DEFRA, "published", "HGV UK average 126 g CO2e/tkm"),
        },
    },
    "sea": {
        "speed_kmh": 16 * 1.852,
        "tariff": {"fixed": 0.0, "ref": "wci", "mult": 1.0, "currency": "USD", "unit": "FEU"},
        "emission_g_per_tkm": 15.4,
        "provenance": {
            "speed_kmh": prov(
                S_RODRIGUE, "derived", "16 knots × 1.852 = 29.6 km/h reference speed"
            ),
            "tariff": prov(
                S_WCI,
                "derived",
                "pre-crisis WCI per km over the measured Shanghai–Suez–Rotterdam path",
            ),
            "emission_g_per_tkm": prov(
                S_DEFRA, "published", "deep-sea container ship (≥3,000 TEU) 15.4 g"
            ),
        },
    },
    "feeder": {
        "speed_kmh": 16 * 1.852,
        "tariff": {"fixed": 0.0, "per_km": 0.10, "currency": "USD", "unit": "FEU"},
        "emission_g_per_tkm": 29.7,
        "provenance": {
            "speed_kmh": prov(
                S_RODRIGUE, "derived", "16 knots × 1.852 = 29.6 km/h reference speed"
            ),
            "tariff": prov(
                S_RT_COSTS,
                "derived",
                "sea 0.05 USD/TEU-km (upper baseline, short sea) × 2 = 0.10 USD/FEU-km",
            ),
            "emission_g_per_tkm": prov(S_DEFRA, "published", "short-sea container ship 29.7 g"),
        },
    },
    "ferry": {
        "tariff": {"fixed": 0.0, "per_km": 1.46, "currency": "USD", "unit": "FEU"},
        "emission_g_per_tkm": 51.4,
        "provenance": {
            "tariff": prov(
                S_RT_COSTS,
                "derived",
                "top of the literature sea range 0.73 USD/TEU-km × 2 = 1.46 USD/FEU-km, for "
                "rail/truck ferries (no Caspian tariff source)",
            ),
            "emission_g_per_tkm": prov(
                S_DEFRA, "published", "Ro-Ro ferry 51.4 g CO2e/tkm (proxy for rail ferries)"
            ),
        },
    },
}

CASPIAN_HEADWAY: Json = {
    "headway_h": tri(48, 72, 168),
    "prov": prov(
        S_FERRY_WAIT,
        "published",
        "no timetable: 2–3 days typical, 'every 3–5 days', up to a week → triangular(48, 72, "
        "168) h",
    ),
}


def ferry_duration(kind: str) -> tuple[Json, Json]:
    """Crossing time distribution and its provenance for a Caspian or lake ferry."""
    if kind == "kuryk":
        return tri(20, 21, 22), prov(S_SEANEWS, "published", "Kuryk → Baku 20–22 h (ASCO RoPax)")
    if kind == "aktau":
        return tri(20, 21, 22), prov(
            S_SEANEWS,
            "derived",
            "Kuryk → Baku 20–22 h used for Aktau → Alat (similar distance on marnet)",
        )
    if kind == "turkmenbashi":
        return tri(11, 12, 14), prov(
            S_BAKU_TM, "derived", "~12 h [T]; ±1–2 h spread is an UNSOURCED ESTIMATE"
        )
    return tri(4, 5, 8), est("Lake Van train ferry crossing Tatvan–Van, ~90 km at 15–20 km/h")


# --------------------------------------------------------------------------- transfers


def _xfer(  # noqa: PLR0917
    a: str,
    b: str,
    kind: str,
    time_h: Json,
    time_p: Json,
    cost: float | None = None,
    cost_p: Json | None = None,
    cap: Json | None = None,
    cap_p: Json | None = None,
) -> Json:
    t: Json = {"from_mode": a, "to_mode": b, "kind": kind, "time_h": time_h, "both_ways": True}
    p: Json = {"time_h": time_p}
    if cost is not None and cost_p is not None:
        t["cost"] = {"amount": cost, "currency": "USD"}
        p["cost"] = cost_p
    if cap is not None and cap_p is not None:
        t["capacity"] = cap
        p["capacity"] = cap_p
    t["provenance"] = p
    return t


_RT_SWITCH_T = prov(
    S_RT_COSTS, "published", "road↔rail switch 5 h in the companion World Bank model"
)
_RT_SWITCH_C = prov(
    S_RT_COSTS, "published", "road↔rail switch US$25 in the companion World Bank model"
)
_RT_PORT_C = prov(S_RT_COSTS, "published", "port fee US$200 in the companion World Bank model")
_PORT_T = est("port transshipment rail/road ↔ ship, 12–72 h (mode 24 h)")


def road_rail(gauge: str) -> Json:
    """Rail ↔ road transfer (lift on/lift off at a terminal)."""
    return _xfer(gauge, "road", "rail_road", fixed(5.0), _RT_SWITCH_T, 25.0, _RT_SWITCH_C)


_CASPIAN_T = prov(
    "no published source (modelling placeholder); calibrated to " + S_TITR_KTZ,
    "estimate",
    f"{UNSOURCED}: rail ↔ Caspian ferry/vessel transfer for TITR block trains, "
    "triangular(4, 12, 38) h (mean 18 h). Calibration (docs/calibration.md): the generic port "
    "transshipment triangular(12, 24, 72) h (mean 36 h) at both Caspian ports put Altynkol → "
    "Baku at 10.2 days and Xi'an → Baku at 13.7 days against the published 9 and 11 days; "
    "block trains are pre-booked on the ferries (KTZ/ADY/GR Middle Corridor Multimodal), so "
    "the transfer is shorter than a generic port dwell. The ferry wait itself keeps the "
    "traveller-report headway",
)


def rail_sea(
    gauge: str, mode: str = "sea", cap: Json | None = None, cap_p: Json | None = None
) -> Json:
    """Rail ↔ ship transfer at a port (a shorter, calibrated one for Caspian ferries)."""
    if mode == "ferry":
        return _xfer(
            gauge, mode, "rail_ship", tri(4, 12, 38), _CASPIAN_T, 200.0, _RT_PORT_C, cap, cap_p
        )
    return _xfer(gauge, mode, "rail_ship", tri(12, 24, 72), _PORT_T, 200.0, _RT_PORT_C, cap, cap_p)


def road_sea(mode: str = "sea") -> Json:
    """Road ↔ ship transfer at a port."""
    return _xfer("road", mode, "road_ship", tri(12, 24, 72), _PORT_T, 200.0, _RT_PORT_C)


_GAUGE_COST_P = prov(S_CPMM_RAIL20, "published", "Dostyk gauge-change cost US$329 average (2020)")
_GAUGE_COST_PROXY = prov(
    S_CPMM_RAIL20, "derived", "Dostyk gauge-change cost US$329 (2020) used as a proxy"
)

GAUGE_CHANGES: dict[str, Json] = {
    "dostyk": _xfer(
        "rail_1435",
        "rail_1520",
        "gauge_change",
        tri(0.92, 4.25, 9.0),
        prov(
            S_XINHUA + "; " + S_KHORGOS,
            "derived",
            "train processing 4 h 15 min (2016), previously 9 h; Khorgos best 55 min as lower "
            "bound",
        ),
        329.0,
        _GAUGE_COST_P,
        {"value": 760.0, "unit": "teu_per_day"},
        prov(S_DOSTYK_TEU, "published", "Dostyk 760 TEU/day (2018)"),
    ),
    "khorgos": _xfer(
        "rail_1435",
        "rail_1520",
        "gauge_change",
        tri(0.92, 1.18, 5.0),
        prov(
            S_KHORGOS,
            "derived",
            "55 min (2021) / 1 h 11 min (2015) per train; 5 h container handling before 2025",
        ),
        329.0,
        _GAUGE_COST_PROXY,
        {"value": 20.0, "unit": "trains_per_day"},
        prov(S_KHORGOS, "published", "19–20 trains/day after Oct 2022"),
    ),
    "brest_malaszewicze": _xfer(
        "rail_1520",
        "rail_1435",
        "gauge_change",
        tri(2, 4, 12),
        est("transshipment itself; queueing is in the border dwell (2–3 days)"),
        329.0,
        _GAUGE_COST_PROXY,
        {"value": 3.5, "unit": "trains_per_day"},
        prov(S_BREST, "derived", "PKP Cargo 2018: 3–4 trains/day, midpoint"),
    ),
    "akhalkalaki": _xfer(
        "rail_1520",
        "rail_1435",
        "gauge_change",
        tri(12, 24, 48),
        prov(
            S_FACTS_PLACEHOLDER,
            "estimate",
            f"{UNSOURCED}: 12–48 h placeholder; containers are transshipped, dwell not found",
        ),
        329.0,
        _GAUGE_COST_PROXY,
        {"value": 5.0e6, "unit": "tonnes_per_year"},
        prov(S_AKHALKALAKI_CAP, "published", "gauge-change station designed for 5 Mt/yr"),
    ),
    "sarakhs": _xfer(
        "rail_1520",
        "rail_1435",
        "gauge_change",
        tri(12, 24, 48),
        prov(
            S_FACTS_PLACEHOLDER,
            "estimate",
            f"{UNSOURCED}: Akhalkalaki 12–48 h placeholder reused for Sarakhs (bogie exchange / "
            "transshipment)",
        ),
        329.0,
        _GAUGE_COST_PROXY,
    ),
}

# --------------------------------------------------------------------------- borders


def _half(d: Json) -> Json:
    if d["type"] == "fixed":
        return fixed(d["value"] * 0.5)
    if d["type"] == "lognormal":
        return lognormal(d["mean"] * 0.5, d["sd"] * 0.5)
    return tri(d["low"] * 0.5, d["mode"] * 0.5, d["high"] * 0.5)


def border(  # noqa: PLR0917
    a: str, b: str, paper: Json, paper_p: Json, fee: float | None = None, fee_p: Json | None = None
) -> Json:
    """Border procedures; the digital regime is the paper dwell halved (estimate)."""
    out: Json = {
        "countries": [a, b],
        "dwell_h": {"paper": paper, "digital": _half(paper)},
        "regime": "paper",
        "provenance": {
            "dwell_h.paper": paper_p,
            "dwell_h.digital": prov(
                "World Bank 2023 Middle Corridor target 'halve travel time by 2030', "
                "https://openknowledge.worldbank.org/entities/publication/"
                "4d781a1f-ace4-420d-9192-964bbc98b0d1",
                "estimate",
                f"{UNSOURCED}: digital procedures (e-documents, pre-arrival processing) assumed "
                "to halve every point of the paper dwell distribution; no direct source",
            ),
        },
    }
    if fee is not None and fee_p is not None:
        out["fee"] = {"amount": fee, "currency": "USD"}
        out["provenance"]["fee"] = fee_p
    return out


def eu_border(a: str, b: str) -> Json:
    """An EU-internal border: no customs dwell."""
    return {
        "countries": [a, b],
        "dwell_h": {"paper": fixed(0.0), "digital": fixed(0.0)},
        "regime": "paper",
        "provenance": {
            "dwell_h.paper": prov(S_EU_CU, "published", "internal EU border: 0 h"),
            "dwell_h.digital": prov(S_EU_CU, "published", "internal EU border: 0 h"),
        },
    }


def _db(a: str, b: str, low: float, mode: float, high: float, note: str) -> Json:  # noqa: PLR0917
    return border(
        a,
        b,
        tri(low, mode, high),
        prov(
            S_DB,
            "derived",
            f"Doing Business border-compliance hours as a paper-regime proxy: {note}",
        ),
    )


_KZ_BCP = prov(
    S_CPMM_KZ22 + "; " + S_CPMM_KZ23,
    "published",
    "Kazakhstan rail BCPs (mostly Dostyk/Altynkol): 48.6 h (2020) low, 67.4 h (2022 average) "
    "mode, 78.0 h (2022 inbound) high; 69.7 h in 2023",
)
_KZ_FEE = prov(S_CPMM_KZ22, "published", "~US$297 per crossing (2022)")
_KZ_BLOCK = prov(
    S_ALASHANKOU + "; " + S_CPMM_KZ22 + "; " + S_CPMM_KZ23 + "; " + S_XIAN_DUISBURG,
    "derived",
    "China–Europe block trains, not the CPMM all-traffic average. Mean 16 h: the Chinese side "
    "clears outbound trains in < 5 h (2023) and inbound cargo in < 16 h (2025); the Kazakh "
    "inbound side for transit block trains is not published, so the < 16 h figure is used as "
    "its proxy. sd 24 h gives a long right tail: p95 ≈ 53 h, p99 ≈ 110 h, so the CPMM "
    "Kazakhstan rail-BCP averages for all traffic (48.6 h 2020, 67.4 h 2022, 78.0 h 2022 "
    "inbound, 69.7 h 2023; the previous triangular(48.6, 67.4, 78.0) h) lie in the tail. "
    "Calibrated with the other block-train dwells so that Xi'an → Duisburg lands in the "
    "published 12–16 days (docs/calibration.md)",
)
_EAEU_INTERNAL = prov(
    S_EAEU + "; " + S_CPMM_KZ22 + "; " + S_DB,
    "derived",
    "EAEU internal border (no customs control; crew/locomotive change and transit-document "
    "check only): 2 h (DB KZ import), 6.8 h (CPMM 2022 KZ rail outbound), 30 h (DB RU "
    "import) → triangular(2, 6.8, 30) h",
)

BORDERS: dict[str, Json] = {
    "dostyk": border("CN", "KZ", lognormal(16.0, 24.0), _KZ_BLOCK, 297.0, _KZ_FEE),
    "khorgos": border("CN", "KZ", lognormal(16.0, 24.0), _KZ_BLOCK, 297.0, _KZ_FEE),
    "petukhovo": border(
        "KZ",
        "RU",
        tri(2, 6.8, 30),
        prov(
            S_CPMM_KZ22 + "; " + S_DB,
            "derived",
            "EAEU internal border: 2 h (DB KZ import), 6.8 h (CPMM 2022 KZ rail outbound), 30 h "
            "(DB RU import)",
        ),
    ),
    "iletsk": border(
        "KZ",
        "RU",
        tri(2, 6.8, 30),
        prov(
            S_CPMM_KZ22 + "; " + S_DB,
            "derived",
            "EAEU internal border: 2 h (DB KZ import), 6.8 h (CPMM 2022 KZ rail outbound), 30 h "
            "(DB RU import)",
        ),
    ),
    "krasnoe": border(
        "RU",
        "BY",
        tri(2, 6.8, 30),
        prov(
            _EAEU_INTERNAL["source"],
            "derived",
            _EAEU_INTERNAL["note"] + ". Calibration (docs/calibration.md): replaces the Doing "
            "Business RU/BY export-import proxy triangular(5, 30, 66) h, which describes "
            "customs clearance that EAEU-internal transit does not undergo",
        ),
    ),
    "brest_malaszewicze": border(
        "BY",
        "PL",
        lognormal(48.0, 60.0),
        prov(
            S_BREST + "; " + S_XIAN_DUISBURG,
            "derived",
            "China–Europe block trains: 'in a regular trip, trains wait at the border for two "
            "to three days. This easily becomes five days, while waiting times can also extend "
            "into weeks' (2018); avg ~10 days, up to 16, in the 2021 congestion. Mean 48 h (the "
            "low end of the regular 2–3 days: fixed-schedule trains since 2022 and lower "
            "post-2022 volumes), sd 60 h for the tail: p95 ≈ 6 days, p99 ≈ 12 days. The "
            "previous triangular(48, 60, 240) h (mean 116 h) put the 2021 congestion into the "
            "mean and gave Xi'an → Duisburg 21 days against the published 12–16. Calibrated "
            "(docs/calibration.md)",
        ),
    ),
    "saryagash": border(
        "KZ",
        "UZ",
        lognormal(24.0, 36.0),
        prov(
            S_CPMM_KZ22 + "; " + S_DB + "; " + S_XIAN_TASHKENT + "; " + S_SARYAGASH,
            "derived",
            "container block trains: mean 24 h, sd 36 h (p95 ≈ 80 h, p99 ≈ 165 h). The CPMM "
            "KZ rail-BCP average for all traffic (67.4 h, 2022), KZ outbound 6.8 h and DB "
            "Uzbekistan export 112 h (the previous triangular(6.8, 67.4, 112) h) lie in the "
            "tail. Saryagash capacity +50% after the 2024 works; a Xi'an → Tashkent block "
            "train ran in 5 days in 2024. The 24 h mean is a calibration value (no published "
            "block-train dwell): it puts Xi'an → Tashkent within 5–8 days (docs/calibration.md)",
        ),
    ),
    "bolashak": _db("KZ", "TM", 2, 105, 112, "KZ import 2 h, KZ export 105 h, TM export 112 h"),
    "farap": border(
        "UZ",
        "TM",
        tri(40.6, 112, 112),
        prov(
            S_CPMM_KZ22 + "; " + S_DB,
            "derived",
            "40.6 h CAREC all-rail-BCP average (2022) low; DB UZ and TM export 112 h",
        ),
    ),
    "sarakhs": _db("TM", "IR", 101, 112, 141, "IR export 101 h, TM export 112 h, IR import 141 h"),
    "kapikoy": _db(
        "IR",
        "TR",
        11,
        58.5,
        141,
        "TR import 11 h, TR export 16 h, IR export 101 h, IR import 141 h (min / median / max)",
    ),
    "gardabani": _db(
        "AZ",
        "GE",
        6,
        14.5,
        17,
        "GE export 6 h, AZ import 14 h, GE import 15 h, AZ export 17 h (min / median / max)",
    ),
    "red_bridge": border(
        "AZ",
        "GE",
        tri(13.6, 18.0, 34.8),
        prov(
            S_CPMM_GE23 + "; " + S_CPMM_AZ22,
            "published",
            "road BCP: AZ Krasny Most outbound 13.6 h (2022), Georgia road BCPs 18.0 h (2022) "
            "and 34.8 h (2023)",
        ),
    ),
    "kartsakhi": _db(
        "GE",
        "TR",
        6,
        13,
        16,
        "GE export 6 h, TR import 11 h, GE import 15 h, TR export 16 h (min / median / max)",
    ),
    "sarpi": border(
        "GE",
        "TR",
        tri(18.0, 34.8, 45.3),
        prov(
            S_CPMM_GE23,
            "published",
            "Georgia road BCPs (Sarpi, Red Bridge): 18.0 h (2022), 34.8 h (2023), 45.3 h "
            "outbound (2023)",
        ),
    ),
    "kapikule": _db(
        "TR", "BG", 11, 13.5, 16, "TR import 11 h, TR export 16 h (no Bulgarian figure in FACTS.md)"
    ),
    "frankfurt_oder": eu_border("PL", "DE"),
    "emmerich": eu_border("DE", "NL"),
    "aachen": eu_border("DE", "BE"),
    "strasbourg": eu_border("DE", "FR"),
    "le_perthus": eu_border("FR", "ES"),
    "decin": eu_border("DE", "CZ"),
    "breclav": eu_border("CZ", "AT"),
    "hegyeshalom": eu_border("AT", "HU"),
    "tarvisio": eu_border("AT", "IT"),
    "curtici": eu_border("HU", "RO"),
    "giurgiu": eu_border("RO", "BG"),
}

# --------------------------------------------------------------------------- nodes


@dataclass(frozen=True)
class NodeSpec:
    """A node: approximate position (the build resolves the cited one) and its roles."""

    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    locode: str | None = None
    aliases: tuple[str, ...] = ()
    xfers: tuple[str, ...] = ()
    handling: bool = False


def _n(  # noqa: PLR0917
    nid: str,
    name: str,
    kind: str,
    cc: str,
    lat: float,
    lon: float,
    locode: str | None = None,
    aliases: tuple[str, ...] = (),
    xfers: tuple[str, ...] = (),
    handling: bool | None = None,
) -> NodeSpec:
    h = kind in {"city", "rail_terminal", "port", "dry_port"} if handling is None else handling
    return NodeSpec(nid, name, kind, cc, lat, lon, locode, aliases, xfers, h)


R35, R20 = "rr1435", "rr1520"
NODES: tuple[NodeSpec, ...] = (
    # China: inland origins, junctions, sea ports
    _n(
        "xian",
        "Xi'an",
        "dry_port",
        "CN",
        34.27,
        108.93,
        "CNXIA",
        ("Xian", "Xi'an", "Sian", "Xi'an International Port", "西安"),
        (),
    ),
    _n(
        "chongqing",
        "Chongqing",
        "rail_terminal",
        "CN",
        29.58,
        106.55,
        "CNCQI",
        ("Chungking", "重庆"),
        (),
    ),
    _n(
        "chengdu", "Chengdu", "rail_terminal", "CN", 30.67, 104.07, "CNCDU", ("Chengtu", "成都"), ()
    ),
    _n(
        "zhengzhou",
        "Zhengzhou",
        "rail_terminal",
        "CN",
        34.77,
        113.67,
        "CNZGZ",
        ("Chengchow", "郑州"),
        (),
    ),
    _n("wuhan", "Wuhan", "rail_terminal", "CN", 30.58, 114.28, "CNNHN", ("Hankou", "武汉"), ()),
    _n("yiwu", "Yiwu", "dry_port", "CN", 29.30, 120.07, "CNYIU", ("Iwu", "义乌"), ()),
    _n(
        "urumqi",
        "Ürümqi",
        "rail_terminal",
        "CN",
        43.75,
        87.60,
        "CNURM",
        ("Urumqi", "Urumchi", "Wulumuqi", "乌鲁木齐"),
        (R35,),
    ),
    _n("lanzhou", "Lanzhou", "junction", "CN", 36.07, 103.85, "CNLAZ", ("Lanchow", "兰州")),
    _n(
        "shanghai",
        "Shanghai",
        "port",
        "CN",
        31.23,
        121.48,
        "CNSGH",
        ("Shanghai port", "Yangshan", "上海"),
        ("rs1435",),
    ),
    _n(
        "ningbo",
        "Ningbo-Zhoushan",
        "port",
        "CN",
        29.87,
        121.55,
        "CNNBO",
        ("Ningbo", "Zhoushan", "宁波"),
        ("rs1435",),
    ),
    _n(
        "shenzhen",
        "Shenzhen (Yantian)",
        "port",
        "CN",
        22.55,
        114.12,
        "CNSNZ",
        ("Shenzhen", "Yantian", "深圳"),
        ("rs1435",),
    ),
    _n(
        "qingdao",
        "Qingdao",
        "port",
        "CN",
        36.05,
        120.32,
        "CNQIN",
        ("Tsingtao", "青岛"),
        ("rs1435",),
    ),
    _n(
        "tianjin",
        "Tianjin (Xingang)",
        "port",
        "CN",
        38.98,
        117.70,
        "CNTXG",
        ("Tianjin", "Xingang", "Tientsin", "天津"),
        ("rs1435",),
    ),
    _n(
        "lianyungang", "Lianyungang", "port", "CN", 34.72, 119.43, "CNLYG", ("连云港",), ("rs1435",)
    ),
    # Kazakhstan
    _n(
        "dostyk",
        "Dostyk / Alashankou",
        "border_crossing",
        "KZ",
        45.25,
        82.48,
        None,
        ("Dostyk", "Druzhba", "Alashankou", "Alataw Pass", "Alatawshankou", "Достык"),
        ("gc",),
    ),
    _n(
        "khorgos",
        "Altynkol / Khorgos",
        "border_crossing",
        "KZ",
        44.16,
        80.34,
        "KZHOR",
        ("Khorgos", "Altynkol", "Horgos", "Khorgos Gateway", "Korgas", "Алтынколь", "Хоргос"),
        ("gc",),
    ),
    _n("aktogay", "Aktogay", "junction", "KZ", 46.95, 79.67, None, ("Aktogai", "Актогай")),
    _n(
        "almaty",
        "Almaty",
        "rail_terminal",
        "KZ",
        43.34,
        76.95,
        "KZALA",
        ("Alma-Ata", "Almaty-1", "Алматы"),
        (R20,),
    ),
    _n("moyinty", "Moyinty", "junction", "KZ", 47.22, 73.36, None, ("Mointy", "Мойынты")),
    _n(
        "karaganda",
        "Karaganda",
        "junction",
        "KZ",
        49.80,
        73.10,
        "KZKGF",
        ("Karagandy", "Qaraghandy", "Караганда"),
    ),
    _n(
        "astana",
        "Astana",
        "rail_terminal",
        "KZ",
        51.20,
        71.41,
        "KZAST",
        ("Nur-Sultan", "Akmola", "Tselinograd", "Астана"),
    ),
    _n(
        "petropavl",
        "Petropavl",
        "junction",
        "KZ",
        54.86,
        69.17,
        "KZPPK",
        ("Petropavlovsk", "Петропавловск"),
    ),
    _n("shu", "Shu", "junction", "KZ", 43.60, 73.76, None, ("Chu", "Шу")),
    _n("arys", "Arys", "junction", "KZ", 42.42, 68.79, "KZARY", ("Арыс",)),
    _n(
        "saryagash",
        "Saryagash / Keles",
        "border_crossing",
        "KZ",
        41.45,
        69.17,
        "KZSRY",
        ("Saryagach", "Sary-Agash", "Keles", "Сарыагаш"),
    ),
    _n(
        "zhezkazgan",
        "Zhezkazgan",
        "junction",
        "KZ",
        47.80,
        67.71,
        None,
        ("Jezkazgan", "Dzhezkazgan", "Жезказган"),
    ),
    _n("beineu", "Beineu", "junction", "KZ", 45.32, 55.20, None, ("Beyneu", "Бейнеу")),
    _n(
        "mangyshlak", "Mangyshlak", "junction", "KZ", 43.69, 51.35, None, ("Mangystau", "Мангышлак")
    ),
    _n(
        "aktau",
        "Aktau",
        "port",
        "KZ",
        43.60,
        51.22,
        "KZAAU",
        ("Aktau port", "Aqtau", "Shevchenko", "Актау"),
        ("rf1520",),
    ),
    _n(
        "kuryk",
        "Kuryk",
        "port",
        "KZ",
        43.20,
        51.65,
        "KZKUR",
        ("Kuryk port", "Quryq", "Курык"),
        ("rf1520",),
    ),
    _n(
        "bolashak",
        "Bolashak / Serhetýaka",
        "border_crossing",
        "TM",
        42.28,
        53.66,
        None,
        ("Bolashak", "Serhetyaka", "Болашак"),
    ),
    _n(
        "aktobe",
        "Aktobe",
        "junction",
        "KZ",
        50.28,
        57.17,
        "KZAKX",
        ("Aqtobe", "Aktyubinsk", "Актобе"),
    ),
    # Russia, Belarus
    _n(
        "petukhovo",
        "Petukhovo / Mamlyutka",
        "border_crossing",
        "RU",
        55.07,
        67.89,
        None,
        ("Petukhovo", "Mamlyutka", "Петухово"),
    ),
    _n(
        "iletsk",
        "Iletsk / Kos-Istek",
        "border_crossing",
        "RU",
        51.17,
        55.00,
        None,
        ("Iletsk", "Sol-Iletsk", "Iletsk-1", "Илецк"),
    ),
    _n("chelyabinsk", "Chelyabinsk", "junction", "RU", 55.14, 61.41, None, ("Челябинск",)),
    _n("samara", "Samara", "junction", "RU", 53.19, 50.12, "RUKUF", ("Kuybyshev", "Самара")),
    _n("moscow", "Moscow", "rail_terminal", "RU", 55.75, 37.62, "RUMOW", ("Moskva", "Москва")),
    _n(
        "krasnoe",
        "Krasnoye / Osinovka",
        "border_crossing",
        "RU",
        54.56,
        31.43,
        None,
        ("Krasnoye", "Krasnoe", "Osinovka", "Красное"),
    ),
    _n("minsk", "Minsk", "rail_terminal", "BY", 53.89, 27.55, "BYMSQ", ("Мінск", "Минск")),
    _n(
        "brest_malaszewicze",
        "Brest / Małaszewicze",
        "border_crossing",
        "PL",
        52.03,
        23.52,
        "PLMAA",
        ("Malaszewicze", "Małaszewicze", "Brest", "Terespol", "Брест"),
        ("gc",),
    ),
    # EU
    _n("warsaw", "Warsaw", "city", "PL", 52.25, 21.00, "PLWAW", ("Warszawa", "Varsovie"), (R35,)),
    _n("lodz", "Łódź", "city", "PL", 51.75, 19.47, "PLLOD", ("Lodz", "Lodsch"), (R35,)),
    _n("poznan", "Poznań", "junction", "PL", 52.41, 16.93, "PLPOZ", ("Poznan", "Posen")),
    _n(
        "frankfurt_oder",
        "Frankfurt (Oder) / Rzepin",
        "border_crossing",
        "DE",
        52.35,
        14.55,
        "DEFFO",
        ("Frankfurt (Oder)", "Frankfurt an der Oder", "Kunowice", "Rzepin"),
    ),
    _n("berlin", "Berlin", "city", "DE", 52.52, 13.38, "DEBER", (), (R35,)),
    _n("hannover", "Hannover", "junction", "DE", 52.37, 9.73, "DEHAJ", ("Hanover",)),
    _n("hamburg", "Hamburg", "port", "DE", 53.55, 10.00, "DEHAM", ("Hamburg port",), ("rs1435",)),
    _n(
        "duisburg",
        "Duisburg",
        "rail_terminal",
        "DE",
        51.43,
        6.76,
        "DEDUI",
        ("Duisport", "Duisburg port"),
        (R35,),
    ),
    _n("mannheim", "Mannheim", "junction", "DE", 49.48, 8.47, "DEMHG"),
    _n(
        "emmerich",
        "Emmerich / Zevenaar",
        "border_crossing",
        "DE",
        51.83,
        6.25,
        "DEEMM",
        ("Emmerich", "Zevenaar", "Emmerich am Rhein"),
    ),
    _n(
        "aachen",
        "Aachen / Montzen",
        "border_crossing",
        "DE",
        50.78,
        6.09,
        "DEAAH",
        ("Aachen", "Montzen", "Aix-la-Chapelle"),
    ),
    _n(
        "rotterdam",
        "Rotterdam",
        "port",
        "NL",
        51.92,
        4.48,
        "NLRTM",
        ("Rotterdam port", "Maasvlakte"),
        (R35, "rs1435", "roadsea"),
    ),
    _n(
        "antwerp",
        "Antwerp",
        "port",
        "BE",
        51.22,
        4.42,
        "BEANR",
        ("Antwerpen", "Anvers", "Antwerp-Bruges"),
        ("rs1435",),
    ),
    _n(
        "strasbourg",
        "Strasbourg / Kehl",
        "border_crossing",
        "FR",
        48.58,
        7.75,
        "FRSXB",
        ("Strasbourg", "Kehl"),
    ),
    _n("lyon", "Lyon", "junction", "FR", 45.76, 4.84, "FRLIO", ("Lyons",)),
    _n(
        "le_perthus",
        "Le Perthus (Perpignan–Figueres)",
        "border_crossing",
        "FR",
        42.46,
        2.86,
        None,
        ("Le Perthus", "Figueres", "Perpignan"),
    ),
    _n("barcelona", "Barcelona", "rail_terminal", "ES", 41.38, 2.17, "ESBCN", (), (R35,)),
    _n("madrid", "Madrid", "city", "ES", 40.42, -3.70, "ESMAD"),
    _n(
        "decin",
        "Děčín / Bad Schandau",
        "border_crossing",
        "CZ",
        50.78,
        14.22,
        "CZDCB",
        ("Decin", "Děčín", "Bad Schandau"),
    ),
    _n("prague", "Prague", "city", "CZ", 50.08, 14.43, "CZPRG", ("Praha", "Prag"), (R35,)),
    _n(
        "breclav",
        "Břeclav / Hohenau",
        "border_crossing",
        "CZ",
        48.76,
        16.89,
        "CZBVA",
        ("Breclav", "Břeclav"),
    ),
    _n("vienna", "Vienna", "city", "AT", 48.20, 16.37, "ATVIE", ("Wien", "Vienne"), (R35,)),
    _n(
        "hegyeshalom",
        "Hegyeshalom / Nickelsdorf",
        "border_crossing",
        "HU",
        47.91,
        17.16,
        "HUHEG",
        ("Hegyeshalom", "Nickelsdorf"),
    ),
    _n("budapest", "Budapest", "city", "HU", 47.50, 19.08, "HUBUD", (), (R35,)),
    _n(
        "tarvisio",
        "Tarvisio / Arnoldstein",
        "border_crossing",
        "IT",
        46.50,
        13.58,
        "ITTVS",
        ("Tarvisio", "Arnoldstein", "Thörl-Maglern"),
    ),
    _n("milan", "Milan", "city", "IT", 45.46, 9.19, "ITMIL", ("Milano", "Mailand"), ()),
    _n(
        "curtici",
        "Curtici / Lőkösháza",
        "border_crossing",
        "RO",
        46.35,
        21.30,
        "ROCUT",
        ("Curtici", "Lokoshaza", "Lőkösháza"),
    ),
    _n(
        "bucharest",
        "Bucharest",
        "junction",
        "RO",
        44.45,
        26.07,
        "ROBUH",
        ("București", "Bucuresti"),
    ),
    _n(
        "constanta",
        "Constanța",
        "port",
        "RO",
        44.17,
        28.65,
        "ROCND",
        ("Constanta", "Constantza", "Konstanza"),
        ("rs1435",),
    ),
    _n(
        "giurgiu",
        "Giurgiu / Ruse",
        "border_crossing",
        "RO",
        43.88,
        25.95,
        "ROGRG",
        ("Giurgiu", "Ruse", "Rousse"),
    ),
    _n("plovdiv", "Plovdiv", "junction", "BG", 42.15, 24.75, "BGPDV", ("Пловдив",)),
    _n("burgas", "Burgas", "port", "BG", 42.50, 27.47, "BGBOJ", ("Bourgas", "Бургас"), ("rs1435",)),
    _n(
        "piraeus",
        "Piraeus",
        "port",
        "GR",
        37.94,
        23.63,
        "GRPIR",
        ("Pireas", "Peiraias", "Πειραιάς"),
    ),
    # Türkiye
    _n(
        "kapikule",
        "Kapıkule / Svilengrad",
        "border_crossing",
        "TR",
        41.72,
        26.35,
        "TRKPU",
        ("Kapikule", "Svilengrad"),
    ),
    _n(
        "istanbul",
        "Istanbul (Halkalı)",
        "city",
        "TR",
        41.01,
        28.96,
        "TRIST",
        ("Istanbul", "İstanbul", "Halkali", "Halkalı", "Constantinople"),
        (R35,),
    ),
    _n(
        "ambarli",
        "Ambarlı (Istanbul)",
        "port",
        "TR",
        40.97,
        28.70,
        "TRAMR",
        ("Ambarli", "Ambarlı", "Istanbul port", "Kumport", "Marport"),
        ("roadsea",),
    ),
    _n(
        "izmit",
        "İzmit / Köseköy",
        "junction",
        "TR",
        40.77,
        29.95,
        "TRIZT",
        ("Izmit", "Kocaeli", "Koseköy"),
    ),
    _n("ankara", "Ankara", "junction", "TR", 39.94, 32.85, "TRANK", ("Angora",)),
    _n("kayseri", "Kayseri", "junction", "TR", 38.72, 35.48, "TRASR"),
    _n("sivas", "Sivas", "junction", "TR", 39.75, 37.02, "TRVAS"),
    _n("malatya", "Malatya", "junction", "TR", 38.35, 38.31, "TRMLX"),
    _n("erzurum", "Erzurum", "junction", "TR", 39.91, 41.27, "TRERZ", (), (R35,)),
    _n("kars", "Kars", "rail_terminal", "TR", 40.61, 43.10, "TRKSY"),
    _n("mersin", "Mersin", "port", "TR", 36.80, 34.63, "TRMER", ("Icel", "İçel"), ("rs1435",)),
    _n(
        "tatvan",
        "Tatvan",
        "port",
        "TR",
        38.50,
        42.28,
        None,
        ("Tatvan pier",),
        ("riw1435",),
        handling=False,
    ),
    _n(
        "van",
        "Van",
        "port",
        "TR",
        38.50,
        43.35,
        "TRVAN",
        ("Van pier",),
        ("riw1435",),
        handling=False,
    ),
    _n(
        "kapikoy",
        "Kapıköy / Razi",
        "border_crossing",
        "TR",
        38.50,
        44.30,
        "TRKPY",
        ("Kapikoy", "Kapıköy", "Razi"),
    ),
    # Georgia, Azerbaijan
    _n(
        "kartsakhi",
        "Kartsakhi / Çıldır",
        "border_crossing",
        "GE",
        41.22,
        43.25,
        None,
        ("Kartsakhi", "Cildir", "Çıldır"),
    ),
    _n(
        "akhalkalaki",
        "Akhalkalaki",
        "rail_terminal",
        "GE",
        41.41,
        43.47,
        "GEZAI",
        ("Akhalkalaki gauge-change station", "ახალქალაქი"),
        ("gc",),
        handling=False,
    ),
    _n("marabda", "Marabda", "junction", "GE", 41.50, 44.83, None, ("Marabda junction",)),
    _n(
        "tbilisi",
        "Tbilisi",
        "rail_terminal",
        "GE",
        41.72,
        44.78,
        "GETBS",
        ("Tiflis", "თბილისი"),
        (R20,),
    ),
    _n(
        "gardabani",
        "Gardabani / Böyük Kəsik",
        "border_crossing",
        "GE",
        41.46,
        45.09,
        "GEGAR",
        ("Gardabani", "Boyuk Kesik", "Böyük Kəsik", "Beyuk Kesik"),
    ),
    _n(
        "red_bridge",
        "Red Bridge (Tsiteli Khidi / Qırmızı Körpü)",
        "border_crossing",
        "GE",
        41.33,
        45.10,
        None,
        ("Red Bridge", "Tsiteli Khidi", "Krasny Most", "Qirmizi Korpu"),
    ),
    _n("samtredia", "Samtredia", "junction", "GE", 42.16, 42.34, "GESTD"),
    _n("poti", "Poti", "port", "GE", 42.15, 41.67, "GEPTI", ("Poti port", "ფოთი"), ("rs1520",)),
    _n(
        "batumi",
        "Batumi",
        "port",
        "GE",
        41.65,
        41.64,
        "GEBUS",
        ("Batum", "ბათუმი"),
        (R20, "rs1520", "roadsea"),
    ),
    _n("sarpi", "Sarpi / Sarp", "border_crossing", "GE", 41.52, 41.55, None, ("Sarpi", "Sarp")),
    _n(
        "alat",
        "Alat (Port of Baku)",
        "port",
        "AZ",
        39.95,
        49.41,
        None,
        ("Alyat", "Alat", "Baku International Sea Trade Port", "Port of Baku", "Ələt"),
        (R20, "rf1520", "roadferry"),
    ),
    _n("baku", "Baku", "city", "AZ", 40.38, 49.85, "AZBAK", ("Bakı", "Baku"), ()),
    # Turkmenistan, Uzbekistan, Iran
    _n(
        "turkmenbashi",
        "Türkmenbaşy",
        "port",
        "TM",
        40.01,
        52.97,
        "TMKRW",
        ("Turkmenbashi", "Turkmenbasy", "Krasnovodsk"),
        ("rf1520",),
    ),
    _n("bereket", "Bereket", "junction", "TM", 39.24, 55.52, None, ("Gazanjyk", "Kazandzhik")),
    _n("ashgabat", "Ashgabat", "city", "TM", 37.95, 58.38, "TMAGT", ("Ashkhabad", "Aşgabat")),
    _n("tejen", "Tejen", "junction", "TM", 37.37, 60.48, "TMTEJ", ("Tedzhen",)),
    _n("mary", "Mary", "junction", "TM", 37.60, 61.83, "TMMYP", ("Merv",)),
    _n(
        "farap",
        "Farap / Alat (UZ)",
        "border_crossing",
        "TM",
        39.17,
        63.60,
        "TMFAR",
        ("Farap", "Farab"),
    ),
    _n("tashkent", "Tashkent", "city", "UZ", 41.30, 69.28, "UZTAS", ("Toshkent", "Ташкент")),
    _n(
        "sarakhs",
        "Sarakhs",
        "border_crossing",
        "IR",
        36.54,
        61.16,
        None,
        ("Serakhs", "Saragt", "Sarakhs gauge change"),
        ("gc",),
    ),
    _n("mashhad", "Mashhad", "junction", "IR", 36.30, 59.60, "IRMHD", ("Mashad", "Meshed")),
    _n("tehran", "Tehran", "city", "IR", 35.69, 51.39, "IRTHR", ("Teheran",)),
    _n("tabriz", "Tabriz", "junction", "IR", 38.08, 46.29, "IRTBZ"),
    # Chokepoints
    _n(
        "malacca",
        "Strait of Malacca",
        "chokepoint",
        "XX",
        2.50,
        101.20,
        None,
        ("Malacca Strait", "Straits of Malacca"),
    ),
    _n(
        "bab_el_mandeb",
        "Bab-el-Mandeb",
        "chokepoint",
        "XX",
        12.60,
        43.35,
        None,
        ("Bab el-Mandeb", "Bab al-Mandab", "Red Sea entrance"),
    ),
    _n(
        "suez",
        "Suez Canal",
        "chokepoint",
        "EG",
        30.60,
        32.33,
        None,
        ("Suez", "Suez Canal", "Port Said"),
    ),
    _n("gibraltar", "Strait of Gibraltar", "chokepoint", "XX", 35.95, -5.60, None, ("Gibraltar",)),
    _n(
        "cape_good_hope",
        "Cape of Good Hope",
        "chokepoint",
        "XX",
        -34.90,
        18.90,
        None,
        ("Cape of Good Hope", "Cape route", "Cape"),
    ),
    _n(
        "bosphorus",
        "Bosphorus",
        "chokepoint",
        "TR",
        41.12,
        29.07,
        None,
        ("Bosporus", "Istanbul Strait", "Turkish Straits"),
    ),
)

# --- Seasonal closures of the Caspian ports (weather) ------------------------------------
S_KURYK_CLOSED = (
    "Turan.az (Kuryk closed ~50% of the time in Nov–Dec for weather, port director), "
    "https://turan.az/en/economics/azerbaijans-refurbished-ferry-shahdag-resumes-route-to-"
    "ease-port-congestion-788474 [S]"
)
# January first. Kuryk's Nov-Dec 0.5 is published; the rest of the year is a placeholder
# that tapers the winter storm season (Oct-Mar) to a small summer residual.
_KURYK_MONTHS = (0.35, 0.3, 0.2, 0.1, 0.05, 0.03, 0.03, 0.03, 0.05, 0.15, 0.5, 0.5)


def _closures(scale: float, published: bool) -> Json:
    months = [round(p * scale, 3) for p in _KURYK_MONTHS]
    note = (
        "Nov–Dec 0.5 published for Kuryk; other months UNSOURCED ESTIMATE (storm season "
        "Oct–Mar tapering to a summer residual)"
        if published
        else f"UNSOURCED ESTIMATE: Kuryk's pattern × {scale} (no port-specific figure found)"
    )
    return {
        "monthly_probability": months,
        "delay_h": tri(12, 48, 168),
        "provenance": {
            "monthly_probability": prov(S_KURYK_CLOSED, "estimate", note),
            "delay_h": est(
                "wait for a closed Caspian port to reopen 0.5–7 days, mode 2 days (FACTS.md §4.2 "
                "congested/winter Caspian dwell 7–14 days includes queues)"
            ),
        },
    }


CLOSURES: dict[str, Json] = {
    "kuryk": _closures(1.0, published=True),
    "aktau": _closures(0.6, published=False),
    "alat": _closures(0.5, published=False),
    "turkmenbashi": _closures(0.5, published=False),
}


NODE_CAPACITY: dict[str, tuple[Json, Json]] = {
    "aktau": (
        {"value": 140000.0, "unit": "teu_per_year"},
        prov(S_PORTS, "published", "Aktau container hub 140k TEU before the 240k TEU expansion"),
    ),
    "kuryk": (
        {"value": 6.0e6, "unit": "tonnes_per_year"},
        prov(S_PORTS, "published", "Kuryk projected 6 Mt/yr"),
    ),
    "alat": (
        {"value": 100000.0, "unit": "teu_per_year"},
        prov(S_PORTS, "published", "Baku/Alat phase 1: 15 Mt + 100k TEU"),
    ),
    "poti": (
        {"value": 545297.0, "unit": "teu_per_year"},
        prov(
            S_PORTS,
            "published",
            "Poti (APM Terminals) 545,297 TEU handled in 2024, used as capacity",
        ),
    ),
    "batumi": (
        {"value": 100000.0, "unit": "teu_per_year"},
        prov(S_PORTS, "published", "Batumi container terminal 100,000 TEU"),
    ),
    "constanta": (
        {"value": 989795.0, "unit": "teu_per_year"},
        prov(S_PORTS, "published", "Constanța 989,795 TEU handled in 2024, used as capacity"),
    ),
}

# --------------------------------------------------------------------------- links


@dataclass(frozen=True)
class LinkSpec:
    """A link; ``published`` is a fallback distance used only if measuring fails."""

    a: str
    b: str
    mode: str
    profile: str
    name: str | None = None
    published: tuple[float, str, str] | None = None
    capacity: tuple[Json, Json] | None = None
    electrified: tuple[bool, Json] | None = None
    box: str | None = None
    ferry: str | None = None
    service: str | None = None


def _L(a: str, b: str, mode: str, profile: str, **kw: Any) -> LinkSpec:  # noqa: ANN401, N802
    return LinkSpec(a, b, mode, profile, **kw)


_ELEC_PB = (True, prov(S_POTI_BAKU, "published", "Poti–Baku line, 3 kV DC"))
_CAP_DM = (
    {"value": 60.0, "unit": "trains_per_day"},
    prov(
        S_DOSTYK_MOYINTY,
        "published",
        "Dostyk–Moyinty double track: 12 → 60 train pairs/day (Sep 2025)",
    ),
)
_CAP_BTK = (
    {"value": 5.0e6, "unit": "tonnes_per_year"},
    prov(S_BTK_CAP, "published", "BTK modernisation 1 → 5 Mt/yr (2024–25)"),
)
_CAP_SAR = (
    {"value": 27.0e6, "unit": "tonnes_per_year"},
    prov(S_SARYAGASH, "published", "Saryagash 27 Mt/yr (≈2019)"),
)
_PUB_ALMATY_ALTYNKOL = (
    293.0,
    (
        "UNESCAP mission report, https://docslib.org/doc/1596878/development-of-seamless-"
        "rail-based-intermodal-transport-services-in-northeast-and-central-asia"
    ),
    "Almaty → Altynkol (Khorgos) line 293 km",
)
_PUB_ZB = (
    988.0,
    "UIC e-news (KTZ), https://uic.org/com/enews/nr/414/article/ktz-kazakhstan-information-about",
    "Zhezkazgan → Beineu 988 km",
)
_PUB_KA = (
    105.0,
    "Railway-technology.com; Wikipedia route diagram (Kars–Akhalkalaki new line 105 km)",
    "Kars → Akhalkalaki 105 km, of which 76 km in Türkiye; split here at the border",
)

C, K, M, RU_, CA, CE, SO, EU, RD = (
    "cn_rail",
    "kz_rail",
    "mc_rail",
    "ru_rail",
    "cauc_rail",
    "cauc_rail_el",
    "south_rail",
    "eu_rail",
    "road",
)
R1435, R1520 = "rail_1435", "rail_1520"

LINKS: tuple[LinkSpec, ...] = (
    # China
    _L("xian", "lanzhou", R1435, C),
    _L("lanzhou", "urumqi", R1435, C, name="Lanzhou–Xinjiang railway"),
    _L("urumqi", "dostyk", R1435, C, name="Northern Xinjiang railway to Alashankou"),
    _L("urumqi", "khorgos", R1435, C, name="Jinghe–Yining–Khorgos railway"),
    _L("xian", "zhengzhou", R1435, C),
    _L("zhengzhou", "wuhan", R1435, C),
    _L("wuhan", "chongqing", R1435, C),
    _L("chongqing", "chengdu", R1435, C),
    _L("chengdu", "xian", R1435, C),
    _L("zhengzhou", "lianyungang", R1435, C, name="Longhai railway"),
    _L("zhengzhou", "qingdao", R1435, C),
    _L("zhengzhou", "tianjin", R1435, C),
    _L("wuhan", "shanghai", R1435, C),
    _L("yiwu", "shanghai", R1435, C),
    _L("yiwu", "ningbo", R1435, C),
    _L("wuhan", "shenzhen", R1435, C),
    _L("wuhan", "yiwu", R1435, C),
    # Kazakhstan
    _L("dostyk", "aktogay", R1520, K, capacity=_CAP_DM),
    _L("aktogay", "moyinty", R1520, K, capacity=_CAP_DM),
    _L(
        "khorgos",
        "almaty",
        R1520,
        K,
        name="Altynkol–Almaty (Zhetygen–Altynkol line)",
        published=_PUB_ALMATY_ALTYNKOL,
    ),
    _L("almaty", "aktogay", R1520, K, name="Turkestan–Siberia railway"),
    _L("moyinty", "karaganda", R1520, K),
    _L("karaganda", "astana", R1520, K),
    _L("astana", "petropavl", R1520, K),
    _L("petropavl", "petukhovo", R1520, K),
    _L("almaty", "shu", R1520, K),
    _L("shu", "moyinty", R1520, K, name="Moyinty–Shu line"),
    _L("shu", "arys", R1520, K),
    _L("arys", "saryagash", R1520, K),
    _L("arys", "aktobe", R1520, K, name="Trans-Aral railway"),
    _L("karaganda", "zhezkazgan", R1520, M),
    _L("zhezkazgan", "beineu", R1520, M, name="Zhezkazgan–Beineu railway", published=_PUB_ZB),
    _L("beineu", "mangyshlak", R1520, M),
    _L("mangyshlak", "aktau", R1520, M),
    _L("mangyshlak", "kuryk", R1520, M),
    _L("mangyshlak", "bolashak", R1520, M, name="Uzen–Bereket–Gorgan railway"),
    _L("aktobe", "iletsk", R1520, K),
    # Russia, Belarus
    _L("petukhovo", "chelyabinsk", R1520, RU_),
    _L("chelyabinsk", "samara", R1520, RU_),
    _L("iletsk", "samara", R1520, RU_),
    _L("samara", "moscow", R1520, RU_),
    _L("moscow", "krasnoe", R1520, RU_),
    _L("krasnoe", "minsk", R1520, RU_),
    _L("minsk", "brest_malaszewicze", R1520, RU_),
    # EU
    _L("brest_malaszewicze", "warsaw", R1435, EU),
    _L("warsaw", "lodz", R1435, EU),
    _L("lodz", "poznan", R1435, EU),
    _L("poznan", "frankfurt_oder", R1435, EU),
    _L("frankfurt_oder", "berlin", R1435, EU),
    _L("berlin", "hamburg", R1435, EU),
    _L("berlin", "hannover", R1435, EU),
    _L("hamburg", "hannover", R1435, EU),
    _L("hannover", "duisburg", R1435, EU),
    _L("duisburg", "emmerich", R1435, EU, name="Betuwe route (German section)"),
    _L("emmerich", "rotterdam", R1435, EU, name="Betuweroute"),
    _L("duisburg", "aachen", R1435, EU),
    _L("aachen", "antwerp", R1435, EU, name="Montzen route"),
    _L("duisburg", "mannheim", R1435, EU),
    _L("mannheim", "strasbourg", R1435, EU),
    _L("strasbourg", "lyon", R1435, EU),
    _L("lyon", "le_perthus", R1435, EU),
    _L("le_perthus", "barcelona", R1435, EU, name="Perpignan–Barcelona standard-gauge line"),
    _L("berlin", "decin", R1435, EU),
    _L("decin", "prague", R1435, EU),
    _L("prague", "breclav", R1435, EU),
    _L("breclav", "vienna", R1435, EU),
    _L("vienna", "hegyeshalom", R1435, EU),
    _L("hegyeshalom", "budapest", R1435, EU),
    _L("vienna", "tarvisio", R1435, EU),
    _L("tarvisio", "milan", R1435, EU),
    _L("budapest", "curtici", R1435, EU),
    _L("curtici", "bucharest", R1435, EU),
    _L("bucharest", "constanta", R1435, EU),
    _L("bucharest", "giurgiu", R1435, EU),
    _L("giurgiu", "plovdiv", R1435, EU),
    _L("plovdiv", "burgas", R1435, EU),
    _L("plovdiv", "kapikule", R1435, EU),
    # Türkiye
    _L("kapikule", "istanbul", R1435, SO),
    _L("istanbul", "izmit", R1435, SO, name="Marmaray / Gebze–Halkalı"),
    _L("izmit", "ankara", R1435, SO),
    _L("ankara", "kayseri", R1435, SO),
    _L("kayseri", "sivas", R1435, SO),
    _L("kayseri", "mersin", R1435, SO),
    _L("sivas", "erzurum", R1435, SO),
    _L("erzurum", "kars", R1435, SO),
    _L("sivas", "malatya", R1435, SO),
    _L("malatya", "tatvan", R1435, SO),
    _L("van", "kapikoy", R1435, SO),
    _L(
        "kars",
        "kartsakhi",
        R1435,
        M,
        name="Baku–Tbilisi–Kars railway (Turkish section)",
        capacity=_CAP_BTK,
    ),
    _L(
        "kartsakhi",
        "akhalkalaki",
        R1435,
        M,
        name="Baku–Tbilisi–Kars railway (1435 mm to Akhalkalaki)",
        capacity=_CAP_BTK,
    ),
    # Georgia, Azerbaijan
    _L(
        "akhalkalaki",
        "marabda",
        R1520,
        CA,
        name="Baku–Tbilisi–Kars railway (Georgian section)",
        capacity=_CAP_BTK,
    ),
    _L("marabda", "tbilisi", R1520, CE, electrified=_ELEC_PB),
    _L("tbilisi", "gardabani", R1520, CE, electrified=_ELEC_PB),
    _L(
        "gardabani",
        "alat",
        R1520,
        CE,
        electrified=_ELEC_PB,
        name="Poti–Baku railway (Azerbaijani section)",
    ),
    _L("alat", "baku", R1520, CE, electrified=_ELEC_PB),
    _L("tbilisi", "samtredia", R1520, CE, electrified=_ELEC_PB, name="Poti–Baku railway"),
    _L("samtredia", "poti", R1520, CE, electrified=_ELEC_PB),
    _L("samtredia", "batumi", R1520, CA),
    # Turkmenistan, Uzbekistan, Iran
    _L("saryagash", "tashkent", R1520, SO, capacity=_CAP_SAR),
    _L("tashkent", "farap", R1520, SO),
    _L("farap", "mary", R1520, SO),
    _L("mary", "tejen", R1520, SO),
    _L("tejen", "ashgabat", R1520, SO),
    _L("ashgabat", "bereket", R1520, SO),
    _L("bereket", "turkmenbashi", R1520, SO),
    _L("bolashak", "bereket", R1520, SO),
    _L("tejen", "sarakhs", R1520, SO),
    _L("sarakhs", "mashhad", R1435, SO),
    _L("mashhad", "tehran", R1435, SO),
    _L("tehran", "tabriz", R1435, SO),
    _L("tabriz", "kapikoy", R1435, SO),
    # Road
    _L("urumqi", "khorgos", "road", RD, name="G30 / Khorgos road"),
    _L("khorgos", "almaty", "road", RD),
    _L("alat", "red_bridge", "road", RD),
    _L("red_bridge", "tbilisi", "road", RD),
    _L("tbilisi", "batumi", "road", RD),
    _L("batumi", "sarpi", "road", RD),
    _L("sarpi", "erzurum", "road", RD, name="Sarpi–Hopa–Artvin–Erzurum road"),
    _L("istanbul", "ambarli", "road", RD),
    _L("barcelona", "madrid", "road", RD, name="AP-2 / A-2"),
    _L("warsaw", "lodz", "road", RD),
    _L("duisburg", "emmerich", "road", RD),
    _L("emmerich", "rotterdam", "road", RD),
    _L("berlin", "decin", "road", RD),
    _L("decin", "prague", "road", RD),
    _L("vienna", "hegyeshalom", "road", RD),
    _L("hegyeshalom", "budapest", "road", RD),
    # Caspian ferries and Lake Van
    _L(
        "aktau",
        "alat",
        "ferry",
        "ferry",
        box="caspian",
        ferry="aktau",
        service="Aktau–Alat rail ferry / RoPax",
    ),
    _L(
        "kuryk",
        "alat",
        "ferry",
        "ferry",
        box="caspian",
        ferry="kuryk",
        service="Kuryk–Alat RoPax (ASCO)",
    ),
    _L(
        "turkmenbashi",
        "alat",
        "ferry",
        "ferry",
        box="caspian",
        ferry="turkmenbashi",
        service="Türkmenbaşy–Alat rail ferry",
    ),
    _L(
        "tatvan",
        "van",
        "inland_water",
        "ferry",
        box="none",
        ferry="van",
        service="Lake Van train ferry",
    ),
    # Black Sea
    _L(
        "poti",
        "constanta",
        "sea",
        "feeder",
        box="blacksea",
        ferry="feeder",
        service="TITR Black Sea feeder",
    ),
    _L(
        "batumi",
        "constanta",
        "sea",
        "feeder",
        box="blacksea",
        ferry="feeder",
        service="TITR Black Sea feeder",
    ),
    _L(
        "poti",
        "burgas",
        "sea",
        "feeder",
        box="blacksea",
        ferry="feeder",
        service="Black Sea feeder",
    ),
    _L(
        "batumi",
        "burgas",
        "sea",
        "feeder",
        box="blacksea",
        ferry="feeder",
        service="Black Sea feeder",
    ),
    _L("poti", "bosphorus", "sea", "feeder", box="blacksea"),
    _L("constanta", "bosphorus", "sea", "feeder", box="blacksea"),
    _L("burgas", "bosphorus", "sea", "feeder", box="blacksea"),
    _L("bosphorus", "ambarli", "sea", "sea", box="marmara"),
    _L("ambarli", "piraeus", "sea", "sea", box="aegean"),
    # Deep sea
    _L("shanghai", "malacca", "sea", "sea", box="asia"),
    _L("ningbo", "malacca", "sea", "sea", box="asia"),
    _L("shenzhen", "malacca", "sea", "sea", box="asia"),
    _L("qingdao", "malacca", "sea", "sea", box="asia"),
    _L("tianjin", "malacca", "sea", "sea", box="asia"),
    _L("lianyungang", "malacca", "sea", "sea", box="asia"),
    _L("malacca", "bab_el_mandeb", "sea", "sea", box="indian"),
    _L("bab_el_mandeb", "suez", "sea", "sea", box="redsea"),
    _L("suez", "piraeus", "sea", "sea", box="med"),
    _L("suez", "mersin", "sea", "sea", box="med"),
    _L("suez", "gibraltar", "sea", "sea", box="med"),
    _L("gibraltar", "rotterdam", "sea", "sea", box="atlantic"),
    _L("gibraltar", "antwerp", "sea", "sea", box="atlantic"),
    _L("gibraltar", "hamburg", "sea", "sea", box="atlantic"),
    _L("malacca", "cape_good_hope", "sea", "sea", box="cape"),
    _L("cape_good_hope", "gibraltar", "sea", "sea", box="cape"),
)

CARGO_NOTE = "Hummels & Schaur (2013) AER 103(7), https://www.aeaweb.org/articles.php?doi=10.1257/aer.103.7.2935"
S_PEMP_VALUE = "PEMP, https://porteconomicsmanagement.org/pemp/contents/part1/maritime-shipping-and-international-trade/value-containerized-trade/"
S_DB_REF = "Doing Business methodology (20 ft container, 10 t), doingbusiness.org [P]"


def cargo_classes() -> list[Json]:
    """Cargo classes with value of time."""
    vot = prov(CARGO_NOTE, "derived", "value × 1.35 %/day (midpoint of 0.6–2.1 %/day)")
    return [
        {
            "id": "TEU",
            "name": "20 ft container",
            "teu": 1.0,
            "tonnes": 10.0,
            "value_usd": 54500.0,
            "value_of_time_usd_per_day": round(54500 * 0.0135, 2),
            "unit": "container",
            "provenance": {
                "tonnes": prov(S_DB_REF, "published", "10 t per TEU reference shipment"),
                "value_usd": prov(S_PEMP_VALUE, "published", "≈US$54,500/TEU (2020)"),
                "value_of_time_usd_per_day": vot,
            },
        },
        {
            "id": "FEU",
            "name": "40 ft container",
            "teu": 2.0,
            "tonnes": 20.0,
            "value_usd": 109000.0,
            "value_of_time_usd_per_day": round(109000 * 0.0135, 2),
            "unit": "container",
            "provenance": {
                "tonnes": prov(S_DB_REF, "derived", "2 × 10 t"),
                "value_usd": prov(S_PEMP_VALUE, "published", "≈US$109,000/FEU (2020)"),
                "value_of_time_usd_per_day": vot,
            },
        },
        {
            "id": "bulk_grain",
            "name": "Bulk grain",
            "teu": 0.0,
            "tonnes": 1.0,
            "value_usd": 250.0,
            "value_of_time_usd_per_day": round(250 * 0.006, 3),
            "unit": "tonne",
            "modes": ["rail_1435", "rail_1520", "sea", "ferry", "inland_water"],
            "provenance": {
                "tonnes": prov("definition: one unit of this class is one tonne", "published"),
                "value_usd": est("grain ~US$250/t"),
                "value_of_time_usd_per_day": prov(
                    CARGO_NOTE, "derived", "value × 0.6 %/day (low end, bulk)"
                ),
            },
        },
        {
            "id": "liquid_energy",
            "name": "Liquid energy (oil products)",
            "teu": 0.0,
            "tonnes": 1.0,
            "value_usd": 550.0,
            "value_of_time_usd_per_day": round(550 * 0.006, 3),
            "unit": "tonne",
            "modes": ["rail_1435", "rail_1520", "sea", "ferry"],
            "provenance": {
                "tonnes": prov("definition: one unit of this class is one tonne", "published"),
                "value_usd": est("crude/oil products ~US$550/t"),
                "value_of_time_usd_per_day": prov(
                    CARGO_NOTE, "derived", "value × 0.6 %/day (low end, bulk)"
                ),
            },
        },
    ]


FX: Json = {
    "base": "USD",
    "date": "2025-06-30",
    "rates": {
        "EUR": 0.86,
        "CNY": 7.17,
        "KZT": 515.0,
        "RUB": 79.0,
        "BYN": 3.3,
        "AZN": 1.7,
        "GEL": 2.72,
        "TRY": 39.8,
        "PLN": 3.62,
        "CZK": 21.2,
        "HUF": 342.0,
        "RON": 4.35,
        "BGN": 1.67,
        "UZS": 12600.0,
        "TMT": 3.5,
        "IRR": 42000.0,
        "GBP": 0.73,
    },
    "provenance": {"rates": est("approximate 2025 market rates; IRR is the official rate")},
}
