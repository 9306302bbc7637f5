"""RemovableHandle: what register_*_hook returns, as torch.utils.hooks."""
import itertools


class RemovableHandle:
    """`handle.remove()` takes the hook it was returned for off again."""
    _ids = itertools.count()

    def __init__(self, hooks_dict):
        self.hooks_dict, self.id = hooks_dict, next(RemovableHandle._ids)

    def remove(self):
        self.hooks_dict.pop(self.id, None)
