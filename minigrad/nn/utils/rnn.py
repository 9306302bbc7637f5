"""Sequences of different lengths for the recurrent layers, as torch.nn.utils.rnn.

Padded: one (T, B, *) tensor (B, T, * with batch_first), each sequence followed (or, padding_side='left',
preceded) by padding_value up to the longest length T.
Packed (PackedSequence): the sequences sorted longest first and read time step by time step, so `data` holds the
rows of step 0 of every sequence, then those of step 1 of the sequences that are that long, ...; batch_sizes[t]
counts the rows of step t. sorted_indices[i] is the original index of the i-th sequence in sorted order and
unsorted_indices its inverse (None when the input was sorted already). A recurrent layer runs on packed data
without computing anything on the padding.

All is slicing, cat and stack of recorded ops, so gradients flow back to the padded or listed sequences.
"""
from collections import namedtuple

from ... import factories
from ...dtypes import float32, float64, int64
from ...functions.shape import cat, stack
from ...tensor import Tensor

__all__ = ['PackedSequence', 'invert_permutation', 'pack_padded_sequence', 'pad_packed_sequence', 'pad_sequence',
           'unpad_sequence', 'pack_sequence', 'unpack_sequence']


class PackedSequence(namedtuple('PackedSequence_', ['data', 'batch_sizes', 'sorted_indices', 'unsorted_indices'])):
    """data (sum of batch_sizes, *), batch_sizes (an int64 CPU tensor), sorted_indices and unsorted_indices
    (int64 tensors on data's device, or None); made by pack_padded_sequence and pack_sequence."""
    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = invert_permutation(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """data.to(...), with the indices moved to data's device; self when data does not change."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        move = lambda t: None if t is None else t.to(data.device)     # noqa: E731
        return type(self)(data, self.batch_sizes, move(self.sorted_indices), move(self.unsorted_indices))

    def cuda(self, *args, **kwargs):
        return self.to(args[0] if args else 'cuda', **kwargs)

    def cpu(self):
        return self.to('cpu')

    def double(self):
        return self.to(dtype=float64)

    def float(self):
        return self.to(dtype=float32)

    @property
    def is_cuda(self):
        return self.data.is_cuda

    def is_pinned(self):
        return False


def invert_permutation(permutation):
    """The permutation p^-1 with p^-1[p[i]] = i (None for None)."""
    if permutation is None:
        return None
    output = factories.empty_like(permutation)
    output[permutation] = factories.arange(permutation.numel(), device=permutation.device)
    return output


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side='right'):
    """Stack sequences of shapes (L_i, *) into (T, B, *) (or (B, T, *)), padding each to the longest T."""
    if padding_side not in ('left', 'right'):
        raise RuntimeError(f'Expected padding_side to be one of left or right, but got {padding_side}.')
    sequences = list(sequences) if not isinstance(sequences, Tensor) else list(sequences.unbind(0))
    if not sequences:
        raise RuntimeError('received an empty list of sequences')
    longest = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        pad = s.new_full((longest - s.shape[0],) + tuple(s.shape[1:]), padding_value)
        padded.append(cat([s, pad] if padding_side == 'right' else [pad, s]))
    return stack(padded, 0 if batch_first else 1)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded (T, B, *) batch of sequences with the given lengths; enforce_sorted=False sorts them
    longest first (and records the order), else they must come so."""
    lengths = lengths.to(int64) if isinstance(lengths, Tensor) else factories.tensor(lengths, dtype=int64)
    sorted_indices = None
    if not enforce_sorted:
        lengths, sorted_indices = lengths.sort(descending=True, stable=True)
        sorted_indices = sorted_indices.to(input.device)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if batch_first:
        input = input.transpose(0, 1)
    lengths = lengths.tolist()
    if len(lengths) != input.shape[1]:
        raise RuntimeError(f'Expected `len(lengths)` to be equal to batch_size, but got {len(lengths)} '
                           f'(batch_size={input.shape[1]})')
    if min(lengths) <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           'that is <= 0')
    if any(a < b for a, b in zip(lengths, lengths[1:])):
        raise RuntimeError('`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You '
                           'can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to '
                           'sidestep this requirement if you do not need ONNX exportability.')
    batch_sizes = [sum(n > t for n in lengths) for t in range(lengths[0])]
    data = cat([input[t, :bs] for t, bs in enumerate(batch_sizes)])
    return PackedSequence(data, factories.tensor(batch_sizes, dtype=int64), sorted_indices)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """The inverse of pack_padded_sequence: (padded, lengths), padded to total_length steps when given."""
    batch_sizes = sequence.batch_sizes.tolist()
    steps = len(batch_sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError('Expected total_length to be at least the length of the longest sequence in input, '
                             f'but got total_length={total_length} and max sequence length being {steps}')
        steps = total_length
    data, batch = sequence.data, batch_sizes[0]
    rows, start = [], 0
    for bs in batch_sizes:
        rows.append(cat([data[start:start + bs], data.new_full((batch - bs,) + tuple(data.shape[1:]),
                                                                  padding_value)]))
        start += bs
    rows += [data.new_full((batch,) + tuple(data.shape[1:]), padding_value)] * (steps - len(batch_sizes))
    padded = stack(rows, 1 if batch_first else 0)
    lengths = factories.tensor([sum(bs > b for bs in batch_sizes) for b in range(batch)], dtype=int64)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = lengths[sequence.unsorted_indices.cpu()]
    return padded, lengths


def pack_sequence(sequences, enforce_sorted=True):
    """pack_padded_sequence of the padded list of sequences (L_i, *)."""
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The list of sequences, each cut to its length, from a padded batch. (PyTorch also transposes a (T, B, *)
    padded_sequences in place, to (B, T, *); minigrad leaves it as it is.)"""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [seq[:int(n)] for seq, n in zip(padded_sequences, lengths)]


def unpack_sequence(packed_sequences):
    """The list of sequences of a PackedSequence, in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
