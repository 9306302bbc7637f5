"""Recurrent layers, as torch.nn: the cells RNNCell, LSTMCell, GRUCell (one time step) and the layers RNN, LSTM,
GRU (a sequence, through num_layers stacked layers, each optionally in both directions).

A layer runs its cell's step (minigrad/functions/recurrent.py, where the math is) once per time step, in Python,
on recorded ops, so gradients and second derivatives come from the ops themselves. Where PyTorch runs its oneDNN
kernel instead (a float32 LSTM without projections on the CPU, a padded input), each layer and direction is one
node, MkldnnRnnLayerBackward0 (minigrad/functions/lstm_layer.py), as in PyTorch: the same math on raw arrays,
3x faster. Elsewhere (float64, GRU, RNN, projections, packed input, the GPU) PyTorch runs its native loop or cuDNN:
the values agree, the grad_fn names only in part.

On the cells' path a layer's sequence is held as PyTorch's packed data: the rows of every sequence, time-major,
`batch_sizes[t]` of them at step t (sequences sorted longest first, so the batch only shrinks). A padded (T, B, *)
input is the packed case with batch_sizes = [B] * T. Going forward in time the rows of ended sequences drop off the
end of the state (and are kept as their final states); going backward (the reverse direction) they join it from the
initial state.
"""
import math
import numbers
import warnings
from functools import partial
from itertools import accumulate

from .. import factories
from ..dtypes import float32
from ..functions.lstm_layer import MkldnnRnnLayerBackward0
from ..functions.recurrent import gru_step, linear, lstm_step, rnn_step
from ..functions.recurrent import gru_cell, lstm_cell, rnn_relu_cell, rnn_tanh_cell
from ..functions.shape import cat, stack
from . import functional as F, init
from .module import Module
from .parameter import Parameter
from .utils.rnn import PackedSequence

GATES = {'RNN_TANH': 1, 'RNN_RELU': 1, 'LSTM': 4, 'GRU': 3}


def uniform_init(module):
    """Every parameter uniform on +-1/sqrt(hidden_size), as PyTorch's reset_parameters of the recurrent layers."""
    stdv = 1.0 / math.sqrt(module.hidden_size) if module.hidden_size > 0 else 0
    for weight in module.parameters():
        init.uniform_(weight, -stdv, stdv)


# -- cells ----------------------------------------------------------------------------------------------

class RNNCellBase(Module):
    """The parameters of a cell: weight_ih (chunks * hidden_size, input_size), weight_hh (chunks * hidden_size,
    hidden_size), bias_ih and bias_hh (chunks * hidden_size), the gates stacked in PyTorch's order."""
    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        kw = dict(device=device, dtype=dtype)
        self.weight_ih = Parameter(factories.empty(num_chunks * hidden_size, input_size, **kw))
        self.weight_hh = Parameter(factories.empty(num_chunks * hidden_size, hidden_size, **kw))
        if bias:
            self.bias_ih = Parameter(factories.empty(num_chunks * hidden_size, **kw))
            self.bias_hh = Parameter(factories.empty(num_chunks * hidden_size, **kw))
        else:
            self.register_parameter('bias_ih', None)
            self.register_parameter('bias_hh', None)
        self.reset_parameters()

    def reset_parameters(self):
        uniform_init(self)

    def extra_repr(self):
        s = f'{self.input_size}, {self.hidden_size}'
        if self.bias is not True:
            s += f', bias={self.bias}'
        if getattr(self, 'nonlinearity', 'tanh') != 'tanh':
            s += f', nonlinearity={self.nonlinearity}'
        return s

    def run(self, cell, input, hx, n_states):
        """cell(input, hx, weights) on a batch (2-D input) or one sample (1-D, given a batch of one); hx (a
        tensor, or a tuple of n_states tensors for the LSTM) is zeros when None."""
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f'{name}: Expected input to be 1D or 2D, got {input.dim()}D instead')
        states = None if hx is None else (hx,) if n_states == 1 else tuple(hx)
        for idx, h in enumerate(states or ()):
            if h.dim() not in (1, 2):
                what = 'hidden' if n_states == 1 else f'hx[{idx}]'
                raise ValueError(f'{name}: Expected {what} to be 1D or 2D, got {h.dim()}D instead')
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
            if states is not None:
                states = tuple(h.unsqueeze(0) for h in states)
        if states is None:
            states = (input.new_zeros(input.size(0), self.hidden_size),) * n_states
        out = cell(input, states[0] if n_states == 1 else states, self.weight_ih, self.weight_hh,
                   self.bias_ih, self.bias_hh)
        if batched:
            return out
        return out.squeeze(0) if n_states == 1 else tuple(o.squeeze(0) for o in out)


