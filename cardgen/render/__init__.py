"""Render stage: the only code that draws on a ReportLab canvas."""
