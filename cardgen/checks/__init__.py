"""Check stage: the thank-you advice as findings, and their report."""
