"""Auction news read right (issue 17, round 13): a government's land sold by tender (土地标售, lots in 笔), and the
lots put up kept apart from the lots sold when the sentence's lead names the auction. Our sentences, our numbers."""

from __future__ import annotations

import warnings

import pytest

from analysis import land_transfers
from tests.helpers import none_if_missing, write_report


def _rows(tmp_path, text: str) -> list[tuple]:
    """(statement, channel, method, parcels, revenue_yuan) of every row read, withheld ones too."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = land_transfers(write_report(tmp_path, text))
    return [
        (
            r.statement,
            none_if_missing(r.channel),
            r.method,
            none_if_missing(r.parcels),
            none_if_missing(r.revenue_yuan),
        )
        for r in frame.itertuples()
    ]


_SOLD_BY_TENDER = ("method_total", "国有建设用地出让", "招标")


@pytest.mark.parametrize(
    ("text", "offered", "sold", "proceeds"),
    [
        (
            "9月23日,松岩市地政局举行土地标售,共推出6标6笔土地,标出3标3笔土地,合计标售金额1亿7778万4418元。",
            6,
            3,
            177_784_418,
        ),
        (
            "9月23日,松巖市地政局舉行土地標售,共推出8標8筆土地,共標脫4標4筆土地,得標金額總計2億3,456萬7,890元。",
            8,
            4,
            234_567_890,
        ),
    ],
)
def test_land_sold_by_tender_is_a_transfer_by_tender_its_lots_counted_in_bi(
    tmp_path, text, offered, sold, proceeds
):
    assert _rows(tmp_path, text) == [
        ("market_offered", None, "合计", offered, None),
        (*_SOLD_BY_TENDER, sold, proceeds),
    ]


def test_a_market_paragraph_naming_tender_as_a_way_of_buying_holds_no_tender(tmp_path):
    """通过标售方式取得 tells how buyers got land in a market of private trades: no tender held, no 出让 row."""
    text = "上半年土地交易热度不减,第2季土地交易金额为300亿元,其中有120亿元是通过标售方式取得。"
    assert _rows(tmp_path, text) == [("market_sold", None, "合计", None, 30_000_000_000)]


def test_lots_put_up_stay_offered_when_the_sentence_lead_names_the_auction(tmp_path):
    """举行土地拍卖会 lends 出让 by 拍卖 to the day's figures, never to the lots 推出 (put up): the lots sold after them
    keep their proceeds (the old reading made the 6 the day's total and dropped 成交4宗 as a smaller one)."""
    text = "松岩市今日举行土地拍卖会,共推出6宗土地,成交4宗,成交总价3354万元。"
    assert _rows(tmp_path, text) == [
        ("market_offered", None, "合计", 6, None),
        ("method_total", "国有建设用地出让", "拍卖", 4, 33_540_000),
    ]


def test_one_lot_whose_size_is_a_bound_is_sold_with_its_count_and_price(tmp_path):
    """一宗超52万平方米的…用地…以3.76亿元竞得: one lot, its size only a bound (no figure); the old reading took 超…的 for
    a threshold counting lots (超过10亿元的地块48宗) and dropped the sale whole."""
    text = "5月15日,松岩市一宗超52万平方米的新能源产业用地挂牌出让,由某汽车公司以3.76亿元竞得。"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = land_transfers(write_report(tmp_path, text))
    assert [
        (r.method, r.use_type, r.parcels, none_if_missing(r.area_mu), r.revenue_yuan)
        for r in frame.itertuples()
    ] == [("挂牌", "新能源产业", 1, None, 376_000_000)]


def test_lots_counted_by_a_threshold_are_still_no_row(tmp_path):
    assert _rows(tmp_path, "今年拍出超过10亿元的地块48宗。") == []


def test_lots_beside_what_they_sold_for_are_sold_in_auction_news(tmp_path):
    """五块土地成交额达21.6亿元: a count and its 成交额 (a label opening on a sale word), no verb of their own: in
    auction news the day's lots sold (as 两宗地块共揽金… is); the old reading left both unread."""
    text = "新华社松岩5月21日电 松岩市20日举行土地拍卖会,现场气氛热烈,五块土地成交额达21.6亿元。"
    assert _rows(tmp_path, text) == [("method_total", "国有建设用地出让", "拍卖", 5, 2_160_000_000)]


def test_a_share_of_the_reserve_price_is_no_share_of_the_lots_sold(tmp_path):
    """脫標金額僅4862萬元,只占標售總底價9.35億元的5.2%: 脱标 tells the sale (标脱 in the other order), 兩筆 the lots; the
    share is of the reserve prices (底价) of every lot put up, never the sold row's."""
    text = "2025-09-17 嘉禾市地政局舉行土地標售,只有兩筆土地有人投標,脫標金額僅4862萬元,只占標售總底價9.35億元的5.2%。"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = land_transfers(write_report(tmp_path, text))
    assert [
        (r.method, r.parcels, r.revenue_yuan, none_if_missing(r.share_pct)) for r in frame.itertuples()
    ] == [("招标", 2, 48_620_000, None)]
