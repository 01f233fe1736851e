"""Realistic, deterministic sample data for a fresh database (`siyu --demo`).

`fill_demo(conn, size=2000)` writes three owner accounts, `size` contacts with links, tags,
orders, interactions and tier/stage history, a script library with the parcel-card sequence, a
weekly moments slot template, moments posts around today, the built-in SOP rules and tasks —
everything in one transaction, from one `random.Random(seed)`, so the same seed and `now` give
the same database byte for byte (row for row).

Each contact gets a hidden persona (potential / light / regular / loyal / lapsed) that decides
how many orders and interactions it has and when, so that tier, stage and last activity look
coherent. Tier and stage are computed here from the generated rows with a simplified reading of
PRODUCT.md's default rules; the real rule engine recomputes them later.

Speed: 100,000 contacts with 500k orders and 1M interactions is the benchmark dataset. Rows are
generated and inserted in chunks of CHUNK contacts; timestamps are integer seconds turned into
text through two lookup lists (day, time of day) instead of datetime formatting per row; orders
and interactions are drawn from pools of ready-made row templates.
"""

from __future__ import annotations

import base64
import json
import random
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from db import bulk
from db.connection import transaction
from desktop.errors import UserFacingError
from desktop.pinyin_keys import bulk_name_keys
from desktop.progress import Cancelled

CHUNK = 10_000
DEFERRED = ("contacts", "interactions", "orders", "layer_history", "contact_accounts")
DAY = 86_400
HISTORY_DAYS = 730          # contacts were added over the last ~2 years
# China has had no daylight saving since 1991: a fixed offset, no tz database needed (Windows
# has none without the tzdata package).
SHANGHAI = timezone(timedelta(hours=8))


class DemoRefused(UserFacingError):
    """The database already holds someone's data; demo data goes only into an empty one."""


class DemoCancelled(Cancelled):
    """The user cancelled; the transaction was rolled back and nothing was written."""


@dataclass(frozen=True)
class DemoSummary:
    accounts: int
    contacts: int
    contact_accounts: int
    tag_groups: int
    tags: int
    contact_tags: int
    orders: int
    interactions: int
    layer_history: int
    scripts: int
    sequences: int
    sequence_steps: int
    slot_templates: int
    slots: int
    sop_rules: int
    moments_posts: int
    tasks: int


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

ACCOUNTS = [(1, "门店主号", "wechat", "门店前台的微信，扫码加的客户都在这里"),
            (2, "店长小号", "wechat", "店长本人的微信，老客和大客户"),
            (3, "企微客服", "wecom", "企业微信客服号，包裹卡和公众号引流")]
ACCOUNT_POOL = [1] * 55 + [2] * 25 + [3] * 20

CHANNELS = ["门店扫码", "包裹卡", "抖音", "公众号", "直播", "老客推荐", "小红书", "视频号"]
CHANNEL_WEIGHTS = [28, 18, 12, 8, 8, 10, 10, 6]
CHANNEL_POOL = [c for c, w in zip(CHANNELS, CHANNEL_WEIGHTS, strict=True) for _ in range(w)]

CITIES = [("杭州", 30), ("上海", 12), ("宁波", 5), ("苏州", 5), ("南京", 4), ("北京", 4),
          ("深圳", 4), ("广州", 4), ("成都", 3), ("武汉", 3), ("绍兴", 3), ("嘉兴", 3),
          ("温州", 3), ("金华", 2), ("合肥", 2), ("西安", 2), ("重庆", 2), ("长沙", 2),
          ("厦门", 1), ("青岛", 1), ("天津", 1), ("郑州", 1), ("昆明", 1), ("", 10)]
CITY_POOL = [c for c, w in CITIES for _ in range(w)]

# Common surnames (repeated by rough frequency) and a few polyphonic / compound ones so that
# pinyin search has real cases to find.
SURNAMES_COMMON = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
                   "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱"
                   "江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
SURNAME_POOL = ([s for s in SURNAMES_COMMON[:10] for _ in range(6)]
                + [s for s in SURNAMES_COMMON[10:40] for _ in range(3)]
                + list(SURNAMES_COMMON[40:])
                + ["单", "解", "区", "查", "朴", "翟", "仇", "缪", "盖", "乐", "欧阳", "诸葛",
                   "司马", "上官"])
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀玲桂英红梅琳雪婷慧颖欣怡佳琪晓萱梦雨月洁倩露瑶蕾薇菲妍嘉悦楠"
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆博文豪毅晨阳昊然天宏志"
GIVEN_ANY = "小子一文佳思可安乐新晓子雨"
NET_WORDS = ["阳光明媚", "静待花开", "岁月静好", "小鱼儿", "向日葵", "柠檬不萌", "奶茶三分糖",
             "追风少年", "一只喵", "晴天", "浅笑安然", "花开半夏", "半夏微凉", "温柔的风",
             "橘子汽水", "芒果布丁", "慢慢来", "知足常乐", "平安是福", "心想事成", "木子",
             "七七", "安然", "小太阳", "大橙子", "甜甜圈", "云朵", "微笑", "简单点", "海阔天空",
             "梦想成真", "幸福满满", "快乐每一天", "蓝色天空", "淡然", "随遇而安", "花好月圆",
             "风轻云淡", "一米阳光", "茉莉", "薄荷糖", "樱桃小丸子", "夏天的风", "星河",
             "南风知我意", "人间值得", "好好吃饭", "草莓味", "芝士就是力量", "锦鲤附体",
             "水果捞", "兔兔", "喵小姐", "鹿鹿", "桃子", "山有木兮", "今天也要加油",
             "爱笑的眼睛", "暖暖", "糖果", "宝贝计划"]
NET_PREFIX = ["小", "阿", "大", "老", "A", "🌸", "✨", "🍀", "~", "A-", "🌙", "💕", "Miss"]
NET_SUFFIX = ["", "", "", "", "🌸", "✨", "呀", "酱", "~", "💕", "妈妈", "同学", "2020", "88"]
REPEAT_CHARS = "花乐豆可甜贝果米多朵宝欢婷菲楠琪乐圆糖"
EN_FEMALE = ["Amy", "Lily", "Coco", "Vivian", "Momo", "Grace", "Cindy", "Jenny", "Tina", "Emma",
             "Nancy", "Linda", "Cherry", "Anna", "Echo", "Yuki", "Mia", "Sophia", "Kiki", "Candy",
             "Daisy", "Ivy", "Luna", "Sunny", "Lucky"]
EN_MALE = ["Kevin", "Jason", "Leo", "Tony", "Eric", "Jack", "David", "Sam", "Lucky", "Sunny"]
NEEDS = ["美容卡", "补水", "抗衰", "祛痘", "花茶", "代餐", "面膜", "护理卡"]
NOTES = ["皮肤偏干，敏感肌，用温和款", "喜欢玫瑰花茶，每月回购", "住公司附近，午休来店",
         "对价格敏感，等券再买", "宝妈，晚上9点后回复", "老客带来的朋友", "想减脂，问过代餐",
         "不喜欢打电话，微信联系", "生日前一周提醒", "做过两次小气泡，想办卡",
         "地址：滨江区，送货上门", "给妈妈买阿胶糕", "容易过敏，别推酸类", "团购群群主"]
WXID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"
PHONE_PREFIXES = ["138", "139", "137", "136", "135", "150", "151", "152", "157", "158", "159",
                  "182", "183", "187", "188", "130", "131", "132", "155", "156", "185", "186",
                  "133", "153", "180", "181", "189", "177", "199", "166", "176", "173", "191",
                  "198", "195", "175", "178"]

