"""Keep TensorFlow out of processes that never need it.

spaCy's thinc imports TensorFlow when it is installed (Rasa brings it), which costs
the gateway and the detector's command several seconds and ~500 MB for nothing.
Only call this in a process's entry point, never from a library: Rasa itself needs
TensorFlow.
"""

import sys


def keep_tensorflow_out() -> None:
    if "tensorflow" not in sys.modules:
        sys.modules["tensorflow"] = None  # makes `import tensorflow` raise ImportError
