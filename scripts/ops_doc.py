"""Write docs/ops.md: every PyTorch name minigrad provides, grouped as PyTorch's documentation groups them, and the
names of those groups it does not provide yet.

    python scripts/ops_doc.py            # rewrite docs/ops.md (after adding ops)
    python scripts/ops_doc.py --check    # exit 1 if docs/ops.md is out of date

Run it from the repo root. PyTorch's names come from the installed torch (what it has of each group's list below,
which follows the sections of PyTorch's torch.rst; torch.nn.functional's and torch.linalg's public functions are
read from the modules themselves); minigrad's from its op table (minigrad/functions/table.py), its namespace,
nn.functional and linalg (when it has one).
"""
import argparse
import inspect
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import minigrad  # noqa: E402  (the repo's, before an installed one)
import minigrad.nn.functional  # noqa: E402
from minigrad.functions.table import TABLE  # noqa: E402

OUT = ROOT / 'docs' / 'ops.md'

# The sections of PyTorch's torch.rst (the torch namespace), each name listed once.
GROUPS = {
    'Tensors': 'is_tensor is_storage is_complex is_conj is_floating_point is_nonzero set_default_dtype '
               'get_default_dtype set_default_device get_default_device numel set_printoptions set_flush_denormal',
    'Creation ops': 'tensor sparse_coo_tensor sparse_csr_tensor asarray as_tensor as_strided from_file from_numpy '
                    'from_dlpack frombuffer zeros zeros_like ones ones_like arange range linspace logspace eye empty '
                    'empty_like empty_strided full full_like quantize_per_tensor quantize_per_channel dequantize '
                    'complex polar heaviside',
    'Indexing, slicing, joining, mutating ops': 'adjoint argwhere cat concat concatenate conj chunk dsplit '
        'column_stack dstack gather hsplit hstack index_add index_copy index_reduce index_select masked_select '
        'movedim moveaxis narrow narrow_copy nonzero permute reshape row_stack select scatter diagonal_scatter '
        'select_scatter slice_scatter scatter_add scatter_reduce split squeeze stack swapaxes swapdims t take '
        'take_along_dim tensor_split tile transpose unbind unravel_index unsqueeze vsplit vstack where',
    'Random sampling': 'Generator seed manual_seed initial_seed get_rng_state set_rng_state bernoulli multinomial '
                       'normal poisson rand rand_like randint randint_like randn randn_like randperm',
    'Math: pointwise ops': 'abs absolute acos arccos acosh arccosh add addcdiv addcmul angle asin arcsin asinh arcsinh '
        'atan arctan atanh arctanh atan2 arctan2 bitwise_not bitwise_and bitwise_or bitwise_xor bitwise_left_shift '
        'bitwise_right_shift ceil clamp clip conj_physical copysign cos cosh deg2rad div divide digamma erf erfc '
        'erfinv exp exp2 expm1 fix float_power floor floor_divide fmod frac frexp gradient imag ldexp lerp lgamma log '
        'log10 log1p log2 logaddexp logaddexp2 logical_and logical_not logical_or logical_xor logit hypot i0 igamma '
        'igammac mul multiply mvlgamma nan_to_num neg negative nextafter polygamma positive pow rad2deg real '
        'reciprocal remainder round rsqrt sigmoid sign sgn signbit sin sinc sinh softmax sqrt square sub subtract '
        'tan tanh true_divide trunc xlogy',
    'Math: reduction ops': 'argmax argmin amax amin aminmax all any max min dist logsumexp mean nanmean median '
        'nanmedian mode norm nansum prod quantile nanquantile std std_mean sum unique unique_consecutive var var_mean '
        'count_nonzero',
    'Math: comparison ops': 'allclose argsort eq equal ge greater_equal gt greater isclose isfinite isin isinf '
        'isposinf isneginf isnan isreal kthvalue le less_equal lt less maximum minimum fmax fmin ne not_equal sort '
        'topk msort',
    'Math: other ops': 'atleast_1d atleast_2d atleast_3d bincount block_diag broadcast_tensors broadcast_to '
        'broadcast_shapes bucketize cartesian_prod cdist clone combinations corrcoef cov cross cummax cummin cumprod '
        'cumsum diag diag_embed diagflat diagonal diff einsum flatten flip fliplr flipud kron rot90 gcd histc '
        'histogram histogramdd meshgrid lcm logcumsumexp ravel renorm repeat_interleave roll searchsorted tensordot '
        'trace tril tril_indices triu triu_indices unflatten vander view_as_real view_as_complex resolve_conj '
        'resolve_neg',
    'Math: BLAS and LAPACK ops': 'addbmm addmm addmv addr baddbmm bmm chain_matmul cholesky cholesky_inverse '
        'cholesky_solve dot geqrf ger inner inverse det logdet slogdet lu lu_solve lu_unpack matmul matrix_power '
        'matrix_exp mm mv orgqr ormqr outer pinverse qr svd svd_lowrank pca_lowrank lobpcg trapz trapezoid '
        'cumulative_trapezoid triangular_solve vdot',
    'Utilities': 'result_type can_cast promote_types use_deterministic_algorithms are_deterministic_algorithms_enabled '
                 'set_float32_matmul_precision get_float32_matmul_precision set_warn_always is_warn_always_enabled',
}
# torch.nn.functional's module-level names that are no functions of its API (imports and helpers)
NOT_FUNCTIONAL = {'boolean_dispatch', 'handle_torch_function', 'has_torch_function', 'has_torch_function_unary',
                  'has_torch_function_variadic', 'assert_int_or_pair', 'Callable', 'Optional', 'Union', 'Tensor',
                  'TYPE_CHECKING', 'BroadcastingList1', 'BroadcastingList2', 'BroadcastingList3', 'DType'}


