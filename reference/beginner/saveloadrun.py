"""PyTorch's "Save and Load the Model" (https://pytorch.org/tutorials/beginner/basics/saveloadrun_tutorial.html),
written once for either library: a VGG-16's state_dict saved, loaded into a new model with
torch.load(weights_only=True), then the whole model saved and loaded.

    python -m reference.beginner.saveloadrun [--library torch] [--record]

The tutorial's code with `import torch` as the `torch` argument. Lines marked `# stand-in:` replace
torchvision.models.vgg16 (models.py: torchvision's network, 16 times narrower so that the file is small) and its
pretrained weights (standin.py's, the same in either library). Saving the whole model pickles it, in either library
(minigrad/serialization.py), and loading it needs weights_only=False: unpickling runs code named in the file.
"""
import functools

from reference.beginner import models, standin


def tutorial(torch, record):
    # stand-in: torchvision.models.vgg16, 16 times narrower
    vgg16 = functools.partial(models.build(torch).vgg16, width=1/16)

    # stand-in: models.vgg16(weights='IMAGENET1K_V1'), the same weights in either library
    model = standin.same_weights(torch, vgg16())
    torch.save(model.state_dict(), 'model_weights.pth')
    record.params(model, 'saved')

    model = vgg16()  # we do not specify ``weights``, i.e. create untrained model
    model.load_state_dict(torch.load('model_weights.pth', weights_only=True))
    model.eval()
    record.params(model, 'loaded')
    x = standin.rand(torch, 2, 3, 32, 32)  # stand-in: an input to run the model on
    with torch.no_grad():
        record('output', model(x))

    torch.save(model, 'model.pth')
    model = torch.load('model.pth', weights_only=False)
    print(f'Loaded the whole model: {type(model).__name__}')
    record.params(model, 'whole')
    with torch.no_grad():
        record('whole model output', model(x))


if __name__ == '__main__':
    standin.main(tutorial, __doc__)