# (item, category, price in fen, weight, premium)
CATALOG = [("玫瑰花茶", "花茶", 3990, 10, False), ("菊花枸杞茶", "花茶", 2990, 8, False),
           ("桂花乌龙", "花茶", 5990, 6, False), ("红豆薏米粉", "代餐", 4990, 7, False),
           ("代餐奶昔(7日装)", "代餐", 15900, 4, False),
           ("益生菌固体饮料", "滋补", 12900, 4, False), ("阿胶糕", "滋补", 19800, 3, False),
           ("胶原蛋白肽", "滋补", 29900, 3, True), ("燕窝礼盒", "滋补", 129900, 1, True),
           ("补水面膜(10片)", "护肤", 8900, 6, False), ("烟酰胺精华", "护肤", 16900, 4, False),
           ("修护面霜", "护肤", 22900, 3, True), ("防晒喷雾", "护肤", 6900, 4, False),
           ("氨基酸洁面", "护肤", 4900, 5, False), ("口红小样", "彩妆", 1990, 4, False),
           ("气垫粉底", "彩妆", 18900, 2, False), ("美容卡(10次)", "护理", 98000, 1, True),
           ("小气泡清洁护理", "护理", 19900, 2, True)]
ORDER_CHANNEL_POOL = (["小程序"] * 7 + ["门店"] * 6 + ["微信转账"] * 3 + ["直播间"] * 2
                      + ["视频号小店"] * 2)
MIN_ORDER_FEN, MAX_ORDER_FEN = 1990, 129900

# (kind, weight, notes) — notes are used for some of the rows of that kind
INTERACTION_KINDS = [
    ("chat", 34, ["问了发货时间", "咨询补水面膜怎么用", "聊了最近的皮肤状况", "说下周来店",
                  "问有没有新品", "反馈效果不错", "问券怎么用", "聊孩子和工作，关系不错"]),
    ("moments_like", 20, []),
    ("moments_comment", 10, ["评论：好想要", "评论：已下单", "评论：求链接", "评论：好美"]),
    ("group_message", 10, ["群里问券怎么用", "群里晒了使用效果", "接龙团购"]),
    ("store_visit", 6, ["到店做小气泡", "到店试色", "到店取货", "带朋友来店"]),
    ("enquiry", 8, ["咨询祛痘方案", "咨询价格", "问孕期能不能用", "问代餐怎么吃"]),
    ("script_sent", 10, []),
    ("note", 2, ["记录：对花粉过敏", "记录：生日在月底", "记录：喜欢周末来店"]),
]

TAG_GROUPS = [  # (name, single_choice, [(tag, colour)])
    ("来源", 1, list(zip(CHANNELS, ["#1E88E5", "#8D6E63", "#212121", "#43A047", "#E53935",
                                  "#FB8C00", "#D81B60", "#FDD835"], strict=True))),
    ("需求类型", 0, [("美白", "#F48FB1"), ("抗衰", "#CE93D8"), ("祛痘", "#EF9A9A"),
                 ("补水", "#81D4FA"), ("减脂", "#A5D6A7"), ("养胃", "#FFCC80"),
                 ("助眠", "#B39DDB")]),
    ("消费能力", 1, [("低", "#B0BEC5"), ("中", "#4FC3F7"), ("高", "#FFB300")]),
    ("活跃时段", 0, [("早上", "#FFF176"), ("午休", "#FFD54F"), ("晚上", "#7986CB"),
                 ("深夜", "#5C6BC0")]),
    ("偏好品类", 0, [("花茶", "#E57373"), ("护肤", "#64B5F6"), ("代餐", "#81C784"),
                 ("滋补", "#A1887F"), ("彩妆", "#F06292"), ("护理", "#4DB6AC")]),
    ("身份", 0, [("KOC", "#E53935"), ("团长", "#D81B60"), ("员工亲友", "#8E24AA")]),
]

