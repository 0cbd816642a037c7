from .catalogue import Indicator, IndicatorTarget
from .observations import Observation

__all__ = ["Indicator", "IndicatorTarget", "Observation"]