class RNNCell(RNNCellBase):
    """h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu): an Elman RNN cell, as torch.nn.RNNCell."""
    def __init__(self, input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        cells = {'tanh': rnn_tanh_cell, 'relu': rnn_relu_cell}
        if self.nonlinearity not in cells:
            raise RuntimeError(f'Unknown nonlinearity: {self.nonlinearity}')
        return self.run(cells[self.nonlinearity], input, hx, 1)


class LSTMCell(RNNCellBase):
    """(h', c') from (x, (h, c)): input, forget, cell and output gates, as torch.nn.LSTMCell
    (functions/recurrent.py has the equations)."""
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        return self.run(lstm_cell, input, hx, 2)


class GRUCell(RNNCellBase):
    """h' from (x, h): reset, update and new gates, as torch.nn.GRUCell (functions/recurrent.py)."""
    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        return self.run(gru_cell, input, hx, 1)


# -- layers ---------------------------------------------------------------------------------------------

def run_direction(step, x, batch_sizes, init_state, w_ih, b_ih, reverse):
    """One layer in one direction over packed rows x: step(gi_t, state) at each time step, the input's share of
    the gates (gi) computed for every step at once. Returns the outputs (packed as x) and the final state of each
    sequence (a tuple of (batch, *) tensors)."""
    gi = linear(x, w_ih, b_ih)
    starts = [0, *accumulate(batch_sizes)]      # step t's rows are x[starts[t]:starts[t + 1]]
    outputs = [None] * len(batch_sizes)
    ended = []                       # going forward: the final states of the sequences that ended, oldest first
    state = tuple(s[:batch_sizes[-1]] for s in init_state) if reverse else init_state
    for t in (reversed if reverse else iter)(range(len(batch_sizes))):
        bs, rows = batch_sizes[t], state[0].shape[0]
        if bs < rows:
            ended.append(tuple(s[bs:] for s in state))
            state = tuple(s[:bs] for s in state)
        elif bs > rows:
            state = tuple(cat([s, s0[rows:bs]]) for s, s0 in zip(state, init_state))
        state = step(gi[starts[t]:starts[t + 1]], state)
        outputs[t] = state[0]
    if ended:
        state = tuple(cat([s] + [e[k] for e in reversed(ended)]) for k, s in enumerate(state))
    return cat(outputs), state


class RNNBase(Module):
    """The parameters and the loop of RNN, LSTM and GRU. For layer l (and `_reverse` for the backward direction):
    weight_ih_l{l} (gates * hidden_size, input_size or num_directions * hidden size of the layer below),
    weight_hh_l{l} (gates * hidden_size, hidden size), bias_ih_l{l}, bias_hh_l{l}, and the LSTM's projection
    weight_hr_l{l} (proj_size, hidden_size) when proj_size > 0 (then the hidden state h has proj_size)."""
    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if not isinstance(dropout, numbers.Number) or not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError('dropout should be a number in range [0, 1] representing the probability of an '
                             'element being zeroed')
        if dropout > 0 and num_layers == 1:
            warnings.warn('dropout option adds dropout after all but last recurrent layer, so non-zero dropout '
                          f'expects num_layers greater than 1, but got dropout={dropout} and '
                          f'num_layers={num_layers}', stacklevel=2)
        for name, value, kind in (('bias', bias, bool), ('batch_first', batch_first, bool),
                                  ('input_size', input_size, int), ('hidden_size', hidden_size, int)):
            if not isinstance(value, kind):
                raise TypeError(f'{name} should be of type {kind.__name__}, got: {type(value).__name__}')
            if kind is int and value <= 0:
                raise ValueError(f'{name} must be greater than zero')
        if num_layers <= 0:
            raise ValueError('num_layers must be greater than zero')
        if proj_size < 0:
            raise ValueError('proj_size should be a positive integer or zero to disable projections')
        if proj_size >= hidden_size:
            raise ValueError('proj_size has to be smaller than hidden_size')
        if mode not in GATES:
            raise ValueError('Unrecognized RNN mode: ' + mode)
        self.mode, self.input_size, self.hidden_size, self.num_layers = mode, input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional, self.proj_size = bidirectional, proj_size
        gates, real_hidden = GATES[mode] * hidden_size, proj_size or hidden_size
        self._flat_weights_names, self._all_weights = [], []
        for layer in range(num_layers):
            for suffix in ('', '_reverse')[:self.num_directions]:
                shapes = {'weight_ih': (gates, input_size if layer == 0 else real_hidden * self.num_directions),
                          'weight_hh': (gates, real_hidden)}
                if bias:
                    shapes.update(bias_ih=(gates,), bias_hh=(gates,))
                if proj_size:
                    shapes['weight_hr'] = (proj_size, hidden_size)
                names = [f'{kind}_l{layer}{suffix}' for kind in shapes]
                for name, shape in zip(names, shapes.values()):
                    setattr(self, name, Parameter(factories.empty(*shape, device=device, dtype=dtype)))
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def num_directions(self):
        return 2 if self.bidirectional else 1

    @property
    def _flat_weights(self):
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self):
        """A no-op, as PyTorch's off cuDNN: the weights are separate tensors already."""

    def reset_parameters(self):
        uniform_init(self)

    def extra_repr(self):
        s = f'{self.input_size}, {self.hidden_size}'
        for name, default in (('proj_size', 0), ('num_layers', 1), ('bias', True), ('batch_first', False),
                              ('dropout', 0), ('bidirectional', False)):
            if getattr(self, name) != default:
                s += f', {name}={getattr(self, name)}'
        return s

    # -- forward ----------------------------------------------------------------------------------------
    def state_sizes(self):
        """The size of each hidden state's last dim: (h,), or the LSTM's (h, c)."""
        return (self.proj_size or self.hidden_size,) + ((self.hidden_size,) if self.mode == 'LSTM' else ())

    def step(self, gi, state, w):
        """One time step of this layer's cell, on the state tuple; w holds the layer's weights by kind."""
        if self.mode == 'LSTM':
            h, c = lstm_step(gi, *state, w['weight_hh'], w.get('bias_hh'))
            return (h if self.proj_size == 0 else linear(h, w['weight_hr'], None)), c
        if self.mode == 'GRU':
            return gru_step(gi, state[0], w['weight_hh'], w.get('bias_hh')),
        return rnn_step(gi, state[0], w['weight_hh'], w.get('bias_hh'), self.mode[4:].lower()),

    def check_input(self, input, batch_sizes):
        weight = self._flat_weights[0]
        if input.dtype != weight.dtype:
            raise ValueError(f'RNN input dtype ({input.dtype}) does not match weight dtype ({weight.dtype}). '
                             f'Convert input: input.to({weight.dtype}), or convert model: model.to({input.dtype})')
        expected = 2 if batch_sizes is not None else 3
        if input.dim() != expected:
            raise RuntimeError(f'input must have {expected} dimensions, got {input.dim()}')
        if self.input_size != input.size(-1):
            raise RuntimeError(f'input.size(-1) must be equal to input_size. Expected {self.input_size}, '
                               f'got {input.size(-1)}')

    def check_hidden(self, states, batch):
        for k, (h, size) in enumerate(zip(states, self.state_sizes())):
            expected = (self.num_layers * self.num_directions, batch, size)
            if tuple(h.shape) != expected:
                what = 'hidden' if len(states) == 1 else f'hidden[{k}]'
                raise RuntimeError(f'Expected {what} size {expected}, got {list(h.shape)}')

    def check_hx_dims(self, states, batched):
        """The hidden states' dims for a batched (3-D) or unbatched (2-D) input, in PyTorch's words."""
        want = 3 if batched else 2
        if any(h.dim() != want for h in states):
            kind = 'batched 3-D' if batched else 'unbatched 2-D'
            if len(states) == 1:
                raise RuntimeError(f'For {kind} input, hx should also be {want}-D but got {states[0].dim()}-D tensor')
            raise RuntimeError(f'For {kind} input, hx and cx should also be {want}-D but got '
                               f'({states[0].dim()}-D, {states[1].dim()}-D) tensors')

    def forward(self, input, hx=None):
        """(output, h_n), or the LSTM's (output, (h_n, c_n)); output holds the last layer's h at every step
        (both directions side by side), h_n and c_n each layer's and direction's final state."""
        packed = isinstance(input, PackedSequence)
        states = None if hx is None else (hx,) if self.mode != 'LSTM' else tuple(hx)
        if packed:
            x, batch_sizes, sorted_indices, unsorted_indices = input
            batch_sizes = batch_sizes.tolist()
            batch, batched = batch_sizes[0], True
            if states is not None and sorted_indices is not None:     # the hidden states in the sorted order
                states = tuple(h.index_select(1, sorted_indices) for h in states)
        else:
            if input.dim() not in (2, 3):
                raise ValueError(self.input_dims_error.format(input.dim()))
            batched = input.dim() == 3
            if not batched:
                input = input.unsqueeze(0 if self.batch_first else 1)
            if states is not None:
                self.check_hx_dims(states, batched)
                states = states if batched else tuple(h.unsqueeze(1) for h in states)
            x = input.transpose(0, 1) if self.batch_first else input
            batch, steps = x.shape[1], x.shape[0]
            batch_sizes = [batch] * steps
        if states is None:
            states = tuple(x.new_zeros(self.num_layers * self.num_directions, batch, size)
                           for size in self.state_sizes())
        self.check_input(x, batch_sizes if packed else None)
        self.check_hidden(states, batch)
        if not packed and self.runs_fused(x):
            output, states = self.run_layers(x.contiguous(), states, fused_direction)
        else:
            output, states = self.run_layers(x.reshape(-1, x.shape[-1]), states,
                                             partial(self.cells_direction, batch_sizes=batch_sizes))
        if packed:
            if unsorted_indices is not None:
                states = tuple(h.index_select(1, unsorted_indices) for h in states)
            output = PackedSequence(output, input.batch_sizes, sorted_indices, unsorted_indices)
        else:
            output = output.view(len(batch_sizes), batch, output.shape[-1]) if output.dim() == 2 else output
            output = output.transpose(0, 1) if self.batch_first else output
            if not batched:
                output = output.squeeze(0 if self.batch_first else 1)
                states = tuple(h.squeeze(1) for h in states)
        return output, (states if self.mode == 'LSTM' else states[0])

    def runs_fused(self, x):
        """Whether PyTorch runs this padded input through its oneDNN kernel, one MkldnnRnnLayerBackward0 node per
        layer and direction: a float32 LSTM without projections, on the CPU, on an input with elements (with
        projections it warns, as PyTorch does, and runs its cells)."""
        onednn = self.mode == 'LSTM' and x.dtype == float32 and x.device.type == 'cpu' and x.numel() > 0
        if onednn and self.proj_size:
            warnings.warn('LSTM with projections is not supported with oneDNN. Using default implementation.')
        return onednn and not self.proj_size

    def cells_direction(self, x, state, w, reverse, batch_sizes):
        """One layer in one direction over the packed rows x, through its cell's recorded ops step after step."""
        return run_direction(partial(self.step, w=w), x, batch_sizes, state, w['weight_ih'], w.get('bias_ih'),
                             reverse)

    def run_layers(self, x, states, direction):
        """Every layer in turn over x, each direction from its initial state (direction(x, state, w, reverse) ->
        (outputs, final state)); dropout between layers while training."""
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for reverse in (False, True)[:self.num_directions]:
                k = layer * self.num_directions + reverse
                w = {name.split('_l')[0]: getattr(self, name) for name in self._all_weights[k]}   # weight_ih: ...
                out, final = direction(x, tuple(s[k] for s in states), w, reverse)
                outputs.append(out)
                finals.append(final)
            x = outputs[0] if len(outputs) == 1 else cat(outputs, -1)
            if layer < self.num_layers - 1 and self.dropout > 0:
                x = F.dropout(x, self.dropout, self.training)
        return x, tuple(stack([f[k] for f in finals]) for k in range(len(states)))


