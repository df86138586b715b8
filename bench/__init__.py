"""The benchmark: chain-size data, throughput, latency and query counts under gunicorn (``bench/run.py``)."""
