"""A deterministic, offline fake copy of baodantoc.vn.

Used by ``newscrawl demo`` (an offline demo crawl) and by benchmarks that need a large mirror.
The markup copies the hand-made sample pages (``shared/samples/baodantoc/site``): same header
(``div#divAnalytic``, stale ``span#dateNow`` clock, ``nav.main-menu``), article template
(``div.breadcrumb a.cate-name``, ``h1.title-detail``, ``div.author-detail``, ``div.sapo-detail``,
``div#contentDetail``, ``div.detail-tags``, ``div.box-comment``, ``div.box-related``,
``div.box-featured``), section listings (``div.list-news > div.item-news`` + ``div.pagination``),
home page, RSS, sitemap and robots.txt.

Everything is generated from per-article ``random.Random(index)`` generators, so article ``i``
is the same whatever the number of articles asked for, and nothing outside this module is read.
Every :class:`DemoArticle` records exactly what a correct extractor should output for its page.
"""

from __future__ import annotations

import html
import math
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import quote

__all__ = [
    "SECTIONS",
    "DEFAULT_START",
    "VN_TZ",
    "DemoArticle",
    "SitePage",
    "build_site",
    "default_now",
    "demo_articles",
]

SITE = "https://baodantoc.vn"
MOBILE_SITE = "https://m.baodantoc.vn"
IMAGES = "https://images.baodantoc.vn/uploads"
SITE_NAME = "Báo Dân tộc và Phát triển"
VN_TZ = timezone(timedelta(hours=7))
"""Vietnam time (Asia/Ho_Chi_Minh has been a fixed +07:00 since 1975)."""
DEFAULT_START = datetime(2025, 11, 1, 7, 0, tzinfo=VN_TZ)
PUBLISH_STEP_MINUTES = 37
STALE_CLOCK = "Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27"

HTML_TYPE = "text/html; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"

SECTIONS: list[tuple[str, str]] = [
    ("thoi-su", "Thời sự"),
    ("tin-tuc", "Tin tức"),
    ("cong-tac-dan-toc", "Công tác Dân tộc"),
    ("giao-duc", "Giáo dục"),
    ("van-hoa", "Văn hóa"),
    ("phap-luat", "Pháp luật"),
]


@dataclass(frozen=True)
class DemoArticle:
    """One generated article and the exact record an extractor should produce for its page."""

    index: int  # 0 = oldest
    article_id: str  # 13 digits, ms-epoch-like (a few minutes before publication), unique
    slug: str
    url: str  # canonical https://baodantoc.vn/<slug>-<id>.htm
    section_slug: str
    section_name: str
    title: str
    summary: str
    paragraphs: list[str]  # exact body paragraphs (table rows rendered "a | b | c")
    authors: list[str]
    published_at: datetime  # tz-aware, +07:00, whole minutes
    tags: list[str]
    images: list[tuple[str, str | None]]  # (url, caption or alt or None) in body order
    # Extra facts, useful to tests and to the page renderer.
    signature: str | None = None  # end-of-body signature (byline then shows only the time)
    see_also: list[str] = field(default_factory=list)  # URLs of inline "Xem thêm:" links
    thumbnail: str = ""  # teaser picture URL
    thumbnail_alt: str = ""  # teaser picture alt (usually the title, sometimes not)
    content_html: str = field(default="", repr=False)  # inner HTML of div#contentDetail

    @property
    def path(self) -> str:
        """URL path of the article page (key in :func:`build_site`)."""
        return self.url[len(SITE):]

    @property
    def section_url(self) -> str:
        """Canonical URL of the article's section (first listing page)."""
        return f"{SITE}/{self.section_slug}-p1.htm"

    @property
    def published_raw(self) -> str:
        """The byline time as printed: ``HH:MM, DD/MM/YYYY``."""
        return _abs_time(self.published_at)

    @property
    def byline_authors(self) -> list[str]:
        """Names printed in the byline and in teaser meta lines (empty for signed articles)."""
        return [] if self.signature else list(self.authors)


@dataclass(frozen=True)
class SitePage:
    """One served document."""

    body: bytes
    content_type: str


# --------------------------------------------------------------------------- word banks

PROVINCES = [
    "Lào Cai", "Lai Châu", "Điện Biên", "Sơn La", "Cao Bằng", "Lạng Sơn", "Tuyên Quang",
    "Thái Nguyên", "Phú Thọ", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Quảng Ngãi",
    "Gia Lai", "Đắk Lắk", "Lâm Đồng", "Khánh Hòa", "An Giang", "Cà Mau", "Vĩnh Long",
    "Cần Thơ", "Quảng Ninh",
]
COMMUNES = [
    "Lũng Cú", "Sà Phìn", "Mậu Duệ", "Khâu Vai", "Quảng Lâm", "Pa Vệ Sủ", "Mường Tè", "Tả Van",
    "Bản Hồ", "Y Tý", "Pà Cò", "Mường Lát", "Trà Leng", "Ia Nan", "Đắc Pring", "Lạc Dương",
    "Xín Mần", "Mèo Vạc", "Bát Xát", "Sìn Hồ", "Tủa Chùa", "Mường Nhé", "Phìn Ngan", "Ea Súp",
    "Krông Bông", "Sơn Vĩ", "Na Hang", "Thông Nông", "Tri Lễ", "Hồng Thái",
]
VILLAGES = [
    "Nà Lẹng", "Sảng Pả", "Lũng Táo", "Khuổi Khon", "Pác Ngòi", "Nậm Đăm", "Hua Tát", "Plei Ơi",
    "Bản Lác", "Tả Phìn", "Séo Lủng", "Nà Hin", "Bản Mển", "Kon Tu Dốp", "Nặm Cắm", "Pò Rặng",
]
ETHNIC = [
    "Tày", "Nùng", "Mông", "Dao", "Thái", "Mường", "Khmer", "Ê Đê", "Gia Rai", "Ba Na", "Cơ Tu",
    "Chăm", "K’Ho", "Xơ Đăng", "Hà Nhì", "Lô Lô", "Giáy", "Pà Thẻn", "Khơ Mú", "Sán Chay",
]
PEOPLE = [
    "Nông Văn Khuông", "Hoàng Thị Mai", "Giàng Mí Sử", "Lò Văn Sướng", "Vàng A Dình",
    "Sùng Thị Mỷ", "Lường Văn Pọm", "Bàn Văn Tài", "Y Kô Niê", "Rơ Châm Thuyên", "Đinh Văn Hùng",
    "Hồ Thị Lan", "Lý Seo Chứ", "Thào Mí Pó", "Ma Thị Huệ", "Lục Văn Sáng", "Chảo Láo Lở",
    "Thạch Sa Phol", "Ka Điệp", "Ksor Nhi", "Hà Văn Thắm", "Cầm Thị Hoa",
]
AUTHORS = [
    "Thu Hà", "Đức Thắng", "Minh Anh", "T.Nhân", "H.Trường", "Ngọc Ánh", "Khánh Linh",
    "Hồng Phúc", "Văn Tâm", "Mai Lan", "Lê Hường", "Hoàng Quân", "Thanh Hải", "Minh Thu",
    "Ngọc Thu", "Đức Thuận", "Hữu Vinh", "Minh Đức", "Hoàng Thu Trang", "Quỳnh Trâm",
    "Tuấn Anh", "Xuân Hòa", "Phương Nga", "Bảo Ngọc", "Trọng Bảo",
]
FESTIVALS = [
    "mừng cơm mới", "cúng rừng", "Lồng Tồng", "cấp sắc", "Gầu Tào", "Kin Pang Then", "mừng lúa mới",
    "Ok Om Bok", "Katê", "cầu mùa", "Tết Nhảy", "cúng bến nước",
]
CRAFTS = [
    "dệt thổ cẩm", "rèn", "đan lát", "làm giấy bản", "vẽ sáp ong", "chạm bạc", "làm gốm",
    "thêu hoa văn", "làm khèn", "làm bánh chưng đen",
]
CROPS = [
    "chè Shan tuyết", "quế", "hồi", "cà phê", "mắc ca", "sâm Ngọc Linh", "lúa nếp", "cam sành",
    "thảo quả", "dong riềng",
]
ARTS = ["hát Then", "múa xòe", "hát Soong hao", "cồng chiêng", "hát Lượn", "khèn Mông", "hát Sli"]
BENEFITS = [
    "nước sinh hoạt", "đất sản xuất", "nhà ở", "chuyển đổi nghề", "giống cây trồng",
    "vốn vay ưu đãi",
]
POLICIES = [
    "hỗ trợ nhà ở", "tín dụng ưu đãi", "hỗ trợ đất sản xuất", "cử tuyển",
    "đối với người có uy tín", "hỗ trợ nước sinh hoạt phân tán",
]
ROLES = [
    "Chủ tịch UBND xã {C}", "Bí thư Đảng ủy xã {C}", "Trưởng thôn {V}",
    "người có uy tín ở thôn {V}", "Phó Giám đốc Sở Dân tộc và Tôn giáo tỉnh {P}",
    "cán bộ văn hóa xã {C}",
]

