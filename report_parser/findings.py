"""Findings: evaluative statements (thuận lợi … kiến nghị), by heading or by their wording.

Where a section heading gives the kind (the report layout: "IV. Đánh giá chung / 2. Hạn chế",
"PHẦN THỨ HAI … Nhiệm vụ"), each paragraph or list item under it is one finding, as written.

Where no heading tells (portal and newspaper summaries of a report or of the conference that
discussed it, or a report without its assessment headings), sentences are classified by the
cue words and the place that the genre uses for each kind (see :data:`_CUES`): "Tuy nhiên …
còn hạn chế" is a limitation, "được sự quan tâm …" a cause, "Thời gian tới …" a task, and so
on. ";"-lists of shortcomings are split into their items; a sentence that only announces an
evaluation ("đã chỉ ra những hạn chế, nguyên nhân và bài học kinh nghiệm") is not a finding.
"""

from __future__ import annotations

import re

from .model import FINDING_KINDS, Finding
from .sections import Block, is_letterhead
from .text import UPPER, modern_tones

__all__ = ["extract_findings", "classify_sentence"]

_SECTION_KINDS = {"tasks": "task", "recommendations": "recommendation"}
# Kinds that only the assessment (or context) headings give: when a report has them, its
# narrative sections are results, not findings, and are not classified by wording.
_ASSESSMENT_KINDS = {"advantage", "difficulty", "strength", "limitation", "cause", "lesson"}


def _kind_of(block: Block) -> str | None:
    if block.section in _SECTION_KINDS:
        return _SECTION_KINDS[block.section]
    if block.section in ("context", "assessment") and block.sub in FINDING_KINDS:
        return block.sub
    return None


