"""Masking personal data in what people type (assistant/masking.py), and that every place storing
user text stores it masked: the unanswered log, chat sessions and chat transcripts."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from assistant.db import DB_FILE, transaction
from assistant.masking import TOKENS, describe, flags, mask, scan
from assistant.qa.store import QAStore
from tests.conftest import CORPUS, KB
from tests.qa_support import ask

PHONE, ID, BANK, MAIL = TOKENS["phone"], TOKENS["id_card"], TOKENS["bank_card"], TOKENS["email"]

POSITIVE = [
    # mobiles
    ("我电话13812345678，社保怎么交", f"我电话{PHONE}，社保怎么交"),
    ("打138 1234 5678找我", f"打{PHONE}找我"),
    ("138-1234-5678", PHONE),
    ("手机 139 0000 1111 谢谢", f"手机 {PHONE} 谢谢"),
    ("+86 138 1234 5678", PHONE),
    ("+86-13812345678", PHONE),
    ("0086 13812345678", PHONE),
    ("8613812345678", PHONE),
    ("(+86)13812345678", PHONE),
    ("１３８１２３４５６７８能回电吗", f"{PHONE}能回电吗"),
    ("１３８－１２３４－５６７８", PHONE),
    ("一三八一二三四五六七八", PHONE),
    ("幺三八幺二三四五六七八", PHONE),
    ("幺八六两三四五六七八九", PHONE),
    ("138一二三四5678", PHONE),
    ("19912345678和13512345678", f"{PHONE}和{PHONE}"),
    # landlines, service numbers, numbers after a cue
    ("023-6388 1234", PHONE),
    ("(023)63881234", PHONE),
    ("（０２３）６３８８１２３４", PHONE),
    ("023 63881234", PHONE),
    ("02363881234", PHONE),
    ("座机023-63881234转8001", f"座机{PHONE}"),
    ("+86 23 6388 1234", PHONE),
    ("010-62345678", PHONE),
    ("0755-2345678", PHONE),
    ("电话63881234", f"电话{PHONE}"),
    ("6388-1234", PHONE),
    ("六三八八一二三四", PHONE),
    ("400-820-8820", PHONE),
    ("4008208820", PHONE),
    ("800 810 8888", PHONE),
    ("电话：6388-123", f"电话：{PHONE}"),
    ("手机1381234567（少一位）", f"手机{PHONE}（少一位）"),
    ("Tel: 2345 67890", f"Tel: {PHONE}"),
    # ID cards
    ("身份证号50010119900101123X能办吗", f"身份证号{ID}能办吗"),
    ("50010119900101123x", ID),
    ("500101 19900101 123X", ID),
    ("５００１０１１９９００１０１１２３Ｘ", ID),
    ("老身份证500101900101123", f"老身份证{ID}"),
    ("身份证50010119900101123４", f"身份证{ID}"),
    # bank cards
    ("卡号6222021234567890", f"卡号{BANK}"),
    ("6222 0212 3456 7890", BANK),
    ("6222-0212-3456-7890-123", BANK),
    ("6222021234567890123", BANK),
    ("622202 1234567890123", BANK),
    # e-mail
    ("发邮件到 zhang.san@example.com 行吗", f"发邮件到 {MAIL} 行吗"),
    ("邮箱zhang_san+gf@mail.cq.gov.cn", f"邮箱{MAIL}"),
    ("zhang＠example.com", MAIL),
    # other identifiers
    ("QQ号：123456789", "QQ号：[账号]"),
    ("微信号 zhangsan_1990", "微信号 [账号]"),
    ("统一社会信用代码91500000MA5U123456", "统一社会信用代码[信用代码]"),
    ("订单号 20240101987654 查不到", "订单号 [号码] 查不到"),
    # names and addresses that can safely be masked
    ("我叫张三，想问绿色工厂", "我叫[姓名]，想问绿色工厂"),
    ("联系人王经理", "联系人[姓名]"),
    ("我是李四。", "我是[姓名]。"),
    ("姓名：赵六", "姓名：[姓名]"),
    ("请转告刘老师", "请转告[姓名]"),
    ("陳先生您好", "[姓名]您好"),
    ("地址是渝北区金开大道68号", "地址是渝北区[地址]"),
    ("公司在两江新区金渝大道99号3栋", "公司在两江新区[地址]"),
    ("我家住渝北区龙溪街道金龙路12号", "我家住渝北区[地址]"),
    ("渝北区龙溪街道88号", "渝北区[地址]"),
    ("住在龙湖小区3栋2单元1-1", "住在[地址]"),
]

NEGATIVE = [
    "2024年2月5日",
    "2026-03-01前提交",
    "20240205",
    "二〇二四年二月五日",
    "渝经信规范〔2024〕4号",
    "渝经信发〔2018〕60号",
    "工信部联节〔2022〕88号",
    "30个工作日",
    "5个工作日内答复",
    "三年内不得重新申报",
    "第十七条第（三）项",
    "单位产品能耗降低15%",
    "2024年",
    "2024-2025年",
    "2024 2025",
    "营业收入20000000元",
    "能耗 10000 吨标准煤",
    "0.12345678",
    "12345热线能咨询吗",
    "注册地址是否要在重庆",
    "申报联系人需要什么资格",
    "联系人是谁",
    "我是高新区的企业",
    "总经理要签字吗",
    "历史老师",
    "公示期多长？",
    "一二三四五六七八九",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_personal_data_is_masked(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_what_the_regulation_and_questions_contain_is_kept(text):
    result = scan(text)
    assert result.text == text and not result.kinds


def test_there_are_enough_cases():
    assert len(POSITIVE) >= 40 and len(NEGATIVE) >= 15


@pytest.mark.parametrize(("text", "expected"), [
    ("我叫张三", {"name"}),
    ("联系人王经理", {"name"}),
    ("我叫小明，想问申报", {"name"}),  # not masked (no known surname), still flagged
    ("联系人欧阳经理", {"name"}),
    ("地址是渝北区金开大道68号", {"address"}),
    ("我住在渝中区解放碑街道", {"address"}),
    ("九龙坡区杨家坪街道的企业", {"address"}),
    ("我叫张三，家住江北区观音桥街道建新北路9号", {"name", "address"}),
    ("绿色工厂申报需要什么条件？", set()),
    ("渝北区的企业能申报吗", set()),
    ("注册地址是否要在重庆", set()),
    ("姓名是否必须填写", set()),
])
def test_names_and_addresses_are_flagged_for_staff(text, expected):
    assert flags(text) == expected


def test_describe_says_what_to_check():
    assert describe({"address", "name"}) == "可能含姓名/地址"
    assert describe(["address"]) == "可能含地址" and describe([]) == ""


def test_masking_is_idempotent_and_keeps_empty_text():
    for text, _ in POSITIVE:
        assert mask(mask(text)) == mask(text)
    assert mask("") == "" and scan("").flags == frozenset()


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_the_regulation_and_the_knowledge_base_are_left_alone():
    """Every line of the corpus and every string in kb/ (answers, rule examples: real questions) is
    kept as it is and flags nothing; so masking a stored answer never changes the regulation's words."""
    texts = [line for path in CORPUS.glob("*.txt") for line in path.read_text(encoding="utf-8").splitlines()]
    for path in sorted(KB.rglob("*.yaml")):
        strings = _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
        # Patterns in facts are regular expressions ([一二三四五六七八九十\d]+年), not text.
        texts += [s for s in strings if "\\d" not in s]
    changed = [(t, scan(t)) for t in texts if scan(t).text != t or scan(t).flags]
    assert len(texts) > 1000 and not changed, changed[:5]


