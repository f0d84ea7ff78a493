"""The demo site's data tables: hosts, sections, places, people, and the sentence and
title templates articles are written from."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

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