def _rx(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Cue words per kind, written with modern tone placement ("hóa", "ủy"); text is normalised
# to it before matching. Each names the general pattern it serves.
_CUES: dict[str, re.Pattern] = {
    # lessons are named as such ("bài học kinh nghiệm là …", "Thứ nhất, …" under a heading)
    "lesson": _rx(r"\bbài học\b(?! kinh nghiệm\s*[,.;]?\s*$)"),
    # shortcomings: the nouns of the genre, "chưa …", "còn lúng túng/chậm/thiếu", targets
    # not yet met; "hạn chế" as a noun only (as a verb, "hạn chế tai nạn", it is good news)
    "limitation": _rx(
        r"\b(?:còn|những|một số|các|nhiều|mặt|điểm|là|vẫn còn)\s+(?:hạn chế|tồn tại|khuyết điểm|yếu kém|bất cập)",
        r"\b(?:hạn chế|tồn tại|khuyết điểm|yếu kém|bất cập)\s*(?=[,.;:…]|$)",
        r"\bchưa\b",
        r"\blúng túng\b",
        r"\b(?:còn|vẫn)\s+(?:\S+\s+){0,2}?(?:chậm|thiếu|yếu|ít|thấp|nặng|mang tính|hạn hẹp|hình thức|dàn trải|"
        r"tồn đọng|xảy ra|bất cập|xuống cấp|kéo dài)\b",
        r"\bchưa (?:cao|sâu|đồng đều|thường xuyên|kịp thời|hiệu quả|đáp ứng)\b",
        r"\bkhông (?:cao|đồng đều)\b",
        r"\b(?:còn|vẫn)\s+(?:\S+\s+){0,2}?vướng mắc\b",
        r"\bmang tính (?:sự vụ|hình thức|phong trào)",
        r"\bđang trong lộ trình\b",
        r"\bkhông đạt\b",
    ),
    # stated reasons: "nguyên nhân …", "do …" opening a clause, enabling factors of success
    "cause": _rx(
        r"^(?:\W*)(?:nguyên nhân|do\s|bởi\s|vì\s)",
        r"\bnguyên nhân (?:của|là|do|chủ yếu|chính)",
        r"\b(?:là|trên là|được là)\s+(?:do|nhờ)\b",
        r"^(?:\W*)nhờ\s",
        r"\b(?:được sự|nhờ sự|nhờ có sự|có sự) (?:quan tâm|lãnh đạo|chỉ đạo|giúp đỡ|hỗ trợ|vào cuộc|ủng hộ|phối hợp)",
        r"\bvới sự (?:vào cuộc|quan tâm|nỗ lực|chỉ đạo|lãnh đạo|đồng thuận|giúp đỡ|hỗ trợ|tham gia|ủng hộ)",
        r"\blà kết quả của\b",
    ),
    # the next period: directions, plans and targets, and what a superior asks of the unit
    "task": _rx(
        r"\bthời gian tới\b",
        r"\bphương hướng\b",
        r"(?<!nỗ lực )(?<!sự )(?<!tinh thần )\bphấn đấu\b",
        r"\bnhiệm kỳ (?:tới|mới)\b",
        r"\bchỉ tiêu (?:chủ yếu|nhiệm kỳ)",
        r"\bnăm tới\b",
        r"\b(?:giai đoạn|thời gian) (?:tới|sắp tới)\b",
        r"\bcần (?:phải )?(?:tập trung|tiếp tục|tăng cường|đẩy mạnh|quan tâm|chú trọng|nâng cao|làm tốt|"
        r"thực hiện|đổi mới|phát huy)",
        r"\b(?:đề nghị|yêu cầu)\b.{0,200}\b(?:cần|phải)\b",
        r"\bsẽ (?:tiếp tục|tập trung)",
    ),
    # circumstances that made the work harder
    "difficulty": _rx(
        r"\b(?:còn|gặp|có|nhiều|không ít|những|một số)\s+(?:nhiều\s+)?(?:khó khăn|thách thức)(?!\s+(?:về nhà ở|"
        r"đột xuất))",
        r"\bmặc dù\b",
        r"\bphức tạp\b",
        r"\btiềm ẩn\b",
        r"\b(?:thiên tai|dịch bệnh|bão lũ)\b.{0,40}\b(?:ảnh hưởng|gây)",
        r"\b(?:ảnh hưởng|tác động)\s+(?:tiêu cực\s+)?(?:của|bởi|từ)\s+(?:đại\s+)?(?:dịch|thiên tai|bão|lũ|"
        r"thời tiết|giá cả|suy thoái)",
    ),
    # a request addressed to a level above, or opening the sentence: stronger than praise words
    "request": _rx(
        r"\b(?:kiến nghị|đề xuất|đề nghị)\s+(?:với\s+)?(?:cấp trên|cấp ủy|huyện|tỉnh|thành phố|trung ương|nhà nước|"
        r"chính phủ|các cấp|các bộ|ubnd|ủy ban|quận|thị xã)",
        r"^(?:\W*)(?:kiến nghị|đề xuất)\b",
    ),
    "advantage": _rx(
        r"^(?:\W*)(?:về\s+)?thuận lợi", r"\b(?:có|những|nhiều)\s+thuận lợi\b", r"\bthuận lợi (?:cơ bản|là)\b"
    ),
    # requests to the level above, and residents' requests summarised by topic
    # ("theo đề nghị của …", "at the request of", is not a request of the report)
    "recommendation": _rx(r"\bkiến nghị\b", r"\bđề xuất\b", r"(?<!theo )\bđề nghị\b"),
    # evaluative results: what was done well, what improved
    "strength": _rx(
        r"\bhoàn thành (?:xuất sắc|tốt|thắng lợi|vượt)",
        r"\bđạt và vượt\b",
        r"\bvượt (?:chỉ tiêu|kế hoạch|mục tiêu)",
        r"\bđạt được\b",
        r"\bkết quả (?:quan trọng|nổi bật|tích cực|tốt|đáng kể|toàn diện|khá)",
        r"\bthành công\b",
        r"\bthành tựu\b",
        r"\bchuyển biến\b",
        r"\bnâng lên\b",
        r"\bnâng cao\b",
        r"\btăng cường\b",
        r"\bđẩy mạnh\b",
        r"\bhiệu quả\b",
        r"\btốt\b",
        r"\btích cực\b",
        r"\bkịp thời\b",
        r"\bổn định\b",
        r"\bquan tâm\b",
        r"\bphát huy\b",
        r"\bđổi mới\b",
        r"\b(?:bước )?phát triển\b",
        r"\btiến bộ\b",
        r"\btoàn diện\b",
        r"\bđúng (?:mục đích|đối tượng|quy trình|quy định|định hướng|tiến độ)",
        r"\bduy trì\b",
        r"\bđược triển khai\b",
        r"\brộng rãi\b",
        r"\bsâu rộng\b",
        r"\bđạt (?:chuẩn|danh hiệu|[^,.;]{0,30}văn hóa)",
        r"\bcoi trọng\b",
        r"\bchú trọng\b",
        r"\bgóp phần\b",
        r"\bcủng cố\b",
        r"\bvững mạnh\b",
        r"\bđồng thuận\b",
        r"\bbám sát\b",
        r"\bđa dạng\b",
        r"\bphong phú\b",
        r"\bthiết thực\b",
        r"\bnghiêm túc\b",
        r"\bchủ động\b",
        r"\bsáng tạo\b",
        r"\bxã hội hóa\b",
        r"\btạo được\b",
        r"\bđánh giá cao\b",
        r"\bnổi bật\b",
        r"\bkhông có [^,.;]{0,30}(?:yếu kém|vi phạm)",
        r"\b(?:đảm bảo|bảo đảm|giữ vững)\b",
        r"\bcải thiện\b",
        r"\bkhởi sắc\b",
        r"\bnền nếp\b",
        r"\b(?:niềm|lòng) tin\b",
        r"\bhưởng ứng\b",
        r"\bchăm lo\b",
        r"\blan tỏa\b",
        r"\bnhân rộng\b",
        r"\bđáng ghi nhận\b",
        r"\bcông khai\b",
        r"\bdân chủ\b",
        r"\bsâu sát\b",
        r"\brộng khắp\b",
        r"\bđồng bộ\b",
        r"\bquyết liệt\b",
        r"\bsát sao\b",
        r"\blinh hoạt\b",
        r"\bchặt chẽ\b",
        r"\bđược công nhận\b",
        r"\bhoàn thành (?:các |100% )?(?:chỉ tiêu|kế hoạch|nhiệm vụ)",
        r"\btrong sạch\b",
        r"\bxuất sắc\b",
        r"\bđược ghi nhận\b",
        r"\bthực chất\b",
        r"\bgương mẫu\b",
        r"\b(?:tăng trưởng|phát triển) (?:khá|nhanh|cao|mạnh)\b",
    ),
}
# Priority when several kinds' cues occur in one statement: shortcomings and reasons are what
# a sentence is about even when it also uses praise words ("… hiệu quả chưa cao").
_PRIORITY = (
    "lesson",
    "limitation",
    "cause",
    "task",
    "request",
    "difficulty",
    "advantage",
    "strength",
    "recommendation",
)

# "không có chi bộ yếu kém", "khắc phục hạn chế", "không để tồn đọng": a shortcoming denied.
# "… chấn chỉnh hạn chế, tháo gỡ khó khăn": a shortcoming being dealt with is good news.
_NEGATED_RE = re.compile(
    r"\b(?:không có|không để|không còn|khắc phục|khắc phục được|chấn chỉnh|tháo gỡ|giải quyết|xử lý|không)\s+"
    r"(?:\S+\s+){0,3}$",
    re.IGNORECASE,
)
# A sentence that names its kind first ("Khó khăn chủ yếu là …", "Nguyên nhân: …").
_NAMED_KIND_RE = re.compile(
    r"^(?:\W*)(?:về\s+)?(thuận lợi|khó khăn|ưu điểm|hạn chế|tồn tại|khuyết điểm|nguyên nhân|bài học(?: kinh nghiệm)?)"
    r"(?:\s+(?:chủ yếu|cơ bản|chính|lớn nhất|nổi bật))?\s*(?:là\b|:)"
)
# The words a report heads or opens an assessment with, and the kind each names.
_KIND_WORDS = {
    "thuận lợi": "advantage",
    "khó khăn": "difficulty",
    "ưu điểm": "strength",
    "hạn chế": "limitation",
    "tồn tại": "limitation",
    "khuyết điểm": "limitation",
    "nguyên nhân": "cause",
    "bài học": "lesson",
}
_NAMED_KINDS = {**_KIND_WORDS, "bài học kinh nghiệm": "lesson"}

# A sentence that only announces an evaluation without stating it: a verb of pointing out or
# reviewing, then "những/các/một số … hạn chế/nguyên nhân/bài học/giải pháp …"; or a text cut
# right after such a verb and quantifier ("Đảng bộ xã đề ra một s").
_ANNOUNCE_RE = re.compile(
    r"\b(?:chỉ ra|nêu rõ|nêu lên|nêu|thảo luận|xác định|đề ra|rút ra|làm rõ|phân tích|kiểm điểm|đánh giá|"
    r"trình bày|báo cáo|tổng kết|sơ kết)\s+(?:\S+\s+){0,2}?(?:những|các|một số|nhóm)\s+(?:\S+\s+){0,3}?"
    r"(?:hạn chế|khuyết điểm|nguyên nhân|bài học|khó khăn|tồn tại|giải pháp|nhiệm vụ|thành tích|kết quả|"
    r"ưu điểm|vấn đề|phương hướng|yếu kém)",
    re.IGNORECASE,
)
# Without a quantifier, for the verbs that only ever point at an evaluation ("rút ra bài học
# kinh nghiệm", "làm rõ nguyên nhân", "chỉ rõ hạn chế"), and the passive "những hạn chế … đã
# được chỉ ra"; and a conference agenda ("triển khai phương hướng, nhiệm vụ năm 2024").
_ANNOUNCE_BARE_RE = re.compile(
    r"\b(?:chỉ ra|chỉ rõ|nêu rõ|nêu ra|làm rõ|rút ra|phân tích)\s+(?:\S+\s+){0,1}?"
    r"(?:hạn chế|khuyết điểm|nguyên nhân|bài học|khó khăn|tồn tại|yếu kém|ưu điểm)|"
    r"\b(?:những|các)\s+(?:hạn chế|khuyết điểm|nguyên nhân|bài học|tồn tại|yếu kém)\b[^.;:]{0,60}?"
    r"\b(?:đã|được)\s+(?:\S+\s+){0,4}?(?:chỉ ra|chỉ rõ|nêu|làm rõ|rút ra)|"
    r"\btriển khai\s+(?:phương hướng|nhiệm vụ)[^.;:]{0,40}?\b(?:năm|giai đoạn|nhiệm kỳ|tháng)\s+\S+\s*\.?$|"
    # "thảo luận, đánh giá kết quả đạt được, những mặt làm được, chưa làm được"
    r"\b(?:đánh giá|thảo luận|kiểm điểm)\s+(?:\S+\s+){0,2}?(?:kết quả|những mặt|mặt được|ưu điểm|hạn chế)\b"
    r"(?=[^.;:]*\b(?:mặt|hạn chế|tồn tại|chưa làm được|nguyên nhân|bài học)\b)"
)
# Content after the announcement ("… như: …", "… là phải …") makes it a statement.
_CONTENT_AFTER_RE = re.compile(r"^[^.;]{0,40}?(?::\s*\S|\bnhư\b\s*:?\s*\S|\blà\b\s*:?\s*\S|\bgồm\b)")
_ANNOUNCE_CUT_RE = re.compile(
    r"\b(?:đề ra|xác định|nêu|chỉ ra|rút ra)\s+(?:những|các|một(?: số| s)?)\W*\S{0,2}$", re.IGNORECASE
)
# The report of an event (who attended, who chaired, who was elected or awarded, what was
# heard): context of a news item, not an evaluation.
_EVENT_RE = re.compile(
    r"^(?:\W*)(?:tham dự|dự hội nghị|dự và|tới dự|đến dự|về phía|chủ trì|cùng dự)\b|"
    r"\btổ chức (?:hội nghị|đại hội|lễ|ngày hội|hội thảo)\b|\bđược nghe\b|\bthông qua báo cáo\b|"
    r"\btrình bày báo cáo\b|\bbáo cáo kết quả\b|\b(?:đã )?bầu (?:ra |bổ sung |được )?(?:\d|ban|các|đồng chí|ông|"
    r"bà|đoàn|đại biểu|bch|bí thư|chủ tịch|ủy viên|uỷ viên)|\btrao (?:tặng|cờ|giấy khen|bằng khen)|"
    r"\bkhen thưởng\b|\bbiểu dương\b|\bra mắt\b|^(?:\W*)phát biểu\b|\btổ chức (?:tổng kết|sơ kết)\b",
    re.IGNORECASE,
)
# Connectives that carry the previous statement on ("Đồng thời, …", "Cùng với đó, …").
_CONTINUES_RE = re.compile(
    r"^(?:\W*)(?:đồng thời|bên cạnh đó|ngoài ra|cùng với đó|mặt khác|qua đó|từ đó|trong đó)\b[,\s]*",
    re.IGNORECASE,
)
# Connectives that add one more item to a list of directions ("Đồng thời, tiếp tục …").
_DIRECTIVE_GOES_ON_RE = re.compile(r"^(?:\W*)(?:đồng thời|bên cạnh đó|ngoài ra|mặt khác|cùng với đó)\b", re.IGNORECASE)
# Concession: "Mặc dù … khó khăn, nhưng …" holds a difficulty and, after "nhưng", the result.
_CONCESSION_START_RE = re.compile(r"\b(?:mặc dù|dù|tuy)\b", re.IGNORECASE)
_CONCESSION_TURN_RE = re.compile(r",\s*(?=(?:nhưng|song)\b)", re.IGNORECASE)
_CONCESSION_WORDS_RE = re.compile(r"khó khăn|thách thức|hạn chế|ảnh hưởng", re.IGNORECASE)


def _concession(sentence: str) -> tuple[str, str] | None:
    """(head, tail) of "… mặc dù … khó khăn, nhưng …", found by plain scans (no backtracking)."""
    start = _CONCESSION_START_RE.search(sentence, 0, 160)
    if not start:
        return None
    turn = _CONCESSION_TURN_RE.search(sentence, start.end())
    if not turn or "," in sentence[start.end() : turn.start()]:
        return None
    head = sentence[: turn.start()]
    if not _CONCESSION_WORDS_RE.search(head, start.end()):
        return None
    return head, sentence[turn.end() :]


# Enabling factors before the main clause: "[được sự quan tâm …], [Đảng bộ phường] đã …".
_CAUSE_LEAD_RE = re.compile(
    r"\b(?:được sự|nhờ sự|nhờ có sự|với sự)\s+(?:quan tâm|lãnh đạo|chỉ đạo|giúp đỡ|hỗ trợ|vào cuộc|ủng hộ|"
    r"phối hợp|nỗ lực|đồng thuận|tham gia)",
    re.IGNORECASE,
)
_MAIN_CLAUSE_RE = re.compile(r",\s+(?P<subject>(?:[^\s,]+\s+){1,5}?)(?:đã|luôn|tiếp tục|đạt)\b", re.IGNORECASE)
# A task cue after a comma starts a clause of its own ("…, phấn đấu đến năm 2025 …").
_TASK_CLAUSE_RE = re.compile(r",\s+(?=(?:phấn đấu|thời gian tới|trong thời gian tới)\b)", re.IGNORECASE)
_SENTENCE_RE = re.compile(rf"(?<=[.!?])\s+(?=(?:{UPPER}|[“\"(]))|(?<=…)\s*(?={UPPER})")
_COLON_RE = re.compile(rf":\s+(?={UPPER})")
_ITEM_RE = re.compile(r";\s*")
_HAS_DIGIT_RE = re.compile(r"\d")


# Quoted names of campaigns, movements and documents (“Toàn dân đoàn kết xây dựng …”,
# “Tăng cường và đổi mới …”) carry praise words that are not the writer's evaluation.
_QUOTED_RE = re.compile(r"“[^”]{0,300}”|\"[^\"]{0,300}\"")


def _norm(text: str) -> str:
    return _QUOTED_RE.sub("“…”", modern_tones(text)).lower()


def _has(kind: str, text: str) -> bool:
    norm = _norm(text)
    for m in _CUES[kind].finditer(norm):
        if kind == "limitation" and _NEGATED_RE.search(norm[max(0, m.start() - 40) : m.start()]):
            continue
        return True
    return False


def classify_sentence(text: str) -> str | None:
    """The finding kind of one statement by its cue words, or None."""
    named = _NAMED_KIND_RE.match(_norm(text))
    if named:
        return _NAMED_KINDS[named.group(1)]
    for kind in _PRIORITY:
        if kind == "difficulty" and _has("strength", text) and not re.search(r"mặc dù", _norm(text)):
            continue  # "hỗ trợ hộ còn khó khăn" praises the support; the hardship is the beneficiary's
        if kind == "recommendation" and _has("strength", text):
            continue  # "kịp thời thông tin lại các ý kiến, đề xuất": answered requests are a result
        if _has(kind, text):
            return "recommendation" if kind == "request" else kind
    return None


# "Hội nghị đã thảo luận, thống nhất đề ra phương hướng, nhiệm vụ năm 2024.": plans named but
# not stated; only when little follows (a stated list goes on: "…, trong đó: …", "… với …").
_ANNOUNCE_PLAN_RE = re.compile(
    r"\b(?:thông qua|triển khai|thảo luận|thống nhất|quyết nghị|đề ra|xác định|bàn)\s+(?:\S+\s+){0,3}?"
    r"(?:phương hướng|nhiệm vụ|giải pháp|chỉ tiêu|kế hoạch|mục tiêu)\b",
    re.IGNORECASE,
)


# "Báo cáo chính trị đã đánh giá toàn diện kết quả thực hiện Nghị quyết …": a report or a
# meeting that reviews results, named as the subject, announces the review.
_ANNOUNCE_REVIEW_RE = re.compile(
    r"\b(?:báo cáo|hội nghị|đại hội|đại biểu|hội thảo)\b[^.;:]{0,40}?\b(?:đánh giá|kiểm điểm|tổng kết|sơ kết|nhìn lại)"
    r"\s+(?:\S+\s+){0,2}?(?:kết quả|thành tựu|quá trình|việc thực hiện|tình hình)\b",
    re.IGNORECASE,
)


def _announces_plans(norm: str) -> bool:
    m = _ANNOUNCE_PLAN_RE.search(norm)
    if not m:
        return False
    rest = norm[m.end() :]
    return (
        ":" not in rest and not re.search(r"\b(?:với|trong đó|gồm|như|là)\b|\d+\s*%", rest) and len(rest.split()) <= 12
    )


def _is_announcement(text: str) -> bool:
    norm = _norm(text)
    if _ANNOUNCE_CUT_RE.search(norm) or _announces_plans(norm):
        return True
    m = _ANNOUNCE_RE.search(norm) or _ANNOUNCE_BARE_RE.search(norm) or _ANNOUNCE_REVIEW_RE.search(norm)
    # "… đề ra 11 chỉ tiêu, trong đó: …", "… rút ra bài học là …" state their content; a
    # sentence that ends with the colon only opens a list
    return bool(m) and not _CONTENT_AFTER_RE.match(norm[m.end() :])


# A superior's directions given at the event are tasks for the unit ("… phát biểu chỉ đạo,
# đề nghị … cần tập trung …"), so they are not dropped with the event report.
_DIRECTIVE_RE = re.compile(r"\b(?:đề nghị|yêu cầu|chỉ đạo)\b.{0,200}\bcần\b", re.IGNORECASE)


def _is_event(text: str) -> bool:
    norm = _norm(text)
    return bool(_EVENT_RE.search(norm)) and not _DIRECTIVE_RE.search(norm)


# Abbreviations written with a period inside a sentence ("UB. MTTQ", "TP. Hạ Long").
_ABBREVIATIONS = {"UB", "TP", "Tp", "TX", "TT", "Q", "P", "H", "X", "ThS", "TS", "PGS", "GS", "Th.S", "Đ/c", "đ/c"}


def _split_sentences(paragraph: str) -> list[str]:
    """Cut at sentence ends, but not after an abbreviation ("UB. MTTQ", "TP. Hạ Long")."""
    out, start = [], 0
    for m in _SENTENCE_RE.finditer(paragraph):
        word = paragraph[start : m.start()].rsplit(None, 1)[-1] if paragraph[start : m.start()].strip() else ""
        if word[:-1] in _ABBREVIATIONS:
            continue
        out.append(paragraph[start : m.start()])
        start = m.end()
    out.append(paragraph[start:])
    return out


def _sentences(paragraph: str) -> list[str]:
    out = []
    for sentence in _split_sentences(paragraph):
        sentence = sentence.strip()
        if not sentence:
            continue
        # "Cơ cấu chuyển dịch đúng định hướng trong đó: Nông – Lâm nghiệp chiếm 90%, …": a
        # statement, then its details; a short label ("Phường X: …") stays with its sentence.
        parts = _COLON_RE.split(sentence, maxsplit=1)
        if len(parts) == 2 and len(parts[0].split()) >= 6 and classify_sentence(parts[0]) not in ("task", None):
            out.extend(p.strip() for p in parts)
        else:
            out.append(sentence)
    return out


def _clean(text: str) -> str:
    return text.strip().rstrip(";,").strip()


def _statements(sentence: str) -> list[tuple[str, str]]:
    """(kind, text) of the findings in one sentence, in order."""
    out: list[tuple[str, str]] = []
    body = sentence
    concession = _concession(body)
    if concession:
        out.append(("difficulty", _clean(concession[0])))
        body = concession[1]
    lead = _CAUSE_LEAD_RE.search(body)
    if lead:
        main = _MAIN_CLAUSE_RE.search(body, lead.end())
        if main:
            out.append(("cause", _clean(body[lead.start() : main.start()])))
            kind = classify_sentence(body[main.start() :]) or "strength"
            # The whole sentence under its main kind, as the evaluation reads it.
            out.append((kind, _clean(sentence if concession is None else body)))
            return out
        if concession is None and not re.search(r"[;]", body):
            out.append(("cause", _clean(sentence)))
            return out
    # "…, phấn đấu đến năm 2025 …": a task clause after the result it follows.
    pieces = _TASK_CLAUSE_RE.split(body)
    for piece in pieces:
        out.extend(_list_items(piece))
    return out


def _list_items(text: str) -> list[tuple[str, str]]:
    """A ";"-list: each item with a cue of its own starts a finding; items without one carry
    on the finding before them. Shortcomings are kept apart item by item; results and tasks
    stated in one list stay one finding, as one statement."""
    items = [i for i in _ITEM_RE.split(text) if i.strip()]
    out: list[list[str]] = []  # [kind, text]
    for item in items:
        kind = classify_sentence(item)
        if out and out[0][0] == "task":
            out[-1][1] += "; " + item.strip()  # a list of targets after its opening
            continue
        if kind is None or (out and kind == out[-1][0] and kind not in ("limitation", "difficulty")):
            if out:
                out[-1][1] += "; " + item.strip()
            continue
        out.append([kind, item.strip()])
    return [(k, _clean(t)) for k, t in out]


def _classify_block(text: str, previous: str | None) -> tuple[list[tuple[str, str]], str | None]:
    """Findings of one paragraph, and the kind a following connective would carry on."""
    found: list[tuple[str, str]] = []
    last = previous
    in_block = False  # a shortcoming list only runs on inside its own paragraph
    for sentence in _sentences(text):
        if _is_announcement(sentence) or _is_event(sentence) or sentence.rstrip().endswith(":"):
            continue  # announcements, the event itself, and list openings ("… như sau:")
        connective = _CONTINUES_RE.match(sentence)
        if _DIRECTIVE_GOES_ON_RE.match(sentence) and last in ("task", "recommendation"):
            # "Đồng thời, tiếp tục …" after a direction: the same speaker goes on directing.
            statements = [(last, _clean(sentence))]
        else:
            statements = _statements(sentence)
        if not statements and last:
            if connective or (in_block and last in ("limitation", "difficulty") and not _HAS_DIGIT_RE.search(sentence)):
                statements = [(last, _clean(sentence))]
        for kind, statement in statements:
            if len(statement.split()) >= 3:
                found.append((kind, statement))
        if statements:
            last = statements[-1][0]
            in_block = True
        elif len(sentence.split()) >= 4:
            # A plain statement of facts ends what a connective could carry on; a photo
            # credit or byline ("Ảnh: Thanh Tịnh") does not.
            last = None
    return found, last


_INLINE_KINDS = {**_KIND_WORDS, "kiến nghị": "recommendation", "đề xuất": "recommendation"}
_INLINE_LABEL_RE = re.compile(
    r"^(?:\W*)(?:về\s+)?(?:những\s+|mặt\s+)?(thuận lợi|khó khăn|ưu điểm|hạn chế|tồn tại|khuyết điểm|nguyên nhân|"
    r"bài học|kiến nghị|đề xuất)(?:[^:\n]{0,40}):\s*\S"
)


def extract_findings(blocks: list[Block]) -> list[Finding]:
    """Findings in document order, numbered per kind."""
    headed: list[tuple[int, str, str]] = []
    after_report_word = False
    title_blocks: set[int] = set()
    for block in blocks:
        # the line after "BÁO CÁO" is the document's title, not a statement
        if after_report_word:
            title_blocks.add(block.index)
        after_report_word = _norm(block.text).strip(" .:") == "báo cáo"
    for block in blocks:
        kind = _kind_of(block)
        if kind is None:
            continue
        text = block.body.strip()
        # "Nguyên nhân: …" under a "Hạn chế" heading: the paragraph's own label names its kind
        label = _INLINE_LABEL_RE.match(_norm(text))
        if label and block.section in ("context", "assessment"):
            kind = _INLINE_KINDS[label.group(1)]
        # "Qua quá trình ..., như sau:" and "..., cần tập trung ... sau:" introduce a list.
        if not text or text.endswith(":"):
            continue
        headed.append((block.index, kind, text))

    # "Thuận lợi: …", "Hạn chế: …" opening a paragraph outside a finding heading: the label
    # gives the kind, as a heading would (reports that write their assessment inline).
    has_assessment_headings = any(kind in _ASSESSMENT_KINDS for _, kind, _ in headed)
    labelled: set[int] = set()
    for block in blocks:
        if _kind_of(block) is None:
            label = _INLINE_LABEL_RE.match(_norm(block.body))
            if label and len(block.body) > label.end() + 10:
                headed.append((block.index, _INLINE_KINDS[label.group(1)], block.body.strip()))
                labelled.add(block.index)

    by_wording: list[tuple[int, str, str]] = []
    if not has_assessment_headings:
        previous = None
        for block in blocks:
            if (
                _kind_of(block) is not None
                or block.index in labelled
                or block.index in title_blocks
                or is_letterhead(block.text)
            ):
                previous = None
                continue
            found, previous = _classify_block(block.body, previous)
            by_wording.extend((block.index, kind, text) for kind, text in found)

    findings: list[Finding] = []
    counts: dict[str, int] = {}
    for _, kind, text in sorted(headed + by_wording, key=lambda item: item[0]):
        counts[kind] = counts.get(kind, 0) + 1
        # Findings of IV and part two are about the whole report, not one task area.
        findings.append(Finding(kind=kind, task_area=None, order=counts[kind], text=text))
    return findings
