"""The mapping workbook: reading its sheets into the tables the decision uses, and reporting
every problem with its severity."""

from robot.mapping.problems import MappingReport, Problem, Severity, SheetCount
from robot.mapping.reader import read_mapping
from robot.mapping.suggest import parse_paragraphs
from robot.mapping.validator import unused_key_warnings

__all__ = [
    "MappingReport",
    "Problem",
    "Severity",
    "SheetCount",
    "parse_paragraphs",
    "read_mapping",
    "unused_key_warnings",
]