def public_functions(module, own):
    """The public callables of a torch module that are its own API (not classes, not imported modules)."""
    names = set()
    for name in dir(module):
        obj = getattr(module, name)
        if name.startswith('_') or name in NOT_FUNCTIONAL or inspect.isclass(obj) or inspect.ismodule(obj):
            continue
        if callable(obj) and (getattr(obj, '__module__', None) or own).startswith(('torch', own)):
            names.add(name)
    return sorted(names)


def torch_groups():
    """[(title, PyTorch's names in it)] from the installed torch."""
    groups = [(title, [n for n in names.split() if hasattr(torch, n)]) for title, names in GROUPS.items()]
    groups.append(('torch.nn.functional', public_functions(torch.nn.functional, 'torch.nn.functional')))
    groups.append(('torch.linalg', public_functions(torch.linalg, 'torch.linalg')))
    return groups


def provided(title):
    """The names minigrad provides in a group's namespace."""
    if title == 'torch.nn.functional':
        return set(minigrad.nn.functional.__all__)
    if title == 'torch.linalg':
        linalg = getattr(minigrad, 'linalg', None)
        return {n for n in dir(linalg) if not n.startswith('_')} if linalg else set()
    return {n for n, _, _, function in TABLE if function} | {n for n in dir(minigrad) if not n.startswith('_')}


def render():
    lines = ['# The PyTorch API minigrad provides', '',
             'Generated by `python scripts/ops_doc.py` from minigrad\'s op table and PyTorch '
             f'{torch.__version__.split("+")[0]}\'s names, grouped as PyTorch\'s documentation groups them (the '
             'torch namespace by the sections of its torch.rst); do not edit by hand.', '']
    total_have = total = 0
    sections = []
    for title, names in torch_groups():
        have = provided(title)
        done, missing = [n for n in names if n in have], [n for n in names if n not in have]
        total_have, total = total_have + len(done), total + len(names)
        sections += [f'## {title} ({len(done)} of {len(names)})', '',
                     'Provided: ' + (', '.join(f'`{n}`' for n in done) or 'none'), '',
                     'Not yet: ' + (', '.join(f'`{n}`' for n in missing) or 'none'), '']
    return '\n'.join(lines + [f'In all: {total_have} of the {total} names listed below.', ''] + sections)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true', help='exit 1 if docs/ops.md is out of date')
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUT.read_text() if OUT.exists() else ''
        if current != text:
            print('docs/ops.md is out of date: run `python scripts/ops_doc.py`')
            sys.exit(1)
        return
    OUT.write_text(text)
    print(f'wrote {OUT.relative_to(ROOT)}')


if __name__ == '__main__':
    main()
