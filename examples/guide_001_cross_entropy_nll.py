"""Guide 001: CrossEntropyLoss and NLLLoss, their equations and examples, with minitorch_es (or PyTorch).

    python examples/guide_001_cross_entropy_nll.py [--backend torch]

- Cross entropy with a one-hot target [0, 1, 0] and probabilities [0.2, 0.7, 0.1]: -log(0.7) = 0.357.
- NLLLoss on the log-probabilities [-1.61, -0.3567, -2.30] with the true class 1: 0.3567.
- CrossEntropyLoss on logits equals NLLLoss after LogSoftmax (what PyTorch computes internally).
"""

from choose_backend import library_from_command_line

torch = library_from_command_line()  # minitorch_es, or PyTorch with --backend torch
nn = torch.nn

probabilities = torch.tensor([0.2, 0.7, 0.1])
one_hot = torch.tensor([0.0, 1.0, 0.0])
cross_entropy = -(one_hot * torch.log(probabilities)).sum()
print(f"Cross entropy -sum y log p: {cross_entropy.item():.3f}")

log_probabilities = torch.tensor([[-1.61, -0.3567, -2.30]])
nll = nn.NLLLoss()(log_probabilities, torch.tensor([1]))
print(f"NLLLoss: {nll.item():.4f}")

logits = torch.tensor([[1.0, 2.0, 0.1]])
via_cross_entropy = nn.CrossEntropyLoss()(logits, torch.tensor([1]))
via_nll = nn.NLLLoss()(nn.LogSoftmax(dim=1)(logits), torch.tensor([1]))
print(f"CrossEntropyLoss(logits) = {via_cross_entropy.item():.4f} = NLLLoss(LogSoftmax(logits)) = {via_nll.item():.4f}")

binary_probabilities = torch.tensor([0.9, 0.2, 0.6])
binary_targets = torch.tensor([1.0, 0.0, 1.0])
print(f"BCELoss: {nn.BCELoss()(binary_probabilities, binary_targets).item():.4f}")
logits = torch.log(binary_probabilities / (1 - binary_probabilities))
print(f"BCEWithLogitsLoss (logits = logit(p)): {nn.BCEWithLogitsLoss()(logits, binary_targets).item():.4f}")