TITLES: dict[str, list[str]] = {
    "thoi-su": [
        "{P}: Tổng kết {n5} năm thực hiện Chương trình mục tiêu quốc gia vùng đồng bào dân tộc",
        "Đoàn công tác Trung ương làm việc với tỉnh {P} về công tác dân tộc",
        "{P} đối thoại với người có uy tín trong đồng bào {E}",
        "Khởi công {ns} trường phổ thông nội trú liên cấp tại các xã biên giới tỉnh {P}",
        "{P}: Giải ngân hơn {money} vốn chương trình mục tiêu quốc gia",
        "Xã {C} đón nhận Bằng công nhận đạt chuẩn nông thôn mới",
    ],
    "tin-tuc": [
        "{P}: Bàn giao {n} căn nhà đại đoàn kết cho hộ nghèo người {E}",
        "Mưa lớn gây sạt lở nhiều tuyến đường ở xã {C}, tỉnh {P}",
        "Nông dân {E} ở {P} thu hoạch {R} vụ cuối năm",
        "{P}: Trao {n} suất quà cho hộ đồng bào {E} có hoàn cảnh khó khăn",
        "Thôn {V}, xã {C} đón nhận danh hiệu thôn văn hóa tiêu biểu",
        "Xã {C} có thêm {ns} công trình nước sạch cho đồng bào {E}",
    ],
    "cong-tac-dan-toc": [
        "{P}: Hơn {nbig} hộ đồng bào {E} được hỗ trợ {B}",
        "{P}: Nâng cao năng lực cho người có uy tín ở xã {C}",
        "Phát huy vai trò người có uy tín trong đồng bào {E} ở xã {C}",
        "{P} rà soát, cập nhật danh sách người có uy tín năm {Y1}",
        "Hiệu quả chính sách {POL} ở xã {C}",
        "Phụ nữ {E} ở {P} vươn lên phát triển kinh tế hộ",
    ],
    "giao-duc": [
        "{P}: Mở {ns} lớp xóa mù chữ cho đồng bào {E}",
        "Trao {n} suất học bổng cho học sinh dân tộc thiểu số ở xã {C}",
        "Thầy cô vượt khó bám bản ở xã {C}, tỉnh {P}",
        "{P}: Trao hơn {nbig} bộ chăn ấm cho học sinh bán trú vùng cao",
        "Tuyên dương {n} học sinh, sinh viên người {E} tiêu biểu ở {P}",
        "Nâng cao chất lượng dạy tiếng {E} cho cán bộ, giáo viên ở {P}",
    ],
    "van-hoa": [
        "Ấm áp lễ {F} của đồng bào {E} ở {P}",
        "Bảo tồn nghề {K} của đồng bào {E} ở xã {C}",
        "Sắc màu chợ phiên {C} ngày cuối năm",
        "{P}: Rộn ràng ngày hội văn hóa của đồng bào {E}",
        "Độc đáo nghệ thuật {A} của người {E} ở thôn {V}",
        "Nghệ nhân {person} giữ lửa nghề {K}",
    ],
    "phap-luat": [
        "Tuyên truyền phòng, chống ma túy cho học sinh vùng biên {P}",
        "Đưa pháp luật đến với đồng bào {E} ở xã {C}",
        "{P}: Phát hiện, xử lý {ns} vụ khai thác rừng trái phép",
        "Trợ giúp pháp lý miễn phí cho người dân xã {C}, tỉnh {P}",
        "{P}: Xét xử lưu động vụ án mua bán người tại xã {C}",
        "Công an xã {C} ra mắt mô hình \"Thôn, bản tự quản về an ninh trật tự\"",
    ],
}

SUMMARY_OPENERS = [
    "Thời gian qua, cấp ủy, chính quyền tỉnh {P} đã triển khai nhiều giải pháp thiết thực, "
    "góp phần nâng cao đời sống cho đồng bào {E} ở vùng cao.",
    "Ngày {dm}, tại xã {C}, tỉnh {P}, nhiều hoạt động ý nghĩa đã được tổ chức với sự tham gia "
    "đông đảo của đồng bào {E}.",
    "Từ nguồn vốn Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân "
    "tộc thiểu số và miền núi, xã {C} đã có nhiều đổi thay rõ nét.",
    "Sau {n5} năm triển khai, các chính sách dân tộc trên địa bàn tỉnh {P} đã thực sự đi vào "
    "cuộc sống, được đồng bào đồng tình, hưởng ứng.",
    "Những ngày này, bà con thôn {V}, xã {C} phấn khởi đón nhận thành quả sau một năm lao động.",
]
SUMMARY_CLOSERS = [
    "Đây là động lực để người dân tiếp tục vươn lên thoát nghèo bền vững.",
    "Nhiều mô hình hay, cách làm hiệu quả đã được nhân rộng trong cộng đồng.",
    "Qua đó góp phần giữ gìn bản sắc văn hóa và củng cố khối đại đoàn kết toàn dân tộc.",
    "Tuy vậy, địa phương vẫn còn không ít khó khăn cần được tháo gỡ trong thời gian tới.",
    "",
]

