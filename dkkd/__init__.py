"""dkkd: registry and diff engine for Vietnam's business conditions (điều kiện kinh doanh)."""

__version__ = "0.1.0"
