"""The op layer: each op's node (forward and backward side by side), its public function and its Tensor-method
binding in one file, one file per family. Every module here is imported, so each @export reaches the table
(table.py), which minigrad/__init__.py binds once."""
import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f'{__name__}.{_module.name}')
