"""The Training tab: gradient descent on ŷ = w·x with four losses (controls, figure, text)."""

from .tab import TrainingTab

__all__ = ["TrainingTab"]
