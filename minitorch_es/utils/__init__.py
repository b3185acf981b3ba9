"""``minitorch_es.utils``: data loading (``utils.data``)."""