SCRIPTS = [  # (title, category, target_tiers, target_stages, shortcut, favourite, body)
    ("新客欢迎语", "欢迎语", "", "potential", "hy", 1,
     ("{称呼}您好，我是{门店}的{顾问}～感谢添加！以后护肤、花茶、优惠活动都可以直接问我。"
      "回复“1”领取一张{优惠券}，新人专享哦🎁")),
    ("门店扫码欢迎语", "欢迎语", "", "potential", "md", 0,
     ("{昵称}您好呀，欢迎来到{门店}！今天到店的体验还满意吗？我是您的专属顾问{顾问}，"
      "有任何问题随时找我～")),
    ("包裹卡欢迎语", "欢迎语", "", "", "bgk", 0,
     ("{称呼}您好，收到您扫包裹卡添加啦～我是{顾问}。给您登记了{优惠券}，下次下单直接抵扣，"
      "有效期{天数}天。")),
    ("问候破冰", "破冰", "1,2", "", "", 0,
     ("{称呼}，最近天气变化大，皮肤有没有干干的感觉？我整理了一份换季护肤小贴士，"
      "需要的话发您一份～")),
    ("了解需求", "破冰", "", "", "xq", 0,
     ("想更好地帮到您，方便说说您现在最想改善的是哪方面吗？补水、美白、抗衰还是祛痘～"
      "我帮您搭配合适的方案。")),
    ("首单立减", "促首单", "1,2", "potential", "sd", 1,
     "{称呼}，您的{优惠券}还有{天数}天就过期啦，今天下单还送试用装，需要我帮您留一份吗？"),
    ("爆款推荐", "促首单", "", "potential", "", 0,
     ("这款玫瑰花茶是我们店回购率最高的，很多姐妹喝了说气色好多了～首单第二件半价，"
      "{称呼}要不要试试？")),
    ("限时体验", "促首单", "", "potential,new", "", 0,
     ("{门店}本周有小气泡清洁体验价，原价199，新客体验只要59，{称呼}这周哪天方便过来？"
      "我帮您约时间。")),
    ("复购提醒", "复购", "2,3,4,5", "new,growing,mature", "fg", 1,
     ("{称呼}，上次的产品算下来差不多快用完啦（已经{天数}天了），这周老客回购有{优惠券}，"
      "需要我帮您下单吗？")),
    ("搭配推荐", "复购", "3,4,5", "", "", 0,
     "{称呼}，您之前买的面霜搭配我们的烟酰胺精华效果更好，老客加购立减20，要不要一起带上？"),
    ("会员日提醒", "复购", "", "", "hyr", 0,
     ("明天周三会员日，全场9折再叠加{优惠券}，{称呼}有想囤的可以先告诉我，"
      "我帮您提前锁库存～")),
    ("30天未联系召回", "召回", "", "churned", "zh", 1,
     ("{称呼}，好久不见啦～最近店里上了几款新品，给老朋友准备了{优惠券}，{天数}天内有效，"
      "有空回来看看呀！")),
    ("衰退挽回", "召回", "", "declining", "", 0,
     ("{称呼}，好久没见您来了，是不是之前的产品有哪里不满意？您跟我说说，"
      "我给您申请了老客专属{优惠券}。")),
    ("沉睡唤醒", "召回", "", "churned", "", 0,
     "{昵称}，我是{门店}的{顾问}，给您留了一份回归礼，回复“回归”就能领取，不打扰您啦～"),
    ("收货回访", "售后回访", "", "new", "hf", 0,
     "{称呼}，您的包裹应该到了吧？用了几天感觉怎么样？有任何问题随时找我，{顾问}一直都在～"),
    ("使用指导", "售后回访", "", "", "", 0,
     ("{称呼}，这款精华建议晚上洁面后先用，取2-3滴按压至吸收，前两周可以隔天用，"
      "让皮肤慢慢适应哦。")),
    ("生日祝福", "节日", "", "", "sr", 1,
     ("{称呼}，生日快乐🎂！{门店}为您准备了一份生日礼和{优惠券}，"
      "{天数}天内到店或下单都可以使用，祝您越来越美～")),
    ("中秋问候", "节日", "", "", "", 0,
     "{称呼}，中秋快乐！月圆人团圆，{门店}全体小伙伴祝您和家人幸福安康🥮"),
    ("新年祝福", "节日", "", "", "", 0,
     "{称呼}新年好！感谢这一年的支持，新的一年{顾问}继续为您服务，祝您万事顺意、越来越美！"),
    ("福利群群规", "群规", "", "", "qg", 0,
     ("欢迎加入{门店}福利群🎉 群规：1. 每周二券日、周五闪购在群里首发；"
      "2. 禁止发广告和拉人；3. 有问题@{顾问}。")),
    ("邀请进群", "群规", "2,3,4,5", "", "jq", 0,
     ("{称呼}，我们有个老客福利群，每周二发券、周五闪购，比朋友圈更早更便宜，"
      "我拉您进来好吗？")),
    ("发货时间", "常见问题", "", "", "fh", 1,
     "亲，下午4点前下单当天发货，一般2-3天到，偏远地区4-5天，发货后我会把单号发给您～"),
    ("退换货", "常见问题", "", "", "th", 0,
     ("收到后7天内未拆封都可以无理由退换，拆封后如有过敏等问题也请第一时间联系我，"
      "我帮您处理。")),
    ("孕期能不能用", "常见问题", "", "", "", 0,
     ("孕期和哺乳期建议先暂停含视黄醇、水杨酸的产品，花茶类也建议先问问医生哦，"
      "我可以帮您挑温和的款。")),
    ("邀请转介绍", "裂变", "4,5", "", "zjs", 0,
     ("{称呼}，感谢您一直支持！现在推荐好友添加我，好友首单立减20，您也能得到{优惠券}，"
      "名额有限哦～")),
    ("VIP专属关怀", "VIP关怀", "5", "", "vip", 0,
     ("{称呼}，您是我们的超级VIP💎，本月给您预留了新品优先试用和专属{优惠券}，"
      "有空来店里坐坐，{顾问}请您喝茶～")),
    # the parcel-card sequence (包裹卡五步) and its variant for returning customers
    ("包裹卡①破冰", "破冰", "", "", "", 0,
     "{称呼}您好，我是{门店}的{顾问}～看到您扫了包裹卡，商品收到还满意吗？"),
    ("包裹卡②了解需求", "破冰", "", "", "", 0,
     "平时护肤最困扰您的是什么呢？干、油、敏感还是暗沉？我帮您看看怎么搭配更合适～"),
    ("包裹卡③塑造价值", "促首单", "", "", "", 0,
     "很多和您情况差不多的顾客，用了两周就反馈皮肤稳定多了，这是她们的真实反馈（附图）。"),
    ("包裹卡④促首单", "促首单", "", "", "", 0,
     "给您申请了{优惠券}，{天数}天内有效，今天下单还送同款小样，要不要先试试？"),
    ("包裹卡⑤邀请进群", "群规", "", "", "", 0,
     "我们有个老客福利群，每周二发券，我拉您进来，以后有活动第一时间通知您～"),
    ("包裹卡①老客欢迎回来", "破冰", "", "", "", 0,
     "{称呼}，又收到您的订单啦，谢谢老朋友的支持！这次用得还习惯吗？"),
]
SCRIPT_ID = {s[0]: i for i, s in enumerate(SCRIPTS, start=1)}
PARCEL_SEQUENCE = [(1, "all", "包裹卡①破冰", 0), (1, "returning", "包裹卡①老客欢迎回来", 0),
                   (2, "all", "包裹卡②了解需求", 1), (3, "all", "包裹卡③塑造价值", 2),
                   (4, "all", "包裹卡④促首单", 3), (5, "all", "包裹卡⑤邀请进群", 5)]

# (weekday 1 = Monday, local time, content type, body, hard ad)
WEEKLY_SLOTS = [(1, "09:00", "perk", "早安+今日福利", 0), (2, "15:00", "event", "券日预告", 0),
                (2, "17:00", "perk", "券日开抢", 1), (5, "19:00", "perk", "周末闪购", 1)]

# code, name, trigger, params, delay minutes, task title, script category, script title
SOP_RULES = [
    ("welcome", "新客欢迎", "contact_added", {}, 10, "发送欢迎语", "欢迎语", "新客欢迎语"),
    ("first_order_checkin", "首单回访", "first_order", {}, 3 * 24 * 60, "首单回访", "售后回访",
     "收货回访"),
    ("repurchase", "复购提醒", "days_after_last_order", {"default_days": 45}, 0, "复购提醒",
     "复购", "复购提醒"),
    ("recall_30d", "30天未互动召回", "no_interaction", {"days": 30}, 0, "召回：30天未互动", "召回",
     "30天未联系召回"),
    ("winback", "衰退期挽回", "entered_stage", {"stage": "declining"}, 0, "挽回：送老客券", "召回",
     "衰退挽回"),
    ("birthday", "生日祝福", "birthday", {"days_before": 0, "local_time": "09:00"}, 0, "生日祝福",
     "节日", "生日祝福"),
    ("referral_l4", "L4 邀请转介绍", "reached_tier", {"tier": 4}, 0, "邀请转介绍", "裂变",
     "邀请转介绍"),
    ("vip_l5", "L5 VIP 关怀", "reached_tier", {"tier": 5}, 0, "VIP 专属关怀", "VIP关怀",
     "VIP专属关怀"),
]
MANUAL_TASKS = [  # (title, about a contact)
    ("约到店体验小气泡", True), ("寄送补水面膜小样", True), ("确认收货地址", True),
    ("回复咨询：祛痘方案", True), ("跟进报价：胶原蛋白肽", True),
    ("邀请参加周六店庆", True), ("提醒美容卡预约", True), ("整理本周朋友圈素材", False),
    ("盘点花茶库存", False), ("准备周二券日文案", False), ("拍新品图", False)]

POST_BODIES = {  # content type → [(body, hard ad)]
    "product": [("🌹玫瑰花茶新一批到货，云南墨红，一朵一杯，泡出来是淡淡的玫红色～", 0),
                ("烟酰胺精华回购率第一名，不是没有道理的✨ 坚持用28天，暗沉真的会淡。", 0),
                ("代餐奶昔新口味：燕麦拿铁，一杯饱腹4小时。今天下单立减20！", 1)],
    "testimonial": [("顾客王姐用了一个月修护面霜，说换季再也不泛红了，比我还开心😊", 0),
                    ("收到老顾客的返图，气色好到发光！谢谢信任❤️", 0),
                    ("坚持喝了两个月红豆薏米，张姐说早上起来不水肿了～", 0)],
    "event": [("周二券日预告⏰ 明天下午5点准时开抢，满199减30，老客再叠加9折！", 1),
              ("本周六店庆，到店即送小样三件套，小气泡清洁体验价59元～", 1),
              ("直播预告：周四晚8点，店长手把手教你换季护肤，直播间有专属福利！", 0)],
    "daily": [("早安☀️ 今天也是元气满满的一天，给自己泡一杯花茶吧～", 0),
              ("今天店里来了好多老朋友，聊着聊着一下午就过去了，谢谢大家的陪伴💕", 0),
              ("下班路上的晚霞，好美🌇 辛苦一天的你也要好好爱自己。", 0)],
    "knowledge": [("换季皮肤干痒怎么办？洗脸水温别超过38度，洁面后3分钟内保湿。", 0),
                  ("美白成分怎么选？烟酰胺、VC、熊果苷各有侧重，敏感肌先从低浓度开始～", 0),
                  ("花茶怎么泡才好喝？85度水温，闷3分钟，香气最足。", 0)],
    "perk": [("🎁早安福利：今天前10位私信“早安”的朋友，送玫瑰花茶试饮装一份！", 1),
             ("周五闪购⚡ 今晚7点-10点，胶原蛋白肽第二件半价，限量50份！", 1),
             ("会员日福利：全场9折，满299再送面膜一盒，仅限今天！", 1)],
}
POST_TYPE_POOL = (["product"] * 3 + ["testimonial"] * 2 + ["event"] + ["daily"] * 3
                  + ["knowledge"] * 2 + ["perk"] * 2)
