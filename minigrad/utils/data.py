"""Dataset, TensorDataset, DataLoader, as torch.utils.data."""
