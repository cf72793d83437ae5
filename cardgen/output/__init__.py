"""Output stage: emails, the plan, terminal listings, and writing the kit as one unit."""
