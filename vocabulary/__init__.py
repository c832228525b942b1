"""The shared vocabulary: names, orders, labels and colours that every app uses, written once.

Pure Python (no Django, no database), so the pure scoring and planning engines import it as
freely as the pages, the API and the charts do. A word that more than one app needs lives here.
"""
