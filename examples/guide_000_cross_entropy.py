"""Guide 000, section 2: CrossEntropyLoss step by step, computed with minitorch_es (or PyTorch: --backend torch).

    python examples/guide_000_cross_entropy.py [--backend torch]

Softmax turns the logits [1.0, 2.0, 0.1] into probabilities [0.2424, 0.6590, 0.0986]; the loss of the correct
class 1 is -log(0.6590) = 0.4170.
"""

from choose_backend import library_from_command_line

torch = library_from_command_line()  # minitorch_es, or PyTorch with --backend torch
nn = torch.nn
F = torch.nn.functional

logits = torch.tensor([[1.0, 2.0, 0.1]])
labels = torch.tensor([1])

criterion = nn.CrossEntropyLoss()
loss = criterion(logits, labels)

print(f"CrossEntropyLoss: {loss.item():.4f}")
print("Probabilidades:", F.softmax(logits, dim=1))
print(f"-log(p_correcta) a mano: {-torch.log(F.softmax(logits, dim=1)[0, 1]).item():.4f}")
