"""Guide search latency on a generated catalog, beside the same search as plain SQL LIKE.

    .venv/bin/python bench/search.py [--items 5000] [--materials 12] [--repeat 50]

Builds a temporary SQLite centre with ``--items`` items of ``--materials``
materials each (5,000 × 12 = 60,000 by default), imported through
``services.catalog.import_items`` so pinyin is computed exactly as a real
import does. Then runs a fixed set of queries of each kind through
``GuideIndex.search`` and through one SQL ``LIKE '%q%'`` query over the name,
code, keywords and pinyin columns, and prints the median and 95th percentile
per kind and the ratio. Not part of the test run (docs/architecture.md §6.6: performance is a
ratio against a baseline measured in the same run, never a timed assertion).
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from figures import Figure

from counter_tui.services.catalog.guide_search import GuideIndex, query_words
from counter_tui.services.catalog.items import import_items
from counter_tui.services.centre.opening import open_database
from counter_tui.store.database import write_transaction
from counter_tui.store.models import Department, Item, database_proxy

BUDGET_MS = 10.0

DEPARTMENTS = [
    ("GA", "公安局", "公安"),
    ("HB", "生态环境局", "环保"),
    ("GH", "自然资源和规划局", "规划"),
    ("SJ", "市场监督管理局", "市监"),
    ("ZJ", "住房和城乡建设局", "住建"),
    ("JT", "交通运输局", "交通"),
    ("WJ", "卫生健康委员会", "卫健"),
    ("JY", "教育局", "教育"),
    ("MZ", "民政局", "民政"),
    ("RS", "人力资源和社会保障局", "人社"),
    ("WL", "文化广电旅游局", "文旅"),
    ("NY", "农业农村局", "农业"),
    ("SL", "水利局", "水利"),
    ("YJ", "应急管理局", "应急"),
    ("CG", "城市管理局", "城管"),
    ("SW", "商务局", "商务"),
    ("YB", "医疗保障局", "医保"),
    ("SF", "司法局", "司法"),
    ("LY", "林业局", "林业"),
    ("QX", "气象局", "气象"),
    ("YC", "烟草专卖局", "烟草"),
    ("XF", "消防救援支队", "消防"),
    ("RF", "人民防空办公室", "人防"),
    ("TJ", "统计局", "统计"),
    ("KJ", "科学技术局", "科技"),
]
SUBJECTS = [
    "食品经营",
    "食品生产",
    "药品零售",
    "医疗器械经营",
    "建设工程",
    "排污",
    "道路运输",
    "出租汽车",
    "网络预约出租汽车",
    "危险化学品",
    "烟草专卖零售",
    "娱乐场所",
    "旅馆业",
    "民办学校",
    "医疗机构",
    "执业医师",
    "护士执业",
    "建筑施工",
    "房地产开发",
    "商品房预售",
    "城市道路占用",
    "户外广告设置",
    "城镇污水排入排水管网",
    "取水",
    "河道采砂",
    "林木采伐",
    "野生动物驯养繁殖",
    "种子生产经营",
    "兽药经营",
    "农药经营",
    "渔业捕捞",
    "劳务派遣",
    "人力资源服务",
    "社会团体",
    "民办非企业单位",
    "殡葬设施",
    "养老机构",
    "公共场所卫生",
    "放射诊疗",
    "消防安全检查",
    "大型群众性活动",
    "特种设备使用",
    "电梯安装",
    "计量器具",
    "个体工商户",
    "机动车驾驶培训",
    "道路货物运输",
    "港口经营",
    "文物保护工程",
    "出版物零售",
    "印刷经营",
    "互联网上网服务",
    "游泳场所",
    "户口",
    "居民身份证",
    "居住证",
    "临时用地",
    "建设用地",
    "乡村建设",
    "不动产",
    "人防工程",
    "气象探测",
    "施工图审查",
    "燃气经营",
    "供热经营",
    "城市绿地占用",
    "古树名木迁移",
    "餐饮服务",
    "酒类零售",
    "二手车交易",
    "拍卖业",
    "典当业",
    "再生资源回收",
]
ACTIONS = [
    "许可",
    "登记",
    "审批",
    "核准",
    "备案",
    "核发",
    "变更",
    "延续",
    "注销",
    "补办",
    "换发",
    "审查",
    "验收",
    "认定",
    "证明",
    "年检",
]
SUFFIXES = ("", "证", "（首次）", "（变更）", "（延续）", "（区级）", "（市级）")
MATERIALS = [
    "申请表",
    "营业执照",
    "法定代表人身份证明",
    "授权委托书",
    "经办人居民身份证",
    "场所使用证明",
    "平面布置图",
    "安全管理制度",
    "从业人员健康证明",
    "专业技术人员资格证书",
    "设备清单",
    "检测报告",
    "环境影响评价文件",
    "规划许可证",
    "消防验收意见",
    "章程",
    "验资报告",
    "承诺书",
    "工程竣工验收报告",
    "施工合同",
    "监理合同",
    "产权证明",
    "租赁合同",
    "卫生许可证",
    "培训合格证明",
    "应急预案",
    "现场照片",
    "设计图纸",
]


def generate(items: int, per_item: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    names = [f"{s}{a}{x}" for s in SUBJECTS for a in ACTIONS for x in SUFFIXES]
    if items > len(names):
        raise SystemExit(f"at most {len(names)} distinct names")
    rng.shuffle(names)
    entries = []
    for n, name in enumerate(names[:items]):
        code, _name, short = DEPARTMENTS[n % len(DEPARTMENTS)]
        subject = next(s for s in SUBJECTS if name.startswith(s))
        action = next(a for a in ACTIONS if name[len(subject) :].startswith(a))
        entries.append(
            {
                "code": f"{code}-{n // len(DEPARTMENTS):04d}",
                "name": name,
                "department": code,
                "kind": rng.choice(("promised", "promised", "immediate")),
                "legal_limit_days": 20,
                "promised_limit_days": rng.choice((0, 5, 10)),
                "fees": "不收费",
                "keywords": [subject, action, short, rng.choice(SUBJECTS)],
                "materials": [
                    {
                        "name": rng.choice(MATERIALS) + ("" if m < 6 else f"（第{m}项）"),
                        "necessity": rng.choice(("required", "required", "deferrable", "optional")),
                        "form": rng.choice(("original", "copy", "original_and_copy")),
                        "copies": rng.randint(1, 3),
                        "standard": "加盖公章，在有效期内",
                    }
                    for m in range(per_item)
                ],
            }
        )
    return entries


QUERIES = {
    "two-char Chinese": ["户口", "许可", "食品", "排污", "变更", "养老", "采伐", "备案"],
    "one char": ["证", "许", "s", "x", "a"],
    "initials": ["spjy", "spjyxk", "pwxk", "jsgc", "hkdj", "yljg", "wlyy", "jsyd"],
    "full pinyin": ["shipin", "paiwu", "hukou", "jianshegongcheng", "yanglao", "xuke", "yanxu"],
    "code": ["GA-0012", "HB-0", "SJ-0150", "zj-01", "XF-0199"],
    "department": ["公安", "环保", "市场监督"],
    "multi-word": ["食品 许可", "建设 变更", "户口 补办", "shipin xuke"],
    "keystrokes": ["s", "sp", "spj", "spjy", "spjyx", "spjyxk", "户", "户口", "户口登", "户口登记"],
    "no match": ["量子纠缠", "zzzzxq", "XX-9999", "火星移民"],
}

LIKE_COLUMNS = ("name", "code", "keywords", "pinyin", "pinyin_initials")


def like_search(query: str, limit: int = 20) -> list[tuple]:
    """The plain SQL way: every word LIKE '%word%' in one of the columns."""
    words = query_words(query)
    where = ["current = 1"]
    params: list[str] = []
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in LIKE_COLUMNS) + ")")
        params += [pattern] * len(LIKE_COLUMNS)
    sql = (
        f"SELECT id, code, name FROM item WHERE {' AND '.join(where)} "
        f"ORDER BY use_count DESC, code LIMIT {int(limit)}"
    )
    return database_proxy.obj.execute_sql(sql, params).fetchall()


def timed(function: Callable[[str], object], query: str, repeat: int) -> list[float]:
    function(query)  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(query)
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Results:
    items: int
    materials: int
    import_seconds: float
    size_mib: float
    loads: list[float]
    stale: list[float]
    index: dict[str, list[float]]  # query kind → milliseconds of every run
    like: dict[str, list[float]]
    sample: str


def build(path: Path, items: int, per_item: int, seed: int) -> float:
    """The generated centre in ``path``; the seconds the import took."""
    open_database(str(path))
    with write_transaction(database_proxy.obj):
        for code, name, short in DEPARTMENTS:
            Department.create(code=code, name=f"示范市{name}", short_name=short)
    entries = generate(items, per_item, seed)
    start = time.perf_counter()
    import_items(entries, "bench")
    import_seconds = time.perf_counter() - start
    use_some(list(range(1, items + 1)), seed)
    return import_seconds


def use_some(item_ids: list[int], seed: int) -> None:
    """A fifth of the items get a use count, Pareto-distributed: a few are used a lot."""
    rng = random.Random(seed)
    with write_transaction(database_proxy.obj):
        for item_id in rng.sample(item_ids, k=len(item_ids) // 5):
            Item.update(use_count=int(rng.paretovariate(1.2) * 3)).where(
                Item.id == item_id
            ).execute()


def measure(items: int, per_item: int, repeat: int, seed: int, loads: int = 5) -> Results:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        import_seconds = build(db_path, items, per_item, seed)
        materials = database_proxy.obj.execute_sql("SELECT COUNT(*) FROM material").fetchone()[0]
        load_times = []
        for _ in range(loads):
            start = time.perf_counter()
            index = GuideIndex.load()
            load_times.append((time.perf_counter() - start) * 1000)
        stale = timed(lambda _q: index.is_stale(), "", repeat)
        ours: dict[str, list[float]] = {}
        sql: dict[str, list[float]] = {}
        for kind, queries in QUERIES.items():
            ours[kind], sql[kind] = [], []
            for query in queries:
                ours[kind] += timed(index.search, query, repeat)
                sql[kind] += timed(like_search, query, repeat)
        sample = ", ".join(h.name for h in index.search("spjyxk", 3))
        size = db_path.stat().st_size / 2**20
        database_proxy.close()
    return Results(
        len(index), materials, import_seconds, size, load_times, stale, ours, sql, sample
    )


def figures(quick: bool) -> list[Figure]:
    found = measure(5000, 12, 10 if quick else 50, 2026, loads=1 if quick else 5)
    ours = [t for times in found.index.values() for t in times]
    sql = [t for times in found.like.values() for t in times]
    return [
        Figure(
            f"catalog search p95 ({found.items:,} items, {found.materials:,} materials)",
            f"p95 {p95(ours):.2f} ms (median {statistics.median(ours):.2f})",
            f"SQL LIKE p95 {p95(sql):.1f} ms (median {statistics.median(sql):.1f})",
            f"p95 ≤ {BUDGET_MS:g} ms",
            p95(ours) <= BUDGET_MS,
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--materials", type=int, default=12, help="materials per item")
    parser.add_argument("--repeat", type=int, default=50, help="runs of each query")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--budget", type=float, default=BUDGET_MS, help="p95 budget in ms")
    args = parser.parse_args()
    found = measure(args.items, args.materials, args.repeat, args.seed)
    print(
        f"catalog: {found.items} items, {found.materials} materials "
        f"(import with pinyin {found.import_seconds:.1f} s, {found.size_mib:.1f} MiB)"
    )
    print(f"GuideIndex.load(): median {statistics.median(found.loads):.1f} ms")
    print(
        f"index.is_stale(): median {statistics.median(found.stale):.2f} ms, "
        f"p95 {p95(found.stale):.2f} ms"
    )
    print()
    header = (
        f"{'query kind':<18} {'n':>2}  {'index med':>9} {'index p95':>9}  "
        f"{'LIKE med':>9} {'LIKE p95':>9}  {'LIKE/index':>10}"
    )
    print(header)
    print("-" * len(header))
    rows = [(kind, len(QUERIES[kind]), found.index[kind], found.like[kind]) for kind in QUERIES]
    every_query = [t for times in found.index.values() for t in times]
    every_like = [t for times in found.like.values() for t in times]
    for n, (kind, count, ours, sql) in enumerate(
        [*rows, ("all queries", sum(map(len, QUERIES.values())), every_query, every_like)]
    ):
        if n == len(rows):
            print("-" * len(header))
        print(
            f"{kind:<18} {count:>2}  {statistics.median(ours):>7.2f}ms "
            f"{p95(ours):>7.2f}ms  {statistics.median(sql):>7.2f}ms {p95(sql):>7.2f}ms  "
            f"{statistics.median(sql) / statistics.median(ours):>9.1f}×"
        )
    print()
    within = p95(every_query) <= args.budget
    verdict = "within" if within else "OVER"
    print(f"index p95 {p95(every_query):.2f} ms: {verdict} the {args.budget:g} ms budget")
    print("sample: qzsn-style initials 'spjyxk' →", found.sample)
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
