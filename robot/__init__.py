"""The bill-paying robot: pure decisions in ``robot.domain``, the workbook in ``robot.mapping``."""