def fused_direction(x, state, w, reverse):
    """One LSTM layer in one direction over the padded x (T, B, I) as one node (functions/lstm_layer.py); a
    missing bias is zeros, as in PyTorch's kernel."""
    b_ih, b_hh = w.get('bias_ih'), w.get('bias_hh')
    if b_ih is None:
        b_ih = b_hh = x.new_zeros(w['weight_hh'].shape[0])
    out, h, c = MkldnnRnnLayerBackward0.apply(x, w['weight_ih'], w['weight_hh'], b_ih, b_hh, *state, reverse=reverse)
    return out, (h, c)


class RNN(RNNBase):
    """An Elman RNN over a sequence, h_t = tanh(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh) (or relu), as
    torch.nn.RNN: input (T, B, input_size) ((B, T, .) with batch_first, (T, .) unbatched, or a PackedSequence)."""
    input_dims_error = 'RNN: Expected input to be 2D or 3D, got {}D tensor instead'

    def __init__(self, *args, **kwargs):
        if 'proj_size' in kwargs:
            raise ValueError('proj_size argument is only supported for LSTM, not RNN or GRU')
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop('nonlinearity', 'tanh')
        if self.nonlinearity not in ('tanh', 'relu'):
            raise ValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__('RNN_' + self.nonlinearity.upper(), *args, **kwargs)


class LSTM(RNNBase):
    """A long short-term memory network over a sequence, as torch.nn.LSTM; the hidden state is (h, c), h of
    proj_size when proj_size > 0 (h_t = W_hr (o_t * tanh(c_t)))."""
    input_dims_error = 'LSTM: Expected input to be 2D or 3D, got {}D instead'

    def __init__(self, *args, **kwargs):
        super().__init__('LSTM', *args, **kwargs)


class GRU(RNNBase):
    """A gated recurrent unit network over a sequence, as torch.nn.GRU."""
    input_dims_error = 'GRU: Expected input to be 2D or 3D, got {}D instead'

    def __init__(self, *args, **kwargs):
        if 'proj_size' in kwargs:
            raise ValueError('proj_size argument is only supported for LSTM, not RNN or GRU')
        super().__init__('GRU', *args, **kwargs)
