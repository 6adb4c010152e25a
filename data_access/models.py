"""The data model, as SQLAlchemy 2 typed ORM classes.

The database itself enforces the rules that matter for trust in the figures: foreign keys,
one current report per (ward, year, subject), known finding kinds, non-negative values.
Schema changes go through alembic revisions in `migrations/`, never `create_all`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from domain.limits import FIRST_YEAR, LAST_YEAR
from domain.vocabulary import AGGREGATION_LABELS, FINDING_KINDS  # one list of kinds for the parser and the schema

QUALIFIERS = ("trên", "hơn", "gần", "khoảng", "dưới", "đạt")
UNIT_KINDS = ("phường", "xã", "đặc khu")
AGGREGATIONS = tuple(AGGREGATION_LABELS)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    # Stable constraint names so that alembic revisions name them the same on every backend.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Province(Base):
    __tablename__ = "province"

    code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    codename: Mapped[str] = mapped_column(String(100))
    # Rank of the name in Vietnamese alphabetical order (data_access.collation), filled at
    # reference load: ORDER BY it sorts the same on every database.
    sort_order: Mapped[int | None] = mapped_column(Integer)


class Ward(Base):
    """Any commune-level unit: phường (ward), xã (commune) or đặc khu (special zone)."""

    __tablename__ = "ward"
    __table_args__ = (CheckConstraint(_in("kind", UNIT_KINDS), name="kind"),)

    code: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    codename: Mapped[str] = mapped_column(String(100))
    province_code: Mapped[int] = mapped_column(ForeignKey("province.code"), index=True)
    sort_order: Mapped[int | None] = mapped_column(Integer)  # as Province.sort_order

    province: Mapped[Province] = relationship()


class Subject(Base):
    """What is monitored: a conclusion or resolution (Conclusion 62-KL/TW first)."""

    __tablename__ = "subject"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(Text)


class TaskArea(Base):
    __tablename__ = "task_area"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(String(120))


class Indicator(Base):
    __tablename__ = "indicator"
    __table_args__ = (CheckConstraint(_in("aggregation", AGGREGATIONS), name="aggregation"),)

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(60))
    task_area_code: Mapped[str | None] = mapped_column(ForeignKey("task_area.code"))
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    aggregation: Mapped[str] = mapped_column(String(10), default="sum")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The subject (conclusion, resolution) the indicator belongs to; codes stay unique overall.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subject.id"), index=True)
    # '|'-separated words the report reader maps a figure to this indicator by.
    keywords: Mapped[str | None] = mapped_column(Text)
    # A retired indicator keeps its history but is offered for no new target or mapping.
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Report(Base):
    """One version of a ward's report for a year and subject; exactly one version is current."""

    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("ward_code", "year", "subject_id", "version"),
        CheckConstraint(f"year BETWEEN {FIRST_YEAR} AND {LAST_YEAR}", name="year"),
        CheckConstraint("version >= 1", name="version"),
        # The database, not the application, guarantees a single current version.
        Index(
            "uq_report_current",
            "ward_code",
            "year",
            "subject_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        Index("ix_report_year_subject_current", "year", "subject_id", "is_current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_code: Mapped[int] = mapped_column(ForeignKey("ward.code"))
    year: Mapped[int] = mapped_column(Integer)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    title: Mapped[str | None] = mapped_column(Text)
    document_number: Mapped[str | None] = mapped_column(String(60))
    document_date: Mapped[dt.date | None] = mapped_column(Date)
    issuing_body: Mapped[str | None] = mapped_column(Text)
    source_filename: Mapped[str | None] = mapped_column(String(255))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    source_text: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    imported_by: Mapped[str | None] = mapped_column(String(100))
    superseded_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)

    ward: Mapped[Ward] = relationship()
    values: Mapped[list[IndicatorValue]] = relationship(back_populates="report")
    findings: Mapped[list[Finding]] = relationship(back_populates="report")


class IndicatorValue(Base):
    """A figure a report states: value in base units (đồng, persons, %), as written in the source."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        CheckConstraint("value >= 0", name="value_non_negative"),
        CheckConstraint(f"qualifier IS NULL OR {_in('qualifier', QUALIFIERS)}", name="qualifier"),
        Index("ix_indicator_value_indicator_report", "indicator_code", "report_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    # None for a figure the importer found but could not map to the catalogue.
    indicator_code: Mapped[str | None] = mapped_column(ForeignKey("indicator.code"))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(60))
    qualifier: Mapped[str | None] = mapped_column(String(10))
    task_area_code: Mapped[str | None] = mapped_column(ForeignKey("task_area.code"))
    figure_text: Mapped[str | None] = mapped_column(Text)
    source_excerpt: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Set by a correction after saving (who, when); copied into later versions.
    corrected_by: Mapped[str | None] = mapped_column(String(100))
    corrected_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    report: Mapped[Report] = relationship(back_populates="values")


class Target(Base):
    """A plan figure (chỉ tiêu), kept apart from actuals so a plan can exist before any report."""

    __tablename__ = "target"
    __table_args__ = (
        UniqueConstraint("ward_code", "year", "subject_id", "indicator_code"),
        CheckConstraint("target_value >= 0", name="target_non_negative"),
        Index("ix_target_year_subject", "year", "subject_id", "indicator_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_code: Mapped[int] = mapped_column(ForeignKey("ward.code"))
    year: Mapped[int] = mapped_column(Integer)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    target_value: Mapped[float] = mapped_column(Float)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


class Finding(Base):
    """A strength, limitation, cause, lesson, task or recommendation a report states."""

    __tablename__ = "finding"
    __table_args__ = (CheckConstraint(_in("kind", FINDING_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    task_area_code: Mapped[str | None] = mapped_column(ForeignKey("task_area.code"))
    position: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text)
    # Accent-folded lower-case copy of `text`, so that search is accent-insensitive in SQL
    # on every backend (SQLite has no unaccent).
    text_folded: Mapped[str] = mapped_column(Text)
    source_excerpt: Mapped[str | None] = mapped_column(Text)
    corrected_by: Mapped[str | None] = mapped_column(String(100))
    corrected_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    report: Mapped[Report] = relationship(back_populates="findings")


class AchievementBand(Base):
    """Traffic-light bands of % target achieved, kept as data so a city can change them."""

    __tablename__ = "achievement_band"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    label: Mapped[str] = mapped_column(String(60))
    min_percent: Mapped[float] = mapped_column(Float)
    color: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
