"""Qt side: windows, tabs and widgets. Computation lives in :mod:`l1l2gui.core`."""
