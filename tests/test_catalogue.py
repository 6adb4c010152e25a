"""Subjects and indicators: an admin adds a subject and its indicators (command and page),
renames and retires them; a bad catalogue file writes nothing; every page gets a subject
filter in the URL once there is more than one subject, Kết luận 62 staying the default."""

from __future__ import annotations

import pytest
import streamlit as st
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from data_access import catalogue, imports, queries, security
from data_access.db import get_engine
from data_access.models import Indicator
from data_access.security import PermissionDenied, system_actor
from data_access.targets import template
from manage import main
from tests.support.pages import ROOT, run_page

NQ25 = "Nghị quyết số 25-NQ/TW ngày 03/6/2013 về tăng cường và đổi mới công tác dân vận"
CSV = (
    "code,name,unit,task_area,higher_is_better,aggregation,keywords\n"
    "nq25_models,Mô hình dân vận khéo mới,mô hình,government_mobilisation,1,sum,dân vận khéo|mô hình mới\n"
    "nq25_dialogues,Cuộc đối thoại về dân vận,cuộc,,1,sum,đối thoại\n"
)


pytestmark = pytest.mark.usefixtures("cheap_hashes")


def _manage(capsys, url, *args) -> tuple[int, str]:
    code = main([*args, "--database-url", url])
    out = capsys.readouterr()
    return code, out.out + out.err


def _indicator_count(url) -> int:
    with get_engine(url).connect() as conn:
        return conn.scalar(select(func.count()).select_from(Indicator))


def test_commands_add_a_subject_and_its_indicators_and_refuse_a_bad_file(schema_db_url, tmp_path, capsys):
    url = schema_db_url
    assert _manage(capsys, url, "add-subject", "NQ25", "--name", NQ25) == (0, f"Đã thêm chủ đề NQ25: {NQ25}\n")
    code, out = _manage(capsys, url, "add-subject", "nq25", "--name", "lặp")
    assert code == 2 and "Đã có chủ đề mã «nq25»" in out

    bad = tmp_path / "sai.csv"
    bad.write_text(CSV + "nq25_x,Tên,cái,khong_co,1,sum,\nnq25_models,Lặp,cái,,1,sum,\n", encoding="utf-8")
    code, out = _manage(capsys, url, "import-indicators", str(bad), "--subject", "NQ25")
    assert code == 1 and "có 2 dòng sai; chưa có gì được lưu" in out
    assert "Dòng 4: Không có lĩnh vực mã «khong_co»" in out and "Dòng 5: mã «nq25_models» trùng với dòng 2." in out
    assert _indicator_count(url) == 31

    good = tmp_path / "nq25.csv"
    good.write_text(CSV, encoding="utf-8-sig")
    code, out = _manage(capsys, url, "import-indicators", str(good), "--subject", "NQ25")
    assert code == 0 and "2 mới, 0 thay đổi, 0 không đổi (đã lưu)" in out
    renamed = CSV.replace("Cuộc đối thoại về dân vận", "Cuộc đối thoại trực tiếp về dân vận")
    good.write_text(renamed, encoding="utf-8")
    code, out = _manage(capsys, url, "import-indicators", str(good), "--subject", "NQ25")
    assert "0 mới, 1 thay đổi, 1 không đổi" in out
    assert _manage(capsys, url, "retire-indicator", "nq25_models")[0] == 0

    engine = get_engine(url)
    listed = catalogue.indicators(engine, "NQ25").set_index("code")
    assert listed.loc["nq25_dialogues", "name"] == "Cuộc đối thoại trực tiếp về dân vận"
    assert listed.loc["nq25_models", "keywords"] == "dân vận khéo|mô hình mới"
    assert listed.loc["nq25_models", "retired_at"] is not None
    sheet = template(engine, 31, 2025, "NQ25", [10525])
    assert list(sheet["Mã chỉ tiêu"]) == ["nq25_dialogues"]  # the retired one is not offered
    assert set(queries.indicator_catalogue(engine)["code"]) == set(catalogue.indicators(engine, "KL62")["code"])
    parsed = {i.code: i for i in catalogue.parser_indicators(engine, "NQ25")}
    assert parsed["nq25_dialogues"].keywords == ("đối thoại",) and "nq25_models" not in parsed
    code, out = _manage(capsys, url, "list-subjects")
    assert "KL62\t31 chỉ tiêu" in out and "NQ25\t1 chỉ tiêu" in out


def test_only_an_admin_changes_the_catalogue(schema_db_url):
    editor = security.Actor(username="bt", role="editor", provinces=frozenset({31}))
    with pytest.raises(PermissionDenied):
        catalogue.add_subject(get_engine(schema_db_url), actor=editor, code="NQ25", name=NQ25)


