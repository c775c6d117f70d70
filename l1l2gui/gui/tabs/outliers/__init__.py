"""The Outliers tab: drag one outlier and watch boosted trees with L1 and L2 loss refit."""

from .tab import OutliersTab

__all__ = ["OutliersTab"]
