"""minigrad.nn.utils: gradient clipping, flattening parameters into one vector, weight norm and parametrizations,
padded and packed sequences (rnn), as torch.nn.utils."""
from . import parametrizations, parametrize, rnn
from .clip_grad import clip_grad_norm, clip_grad_norm_, clip_grad_value_, get_total_norm, clip_grads_with_norm_
from .convert_parameters import parameters_to_vector, vector_to_parameters
from .weight_norm import remove_weight_norm, weight_norm

__all__ = ['clip_grad_norm', 'clip_grad_norm_', 'clip_grad_value_', 'get_total_norm', 'clip_grads_with_norm_',
           'parameters_to_vector', 'vector_to_parameters', 'weight_norm', 'remove_weight_norm', 'parametrize',
           'parametrizations', 'rnn']