def test_the_subject_filter_appears_with_a_second_subject_and_lives_in_the_url(app_env):
    def choice(at):
        return [s for s in at.selectbox if s.label == "Chủ đề theo dõi"]

    assert not choice(run_page("app.py"))
    catalogue.add_subject(get_engine(app_env), actor=system_actor("test"), code="NQ25", name=NQ25)
    st.cache_data.clear()  # as the catalogue page does after a write (the reads are cached)
    at = run_page("app.py")
    assert choice(at) and choice(at)[0].value == "KL62" and "subject" not in at.query_params
    at = run_page("app.py", subject="NQ25")
    assert choice(at)[0].value == "NQ25" and at.query_params["subject"] == "NQ25"
    assert any("Chưa có báo cáo nào" in i.value for i in at.info)  # NQ25 has no report yet
    at = run_page("app.py", subject="KHONGCO")
    assert any("Không có chủ đề theo dõi mã «KHONGCO»" in w.value for w in at.warning)


def _admin_on_catalogue_page(app_env) -> AppTest:
    security.create_user(get_engine(app_env), actor=system_actor("cli:root"), username="quantri",
                         password="mật khẩu quản trị 1", role="admin")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page("pages/8_Danh_muc.py")
    at.run()
    at.text_input(key="page_login_user").input("quantri")
    at.text_input(key="page_login_password").input("mật khẩu quản trị 1")
    at.button(key="FormSubmitter:page_login-Đăng nhập").click()
    at.run()
    assert not at.exception
    return at


def test_an_admin_adds_a_subject_on_the_catalogue_page(app_env):
    at = _admin_on_catalogue_page(app_env)
    next(t for t in at.text_input if t.label == "Mã chủ đề").input("NQ25")
    next(t for t in at.text_area if t.label == "Tên đầy đủ").input(NQ25)
    at.button(key="FormSubmitter:cat_subject-Thêm chủ đề").click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã thêm chủ đề NQ25." in s.value for s in at.success)
    assert "NQ25" in set(at.dataframe[0].value["Mã"])


def test_an_admin_adds_refuses_and_retires_indicators_on_the_page(app_env):
    at = _admin_on_catalogue_page(app_env)
    before = _indicator_count(app_env)
    form = "FormSubmitter:cat_indicator_(chỉ tiêu mới)-Lưu chỉ tiêu"
    # a bad code is refused with a message and writes nothing
    next(t for t in at.text_input if t.label.startswith("Mã chỉ tiêu")).input("mã có dấu")
    next(t for t in at.text_input if t.label == "Tên chỉ tiêu").input("Mô hình dân vận khéo")
    at.button(key=form).click()
    at.run()
    assert not at.exception and at.error and _indicator_count(app_env) == before
    next(t for t in at.text_input if t.label.startswith("Mã chỉ tiêu")).input("kl62_models")
    next(t for t in at.text_input if t.label == "Đơn vị tính").input("mô hình")
    at.button(key=form).click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Đã thêm chỉ tiêu." in m.value for m in at.success)
    assert _indicator_count(app_env) == before + 1
    assert "Mô hình dân vận khéo" in set(at.dataframe[1].value["Tên chỉ tiêu"])
    at.selectbox(key="cat_pick").select("kl62_models").run()
    at.button(key="cat_retire").click().run()
    assert any("Đã ngừng theo dõi chỉ tiêu" in m.value for m in at.success)
    shown = at.dataframe[1].value.set_index("Mã")
    assert shown.loc["kl62_models", "Tình trạng"].startswith("Ngừng từ ")


def test_an_indicator_added_with_keywords_is_recognised_by_the_importer(schema_db_url):
    """Keywords an admin adds on Danh mục reach the report reader: a figure the shipped
    catalogue cannot name is mapped to the new indicator on import."""
    engine = get_engine(schema_db_url)
    text = (ROOT / "sample_data" / "hai-duong-2026-kl62.txt").read_text(encoding="utf-8").replace(
        "đã hỗ trợ đột xuất 04 hộ khó khăn;", "đã hỗ trợ đột xuất 04 hộ khó khăn; xây dựng 06 nhà văn hóa xanh;")
    admin = system_actor("test")

    def green_houses() -> list:
        result = imports.import_report_bytes(engine, text.encode("utf-8"), "hai-duong.txt", actor=admin,
                                             ward_code=10525, year=2025, dry_run=True)
        return [f for f in result.figures if f["value"] == 6 and "nhà" in f["figure_text"]]

    before = green_houses()
    assert before and before[0]["indicator_code"] is None
    catalogue.save_indicator(engine, actor=admin, subject="KL62", code="green_halls", name="Nhà văn hóa xanh",
                             unit="nhà văn hóa", task_area=None, higher_is_better=True, aggregation="sum",
                             keywords="nhà văn hóa xanh")
    assert green_houses()[0]["indicator_code"] == "green_halls"
