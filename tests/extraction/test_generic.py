"""Generic body extractor, page metadata and the shingle scorer."""

from __future__ import annotations

import copy
import gzip
import json
import os
from pathlib import Path

import lxml.html
import pytest

from newscrawl.devtools.evaluation import score_page, shingles, summarize, tokenize
from newscrawl.extraction.generic import (
    GenericBody,
    extract_body,
    extract_body_from_html,
    parse_html,
)
from newscrawl.extraction.metadata import PageMetadata, extract_metadata, extract_metadata_from_html

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
AEB_DIR = SHARED / "aeb-dev"
SAMPLES_DIR = SHARED / "samples" / "baodantoc"

# --------------------------------------------------------------------------------------------
# Body extraction on hand-written pages

VN_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Đồng bào Mông ở Hà Giang thoát nghèo nhờ trồng chè - Báo Dân tộc và Phát triển</title>
<meta property="og:title" content="Đồng bào Mông ở Hà Giang thoát nghèo nhờ trồng chè">
<script>var x = "<p>not text</p>";</script>
<style>.a{}</style>
</head>
<body>
<header class="header"><div class="logo"><a href="/">Báo Dân tộc</a></div>
<nav class="menu"><ul><li><a href="/thoi-su">Thời sự</a></li><li><a href="/kinh-te">Kinh tế</a>
</li><li><a href="/van-hoa">Văn hóa</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/kinh-te">Kinh tế</a></div>
<div class="main">
 <div class="col-left">
  <div class="detail">
   <h1 class="title-detail">Đồng bào Mông ở Hà Giang thoát nghèo nhờ trồng chè</h1>
   <div class="date-detail">Thứ hai, 18/11/2019 10:20 (GMT+7)</div>
   <div class="share-bar"><a href="#">Facebook</a> <a href="#">Zalo</a> <a href="#">In bài</a></div>
   <h2 class="sapo">Những năm gần đây, nhờ chuyển đổi cơ cấu cây trồng, nhiều hộ đồng bào Mông ở
   huyện Vị Xuyên đã có thu nhập ổn định từ cây chè Shan tuyết.</h2>
   <div class="content-detail">
    <p>Xã Cao Bồ nằm ở độ cao hơn 1.000 m so với mực nước biển, khí hậu quanh năm mát mẻ, rất
    phù hợp với cây chè.</p>
    <table class="image center"><tr><td><img src="/uploads/che.jpg" alt="Đồi chè Cao Bồ"></td>
    </tr><tr><td class="image_desc">Đồi chè Shan tuyết ở xã Cao Bồ. Ảnh: Minh Thu</td></tr>
    </table>
    <p>Theo ông Lý Văn Hùng, Chủ tịch UBND xã, toàn xã hiện có hơn 500 ha chè, trong đó có 300 ha
    đang cho thu hoạch, mang lại thu nhập bình quân 40 triệu đồng mỗi hộ mỗi năm.</p>
    <p><strong>Xem thêm:</strong> <a href="/bai-khac">Hà Giang phát triển du lịch cộng đồng</a></p>
    <h3>Năng suất chè qua các năm</h3>
    <table class="data"><tr><th>Năm</th><th>Diện tích (ha)</th><th>Sản lượng (tấn)</th></tr>
     <tr><td>2017</td><td>420</td><td>1.200</td></tr>
     <tr><td>2018</td><td>480</td><td>1.450</td></tr></table>
    <figure class="image"><img data-src="/uploads/htx.jpg" src="data:image/gif;base64,R0lGOD">
    <figcaption>Người dân thu hái chè. (Ảnh: TTXVN)</figcaption></figure>
    <p>Để nâng cao giá trị, xã đã thành lập ba hợp tác xã chè, hướng dẫn bà con:</p>
    <ul><li>Thu hái đúng kỹ thuật, một tôm hai lá.</li>
    <li>Chế biến theo tiêu chuẩn VietGAP.</li></ul>
    <p style="text-align:center"><img src="/uploads/le-hoi.jpg" alt=""></p>
    <p><em>Lễ hội mừng cơm mới ở Cao Bồ</em></p>
    <p>Bà con tham gia lễ hội mừng cơm mới. (Ảnh: Minh Thu)</p>
    <div class="box-related"><h4>Tin liên quan</h4><ul>
     <li><a href="/a">Hà Giang: Mùa hoa tam giác mạch</a></li>
     <li><a href="/b">Chè Shan tuyết vươn ra thế giới</a></li>
     <li><a href="/c">Cao Bồ đổi mới</a></li></ul></div>
    <p>Ảnh: Minh Thu</p>
    <p>Nhờ cây chè, tỷ lệ hộ nghèo của xã đã giảm từ 45% năm 2015 xuống còn 18% năm 2019.</p>
    <p style="text-align: right;"><strong>Minh Thu</strong></p>
   </div>
   <div class="tags"><a href="/tag/che">chè</a> <a href="/tag/ha-giang">Hà Giang</a></div>
   <div class="tin-lien-quan"><h3>Tin cùng chuyên mục</h3><ul>
    <li><a href="/d">Lào Cai: Giảm nghèo bền vững nhờ trồng quế hữu cơ trên đất dốc</a></li>
    <li><a href="/e">Yên Bái phát triển vùng nguyên liệu gỗ lớn</a></li></ul></div>
   <div class="comment-box"><h3>Ý kiến độc giả</h3><form><input name="name"><textarea></textarea>
    <label>Mã bảo mật</label><button>Gửi bình luận</button></form></div>
  </div>
 </div>
 <aside class="sidebar"><h3>Đọc nhiều</h3><ul>
  <li><a href="/x">Bài đọc nhiều nhất trong tuần qua của chuyên mục kinh tế</a></li></ul></aside>