SENTENCES = [
    "Theo báo cáo của UBND xã {C}, đến nay toàn xã đã có {n} hộ đồng bào {E} được hỗ trợ vốn, "
    "giống cây trồng và vật nuôi.",
    "Những năm gần đây, đời sống vật chất và tinh thần của đồng bào {E} ở tỉnh {P} từng bước "
    "được cải thiện rõ rệt.",
    "Từ nguồn vốn Chương trình mục tiêu quốc gia, địa phương đã đầu tư hơn {money} để xây dựng "
    "đường giao thông, trường học và công trình nước sạch.",
    "Tỷ lệ hộ nghèo của xã đã giảm còn {pct}, thấp hơn nhiều so với đầu nhiệm kỳ.",
    "“Bà con giờ đã chủ động học cách làm ăn, không còn trông chờ vào sự hỗ trợ như trước”, "
    "{person}, {role}, cho biết.",
    "Tại thôn {V}, con đường bê tông dài gần {ns} km đã thay thế lối mòn lầy lội, giúp việc đi "
    "lại, giao thương của bà con thuận lợi hơn.",
    "Cùng ngày, đoàn công tác đã trao {n} suất quà, mỗi suất trị giá {nm} triệu đồng, cho các hộ "
    "có hoàn cảnh đặc biệt khó khăn.",
    "Hiện toàn xã có {ns} tổ hợp tác và {ns2} hợp tác xã hoạt động hiệu quả, tạo việc làm ổn "
    "định cho hàng trăm lao động địa phương.",
    "Đồng chí {person}, {role}, nhấn mạnh: công tác dân tộc phải được triển khai đồng bộ, đúng "
    "đối tượng và công khai, minh bạch.",
    "Bên cạnh nguồn lực của Nhà nước, từ đầu năm đến nay, {P} đã vận động được hơn {money} từ "
    "các tổ chức, cá nhân để hỗ trợ đồng bào vùng cao.",
    "Nhiều hộ đồng bào {E} đã mạnh dạn chuyển đổi cơ cấu cây trồng, đưa {R} vào sản xuất, cho "
    "thu nhập cao hơn hẳn cây ngô, cây lúa.",
    "Theo thống kê, năm {Y0} thu nhập bình quân đầu người của xã đạt khoảng {nm2} triệu "
    "đồng/năm, tăng gần gấp đôi so với 5 năm trước.",
    "Mỗi tháng, Ban công tác Mặt trận thôn {V} đều tổ chức họp dân để phổ biến chủ trương, "
    "chính sách và lắng nghe ý kiến của bà con.",
    "Sau khi được tập huấn, bà con đã biết áp dụng tiến bộ kỹ thuật vào chăn nuôi, trồng trọt, "
    "năng suất tăng khoảng {pct}.",
    "Ngày {dm}, tại Nhà văn hóa thôn {V}, xã {C}, hàng trăm người dân đã tham gia buổi sinh hoạt "
    "cộng đồng.",
    "“Gia đình tôi trước đây thuộc diện hộ nghèo, nay đã có nhà kiên cố, con cái được học hành "
    "đầy đủ”, {person} phấn khởi nói.",
    "Dù vậy, địa bàn rộng, địa hình chia cắt, giao thông đi lại khó khăn vẫn là những trở ngại "
    "lớn trong quá trình triển khai.",
    "Một số công trình xây dựng từ lâu đã xuống cấp, hoạt động kém hiệu quả, cần được đầu tư "
    "sửa chữa trong thời gian tới.",
    "Thời gian tới, địa phương tiếp tục ưu tiên nguồn vốn cho các thôn đặc biệt khó khăn, đồng "
    "thời tăng cường kiểm tra, giám sát để bảo đảm hiệu quả lâu dài.",
    "Chính quyền xã {C} đã phối hợp với Đồn Biên phòng tổ chức {ns} đợt tuyên truyền lưu động "
    "tại các thôn, bản.",
    "Người có uy tín trong cộng đồng đóng vai trò quan trọng, là cầu nối giữa cấp ủy, chính "
    "quyền với Nhân dân.",
    "Năm {Y1}, tỉnh {P} phấn đấu giảm tỷ lệ hộ nghèo vùng đồng bào dân tộc thiểu số từ 3 - 4%.",
    "Chương trình nhận được sự hưởng ứng tích cực của đồng bào {E}, góp phần củng cố khối đại "
    "đoàn kết toàn dân tộc.",
    "Học sinh Trường PTDTBT TH&THCS xã {C} cũng được tặng sách vở, áo ấm và đồ dùng học tập.",
    "Với sự hỗ trợ của Ngân hàng Chính sách xã hội, {n} hộ đã được vay vốn ưu đãi với tổng dư "
    "nợ hơn {money}.",
    "Các mô hình sinh kế như nuôi bò sinh sản, trồng cây dược liệu dưới tán rừng bước đầu mang "
    "lại hiệu quả rõ nét.",
    "Đến nay, {pct} số thôn, bản trên địa bàn đã có đường ô tô đến trung tâm và được sử dụng "
    "điện lưới quốc gia.",
    "Đời sống còn nhiều khó khăn nhưng bà con luôn đoàn kết, giúp đỡ nhau lúc ốm đau, hoạn nạn.",
    "Trong năm, lực lượng chức năng đã phối hợp tổ chức {ns} buổi khám bệnh, cấp thuốc miễn phí "
    "cho người dân vùng sâu.",
    "Các cấp hội phụ nữ đã thành lập {ns} tổ tiết kiệm vốn vay, giúp chị em có thêm nguồn vốn "
    "phát triển kinh tế gia đình.",
]
SECTION_SENTENCES: dict[str, list[str]] = {
    "van-hoa": [
        "Lễ {F} là dịp để đồng bào {E} tạ ơn tổ tiên, trời đất và cầu mong mùa màng bội thu, bản "
        "làng bình an.",
        "Những làn điệu dân ca, tiếng khèn, tiếng chiêng vang lên rộn rã khắp thôn {V}.",
        "Nghệ nhân {person} đã dành nhiều năm sưu tầm, truyền dạy nghề {K} cho lớp trẻ trong bản.",
        "Nhiều gia đình gắn việc bảo tồn văn hóa với phát triển du lịch cộng đồng, đón hàng nghìn "
        "lượt khách mỗi năm.",
        "Hiện toàn xã có {ns} đội văn nghệ thôn bản thường xuyên luyện tập, biểu diễn phục vụ bà "
        "con và du khách.",
        "Trang phục truyền thống của phụ nữ {E} được thêu, dệt thủ công với nhiều hoa văn tinh "
        "xảo.",
    ],
    "giao-duc": [
        "Hiện nhà trường có {n} học sinh bán trú, phần lớn là con em đồng bào {E}.",
        "Nhà các em cách trường từ 10 đến {nkm} km đường núi nên cả tuần mới về nhà một lần.",
        "Ngành giáo dục tỉnh {P} đã chỉ đạo các trường rà soát cơ sở vật chất, bảo đảm đủ chăn "
        "màn, quần áo ấm cho học sinh.",
        "Tỷ lệ học sinh đi học đúng độ tuổi ở bậc tiểu học của xã đạt {pct}.",
        "Các thầy cô giáo vùng cao không quản ngại khó khăn, đến từng nhà vận động học sinh trở "
        "lại lớp.",
        "Lớp học buổi tối thu hút đông đảo người dân tham gia, nhiều người đã biết đọc, biết viết "
        "và làm phép tính đơn giản.",
    ],
    "phap-luat": [
        "Thông qua các buổi tuyên truyền, người dân hiểu rõ hơn về tác hại của ma túy và thủ đoạn "
        "của các đối tượng mua bán người.",
        "Lực lượng Công an xã {C} đã tiếp nhận và giải quyết dứt điểm {ns} vụ việc mâu thuẫn "
        "trong cộng đồng.",
        "Nhiều vụ tranh chấp đất đai được hòa giải thành ngay tại cơ sở, không để phát sinh điểm "
        "nóng.",
        "Tổ hòa giải thôn {V} được kiện toàn với sự tham gia của người có uy tín, già làng, trưởng "
        "bản.",
        "Đồn Biên phòng đã phát tặng {n} tờ rơi song ngữ tiếng Việt và tiếng {E} cho người dân.",
        "Việc đưa pháp luật đến gần hơn với người dân góp phần giữ vững an ninh trật tự ở vùng "
        "biên giới.",
    ],
    "cong-tac-dan-toc": [
        "Sở Dân tộc và Tôn giáo tỉnh {P} cho biết, giai đoạn 2021 - 2025 tỉnh được bố trí hơn "
        "{money} để thực hiện các chính sách dân tộc.",
        "Mỗi hộ được hỗ trợ tối đa {nm} triệu đồng để mua bồn chứa, téc nước hoặc xây bể.",
        "Công tác rà soát, bình chọn người có uy tín được thực hiện đúng tiêu chí, dân chủ và "
        "công khai.",
        "Nhờ chính sách hỗ trợ đất sản xuất, chuyển đổi nghề, nhiều hộ thiếu đất đã có việc làm "
        "ổn định.",
        "Địa phương đã tổ chức {ns} lớp tập huấn, bồi dưỡng kiến thức cho cán bộ làm công tác "
        "dân tộc ở cơ sở.",
        "Các chính sách dân tộc đã thực sự đi vào cuộc sống, được đồng bào đồng tình, ủng hộ.",
    ],
    "thoi-su": [
        "Phát biểu tại buổi làm việc, {person}, {role}, đánh giá cao những kết quả địa phương đã "
        "đạt được.",
        "Đoàn công tác đề nghị tỉnh {P} tập trung tháo gỡ khó khăn, vướng mắc trong giải ngân vốn "
        "đầu tư công.",
        "Tỉnh cũng kiến nghị Trung ương tiếp tục quan tâm, bố trí nguồn lực cho các xã biên giới, "
        "xã đặc biệt khó khăn.",
        "Dự án có tổng mức đầu tư hơn {money}, dự kiến hoàn thành trong năm {Y1}.",
        "Đây là công trình có ý nghĩa quan trọng, thể hiện sự quan tâm của Đảng, Nhà nước đối với "
        "đồng bào vùng biên.",
        "Lãnh đạo tỉnh {P} yêu cầu các sở, ngành liên quan khẩn trương hoàn thiện hồ sơ, thủ tục "
        "để triển khai đúng tiến độ.",
    ],
    "tin-tuc": [
        "Mưa lớn kéo dài khiến nhiều tuyến đường liên xã bị sạt lở, chia cắt cục bộ.",
        "Ngay sau khi nhận được thông tin, chính quyền địa phương đã huy động lực lượng giúp dân "
        "di dời tài sản đến nơi an toàn.",
        "Mỗi căn nhà được xây dựng với kinh phí khoảng {nm2} triệu đồng, trong đó Quỹ Vì người "
        "nghèo hỗ trợ {nm} triệu đồng.",
        "Những ngày này, bà con ở thôn {V} tất bật thu hoạch {R}, giá bán ổn định giúp nông dân "
        "có thêm thu nhập.",
        "Công trình nước sạch tập trung đã cung cấp nước sinh hoạt cho {n} hộ dân trong thôn.",
        "Niềm vui hiện rõ trên gương mặt của các hộ dân khi được nhận nhà mới trước mùa mưa bão.",
    ],
}
HEADINGS = [
    "Giữ hồn cốt văn hóa trong đời sống hôm nay",
    "Vẫn còn nhiều khó khăn cần tháo gỡ",
    "Tạo sinh kế bền vững cho đồng bào",
    "Phát huy vai trò của người có uy tín",
    "Chung sức xây dựng nông thôn mới",
    "Lan tỏa những mô hình hay",
    "Cần sự vào cuộc của cả hệ thống chính trị",
    "Hướng tới mục tiêu giảm nghèo bền vững",
    "Khơi dậy ý chí tự lực, tự cường",
    "Đổi thay ở vùng biên",
]
ACTIVITIES = [
    "thu hoạch {R}", "tham gia buổi tuyên truyền", "nhận quà hỗ trợ",
    "biểu diễn văn nghệ trong ngày hội", "chăm sóc vườn {R}", "dự lễ khởi công",
    "sinh hoạt tại nhà văn hóa thôn", "giới thiệu sản phẩm {K}",
]
CAPTIONS = [
    "Đồng bào {E} ở xã {C} {act}",
    "Người dân thôn {V} {act}",
    "Học sinh Trường PTDTBT TH&THCS xã {C} trong giờ ra chơi",
    "Lãnh đạo tỉnh {P} thăm hỏi, động viên bà con thôn {V}",
]
PHOTO_FOLDERS = ["Anh", "Thanh", "Nga", "Hoa"]
GENERIC_KEYWORDS = "Dân tộc và Phát triển, tin tức dân tộc, miền núi, đồng bào dân tộc thiểu số"
SITE_DESCRIPTION = (
    "Báo Dân tộc và Phát triển - Cơ quan ngôn luận của Bộ Dân tộc và Tôn giáo. Tin tức về đồng "
    "bào dân tộc thiểu số, miền núi, biên giới."
)

