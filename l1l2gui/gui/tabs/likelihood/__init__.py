"""The Likelihood tab: why L2 is the Gaussian MLE, L1 the Laplace MLE, and when each wins."""

from .tab import LikelihoodTab

__all__ = ["LikelihoodTab"]
