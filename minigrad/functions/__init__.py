"""The ops: each a Function subclass, forward and backward side by side (one file per family)."""