# --------------------------------------------------------------------------- helpers

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_NBSP_SPOT = re.compile(r"(\d) (triệu|tỷ|km|hộ|học|suất|lớp|đợt)")


def _slugify(text: str) -> str:
    """ASCII slug as the site builds it: 'Quảng Lâm: Hơn 3.200 hộ' -> 'quang-lam-hon-3-200-ho'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_SLUG.sub("-", text).strip("-")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _vn_int(value: int) -> str:
    """1236 -> '1.236' (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def _abs_time(dt: datetime) -> str:
    return dt.astimezone(VN_TZ).strftime("%H:%M, %d/%m/%Y")


def _time_text(published: datetime, now: datetime) -> str:
    """'N phút trước' / 'N giờ trước' within 24 hours before ``now``, else 'HH:MM, DD/MM/YYYY'."""
    minutes = int((now - published).total_seconds() // 60)
    if 1 <= minutes < 60:
        return f"{minutes} phút trước"
    if 60 <= minutes < 24 * 60:
        return f"{minutes // 60} giờ trước"
    return _abs_time(published)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _as_vn(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ)


def _image_dir(dt: datetime, folder: str) -> str:
    month = quote(f"Tháng {dt.month}")
    day = quote(f"Ngày_{dt.day:02d}")
    return f"{IMAGES}/{dt.year}/{month}/{day}/{folder}"


def _published_at(index: int, start: datetime) -> datetime:
    """Publication time of article ``index``: every 37 minutes plus 0-5 minutes of jitter."""
    jitter = random.Random(index).randrange(6)  # first draw of the article's own generator
    return start + timedelta(minutes=PUBLISH_STEP_MINUTES * index + jitter)


def _start_minute(start: datetime) -> datetime:
    return _as_vn(start).replace(second=0, microsecond=0)


def default_now(n_articles: int, *, start: datetime = DEFAULT_START) -> datetime:
    """The clock :func:`build_site` uses by default: newest article's time + 2 hours.

    Serve the pages with this as the HTTP ``Date`` so that relative times resolve correctly.
    """
    start = _start_minute(start)
    if n_articles <= 0:
        return start
    return _published_at(n_articles - 1, start) + timedelta(hours=2)


# --------------------------------------------------------------------------- article generation


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values)


def _values(rng: random.Random, base: dict[str, str]) -> dict[str, str]:
    """Fresh numbers for one sentence, over the article's fixed names."""
    values = dict(base)
    values.update(
        n=str(rng.randint(12, 480)),
        nbig=_vn_int(rng.randint(11, 52) * 100),
        ns=str(rng.randint(2, 19)),
        ns2=str(rng.randint(2, 9)),
        n5=str(rng.randint(3, 5)),
        nm=str(rng.randint(1, 5)),
        nm2=str(rng.randint(25, 60)),
        nkm=str(rng.randint(15, 40)),
        pct=f"{rng.randint(2, 48)},{rng.randint(1, 9)}%",
        money=f"{rng.randint(2, 95)},{rng.randint(1, 9)} tỷ đồng",
        person=rng.choice(PEOPLE),
    )
    values["role"] = rng.choice(ROLES).format_map(values)
    return values


def _paragraph_html(text: str, rng: random.Random) -> str:
    """Render one body paragraph with the site's quirks (entities, &nbsp;, wrapped source)."""
    s = _esc(text)
    if rng.random() < 0.5:
        s = s.replace("“", "&ldquo;").replace("”", "&rdquo;")
    if rng.random() < 0.35:
        s = _NBSP_SPOT.sub(r"\1&nbsp;\2", s, count=1)
    if rng.random() < 0.1 and ", " in s[:80]:
        cut = s.index(", ")
        s = f"<strong>{s[:cut]}</strong>{s[cut:]}"
    if rng.random() < 0.2 and len(s) > 120:
        mid = s.find(" ", len(s) // 2)
        if mid > 0:
            s = s[:mid] + "\n" + " " * 48 + s[mid + 1:]
    if rng.random() < 0.12:
        s += "&nbsp;"
    style = ' style="text-align: justify;"' if rng.random() < 0.7 else ""
    return f"<p{style}>{s}</p>"


def _table(rng: random.Random, base: dict[str, str]) -> tuple[str, list[list[str]]]:
    """A small statistics table: (lead-in sentence, rows including the header row)."""
    places = rng.sample(COMMUNES, rng.randint(3, 5))
    if rng.random() < 0.5:
        header = ["Xã", "Số hộ được hỗ trợ", "Kinh phí (triệu đồng)"]
        rows = [[p, rng.randint(80, 480)] for p in places]
        body = [[p, _vn_int(h), _vn_int(h * 3)] for p, h in rows]
        total = sum(h for _, h in rows)
        body.append(["Tổng", _vn_int(total), _vn_int(total * 3)])
        lead = "Kết quả thực hiện tại một số xã vùng cao như sau:"
    else:
        header = ["Địa phương", "Số lớp", "Số học viên"]
        body = [[f"Xã {p}", str(rng.randint(2, 9)), str(rng.randint(30, 260))] for p in places]
        lead = _fill("Số liệu cụ thể tại các xã của tỉnh {P} như sau:", base)
    return lead, [header, *body]


def _table_html(rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in rows[0])
    body = "\n".join(
        " " * 32 + "<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>"
        for row in rows[1:]
    )
    return (
        '<table class="table-data" border="1" cellpadding="5" cellspacing="0" style="width:100%">\n'
        f"                            <thead><tr>{head}</tr></thead>\n"
        "                            <tbody>\n"
        f"{body}\n"
        "                            </tbody>\n"
        "                        </table>"
    )


def _figure(
    rng: random.Random, base: dict[str, str], directory: str, number: int
) -> tuple[str, tuple[str, str | None]]:
    """One <figure>: (html, (url, expected caption)). Captions: 60% figcaption, 30% alt only."""
    values = dict(base)
    values["act"] = rng.choice(ACTIVITIES).format_map(values)
    caption = _nfc(rng.choice(CAPTIONS).format_map(values))
    alt = _nfc(f"Đồng bào {values['E']} {values['act']}")
    url = f"{directory}/{_slugify(caption)[:48].rstrip('-')}-{number}.jpg"
    roll = rng.random()
    if roll < 0.6:
        shown_alt, figcaption, expected = alt, caption, caption
    elif roll < 0.9:
        shown_alt, figcaption, expected = caption, None, caption
    else:
        shown_alt, figcaption, expected = "", None, None
    parts = [
        '<figure class="image">',
        f'                            <img src="{_esc(url)}" alt="{_esc(shown_alt)}" '
        'width="800" height="533" />',
    ]
    if figcaption is not None:
        parts.append(f"                            <figcaption>{_esc(figcaption)}</figcaption>")
    parts.append("                        </figure>")
    return "\n".join(parts), (url, expected)


def _make_article(
    index: int, start: datetime, earlier: Sequence[DemoArticle], seen_titles: set[str]
) -> DemoArticle:
    rng = random.Random(index)
    jitter = rng.randrange(6)  # must stay the first draw (see _published_at)
    published = start + timedelta(minutes=PUBLISH_STEP_MINUTES * index + jitter)

    # Id: "creation" time 2-25 minutes before publication, in ms. Publications are >= 32 minutes
    # apart, so ids strictly increase with index (hence unique).
    created_s = int(published.timestamp()) - rng.randint(2, 25) * 60 - rng.randrange(60)
    article_id = f"{(created_s * 1000 + rng.randrange(1000)) % 10**13:013d}"

    n_sections = len(SECTIONS)
    section_no = index % n_sections if rng.random() < 0.8 else rng.randrange(n_sections)
    section_slug, section_name = SECTIONS[section_no]

    base = {
        "P": rng.choice(PROVINCES),
        "C": rng.choice(COMMUNES),
        "V": rng.choice(VILLAGES),
        "E": rng.choice(ETHNIC),
        "F": rng.choice(FESTIVALS),
        "K": rng.choice(CRAFTS),
        "R": rng.choice(CROPS),
        "A": rng.choice(ARTS),
        "B": rng.choice(BENEFITS),
        "POL": rng.choice(POLICIES),
        "Y0": str(published.year - 1),
        "Y1": str(published.year + 1),
        "dm": f"{published.day}/{published.month}",
    }

    # Title (unique: retry with fresh draws; article i depends only on articles < i).
    title = ""
    for _attempt in range(40):
        values = _values(rng, base)
        values.update(
            P=rng.choice(PROVINCES), C=rng.choice(COMMUNES), E=rng.choice(ETHNIC),
            V=rng.choice(VILLAGES),
        )
        title = _nfc(_fill(rng.choice(TITLES[section_slug]), values))
        if title not in seen_titles:
            base.update(P=values["P"], C=values["C"], E=values["E"], V=values["V"])
            break
    else:
        title = f"{title} (kỳ {index + 1})"
    seen_titles.add(title)
    slug = _slugify(title)
    url = f"{SITE}/{slug}-{article_id}.htm"

    summary = _fill(rng.choice(SUMMARY_OPENERS), _values(rng, base))
    closer = rng.choice(SUMMARY_CLOSERS)
    summary = _nfc(f"{summary} {closer}".strip())

    # Authors / signature.
    signed = index % 6 == 4
    authors = rng.sample(AUTHORS, 2) if rng.random() < 0.3 else [rng.choice(AUTHORS)]
    if signed:
        authors = authors[:1]

    # Body paragraphs.
    bank = SENTENCES + SECTION_SENTENCES[section_slug]
    n_par = rng.randint(3, 8)
    order = rng.sample(range(len(bank)), len(bank))
    texts: list[str] = []
    pos = 0
    for _ in range(n_par):
        k = rng.randint(1, 3)
        picked = [bank[order[(pos + j) % len(bank)]] for j in range(k)]
        sentences = [_fill(template, _values(rng, base)) for template in picked]
        pos += k
        texts.append(_nfc(" ".join(sentences)))

    # Blocks: ("p", text) ("h2", text) ("table", rows) ("fig", html) ("xem", html) ("sig", name)
    blocks: list[tuple[str, object]] = [("p", t) for t in texts]
    if index % 3 == 0:
        blocks.insert(max(1, len(texts) // 2), ("h2", rng.choice(HEADINGS)))
    if index % 5 == 2:
        lead, rows = _table(rng, base)
        at = min(2, len(blocks))
        blocks[at:at] = [("p", lead), ("table", rows)]

    folder = rng.choice(PHOTO_FOLDERS)
    directory = _image_dir(published, folder)
    n_fig = rng.choice([0, 1, 1, 2, 2, 3])
    fig_slots = sorted(rng.randint(1, len(blocks)) for _ in range(n_fig))
    figures = [_figure(rng, base, directory, no + 1) for no in range(n_fig)]
    for offset, (slot, fig) in enumerate(zip(fig_slots, figures, strict=True)):
        blocks.insert(slot + offset, ("fig", fig[0]))
    images = [fig[1] for fig in figures]

    see_also: list[str] = []
    if index % 4 == 1 and earlier:
        target = earlier[rng.randrange(len(earlier))]
        see_also.append(target.url)
        link = f'<a href="{_esc(target.url)}"'
        if rng.random() < 0.5:
            xem = (
                f'<p><strong>Xem thêm:</strong> {link} target="_blank">{_esc(target.title)}</a></p>'
            )
        else:
            xem = (
                f'<p style="text-align: left;"><em>Xem thêm: {link}>{_esc(target.title)}</a>'
                "</em></p>"
            )
        blocks.insert(rng.randint(1, len(blocks)), ("xem", xem))

    signature = authors[0] if signed else None

    paragraphs: list[str] = []
    html_parts: list[str] = []
    for kind, payload in blocks:
        if kind == "p":
            assert isinstance(payload, str)
            paragraphs.append(payload)
            html_parts.append(_paragraph_html(payload, rng))
        elif kind == "h2":
            assert isinstance(payload, str)
            paragraphs.append(payload)
            html_parts.append(f"<h2>{_esc(payload)}</h2>")
        elif kind == "table":
            assert isinstance(payload, list)
            paragraphs.extend(" | ".join(row) for row in payload)
            html_parts.append(_table_html(payload))
        else:  # "fig" / "xem": ready-made HTML
            assert isinstance(payload, str)
            html_parts.append(payload)
    if signature:
        html_parts.append(f'<p style="text-align: right;"><strong>{_esc(signature)}</strong></p>')
    indent = "\n                        "
    content_html = indent + indent.join(html_parts) + "\n                "

    # Tags: 0-4 (about 30% of articles have none).
    tag_pool = [
        base["P"], f"Đồng bào {base['E']}", section_name, base["C"], "Người có uy tín",
        "Giảm nghèo bền vững", "Chương trình mục tiêu quốc gia", "Bảo tồn văn hóa",
    ]
    tags = [] if rng.random() < 0.3 else rng.sample(tag_pool, rng.randint(1, 4))

    if images and rng.random() < 0.4:
        thumbnail = images[0][0]
    else:
        thumbnail = f"{directory}/{slug[:44].rstrip('-')}-thumb.jpg"
    thumbnail_alt = title if rng.random() < 0.8 else (images[0][1] or title) if images else title

    return DemoArticle(
        index=index,
        article_id=article_id,
        slug=slug,
        url=url,
        section_slug=section_slug,
        section_name=section_name,
        title=title,
        summary=summary,
        paragraphs=paragraphs,
        authors=authors,
        published_at=published,
        tags=[_nfc(t) for t in tags],
        images=images,
        signature=signature,
        see_also=see_also,
        thumbnail=thumbnail,
        thumbnail_alt=thumbnail_alt,
        content_html=content_html,
    )


def demo_articles(n_articles: int, *, start: datetime = DEFAULT_START) -> list[DemoArticle]:
    """The first ``n_articles`` articles, oldest first (index 0 is published at ``start``).

    Deterministic and prefix-stable: article ``i`` is identical whatever ``n_articles`` is.
    Articles go round-robin-ish over :data:`SECTIONS`, one every ~37 minutes.
    """
    if n_articles < 0:
        raise ValueError("n_articles must be >= 0")
    start = _start_minute(start)
    articles: list[DemoArticle] = []
    seen: set[str] = set()
    for index in range(n_articles):
        articles.append(_make_article(index, start, articles, seen))
    return articles


# --------------------------------------------------------------------------- page templates

_GA_SCRIPT = """    <script>
        (function (i, s, o, g, r, a, m) {
            i['GoogleAnalyticsObject'] = r; i[r] = i[r] || function () { (i[r].q = i[r].q || []).push(arguments) }, i[r].l = 1 * new Date();
            a = s.createElement(o), m = s.getElementsByTagName(o)[0]; a.async = 1; a.src = g; m.parentNode.insertBefore(a, m)
        })(window, document, 'script', 'https://www.google-analytics.com/analytics.js', 'ga');
        ga('create', 'UA-64215930-1', 'auto');
        ga('send', 'pageview');
    </script>
"""  # noqa: E501

_COL_RIGHT = """        <div class="col-right">
            <div class="banner-right"><a href="https://dichvucong.gov.vn/" target="_blank" rel="nofollow"><img src="https://images.baodantoc.vn/uploads/banner/dvc-300x250.jpg" alt="" /></a></div>
            <div class="banner-right"><a href="https://baodantoc.vn/lien-he-quang-cao.htm" rel="nofollow"><img src="https://images.baodantoc.vn/uploads/banner/right-300x600.jpg" alt="" /></a></div>
            <div id="zone-right-02" class="ads-zone"></div>
            <script>window.adsZones = window.adsZones || []; adsZones.push({ id: 'zone-right-02', size: '300x250' });</script>
        </div>
"""  # noqa: E501

_CLOCK_SCRIPT = """    <script src="https://baodantoc.vn/Scripts/jquery-3.5.1.min.js"></script>
    <script src="https://baodantoc.vn/Scripts/main.min.js?v=2.4.17"></script>
    <script>
        function showClock() {
            var d = new Date(), days = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
            var el = document.getElementById('dateNow');
            if (el && window.clockEnabled) { el.innerHTML = days[d.getDay()] + ', ngày ' + d.getDate() + ' tháng ' + (d.getMonth() + 1) + ' năm ' + d.getFullYear(); }
        }
        setInterval(showClock, 1000);
"""  # noqa: E501


def _section_url(slug: str, page: int = 1) -> str:
    return f"{SITE}/{slug}-p{page}.htm"


def _head(
    *, title: str, description: str, keywords: str, url: str, og_type: str, og_image: str,
    og_title: str,
) -> str:
    mobile = MOBILE_SITE + url[len(SITE):]
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml">
<head>
    <meta charset="utf-8" />
    <meta http-equiv="X-UA-Compatible" content="IE=edge" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>{_esc(title)}</title>
    <meta name="description" content="{_esc(description)}" />
    <meta name="keywords" content="{_esc(keywords)}" />
    <meta name="robots" content="index,follow" />
    <link rel="canonical" href="{_esc(url)}" />
    <link rel="alternate" media="only screen and (max-width: 640px)" href="{_esc(mobile)}" />
    <link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="{SITE}/rss/home.rss" />
    <link rel="shortcut icon" href="{SITE}/favicon.ico" />
    <meta property="og:site_name" content="{SITE_NAME}" />
    <meta property="og:type" content="{og_type}" />
    <meta property="og:url" content="{_esc(url)}" />
    <meta property="og:title" content="{_esc(og_title)}" />
    <meta property="og:description" content="{_esc(description)}" />
    <meta property="og:image" content="{_esc(og_image)}" />
    <link rel="stylesheet" href="{SITE}/Content/css/bootstrap.min.css" />
    <link rel="stylesheet" href="{SITE}/Content/css/style.min.css?v=2.4.17" />
{_GA_SCRIPT}</head>
"""  # noqa: E501


def _header() -> str:
    menu = "\n".join(
        f'{" " * 16}<li><a href="{_section_url(slug)}" title="{_esc(name)}">{_esc(name)}</a></li>'
        for slug, name in SECTIONS
    )
    return f"""<body>
    <div id="fb-root"></div>
    <div class="hidden" id="divAnalytic">Analytic</div>
    <div class="header">
        <div class="header-top">
            <div class="container">
                <span class="date-now" id="dateNow">{STALE_CLOCK}</span>
                <div class="header-right">
                    <a class="rss" href="{SITE}/rss.htm" title="RSS"><i class="icon-rss"></i></a>
                    <a class="fb" href="https://www.facebook.com/baodantocvaphattrien" target="_blank" rel="nofollow" title="Facebook"><i class="icon-facebook"></i></a>
                    <form class="search-box" action="{SITE}/tim-kiem.htm" method="get"><input type="text" name="keyword" placeholder="Tìm kiếm..." /><button type="submit"><i class="icon-search"></i></button></form>
                </div>
            </div>
        </div>
        <div class="header-logo">
            <div class="container">
                <a class="logo" href="{SITE}/"><img src="{SITE}/Content/images/logo.png" alt="{SITE_NAME}" /></a>
                <div class="banner-top"><a href="{SITE}/lien-he-quang-cao.htm" rel="nofollow"><img src="{IMAGES}/banner/top-728x90.jpg" alt="" /></a></div>
            </div>
        </div>
        <nav class="main-menu">
            <ul class="container">
                <li class="home"><a href="{SITE}/" title="Trang chủ"><i class="icon-home"></i></a></li>
{menu}
            </ul>
        </nav>
    </div>
"""  # noqa: E501


def _footer(extra_script: str = "") -> str:
    links = " | ".join(
        f'<a href="{_section_url(slug)}">{_esc(name)}</a>' for slug, name in SECTIONS
    )
    return f"""    <div class="footer">
        <div class="container">
            <div class="footer-menu">{links}</div>
            <div class="footer-info">
                <p><strong>BÁO DÂN TỘC VÀ PHÁT TRIỂN</strong></p>
                <p>Cơ quan chủ quản: Bộ Dân tộc và Tôn giáo</p>
                <p>Ghi rõ nguồn “Báo Dân tộc và Phát triển” khi phát hành lại thông tin từ website này.</p>
            </div>
        </div>
    </div>
{_CLOCK_SCRIPT}{extra_script}    </script>
</body>
</html>
"""  # noqa: E501


class _Renderer:
    """Teaser snippets for one build (meta lines depend on the build's clock)."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._meta: dict[int, str] = {}

    def meta(self, a: DemoArticle) -> str:
        cached = self._meta.get(a.index)
        if cached is None:
            parts = [f'<a class="cate" href="{a.section_url}">{_esc(a.section_name)}</a>']
            if a.byline_authors:
                parts.append(f'<span class="author">{_esc(" - ".join(a.byline_authors))}</span>')
            parts.append(f'<span class="time">{_time_text(a.published_at, self.now)}</span>')
            cached = self._meta[a.index] = '<div class="meta">' + " - ".join(parts) + "</div>"
        return cached

    @staticmethod
    def avatar(a: DemoArticle) -> str:
        return (
            f'<a class="avatar" href="{_esc(a.url)}" title="{_esc(a.title)}">'
            f'<img src="{_esc(a.thumbnail)}" alt="{_esc(a.thumbnail_alt)}" /></a>'
        )

    @staticmethod
    def title_link(a: DemoArticle, tag: str = "h3") -> str:
        return (
            f'<{tag} class="title"><a href="{_esc(a.url)}" title="{_esc(a.title)}">'
            f"{_esc(a.title)}</a></{tag}>"
        )

    def item(
        self, a: DemoArticle, cls: str, *, meta: bool = True, sapo: bool = True,
        picture: bool = True, tag: str = "h3", pad: str = "                ",
    ) -> str:
        lines = [f'{pad}<div class="{cls}">']
        if picture:
            lines.append(f"{pad}    {self.avatar(a)}")
        lines.append(f'{pad}    <div class="info">')
        lines.append(f"{pad}        {self.title_link(a, tag)}")
        if meta:
            lines.append(f"{pad}        {self.meta(a)}")
        if sapo:
            lines.append(f'{pad}        <div class="sapo">{_esc(a.summary)}</div>')
        lines.append(f"{pad}    </div>")
        lines.append(f"{pad}</div>")
        return "\n".join(lines) + "\n"


def _breadcrumb(slug: str, name: str) -> str:
    return (
        f'<a href="{SITE}/" title="Trang chủ">Trang chủ</a><span class="sep">/</span>'
        f'<a class="cate-name" href="{_section_url(slug)}" title="{_esc(name)}">{_esc(name)}</a>'
    )


def _home_page(articles: list[DemoArticle], by_section: dict[str, list[DemoArticle]],
               r: _Renderer) -> str:
    newest = articles[::-1]
    focus, latest = newest[:4], newest[4:12]
    shown = {a.index for a in focus + latest}
    out = [
        _head(
            title=f"{SITE_NAME} - Tin tức dân tộc, miền núi", description=SITE_DESCRIPTION,
            keywords=GENERIC_KEYWORDS, url=f"{SITE}/", og_type="website",
            og_image=f"{SITE}/Content/images/og-default.jpg",
            og_title=f"{SITE_NAME} - Tin tức dân tộc, miền núi",
        ),
        _header(),
        '    <div class="container main home">\n        <div class="col-left">\n',
    ]
    if focus:
        out.append('            <div class="home-focus">\n')
        out.append(r.item(focus[0], "focus-main", tag="h2", pad="                "))
        out.append('                <div class="focus-sub">\n')
        for a in focus[1:]:
            out.append(r.item(a, "item", sapo=False, pad="                    "))
        out.append("                </div>\n            </div>\n")
    if latest:
        out.append('            <div class="box-latest">\n'
                   '                <div class="title-box"><span>Tin mới</span></div>\n')
        for a in latest:
            out.append(r.item(a, "item-news"))
        out.append("            </div>\n")
    for slug, name in SECTIONS:
        items = [a for a in reversed(by_section[slug]) if a.index not in shown][:3]
        if not items:
            continue
        out.append(
            f'            <div class="box-cate" data-cate="{slug}">\n'
            f'                <div class="title-box"><a href="{_section_url(slug)}">'
            f"{_esc(name)}</a></div>\n"
        )
        out.append(r.item(items[0], "item-first"))
        if items[1:]:
            out.append('                <ul class="list-sub">\n')
            for a in items[1:]:
                out.append(
                    '                    <li><div class="item-sub">     <div class="info">'
                    f"         {r.title_link(a)}         {r.meta(a)}     </div> </div></li>\n"
                )
            out.append("                </ul>\n")
        out.append("            </div>\n")
    out.append("        </div>\n")
    out.append(_COL_RIGHT)
    out.append("    </div>\n")
    out.append(_footer())
    return "".join(out)


def _pagination(slug: str, page: int, pages: int) -> str:
    lines = ['            <div class="pagination">', "                <ul>"]
    if page > 1:
        lines.append(
            f'{" " * 20}<li class="prev"><a rel="prev" href="{_section_url(slug, page - 1)}">'
            "« Trang trước</a></li>"
        )
    first = max(1, min(page - 2, pages - 4))
    for p in range(first, min(pages, first + 4) + 1):
        if p == page:
            lines.append(f'                    <li class="active"><span>{p}</span></li>')
        else:
            lines.append(f'                    <li><a href="{_section_url(slug, p)}">{p}</a></li>')
    if page < pages:
        lines.append(
            f'{" " * 20}<li class="next"><a rel="next" href="{_section_url(slug, page + 1)}">'
            "Trang sau »</a></li>"
        )
    lines += ["                </ul>", "            </div>"]
    return "\n".join(lines) + "\n"


def _listing_page(slug: str, name: str, items: list[DemoArticle], page: int, pages: int,
                  r: _Renderer) -> str:
    url = _section_url(slug, page)
    out = [
        _head(
            title=f"{name} - {SITE_NAME}" + (f" - Trang {page}" if page > 1 else ""),
            description=f"Tin tức {name} - {SITE_NAME}", keywords=GENERIC_KEYWORDS, url=url,
            og_type="website", og_image=f"{SITE}/Content/images/og-default.jpg",
            og_title=f"{name} - {SITE_NAME}",
        ),
        _header(),
        '    <div class="container main cate">\n        <div class="col-left">\n',
        '            <div class="breadcrumb"><a href="https://baodantoc.vn/">Trang chủ</a>'
        f'<span class="sep">/</span><a class="cate-name" href="{_section_url(slug)}">'
        f"{_esc(name)}</a></div>\n",
        f'            <h1 class="cate-title">{_esc(name)}</h1>\n',
        '            <div class="list-news">\n',
    ]
    out.extend(r.item(a, "item-news") for a in items)
    out.append("            </div>\n")
    out.append(_pagination(slug, page, pages))
    out.append("        </div>\n")
    out.append(_COL_RIGHT)
    out.append("    </div>\n")
    out.append(_footer())
    return "".join(out)


def _article_page(a: DemoArticle, related: list[DemoArticle], featured: list[DemoArticle],
                  r: _Renderer) -> str:
    og_image = a.images[0][0] if a.images else a.thumbnail
    byline = f'<span class="time">{a.published_raw}</span>'
    if a.byline_authors:
        byline = f'<span class="author">{_esc(" - ".join(a.byline_authors))}</span> - {byline}'
    out = [
        _head(
            title=f"{a.title} - {SITE_NAME}", description=a.summary,
            keywords=", ".join(a.tags) if a.tags else GENERIC_KEYWORDS, url=a.url,
            og_type="article", og_image=og_image, og_title=a.title,
        ),
        _header(),
        '    <div class="container main">\n        <div class="col-left">\n',
        '            <div class="breadcrumb">\n'
        f"                {_breadcrumb(a.section_slug, a.section_name)}\n"
        "            </div>\n",
        f'            <div class="detail" id="detail" data-id="{a.article_id}">\n',
        f'                <h1 class="title-detail">{_esc(a.title)}</h1>\n',
        f'                <div class="author-detail">{byline}</div>\n',
        '                <div class="social-share">\n'
        '                    <a class="share-fb" href="https://www.facebook.com/sharer/sharer.php'
        f'?u={_esc(a.url)}" target="_blank" rel="nofollow" title="Chia sẻ Facebook">'
        '<i class="icon-facebook"></i></a>\n'
        '                    <a class="share-zalo" href="javascript:void(0)" '
        f'data-href="{_esc(a.url)}" title="Chia sẻ Zalo"><i class="icon-zalo"></i></a>\n'
        '                    <a class="print" href="javascript:window.print()" title="In bài viết">'
        '<i class="icon-print"></i></a>\n'
        "                </div>\n",
        f'                <div class="sapo-detail">{_esc(a.summary)}</div>\n',
        f'                <div class="content-detail" id="contentDetail">{a.content_html}</div>\n',
    ]
    if a.tags:
        tag_links = "".join(
            f'<a href="{SITE}/tag/{_slugify(t)}.htm" title="{_esc(t)}">{_esc(t)}</a>'
            for t in a.tags
        )
        out.append(
            '                    <div class="detail-tags"><span class="tag-label">Từ khóa:</span> '
            f"{tag_links}</div>\n"
        )
    out.append("            </div>\n")
    out.append(
        '            <div class="box-comment" id="boxComment">\n'
        '                <div class="title-box-comment">Ý kiến độc giả</div>\n'
        f'                <form id="frmComment" method="post" action="{SITE}/Comment/Post" '
        'onsubmit="return sendComment(this);">\n'
        f'                    <input type="hidden" name="NewsId" value="{a.article_id}" />\n'
        '                    <textarea name="Content" rows="4" '
        'placeholder="Nội dung ý kiến của bạn"></textarea>\n'
        '                    <div class="row-input"><input type="text" name="FullName" '
        'placeholder="Họ và tên" /><input type="email" name="Email" placeholder="Email" /></div>\n'
        '                    <div class="captcha"><label for="txtCaptcha">Mã bảo mật</label> '
        '<input type="text" id="txtCaptcha" name="Captcha" maxlength="5" /> '
        f'<img src="{SITE}/Captcha/Get?id={a.article_id}" alt="" /> '
        '<a href="javascript:void(0)" class="reload-captcha" title="Đổi mã">'
        '<i class="icon-refresh"></i></a></div>\n'
        '                    <button type="submit" class="btn-send"><i class="icon-send"></i>'
        "</button>\n"
        "                </form>\n"
        "            </div>\n"
    )
    if related:
        out.append(
            '            <div class="box-related">\n'
            '                <div class="title-box"><span>Tin cùng chuyên mục</span></div>\n'
            '                <div class="list-related">\n'
        )
        out.extend(r.item(x, "item-related", meta=False) for x in related)
        out.append("                </div>\n            </div>\n")
    if featured:
        out.append(
            '            <div class="box-featured">\n'
            '                <div class="title-box"><span>Tin nổi bật trang chủ</span></div>\n'
            '                <div class="list-featured">\n'
        )
        out.extend(r.item(x, "item-featured") for x in featured)
        out.append("                </div>\n            </div>\n")
    out.append("        </div>\n")
    out.append(_COL_RIGHT)
    out.append("    </div>\n")
    out.append(
        _footer(
            f"        var newsId = {a.article_id}, msgCaptcha = 'Vui lòng nhập Mã bảo mật';\n"
        )
    )
    return "".join(out)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rss(articles: list[DemoArticle], now: datetime, name: str = "Trang chủ",
         path: str = "/rss/home.rss") -> str:
    items = []
    for a in articles[::-1][:10]:
        description = (
            f'<a href="{_esc(a.url)}"><img src="{_esc(a.thumbnail)}" width="180" height="120" '
            f'alt="" /></a>{html.escape(a.summary, quote=False)}'
        )
        items.append(
            "    <item>\n"
            f"      <title>{_cdata(a.title)}</title>\n"
            f"      <link>{_esc(a.url)}</link>\n"
            f'      <guid isPermaLink="true">{_esc(a.url)}</guid>\n'
            f"      <description>{_cdata(description)}</description>\n"
            f"      <pubDate>{format_datetime(a.published_at)}</pubDate>\n"
            "    </item>\n"
        )
    build_date = format_datetime(now.replace(second=0, microsecond=0))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        "  <channel>\n"
        f"    <title>{SITE_NAME} - {html.escape(name, quote=False)}</title>\n"
        f"    <link>{SITE}/</link>\n"
        f"    <description>Tin tức mới nhất từ {SITE_NAME}</description>\n"
        "    <language>vi-VN</language>\n"
        f"    <copyright>{SITE_NAME}</copyright>\n"
        f"    <lastBuildDate>{build_date}</lastBuildDate>\n"
        f'    <atom:link href="{SITE}{path}" rel="self" type="application/rss+xml" />\n'
        f"    <image><url>{SITE}/Content/images/logo.png</url><title>{SITE_NAME}</title>"
        f"<link>{SITE}/</link></image>\n"
        + "".join(items)
        + "  </channel>\n</rss>\n"
    )


def _feed_index_page() -> str:
    feeds = [("Trang chủ", "/rss/home.rss")] + [(name, f"/rss/{slug}.rss")
                                                  for slug, name in SECTIONS]
    items = "".join(f'<li><a href="{SITE}{path}">{html.escape(name)}</a></li>'
                    for name, path in feeds)
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8" />'
            f"<title>RSS - {SITE_NAME}</title></head><body>"
            f'<h1>RSS</h1><ul class="rss-list">{items}</ul></body></html>\n')


def _sitemap(articles: list[DemoArticle], by_section: dict[str, list[DemoArticle]],
             now: datetime) -> str:
    def entry(loc: str, lastmod: datetime, freq: str, priority: str) -> str:
        return (
            f"  <url>\n    <loc>{_esc(loc)}</loc>\n"
            f"    <lastmod>{lastmod.replace(second=0, microsecond=0).isoformat()}</lastmod>\n"
            f"    <changefreq>{freq}</changefreq>\n    <priority>{priority}</priority>\n  </url>\n"
        )

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n',
        entry(f"{SITE}/", now, "hourly", "1.0"),
    ]
    for slug, _name in SECTIONS:
        items = by_section[slug]
        parts.append(entry(_section_url(slug), items[-1].published_at if items else now,
                           "hourly", "0.8"))
    parts.extend(entry(a.url, a.published_at, "monthly", "0.6") for a in articles)
    parts.append("</urlset>\n")
    return "".join(parts)


ROBOTS_TXT = """User-agent: *
Disallow: /Admin/
Disallow: /Comment/
Disallow: /Captcha/
Disallow: /tim-kiem.htm
Allow: /

Sitemap: https://baodantoc.vn/sitemap.xml
"""


def build_site(
    n_articles: int = 15, *, per_page: int = 5, now: datetime | None = None
) -> dict[str, SitePage]:
    """Every page of a fake baodantoc.vn holding ``n_articles`` articles, keyed by URL path.

    Keys: ``/``, ``/<section>-p<N>.htm``, ``/<slug>-<id>.htm``, ``/rss/home.rss``,
    ``/sitemap.xml``, ``/robots.txt``. ``now`` is the clock relative times are computed
    against (default :func:`default_now`); serve pages with it as the HTTP ``Date``.
    """
    if per_page < 1:
        raise ValueError("per_page must be >= 1")
    articles = demo_articles(n_articles)
    now = _as_vn(now) if now is not None else default_now(n_articles)
    r = _Renderer(now)
    by_section: dict[str, list[DemoArticle]] = {slug: [] for slug, _ in SECTIONS}
    for a in articles:
        by_section[a.section_slug].append(a)

    def html_page(text: str) -> SitePage:
        return SitePage(text.encode("utf-8"), HTML_TYPE)

    site: dict[str, SitePage] = {"/": html_page(_home_page(articles, by_section, r))}

    for slug, name in SECTIONS:
        newest_first = by_section[slug][::-1]
        pages = max(1, math.ceil(len(newest_first) / per_page))
        for page in range(1, pages + 1):
            chunk = newest_first[(page - 1) * per_page: page * per_page]
            site[f"/{slug}-p{page}.htm"] = html_page(
                _listing_page(slug, name, chunk, page, pages, r)
            )

    position = {a.index: i for items in by_section.values() for i, a in enumerate(items)}
    top = articles[::-1][:7]
    for a in articles:
        same = by_section[a.section_slug]
        i = position[a.index]
        # Nearest older articles of the section first, then newer ones.
        related = (same[max(0, i - 3): i][::-1] + same[i + 1: i + 4])[:3]
        featured = [x for x in top if x.index != a.index][:6]
        site[a.path] = html_page(_article_page(a, related, featured, r))

    site["/rss/home.rss"] = SitePage(_rss(articles, now).encode("utf-8"), RSS_TYPE)
    # One feed per section, listed on /rss.htm (linked from every page's header).
    for slug, name in SECTIONS:
        path = f"/rss/{slug}.rss"
        site[path] = SitePage(_rss(by_section[slug], now, name, path).encode("utf-8"), RSS_TYPE)
    site["/rss.htm"] = html_page(_feed_index_page())
    site["/sitemap.xml"] = SitePage(_sitemap(articles, by_section, now).encode("utf-8"), XML_TYPE)
    site["/robots.txt"] = SitePage(ROBOTS_TXT.encode("utf-8"), TEXT_TYPE)
    return site