POST_TIMES = ["08:30", "09:00", "12:00", "12:30", "18:30", "19:00", "20:00", "21:30"]

# Local (Asia/Shanghai) hour of the day → weight, for when people chat and buy.
LOCAL_HOUR_WEIGHTS = {7: 1, 8: 3, 9: 5, 10: 6, 11: 6, 12: 8, 13: 6, 14: 5, 15: 5, 16: 5, 17: 5,
                      18: 6, 19: 8, 20: 10, 21: 10, 22: 7, 23: 3, 0: 1}

# Personas: share of contacts, relative order and interaction volume, recency exponents
# (event time = end − span·u**exp: exp > 1 crowds events towards the end of the active span).
POTENTIAL, LIGHT, REGULAR, LOYAL, LAPSED = range(5)
PERSONA_SHARE = [0.35, 0.25, 0.20, 0.08, 0.12]
PERSONA_ORDERS = [0.0, 0.7, 2.5, 7.0, 2.2]
PERSONA_INTERACTIONS = [1.0, 2.5, 5.0, 14.0, 4.0]
PERSONA_I_EXP = [1.0, 1.8, 2.0, 2.5, 1.0]
PERSONA_O_EXP = [1.0, 1.3, 1.4, 1.6, 1.0]

TIER_UP_REASON = {2: "近30天互动 ≥ 3 或有消费", 3: "近30天互动 ≥ 5 或复购 2 笔",
                  4: "近30天互动 ≥ 10 或下单 ≥ 3 笔", 5: "近12个月消费 ≥ ¥5,000"}


def _yuan(fen: int) -> str:
    return f"¥{fen / 100:,.0f}" if fen % 100 == 0 else f"¥{fen / 100:,.1f}"


def _weighted(items: list[tuple[object, float]], rng: random.Random, n: int) -> list[object]:
    values = [v for v, _ in items]
    weights = [w for _, w in items]
    return rng.choices(values, weights=weights, k=n)


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------

