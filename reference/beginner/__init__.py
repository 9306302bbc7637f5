"""PyTorch's beginner tutorials ("Learn the Basics" and "What is torch.nn really?"), each written once for either
library: the tutorial's code is the body of `tutorial(torch, record)`, `torch` being torch or minigrad.

    python -m reference.beginner.quickstart                  # on minigrad
    python -m reference.beginner.quickstart --library torch  # the same script on PyTorch

| module | tutorial |
|---|---|
| quickstart.py | Quickstart |
| buildmodel.py | Build the Neural Network |
| autogradqs.py | Automatic Differentiation with torch.autograd |
| optimization.py | Optimizing Model Parameters |
| saveloadrun.py | Save and Load the Model |
| nn_tutorial.py | What is torch.nn really? |
| models.py | torchvision's ResNet-18 and VGG-16 |

What differs from the tutorials is the stand-in data (standin.py): no downloads, and the same numbers in either
library (images, random inputs, initial weights), so tests/test_beginner_tutorials.py can run each tutorial in
both libraries and compare every value it records.
"""
