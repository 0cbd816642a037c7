from .people import Person
from .tasks import Task
from .units import Unit

__all__ = ["Person", "Task", "Unit"]