# -- where user text is stored -------------------------------------------------------------------


def test_the_unanswered_log_stores_masked_text_and_flags(tmp_path):
    store = QAStore(tmp_path)
    store.log_unanswered("我叫张三，电话138 1234 5678，社保怎么交？")
    store.log_unanswered("我叫李四，电话13900001111，社保怎么交？")  # the same question once masked
    store.log_unanswered("公积金怎么取")
    rows = store.unanswered()
    assert rows[0]["question"] == "我叫[姓名]，电话[电话]，社保怎么交？" and rows[0]["count"] == 2
    assert rows[0]["flags"] == ["name"] and rows[1]["flags"] == []
    with transaction(tmp_path) as db:
        stored = " ".join(r[0] for r in db.execute("SELECT question FROM unanswered"))
    assert "张三" not in stored and "1234" not in stored and "13900001111" not in stored


def test_an_older_database_gains_the_flags_column(tmp_path):
    old = sqlite3.connect(tmp_path / DB_FILE)
    old.execute("CREATE TABLE unanswered (key TEXT PRIMARY KEY, question TEXT NOT NULL, count INTEGER NOT NULL "
                "DEFAULT 1, first_seen TEXT NOT NULL DEFAULT (datetime('now')), last_seen TEXT NOT NULL "
                "DEFAULT (datetime('now')))")
    old.execute("INSERT INTO unanswered (key, question) VALUES ('天气怎么样', '天气怎么样')")
    old.commit()
    old.close()
    store = QAStore(tmp_path)
    store.log_unanswered("我家住渝北区龙溪街道金龙路12号，能申报吗")
    rows = {r["question"]: r["flags"] for r in store.unanswered()}
    assert rows == {"天气怎么样": [], "我家住渝北区[地址]，能申报吗": ["address"]}


def test_a_session_keeps_its_questions_masked(tmp_path):
    store = QAStore(tmp_path)
    store.save_session("s1", {"rule": "x", "history": ["公示期多长？", "我手机13812345678"]})
    assert store.load_session("s1")["history"] == ["公示期多长？", f"我手机{PHONE}"]


def test_the_engine_logs_the_masked_question(qa):
    ask(qa, "驾驶证到期了在哪里换？我是王经理，手机138-1234-5678", session="masking-s1")
    logged = [r for r in qa.store.unanswered(1000) if "驾驶证" in r["question"]]
    assert [r["question"] for r in logged] == [f"驾驶证到期了在哪里换？我是[姓名]，手机{PHONE}"]
    assert logged[0]["flags"] == ["name"]
    assert "13812345678" not in str(qa.store.load_session("masking-s1"))


ADMIN_TOKEN = "masking-token-0123456789abcdef0123456789"


def _admin_client(settings):
    from web import create_app

    return create_app(replace(settings, admin_token=ADMIN_TOKEN), {"TESTING": True, "RATE_LIMIT": 0}).test_client()


def test_the_transcript_and_the_staff_page_show_masked_text(settings):
    client = _admin_client(settings)
    from tests.conftest import form_token

    client.post("/ask", data={"question": "股票怎么买？我叫张三，电话023-6388 1234",
                              "csrf_token": form_token(client)})
    with transaction(Path(settings.data_dir)) as db:
        stored = [tuple(r) for r in db.execute("SELECT question, answer FROM chat_messages")]
    mine = [row for row in stored if "股票怎么买" in row[0]]
    assert mine and all("6388" not in q + a and "张三" not in q + a for q, a in mine)
    html = client.get("/admin/unanswered", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).get_data(as_text=True)
    assert "股票怎么买？我叫[姓名]，电话[电话]" in html and "可能含姓名" in html
