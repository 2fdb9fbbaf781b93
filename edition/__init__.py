"""The project's own code: loading and checking the texts and data, and the
Sphinx extension that renders them. Notebooks, scripts and tests import it."""
