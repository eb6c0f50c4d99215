"""Synthetic demo data: realistic in shape, fictional in every name, deterministic per seed.

Every company, initiative, site and person here is invented. Sites sit in real countries and
regions (including supply chains linked to the Uyghur Region) so that the ratings, maps and
register behave as they would on real work, but no real company or person is named.

The same seed and anchor date give the same records with the same ids, so two demo
workspaces made with the same options have the same ``state_hash``.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aces_desktop.core import messages as msg
from aces_desktop.core import schema
from aces_desktop.core.ids import uuid7_from
from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.core.reference import SOURCE_TYPES, reference
from aces_desktop.store.bulk import BulkWriter, open_bulk_writer
from aces_desktop.store.paths import DEMO_PASSPHRASE as DEMO_PASSPHRASE  # re-exported
from aces_desktop.store.workspace import Workspace

DEMO_ANCHOR = dt.date(2026, 11, 1)

# (English place, Chinese place, province code, province name)
CN_PLACES = [
    ("Aksu", "阿克苏", "Xinjiang Uyghur Autonomous Region", "CN-XJ"),
    ("Kashgar", "喀什", "Xinjiang Uyghur Autonomous Region", "CN-XJ"),
    ("Hotan", "和田", "Xinjiang Uyghur Autonomous Region", "CN-XJ"),
    ("Changji", "昌吉", "Xinjiang Uyghur Autonomous Region", "CN-XJ"),
    ("Shihezi", "石河子", "Xinjiang Uyghur Autonomous Region", "CN-XJ"),
    ("Foshan", "佛山", "Guangdong", "CN-GD"),
    ("Dongguan", "东莞", "Guangdong", "CN-GD"),
    ("Suzhou", "苏州", "Jiangsu", "CN-JS"),
    ("Nantong", "南通", "Jiangsu", "CN-JS"),
    ("Shaoxing", "绍兴", "Zhejiang", "CN-ZJ"),
    ("Jinjiang", "晋江", "Fujian", "CN-FJ"),
    ("Fuyang", "阜阳", "Anhui", "CN-AH"),
]
CN_BRANDS = [
    ("Huajin", "华锦"),
    ("Hengrun", "恒润"),
    ("Tiansheng", "天盛"),
    ("Xinsilu", "新丝路"),
    ("Jintai", "金泰"),
    ("Ruifeng", "瑞丰"),
    ("Kaiyuan", "开元"),
    ("Baiyun", "白云"),
    ("Changhong", "长宏"),
    ("Mingda", "明达"),
    ("Yongxin", "永鑫"),
    ("Zhongtian", "中天"),
]
CN_TRADES = [
    ("Textile", "纺织", "factory", ["cotton yarn", "grey fabric"]),
    ("Cotton", "棉业", "mill", ["ginned cotton", "cotton yarn"]),
    ("Garment", "服饰", "factory", ["knitwear", "denim trousers"]),
    ("Silicon Industry", "硅业", "factory", ["metallurgical-grade silicon", "polysilicon"]),
    ("PV Materials", "光伏材料", "factory", ["solar wafers", "polysilicon"]),
    ("Tomato Products", "番茄制品", "farm", ["tomato paste"]),
    ("Footwear", "鞋业", "factory", ["sports shoes"]),
]
# (country, region, place names, trade words)
OTHER_PLACES = [
    (
        "BD",
        "Dhaka Division",
        ["Gazipur", "Savar", "Ashulia"],
        ["Knit Composite", "Apparels", "Denim Mills"],
    ),
    ("BD", "Chattogram Division", ["Chattogram", "Karnaphuli"], ["Garments", "Sweaters"]),
    ("VN", "Binh Duong", ["Thu Dau Mot", "Di An"], ["Apparel", "Footwear"]),
    ("VN", "Dong Nai", ["Bien Hoa", "Nhon Trach"], ["Textile", "Garment"]),
    ("KH", "Phnom Penh", ["Chaom Chau", "Pur Senchey"], ["Garment", "Bags"]),
    ("IN", "Tamil Nadu", ["Tiruppur", "Coimbatore"], ["Spinning Mills", "Knits"]),
    ("TR", "Denizli", ["Denizli", "Buldan"], ["Tekstil", "Home Textiles"]),
    ("MY", "Selangor", ["Klang", "Shah Alam"], ["Gloves", "Electronics"]),
    ("ET", "Sidama", ["Hawassa"], ["Apparel"]),
    ("PK", "Punjab", ["Faisalabad", "Lahore"], ["Textiles", "Home Linen"]),
]
COORDS = {
    "CN-XJ": (40.5, 80.0),
    "CN-GD": (23.1, 113.3),
    "CN-JS": (31.3, 120.6),
    "CN-ZJ": (30.0, 120.6),
    "CN-FJ": (24.8, 118.6),
    "CN-AH": (32.9, 115.8),
    "BD": (23.9, 90.4),
    "VN": (11.0, 106.7),
    "KH": (11.5, 104.9),
    "IN": (11.1, 77.3),
    "TR": (37.8, 29.1),
    "MY": (3.0, 101.5),
    "ET": (7.0, 38.5),
    "PK": (31.4, 73.1),
}
BRAND_NAMES = [
    ("Northwind Apparel", "brand", "GB"),
    ("Kestrel Sportswear", "brand", "DE"),
    ("Lumen Outdoor", "brand", "US"),
    ("Harbor & Pine", "brand", "US"),
    ("Marigold Retail Group", "retailer", "NL"),
    ("Cobalt Home Stores", "retailer", "SE"),
    ("Solace Solar Modules", "buyer", "DE"),
    ("Orchard Foods Trading", "buyer", "IT"),
    ("Greystone Capital Partners", "investor", "CH"),
    ("Meridian Pension Fund", "investor", "NO"),
    ("Tianyuan Garment Sourcing 天元服装采购有限公司", "supplier", "CN"),
    ("Golden Thread Exports", "supplier", "BD"),
    ("Hotan Labour Services 和田劳务派遣有限公司", "labour_agent", "CN"),
    ("Bridgeway Manpower", "labour_agent", "MY"),
]
INITIATIVES = [
    ("Garment Safety Accord", "GSA", "garments", ["BD", "PK"], "binding"),
    ("Better Factories Programme", "BFP", "garments", ["KH", "VN", "BD", "ET"], "monitoring"),
    ("Responsible Cotton Standard", "RCS", "cotton", ["CN", "IN", "PK", "TR"], "certification"),
    ("Ethical Sourcing Forum", "ESF", "multi-sector", ["CN", "VN", "IN", "MY"], "voluntary"),
    ("Solar Supply Traceability Protocol", "SSTP", "solar", ["CN", "MY"], "voluntary"),
]
PERSONS = [
    ("Amina Rahman", "auditor"),
    ("Li Wen 李文", "researcher"),
    ("Tomás Ortega", "auditor"),
    ("Nguyen Thi Hoa", "interpreter"),
    ("Sofia Lindqvist", "coordinator"),
    ("Dilnur A.", "researcher"),
]
FINDING_NOTES = {
    "ILO-03": [
        "Gates locked outside shift hours; workers need written permission to leave the dormitory.",
        "宿舍晚上十点后锁门，工人外出需要主管签字。",
    ],
    "ILO-04": [
        "Dormitory is 40 km from the nearest town; no phones allowed on the floor.",
        "工人手机在上班时被统一收走。",
    ],
    "ILO-05": [
        "Two workers described being struck by a line supervisor.",
        "工人反映班组长有体罚行为。",
    ],
    "ILO-06": [
        "Workers were told families would be reported to local officials if they left.",
        "工人被告知如果离开，会通知家乡的村干部。",
    ],
    "ILO-07": [
        "ID cards of transferred workers held by the dormitory manager.",
        "外地工人的身份证由宿舍管理员保管。",
    ],
    "ILO-08": [
        "Wages paid quarterly; first three months withheld as 'deposit'.",
        "前三个月工资作为押金被扣留。",
    ],
    "ILO-09": [
        "Recruitment fees of about four months' wages repaid through deductions.",
        "招聘费相当于四个月工资，从工资中扣除。",
    ],
    "ILO-10": [
        "Twelve workers per dormitory room, no heating.",
        "一间宿舍住十二人，冬天没有暖气。",
    ],
    "ILO-11": [
        "Time records show 84-hour weeks in peak season.",
        "旺季每周工作84小时，加班不自愿。",
    ],
    "ILO-02": [
        "Job advertised as 'training programme'; actual work on the spinning line.",
        "招工时说是培训项目，实际上在纺纱车间工作。",
    ],
    "ILO-01": [
        "Most workers are young women transferred from southern Xinjiang.",
        "大部分工人是从南疆转移来的年轻女性。",
    ],
    "SIL-01": [
        "Factory hosts a government labour-transfer programme group of 120 workers.",
        "工厂接收了一批120人的政府劳动力转移人员。",
    ],
    "SIL-02": [
        "Workers arrived in organised groups from Hotan prefecture with a political supervisor.",
        "工人由和田地区组织集体转移，并有驻厂干部。",
    ],
    "DW-01": [
        "Base wage below the provincial minimum for the second grade.",
        "基本工资低于省最低工资标准。",
    ],
    "DW-03": [
        "Blocked fire exit on the third floor; no guards on cutting machines.",
        "三楼消防通道堵塞。",
    ],
    "DW-04": [
        "No worker representatives; union is appointed by management.",
        "工会主席由管理层任命。",
    ],
    "DW-05": [
        "Two workers appeared to be under 16; records show adult birth dates.",
        "两名工人看起来未满16岁。",
    ],
    "ENV-01": [
        "Dye-house wastewater discharged to the canal without treatment.",
        "印染废水未经处理直接排入河道。",
    ],
}
WORKER_STORIES = [
    "Came with a group of 40 from the same county; says the team leader keeps everyone's ID cards.",
    "Works 12-hour shifts, one day off a month; overtime is not optional before export deadlines.",
    "Was promised 4,000 a month; receives about half after dormitory and food deductions.",
    "Says political study sessions are held every evening after the shift.",
    "和同村的人一起来的，说回家要领导批准。",
    "每天工作十二个小时，一个月休息一天。",
    "Paid a broker 3,000 for the job and still owes part of it.",
    "Feels free to leave but would lose three months of withheld wages.",
]


@dataclass
class DemoOptions:
    sites: int = 40
    observations: int = 2000
    seed: int = 1
    anchor: dt.date = DEMO_ANCHOR


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    attachments: int = 0

    def add(self, type_name: str, n: int = 1) -> None:
        self.counts[type_name] = self.counts.get(type_name, 0) + n


class _Ids:
    """Deterministic UUIDv7s: synthetic time advancing from the anchor, seeded randomness."""

    def __init__(self, rng: random.Random, anchor: dt.date) -> None:
        self.rng = rng
        base = dt.datetime.combine(anchor - dt.timedelta(days=1100), dt.time(), tzinfo=dt.UTC)
        self.ms = int(base.timestamp() * 1000)

    def __call__(self) -> str:
        self.ms += 1
        return uuid7_from(self.ms, self.rng.randbytes(10))


def _date(anchor: dt.date, days_before: int) -> str:
    return (anchor - dt.timedelta(days=days_before)).isoformat()


class DemoBuilder:
    def __init__(self, ws: Workspace, options: DemoOptions, progress: Progress) -> None:
        self.ws = ws
        self.opt = options
        self.progress = progress
        self.rng = random.Random(options.seed)
        self.new_id = _Ids(random.Random(options.seed * 7919 + 1), options.anchor)
        self.summary = DemoSummary()
        self.sites: list[dict[str, Any]] = []
        self.companies: list[tuple[str, dict[str, Any]]] = []
        self.initiatives: list[tuple[str, dict[str, Any], str]] = []
        self.persons: list[str] = []

    # Small record types go through normalize(), which also proves the generator's output
    # is valid; findings are built directly in canonical form for speed (a test checks them).
    def _norm(self, type_name: str, data: dict[str, Any]) -> dict[str, Any]:
        return schema.normalize(type_name, data)

    def _add(
        self, writer: BulkWriter, type_name: str, content: dict[str, Any], rid: str | None = None
    ) -> str:
        rid = rid or self.new_id()
        writer.add(type_name, rid, content)
        self.summary.add(type_name)
        return rid

    def build(self, writer: BulkWriter) -> DemoSummary:
        self._people(writer)
        self._sites(writer)
        self._companies(writer)
        self._initiatives(writer)
        self._visits_and_findings(writer)
        self._responses(writer)
        if self.ws.role == "coordinator":
            self._publications(writer)
        return self.summary

    def _publications(self, writer: BulkWriter) -> None:
        """The coordinator has reviewed every demo assessment: all are ready to publish."""
        decided = f"{self.opt.anchor.isoformat()}T09:00:00+00:00"
        subjects = [("company", cid) for cid, _ in self.companies]
        subjects += [("initiative", iid) for iid, _, _ in self.initiatives]
        for kind, sid in subjects:
            content = {
                "subject_type": kind,
                "subject_id": sid,
                "ready": True,
                "note": "Reviewed for the demo register.",
                "decided_at": decided,
            }
            self._add(writer, "publication", self._norm("publication", content))

    def _people(self, writer: BulkWriter) -> None:
        for name, role in PERSONS:
            self.persons.append(
                self._add(
                    writer,
                    "person",
                    self._norm(
                        "person", {"name": name, "role": role, "organisation": "ACES field team"}
                    ),
                )
            )

    def _sites(self, writer: BulkWriter) -> None:
        rng = self.rng
        for i in range(self.opt.sites):
            if i % 2 == 0:
                en_place, zh_place, region, code = CN_PLACES[(i // 2) % len(CN_PLACES)]
                brand_en, brand_zh = CN_BRANDS[(i * 5 + i // 7) % len(CN_BRANDS)]
                trade_en, trade_zh, kind, products = CN_TRADES[(i // 2 + i // 24) % len(CN_TRADES)]
                data: dict[str, Any]
                zh_name = f"{zh_place}{brand_zh}{trade_zh}有限公司"
                en_name = f"{en_place} {brand_en} {trade_en} Co., Ltd."
                if i >= len(CN_PLACES) * 2:
                    en_name = en_name.replace(" Co.", f" No. {i // 24 + 2} Co.")
                    zh_name = zh_name.replace("有限公司", f"{i // 24 + 2}号厂有限公司")
                data = {
                    "name": zh_name,
                    "other_names": [{"text": en_name, "lang": "en"}],
                    "aliases": [f"{brand_en} {trade_en}"],
                    "country": "CN",
                    "region": region,
                    "address": f"{zh_place}市工业园区{rng.randint(1, 40)}号",
                }
                coord_key = code
            else:
                country, region, places, trades = OTHER_PLACES[(i // 2) % len(OTHER_PLACES)]
                place = places[(i // 3) % len(places)]
                trade = trades[(i // 5) % len(trades)]
                kind = "factory"
                products = [trade.lower()]
                suffix = f" Unit {i // 20 + 1}" if i >= 20 else ""
                data = {
                    "name": f"{place} {trade} Ltd{suffix}",
                    "country": country,
                    "region": region,
                    "address": f"Plot {rng.randint(1, 300)}, Industrial Zone, {place}",
                }
                coord_key = country
            lat, lon = COORDS[coord_key]
            os_id = None
            if rng.random() < 0.6:
                os_id = (
                    f"{data['country']}{2019 + rng.randint(0, 6)}{rng.randint(1, 365):03d}"
                    + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(6))
                )
            data.update(
                kind=kind,
                products=products,
                latitude=round(lat + rng.uniform(-1.5, 1.5), 4),
                longitude=round(lon + rng.uniform(-1.5, 1.5), 4),
                os_hub_id=os_id,
                workforce_size=rng.choice([120, 350, 800, 1500, 2400, 5200]),
                tier=rng.choice([1, 1, 2, 2, 3, 4]),
                disclosure=rng.choice(["withhold", "no_address", "full", "full"]),
            )
            content = self._norm("site", data)
            rid = self._add(writer, "site", content)
            self.sites.append(
                {
                    "id": rid,
                    "xj": data.get("region", "").startswith("Xinjiang"),
                    "country": data["country"],
                }
            )

    def _companies(self, writer: BulkWriter) -> None:
        rng = self.rng
        for name, kind, country in BRAND_NAMES:
            parts = name.split(" ", 1)
            zh = [p for p in name.split(" ") if any("\u4e00" <= ch <= "\u9fff" for ch in p)]
            data: dict[str, Any] = {
                "name": name if not zh else name.replace(" " + zh[0], ""),
                "other_names": [{"text": zh[0], "lang": "zh-Hans"}] if zh else [],
                "kind": kind,
                "country": country,
                "website": f"https://www.{parts[0].lower().replace('&', 'and')}.example",
            }
            rid = self._add(writer, "company", self._norm("company", data))
            self.companies.append((rid, data))
        sites = self.sites
        for cid, data in self.companies:
            if data["kind"] in ("investor",):
                continue
            for site in rng.sample(sites, k=min(len(sites), rng.randint(2, 6))):
                relation = {"supplier": "owns", "labour_agent": "supplies"}.get(
                    data["kind"], "sources_from"
                )
                link = {
                    "company_id": cid,
                    "site_id": site["id"],
                    "relation": relation,
                    "tier": rng.choice([1, 2, 3]),
                    "period_start": _date(self.opt.anchor, rng.randint(400, 1400)),
                    "source_type": rng.choice(["document", "public_report", "own_claim"]),
                    "evidence": "Shipping records and supplier list (synthetic).",
                }
                self._add(writer, "company_site", self._norm("company_site", link))
        self._company_evidence(writer)

    def _company_evidence(self, writer: BulkWriter) -> None:
        rng = self.rng
        anchor = self.opt.anchor
        for idx, (cid, data) in enumerate(self.companies):
            if data["kind"] not in ("brand", "retailer", "buyer", "investor"):
                continue
            profile = idx % 4  # 0 leader, 1 improver, 2 starter, 3 laggard
            if profile != 3:
                facts = {"published": True, "board_approved": profile != 2, "signed": True}
                self._add(
                    writer,
                    "evidence",
                    self._norm(
                        "evidence",
                        {
                            "subject_type": "company",
                            "subject_id": cid,
                            "criterion": "LEGAL_STATEMENT",
                            "source_type": "document",
                            "kind": "statement",
                            "url": f"https://www.example.org/statements/{idx}",
                            "evidence_date": _date(anchor, rng.randint(30, 300)),
                            "facts": facts,
                        },
                    ),
                )
            for crit in ("C1", "C2", "C3", "C4", "C5", "C6", "C7"):
                if rng.random() < 0.12:
                    continue  # unknown
                base = [4, 3, 1, 0][profile]
                level = max(0, min(4, base + rng.choice([-1, 0, 0, 1])))
                source = rng.choice(
                    ["document", "public_report", "own_claim", "direct_observation"]
                )
                kind = "audit" if crit == "C3" and rng.random() < 0.3 else "document"
                audit_facts: dict[str, Any] = (
                    {"region": "CN-XJ"} if kind == "audit" and rng.random() < 0.5 else {}
                )
                self._add(
                    writer,
                    "evidence",
                    self._norm(
                        "evidence",
                        {
                            "subject_type": "company",
                            "subject_id": cid,
                            "criterion": crit,
                            "level": level,
                            "source_type": source,
                            "kind": kind,
                            "url": f"https://www.example.org/evidence/{idx}/{crit}",
                            "evidence_date": _date(anchor, rng.choice([60, 200, 500, 900])),
                            "description": f"Synthetic evidence for {crit}.",
                            "facts": audit_facts,
                        },
                    ),
                )

    def _initiatives(self, writer: BulkWriter) -> None:
        rng = self.rng
        anchor = self.opt.anchor
        levels = {"binding": 4, "monitoring": 3, "certification": 2, "voluntary": 1}
        for name, acronym, sector, countries, model in INITIATIVES:
            iid = self._add(
                writer,
                "initiative",
                self._norm(
                    "initiative",
                    {
                        "name": name,
                        "acronym": acronym,
                        "sector": sector,
                        "countries": countries,
                        "website": f"https://{acronym.lower()}.example.org",
                        "description": f"Fictional {model} initiative for the ACES demo.",
                    },
                ),
            )
            self.initiatives.append((iid, {"name": name}, model))
            base = levels[model]
            for crit in ("T1", "T2", "T3", "S1", "S2", "S3", "A1", "A2", "A3", "A4", "A5"):
                if rng.random() < 0.1:
                    continue
                level = max(
                    0,
                    min(
                        4,
                        base
                        + rng.choice([-1, 0, 0, 1])
                        - (1 if crit.startswith("S") and model == "voluntary" else 0),
                    ),
                )
                facts: dict[str, Any] = {}
                if crit == "S1":
                    facts = {
                        "workers_covered": [8_000, 60_000, 300_000, 1_500_000, 2_500_000][level]
                    }
                self._add(
                    writer,
                    "evidence",
                    self._norm(
                        "evidence",
                        {
                            "subject_type": "initiative",
                            "subject_id": iid,
                            "criterion": crit,
                            "level": level,
                            "source_type": rng.choice(
                                ["document", "public_report", "document", "own_claim"]
                            ),
                            "kind": "disclosure",
                            "url": f"https://{acronym.lower()}.example.org/{crit.lower()}",
                            "evidence_date": _date(anchor, rng.choice([90, 300, 600, 800])),
                            "description": f"Synthetic assessment of {crit}.",
                            "facts": facts,
                        },
                    ),
                )
            for cid, data in self.companies:
                if data["kind"] in ("brand", "retailer", "buyer") and rng.random() < 0.45:
                    self._add(
                        writer,
                        "membership",
                        self._norm(
                            "membership",
                            {
                                "initiative_id": iid,
                                "company_id": cid,
                                "status": rng.choice(["member", "member", "member", "suspended"]),
                                "since": _date(anchor, rng.randint(300, 2000)),
                            },
                        ),
                    )
            for site in self.sites:
                if site["country"] in countries and rng.random() < 0.5:
                    self._add(
                        writer,
                        "coverage",
                        self._norm(
                            "coverage",
                            {
                                "initiative_id": iid,
                                "site_id": site["id"],
                                "since": _date(anchor, rng.randint(200, 1500)),
                                "workers_covered": rng.choice([150, 400, 900, 2000]),
                            },
                        ),
                    )

    def _visits_and_findings(self, writer: BulkWriter) -> None:
        rng = self.rng
        anchor = self.opt.anchor
        ref = reference()
        indicators = list(ref.indicators)
        per_visit = len(indicators)
        n_visits = max(1, -(-self.opt.observations // per_visit))
        remaining = self.opt.observations
        self.progress.start(msg.PROGRESS_DEMO(), self.opt.observations)
        photos = self._photo_blobs()
        methods = schema.VISIT_METHODS
        for v in range(n_visits):
            site = self.sites[v % len(self.sites)]
            days_ago = 20 + (v * 37 + rng.randint(0, 30)) % 1050
            method = methods[(v // len(self.sites) + (0 if site["xj"] else 1)) % len(methods)]
            visit_id = self.new_id()
            writer.add(
                "visit",
                visit_id,
                {
                    "site_id": site["id"],
                    "start_date": _date(anchor, days_ago),
                    "end_date": _date(anchor, days_ago - 2),
                    "method": method,
                    "team": sorted(rng.sample(self.persons, 2)),
                    "summary": f"{method.replace('_', ' ').capitalize()} visit; synthetic demo record.",
                    "sealed": days_ago > 400,
                },
            )
            self.summary.add("visit")
            count = min(per_visit, remaining)
            risk = 0.55 if site["xj"] else 0.18
            for code in indicators[:count]:
                grade: int | None
                if rng.random() < 0.12:
                    grade = None
                elif code.startswith("SIL"):
                    grade = (
                        (3 if rng.random() < 0.5 else 2) if site["xj"] and rng.random() < 0.6 else 0
                    )
                else:
                    roll = rng.random()
                    grade = (
                        0
                        if roll > risk
                        else (1 if roll > risk * 0.5 else (2 if roll > risk * 0.2 else 3))
                    )
                notes = FINDING_NOTES.get(code)
                narrative = notes[rng.randrange(len(notes))] if notes and grade else None
                status = "open"
                started = remediated = verified = None
                if grade:
                    roll = rng.random()
                    if days_ago > 120 and roll < 0.55:
                        status = "in_remediation"
                        started = _date(anchor, days_ago - 30)
                        if roll < 0.35:
                            status, remediated = "remediated", _date(anchor, days_ago - 90)
                        if roll < 0.2:
                            status, verified = (
                                "verified_remediated",
                                _date(anchor, max(1, days_ago - 110)),
                            )
                writer.add(
                    "finding",
                    self.new_id(),
                    {
                        "visit_id": visit_id,
                        "site_id": site["id"],
                        "indicator": code,
                        "grade": grade,
                        "source_type": SOURCE_TYPES[rng.randrange(5)]
                        if grade is not None
                        else None,
                        "confidence": rng.choice(schema.CONFIDENCES) if grade is not None else None,
                        "narrative": narrative,
                        "observed_on": _date(anchor, days_ago),
                        "remediation_status": status,
                        "remediation_due": _date(anchor, days_ago - 180) if grade else None,
                        "remediation_started_on": started,
                        "remediated_on": remediated,
                        "verified_on": verified,
                        "amends_id": None,
                        "sealed": days_ago > 400,
                    },
                )
            self.summary.add("finding", count)
            remaining -= count
            if v % 5 == 0:
                self._worker_note(writer, site, visit_id, days_ago)
            if v < 12 and photos:
                self._photo(writer, photos[v % len(photos)], visit_id)
            self.progress.advance(count)

    def _worker_note(
        self, writer: BulkWriter, site: dict[str, Any], visit_id: str, days_ago: int
    ) -> None:
        rng = self.rng
        content = {
            "site_id": site["id"],
            "visit_id": visit_id,
            "pseudonym": f"Worker {chr(65 + rng.randrange(26))}-{rng.randint(10, 99)}",
            "consent_scope": rng.choice(schema.CONSENT_SCOPES),
            "gender": rng.choice(["female", "male", None]),
            "age_band": rng.choice(schema.AGE_BANDS[1:]),
            "origin": rng.choice(
                ["Hotan prefecture", "Kashgar prefecture", "Sylhet", "Rural Anhui", None]
            ),
            "job_role": rng.choice(["spinner", "sewing operator", "packer", "line helper"]),
            "narrative": rng.choice(WORKER_STORIES),
            "interviewed_on": _date(self.opt.anchor, days_ago),
            "sealed": days_ago > 400,
        }
        self._add(writer, "worker_note", self._norm("worker_note", content))

    def _photo_blobs(self) -> list[tuple[str, int]]:
        """A few small synthetic photos (no camera or GPS metadata), stored encrypted."""
        from PIL import Image, ImageDraw

        blobs = []
        for i, colour in enumerate([(180, 60, 50), (60, 120, 170), (90, 150, 80)]):
            image = Image.new("RGB", (96, 64), colour)
            draw = ImageDraw.Draw(image)
            draw.rectangle((8 + i * 10, 10, 60 + i * 10, 50), outline=(255, 255, 255), width=3)
            draw.text((10, 50), f"demo {i + 1}", fill=(255, 255, 255))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=80)
            blobs.append(self.ws.blobs.put_bytes(out.getvalue()))
        return blobs

    def _photo(self, writer: BulkWriter, blob: tuple[str, int], visit_id: str) -> None:
        sha, size = blob
        self._add(
            writer,
            "attachment",
            self._norm(
                "attachment",
                {
                    "owner_type": "visit",
                    "owner_id": visit_id,
                    "sha256": sha,
                    "media_type": "image/jpeg",
                    "size": size,
                    "original_name": "floor-photo.jpg",
                    "caption": "Synthetic photo of a production line.",
                    "consent_scope": "coordinator",
                    "metadata_removed": True,
                },
            ),
        )
        self.summary.attachments += 1

    def _responses(self, writer: BulkWriter) -> None:
        rng = self.rng
        anchor = self.opt.anchor
        subjects = [
            "Sourcing from the Uyghur Region",
            "Recruitment fees at tier-2 spinning mill",
            "Supplier list disclosure",
            "Remediation plan for withheld wages",
        ]
        for idx, (cid, data) in enumerate(self.companies):
            if data["kind"] not in ("brand", "retailer", "buyer", "investor"):
                continue
            for j in range(rng.randint(1, 4)):
                sent = rng.randint(20, 700)
                answered = (
                    None
                    if (idx % 4 == 3 or rng.random() < 0.25)
                    else max(1, sent - rng.randint(5, 80))
                )
                commitments = (
                    "Commits to map tier-2 suppliers within six months."
                    if answered and rng.random() < 0.6
                    else None
                )
                self._add(
                    writer,
                    "company_response",
                    self._norm(
                        "company_response",
                        {
                            "company_id": cid,
                            "request_sent_on": _date(anchor, sent),
                            "channel": rng.choice(schema.RESPONSE_CHANNELS[:3]),
                            "subject": subjects[(idx + j) % len(subjects)],
                            "request": "Request for information about the findings at a supplier site (synthetic).",
                            "answered_on": _date(anchor, answered) if answered else None,
                            "answer": "Response received; see commitments." if answered else None,
                            "commitments": commitments,
                            "follow_up_due": _date(anchor, sent - 30),
                            "commitment_met": (rng.random() < 0.5)
                            if commitments and sent > 200
                            else None,
                        },
                    ),
                )


def fill_demo(ws: Workspace, options: DemoOptions, progress: Progress | None = None) -> DemoSummary:
    """Add demo data to ``ws`` in one transaction (all of it, or nothing if cancelled)."""
    progress = progress or NullProgress()
    # The workspace's one writer (BEGIN IMMEDIATE): a save from the GUI meanwhile queues
    # behind it and is told so, instead of meeting SQLite's busy timeout.
    with ws.writing() as s, open_bulk_writer(s, ws.records.author) as writer:
        summary = DemoBuilder(ws, options, progress).build(writer)
    return summary


def iter_demo_findings(ws: Workspace, limit: int) -> Iterator[dict[str, Any]]:
    """Findings content as stored (used by tests to check the bulk path's canonical form)."""
    from sqlalchemy import select

    from aces_desktop.store import models as m
    from aces_desktop.store.records import row_content

    with ws.session() as s:
        for row in s.execute(select(m.Finding.__table__).limit(limit)).mappings():
            yield row_content("finding", row)
