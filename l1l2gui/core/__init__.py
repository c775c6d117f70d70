"""Pure computation: NumPy / scikit-learn only. Never imports Qt, pyqtgraph or the GUI."""
