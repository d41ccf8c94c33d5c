"""The desktop application: the only package that imports PySide6."""

import sys as _sys

if _sys.version_info < (3, 12):  # pragma: no branch
    # PySide6 6.12.0 on Python 3.11 drops one reference to None on every call of a method
    # that returns nothing (QLabel.setText, QListWidgetItem.setData...): after about 5,000
    # calls the interpreter aborts with "deallocating None". Python 3.12 made None immortal;
    # here None gets a reference count so large that it can never reach zero.
    import ctypes as _ctypes

    _ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
