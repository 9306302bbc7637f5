"""The documentation a learner reads: every op's docstring states its math, and every source link in README.md and
docs/design.md points at a file that exists and a name defined in it."""
import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import minigrad.functions
from minigrad.autograd.function import Function

ROOT = Path(__file__).resolve().parents[1]

# a forward line: 'out = ...' (or loss / values / xhat = ...); a derivative line: 'da = ...', 'dx = ...', 'dW = ...'
FORWARD = re.compile(r'\b(out|loss|values|xhat)\w*\b[^\n;]*=')
DERIVATIVE = re.compile(r'\bd[a-zA-Z]\w*\s*=')


def math_doc_problem(cls):
    """None when the class's own docstring has a forward and a derivative line, else what is missing."""
    doc = cls.__dict__.get('__doc__') or ''   # its own: a subclass does not inherit a class docstring
    if not doc.strip():
        return 'no docstring'
    missing = [what for what, pattern in (('forward (out = ...)', FORWARD), ('derivative (da = ...)', DERIVATIVE))
               if not pattern.search(doc)]
    return 'no ' + ' and no '.join(missing) if missing else None


def function_classes():
    """Every Function subclass defined in minigrad/functions/*.py."""
    for info in pkgutil.iter_modules(minigrad.functions.__path__):
        module = importlib.import_module(f'minigrad.functions.{info.name}')
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, Function) and cls.__module__ == module.__name__:
                yield cls


def test_every_op_docstring_states_forward_and_derivative():
    classes = list(function_classes())
    assert len(classes) > 40       # the walk found the ops
    problems = [f'{c.__module__}.{c.__name__}: {math_doc_problem(c)}' for c in classes if math_doc_problem(c)]
    assert not problems, '\n'.join(problems)


def test_the_docstring_check_can_fail():
    class NoDoc(Function):
        pass

    class ProseOnly(Function):
        """Multiplies things and sends the gradient back."""

    class ForwardOnly(Function):
        """out = a * b"""

    class Inherits(ForwardOnly):
        pass

    class Good(Function):
        """out = a * b;  da = g * b,  db = g * a"""

    assert math_doc_problem(NoDoc) == 'no docstring'
    assert 'forward' in math_doc_problem(ProseOnly) and 'derivative' in math_doc_problem(ProseOnly)
    assert math_doc_problem(ForwardOnly) == 'no derivative (da = ...)'
    assert math_doc_problem(Inherits) == 'no docstring'
    assert math_doc_problem(Good) is None


# -- links ------------------------------------------------------------------------------------------------------
LINK = re.compile(r'\[([^\]]+)\]\(([^)\s#]+\.py)(#[^)]*)?\)')
DOCS = ['README.md', 'docs/design.md']


def defined_names(path):
    """{top-level name: set of names defined in its body (methods, attributes)} of a Python file."""
    names = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            inner = set()
            for sub in getattr(node, 'body', []) if isinstance(node, ast.ClassDef) else []:
                if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    inner.add(sub.name)
                elif isinstance(sub, ast.Assign):
                    inner.update(t.id for t in sub.targets if isinstance(t, ast.Name))
            names[node.name] = inner
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    names[t.id] = set()
    return names


def link_problems(md_path):
    """Links [text](some/file.py) in a Markdown file: the file must exist (relative to the Markdown file); when
    the text is a name (`run_backward`, `Conv2d.backward`, `Tensor.backward()`), it must be defined in the file."""
    problems = []
    for text, target, _ in LINK.findall(md_path.read_text()):
        path = (md_path.parent / target).resolve()
        if not path.is_file():
            problems.append(f'{md_path.name}: {target} does not exist')
            continue
        name = text.strip('` ').removesuffix('()')
        if not re.fullmatch(r'[A-Za-z_]\w*(\.[A-Za-z_]\w*)?', name) or name.endswith('.py'):
            continue                # the text is a path or prose: the file's existence is the check
        top, _, member = name.partition('.')
        names = defined_names(path)
        if top not in names:
            problems.append(f'{md_path.name}: {top} is not defined in {target}')
        elif member and member not in names[top]:
            problems.append(f'{md_path.name}: {top}.{member} is not defined in {target}')
    return problems


@pytest.mark.parametrize('doc', DOCS)
def test_source_links_point_at_real_files_and_names(doc):
    md = ROOT / doc
    links = LINK.findall(md.read_text())
    assert len(links) >= 5, f'{doc} links to the source'
    assert not link_problems(md), '\n'.join(link_problems(md))


def test_the_link_check_can_fail(tmp_path):
    (tmp_path / 'm.py').write_text('class A:\n    def f(self):\n        pass\n\ndef g():\n    pass\n')
    md = tmp_path / 'x.md'
    md.write_text('[`A.f`](m.py) [`g()`](m.py) [m.py](m.py) [`A.h`](m.py) [`nope`](m.py) [`g`](missing.py)')
    assert link_problems(md) == ['x.md: A.h is not defined in m.py', 'x.md: nope is not defined in m.py',
                                 'x.md: missing.py does not exist']
