"""RemovableHandle: what register_*_hook returns, as torch.utils.hooks."""
import itertools


class RemovableHandle:
    """`handle.remove()` takes the hook it was returned for off again (also from `extra_dict`: the dicts that mark
    a hook's options, such as with_kwargs)."""
    _ids = itertools.count()

    def __init__(self, hooks_dict, *, extra_dict=None):
        self.hooks_dict, self.id = hooks_dict, next(RemovableHandle._ids)
        self.extra_dicts = [] if extra_dict is None else extra_dict if isinstance(extra_dict, list) else [extra_dict]

    def remove(self):
        for d in [self.hooks_dict] + self.extra_dicts:
            d.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
