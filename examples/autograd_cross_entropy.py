"""Autograd on the cross-entropy example of guide 004 (section 6.4): loss 1.445 and its gradient (p - y) / B.

    python examples/autograd_cross_entropy.py [--backend torch]

Each step is written with minitorch_es tensors, the way the guide computes it by hand: softmax per row, the loss
-log p_k of each sample, their mean over the batch, then ``backward()`` gives dJ/dz, which the guide derives as
p - y for one sample, divided by B for the batch mean.
"""

from choose_backend import library_from_command_line

torch = library_from_command_line()  # minitorch_es, or PyTorch with --backend torch

logits = torch.tensor([[2.0, 0.5, 0.1, -1.2],
                       [0.2, 1.5, -0.5, 0.0],
                       [-1.0, 0.0, 0.2, 2.0]], requires_grad=True)
labels = torch.tensor([2, 0, 3])
batch_size, num_classes = logits.shape

probabilities = torch.softmax(logits, dim=1)
per_sample_loss = -torch.log_softmax(logits, dim=1)[torch.arange(batch_size), labels]
loss = per_sample_loss.mean()
loss.backward()

one_hot = torch.zeros(batch_size, num_classes)
one_hot[torch.arange(batch_size), labels] = 1.0
expected_gradient = (probabilities.detach() - one_hot) / batch_size

print("p = softmax(z):")
print(probabilities.detach())
print("J per sample:", per_sample_loss.detach())
print(f"J_batch = {loss.item():.3f}")
print("dJ/dz from backward():")
print(logits.grad)
print("(p - y) / B:")
print(expected_gradient)
print("equal:", torch.allclose(logits.grad, expected_gradient, atol=1e-7))