</div>
<footer class="footer"><p>Cơ quan chủ quản: Ủy ban Dân tộc. Giấy phép số 123/GP-BTTTT. Địa chỉ:
349 Đội Cấn, Ba Đình, Hà Nội.</p></footer>
</body></html>"""

# The sapo (h2.sapo, outside the content div) is the page's summary, not part of the body.
VN_EXPECTED = [
    "Xã Cao Bồ nằm ở độ cao hơn 1.000 m so với mực nước biển, khí hậu quanh năm mát mẻ, rất phù "
    "hợp với cây chè.",
    "Theo ông Lý Văn Hùng, Chủ tịch UBND xã, toàn xã hiện có hơn 500 ha chè, trong đó có 300 ha "
    "đang cho thu hoạch, mang lại thu nhập bình quân 40 triệu đồng mỗi hộ mỗi năm.",
    "Năng suất chè qua các năm",
    "Năm | Diện tích (ha) | Sản lượng (tấn)",
    "2017 | 420 | 1.200",
    "2018 | 480 | 1.450",
    "Để nâng cao giá trị, xã đã thành lập ba hợp tác xã chè, hướng dẫn bà con:",
    "Thu hái đúng kỹ thuật, một tôm hai lá.",
    "Chế biến theo tiêu chuẩn VietGAP.",
    "Nhờ cây chè, tỷ lệ hộ nghèo của xã đã giảm từ 45% năm 2015 xuống còn 18% năm 2019.",
]

EN_PAGE = """<html lang="en"><head><title>City council approves new bus lanes | The Daily</title>
</head><body>
<div id="top-bar"><ul class="nav-links"><li><a href="/">Home</a></li><li><a href="/news">News</a>
</li><li><a href="/sport">Sport</a></li></ul></div>
<main id="main">
 <article class="post">
  <h1>City council approves new bus lanes</h1>
  <p class="byline">By Jane Doe</p>
  <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
  <div class="entry-content">
   <figure><img src="https://img.example.com/bus.jpg"><figcaption>A bus on Main Street.
   <span class="credit">Photo: John Roe</span></figcaption></figure>
   <p>The city council voted 7-2 on Tuesday to build dedicated bus lanes on three of the busiest
   streets downtown, a plan that has divided residents for more than a year.</p>
   <p><strong>Read more:</strong> <a href="/other">Why the bus plan matters</a></p>
   <p>Supporters say the lanes will cut commute times by a quarter, while shop owners worry about
   losing parking spaces in front of their stores.</p>
   <div class="newsletter-signup"><h3>Get our morning briefing</h3><p>Sign up for the newsletter
   and get the top stories in your inbox every day.</p></div>
   <h2>What happens next</h2>
   <p>Construction is expected to start in the spring, and the first lane should open, if the
   weather allows, before the end of the summer.</p>
   <table><tr><th>Street</th><th>Length</th></tr><tr><td>Main Street</td><td>2.1 km</td></tr>
   <tr><td>Elm Avenue</td><td>1.4 km</td></tr></table>
   <p>Photo: City of Springfield</p>
   <div class="related-stories"><h3>Related</h3><ul><li><a href="/a">Council delays budget vote
   again</a></li><li><a href="/b">Mayor unveils transit plan for next decade</a></li>
   <li><a href="/c">Bike lanes: a year later</a></li></ul></div>
  </div>
 </article>
 <section id="comments"><h3>Leave a comment</h3><form><textarea></textarea>
 <button>Post comment</button></form><div class="comment"><p>I think this is a great idea, and
 long overdue, honestly, in a city of this size.</p></div></section>
