"""A character-level LSTM language model, written once for either library (`torch` = torch or minigrad):
Embedding -> two-layer LSTM (batch_first) -> Linear to the next character's logits, trained with cross-entropy and
Adam on reference/data/tiny.txt, and a greedy writer that carries the LSTM's (h, c) from character to character.

The text is cut into `batch_size` streams side by side (row b holds the b-th stretch of the text); batch k is the
k-th window of `seq_len` characters of every stream, its targets the same window shifted by one character.

    import torch, minigrad
    from reference import lstm_lm
    text = lstm_lm.Characters()
    Model = lstm_lm.build(minigrad)
    net = Model(text.vocab_size)
    criterion, optimizer = lstm_lm.training(minigrad, net)
    for x, y in text.batches(lstm_lm.batch_size, lstm_lm.seq_len): ...
"""
import os

import numpy as np

TEXT = os.path.join(os.path.dirname(__file__), 'data', 'tiny.txt')
batch_size, seq_len = 16, 32
embedding_dim, hidden_size, num_layers = 32, 64, 2
learning_rate = 0.5


class Characters:
    """The text of a file as integer tokens, its vocabulary the sorted set of its characters."""

    def __init__(self, path=TEXT):
        with open(path, encoding='utf-8') as f:
            self.text = f.read()
        self.chars = sorted(set(self.text))
        self.vocab_size = len(self.chars)
        self.tokens = np.array([self.chars.index(c) for c in self.text], dtype=np.int64)

    def decode(self, tokens):
        return ''.join(self.chars[int(t)] for t in tokens)

    def batches(self, batch_size, seq_len):
        """Every (x, y) pair of int64 arrays (batch_size, seq_len) of the text read as batch_size streams."""
        length = len(self.tokens) // batch_size
        streams = self.tokens[:batch_size * length].reshape(batch_size, length)
        return [(streams[:, k:k + seq_len], streams[:, k + 1:k + 1 + seq_len])
                for k in range(0, length - seq_len, seq_len)]


def build(torch):
    """The CharLSTM class, for `torch` = torch or minigrad: CharLSTM(vocab_size)."""
    nn = torch.nn

    class CharLSTM(nn.Module):
        def __init__(self, vocab_size, embedding_dim=embedding_dim, hidden_size=hidden_size, num_layers=num_layers):
            super().__init__()
            self.embed = nn.Embedding(vocab_size, embedding_dim)
            self.lstm = nn.LSTM(embedding_dim, hidden_size, num_layers, batch_first=True)
            self.head = nn.Linear(hidden_size, vocab_size)

        def forward(self, x):
            """Logits (batch, seq, vocab) for the character after each of x (batch, seq)."""
            return self.continued(x)[0]

        def continued(self, x, state=None):
            """The logits and the LSTM's final (h, c), going on from `state` (an earlier call's) when given."""
            out, state = self.lstm(self.embed(x), state)
            return self.head(out), state

    return CharLSTM


def training(torch, net):
    """Cross-entropy of every position's logits against the next character, and Adam."""
    def criterion(logits, target):
        return torch.nn.functional.cross_entropy(logits.flatten(0, 1), target.flatten())
    return criterion, torch.optim.SGD(net.parameters(), lr=learning_rate, momentum=0.9)


def generate(torch, net, text, prompt, length):
    """`prompt` followed by `length` characters, each the most likely after the ones before (greedy)."""
    tokens = [text.chars.index(c) for c in prompt]
    with torch.no_grad():
        logits, state = net.continued(torch.tensor([tokens]))
        for _ in range(length):
            tokens.append(int(logits[0, -1].argmax()))
            logits, state = net.continued(torch.tensor([tokens[-1:]]), state)
    return text.decode(tokens)
