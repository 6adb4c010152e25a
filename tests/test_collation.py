"""Vietnamese alphabetical order (ICU "vi"): Đ after D, Ái with the A's, tones after the base
letter, the same on SQLite and PostgreSQL, in the unit lists, the tables and the exports."""

from __future__ import annotations

from data_access import queries
from data_access.collation import sorted_vietnamese
from data_access.reference import DEFAULT_PROVINCE


def _position(names: list[str], name: str) -> int:
    return names.index(name)


def test_hai_phong_units_are_in_vietnamese_order_on_both_databases(schema_db_url):
    from data_access.db import get_engine

    names = list(queries.units_of_province(get_engine(schema_db_url), DEFAULT_PROVINCE)["name"])
    assert len(names) == 114
    # Ái Quốc is with the A's, before An Biên, not after Việt Hòa as code points would put it
    assert names.index("Phường Ái Quốc") < names.index("Phường An Biên") < names.index("Phường Bạch Đằng")
    # Đ is a letter after D: Đồ Sơn and Đông Hải come after Dương Kinh and before Gia Viên
    assert names.index("Phường Dương Kinh") < names.index("Phường Đồ Sơn") < names.index("Phường Đông Hải")
    assert names.index("Phường Đông Hải") < names.index("Phường Gia Viên")
    # the tone comes after the base letters: Thịnh before Thuận (i before u), Giang before Giàng
    assert names.index("Xã Vĩnh Thịnh") < names.index("Xã Vĩnh Thuận")
    assert names.index("Xã Cẩm Giang") < names.index("Xã Cẩm Giàng")
    # the wards (Phường) end before the communes (Xã) begin; Việt Hòa is the last ward
    assert names[names.index("Phường Việt Hòa") + 1] == "Xã An Hưng"
    assert names == sorted_vietnamese(names)


def test_provinces_are_in_vietnamese_order(schema_db_url):
    from data_access.db import get_engine

    names = list(queries.provinces(get_engine(schema_db_url))["name"])
    assert names == sorted_vietnamese(names)
    assert names.index("Thành phố Đà Nẵng") > names.index("Thành phố Cần Thơ")


def test_reporting_status_table_follows_the_same_order(sample_engine):
    year = int(queries.years_with_data(sample_engine, DEFAULT_PROVINCE)["year"].iloc[0])
    names = list(queries.reporting_status(sample_engine, DEFAULT_PROVINCE, year)["ward_name"])
    assert names == sorted_vietnamese(names)
    assert names.index("Phường Đông Hải") > names.index("Phường Dương Kinh")


def test_sorted_vietnamese_orders_letters_and_tones():
    assert sorted_vietnamese(["Đông", "Dung", "Ái", "Ba", "Âu", "Ăn"]) == ["Ái", "Ăn", "Âu", "Ba", "Dung", "Đông"]
    assert sorted_vietnamese(["má", "mà", "ma", "mạ", "mả", "mã"])[0] == "ma"