</main>
<footer><p>Copyright 2024 The Daily. All rights reserved. Contact us, advertise with us, work
with us, privacy policy, terms of service.</p></footer>
</body></html>"""

EN_EXPECTED = [
    "The city council voted 7-2 on Tuesday to build dedicated bus lanes on three of the busiest "
    "streets downtown, a plan that has divided residents for more than a year.",
    "Supporters say the lanes will cut commute times by a quarter, while shop owners worry about "
    "losing parking spaces in front of their stores.",
    "What happens next",
    "Construction is expected to start in the spring, and the first lane should open, if the "
    "weather allows, before the end of the summer.",
    "Street | Length",
    "Main Street | 2.1 km",
    "Elm Avenue | 1.4 km",
]


def test_vietnamese_news_page() -> None:
    body = extract_body_from_html(VN_PAGE, "https://baodantoc.vn/dong-bao-mong-1.htm")
    assert body.paragraphs == VN_EXPECTED
    assert body.title == "Đồng bào Mông ở Hà Giang thoát nghèo nhờ trồng chè"
    assert body.images == [
        ("https://baodantoc.vn/uploads/che.jpg", "Đồi chè Shan tuyết ở xã Cao Bồ. Ảnh: Minh Thu"),
        ("https://baodantoc.vn/uploads/htx.jpg", "Người dân thu hái chè. (Ảnh: TTXVN)"),
        ("https://baodantoc.vn/uploads/le-hoi.jpg", "Lễ hội mừng cơm mới ở Cao Bồ"),
    ]
    assert body.node is not None and body.node.get("class") == "content-detail"


def test_english_news_page() -> None:
    body = extract_body_from_html(EN_PAGE.encode("utf-8"), "https://example.com/news/bus")
    assert body.paragraphs == EN_EXPECTED
    assert body.title == "City council approves new bus lanes"
    assert [src for src, _ in body.images] == ["https://img.example.com/bus.jpg"]
    caption = body.images[0][1] or ""
    assert caption.startswith("A bus on Main Street.")
    assert body.text == "\n\n".join(EN_EXPECTED)


def test_extract_body_on_parsed_tree_does_not_modify_it() -> None:
    root = lxml.html.document_fromstring(EN_PAGE)
    before = lxml.html.tostring(root)
    body = extract_body(root)
    assert body.paragraphs == EN_EXPECTED
    assert lxml.html.tostring(root) == before
    # without a base URL image sources stay as written
    assert body.images[0][0] == "https://img.example.com/bus.jpg"


def test_br_separated_text_and_lists() -> None:
    html = """<html><body><div id="nav"><a href="/">Home</a></div><div class="story">
    First paragraph of a story written with line breaks, not paragraphs, as old sites do.<br><br>
    Second paragraph, still inside the same container, and long enough to be counted.<br>
    <ol><li>one item of a list</li><li>another item <ul><li>nested item</li></ul></li></ol>
    </div></body></html>"""
    body = extract_body_from_html(html, "")
    assert body.paragraphs == [
        "First paragraph of a story written with line breaks, not paragraphs, as old sites do.",
        "Second paragraph, still inside the same container, and long enough to be counted.",
        "one item of a list",
        "another item",
        "nested item",
    ]


def test_boilerplate_lines_are_dropped() -> None:
    paragraphs = [
        "This is the first real paragraph of the article, with enough words, commas, and so on.",
        "Xem thêm: Hà Giang phát triển du lịch cộng đồng",
        "Tin liên quan",
        "Ảnh: Minh Thu",
        "Photo: Reuters",
        "Related: Another story about the same topic",
        "Advertisement",
        "Updated 10:48 GMT, Tue Nov 19, 2019",
        "By John Smith",
        "This is the last real paragraph of the article, with enough words, commas, and so on.",
    ]
    html = "<html><body><div class='article-body'>" + "".join(
        f"<p>{p}</p>" for p in paragraphs) + "</div></body></html>"
    body = extract_body_from_html(html)
    assert body.paragraphs == [paragraphs[0], paragraphs[-1]]


def test_embedded_tweet_is_kept_and_link_lists_are_not() -> None:
    lead = "A long enough opening paragraph, with commas, so that the container wins easily."
    html = f"""<html><body><div class="entry-content"><p>{lead}</p>
    <div class="social-embed"><blockquote class="twitter-tweet"><p>We are on it, they said, and
    the campaign went on.</p>— Someone (@someone) <a href="#">November 18, 2019</a></blockquote>
    </div><p>{lead}</p><h3>More stories</h3><ul><li><a href="/1">Story one with a title</a></li>
    <li><a href="/2">Story two with a title</a></li><li><a href="/3">Story three title</a></li>
    </ul></div></body></html>"""
    body = extract_body_from_html(html)
    assert body.paragraphs[0] == lead
    assert body.paragraphs[1].startswith("We are on it")
    assert body.paragraphs[-1] == lead
    assert "More stories" not in body.paragraphs


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        "<html>",
        "<!-- only a comment -->",
        "<script>var a = 1;</script>",
        b"\x00\x01\x02\xff\xfe",
        bytes(range(256)) * 20,
        os.urandom(2048),
        "<div>" * 5000 + "deep text " * 10 + "</div>" * 5000,
        "<table>" * 400,
        "\ud800<p>lone surrogate in a string that is long enough to be a paragraph</p>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>xml declared page</p></body></html>',
        b'<meta charset="no-such-charset"><p>bogus charset</p>',
        "<p>" + "a, " * 50000 + "</p>",
        None,
    ],
)
def test_garbage_never_raises(page: str | bytes | None) -> None:
    body = extract_body_from_html(page, "not a url")
    assert isinstance(body, GenericBody)
    assert all(isinstance(p, str) and p for p in body.paragraphs)
    meta = extract_metadata_from_html(page, "not a url")
    assert isinstance(meta, PageMetadata)
    root = parse_html(page)
    assert isinstance(extract_body(root), GenericBody)
    assert isinstance(extract_metadata(root, ""), PageMetadata)


def test_tiny_pages_keep_their_text() -> None:
    assert extract_body_from_html("plain text only").paragraphs == ["plain text only"]
    assert extract_body(lxml.html.fromstring("<p>hi</p>")).paragraphs == ["hi"]
    assert extract_body(None) == GenericBody()


# --------------------------------------------------------------------------------------------
# Metadata


def _page(head: str, body: str = "", lang: str = "vi") -> lxml.html.HtmlElement:
    root = parse_html(f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>')
    assert root is not None
    return root


def test_metadata_from_json_ld_article() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Tiêu đề &amp; bài viết",
        "description": "Mô tả  ngắn",
        "datePublished": "2024-03-01T08:00:00+07:00",
        "dateModified": "2024-03-01T09:30:00+07:00",
        "author": [{"@type": "Person", "name": "Minh Thu"},
                   {"@type": "Person", "name": "H.Trường"}],
        "articleSection": ["Kinh tế", "Xã hội"],
        "keywords": "chè, Hà Giang , giảm nghèo",
        "image": {"@type": "ImageObject", "url": "/uploads/a.jpg"},
        "articleBody": "Đoạn một.\n\nĐoạn   hai.",
    }
    root = _page(f'<script type="application/ld+json">{json.dumps(data)}</script>'
                 '<link rel="canonical" href="/bai-viet-1.htm">')
    md = extract_metadata(root, "https://baodantoc.vn/x/bai-viet-1.htm?ref=home")
    assert md.title == "Tiêu đề & bài viết"
    assert md.description == "Mô tả ngắn"
    assert md.published_raw == "2024-03-01T08:00:00+07:00"
    assert md.modified_raw == "2024-03-01T09:30:00+07:00"
    assert md.authors == ["Minh Thu", "H.Trường"]
    assert md.section == "Kinh tế"
    assert md.tags == ["chè", "Hà Giang", "giảm nghèo"]
    assert md.image_url == "https://baodantoc.vn/uploads/a.jpg"
    assert md.canonical_url == "https://baodantoc.vn/bai-viet-1.htm"
    assert md.language == "vi"
    assert md.json_ld_body == "Đoạn một.\n\nĐoạn hai."


def test_metadata_from_json_ld_graph_with_references() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://ex.com/#website", "name": "Example"},
            {"@type": ["Article", "NewsArticle"], "@id": "https://ex.com/a#article",
             "headline": "Graph headline", "datePublished": "2023-05-06",
             "author": {"@id": "https://ex.com/#/person/1"}, "keywords": ["x", "y"]},
            {"@type": "Person", "@id": "https://ex.com/#/person/1", "name": "Jane Doe",
             "url": "https://ex.com/jane"},
        ],
    }
    root = _page(f'<script type="application/ld+json">{json.dumps(graph)}</script>')
    md = extract_metadata(root, "https://ex.com/a")
    assert md.title == "Graph headline"
    assert md.published_raw == "2023-05-06"
    assert md.authors == ["Jane Doe"]
    assert md.tags == ["x", "y"]


def test_metadata_from_broken_json_ld() -> None:
    trailing_comma = ('{"@type": "BlogPosting", "headline": "Trailing comma", '
                      '"datePublished": "2022-01-02",}')
    md = extract_metadata(_page(f'<script type="application/ld+json">{trailing_comma}</script>'))
    assert md.title == "Trailing comma"
    assert md.published_raw == "2022-01-02"

    hopeless = ('{"@type": "ReportageNewsArticle", "headline": "Still found", '
                '"datePublished": "2021-07-08T10:00:00Z", "author": {"name": "An Bình"}, '
                '"articleBody": "broken "quotes" everywhere" "')
    md = extract_metadata(_page(f'<script type="application/ld+json">{hopeless}</script>'
                                '<script type="application/ld+json">{{{{</script>'))
    assert md.title == "Still found"
    assert md.published_raw == "2021-07-08T10:00:00Z"
    assert md.authors == ["An Bình"]

    md = extract_metadata(_page('<script type="application/ld+json">[[[[[[ nonsense'
                                '</script><title>Fallback title</title>'))
    assert md.title == "Fallback title"


def test_metadata_from_open_graph_and_meta_tags() -> None:
    head = """
    <meta property="og:title" content="OG title">
    <meta property="og:description" content="OG description">
    <meta property="og:image" content="https://cdn.ex.com/i.jpg">
    <meta property="og:url" content="https://ex.com/story">
    <meta property="article:published_time" content="2020-10-10T10:10:10Z">
    <meta property="article:modified_time" content="2020-10-11T11:11:11Z">
    <meta property="article:section" content="World">
    <meta property="article:tag" content="Elections">
    <meta property="article:tag" content="Europe">
    <meta name="author" content="T.Nhân - H.Trường">
    <meta name="description" content="Meta description">
    """
    md = extract_metadata(_page(head, lang="en-GB"), "https://ex.com/story?x=1")
    assert md.title == "OG title"
    assert md.description == "OG description"
    assert md.image_url == "https://cdn.ex.com/i.jpg"
    assert md.canonical_url == "https://ex.com/story"
    assert md.published_raw == "2020-10-10T10:10:10Z"
    assert md.modified_raw == "2020-10-11T11:11:11Z"
    assert md.section == "World"
    assert md.tags == ["Elections", "Europe"]
    assert md.authors == ["T.Nhân", "H.Trường"]
    assert md.language == "en-GB"
    assert md.json_ld_body is None


def test_metadata_from_plain_meta_and_time() -> None:
    head = """<title>Plain page</title><meta name="pubdate" content="20190102">
    <meta name="news_keywords" content="a, b,, c">
    <meta name="keywords" content="site, wide, words">"""
    body = "<h1>Heading</h1><time datetime='2019-01-03T04:05'>3 Jan</time>"
    md = extract_metadata(_page(head, body), "")
    assert md.title == "Heading"
    assert md.published_raw == "20190102"
    assert md.tags == ["a", "b", "c"]
    md = extract_metadata(_page("", body), "")
    assert md.published_raw == "2019-01-03T04:05"
    assert md.authors == [] and md.image_url is None and md.canonical_url is None


def test_metadata_tags_from_tag_links() -> None:
    body = """<aside class="sidebar"><div class="tags"><a href="/t/x">Site-wide tag</a></div>
    </aside><div class="content">text</div>
    <div class="detail-tags"><span>Từ khóa:</span> <a href="/tag/a">Cao Bằng</a>
    <a href="/tag/b">Đồng bào Tày</a></div><div class="tag-cloud"><a href="/t/y">Cloud</a></div>"""
    md = extract_metadata(_page('<meta name="keywords" content="site, wide">', body), "")
    assert md.tags == ["Cao Bằng", "Đồng bào Tày"]
    md = extract_metadata(_page("", '<a rel="tag" href="/t/1">One</a> <a rel="tag">Two</a>'))
    assert md.tags == ["One", "Two"]


def test_metadata_does_not_modify_tree() -> None:
    root = parse_html(VN_PAGE)
    assert root is not None
    snapshot = copy.deepcopy(root)
    md = extract_metadata(root, "https://baodantoc.vn/a.htm")
    assert md.title == "Đồng bào Mông ở Hà Giang thoát nghèo nhờ trồng chè"
    assert md.language == "vi"
    assert lxml.html.tostring(root) == lxml.html.tostring(snapshot)


# --------------------------------------------------------------------------------------------
# Scoring


def test_scoring() -> None:
    assert tokenize("Hello, world: it's 2024!") == ["Hello", "world", "it", "s", "2024"]
    assert sum(shingles("a b c").values()) == 1  # shorter than 4 words: one short shingle
    assert sum(shingles("a b c d e f").values()) == 3
    perfect = score_page("one two three four five", "one two three four five")
    assert perfect.precision == 1.0 and perfect.recall == 1.0
    empty = score_page("", "one two three four five")
    assert empty.precision is None and empty.recall == 0.0
    half = score_page("one two three four five six seven", "one two three four five")
    assert half.recall == 1.0 and half.precision == pytest.approx(0.5)
    summary = summarize([perfect, empty])
    assert summary.precision == 1.0 and summary.recall == 0.5
    assert summary.f1 == pytest.approx(2 / 3)


@pytest.mark.skipif(not (SAMPLES_DIR / "expected.jsonl").is_file(),
                    reason="baodantoc sample pages not available")
def test_baodantoc_sample_articles() -> None:
    manifest = json.loads((SAMPLES_DIR / "manifest.json").read_text(encoding="utf-8"))
    pages = {entry["url"]: entry for entry in manifest}
    checked = 0
    for line in (SAMPLES_DIR / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("type") != "article":
            continue
        entry = pages[record["url"]]
        html = (SAMPLES_DIR / entry["path"]).read_bytes()
        body = extract_body_from_html(html, entry.get("fetch_url") or record["url"])
        assert body.text == record["body"], record["url"]
        assert body.title == record["title"]
        expected_images = [(i["url"], i.get("caption")) for i in record.get("images") or []]
        assert body.images == expected_images, record["url"]
        checked += 1
    assert checked > 0


@pytest.mark.skipif(not (AEB_DIR / "ground-truth.json").is_file(),
                    reason="aeb-dev data set not available")
def test_aeb_dev_f1() -> None:
    truth = json.loads((AEB_DIR / "ground-truth.json").read_text(encoding="utf-8"))
    scores = []
    for page_id, entry in truth.items():
        html = gzip.decompress((AEB_DIR / "html" / f"{page_id}.html.gz").read_bytes())
        body = extract_body_from_html(html.decode("utf-8", "replace"), entry["url"])
        scores.append(score_page("\n\n".join(body.paragraphs), entry["articleBody"]))
    summary = summarize(scores)
    assert summary.pages == len(truth)
    assert summary.f1 >= 0.97, summary
