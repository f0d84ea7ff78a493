"""Boilerplate decided by what a block is, not what it is called: boxes with class names
nobody here wrote a selector for stay out of the body, in the site's template (site layer)
and on another site's page (generic layer)."""

from __future__ import annotations

import pytest
from test_shared_rules import FETCHED, STORY

from newscrawl.extraction import parse_page

# Each box, with class names no selector knows.
BOXES = {
    "ad box": '<div class="khoi-x1"><span>Quảng cáo</span><img src="/qc/sua.jpg">'
              "<p>Sữa tươi nguyên chất, giao hàng tận nơi trong ngày.</p></div>",
    "inline related links": '<div class="khoi-x2"><b>Tin liên quan</b>'
                            '<p>&gt;&gt; <a href="/bai-khac-1763000000002.htm">Bài khác về lễ '
                            'hội</a></p><p>&gt;&gt; <a href="/bai-nua-1763000000003.htm">Một '
                            "bài nữa</a></p></div>",
    "related link list": '<ul class="khoi-x3"><li><a href="/a-1763000000004.htm">Tin một về '
                         'lễ hội</a></li><li><a href="/b-1763000000005.htm">Tin hai về du lịch'
                         "</a></li></ul>",
    "photo credit": "<p><em>Ảnh: Minh Anh</em></p>",
    "comment box": '<div class="khoi-x4"><h3>Bình luận</h3><form><textarea></textarea>'
                   "<button>Gửi bình luận</button></form></div>",
    "facebook comments": '<div class="fb-comments" data-href="https://x"></div>'
                         '<iframe src="https://www.facebook.com/plugins/comments.php"></iframe>',
    "share bar": '<div class="khoi-x5"><span>Chia sẻ:</span> <a href="#">Facebook</a> '
                 '<a href="#">Zalo</a></div>',
    "see also line": '<p>&gt;&gt; Xem thêm: <a href="/c-1763000000006.htm">Lễ hội ở bản '
                     "khác</a></p>",
    "hidden block": '<div style="display:none">Nội dung ẩn dành cho máy tìm kiếm, không phải '
                    "bài viết.</div>",
}


def page(site_markup: bool, box: str) -> tuple[str, str]:
    body = (f"<p>{STORY[0]}</p>{box}<p>{STORY[1]}</p>"
            '<figure><img src="/uploads/le-hoi.jpg"><figcaption>Lễ hội mừng lúa mới'
            f"</figcaption></figure><p>{STORY[2]}</p>")
    if site_markup:
        return ('<html lang="vi"><head><title>Lễ hội</title></head><body>'
                '<h1 class="title-detail">Lễ hội mừng lúa mới</h1>'
                f'<div id="contentDetail">{body}</div></body></html>',
                "https://baodantoc.vn/le-hoi-1763000000001.htm")
    return ('<html lang="vi"><head><title>Lễ hội</title></head><body><header><a href="/">'
            'Trang chủ</a></header><article><h1>Lễ hội mừng lúa mới</h1>'
            f'<div class="noi-dung">{body}</div></article><footer>© 2025</footer></body></html>',
            "https://tin.example.org/le-hoi.html")


@pytest.mark.parametrize("site_markup", [True, False], ids=["site template", "other site"])
@pytest.mark.parametrize("name", sorted(BOXES))
def test_unknown_boxes_stay_out_of_the_body(site_markup: bool, name: str) -> None:
    html, url = page(site_markup, BOXES[name])
    article = parse_page(html, url, FETCHED).article
    assert article is not None
    assert article.body.split("\n\n") == STORY, name
    assert [image["url"].rsplit("/", 1)[-1] for image in article.images] == ["le-hoi.jpg"]


@pytest.mark.parametrize("site_markup", [True, False], ids=["site template", "other site"])
def test_article_text_that_mentions_the_labels_stays(site_markup: bool) -> None:
    mention = ("<p>Chia sẻ với phóng viên, ông Lý Văn Sáng cho biết quảng cáo du lịch trên "
               "mạng xã hội đã giúp nhiều du khách biết đến lễ hội của bản trong năm nay.</p>")
    html, url = page(site_markup, mention)
    article = parse_page(html, url, FETCHED).article
    assert article is not None
    assert len(article.body.split("\n\n")) == 4