class _Gen:
    """State of one fill: the rng, the clock and the lookup pools."""

    def __init__(self, rng: random.Random, now: datetime, orders_per_contact: float,
                 interactions_per_contact: float) -> None:
        self.rng = rng
        self.now = now
        self.base = datetime.combine(now.date() - timedelta(days=HISTORY_DAYS + 40), time())
        self.now_s = int((now - self.base).total_seconds())
        days = HISTORY_DAYS + 40 + 60
        self.days = [(self.base + timedelta(days=d)).strftime("%Y-%m-%d") for d in range(days)]
        self.tods = [f" {h:02d}:{m:02d}:{s:02d}"
                     for h in range(24) for m in range(60) for s in range(60)]
        local_now = now.replace(tzinfo=UTC).astimezone(SHANGHAI)
        self.local_today = local_now.date()

        hours = _weighted([((h - 8) % 24, w) for h, w in LOCAL_HOUR_WEIGHTS.items()], rng, 4096)
        self.tod_pool = [h * 3600 + rng.randrange(3600) for h in hours]

        sum_o = sum(s * w for s, w in zip(PERSONA_SHARE, PERSONA_ORDERS, strict=True))
        sum_i = sum(s * w for s, w in zip(PERSONA_SHARE, PERSONA_INTERACTIONS, strict=True))
        self.order_mean = [w * orders_per_contact / sum_o for w in PERSONA_ORDERS]
        self.inter_mean = [w * interactions_per_contact / sum_i for w in PERSONA_INTERACTIONS]
        self.persona_pool = [p for p, s in enumerate(PERSONA_SHARE) for _ in range(round(s * 100))]

        self.order_pool = self._order_pool(rng, premium=False, n=2000)
        self.premium_pool = self._order_pool(rng, premium=True, n=500)
        self.interaction_pool = self._interaction_pool(rng, n=2000)
        self.mmdd = [(date(2001, 1, 1) + timedelta(days=d)).strftime("%m-%d") for d in range(365)]
        self.used_wechat: set[str] = set()
        self.used_phone: set[str] = set()

    def ts(self, s: int) -> str:
        return self.days[s // DAY] + self.tods[s % DAY]

    def dt_to_s(self, dt: datetime) -> int:
        return int((dt - self.base).total_seconds())

    def local_to_s(self, day: date, hhmm: str) -> int:
        h, m = map(int, hhmm.split(":"))
        utc = datetime.combine(day, time(h, m)) - timedelta(hours=8)
        return self.dt_to_s(utc)

    @staticmethod
    def _order_pool(rng: random.Random, premium: bool, n: int) -> list[tuple[int, str, str]]:
        if premium:
            items = [(c, c[3] * 4 if c[4] else c[3] / 2) for c in CATALOG]
        else:
            items = [(c, c[3]) for c in CATALOG]
        pool = []
        for item, category, price, _w, _p in _weighted(items, rng, n):
            r = rng.random()
            qty = 1 if price > 50000 or r < 0.78 else (2 if r < 0.94 else 3)
            amount = price * qty
            r = rng.random()
            if r < 0.2:
                amount = amount * 9 // 10 // 10 * 10
            elif r < 0.3 and amount > 5000:
                amount -= 1000
            pool.append((min(max(amount, MIN_ORDER_FEN), MAX_ORDER_FEN), item, category))
        return pool

    @staticmethod
    def _interaction_pool(rng: random.Random, n: int) -> list[tuple[str, str, int | None]]:
        pool = []
        kinds = _weighted([(k, w) for k, w, _ in INTERACTION_KINDS], rng, n)
        notes = {k: ns for k, _, ns in INTERACTION_KINDS}
        for kind in kinds:
            note = rng.choice(notes[kind]) if notes[kind] and rng.random() < 0.35 else ""
            script = rng.randrange(1, len(SCRIPTS) + 1) if kind == "script_sent" else None
            pool.append((kind, note, script))
        return pool

    # -- names ----------------------------------------------------------------------------------

    def real_name(self, gender: str) -> tuple[str, str]:
        rng = self.rng
        surname = SURNAME_POOL[int(rng.random() * len(SURNAME_POOL))]
        chars = GIVEN_FEMALE if gender == "female" else GIVEN_MALE if gender == "male" else (
            GIVEN_FEMALE + GIVEN_MALE)
        r = rng.random()
        if r < 0.3:
            given = chars[int(rng.random() * len(chars))]
        elif r < 0.45:
            given = (GIVEN_ANY[int(rng.random() * len(GIVEN_ANY))]
                     + chars[int(rng.random() * len(chars))])
        else:
            given = chars[int(rng.random() * len(chars))] + chars[int(rng.random() * len(chars))]
        return surname, given

    def net_name(self, surname: str, given: str, gender: str) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.35:
            word = NET_WORDS[int(rng.random() * len(NET_WORDS))]
            return word + NET_SUFFIX[int(rng.random() * len(NET_SUFFIX))]
        if r < 0.50:
            return NET_PREFIX[int(rng.random() * len(NET_PREFIX))] + (
                NET_WORDS[int(rng.random() * len(NET_WORDS))] if rng.random() < 0.4 else given)
        if r < 0.65:
            c = REPEAT_CHARS[int(rng.random() * len(REPEAT_CHARS))]
            return c + c + NET_SUFFIX[int(rng.random() * len(NET_SUFFIX))]
        if r < 0.85:
            names = EN_MALE if gender == "male" else EN_FEMALE
            en = names[int(rng.random() * len(names))]
            r2 = rng.random()
            if r2 < 0.3:
                return en + surname
            if r2 < 0.45:
                return f"{en}_{rng.randrange(10, 100)}"
            if r2 < 0.55:
                return en.upper()
            return en
        if r < 0.93:
            return "A" + surname + given  # sellers put "A" in front to sort first
        return "小" + given[-1] + ("儿" if rng.random() < 0.5 else "子")

    def remark(self, surname: str, given: str, gender: str, nickname: str, phone: str,
               channel: str, city: str) -> str:
        rng = self.rng
        r = rng.random()
        if gender == "male":
            honorific = "先生" if r < 0.7 else "哥"
        elif not gender:
            honorific = "老师" if r < 0.5 else ("总" if r < 0.8 else "同学")
        else:
            honorific = ["姐", "女士", "小姐", "阿姨", "姐"][int(rng.random() * 5)]
        r = rng.random()
        if r < 0.22:
            return f"{surname}{honorific}-{NEEDS[int(rng.random() * len(NEEDS))]}"
        if r < 0.38:
            digits = phone[:3] if phone and rng.random() < 0.5 else (
                phone[-4:] if phone else str(rng.randrange(100, 1000)))
            return f"{surname}{honorific} {digits}"
        if r < 0.48:
            return f"{surname}{honorific}(老客)"
        if r < 0.63:
            return f"{surname}{given}-{city or channel}"
        if r < 0.75:
            return f"{channel}-{surname}{honorific}"
        if r < 0.88:
            return surname + given
        if r < 0.95:
            return f"{surname}{honorific}" if nickname.startswith(surname) else (
                f"{nickname}-{surname}")
        return f"A{surname}总" if gender == "male" else f"{surname}{given}（VIP）"

    # -- one chunk of contacts ---------------------------------------------------------------------

    def chunk(self, first_id: int, count: int, tag_ids: dict[tuple[str, str], int],
              candidates: dict[str, list]) -> dict[str, list]:
        rng = self.rng
        rand = rng.random
        now_s = self.now_s
        ts = self.ts
        days, tods = self.days, self.tods   # ts() inlined in the two hottest loops
        tod_pool, tod_n = self.tod_pool, len(self.tod_pool)
        ipool, ipool_n = self.interaction_pool, len(self.interaction_pool)
        t30, t90, t365 = now_s - 30 * DAY, now_s - 90 * DAY, now_s - 365 * DAY
        upcoming_bdays = {(self.local_today + timedelta(days=k)).strftime("%m-%d"): k
                          for k in range(8)}

        # pass 1: who they are
        people = []
        for cid in range(first_id, first_id + count):
            persona = self.persona_pool[int(rand() * len(self.persona_pool))]
            r = rand()
            gender = "female" if r < 0.65 else ("male" if r < 0.9 else "")
            surname, given = self.real_name(gender)
            nickname = surname + given if rand() < 0.4 else self.net_name(surname, given, gender)
            phone = ""
            if rand() < 0.75:
                while True:
                    phone = (PHONE_PREFIXES[int(rand() * len(PHONE_PREFIXES))]
                             + f"{int(rand() * 100_000_000):08d}")
                    if phone not in self.used_phone:
                        self.used_phone.add(phone)
                        break
            channel = CHANNEL_POOL[int(rand() * len(CHANNEL_POOL))]
            city = CITY_POOL[int(rand() * len(CITY_POOL))]
            remark = (self.remark(surname, given, gender, nickname, phone, channel, city)
                      if rand() < 0.6 else "")
            # added_at: a few this week, some this month, the rest over two years
            r = rand()
            if persona == LAPSED:
                age = 60 * DAY + int(rand() * (HISTORY_DAYS - 60) * DAY)
            elif r < 0.03:
                age = int(rand() * 7 * DAY)
            elif r < 0.08:
                age = 7 * DAY + int(rand() * 23 * DAY)
            else:
                age = 30 * DAY + int(rand() ** 1.3 * (HISTORY_DAYS - 30) * DAY)
            added = now_s - age
            added = min((added // DAY) * DAY + tod_pool[int(rand() * tod_n)], now_s)
            people.append((cid, persona, gender, nickname, remark, phone, channel, city, added))

        nick_keys = bulk_name_keys(p[3] for p in people)
        remark_keys = bulk_name_keys(p[4] for p in people)

        contacts, links, ctags, orders, inters, history = [], [], [], [], [], []
        for (cid, persona, gender, nickname, remark, phone, channel, city, added), \
                (npy, nini), (rpy, rini) in zip(people, nick_keys, remark_keys, strict=True):
            # wechat id, accounts
            wechat_id = ""
            if rand() < 0.7:
                if rand() < 0.45:
                    base = "wxid_" + "".join(rng.choices(WXID_CHARS, k=14))
                else:
                    stem = npy[:10] if len(npy) >= 2 and npy[0].isalpha() else "user"
                    sep = "_" if rand() < 0.3 else ""
                    base = f"{stem}{sep}{rng.randrange(1, 10_000)}"
                    if len(base) < 6:
                        base += str(rng.randrange(1000, 10_000))
                wechat_id = base if base not in self.used_wechat else f"{base}{cid}"
                self.used_wechat.add(wechat_id)
            owner = ACCOUNT_POOL[int(rand() * len(ACCOUNT_POOL))]
            wecom_id = ""
            links.append((cid, owner, remark, "", ts(added), channel))
            if rand() < 0.1:
                other = (owner % 3) + 1 if rand() < 0.5 else ((owner + 1) % 3) + 1
                linked = min(added + int(rand() * 120 * DAY), now_s)
                links.append((cid, other, remark if rand() < 0.5 else "",
                              "老客转过来的" if rand() < 0.5 else "", ts(linked),
                              "老客推荐" if rand() < 0.5 else channel))
                if other == 3:
                    wecom_id = _wecom_id(rng)
            if owner == 3:
                wecom_id = _wecom_id(rng)
            r = rand()
            birthday = ""
            if r < 0.01:  # a few birthdays in the coming week, for the birthday SOP
                mmdd = (self.local_today + timedelta(days=int(rand() * 7))).strftime("%m-%d")
                birthday = f"{rng.randrange(1965, 2004)}-{mmdd}" if mmdd != "02-29" else ""
            elif r < 0.4:
                mmdd = self.mmdd[int(rand() * 365)]
                birthday = (f"{rng.randrange(1965, 2004)}-{mmdd}" if rand() < 0.7
                            else f"--{mmdd}")
            notes = NOTES[int(rand() * len(NOTES))] if rand() < 0.15 else ""

            # activity
            span_end = now_s
            if persona == LAPSED:
                age_days = (now_s - added) // DAY
                gap = rng.randrange(35, max(36, min(300, age_days - 20)))
                span_end = max(added, now_s - gap * DAY)
            span = span_end - added
            n_orders = 0 if persona == POTENTIAL else int(
                self.order_mean[persona] * 2 * rand() + 0.5)
            n_inter = int(self.inter_mean[persona] * 2 * rand() + 0.5)

            # interactions: rows straight away (the index is built after the load, so their
            # order does not matter); only the count in 30 days and the first/last are kept
            i30 = 0
            first_i = last_i = None
            if n_inter:
                first_i, last_i = now_s + 1, -1
                iexp = PERSONA_I_EXP[persona]
                early = min(span, 14 * DAY)   # potential: a few words around the day added
                for _ in range(n_inter):
                    if persona == POTENTIAL:
                        t = added + int(early * rand() ** 2)
                    else:
                        t = span_end - int(span * rand() ** iexp)
                    t = t - t % DAY + tod_pool[int(rand() * tod_n)]
                    if t < added:
                        t = added + int(rand() * 1800)
                    if t > now_s:
                        t = max(now_s - int(rand() * 600), added)
                    kind, note, script_id = ipool[int(rand() * ipool_n)]
                    inters.append((cid, kind, days[t // DAY] + tods[t % DAY], note, script_id))
                    if t >= t30:
                        i30 += 1
                    if t < first_i:
                        first_i = t
                    if t > last_i:
                        last_i = t

            pool = self.premium_pool if persona == LOYAL and rand() < 0.5 else self.order_pool
            pool_n = len(pool)
            oexp = PERSONA_O_EXP[persona]
            otimes = []
            for _ in range(n_orders):
                t = span_end - int(span * rand() ** oexp)
                t = t - t % DAY + tod_pool[int(rand() * tod_n)]
                if t < added:
                    t = added + int(rand() * 3600)
                if t > now_s:
                    t = max(now_s - int(rand() * 600), added)
                otimes.append(t)
            otimes.sort()
            o30 = a30 = s365 = o90 = total = 0
            last_item = last_category = ""
            first_item = ""
            for t in otimes:
                amount, item, category = pool[int(rand() * pool_n)]
                orders.append((cid, days[t // DAY] + tods[t % DAY], amount, item, category,
                               ORDER_CHANNEL_POOL[int(rand() * len(ORDER_CHANNEL_POOL))]))
                total += amount
                if not first_item:
                    first_item = item
                last_item, last_category = item, category
                if t >= t365:
                    s365 += amount
                    if t >= t90:
                        o90 += 1
                        if t >= t30:
                            o30 += 1
                            a30 += amount

            last_o = otimes[-1] if otimes else None
            last_act = max(added, last_i or 0, last_o or 0)

            tier, tier_reason = _tier(i30, o30, a30, s365)
            stage, stage_reason = _stage(now_s, added, last_act, n_orders, o90, total,
                                         n_orders - o90)
            pinned = 0
            computed_tier = tier
            if n_orders and rand() < 0.03:
                pinned = 1
                tier = max(tier, 3 + int(rand() * 3))
                tier_reason = "手动设定：店长认识的老客户，重点维护"

            contacts.append((
                cid, nickname, remark, wechat_id, wecom_id, phone, gender, city, birthday,
                owner, channel, ts(added), notes, tier, pinned, tier_reason, stage, stage_reason,
                npy, nini, rpy, rini, rpy if remark else npy, phone[::-1],
                ts(added), ts(added)))

            # tags (0–5, at most one per single-choice group)
            tags = []
            if rand() < 0.85:
                tags.append(tag_ids["来源", channel])
            if n_orders and rand() < 0.75:
                level = "高" if total >= 200_000 else ("中" if total >= 30_000 else "低")
                tags.append(tag_ids["消费能力", level])
            if last_category and rand() < 0.6:
                tags.append(tag_ids["偏好品类", last_category])
            for _ in range(MULTI_TAG_COUNTS[int(rand() * len(MULTI_TAG_COUNTS))]):
                tag = tag_ids[MULTI_TAGS[int(rand() * len(MULTI_TAGS))]]
                if tag not in tags:
                    tags.append(tag)
            if persona == LOYAL and rand() < 0.2:
                tags.append(tag_ids["身份", "KOC"])
            elif persona == LOYAL and rand() < 0.06:
                tags.append(tag_ids["身份", "团长"])
            elif rand() < 0.01:
                tags.append(tag_ids["身份", "员工亲友"])
            for tag in tags[:5]:
                ctags.append((cid, tag))

            # layer history: the climb to the peak tier, then the fall of lapsed contacts
            first_event = min(now_s if first_i is None else first_i,
                              otimes[0] if otimes else now_s)
            peak = computed_tier
            if stage in ("churned", "declining") and (n_orders or n_inter >= 3):
                peak = max(computed_tier, min(4, 2 + n_orders // 2))
            if peak > 1:
                climb_end = last_act if peak > computed_tier else now_s
                step = max(1, (climb_end - first_event) // peak)
                t = first_event
                for level in range(2, peak + 1):
                    history.append((cid, "tier", str(level - 1), str(level), ts(t),
                                    TIER_UP_REASON[level]))
                    t = min(t + step // 2 + int(rand() * step), climb_end)
                if peak > computed_tier:
                    t = min(last_act + 31 * DAY, now_s)
                    history.append((cid, "tier", str(peak), str(computed_tier), ts(t),
                                    "近30天无互动、无消费，重新分层"))
            if pinned and tier != computed_tier:
                history.append((cid, "tier", str(computed_tier), str(tier),
                                ts(now_s - int(rand() * 20 * DAY)), "手动设定"))
            if otimes:
                history.append((cid, "stage", "potential", "new", ts(otimes[0]),
                                f"首单 {first_item}"))
                if len(otimes) >= 2:
                    history.append((cid, "stage", "new", "growing", ts(otimes[1]),
                                    "累计下单 2 笔"))
                if stage == "mature" and len(otimes) >= 3:
                    history.append((cid, "stage", "growing", "mature", ts(otimes[2]),
                                    stage_reason))
            if stage in ("churned", "declining"):
                prev = ("potential" if not otimes else "new" if len(otimes) == 1
                        else "growing")
                t = min(last_act + 31 * DAY, now_s) if stage == "churned" else now_s - int(
                    rand() * 30 * DAY)
                history.append((cid, "stage", prev, stage, ts(t), stage_reason))

            # candidates for tasks
            if now_s - added <= 3 * DAY:
                candidates["welcome"].append((cid, added, ""))
            if len(otimes) == 1 and now_s - otimes[0] <= 10 * DAY:
                candidates["first_order_checkin"].append((cid, otimes[0], first_item))
            if last_o is not None and 35 * DAY <= now_s - last_o <= 60 * DAY:
                candidates["repurchase"].append((cid, last_o, last_item))
            if stage == "churned" and now_s - last_act <= 60 * DAY:
                candidates["recall_30d"].append((cid, last_act, ""))
            if stage == "declining":
                candidates["winback"].append((cid, now_s, ""))
            if birthday and birthday[-5:] in upcoming_bdays:
                candidates["birthday"].append((cid, upcoming_bdays[birthday[-5:]], ""))
            if tier == 4:
                candidates["referral_l4"].append((cid, now_s, ""))
            elif tier == 5:
                candidates["vip_l5"].append((cid, now_s, ""))
            if rand() < 0.05:  # people for manual tasks
                candidates["any"].append(cid)

        return {"contacts": contacts, "links": links, "tags": ctags, "orders": orders,
                "interactions": inters, "history": history}


MULTI_TAGS = [(group, tag) for group, _single, members in TAG_GROUPS
              if group in ("需求类型", "活跃时段", "偏好品类") for tag, _colour in members]
MULTI_TAG_COUNTS = [0, 0, 1, 1, 1, 2, 2, 3]

def _wecom_id(rng: random.Random) -> str:
    """Looks like a WeCom external_userid: 'wm' + 30 url-safe characters."""
    return "wm" + base64.urlsafe_b64encode(rng.randbytes(24)).decode()[:30]


def _tier(i30: int, o30: int, a30: int, s365: int) -> tuple[int, str]:
    """A simplified reading of PRODUCT.md's default tier rules, evaluated from L5 down."""
    avg30 = a30 // o30 if o30 else 0
    if s365 >= 500_000:
        return 5, f"近12个月消费 {_yuan(s365)} ≥ ¥5,000"
    if i30 >= 10:
        return 4, f"近30天互动 {i30} 次 ≥ 10"
    if o30 >= 3:
        return 4, f"近30天下单 {o30} 笔 ≥ 3"
    if o30 and avg30 > 20_000:
        return 4, f"近30天客单价 {_yuan(avg30)} > ¥200"
    if i30 >= 5:
        return 3, f"近30天互动 {i30} 次 ≥ 5"
    if o30 >= 2 and 5_000 <= avg30 <= 20_000:
        return 3, f"近30天下单 {o30} 笔，客单价 {_yuan(avg30)}"
    if i30 >= 3:
        return 2, f"近30天互动 {i30} 次 ≥ 3"
    if o30 >= 1:
        return 2, f"近30天下单 {o30} 笔 ≥ 1"
    return 1, f"近30天互动 {i30} 次，无消费" if i30 else "近30天无互动、无消费"


def _stage(now_s: int, added: int, last_act: int, n_orders: int, o90: int, total: int,
           before90: int) -> tuple[str, str]:
    """A simplified reading of PRODUCT.md's default lifecycle rules, first match wins."""
    idle_days = (now_s - last_act) // DAY
    if idle_days > 30:
        return "churned", f"已 {idle_days} 天无互动、无消费 > 30"
    if n_orders >= 2:
        periods = max(1.0, (now_s - 90 * DAY - added) / (90 * DAY))
        rate = before90 / periods
        if before90 and o90 < rate / 2:
            return "declining", f"近90天下单 {o90} 笔，不到以往每90天 {rate:.1f} 笔的一半"
    if o90 >= 3:
        return "mature", f"近90天下单 {o90} 笔 ≥ 3"
    if n_orders >= 2 and total // n_orders >= 50_000:
        return "mature", f"客单价 {_yuan(total // n_orders)} ≥ ¥500"
    if n_orders >= 2:
        return "growing", f"累计下单 {n_orders} 笔"
    if n_orders == 1:
        return "new", "已完成首单"
    return "potential", "尚未下单"


# ---------------------------------------------------------------------------------------------
# Fixed content: accounts, tags, scripts, templates, rules, posts, tasks
# ---------------------------------------------------------------------------------------------

def _write_setup(conn: sqlite3.Connection, g: _Gen
                 ) -> tuple[dict, dict[tuple[str, str], int], dict[str, int]]:
    created = g.ts(g.now_s - HISTORY_DAYS * DAY - 10 * DAY)
    counts = {"accounts": bulk.insert_accounts(conn, [a + (created,) for a in ACCOUNTS])}
    groups, tags, tag_ids = [], [], {}
    for gid, (name, single, members) in enumerate(TAG_GROUPS, start=1):
        groups.append((gid, name, single, gid))
        for pos, (tag, colour) in enumerate(members, start=1):
            tag_ids[name, tag] = len(tags) + 1
            tags.append((len(tags) + 1, gid, tag, colour, pos))
    counts["tag_groups"] = bulk.insert_tag_groups(conn, groups)
    counts["tags"] = bulk.insert_tags(conn, tags)

    rng = g.rng
    scripts = []
    for sid, (title, category, tiers, stages, shortcut, fav, body) in enumerate(SCRIPTS, 1):
        usage = int(rng.random() ** 2 * 300) if rng.random() < 0.8 else 0
        last_used = g.ts(g.now_s - int(rng.random() * 30 * DAY)) if usage else None
        scripts.append((sid, title, category, body, tiers, stages, shortcut, fav, usage,
                        last_used, created, created))
    counts["scripts"] = bulk.insert_scripts(conn, scripts)
    counts["sequences"] = bulk.insert_sequences(
        conn, [(1, "包裹卡五步",
                "扫包裹卡添加的客户：破冰 → 了解需求 → 塑造价值 → 促首单 → 邀请进群")])
    counts["sequence_steps"] = bulk.insert_sequence_steps(
        conn, [(1, pos, variant, SCRIPT_ID[title], delay)
               for pos, variant, title, delay in PARCEL_SEQUENCE])
    counts["slot_templates"] = bulk.insert_slot_templates(conn, [(1, "每周节奏")])
    counts["slots"] = bulk.insert_slots(conn, [(1,) + s for s in WEEKLY_SLOTS])
    rule_ids = bulk.ensure_sop_rules(conn, [
        (code, name, trigger, json.dumps(params, ensure_ascii=False), delay, title, category,
         1, 1)
        for code, name, trigger, params, delay, title, category, _script in SOP_RULES])
    counts["sop_rules"] = len(rule_ids)
    return counts, tag_ids, rule_ids


def _posts(g: _Gen, tag_ids: dict[tuple[str, str], int]) -> tuple[list, list, list]:
    """Moments posts from three weeks ago to two weeks ahead, three of them today.

    Returns (posts, visibility tag rows, today's pending posts as (id, planned_s, body)).
    """
    rng = g.rng
    posts, visibility, today_pending = [], [], []
    slots: dict[int, list] = {}
    for weekday, hhmm, ctype, body, hard in WEEKLY_SLOTS:
        slots.setdefault(weekday, []).append((hhmm, ctype, body, hard))
    for offset in range(-21, 15):
        day = g.local_today + timedelta(days=offset)
        plan = [(hhmm, ctype, f"{body}：{POST_BODIES[ctype][0][0]}", hard)
                for hhmm, ctype, body, hard in slots.get(day.isoweekday(), [])]
        extra = 3 - len(plan) if offset == 0 else (1 if rng.random() < 0.6 else 2)
        taken = [p[0] for p in plan]
        for hhmm in rng.sample([t for t in POST_TIMES if t not in taken], max(0, extra)):
            ctype = POST_TYPE_POOL[int(rng.random() * len(POST_TYPE_POOL))]
            body, hard = POST_BODIES[ctype][int(rng.random() * len(POST_BODIES[ctype]))]
            plan.append((hhmm, ctype, body, hard))
        for hhmm, ctype, body, hard in sorted(plan):
            planned = g.local_to_s(day, hhmm)
            post_id = len(posts) + 1
            if planned <= g.now_s:
                status = "posted" if offset == 0 or rng.random() < 0.85 else "skipped"
            else:
                status = "pending" if offset == 0 or rng.random() < 0.4 else "draft"
            if offset == 0 and status == "pending":
                today_pending.append((post_id, planned, body))
            posted_at = (g.ts(min(planned + int(rng.random() * 1200), g.now_s))
                         if status == "posted" else None)
            created = g.ts(min(planned - int((1 + rng.random() * 5) * DAY), g.now_s))
            r = rng.random()
            vis = "everyone" if r < 0.85 else ("only_tags" if r < 0.95 else "except_tags")
            if vis == "only_tags":
                need = ["美白", "补水", "抗衰"][int(rng.random() * 3)]
                visibility.append((post_id, tag_ids["需求类型", need]))
            elif vis == "except_tags":
                visibility.append((post_id, tag_ids["身份", "员工亲友"]))
            campaign = ("周三会员日" if day.isoweekday() == 3
                        else "周二券日" if day.isoweekday() == 2 and ctype in ("event", "perk")
                        else "")
            account = 1 if rng.random() < 0.7 else 2
            posts.append((post_id, g.ts(planned), account, ctype, body, vis, status, hard,
                          campaign, posted_at, created, posted_at or created))
    return posts, visibility, today_pending


def _tasks(g: _Gen, size: int, candidates: dict[str, list], rule_ids: dict[str, int],
           today_posts: list[tuple[int, int, str]]) -> list[tuple]:
    """~size/20 open tasks (overdue, today, next week; at least two today) and some done."""
    rng = g.rng
    now_s = g.now_s
    today = g.local_today
    n_open = max(8, size // 20) if size else 0
    n_done = n_open // 2
    tasks: list[tuple] = []
    spread_count = 0

    def spread_due() -> int:
        """Past week (overdue) 30 %, today 25 %, next week 45 %; the first two today."""
        nonlocal spread_count
        spread_count += 1
        r = 0.4 if spread_count <= 2 else rng.random()
        if r < 0.3:
            return now_s - 3600 - int(rng.random() * 6 * DAY)
        day = today if r < 0.55 else today + timedelta(days=1 + int(rng.random() * 7))
        hhmm = f"{9 + int(rng.random() * 12):02d}:{int(rng.random() * 4) * 15:02d}"
        return g.local_to_s(day, hhmm)

    def past_due() -> int:
        return now_s - int((1 + rng.random() * 13) * DAY)

    def add(title: str, cid: int | None, due: int, status: str, source: str,
            rule: str | None = None, key: str | None = None, script: int | None = None,
            post: int | None = None, recurrence: str = "") -> None:
        remind = g.ts(due - 600) if status == "open" and rng.random() < 0.5 else None
        done_at = (g.ts(min(due + int(rng.random() * 6 * 3600), now_s))
                   if status == "done" else None)
        created = g.ts(min(due, now_s) - int(rng.random() * 3 * DAY))
        tasks.append((title, cid, g.ts(due), remind, recurrence, 1 + int(rng.random() * 3),
                      status, source, rule_ids.get(rule) if rule else None, key, script, post,
                      "", done_at, created))

    # SOP tasks: each rule picks distinct contacts, so (rule, contact, trigger_key) is unique
    shares = {"welcome": 0.15, "first_order_checkin": 0.08, "repurchase": 0.2,
              "recall_30d": 0.12, "winback": 0.06, "birthday": 0.06, "referral_l4": 0.04,
              "vip_l5": 0.03}
    for code, _name, _trigger, _params, _delay, title, _category, script in SOP_RULES:
        want_open = max(1, round(n_open * shares[code])) if n_open else 0
        want_done = round(n_done * shares[code])
        pool = candidates[code]
        picked = rng.sample(pool, min(len(pool), want_open + want_done))
        for k, (cid, when, item) in enumerate(picked):
            status = "open" if k < want_open else "done"
            if code == "welcome":      # due 10 minutes after being added
                due, key = when + 600, "added"
                status = "open" if now_s - when <= DAY else "done"
            elif code == "birthday":   # `when` = days until the birthday
                day = today + timedelta(days=when)
                due, key, status = g.local_to_s(day, "09:00"), f"birthday:{day.year}", "open"
            else:
                due = spread_due() if status == "open" else past_due()
                key = {"repurchase": f"order:{g.ts(when)[:10]}",
                       "recall_30d": f"silent:{g.ts(when)[:10]}"}.get(code, code)
            add(f"{title}：{item}" if item else title, cid, due, status, "sop", code, key,
                SCRIPT_ID[script])

    # manual tasks fill up to the target; some without a contact; one weekly
    open_so_far = sum(1 for t in tasks if t[6] == "open")
    people = candidates["any"]
    for k in range(max(0, n_open - open_so_far) + n_done // 3):
        title, with_contact = MANUAL_TASKS[int(rng.random() * len(MANUAL_TASKS))]
        cid = people[int(rng.random() * len(people))] if with_contact and people else None
        if k < n_open - open_so_far:
            add(title, cid, spread_due(), "open", "manual")
        else:
            add(title, cid, past_due(), "done", "manual")
    if n_open:
        monday = today + timedelta(days=7 - today.weekday())
        add("盘点花茶库存", None, g.local_to_s(monday, "10:00"), "open", "manual",
            recurrence="weekly")
    for post_id, planned, body in today_posts:   # reminders for today's pending posts
        add("发朋友圈：" + body[:12], None, planned, "open", "moments", post=post_id)
    return tasks


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------

def fill_demo(conn: sqlite3.Connection, *, size: int = 2000, seed: int = 20261123,
              now: datetime | None = None, orders_per_contact: float = 1.5,
              interactions_per_contact: float = 4.0,
              progress: Callable[[int, int], None] | None = None,
              cancel: threading.Event | None = None) -> DemoSummary:
    """Fill an empty database with `size` sample contacts and everything around them.

    Raises DemoRefused when the database already has data (nothing is written), DemoCancelled
    when `cancel` is set between chunks (everything is rolled back).
    """
    if size < 0:
        raise ValueError("size must be ≥ 0")
    if now is None:
        now = datetime.now(UTC)
    if now.tzinfo is not None:
        now = now.astimezone(UTC).replace(tzinfo=None)
    now = now.replace(microsecond=0)

    with transaction(conn):
        if bulk.has_user_data(conn):
            counts = bulk.user_data_counts(conn)
            what = (f"{counts['contacts']} 位客户" if counts["contacts"]
                    else "已有账号、标签、话术或任务")
            raise DemoRefused(f"这个数据库里已经有数据（{what}），示例数据只能填入新的空数据库。"
                              "请用 --db 指定一个新文件。")
        with bulk.bulk_load(conn):
            counts = _fill(conn, size, seed, now, orders_per_contact, interactions_per_contact,
                           progress, cancel)
    return DemoSummary(**counts)


def _fill(conn, size, seed, now, orders_per_contact, interactions_per_contact, progress,
          cancel) -> dict[str, int]:
    def check_cancel() -> None:
        if cancel is not None and cancel.is_set():
            raise DemoCancelled("已取消，示例数据没有写入。")

    g = _Gen(random.Random(seed), now, orders_per_contact, interactions_per_contact)
    candidates: dict[str, list] = {k: [] for k in (
        "welcome", "first_order_checkin", "repurchase", "recall_30d", "winback", "birthday",
        "referral_l4", "vip_l5", "any")}
    with bulk.indexes_deferred(conn, DEFERRED):
        counts, tag_ids, rule_ids = _write_setup(conn, g)
        for key in ("contacts", "contact_accounts", "contact_tags", "orders", "interactions",
                    "layer_history"):
            counts[key] = 0
        for first in range(1, size + 1, CHUNK):
            check_cancel()
            rows = g.chunk(first, min(CHUNK, size + 1 - first), tag_ids, candidates)
            counts["contacts"] += bulk.insert_contacts(conn, rows["contacts"])
            counts["contact_accounts"] += bulk.insert_contact_accounts(conn, rows["links"])
            counts["contact_tags"] += bulk.insert_contact_tags(conn, rows["tags"])
            counts["orders"] += bulk.insert_orders(conn, rows["orders"])
            counts["interactions"] += bulk.insert_interactions(conn, rows["interactions"])
            counts["layer_history"] += bulk.insert_layer_history(conn, rows["history"])
            del rows
            if progress is not None:
                progress(min(first + CHUNK - 1, size), size)
        check_cancel()
    check_cancel()
    posts, visibility, today_posts = _posts(g, tag_ids)
    counts["moments_posts"] = bulk.insert_moments_posts(conn, posts)
    bulk.insert_moments_visibility_tags(conn, visibility)
    counts["tasks"] = bulk.insert_tasks(conn, _tasks(g, size, candidates, rule_ids, today_posts))
    bulk.refresh_contact_activity(conn)
    return counts
