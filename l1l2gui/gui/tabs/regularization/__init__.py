"""The Regularization tab: diamond vs circle, exact optima, λ paths, Monte Carlo of exact zeros."""

from .tab import RegularizationTab

__all__ = ["RegularizationTab"]
