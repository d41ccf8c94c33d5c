"""The desktop application: the only package that imports PySide6."""

import sys as _sys

if _sys.version_info < (3, 12):  # pragma: no branch
    # PySide6 6.12.0 on Python 3.11 drops one reference to the value a call returns when
    # that value is a shared singleton: None after every method that returns nothing
    # (QLabel.setText, QListWidgetItem.setData…), True or False after every signal emit.
    # After a few thousand calls the interpreter aborts ("deallocating None/True").
    # Python 3.12 made these objects immortal; here they get a reference count so large
    # that it can never reach zero. tests/gui/common/test_gui_refcount.py proves it holds.
    import ctypes as _ctypes

    for _singleton in (None, True, False):
        _ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
