"""The test harness: what the tests and `make benchmark` need and the book does not
(copies of the book, subprocess builds, the browser, notebook runs). It lives under
tests/, so Binder, Colab and the notebook cache never see it."""
