"""The mapping workbook: reading it into a MappingTable, and reporting its problems."""

from robot.mapping.problems import MappingReport, Problem
from robot.mapping.reader import read_mapping

__all__ = ["MappingReport", "Problem", "read_mapping"]
