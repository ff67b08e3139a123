"""The overlap dashboard served by `ppd serve`: /login and /dashboard (HTML, charts served locally)."""
